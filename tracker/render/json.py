"""The public JSON shapes of the report commands (SPEC section 8), and how they are printed.

Scripts and dashboards read these shapes: `docs/json.md` documents them, and a
test ties that document to the keys built here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from tracker.model import STATUSES, Record
from tracker.query import (
    Change,
    Changes,
    Compared,
    Comparison,
    Digest,
    Found,
    Matrix,
    Overview,
    State,
    Wording,
    citations,
    day,
    find_source,
    history,
    meetings_in_order,
    wordings,
)
from tracker.text import escape_json


def state_as_json(state: State) -> dict:
    """The `status --json` object of SPEC section 8."""
    commitment = state.commitment
    return {
        "id": commitment.id,
        "title": commitment.title,
        "status": state.status,
        "evidence": state.evidence,
        "theme": commitment.theme,
        "by": list(commitment.by or ()),
        "recurrence": state.recurrence,
        "meetings": [meeting.id for meeting in state.meetings],
        "first_mentioned": state.first_mentioned.isoformat(),
        "last_mentioned": state.last_mentioned.isoformat(),
        "dormant": state.dormant,
        "overdue": state.overdue,
    }


def meetings_as_json(record: Record) -> list[dict]:
    """The `meetings --json` list of SPEC section 8, in date order."""
    cited = citations(record)
    result = []
    for meeting in meetings_in_order(record):
        sources = []
        for source in meeting.sources:
            text = record.texts.get(source.id)
            count = len(text.paragraphs) if text else 0
            sources.append(
                {
                    "id": source.id,
                    "file": source.path,
                    "outlet": source.outlet,
                    "paragraphs": count,
                    "cited": sum(1 for number in range(1, count + 1) if (source.id, number) in cited),
                }
            )
        result.append(
            {
                "id": meeting.id,
                "date": meeting.date.isoformat(),
                "place": meeting.place,
                "participants": list(meeting.participants or ()),
                "sources": sources,
            }
        )
    return result


def matrix_as_json(matrix: Matrix) -> dict:
    """The `recurrence --json` object of SPEC section 8."""
    return {
        "meetings": [meeting.id for meeting in matrix.meetings],
        "rows": [
            {"id": state.id, "recurrence": state.recurrence, "cells": matrix.cells(row)} for state, row in matrix.rows
        ],
    }


def matrix_pieces(matrix: Matrix, indent: bool = False) -> Iterator[str]:
    """`matrix_as_json` written a row at a time: memory flat in the number of meetings.

    The text is `json.dumps` of `matrix_as_json` (its separators); with
    `indent`, each row stands on a line of its own. A row's cells are cut
    from one run of `null`s, so a row costs its length in characters, not a
    Python object per meeting.
    """
    start, between, row_start, end = ("{\n  ", ",\n  ", "\n    ", "\n  ]\n}") if indent else ("{", ", ", "", "]}")
    ids = escape_json(json.dumps([meeting.id for meeting in matrix.meetings], ensure_ascii=False))
    yield f'{start}"meetings": {ids}{between}"rows": ['
    nulls = ", ".join(["null"] * len(matrix.meetings))
    for number, (state, row) in enumerate(matrix.rows):
        head = escape_json(json.dumps({"id": state.id, "recurrence": state.recurrence}, ensure_ascii=False))
        yield f'{"," if number else ""}{" " if number and not indent else ""}{row_start}{head[:-1]}, "cells": ['
        yield _cells(nulls, row) + "]}"
    yield end if matrix.rows or not indent else "]\n}"


def _cells(nulls: str, row: dict[int, str]) -> str:
    """`nulls` (`null, null, ...`) with the cells of `row` (meeting index -> kind) written in."""
    pieces, done = [], 0
    for index in sorted(row):
        start = 6 * index  # each cell but the last is `null, `
        pieces += (nulls[done:start], json.dumps(row[index]))
        done = start + 4
    pieces.append(nulls[done:])
    return "".join(pieces)


def overview_as_json(summary: Overview) -> dict:
    return {
        "as_of": summary.as_of.isoformat(),
        "total": summary.total,
        "statuses": {status: summary.statuses.get(status, 0) for status in STATUSES},
        "themes": dict(sorted(summary.themes.items())),
        "recurring": [state_as_json(state) for state in summary.recurring],
        "dormant": [state_as_json(state) for state in summary.dormant],
        "overdue": [state_as_json(state) for state in summary.overdue],
    }


def commitment_as_json(record: Record, state: State) -> dict:
    """The `status --json` object with the rest of the commitment and its mentions, paragraphs included."""
    commitment = state.commitment
    mentions = []
    for item in state.cited:
        mention = item.mention
        found = find_source(record, mention.source)
        text = record.texts.get(mention.source)
        mentions.append(
            {
                "source": mention.source,
                "paragraph": mention.paragraph,
                "quote": mention.quote,
                "kind": mention.kind,
                "note": mention.note,
                "meeting": item.meeting.id,
                "date": item.meeting.date.isoformat(),
                "outlet": found[0].outlet if found else None,
                "text": text.paragraphs[mention.paragraph - 1] if text else None,
            }
        )
    return {
        **state_as_json(state),
        "due": commitment.due.isoformat() if commitment.due else None,
        "aliases": list(commitment.aliases or ()),
        "related": list(commitment.related or ()),
        "reason": commitment.reason,
        "notes": commitment.notes,
        "mentions": mentions,
    }


def show_as_json(record: Record, state: State) -> dict:
    """`show --json`: the commitment, each mention's words against the previous meeting's, its status history."""
    data = commitment_as_json(record, state)
    for mention, wording in zip(data["mentions"], wordings(state), strict=True):
        mention["words"] = wording_as_json(wording)
    return {
        **data,
        "history": [
            {
                "meeting": step.meeting.id,
                "date": day(step.meeting).isoformat(),
                "status": step.status,
                "kinds": list(step.kinds),
            }
            for step in history(state)
        ],
    }


def wording_as_json(wording: Wording | None) -> dict | None:
    """A quote against the previous meeting's: null at the first meeting."""
    if wording is None:
        return None
    previous = wording.previous
    return {
        "against": {
            "source": previous.mention.source,
            "paragraph": previous.mention.paragraph,
            "meeting": previous.meeting.id,
            "date": day(previous.meeting).isoformat(),
        },
        "diff": [{"op": op, "text": text} for op, text in wording.segments],
    }


def changes_as_json(changes: Changes, brief: bool = False) -> dict:
    """The `changes --json` object of SPEC section 8, for one window; `brief` (in the export, under each
    meeting) leaves out the meetings and the titles."""

    def listed(found: list[Change], advanced: bool = False) -> list[dict]:
        return [change_as_json(change, advanced, brief) for change in found]

    return {
        "from": changes.start.isoformat(),
        "to": changes.end.isoformat(),
        **({} if brief else {"meetings": [meeting.id for meeting in changes.meetings]}),
        "new": listed(changes.new),
        "advanced": listed(changes.advanced, advanced=True),
        "reaffirmed": listed(changes.reaffirmed),
        "silent": listed(changes.silent),
        "overdue": listed(changes.overdue),
    }


def change_as_json(change: Change, advanced: bool = False, brief: bool = False) -> dict:
    data = {"id": change.id} if brief else {"id": change.id, "title": change.commitment.title}
    data["status"] = change.status
    if advanced:
        data.update(from_status=change.before, to_status=change.after)
    return data


def digest_as_json(digest: Digest) -> dict:
    """`changes --json`: the window's changes, and under `per_meeting` each meeting's (date order)."""
    return {**changes_as_json(digest.total), "per_meeting": [changes_as_json(c) for c in digest.per_meeting]}


def comparison_as_json(comparison: Comparison, brief: bool = False) -> dict:
    """The `compare --json` object of SPEC section 8; `brief` (in the export, under each meeting)
    leaves out the meeting, the titles and the quotes."""
    return {
        **({} if brief else {"meeting": comparison.meeting.id}),
        "sides": list(comparison.sides),
        "unattributed": [source.id for source in comparison.unattributed],
        "rows": [compared_as_json(row, brief) for row in comparison.rows],
    }


def compared_as_json(row: Compared, brief: bool = False) -> dict:
    found = {"id": row.id} if brief else {"id": row.id, "title": row.commitment.title}
    found.update(kinds=dict(row.kinds), unattributed=row.unattributed, one_sided=row.one_sided, differ=row.differ)
    if not brief:
        found["quotes"] = [
            {"side": side, "source": m.source, "paragraph": m.paragraph, "kind": m.kind, "quote": m.quote}
            for side, mentions in row.accounts()
            for m in mentions
        ]
    return found


def found_as_json(found: Found) -> dict:
    """A `search --json` paragraph."""
    return {
        "source": found.source.id,
        "paragraph": found.paragraph,
        "meeting": found.meeting.id,
        "date": found.meeting.date.isoformat() if found.meeting.date else None,
        "text": found.text,
        "cited_by": list(found.cited_by),
    }


def source_as_json(record: Record, source_id: str, paragraph: int | None = None) -> dict:
    source, meeting = find_source(record, source_id)
    cited = citations(record)
    text = record.texts[source_id]
    numbers = [paragraph] if paragraph else range(1, len(text.paragraphs) + 1)
    return {
        "id": source.id,
        "file": source.path,
        "outlet": source.outlet,
        "meeting": meeting.id,
        "date": meeting.date.isoformat(),
        "paragraphs": [
            {"number": n, "text": text.paragraphs[n - 1], "cited_by": cited.get((source_id, n), [])} for n in numbers
        ],
    }


def render(data: dict) -> bytes:
    """The export document as JSON (docs/export.md)."""
    return "".join(pieces(data)).encode("utf-8")


def pieces(data: dict) -> Iterator[str]:
    """The export document as JSON, a meeting or a commitment at a time, each on a line of its own.

    Written as it is made, so the text is never held whole beside the
    document; each item goes through the C encoder, which an indented dump
    would not use.
    """
    yield "{"
    for number, (key, value) in enumerate(data.items()):
        yield f"{',' if number else ''}\n  {json.dumps(key)}: "
        if isinstance(value, list) and value:
            yield "["
            for index, item in enumerate(value):
                yield ("," if index else "") + "\n    " + escape_json(json.dumps(item, ensure_ascii=False))
            yield "\n  ]"
        else:
            yield escape_json(json.dumps(value, ensure_ascii=False))
    yield "\n}\n"
