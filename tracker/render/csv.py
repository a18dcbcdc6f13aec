"""CSV: tidy tables in a directory, one row per meeting, source, commitment and mention."""

from __future__ import annotations

import csv
import io

LIST_SEPARATOR = "; "
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
        commitments.append(
            {
                key: (LIST_SEPARATOR.join(value) if isinstance(value, list) else "" if value is None else value)
                for key, value in commitment.items()
                if key not in ("mentions",)
            }
        )
        for mention in commitment["mentions"]:
            mentions.append({"commitment": commitment["id"], **{k: "" if v is None else v for k, v in mention.items()}})
    return {"meetings.csv": meetings, "sources.csv": sources, "commitments.csv": commitments, "mentions.csv": mentions}


def render_table(name: str, rows: list[dict]) -> bytes:
    """One table with its header row, also when it has no rows."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS[name], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
