"""HTML: one self-contained page: summary, recurrence timeline, filters, the evidence.

No network request, ever: styles and script are inline, and a Content
Security Policy forbids loading anything else. Every piece of text from the
record goes through `html.escape`, so a quote containing `<script>` is shown,
never run.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from tracker import query
from tracker.model import STATUSES
from tracker.render.document import cells
from tracker.text import quote_spans

SYMBOLS = {"proposed": "○", "agreed": "●", "reaffirmed": "·", "progress": "◐", "fulfilled": "✔"}
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

STYLE = """
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --paper: #fff; --accent: #b3261e;
  --proposed: #b7791f; --agreed: #2b6cb0; --in-progress: #6b46c1; --progress: #6b46c1; --fulfilled: #2f855a;
  --stalled: #975a16; --dropped: #c53030; --reaffirmed: #8a94a6; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; font: 16px/1.5 system-ui, sans-serif; color: var(--ink);
  background: var(--paper); }
h1 { font-size: 1.6rem; margin: .2rem 0; } h2 { font-size: 1.25rem; margin-top: 2rem;
  border-bottom: 1px solid var(--line); } h3 { font-size: 1.05rem; margin: 0 0 .3rem; }
.muted, .meta, .when, .cited-by { color: var(--muted); font-size: .9rem; }
[hidden] { display: none !important; }
nav.filters { position: sticky; top: 0; background: var(--paper); padding: .6rem 0; display: flex; flex-wrap: wrap;
  gap: .6rem 1rem; align-items: center; border-bottom: 1px solid var(--line); z-index: 2; }
nav select { font: inherit; padding: .2rem; }
.bars { display: grid; grid-template-columns: max-content 1fr max-content; gap: .3rem .6rem; align-items: center; }
.bar { height: .9rem; border-radius: 3px; }
.scroll { overflow-x: auto; }
table.matrix { border-collapse: collapse; font-size: .9rem; }
.matrix th, .matrix td { padding: .2rem .45rem; border-bottom: 1px solid var(--line); text-align: center; }
.matrix thead th { font-weight: 600; white-space: nowrap; font-size: .8rem; }
.matrix tbody th { text-align: left; font-weight: 500; white-space: nowrap; position: sticky; left: 0;
  background: var(--paper); }
.timeline td.line, .timeline th.line { position: relative; min-width: 24rem; width: 100%; height: 1.4rem; }
.timeline .dot, .timeline .tick { position: absolute; top: .15rem; transform: translateX(-50%); }
.timeline .tick { font-size: .75rem; color: var(--muted); transform: none; }
.k-proposed { color: var(--proposed); } .k-agreed { color: var(--agreed); } .k-progress { color: var(--progress); }
.k-fulfilled { color: var(--fulfilled); } .k-reaffirmed { color: var(--reaffirmed); font-weight: 700; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 1rem; color: #fff; font-size: .8rem; }
.s-proposed { background: var(--proposed); } .s-agreed { background: var(--agreed); }
.s-in-progress { background: var(--in-progress); } .s-fulfilled { background: var(--fulfilled); }
.s-stalled { background: var(--stalled); } .s-dropped { background: var(--dropped); }
article.commitment { border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem; margin: .8rem 0; }
ol.mentions { padding-left: 1.2rem; } ol.mentions li { margin: .5rem 0; }
blockquote { margin: .2rem 0; padding-left: .7rem; border-left: 3px solid var(--line); }
.source ol { padding-left: 2.4rem; } .source li { margin: .4rem 0; } .source li:target { background: #fff8d6; }
mark { background: #ffe58a; padding: 0 .1rem; }
.flag { color: var(--accent); font-weight: 600; }
@media (max-width: 40rem) { body { padding: .6rem; font-size: 15px; } .matrix thead th { font-size: .7rem; } }
@media print { nav.filters { display: none; } .scroll { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  article.commitment { break-inside: avoid; } .source li:target { background: none; } }
"""

SCRIPT = """
(function () {
  var names = ["status", "theme", "by"];
  var selects = names.map(function (name) { return document.getElementById("f-" + name); });
  function apply() {
    var wanted = selects.map(function (select) { return select.value; });
    var shown = 0;
    document.querySelectorAll(".item").forEach(function (element) {
      var by = (element.dataset.by || "").split(" ");
      var ok = (!wanted[0] || element.dataset.status === wanted[0]) &&
               (!wanted[1] || element.dataset.theme === wanted[1]) &&
               (!wanted[2] || by.indexOf(wanted[2]) >= 0);
      element.hidden = !ok;
      if (ok && element.classList.contains("commitment")) { shown += 1; }
    });
    document.getElementById("shown").textContent = shown + " shown";
  }
  selects.forEach(function (select) { select.addEventListener("change", apply); });
  apply();
})();
"""


def render(data: dict) -> bytes:
    commitments = data["commitments"]
    body = [
        "<header>",
        "<h1>Việt Nam-China commitments</h1>",
        f'<p class="muted">{len(commitments)} commitments from {len(data["meetings"])} meetings, '
        f"as of {escape(data['as_of'])}. Every commitment links to the paragraphs that report it.</p>",
        "</header>",
        _filters(data),
        _summary(commitments),
        _matrix(data),
        '<section id="commitments"><h2>Commitments</h2>',
        *(_commitment(data, commitment) for commitment in commitments),
        "</section>",
        _sources(data),
    ]
    page = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>Việt Nam-China commitments, as of {escape(data['as_of'])}</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f"\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def _attributes(commitment: dict) -> str:
    return (
        f'data-status="{escape(commitment["status"] or "")}" data-theme="{escape(commitment["theme"] or "")}" '
        f'data-by="{escape(" ".join(commitment["by"]))}"'
    )


def _options(name: str, label: str, values) -> str:
    options = "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)
    return f'<label>{label} <select id="f-{name}"><option value="">all</option>{options}</select></label>'


def _filters(data: dict) -> str:
    commitments = data["commitments"]
    statuses = [s for s in STATUSES if any(c["status"] == s for c in commitments)]
    themes = sorted({c["theme"] for c in commitments if c["theme"]})
    parties = sorted({code for c in commitments for code in c["by"]})
    return (
        '<nav class="filters" aria-label="filters">'
        + _options("status", "Status", statuses)
        + _options("theme", "Theme", themes)
        + _options("by", "Party", parties)
        + '<span id="shown" class="muted"></span></nav>'
    )


def _summary(commitments: list[dict]) -> str:
    counts = Counter(c["status"] for c in commitments)
    biggest = max(counts.values(), default=1)
    rows = "".join(
        f'<span>{status}</span><div class="bar s-{status}" style="width:{100 * counts[status] / biggest:.0f}%"></div>'
        f"<span>{counts[status]}</span>"
        for status in STATUSES
        if counts[status]
    )
    return f'<section id="summary"><h2>Where things stand</h2><div class="bars">{rows}</div></section>'


GRID_UP_TO = 24  # meetings; more become a timeline whose size grows with mentions, not rows x meetings


def _matrix(data: dict) -> str:
    if len(data["meetings"]) > GRID_UP_TO:
        return _timeline(data)
    heads = "".join(f'<th scope="col">{escape(m["date"])}<br>{escape(m["place"] or "")}</th>' for m in data["meetings"])
    rows = []
    ordered = sorted(data["commitments"], key=lambda c: (c["first_mentioned"], -c["recurrence"], c["id"]))
    for commitment in ordered:
        tds = "".join(
            f'<td class="k-{kind}" title="{kind}">{SYMBOLS[kind]}</td>' if kind else "<td></td>"
            for kind in cells(data, commitment)
        )
        rows.append(_row(commitment, tds))
    legend = " ".join(f'<span class="k-{kind}">{symbol}</span> {kind}' for kind, symbol in SYMBOLS.items())
    return (
        '<section id="timeline"><h2>Recurrence across meetings</h2><div class="scroll"><table class="matrix">'
        f'<thead><tr><th scope="col">commitment</th>{heads}<th scope="col">n</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div><p class="muted">{legend}</p></section>'
    )


def _row(commitment: dict, cells_html: str) -> str:
    """A row of the recurrence view: the commitment's link, its cells, its count; filterable."""
    link = f'<a href="#c-{escape(commitment["id"])}">{escape(commitment["id"])}</a>'
    return (
        f'<tr class="item" {_attributes(commitment)}><th scope="row">{link}</th>{cells_html}'
        f"<td>{commitment['recurrence']}</td></tr>"
    )


def _timeline(data: dict) -> str:
    """One line per commitment, a dot per meeting that mentions it, placed by date."""
    import datetime as dt

    dates = [dt.date.fromisoformat(m["date"]) for m in data["meetings"]]
    first, span = dates[0], max(1, (dates[-1] - dates[0]).days)
    where = {m["id"]: 100 * (d - first).days / span for m, d in zip(data["meetings"], dates, strict=False)}
    places = {m["id"]: f"{m['date']} {m['place'] or ''}" for m in data["meetings"]}
    years = sorted({d.year for d in dates})
    ticks = "".join(
        f'<span class="tick" style="left:calc(.7rem + (100% - 1.4rem) * '
        f'{max(0, (dt.date(year, 1, 1) - first).days) / span:.4f})">{year}</span>'
        for year in years
    )
    rows = []
    ordered = sorted(data["commitments"], key=lambda c: (c["first_mentioned"], -c["recurrence"], c["id"]))
    for commitment in ordered:
        kinds: dict[str, str | None] = {}
        for mention in commitment["mentions"]:
            kinds[mention["meeting"]] = query.higher_kind(kinds.get(mention["meeting"]), mention["kind"])
        dots = "".join(
            f'<span class="dot k-{kind}" style="left:calc(.7rem + (100% - 1.4rem) * {where[meeting] / 100:.4f})" '
            f'title="{escape(places[meeting])}: {kind}">{SYMBOLS[kind]}</span>'
            for meeting, kind in kinds.items()
        )
        rows.append(_row(commitment, f'<td class="line">{dots}</td>'))
    legend = " ".join(f'<span class="k-{kind}">{symbol}</span> {kind}' for kind, symbol in SYMBOLS.items())
    return (
        '<section id="timeline"><h2>Recurrence across meetings</h2><div class="scroll"><table class="matrix timeline">'
        f'<thead><tr><th scope="col">commitment</th><th class="line">{ticks}</th><th scope="col">n</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f'<p class="muted">{len(data["meetings"])} meetings from {escape(data["meetings"][0]["date"])} to '
        f"{escape(data['meetings'][-1]['date'])}, placed by date. {legend}</p></section>"
    )


def _commitment(data: dict, commitment: dict) -> str:
    facts = [f'<span class="badge s-{escape(commitment["status"] or "")}">{escape(commitment["status"] or "")}</span>']
    for label, key in (("theme", "theme"), ("due", "due")):
        if commitment[key]:
            facts.append(f"{label} {escape(commitment[key])}")
    if commitment["by"]:
        facts.append("by " + escape(", ".join(commitment["by"])))
    facts.append(f"{commitment['recurrence']} meeting{'s' if commitment['recurrence'] != 1 else ''}")
    facts += ['<span class="flag">dormant</span>'] if commitment["dormant"] else []
    facts += ['<span class="flag">overdue</span>'] if commitment["overdue"] else []
    extra = "".join(
        f'<p class="muted">{label}: {escape(commitment[key])}</p>'
        for label, key in (("Reason", "reason"), ("Notes", "notes"))
        if commitment[key]
    )
    places = {m["id"]: m["place"] for m in data["meetings"]}
    mentions = "".join(
        f'<li><div class="when">{escape(m["date"])} · {escape(places.get(m["meeting"]) or "")} · '
        f'<a href="#p-{escape(m["source"])}-{m["paragraph"]}">{escape(m["source"])} ¶{m["paragraph"]}</a> · '
        f'<span class="k-{escape(m["kind"])}">{escape(m["kind"])}</span></div>'
        f"<blockquote>{escape(m['quote'])}</blockquote></li>"
        for m in commitment["mentions"]
    )
    return (
        f'<article class="item commitment" id="c-{escape(commitment["id"])}" {_attributes(commitment)}>'
        f'<h3>{escape(commitment["title"])}</h3><p class="meta"><code>{escape(commitment["id"])}</code> · '
        f'{" · ".join(facts)}</p>{extra}<ol class="mentions">{mentions}</ol></article>'
    )


def _sources(data: dict) -> str:
    citing: dict[tuple[str, int], list[dict]] = {}
    for commitment in data["commitments"]:
        for mention in commitment["mentions"]:
            citing.setdefault((mention["source"], mention["paragraph"]), []).append(
                {"id": commitment["id"], "quote": mention["quote"]}
            )
    parts = ['<section id="sources"><h2>Sources</h2>']
    for meeting in data["meetings"]:
        for source in meeting["sources"]:
            items = []
            for number, text in enumerate(source["paragraphs"], 1):
                cited = citing.get((source["id"], number), [])
                by = ", ".join(
                    f'<a href="#c-{escape(c["id"])}">{escape(c["id"])}</a>'
                    for c in {c["id"]: c for c in cited}.values()
                )
                note = f'<div class="cited-by">cited by {by}</div>' if cited else ""
                items.append(
                    f'<li id="p-{escape(source["id"])}-{number}" value="{number}">'
                    f"<div>{_marked(text, [c['quote'] for c in cited])}</div>{note}</li>"
                )
            parts.append(
                f'<article class="source" id="s-{escape(source["id"])}"><h3>{escape(source["outlet"])} · '
                f"{escape(meeting['date'])} · {escape(meeting['place'] or '')}</h3>"
                f'<p class="muted"><code>{escape(source["id"])}</code> · {escape(source["file"])}</p>'
                f"<ol>{''.join(items)}</ol></article>"
            )
    parts.append("</section>")
    return "".join(parts)


def _marked(text: str, quotes: list[str]) -> str:
    """The paragraph, escaped, with the words of every quote citing it in <mark>."""
    spans: list[tuple[int, int]] = []
    shown = text
    for quote in quotes:
        shown, found = quote_spans(text, quote)
        spans += found
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, position = [], 0
    for start, end in merged:
        out += [escape(shown[position:start]), f"<mark>{escape(shown[start:end])}</mark>"]
        position = end
    out.append(escape(shown[position:]))
    return "".join(out)
