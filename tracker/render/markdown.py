"""Markdown: a readable report: status summary, recurrence table, each commitment with its quotes."""

from __future__ import annotations

from collections import Counter

from tracker.model import STATUSES
from tracker.render.document import TITLE, cells

SYMBOLS = {"proposed": "○", "agreed": "●", "reaffirmed": "·", "progress": "◐", "fulfilled": "✔"}


def _cell(text) -> str:
    """Text for a table cell: pipes escaped, one line."""
    return str(text or "").replace("|", "\\|").replace("\n", " ")


def _fact(meeting: dict, fact: str) -> str:
    """A meeting's fact for the page, marked `*` (escaped for markdown) when the sources do not state it."""
    value = meeting[fact]
    text = ", ".join(value) if isinstance(value, list) else str(value or "")
    return _cell(text) + ("\\*" if fact in meeting["inferred"] else "")


def _inferred_notes(meetings: list[dict]) -> list[str]:
    """The footnote of the marks: what each meeting infers, and how."""
    inferred = [meeting for meeting in meetings if meeting["inferred"]]
    if not inferred:
        return []
    lines = ["\\* inferred, not stated by the sources:", ""]
    for meeting in inferred:
        note = f": {_cell(meeting['notes'])}" if meeting["notes"] else ""
        lines.append(f"- {meeting['id']} ({', '.join(meeting['inferred'])}){note}")
    return [*lines, ""]


def render(data: dict) -> bytes:
    commitments = data["commitments"]
    by_id = {meeting["id"]: meeting for meeting in data["meetings"]}
    record_date = by_id[data["meetings"][-1]["id"]] if data["meetings"] else None
    lines = [
        f"# {TITLE}",
        "",
        f"{len(commitments)} commitments from {len(data['meetings'])} meetings, as of {data['as_of']}; "
        f"record date {_fact(record_date, 'date') if record_date else 'none'}.",
        "",
    ]
    lines += _status(commitments) + _recurrence(data) + _inferred_notes(data["meetings"]) + _sources(data)
    lines += ["## Commitments", ""]
    for commitment in commitments:
        lines += _commitment(commitment, by_id)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _status(commitments: list[dict]) -> list[str]:
    counts = Counter(c["status"] for c in commitments)
    lines = ["## Status", "", "| status | commitments |", "|---|---:|"]
    return lines + [f"| {status} | {counts[status]} |" for status in STATUSES if counts[status]] + [""]


def _recurrence(data: dict) -> list[str]:
    """The matrix, then its legend (commas between entries: `·` is a symbol here)."""
    lines = ["## Recurrence across meetings", ""]
    lines += [
        "| commitment | "
        + " | ".join(f"{_fact(m, 'date')}<br>{_fact(m, 'place')}" for m in data["meetings"])
        + " | n |"
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
                _fact(meeting, "date"),
                _fact(meeting, "place"),
                f"`{_cell(source['file'])}`",
                str(len(source["paragraphs"])),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def _source_anchor(source_id: str) -> str:
    return f"source-{source_id}"


def _commitment(commitment: dict, meetings: dict[str, dict]) -> list[str]:
    lines = [f'<a id="{commitment["id"]}"></a>', "", f"### {_cell(commitment['title'])}", ""]
    facts = [f"`{commitment['id']}`", f"**{commitment['status']}**"]
    facts += [f"theme: {_cell(commitment['theme'])}"] if commitment["theme"] else []
    facts += [f"by: {', '.join(commitment['by'])}"] if commitment["by"] else []
    facts += [_due(commitment)] if commitment["due"] else []
    facts += ["dormant"] if commitment["dormant"] else []
    facts += ["overdue"] if commitment["overdue"] else []
    lines += ["; ".join(facts), ""]
    if commitment["reason"]:
        lines += [f"Reason: {_cell(commitment['reason'])}", ""]
    if commitment["notes"]:
        lines += [f"Notes: {_cell(commitment['notes'])}", ""]
    for mention in commitment["mentions"]:
        lines += [_mention_heading(mention, meetings[mention["meeting"]]), "", f"  > {_cell(mention['quote'])}", ""]
    return lines


def _mention_heading(mention: dict, meeting: dict) -> str:
    """When and where, who reported it, and where in their report: `2025-04-14, Hà Nội: VNA, ... ¶11 (agreed)`."""
    source = f"[{mention['source']}](#{_source_anchor(mention['source'])})"
    return (
        f"- {_fact(meeting, 'date')}, {_fact(meeting, 'place')}: {_cell(mention['outlet'])}, "
        f"{source} ¶{mention['paragraph']} ({mention['kind']}):"
    )


def _due(commitment: dict) -> str:
    words = commitment["due_words"]
    if words is None:
        return f"due: {commitment['due']}"
    note = f", {_cell(words['note'])}" if words["note"] else ""
    return f"due: {commitment['due']} (“{_cell(words['quote'])}”, {words['source']} ¶{words['paragraph']}{note})"
