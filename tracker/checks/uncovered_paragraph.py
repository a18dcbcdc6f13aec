"""uncovered-paragraph: a paragraph with the language of a commitment that the record has not accounted for.

Coverage (SPEC 7.1): a paragraph that holds a cue word (agreed, pledged,
will, signed, implement ...; the one list is in `tracker.coverage`) is
either cited, by a mention or by a due's words, or listed under its
source's `reviewed` with the reason it holds no commitment. Otherwise the
curator has not read it yet, or has read it without saying so. The warning
stands at the source's `id` in data/meetings.yaml, where a `reviewed` entry
would go, and names the paragraph and its cue words; `tracker coverage`
shows the paragraphs with their cue words marked.

Coverage is judged only on a record without errors: while a commitments
file cannot be read, or a mention names a paragraph that is not there, what
the record cites is not known, and calling paragraphs uncovered would bury
the error that matters under warnings that are likely false.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.coverage import coverage
from tracker.model import Record
from tracker.problems import UNCOVERED_PARAGRAPH, Problem, problem


def check(record: Record) -> Iterator[Problem]:
    """Every source's uncovered paragraphs: they depend on every commitment's citations."""
    for found in coverage(record):
        source = found.source
        for paragraph in found.uncovered:
            message = (
                f"{source.id} paragraph {paragraph.number} has the language of a commitment "
                f"({', '.join(paragraph.words)}) but no mention cites it and no `reviewed` entry waives it "
                "(see `tracker coverage`)"
            )
            yield problem(source.file, source.at("id"), UNCOVERED_PARAGRAPH, message)
