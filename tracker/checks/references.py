"""unknown-source, unknown-party, unknown-related: names that point nowhere.

A mention's `source` (and a due's, when the due gives its words) must be a
source id declared in data/meetings.yaml, every code in `by` and every
source's `side` a key of `parties`, and every id in `related` a commitment
id. Each message suggests the nearest declared name (`tracker.nearest`:
bounded, so that thousands of typos cost no more than the check).
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.model import Commitment, Mention, Record
from tracker.nearest import Nearest
from tracker.problems import UNKNOWN_PARTY, UNKNOWN_RELATED, UNKNOWN_SOURCE, Code, Problem, problem
from tracker.text import clip


def check(record: Record) -> Iterator[Problem]:
    source_ids = {source.id for source in record.sources()}
    commitment_ids = {commitment.id for commitment in record.commitments}
    sources, parties, commitments = Nearest(source_ids), Nearest(record.parties), Nearest(commitment_ids)
    for commitment in record.commitments:
        for citation in commitment.citations():
            if citation.source is not None and citation.source not in source_ids:
                what = "mention" if isinstance(citation, Mention) else "`due`"
                message = f"{what} cites source `{clip(citation.source)}`, which data/meetings.yaml does not declare"
                at = citation.at("source")
                yield problem(citation.file, at, UNKNOWN_SOURCE, message + sources.hint(citation.source), commitment.id)
        yield from _unknown_items(commitment, "by", record.parties.keys(), parties, UNKNOWN_PARTY, "party")
        yield from _unknown_items(commitment, "related", commitment_ids, commitments, UNKNOWN_RELATED, "commitment")
    yield from _unknown_sides(record, parties)


def _unknown_sides(record: Record, parties: Nearest) -> Iterator[Problem]:
    for source in record.sources():
        if source.side is not None and source.side not in record.parties:
            message = f"source `{source.id}`: `side` names party `{clip(source.side)}`, which is not declared"
            yield problem(source.file, source.at("side"), UNKNOWN_PARTY, message + parties.hint(source.side))


def _unknown_items(commitment: Commitment, key: str, known, nearest: Nearest, code: Code, what: str):
    values = getattr(commitment, key) or ()
    positions = commitment.item_where.get(key, ())
    for index, value in enumerate(values):
        if value is not None and value not in known:
            at = positions[index] if index < len(positions) else commitment.at(key)
            message = f"`{key}` names {what} `{clip(value)}`, which is not declared" + nearest.hint(value)
            yield problem(commitment.file, at, code, message, commitment.id)
