"""unknown-source, unknown-party, unknown-related: names that point nowhere.

A mention's `source` (and a due's, when the due gives its words) must be a
source id declared in data/meetings.yaml, every code in `by` and every
source's `side` a key of `parties`, and every id in `related` a commitment
id. Each message suggests the nearest declared name.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from tracker.model import Commitment, Mention, Record
from tracker.problems import UNKNOWN_PARTY, UNKNOWN_RELATED, UNKNOWN_SOURCE, Code, Problem, problem


def check(record: Record) -> Iterator[Problem]:
    source_ids = {source.id for source in record.sources()}
    commitment_ids = {commitment.id for commitment in record.commitments}
    for commitment in record.commitments:
        for citation in commitment.citations():
            if citation.source is not None and citation.source not in source_ids:
                what = "mention" if isinstance(citation, Mention) else "`due`"
                message = f"{what} cites source `{citation.source}`, which data/meetings.yaml does not declare"
                yield problem(
                    citation.file,
                    citation.at("source"),
                    UNKNOWN_SOURCE,
                    message + _nearest(citation.source, source_ids),
                    commitment.id,
                )
        yield from _unknown_items(commitment, "by", record.parties.keys(), UNKNOWN_PARTY, "party")
        yield from _unknown_items(commitment, "related", commitment_ids, UNKNOWN_RELATED, "commitment")
    yield from _unknown_sides(record)


def _unknown_sides(record: Record) -> Iterator[Problem]:
    for source in record.sources():
        if source.side is not None and source.side not in record.parties:
            message = f"source `{source.id}`: `side` names party `{source.side}`, which is not declared"
            yield problem(
                source.file, source.at("side"), UNKNOWN_PARTY, message + _nearest(source.side, record.parties)
            )


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
