"""Datasette metadata for the sqlite export: titles, column descriptions, facets, canned queries.

`datasette record.sqlite -m record.metadata.json` then shows what each
column means, offers facets on status, theme and party, and lists canned
queries for the dormant, the overdue, and one meeting's commitments.
Datasette names a database after its file, so the metadata is keyed by the
stem of the database file it is written for.
"""

from __future__ import annotations

import json

from tracker.render.document import TITLE
from tracker.text import counted

COLUMNS: dict[str, dict[str, str]] = {
    "meetings": {
        "id": "The meeting's id (a slug)",
        "date": "The date of the meeting (ISO)",
        "place": "Where the leaders met",
        "participants": "Who met: a JSON array of names",
        "occasion": "The occasion, when the record states it",
        "inferred": "The facts the reports do not state (date, place, participants, occasion): a JSON array",
        "notes": "How the inferred facts were worked out",
    },
    "sources": {
        "id": "The source's id (a slug)",
        "meeting_id": "The meeting this report is about",
        "file": "The report's text file, relative to the record's root",
        "sha256": "The SHA-256 of the file's bytes, as the record pins it",
        "outlet": "Who published the report",
        "title": "The report's title, when recorded",
        "url": "Where the report was published, when recorded",
        "side": "The party whose account this is (a party code), or empty for a third party",
        "notes": "The curator's notes on the report",
        "reviewed": "Paragraphs read and judged to hold no commitment: a JSON array of {paragraph, reason}",
    },
    "paragraphs": {
        "source_id": "The report this paragraph belongs to",
        "number": "The paragraph's number in its report, from 1 (its non-blank lines)",
        "text": "The paragraph as the report has it",
        "folded": "The text folded for search: lowercase, no diacritics (đ as d), names also without spaces (hanoi)",
    },
    "commitments": {
        "id": "The commitment's id (a slug)",
        "title": "What was committed to",
        "status": "proposed, agreed, in-progress, fulfilled (checked against the evidence), stalled or dropped",
        "evidence": "The highest stage its mentions reach: proposed, agreed, in-progress or fulfilled",
        "theme": "The theme, free text",
        "by_parties": "Who commits: a JSON array of party codes",
        "due": "The deadline, when the reports give one (ISO date)",
        "recurrence": "The number of meetings whose reports mention it",
        "first_mentioned": "The date of the first meeting that mentions it",
        "last_mentioned": "The date of the last meeting that mentions it",
        "dormant": "1 when open and unmentioned for over a year before the record's last meeting (as of the export)",
        "overdue": "1 when open and past its due date (as of the export)",
        "aliases": "Names the reports use for it: a JSON array",
        "related": "Ids of related commitments: a JSON array",
        "reason": "Why it is stalled or dropped",
        "notes": "The curator's notes",
        "silent": "How many of the record's meetings came after its last mention (as of the export)",
        "sides": "The sides whose reports mention it: a JSON array of party codes",
        "due_source": "The report whose words give the due date",
        "due_paragraph": "The paragraph of those words",
        "due_quote": "The words the due date comes from, verbatim",
        "due_note": "How the due date follows from the words",
    },
    "mentions": {
        "id": "A number for the mention",
        "commitment_id": "The commitment mentioned",
        "source_id": "The report that mentions it",
        "paragraph": "The paragraph of that report",
        "quote": "The words quoted, verbatim",
        "kind": "What the report says: proposed, agreed, reaffirmed, progress or fulfilled",
        "note": "The curator's note on this mention",
        "meeting_id": "The meeting the report is about",
    },
}

TABLES: dict[str, dict] = {
    "meetings": {"description": "The leaders' meetings, one row each", "sort": "date", "label_column": "place"},
    "sources": {
        "description": "The news reports of each meeting",
        "facets": ["outlet", "side", "meeting_id"],
        "label_column": "outlet",
    },
    "paragraphs": {
        "description": "Every paragraph of every report; search them (names match without diacritics)",
        "facets": ["source_id"],
    },
    "commitments": {
        "description": "The commitments, with their status as of the export",
        "facets": ["status", "theme", {"array": "by_parties"}, {"array": "sides"}, "dormant", "overdue"],
        "label_column": "title",
    },
    "mentions": {
        "description": "Each quote that links a commitment to a paragraph of a report",
        "facets": ["kind", "meeting_id", "commitment_id"],
    },
}

QUERIES: dict[str, dict] = {
    "dormant": {
        "title": "Dormant commitments",
        "description": "Open commitments no report has mentioned for over a year before the record's last meeting",
        "sql": "select id, title, status, theme, last_mentioned, silent, recurrence from commitments "
        "where dormant = 1 order by last_mentioned, id",
    },
    "overdue": {
        "title": "Overdue commitments",
        "description": "Open commitments past their due date, as of the export",
        "sql": "select id, title, status, due, theme from commitments where overdue = 1 order by due, id",
    },
    "by_meeting": {
        "title": "Commitments by meeting",
        "description": "What the reports of one meeting say about each commitment (a meeting id, e.g. from meetings)",
        "sql": "select c.id, c.title, c.status, m.kind, s.side, s.outlet, m.source_id, m.paragraph, m.quote "
        "from mentions m join commitments c on c.id = m.commitment_id join sources s on s.id = m.source_id "
        "where m.meeting_id = :meeting order by c.id, m.source_id, m.paragraph",
    },
}


def metadata(data: dict, database: str) -> dict:
    """Datasette's metadata for the export `data`, written to a database named `database`."""
    tables = {name: {**table, "columns": COLUMNS[name]} for name, table in TABLES.items()}
    return {
        "title": TITLE,
        "description": (
            f"{counted(len(data['commitments']), 'commitment')} from {counted(len(data['meetings']), 'meeting')}, "
            f"as of {data['as_of']}, "
            "each linked to the paragraphs of the news reports that mention it."
        ),
        "source": "News reports of each meeting, quoted paragraph by paragraph (the sources table)",
        "license": "Quoted reports: © their outlets",
        "databases": {database: {"tables": tables, "queries": QUERIES}},
    }


def render(data: dict, database: str) -> bytes:
    return (json.dumps(metadata(data, database), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
