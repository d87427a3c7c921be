"""Checks every importer makes of the text it reads, whatever the format."""


def has_nul(*texts: str) -> bool:
    """Whether any of the texts holds a NUL character. No database keeps one in text
    (PostgreSQL refuses it), so an importer refuses the row before it writes anything."""
    return any("\x00" in text for text in texts)
