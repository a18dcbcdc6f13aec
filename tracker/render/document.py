"""The export model: the record as plain data, as of a date."""

from __future__ import annotations

import datetime as dt

from tracker import query
from tracker.checks import collector_paused
from tracker.model import Record
from tracker.render.json import (
    changes_as_json,
    commitment_as_json,
    comparison_as_json,
    meeting_provenance,
    reviewed_as_json,
)

VERSION = 1
TITLE = "Việt Nam-China commitments"


def build(record: Record, as_of: dt.date | None = None, today: dt.date | None = None) -> dict:
    """Meetings (with sources and paragraphs) and commitments (with mentions) as of a date."""
    with collector_paused():  # many objects made, none of them cyclic garbage
        return _build(record, as_of, today)


def _build(record: Record, as_of: dt.date | None, today: dt.date | None) -> dict:
    today = today or dt.date.today()
    as_of = as_of or today
    states = query.by_status(query.states(record, as_of, today))
    seen = query.horizon(record, as_of)
    changes = {found.meetings[0].id: found for found in query.changes_per_meeting(record, as_of, today)}
    compared = query.comparisons(record, as_of)
    meetings = [
        {**_meeting(record, meeting), **_analysis(changes.get(meeting.id), compared.get(meeting.id))}
        for meeting in seen.meetings
    ]
    return {
        "format": "tracker-export",
        "version": VERSION,
        "as_of": as_of.isoformat(),
        "record_date": seen.record_date.isoformat() if seen.record_date else None,
        "parties": dict(record.parties),
        "meetings": meetings,
        "commitments": [commitment_as_json(record, state) for state in states],
    }


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
