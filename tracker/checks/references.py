"""unknown-source, unknown-party, unknown-related: names that point nowhere.

A mention's `source` must be a source id declared in data/meetings.yaml, every
code in `by` a key of `parties`, and every id in `related` a commitment id.
Each message suggests the nearest declared name.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from tracker.model import Commitment, Record
from tracker.problems import UNKNOWN_PARTY, UNKNOWN_RELATED, UNKNOWN_SOURCE, Code, Problem, problem


def check(record: Record) -> Iterator[Problem]:
    source_ids = {source.id for source in record.sources()}
    commitment_ids = {commitment.id for commitment in record.commitments}
    for commitment in record.commitments:
        for mention in commitment.mentions:
            if mention.source is not None and mention.source not in source_ids:
                message = f"mention cites source `{mention.source}`, which data/meetings.yaml does not declare"
                yield problem(
                    mention.file,
                    mention.at("source"),
                    UNKNOWN_SOURCE,
                    message + _nearest(mention.source, source_ids),
                    commitment.id,
                )
        yield from _unknown_items(commitment, "by", record.parties.keys(), UNKNOWN_PARTY, "party")
        yield from _unknown_items(commitment, "related", commitment_ids, UNKNOWN_RELATED, "commitment")


def _unknown_items(commitment: Commitment, key: str, known, code: Code, what: str) -> Iterator[Problem]:
    values = getattr(commitment, key) or ()
    positions = commitment.item_where.get(key, ())
    for index, value in enumerate(values):
        if value is not None and value not in known:
            at = positions[index] if index < len(positions) else commitment.at(key)
            message = f"`{key}` names {what} `{value}`, which is not declared" + _nearest(value, known)
            yield problem(commitment.file, at, code, message, commitment.id)


def _nearest(name: str, known) -> str:
    near = difflib.get_close_matches(name, [k for k in known if k is not None], n=1)
    return f"; did you mean `{near[0]}`?" if near else ""
