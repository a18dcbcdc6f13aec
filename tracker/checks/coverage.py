"""uncovered-paragraph: a paragraph with the language of a commitment that the record has not read (SPEC 7.1).

A paragraph whose words are those of an undertaking or of its implementation
(the cue list of `tracker.coverage`) is either cited by some mention or
due, or listed under its source's `reviewed` with the reason it holds no
commitment. Otherwise the record has not read it: the warning points at the
source's entry in data/meetings.yaml and names the cue words, and
`tracker coverage SOURCE` shows the paragraph with them marked.

Coverage is judged only on a record without errors (`checks.WHEN_VALID`):
while a commitments file cannot be read, or a mention points nowhere, what
the record cites is not known, and the paragraphs that file or mention cites
would be called uncovered: warnings that are false, around the error that
matters.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.coverage import uncovered
from tracker.model import Record
from tracker.problems import UNCOVERED_PARAGRAPH, Problem, problem
from tracker.text import clip


def check(record: Record) -> Iterator[Problem]:
    for paragraph in uncovered(record):
        source = paragraph.source
        words = ", ".join(paragraph.words)
        message = (
            f"{clip(source.id or '')} paragraph {paragraph.number} has the language of a commitment ({words}) "
            f"but no mention cites it and `reviewed` does not waive it (see `tracker coverage {source.id}`)"
        )
        yield problem(source.file, source.at("id"), UNCOVERED_PARAGRAPH, message)
