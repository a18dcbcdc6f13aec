"""Find where a commitment's aliases are named: one matcher for `check` and `suggest`.

Matching ignores case and diacritics (`Lao Cai` matches `Lào Cai`, `Dong Dang`
matches `Đồng Đăng`), treats all dashes alike, lets a space inside a name be
missing on either side (`Hanoi` matches `Hà Nội`) and matches whole words only
(`rail` does not match `railway`). `tracker.text` defines all of it; this
module finds many names in many paragraphs at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple

import ahocorasick  # type: ignore[import-not-found]

from tracker.model import Commitment, Record
from tracker.sources import SourceText
from tracker.text import Names, name_key, name_spans


class AliasHit(NamedTuple):
    commitment: str
    alias: str
    paragraph: int  # 1-based


_HIT_FIELDS = itemgetter(2, 3, 0)  # (paragraph, place, commitment, alias) -> AliasHit's fields


class AliasMatcher:
    """All aliases of all commitments, found in one pass over a text.

    An Aho-Corasick automaton (pyahocorasick, in C) finds every alias in a
    single scan whatever their number; Python then only tests the word
    boundaries of the few places found.
    """

    def __init__(self, aliases: Iterable[tuple[str, str]]):
        self._automaton = ahocorasick.Automaton()
        for commitment, alias in aliases:
            needle = name_key(alias)
            if not needle:
                continue
            entry = self._automaton.get(needle, None)
            if entry is None:
                self._automaton.add_word(needle, (len(needle), [(commitment, alias)]))
            else:
                entry[1].append((commitment, alias))
        if len(self._automaton):
            self._automaton.make_automaton()

    def scan(self, paragraphs: list[str]) -> Iterator[AliasHit]:
        """Every place in `paragraphs` where an alias is named, in paragraph order."""
        if not len(self._automaton):
            return
        names = Names("\n".join(paragraphs))
        bounded, line = names.bounded, names.line  # bound once: called for every place the automaton finds
        hits = []
        for last, (size, entries) in self._automaton.iter(names.text):
            start = last - size + 1
            if bounded(start, last + 1):
                paragraph = line(start)
                for commitment, alias in entries:
                    hits.append((paragraph, start, commitment, alias))
        hits.sort()
        # Each hit made as AliasHit._make makes one, but by calls from C: a source has hundreds.
        yield from map(tuple.__new__, repeat(AliasHit), map(_HIT_FIELDS, hits))


def alias_spans(alias: str, paragraph: str) -> list[tuple[int, int]]:
    """Where `alias` is named in `paragraph`, as offsets into `paragraph` itself."""
    return name_spans(alias, paragraph)


def uncited(record: Record) -> Iterator[tuple[Commitment, str, str, int]]:
    """(commitment, alias, source id, paragraph) for every uncited naming, commitment by commitment."""
    for commitment in record.commitments:
        for alias, source, paragraph in uncited_of(record, commitment):
            yield commitment, alias, source, paragraph


def uncited_of(record: Record, commitment: Commitment) -> Iterator[Place]:
    """(alias, source id, paragraph) where a paragraph names the commitment's alias and no mention of it cites it.

    In source order, then paragraph order; a paragraph once, with the alias named first in it.
    """
    return uncited_places(alias_index(record), commitment.aliases or (), cited_places(commitment))


Place = tuple[str, str, int]
"""(alias, source id, paragraph): where an alias is named."""
Index = dict[str, list[tuple[int, int, int, str, str]]]
"""Alias -> where it is named: [(source order, paragraph, place in the source's scan, source id, alias)]."""


def cited_places(commitment: Commitment) -> set[tuple[str | None, int | None]]:
    """(source id, paragraph) of each of the commitment's mentions."""
    return {(mention.source, mention.paragraph) for mention in commitment.mentions}


def uncited_places(index: Index, aliases: Iterable[str], cited: set[tuple[str | None, int | None]]) -> Iterator[Place]:
    """`uncited_of` for a commitment's `aliases` and `cited_places`, given the alias index."""
    places = sorted(place for alias in dict.fromkeys(aliases) for place in index.get(alias, ()))
    cited = set(cited)
    for _, paragraph, _, source, alias in places:
        if (source, paragraph) not in cited:
            cited.add((source, paragraph))
            yield alias, source, paragraph


def alias_index(record: Record, aliases: tuple[str, ...] | None = None) -> Index:
    """Where each alias of the record is named: alias -> [(source order, paragraph, place, source id, alias)].

    Built from one scan of each source for all aliases at once, and kept in
    `record.memo`: a source is scanned again only when its text changes, and
    all of them when the record's set of aliases does. An edit that touches
    neither (a quote, a kind, a paragraph number) costs no scan at all.
    `aliases` (as `record_aliases` gives them) stands for the record's own when
    it holds only some of the commitments whose aliases count (`tracker.split`).
    """
    memo = record.memo.setdefault(MEMO_KEY, {})
    if memo.get("record") is record:
        return memo["index"]
    scans = memo.get("scans", {})
    rebuilt = alias_scans(record, record_aliases(record.commitments) if aliases is None else aliases)
    if "index" in memo and list(rebuilt) == list(scans) and all(rebuilt[k] is scans[k] for k in rebuilt):
        memo["record"] = record  # the same scans in the same order: the same index
        return memo["index"]
    index: Index = {}
    for order, (source_id, (_, hits)) in enumerate(rebuilt.items()):
        for place, (paragraph, alias) in enumerate(hits):
            index.setdefault(alias, []).append((order, paragraph, place, source_id, alias))
    memo.update(index=index, record=record)
    return index


MEMO_KEY = "alias-index"
Scans = dict[str, tuple[SourceText, list[tuple[int, str]]]]
"""Source id -> (its text, where in it an alias is named: [(paragraph, alias)]), in the record's source order."""


def record_aliases(commitments: Iterable[Commitment]) -> tuple[str, ...]:
    """Every alias of these commitments, once each, sorted: what the sources are scanned for."""
    return tuple(sorted({alias for commitment in commitments for alias in commitment.aliases or () if alias}))


def alias_scans(record: Record, aliases: tuple[str, ...]) -> Scans:
    """Each readable source scanned for `aliases`, reusing the memo's scan of a text it already scanned for them."""
    memo = record.memo.setdefault(MEMO_KEY, {})
    if memo.get("aliases") != aliases:
        memo.clear()
        memo.update(aliases=aliases, scans={})
    scans, rebuilt = memo["scans"], {}
    for source in record.sources():
        text = record.texts.get(source.id) if source.id is not None else None
        if source.id is None or text is None or source.id in rebuilt:
            continue
        held = scans.get(source.id)
        if held is None or held[0] is not text:
            if "matcher" not in memo:
                memo["matcher"] = AliasMatcher((alias, alias) for alias in aliases)
            held = (text, [(hit.paragraph, hit.alias) for hit in memo["matcher"].scan(text.paragraphs)])
        rebuilt[source.id] = held
    memo["scans"] = rebuilt
    return rebuilt


Hits = list[tuple[str, list[tuple[int, str]]]]
"""`Scans` without the texts: what crosses to another process, which has the same texts."""


def hits_of(record: Record) -> Hits:
    """The scans `alias_index` made of the record's sources, without the texts, in source order."""
    return [(source, hits) for source, (_, hits) in record.memo[MEMO_KEY]["scans"].items()]


def adopt_scans(record: Record, aliases: tuple[str, ...], hits: Hits) -> None:
    """Keep in `record.memo`, as if made here, the scans another process made of the same texts
    for `aliases` (`hits_of`): `alias_index` then builds its index from them, scanning nothing,
    once the record's aliases are `aliases`."""
    texts = record.texts
    record.memo[MEMO_KEY] = {"aliases": aliases, "scans": {source: (texts[source], found) for source, found in hits}}
