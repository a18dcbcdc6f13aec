"""The page's sections as they are written: what a reader sees before, or without, the script.

Each section is a function from the export document and what the page
gathered of its commitments in one pass (`facts.Facts`) to HTML, and has an entry
in `SECTIONS`, which also makes the table of contents. A section the script
builds (`scripted=True`) is written as an empty frame the script fills in;
without JavaScript it is hidden, and the note at the top of the page says why.

A new section: write its function here (or its builder in page.js, with a
frame here), add it to `SECTIONS` where it belongs in the page, and, if it
needs data of its own, a part in `payload.PARTS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tracker.model import KIND_SYMBOLS, STATUSES
from tracker.render.document import TITLE
from tracker.render.html import chart
from tracker.render.html.facts import ATTENTION_SHOWN, Facts, First, due_date
from tracker.render.html.inferred import stated
from tracker.text import counted, escape_html


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    body: Callable[[dict, Facts], str]
    scripted: bool = False


def party_names(data: dict, codes) -> str:
    """Party codes as the reader knows them: `Việt Nam (VN)`."""
    return ", ".join(f"{escape_html(data['parties'].get(code, code))} ({escape_html(code)})" for code in codes)


# The top of the page --------------------------------------------------------------


def header(data: dict, facts: Facts) -> str:
    meetings = data["meetings"]
    span = f" ({escape_html(meetings[0]['date'])} to {escape_html(meetings[-1]['date'])})" if meetings else ""
    record_date = data.get("record_date") or (meetings[-1]["date"] if meetings else None)
    latest = meetings[-1] if meetings and meetings[-1]["date"] == record_date else None
    dated = f" Record date {stated(latest, 'date', record_date)} (the latest meeting)." if record_date else ""
    sizes = f"{counted(facts.count, 'commitment', True)} from {counted(len(meetings), 'meeting', True)}"
    return (
        "<header>"
        f"<h1>{escape_html(TITLE)}</h1>"
        f'<p class="lede">{sizes}{span}, '
        f"as of {escape_html(data['as_of'])}.{dated}</p>"
        f'<p class="muted">Parties: {party_names(data, data["parties"])}. Every commitment links to the paragraphs '
        "of the reports that mention it.</p>"
        "</header>"
    )


NOSCRIPT = (
    '<noscript><p class="noscript">JavaScript is off. The summary, the chart and the dormant and overdue '
    "lists below are complete without it; the search, the filters, the recurrence view, the "
    "commitments with their quotes, and the meetings with their reports are built by the page's script. "
    "<code>tracker export --format markdown</code> gives the same record as plain text.</p></noscript>"
)


def contents() -> str:
    items = "".join(
        f'<li{" class=scripted" if section.scripted else ""}><a href="#{section.id}">{section.title}</a></li>'
        for section in SECTIONS
    )
    return f'<nav class="toc" aria-label="contents"><h2 class="toc-title">Contents</h2><ol>{items}</ol></nav>'


def _select(name: str, label: str, options: list[tuple[str, str]]) -> str:
    """A filter: its label read out, its first option saying what it is ("theme: any") on screen."""
    choices = "".join(f'<option value="{escape_html(value)}">{escape_html(text)}</option>' for value, text in options)
    return (
        f'<label class="hidden-label" for="f-{name}">{label}</label>'
        f'<select id="f-{name}" name="{name}"><option value="">{label.lower()}: any</option>{choices}</select>'
    )


def filter_bar(data: dict, facts: Facts) -> str:
    """Search and filters, sticky at the top; on a phone the filters fold under one button."""
    statuses = [status for status in STATUSES if facts.statuses[status]]
    themes = sorted(facts.themes)
    parties = sorted(facts.parties)
    names = data["parties"]
    return (
        '<div class="bar scripted" id="bar" role="search">'
        '<input type="search" id="f-q" name="q" placeholder="Search titles, ids, quotes" aria-label="Search '
        'commitments by title, id or quoted words" autocomplete="off">'
        '<button type="button" id="filters-toggle" aria-expanded="false" aria-controls="filters">Filters</button>'
        '<div class="filters" id="filters">'
        + _select("status", "Status", [(s, s) for s in statuses])
        + _select("theme", "Theme", [(t, t) for t in themes])
        + _select("by", "Party", [(code, f"{names.get(code, code)} ({code})") for code in parties])
        + _select("flag", "Flag", [("dormant", "dormant"), ("overdue", "overdue")])
        + '<button type="button" id="f-clear">Clear</button></div>'
        '<output id="shown" aria-live="polite"></output></div>'
    )


# Sections written in full -----------------------------------------------------------


def summary(data: dict, facts: Facts) -> str:
    """Counts by status, as bars; the script recounts them for the filtered commitments."""
    counts = facts.statuses
    biggest = max(counts.values(), default=0) or 1
    rows = "".join(
        f'<div class="status-row" data-status="{status}"><span>{status}</span>'
        f'<span class="track"><span class="fill s-{status}" style="width:{100 * counts[status] // biggest}%">'
        f'</span></span><span class="count">{counts[status]:,}</span></div>'
        for status in STATUSES
        if counts[status]
    )
    return (
        f'<p class="muted" id="summary-total">{counted(facts.count, "commitment", grouped=True)}, '
        f"by status as of {escape_html(data['as_of'])}.</p>"
        f'<div class="status-bars">{rows}</div>'
    )


def statuses_chart(data: dict, facts: Facts) -> str:
    return (
        '<p class="muted">How many commitments stood at each stage after each meeting, from their status '
        "history (the highest stage their reports had reached). Stalled and dropped are judgements of today, "
        "in the summary above.</p>" + chart.svg(data, facts.series)
    )


def attention(data: dict, facts: Facts) -> str:
    """Dormant and overdue commitments: the first few of each, the script lists them all."""
    meetings = _last_meetings(data, facts.index, [*facts.dormant.items(), *facts.overdue.items()])
    return (
        '<div class="attention">'
        + _attention_list("dormant", "Dormant", "open, no report of them for over a year", facts.dormant, meetings)
        + _attention_list("overdue", "Overdue", "open, past their due date", facts.overdue, meetings)
        + "</div>"
    )


def _last_meetings(data: dict, index: dict[str, int], shown: list[dict]) -> dict[str, dict]:
    """The meetings that the commitments `shown` were last mentioned at, by id: those alone are made."""
    wanted = {commitment["meetings"][-1] for commitment in shown if commitment.get("meetings")}
    return {meeting_id: data["meetings"][index[meeting_id]] for meeting_id in wanted if meeting_id in index}


def _attention_list(flag: str, title: str, meaning: str, flagged: First, meetings: dict[str, dict]) -> str:
    items = "".join(_attention_item(flag, c, meetings) for c in flagged.items()[:ATTENTION_SHOWN])
    count = flagged.count
    more = count - ATTENTION_SHOWN
    rest = f"and {more:,} more. " if more > 0 else ""
    return (
        f'<div class="attention-list" id="{flag}"><h3>{title} <span class="count">{count:,}</span></h3>'
        f'<p class="muted">{meaning}.</p><ul>{items}</ul>'
        f'<p class="more">{rest}<button type="button" class="scripted" data-flag="{flag}">'
        f"List them with the commitments</button></p></div>"
    )


def _attention_item(flag: str, commitment: dict, meetings: dict[str, dict]) -> str:
    last = meetings.get(commitment["meetings"][-1]) if commitment.get("meetings") else None
    when = (
        f"last reported {stated(last, 'date', commitment['last_mentioned'], brief=True)}"
        if flag == "dormant"
        else f"due {escape_html(due_date(commitment) or '')}"
    )
    return (
        f'<li><a href="#c-{escape_html(commitment["id"])}">{escape_html(commitment["title"] or commitment["id"])}</a> '
        f'<span class="muted">{when}</span></li>'
    )


# Frames the script fills in --------------------------------------------------------------


def recurrence_frame(data: dict, facts: Facts) -> str:
    symbols = " ".join(f'<span class="k-{kind}">{symbol}</span> {kind}' for kind, symbol in KIND_SYMBOLS.items())
    return (
        '<p class="muted" id="recurrence-about"></p>'
        '<div class="scroll" id="recurrence-box"><table class="matrix" id="recurrence-table"></table></div>'
        f'<nav class="pager" id="recurrence-pager" aria-label="pages of the recurrence view"></nav>'
        f'<p class="legend">{symbols}</p>'
    )


def list_frame(name: str) -> Callable[[dict, Facts], str]:
    def frame(data: dict, facts: Facts) -> str:
        return (
            f'<div class="list" id="{name}-list"></div>'
            f'<nav class="pager" id="{name}-pager" aria-label="pages of {name}"></nav>'
        )

    return frame


def changes_frame(data: dict, facts: Facts) -> str:
    return (
        '<p class="muted">Newest first. At each meeting, read against every meeting before it: the commitments '
        "first reported there, those whose evidence advanced, those reaffirmed, those reported at the meeting "
        "before but not at this one, and the deadlines passed since; where the meeting has reports from both "
        "sides, what each side said. The filters apply.</p>" + list_frame("changes")(data, facts)
    )


SECTIONS = [
    Section("summary", "Where things stand", summary),
    Section("chart", "What became of the promises", statuses_chart),
    Section("attention", "Dormant and overdue", attention),
    Section("changes", "What changed at each meeting", changes_frame, scripted=True),
    Section("recurrence", "Recurrence across meetings", recurrence_frame, scripted=True),
    Section("commitments", "Commitments", list_frame("commitments"), scripted=True),
    Section("meetings", "Meetings and their reports", list_frame("meetings"), scripted=True),
]


def section(data: dict, facts: Facts, entry: Section) -> str:
    kind = ' class="scripted"' if entry.scripted else ""
    return f'<section id="{entry.id}"{kind}><h2>{escape_html(entry.title)}</h2>{entry.body(data, facts)}</section>'
