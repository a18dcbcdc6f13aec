"""Markdown: a readable report: status summary, recurrence table, each commitment with its quotes."""

from __future__ import annotations

from collections import Counter

from tracker.model import STATUSES
from tracker.render.document import TITLE, cells

SYMBOLS = {"proposed": "○", "agreed": "●", "reaffirmed": "·", "progress": "◐", "fulfilled": "✔"}


def _cell(text) -> str:
    """Text for a table cell: pipes escaped, one line."""
    return str(text or "").replace("|", "\\|").replace("\n", " ")


def render(data: dict) -> bytes:
    commitments = data["commitments"]
    lines = [
        f"# {TITLE}",
        "",
        f"{len(commitments)} commitments from {len(data['meetings'])} meetings, as of {data['as_of']}.",
        "",
    ]
    lines += _status(commitments) + _recurrence(data) + _sources(data) + ["## Commitments", ""]
    places = {meeting["id"]: meeting["place"] for meeting in data["meetings"]}
    for commitment in commitments:
        lines += _commitment(commitment, places)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _status(commitments: list[dict]) -> list[str]:
    counts = Counter(c["status"] for c in commitments)
    lines = ["## Status", "", "| status | commitments |", "|---|---:|"]
    return lines + [f"| {status} | {counts[status]} |" for status in STATUSES if counts[status]] + [""]


def _recurrence(data: dict) -> list[str]:
    """The matrix, then its legend (commas between entries: `·` is a symbol here)."""
    lines = ["## Recurrence across meetings", ""]
    lines += [
        "| commitment | " + " | ".join(f"{m['date']}<br>{_cell(m['place'])}" for m in data["meetings"]) + " | n |"
    ]
    lines += ["|---|" + ":-:|" * len(data["meetings"]) + "--:|"]
    for commitment in sorted(data["commitments"], key=lambda c: (c["first_mentioned"], -c["recurrence"], c["id"])):
        row = [SYMBOLS[kind] if kind else "" for kind in cells(data, commitment)]
        lines.append(
            f"| [{commitment['id']}](#{commitment['id']}) | " + " | ".join(row) + f" | {commitment['recurrence']} |"
        )
    legend = ", ".join(f"{symbol} {kind}" for kind, symbol in SYMBOLS.items())
    return lines + ["", f"Each cell is what that meeting's reports say: {legend}.", ""]


def _sources(data: dict) -> list[str]:
    lines = [
        "## Sources",
        "",
        "| source | outlet | meeting | date | place | file | paragraphs |",
        "|---|---|---|---|---|---|--:|",
    ]
    for meeting in data["meetings"]:
        for source in meeting["sources"]:
            cells = [
                f'<a id="{_source_anchor(source["id"])}"></a>{source["id"]}',
                _cell(source["outlet"]),
                meeting["id"],
                meeting["date"],
                _cell(meeting["place"]),
                f"`{_cell(source['file'])}`",
                str(len(source["paragraphs"])),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def _source_anchor(source_id: str) -> str:
    return f"source-{source_id}"


def _commitment(commitment: dict, places: dict[str, str]) -> list[str]:
    lines = [f'<a id="{commitment["id"]}"></a>', "", f"### {_cell(commitment['title'])}", ""]
    facts = [f"`{commitment['id']}`", f"**{commitment['status']}**"]
    facts += [f"theme: {_cell(commitment['theme'])}"] if commitment["theme"] else []
    facts += [f"by: {', '.join(commitment['by'])}"] if commitment["by"] else []
    facts += [f"due: {commitment['due']}"] if commitment["due"] else []
    facts += ["dormant"] if commitment["dormant"] else []
    facts += ["overdue"] if commitment["overdue"] else []
    lines += ["; ".join(facts), ""]
    if commitment["reason"]:
        lines += [f"Reason: {_cell(commitment['reason'])}", ""]
    if commitment["notes"]:
        lines += [f"Notes: {_cell(commitment['notes'])}", ""]
    for mention in commitment["mentions"]:
        lines += [_mention_heading(mention, places), "", f"  > {_cell(mention['quote'])}", ""]
    return lines


def _mention_heading(mention: dict, places: dict[str, str]) -> str:
    """When and where, who reported it, and where in their report: `2025-04-14, Hà Nội: VNA, ... ¶11 (agreed)`."""
    source = f"[{mention['source']}](#{_source_anchor(mention['source'])})"
    return (
        f"- {mention['date']}, {_cell(places.get(mention['meeting']))}: {_cell(mention['outlet'])}, "
        f"{source} ¶{mention['paragraph']} ({mention['kind']}):"
    )
