"""The export model: the record as plain data, as of a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any

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
    states = query.by_status(query.states(record, as_of, today))
    seen = query.horizon(record, as_of)
    changes = {found.meetings[0].id: found for found in query.changes_per_meeting(record, as_of, today)}
    compared = query.comparisons(record, as_of)

    def meeting(meeting: Meeting) -> dict:
        return {**_meeting(record, meeting), **_analysis(changes.get(meeting.id), compared.get(meeting.id))}

    return {
        "format": "tracker-export",
        "version": VERSION,
        "as_of": as_of.isoformat(),
        "record_date": seen.record_date.isoformat() if seen.record_date else None,
        "parties": dict(record.parties),
        "meetings": Items(seen.meetings, meeting),
        "commitments": Items(states, Commitments(record).shape),
    }


class Items(Sequence):
    """A list of the document made an item at a time, each time it is read, and not kept.

    An item is a few objects made from the record in microseconds, so a
    writer that reads the list twice makes them twice rather than hold them all.
    """

    def __init__(self, sources: Sequence, make: Callable[[Any], dict]):
        self._sources, self._make = sources, make

    def __len__(self) -> int:
        return len(self._sources)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._make(item) for item in self._sources[index]]
        return self._make(self._sources[index])

    def __iter__(self) -> Iterator[dict]:
        with collector_paused():
            yield from map(self._make, self._sources)

    def __reversed__(self) -> Iterator[dict]:
        with collector_paused():
            yield from map(self._make, reversed(self._sources))


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
    return {meeting["id"]: index for index, meeting in enumerate(data["meetings"])}


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
