"""source-changed: a source file's bytes no longer match its recorded sha256.

Sources are evidence and are never edited in place: a changed file may have
shifted the paragraphs that mentions cite. Restore the file, or register the
new text as a new source.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.model import Record
from tracker.problems import SOURCE_CHANGED, Problem, problem


def check(record: Record) -> Iterator[Problem]:
    for source in record.sources():
        text = record.texts.get(source.id) if source.id is not None else None
        if text is None or source.sha256 is None or text.digest == source.sha256:
            continue
        message = (
            f"source `{source.id}`: {source.path} has sha256 {text.digest}, not the recorded one; "
            "sources are evidence: restore the file or register the new text as a new source"
        )
        yield problem(source.file, source.at("sha256"), SOURCE_CHANGED, message)
