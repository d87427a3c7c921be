"""Operations on a programme, course or training session. Each is one transaction."""


class ProgrammeError(Exception):
    """The operation breaks a rule; the message says which, for the user."""
