"""uncited-alias: a paragraph names a commitment's alias, but no mention of it cites that paragraph.

A warning that keeps the record complete: either the paragraph is a mention
still to be added (`tracker suggest` lists them, ready to paste), or the
alias is too broad. Matching ignores case and diacritics, treats dashes
alike, lets a space inside a name be missing (`Hanoi` matches `Hà Nội`) and
matches whole words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tracker.aliases import Place, uncited_of
from tracker.model import Commitment, Record
from tracker.problems import UNCITED_ALIAS, Problem, problem


def per_commitment(record: Record, commitment: Commitment) -> Iterator[Problem]:
    """Depends on the commitment and the sources' texts alone: the alias index is built from the texts."""
    return of_places(commitment, uncited_of(record, commitment))


def of_places(commitment: Commitment, places: Iterable[Place]) -> Iterator[Problem]:
    """The problems of a commitment's uncited places, however they were found (`tracker.split`)."""
    first_item: dict[str, int] = {}  # an alias repeated in the list is placed at its first item
    for number, alias in enumerate(commitment.aliases or ()):
        first_item.setdefault(alias, number)
    for alias, source, paragraph in places:
        positions = commitment.item_where.get("aliases", ())  # read only for a problem: they are packed
        index = first_item[alias]
        at = positions[index] if index < len(positions) else commitment.at("aliases")
        message = f"{source} paragraph {paragraph} names `{alias}` but no mention cites it (see `tracker suggest`)"
        yield problem(commitment.file, at, UNCITED_ALIAS, message, commitment.id)
