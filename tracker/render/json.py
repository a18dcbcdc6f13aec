"""The public JSON shapes of the report commands (SPEC section 8), and how they are printed.

Scripts and dashboards read these shapes: `docs/json.md` documents them, and a
test ties that document to the keys built here.

Wherever a shape carries a fact of a meeting that the sources do not state
(`inferred` in data/meetings.yaml), the object's own `inferred` list names the
keys that hold such values: `["date"]` on a meeting, `["last_mentioned"]` on a
commitment last mentioned at that meeting. A reader never takes an inference
for a quotation, and no existing key changes its type.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from tracker.model import STATUSES, Due, Meeting, Record, Source, known
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
    source_of,
    wordings,
)
from tracker.render.spill import Aside, worth_making_aside
from tracker.text import escape_json

if TYPE_CHECKING:
    from tracker.coverage import Paragraph, SourceCoverage


def inferred_dates(**dates: Meeting | None) -> list[str]:
    """The keys, of those given, whose value is the date of a meeting that infers its date."""
    return [key for key, meeting in dates.items() if meeting is not None and meeting.is_inferred("date")]


def meeting_provenance(meeting: Meeting) -> dict:
    """`inferred` (the meeting's keys whose values the sources do not state) and `notes` (how they were worked out)."""
    return {"inferred": list(meeting.inferred), "notes": meeting.notes}


def reviewed_as_json(source: Source) -> list[dict]:
    return [{"paragraph": item.paragraph, "reason": item.reason} for item in source.reviewed]


def state_as_json(state: State) -> dict:
    """The `status --json` object of SPEC section 8."""
    commitment = state.commitment
    record_date = state.record_date
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
        "silent": state.silent,
        "sides": list(state.sides),
        "record_date": record_date.isoformat() if record_date else None,
        "inferred": inferred_dates(
            first_mentioned=state.meetings[0], last_mentioned=state.meetings[-1], record_date=state.horizon.latest
        ),
    }


def meetings_as_json(record: Record) -> list[dict]:
    """The `meetings --json` list of SPEC section 8, in date order."""
    cited = citations(record)
    result = []
    for meeting in meetings_in_order(record):
        sources = []
        for source in meeting.sources:
            text = record.text(source.id)
            count = len(text.paragraphs) if text else 0
            sources.append(
                {
                    "id": source.id,
                    "file": source.path,
                    "outlet": source.outlet,
                    "side": source.side,
                    "paragraphs": count,
                    "cited": sum(1 for number in range(1, count + 1) if (source.id, number) in cited),
                }
            )
        result.append(
            {
                "id": meeting.id,
                "date": day(meeting).isoformat(),
                "place": meeting.place,
                "participants": list(meeting.participants or ()),
                **meeting_provenance(meeting),
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
    pieces: list[str] = []
    done = 0
    for index in sorted(row):
        start = 6 * index  # each cell but the last is `null, `
        pieces += (nulls[done:start], json.dumps(row[index]))
        done = start + 4
    pieces.append(nulls[done:])
    return "".join(pieces)


def overview_as_json(summary: Overview) -> dict:
    record_date = summary.record_date
    return {
        "as_of": summary.as_of.isoformat(),
        "record_date": record_date.isoformat() if record_date else None,
        "meetings": summary.meetings,
        "inferred": inferred_dates(record_date=summary.horizon.latest),
        "total": summary.total,
        "statuses": {status: summary.statuses.get(status, 0) for status in STATUSES},
        "themes": dict(sorted(summary.themes.items())),
        "recurring": [state_as_json(state) for state in summary.recurring],
        "dormant": [state_as_json(state) for state in summary.dormant],
        "overdue": [state_as_json(state) for state in summary.overdue],
    }


def commitment_as_json(record: Record, state: State) -> dict:
    """The `status --json` object with the rest of the commitment and its mentions, paragraphs included."""
    return Commitments(record).shape(state)


class Commitments:
    """`commitment_as_json` for the commitments of one record, one after another: what a mention takes
    of its meeting (id, date, whether the date is inferred) and of its source (outlet, paragraphs) is
    looked up once per meeting and source, not once per mention. The export document makes every
    commitment each time a format reads it (`document.stream`), so this is what an export costs."""

    def __init__(self, record: Record):
        self._record = record
        # source id -> what a mention citing it takes of it and of its meeting: one look-up per mention
        self._cited: dict[str | None, tuple[str | None, str, bool, str | None, list[str] | None]] = {}

    def shape(self, state: State) -> dict:
        commitment = state.commitment
        return {
            **state_as_json(state),
            "due": commitment.due.isoformat() if commitment.due else None,
            "due_words": due_words_as_json(self._record, commitment.due_words),
            "aliases": list(commitment.aliases or ()),
            "related": list(commitment.related or ()),
            "reason": commitment.reason,
            "notes": commitment.notes,
            "mentions": [self._mention(item.mention, item.meeting) for item in state.cited],
        }

    def _mention(self, mention, meeting: Meeting) -> dict:
        found = self._cited.get(mention.source)
        if found is None:
            found = self._cited[mention.source] = self._cites(mention.source, meeting)
        meeting_id, date, inferred, outlet, paragraphs = found
        return {
            "source": mention.source,
            "paragraph": mention.paragraph,
            "quote": mention.quote,
            "kind": mention.kind,
            "note": mention.note,
            "meeting": meeting_id,
            "date": date,
            "outlet": outlet,
            "text": None if paragraphs is None else paragraphs[known(mention.paragraph) - 1],
            "inferred": ["date"] if inferred else [],
        }

    def _cites(
        self, source_id: str | None, meeting: Meeting
    ) -> tuple[str | None, str, bool, str | None, list[str] | None]:
        """A source is cited at its one meeting: the meeting's id, date, and whether the date is
        inferred, the source's outlet and paragraphs."""
        located, text = find_source(self._record, source_id), self._record.text(source_id)
        outlet = located[0].outlet if located else None
        paragraphs = None if text is None else text.paragraphs
        return meeting.id, day(meeting).isoformat(), meeting.is_inferred("date"), outlet, paragraphs


def due_words_as_json(record: Record, words: Due | None) -> dict | None:
    """The words a due date comes from, with their paragraph; None for a bare date."""
    if words is None:
        return None
    text = record.texts.get(words.source) if words.source else None
    return {
        "source": words.source,
        "paragraph": words.paragraph,
        "quote": words.quote,
        "note": words.note,
        "text": text.paragraphs[words.paragraph - 1] if text and words.paragraph else None,
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
                "inferred": inferred_dates(date=step.meeting),
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
            "inferred": inferred_dates(date=previous.meeting),
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
    found: dict[str, object] = {"id": row.id} if brief else {"id": row.id, "title": row.commitment.title}
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
        "inferred": inferred_dates(date=found.meeting),
        "text": found.text,
        "cited_by": list(found.cited_by),
    }


def source_as_json(record: Record, source_id: str, paragraph: int | None = None) -> dict:
    source, meeting = source_of(record, source_id, paragraph)
    cited = citations(record)
    paragraphs = known(record.text(source_id)).paragraphs
    numbers = [paragraph] if paragraph else range(1, len(paragraphs) + 1)
    return {
        "id": source.id,
        "file": source.path,
        "outlet": source.outlet,
        "side": source.side,
        "notes": source.notes,
        "reviewed": reviewed_as_json(source),
        "meeting": meeting.id,
        "date": day(meeting).isoformat(),
        "inferred": inferred_dates(date=meeting),
        "paragraphs": [
            {"number": n, "text": paragraphs[n - 1], "cited_by": cited.get((source_id, n), [])} for n in numbers
        ],
    }


def render(data: dict) -> bytes:
    """The export document as JSON (docs/export.md)."""
    return joined(pieces(data))


def joined(pieces: Iterator[str | bytes]) -> bytes:
    """Pieces of text and of UTF-8 bytes (a section made aside), as UTF-8."""
    return b"".join(piece if isinstance(piece, bytes) else piece.encode("utf-8") for piece in pieces)


def pieces(data: dict) -> Iterator[str | bytes]:
    """The export document as JSON, a meeting or a commitment at a time, each on a line of its own.

    Written as it is made, so the text is never held whole beside the
    document; each item goes through the C encoder, which an indented dump
    would not use. The last list (the commitments: the longest part) is made
    by a second process while this one makes the rest (`spill.Aside`), and
    handed on as the UTF-8 it wrote.
    """
    lists = [key for key, value in data.items() if _is_list(value)]
    aside_key = lists[-1] if lists and worth_making_aside(data[lists[-1]]) else None
    aside = Aside(lambda spill: spill.write_all(_items(data[aside_key]))) if aside_key else None
    with aside or contextlib.nullcontext():
        yield "{"
        for number, (key, value) in enumerate(data.items()):
            yield f"{',' if number else ''}\n  {json.dumps(key)}: "
            if key == aside_key and aside is not None:
                aside.take()
                yield from aside.spills[0].byte_pieces()
            elif _is_list(value):
                yield from _items(value)
            else:
                yield escape_json(_ENCODE(value))
        yield "\n}\n"


def _is_list(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str)  # a list, or `document.Items`


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
"""`json.dumps(value, ensure_ascii=False)`, its encoder made once rather than for each item."""


def _items(items: Sequence) -> Iterator[str]:
    """A list of the export, an item on a line; an empty one `[]`, as `json.dumps` writes it."""
    if not len(items):
        yield "[]"
        return
    yield "["
    for index, item in enumerate(items):
        yield ",\n    " if index else "\n    "  # apart from the item: its text is not copied to join them
        yield escape_json(_ENCODE(item))
    yield "\n  ]"


def coverage_as_json(found: list[SourceCoverage]) -> dict:
    """`coverage --json`: the counts of each source and of all, and every paragraph with cues (docs/json.md)."""
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in _coverage(found).items()}


def coverage_pieces(found: list[SourceCoverage], indent: int | None = None) -> Iterator[str]:
    """`coverage_as_json` as `json.dumps` with `indent` writes it (escaped), a source or a paragraph
    at a time: a large record's report is never held whole, nor its text."""
    return object_pieces(_coverage(found), indent)


_COUNTS = ("paragraphs", "with_cues", "cited", "reviewed", "uncovered")


def _coverage(found: list[SourceCoverage]) -> dict:
    """The `coverage --json` object, its lists as iterators that make each item when it is taken."""
    sources = (_source_coverage_as_json(item) for item in found)
    counted = [_source_counts(item) for item in found]
    return {
        "totals": {"sources": len(found), **{key: sum(item[key] for item in counted) for key in _COUNTS}},
        "sources": sources,
        "paragraphs": (_cue_paragraph_as_json(paragraph) for item in found for paragraph in item.with_cues),
    }


def object_pieces(fields: dict, indent: int | None = None) -> Iterator[str]:
    """`escape_json(json.dumps(fields, ensure_ascii=False, indent=indent))` a piece at a time: a value
    that is an iterator is written as an array, an item taken only when the one before is written."""
    depth = "\n" + " " * (indent or 0)
    between, key_start, end = (",", depth, "\n}") if indent is not None else (", ", "", "}")
    yield "{"
    for number, (key, value) in enumerate(fields.items()):
        yield f"{between if number else ''}{key_start}{json.dumps(key)}: "
        if isinstance(value, Iterator):
            yield from _array_pieces(value, indent)
        else:
            yield _dumped(value, indent, 1)
    yield end if fields or indent is None else "}"


ARRAY_BATCH = 256
"""Items of a streamed array encoded by one `json.dumps`: a call per item costs more than the
encoding of a small one, and a batch is still a small part of a large report."""


def _array_pieces(items: Iterator, indent: int | None) -> Iterator[str]:
    """The array of `items` as `_dumped` writes it at nesting level 2, a batch of items at a time."""
    between = "," if indent is not None else ", "
    count = 0
    while batch := list(itertools.islice(items, ARRAY_BATCH)):
        text = _dumped(batch, indent, 1)  # the items at level 2, between "[" and the "]" of level 1
        body = text[1 : -(2 + indent)] if indent is not None else text[1:-1]
        yield ("[" if not count else between) + body
        count += len(batch)
    yield "[]" if not count else ("\n" + " " * (indent or 0) + "]" if indent is not None else "]")


def _dumped(value, indent: int | None, level: int) -> str:
    """`value` as JSON at nesting `level` of an indented document (JSON strings hold no raw line break)."""
    text = escape_json(json.dumps(value, ensure_ascii=False, indent=indent))
    return text if indent is None else text.replace("\n", "\n" + " " * indent * level)


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _source_coverage_as_json(item: SourceCoverage) -> dict:
    return {
        "source": item.source.id,
        "meeting": item.meeting.id,
        "date": _iso(item.meeting.date),
        "inferred": inferred_dates(date=item.meeting),
        "side": item.source.side,
        **_source_counts(item),
    }


def _source_counts(item: SourceCoverage) -> dict[str, int]:
    return {
        "paragraphs": item.paragraphs,
        "with_cues": len(item.with_cues),
        "cited": item.cited,
        "reviewed": item.reviewed,
        "uncovered": len(item.uncovered),
    }


def _cue_paragraph_as_json(paragraph: Paragraph) -> dict:
    return {
        "source": paragraph.source.id,
        "paragraph": paragraph.number,
        "meeting": paragraph.meeting.id,
        "date": _iso(paragraph.meeting.date),
        "inferred": inferred_dates(date=paragraph.meeting),
        "text": paragraph.text,
        "cited_by": list(paragraph.cited_by),
        "cues": paragraph.words,
        "reviewed": paragraph.reviewed,
        "uncovered": paragraph.uncovered,
    }
