"""Markdown: a readable report: status summary, recurrence table, each commitment with its quotes."""

from __future__ import annotations

from collections import Counter

from tracker.model import STATUSES
from tracker.render.document import cells

SYMBOLS = {"proposed": "○", "agreed": "●", "reaffirmed": "·", "progress": "◐", "fulfilled": "✔"}


def _cell(text) -> str:
    """Text for a table cell: pipes escaped, one line."""
    return str(text or "").replace("|", "\\|").replace("\n", " ")


def render(data: dict) -> bytes:
    commitments = data["commitments"]
    lines = [
        "# Việt Nam-China commitments",
        "",
        f"{len(commitments)} commitments from {len(data['meetings'])} meetings, as of {data['as_of']}.",
        "",
        "## Status",
        "",
        "| status | commitments |",
        "|---|---|",
    ]
    counts = Counter(c["status"] for c in commitments)
    lines += [f"| {status} | {counts[status]} |" for status in STATUSES if counts[status]]
    lines += ["", "## Recurrence across meetings", ""]
    lines += [
        "| commitment | " + " | ".join(f"{m['date']}<br>{_cell(m['place'])}" for m in data["meetings"]) + " | n |"
    ]
    lines += ["|---|" + "---|" * len(data["meetings"]) + "---|"]
    for commitment in sorted(commitments, key=lambda c: (c["first_mentioned"], -c["recurrence"], c["id"])):
        row = [SYMBOLS[kind] if kind else "" for kind in cells(data, commitment)]
        lines.append(
            f"| [{commitment['id']}](#{commitment['id']}) | " + " | ".join(row) + f" | {commitment['recurrence']} |"
        )
    lines += ["", "○ proposed · ● agreed · · reaffirmed · ◐ progress · ✔ fulfilled", "", "## Commitments", ""]
    for commitment in commitments:
        lines += _commitment(commitment)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _commitment(commitment: dict) -> list[str]:
    lines = [f'<a id="{commitment["id"]}"></a>', "", f"### {_cell(commitment['title'])}", ""]
    facts = [f"`{commitment['id']}`", f"**{commitment['status']}**"]
    facts += [f"theme: {commitment['theme']}"] if commitment["theme"] else []
    facts += [f"by: {', '.join(commitment['by'])}"] if commitment["by"] else []
    facts += [f"due: {commitment['due']}"] if commitment["due"] else []
    facts += ["dormant"] if commitment["dormant"] else []
    facts += ["overdue"] if commitment["overdue"] else []
    lines += [" · ".join(facts), ""]
    if commitment["reason"]:
        lines += [f"Reason: {_cell(commitment['reason'])}", ""]
    if commitment["notes"]:
        lines += [f"Notes: {_cell(commitment['notes'])}", ""]
    for mention in commitment["mentions"]:
        lines += [
            f"- {mention['date']}, {mention['source']} ¶{mention['paragraph']} ({mention['kind']}):",
            "",
            f"  > {_cell(mention['quote'])}",
            "",
        ]
    return lines
