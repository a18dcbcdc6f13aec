"""CSV: tidy tables in a directory, one row per meeting, source, commitment and mention.

Cells say what the JSON export says: lists joined with `; `, booleans `true`
or `false`, nothing an empty cell. Rows end in CRLF, as RFC 4180 has it: the
writer then quotes a value holding either line break (with LF rows, a lone CR
went out bare and split its row in two when read back). For Excel
(`--excel`), a table starts with a UTF-8 byte order mark, without which Excel
reads the file in the system's legacy code page and `Việt Nam` becomes
`Viá»‡t Nam`.
"""

from __future__ import annotations

import csv
import io

LIST_SEPARATOR = "; "
BYTE_ORDER_MARK = "\ufeff"
COLUMNS = {
    "meetings.csv": ["id", "date", "place", "participants", "occasion"],
    "sources.csv": ["id", "meeting", "file", "sha256", "outlet", "paragraphs"],
    "commitments.csv": [
        "id",
        "title",
        "status",
        "evidence",
        "theme",
        "by",
        "recurrence",
        "meetings",
        "first_mentioned",
        "last_mentioned",
        "dormant",
        "overdue",
        "due",
        "aliases",
        "related",
        "reason",
        "notes",
    ],
    "mentions.csv": ["commitment", "source", "paragraph", "quote", "kind", "note", "meeting", "date", "outlet", "text"],
}


def tables(data: dict) -> dict[str, list[dict]]:
    meetings, sources, commitments, mentions = [], [], [], []
    for meeting in data["meetings"]:
        meetings.append(
            {
                "id": meeting["id"],
                "date": meeting["date"],
                "place": meeting["place"],
                "participants": LIST_SEPARATOR.join(meeting["participants"]),
                "occasion": meeting["occasion"] or "",
            }
        )
        for source in meeting["sources"]:
            sources.append(
                {
                    "id": source["id"],
                    "meeting": meeting["id"],
                    "file": source["file"],
                    "sha256": source["sha256"],
                    "outlet": source["outlet"],
                    "paragraphs": len(source["paragraphs"]),
                }
            )
    for commitment in data["commitments"]:
        commitments.append({key: cell(value) for key, value in commitment.items() if key != "mentions"})
        for mention in commitment["mentions"]:
            mentions.append({"commitment": commitment["id"], **{key: cell(value) for key, value in mention.items()}})
    return {"meetings.csv": meetings, "sources.csv": sources, "commitments.csv": commitments, "mentions.csv": mentions}


def cell(value: object) -> object:
    """A value as a cell: lists joined, booleans as in JSON, None empty."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return "" if value is None else value


def render_table(name: str, rows: list[dict], *, excel: bool = False) -> bytes:
    """One table with its header row, also when it has no rows; for Excel, after a byte order mark."""
    out = io.StringIO()
    if excel:
        out.write(BYTE_ORDER_MARK)
    writer = csv.DictWriter(out, fieldnames=COLUMNS[name], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
