"""The export model: the record as plain data, as of a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Any, Generic, TypeVar

from tracker import query
from tracker.checks import collector_paused
from tracker.model import Meeting, Record
from tracker.render.json import (
    Commitments,
    changes_as_json,
    comparison_as_json,
    meeting_provenance,
    reviewed_as_json,
)

VERSION = 1
TITLE = "Việt Nam-China commitments"


def build(record: Record, as_of: dt.date | None = None, today: dt.date | None = None) -> dict:
    """Meetings (with sources and paragraphs) and commitments (with mentions) as of a date."""
    data = stream(record, as_of, today)
    with collector_paused():  # many objects made, none of them cyclic garbage
        return {**data, "meetings": list(data["meetings"]), "commitments": list(data["commitments"])}


def stream(record: Record, as_of: dt.date | None = None, today: dt.date | None = None) -> dict:
    """`build`'s document, its meetings and commitments made as they are read (`Items`), never
    held together: an export written from it holds the record and one item at a time."""
    with collector_paused():
        return _stream(record, as_of, today)


def _stream(record: Record, as_of: dt.date | None, today: dt.date | None) -> dict:
    today = today or dt.date.today()
    as_of = as_of or today
    seen = query.horizon(record, as_of)
    # Worked out when first asked for, not here: a format that makes its sections in two processes
    # (`spill.Aside`) has the meetings' analysis made by one and the commitments' states by the other.
    analysis = Once(lambda: _analyses(record, as_of, today))

    def meeting(meeting: Meeting) -> dict:
        changes, compared = analysis()
        return {**_meeting(record, meeting), **_analysis(changes.get(meeting.id), compared.get(meeting.id))}

    states = Once(lambda: query.by_status(query.states(record, as_of, today)))
    return {
        "format": "tracker-export",
        "version": VERSION,
        "as_of": as_of.isoformat(),
        "record_date": seen.record_date.isoformat() if seen.record_date else None,
        "parties": dict(record.parties),
        "meetings": Items(seen.meetings, meeting, prepare=analysis, essentials=partial(_meeting, record)),
        "commitments": Items(states, Commitments(record).shape, at_most=len(record.commitments)),
    }


def essentials(items: Sequence[dict]) -> Iterable[dict]:
    """A list of the document, each item with what needs nothing worked out ahead (`Items.essentials`)."""
    return items.essentials() if isinstance(items, Items) else items


def part(items: Sequence[dict], start: int, stop: int | None = None) -> Iterable[dict]:
    """The items of a list of the document from `start` to `stop` (`Items.part`)."""
    return items.part(start, stop) if isinstance(items, Items) else items[start:stop]


def prepare(items: Sequence[dict]) -> None:
    """Work out ahead what making the list's items needs (`Items.prepare`), here and now."""
    if isinstance(items, Items):
        items.prepare()


def _analyses(
    record: Record, as_of: dt.date, today: dt.date
) -> tuple[dict[str | None, query.Changes], dict[str | None, query.Comparison]]:
    """Meeting id -> what changed there, and -> the comparison of its sides' accounts."""
    changes = {found.meetings[0].id: found for found in query.changes_per_meeting(record, as_of, today)}
    return changes, query.comparisons(record, as_of)


Made = TypeVar("Made", covariant=True)


class Once(Generic[Made]):
    """`make()` the first time it is called, the same value every time after."""

    def __init__(self, make: Callable[[], Made]):
        self._make: Callable[[], Made] | None = make
        self._value: Made | None = None

    def __call__(self) -> Made:
        if self._make is not None:
            with collector_paused():
                self._value, self._make = self._make(), None
        return self._value  # type: ignore[return-value]  # made above, whatever its type


class Items(Sequence):
    """A list of the document made an item at a time, each time it is read, and not kept.

    An item is a few objects made from the record in microseconds, so a
    writer that reads the list twice makes them twice rather than hold them all.
    `sources` may be a `Once`, worked out when the list is first read; `at_most`
    says how long it can be without working it out, and `prepare()` works out
    ahead what making an item needs (`sources`, and the `Once` given as `prepare`).
    """

    def __init__(
        self,
        sources: Sequence | Once[Sequence],
        make: Callable[[Any], dict],
        *,
        prepare: Once | None = None,
        at_most: int | None = None,
        essentials: Callable[[Any], dict] | None = None,
    ):
        self._sources, self._make, self._prepare = sources, make, prepare
        self._essentials = essentials or make
        self.at_most = at_most if at_most is not None else len(self._items())

    def _items(self) -> Sequence:
        return self._sources() if isinstance(self._sources, Once) else self._sources

    def prepare(self) -> None:
        self._items()
        if self._prepare is not None:
            self._prepare()

    def essentials(self) -> Iterator[dict]:
        """Each item with only what needs nothing worked out ahead (`essentials`, given for the meetings:
        their sources and paragraphs, not their analysis)."""
        with collector_paused():
            yield from map(self._essentials, self._items())

    def part(self, start: int, stop: int | None = None) -> Iterator[dict]:
        """The items from `start` to `stop`, made as they are read: none before `start` is made."""
        with collector_paused():
            yield from map(self._make, self._items()[start:stop])

    def __len__(self) -> int:
        return len(self._items())

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._make(item) for item in self._items()[index]]
        return self._make(self._items()[index])

    def __iter__(self) -> Iterator[dict]:
        with collector_paused():
            yield from map(self._make, self._items())

    def __reversed__(self) -> Iterator[dict]:
        with collector_paused():
            yield from map(self._make, reversed(self._items()))


def _analysis(changes: query.Changes | None, comparison: query.Comparison | None) -> dict:
    """What changed at the meeting, and the comparison of its sides' accounts when it has two sides or more:
    the data of `changes --meeting` and `compare`, briefly (titles and quotes are in the commitments)."""
    return {
        "changes": changes_as_json(changes, brief=True) if changes else None,
        "comparison": comparison_as_json(comparison, brief=True) if comparison else None,
    }


def _meeting(record: Record, meeting) -> dict:
    return {
        "id": meeting.id,
        "date": meeting.date.isoformat(),
        "place": meeting.place,
        "participants": list(meeting.participants or ()),
        "occasion": meeting.occasion,
        **meeting_provenance(meeting),
        "sources": [
            {
                "id": source.id,
                "file": source.path,
                "sha256": source.sha256,
                "outlet": source.outlet,
                "side": source.side,
                "title": source.title,
                "url": source.url,
                "notes": source.notes,
                "reviewed": reviewed_as_json(source),
                "paragraphs": list(text.paragraphs) if (text := record.text(source.id)) else [],
            }
            for source in meeting.sources
        ],
    }


def meeting_index(data: dict) -> dict[str, int]:
    return {meeting["id"]: index for index, meeting in enumerate(essentials(data["meetings"]))}


def cells(data: dict, commitment: dict, index: dict[str, int] | None = None) -> list[str | None]:
    """One cell per meeting of the export: the highest-stage kind mentioned there.

    `index` is `meeting_index(data)`: made once for all rows, a row costs its mentions.
    """
    index = meeting_index(data) if index is None else index
    row: list[str | None] = [None] * len(data["meetings"])
    for mention in commitment["mentions"]:
        at = index[mention["meeting"]]
        row[at] = query.higher_kind(row[at], mention["kind"])
    return row
