"""A meeting's fact that the reports do not state (its `inferred`), as the page marks it."""

from __future__ import annotations

from tracker.text import escape_html


def stated(meeting: dict | None, fact: str, text: str, brief: bool = False) -> str:
    """`text`, escaped; marked `*` with the meeting's note when the reports do not state its `fact`.

    The same markup as page.js's `stated`: the note shows on hover, on focus (a
    tap) and in print.
    """
    if meeting is None or fact not in (meeting.get("inferred") or ()):
        return escape_html(text)
    notes = meeting.get("notes")
    note = f"Not stated by the reports; worked out: {notes}" if notes else "Not stated by the reports."
    kind = "inferred brief" if brief else "inferred"
    return (
        f'<span class="{kind}" tabindex="0">{escape_html(text)}<sup>*</sup>'
        f'<span class="tip" role="note">{escape_html(note)}</span></span>'
    )
