"""duplicate-id: two meetings, two sources or two commitments share an id.

Source ids are unique across all meetings and commitment ids across all
files, since mentions and `related` name them without saying where they are.
The second and later uses are reported, each naming where the first is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tracker.model import Located, Record
from tracker.problems import DUPLICATE_ID, Problem, problem


def check(record: Record) -> Iterator[Problem]:
    yield from _duplicates("meeting", record.meetings)
    yield from _duplicates("source", record.sources())
    yield from _duplicates("commitment", record.commitments)


def _duplicates(what: str, items: Iterable[Located]) -> Iterator[Problem]:
    first: dict[str, Located] = {}
    for item in items:
        if item.id is None:
            continue
        earlier = first.setdefault(item.id, item)
        if earlier is not item:
            line, column = earlier.at("id")
            message = f"{what} id `{item.id}` is already used at {earlier.file}:{line}:{column}"
            yield problem(item.file, item.at("id"), DUPLICATE_ID, message, item.id if what == "commitment" else None)
