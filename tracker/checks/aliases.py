"""uncited-alias: a paragraph names a commitment's alias, but no mention of it cites that paragraph.

A warning that keeps the record complete: either the paragraph is a mention
still to be added (`tracker suggest` lists them, ready to paste), or the
alias is too broad. Matching ignores case and diacritics, treats dashes
alike and matches whole words.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.aliases import AliasMatcher
from tracker.model import Commitment, Record
from tracker.problems import UNCITED_ALIAS, Problem, problem


def uncited(record: Record) -> Iterator[tuple[Commitment, str, str, int]]:
    """(commitment, alias, source id, paragraph) for every uncited naming."""
    by_id = {c.id: c for c in record.commitments if c.id is not None}
    matcher = AliasMatcher((c.id, alias) for c in by_id.values() for alias in c.aliases or () if alias)
    cited = {(c.id, m.source, m.paragraph) for c in by_id.values() for m in c.mentions}
    for source in record.sources():
        text = record.texts.get(source.id)
        if text is None:
            continue
        seen = set()
        for hit in matcher.scan(text.paragraphs):
            key = (hit.commitment, source.id, hit.paragraph)
            if key not in cited and key not in seen:
                seen.add(key)
                yield by_id[hit.commitment], hit.alias, source.id, hit.paragraph


def check(record: Record) -> Iterator[Problem]:
    for commitment, alias, source, paragraph in uncited(record):
        aliases = commitment.aliases or ()
        positions = commitment.item_where.get("aliases", ())
        index = aliases.index(alias)
        at = positions[index] if index < len(positions) else commitment.at("aliases")
        message = f"{source} paragraph {paragraph} names `{alias}` but no mention cites it (see `tracker suggest`)"
        yield problem(commitment.file, at, UNCITED_ALIAS, message, commitment.id)
