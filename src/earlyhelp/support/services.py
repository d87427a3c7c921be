"""Operations on the Family Support Line or an FSW intervention. Each is one transaction."""


class SupportError(Exception):
    """The operation breaks a rule; the message says which, for the user."""
