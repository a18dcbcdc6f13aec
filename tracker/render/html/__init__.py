"""HTML: one self-contained page that opens fast however large the record.

What a reader needs first is written as HTML: the summary, the chart of
statuses after each meeting, the dormant and overdue commitments. Everything
else (the recurrence view, the commitments with their quotes, the meetings
with their reports, down to each paragraph) is built by the page's script, on
demand, from the record embedded as JSON (`payload`), so that the page holds
only what is on screen however many commitments and sources there are.

No network request, ever: style and script are inline, and a Content Security
Policy forbids loading anything else. Record text is escaped in the HTML
(`text.escape_html`), in the embedded JSON (`payload.dumps`), and the script
puts it into the page as text nodes, never as markup: a quote holding
`<script>` is shown, never run.

The page is written as a sequence of pieces (`pieces`), so it is never held in
memory whole next to the export document; and it reads the document's
commitments once, gathering what the written sections say of them
(`facts.gather`) while it writes their part of the embedded record aside on
disk until its place (`payload.CommitmentsAside`), so that it can be written
from the streamed document (`document.stream`), which makes each commitment
as it is read and keeps none. It reads the meetings twice: for their places
and paragraphs before the commitments, and for the embedded record, whose
meetings count the paragraphs the commitments cite.

On a large record two processes share that read (`spill.Aside`): a second one
reads the first commitments, this one the last `PARENT_SHARE` of them once it
has worked out the meetings' analysis and written the paragraphs blob, and
takes in the second one's facts (`Facts.take_in`): the page one read makes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from importlib import resources

from tracker.checks import collector_paused
from tracker.render.document import TITLE, part, prepare
from tracker.render.html import payload
from tracker.render.html.facts import Facts, gather
from tracker.render.html.sections import NOSCRIPT, SECTIONS, contents, filter_bar, header, section
from tracker.render.json import joined
from tracker.render.spill import Aside, Spill, worth_making_aside
from tracker.text import escape_html

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def render(data: dict) -> bytes:
    return joined(pieces(data))


def pieces(data: dict) -> Iterator[str | bytes]:
    """The page, piece by piece: head, sections, the embedded record, the script."""
    with collector_paused():  # many objects made, none of them cyclic garbage
        yield from _pieces(data)


PARENT_SHARE = 0.25
"""The part of the commitments (the last) that this process reads when a second one reads the rest:
this one also works out what changed at each meeting and writes the paragraphs blob."""


def _pieces(data: dict) -> Iterator[str | bytes]:
    index, paragraphs = payload.places_and_paragraphs(data)
    commitments = data["commitments"]
    shared = worth_making_aside(commitments)
    if shared:
        prepare(commitments)  # their states, worked out once for both processes
    cut = len(commitments) - round(len(commitments) * PARENT_SHARE) if shared else len(commitments)

    def gathered(spill: Spill) -> Facts:
        aside = payload.CommitmentsAside(index, paragraphs, spill)
        facts = gather(part(commitments, 0, cut), index, aside.add)
        aside.close()
        return facts

    # The one read of the commitments, most of it by a second process on a large record; meanwhile
    # this one works out what changed at each meeting, which the sections and the embedded meetings
    # show, writes the paragraphs blob, which comes last, and reads the last of the commitments.
    with Aside(gathered, fork=shared) as made, Spill() as blob, Spill() as rest:
        prepare(data["meetings"])
        blob.write_all(payload.paragraph_pieces(paragraphs))
        aside = payload.CommitmentsAside(index, paragraphs, rest, first=cut == 0)
        last = gather(part(commitments, cut), index, aside.add)
        aside.close()
        facts = made.take()
        facts.take_in(last)
        shaped = itertools.chain(made.spills[0].byte_pieces(), rest.byte_pieces())
        yield from _page(data, facts, shaped, blob.byte_pieces())


def _page(data: dict, facts: Facts, commitments: Iterator[bytes], paragraphs: Iterator[bytes]) -> Iterator[str | bytes]:
    yield (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{escape_html(TITLE)}, as of {escape_html(data['as_of'])}</title>\n"
        f"<style>{asset('page.css')}</style>\n"
        "<noscript><style>.scripted { display: none !important; }</style></noscript>\n"
        "</head>\n<body>\n"
    )
    yield header(data, facts) + NOSCRIPT + contents() + filter_bar(data, facts) + "\n<main>\n"
    for entry in SECTIONS:
        yield section(data, facts, entry) + "\n"
    yield '</main>\n<script type="application/json" id="record">'
    yield from payload.record_pieces(data, facts, commitments)
    yield '</script>\n<script type="application/json" id="paragraphs">'
    yield from paragraphs
    yield f"</script>\n<script>{asset('page.js')}</script>\n</body>\n</html>\n"
