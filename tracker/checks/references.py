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


def per_commitment(record: Record, commitment: Commitment) -> Iterator[Problem]:
    """The sources its citations name and the parties in `by` (both declared in data/meetings.yaml)."""
    for citation in commitment.citations():
        if citation.source is not None and record.source(citation.source) is None:
            what = "mention" if isinstance(citation, Mention) else "`due`"
            message = f"{what} cites source `{clip(citation.source)}`, which data/meetings.yaml does not declare"
            hint = _nearest(record, "sources", lambda: [s.id for s in record.sources()]).hint(citation.source)
            yield problem(citation.file, citation.at("source"), UNKNOWN_SOURCE, message + hint, commitment.id)
    if commitment.by:
        parties = _nearest(record, "parties", lambda: record.parties)
        yield from _unknown_items(commitment, "by", record.parties.keys(), parties, UNKNOWN_PARTY, "party")


def across(record: Record) -> Iterator[Problem]:
    """`related` ids, which name commitments of any file, and the sources' sides."""
    commitment_ids = {commitment.id for commitment in record.commitments}
    commitments = Nearest(commitment_ids)
    for commitment in record.commitments:
        if commitment.related:
            yield from _unknown_items(commitment, "related", commitment_ids, commitments, UNKNOWN_RELATED, "commitment")
    yield from _unknown_sides(record, _nearest(record, "parties", lambda: record.parties))


def _nearest(record: Record, what: str, names) -> Nearest:
    """One "did you mean" index per record and kind of name, built on first need."""
    held = record.memo.get(f"nearest-{what}")
    if held is None or held[0] is not record:
        held = record.memo[f"nearest-{what}"] = (record, Nearest(names()))
    return held[1]


def _unknown_sides(record: Record, parties: Nearest) -> Iterator[Problem]:
    for source in record.sources():
        if source.side is not None and source.side not in record.parties:
            message = f"source `{source.id}`: `side` names party `{clip(source.side)}`, which is not declared"
            yield problem(source.file, source.at("side"), UNKNOWN_PARTY, message + parties.hint(source.side))


def _unknown_items(commitment: Commitment, key: str, known, nearest: Nearest, code: Code, what: str):
    values = getattr(commitment, key) or ()
    for index, value in enumerate(values):
        if value is not None and value not in known:
            positions = commitment.item_where.get(key, ())  # read only for a problem: they are packed
            at = positions[index] if index < len(positions) else commitment.at(key)
            message = f"`{key}` names {what} `{clip(value)}`, which is not declared" + nearest.hint(value)
            yield problem(commitment.file, at, code, message, commitment.id)
