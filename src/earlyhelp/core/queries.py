"""Helpers for queries over many rows."""

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

# Values per `IN (...)`: well under SQLite's limit on a query's parameters (32,766).
LOOKUP_CHUNK = 5000


def in_chunks(values: Iterable[T], size: int = LOOKUP_CHUNK) -> Iterator[list[T]]:
    """The values in lists of at most `size`, one query's worth each."""
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]
