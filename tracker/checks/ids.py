"""duplicate-id: two meetings, two sources or two commitments share an id.

Source ids are unique across all meetings and commitment ids across all
files, since mentions and `related` name them without saying where they are.
The second and later uses are reported, each naming where the first is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from tracker.model import Pos, Record
from tracker.problems import DUPLICATE_ID, Problem, problem


def check(record: Record) -> Iterator[Problem]:
    yield from _duplicates("meeting", record.meetings)
    yield from _duplicates("source", record.sources())
    yield from _duplicates("commitment", record.commitments)


class _Identified(Protocol):
    """A meeting, a source or a commitment: a located record with an id."""

    @property
    def id(self) -> str | None: ...

    @property
    def file(self) -> str: ...

    def at(self, key: str = "") -> Pos: ...


def _duplicates(what: str, items: Iterable[_Identified]) -> Iterator[Problem]:
    first: dict[str, _Identified] = {}
    for item in items:
        if item.id is None:
            continue
        earlier = first.setdefault(item.id, item)
        if earlier is not item:
            line, column = earlier.at("id")
            message = f"{what} id `{item.id}` is already used at {earlier.file}:{line}:{column}"
            yield problem(item.file, item.at("id"), DUPLICATE_ID, message, item.id if what == "commitment" else None)
