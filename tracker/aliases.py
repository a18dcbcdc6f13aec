"""Find where a commitment's aliases are named: one matcher for `check` and `suggest`.

Matching ignores case and diacritics (`Lao Cai` matches `Lào Cai`, `Dong Dang`
matches `Đồng Đăng`), treats all dashes alike, lets a space inside a name be
missing on either side (`Hanoi` matches `Hà Nội`) and matches whole words only
(`rail` does not match `railway`). `tracker.text` defines all of it; this
module finds many names in many paragraphs at once.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import ahocorasick  # type: ignore[import-not-found]

from tracker.model import Commitment, Record
from tracker.text import at_word_boundaries, name_key, name_spans, spaceless


class AliasHit(NamedTuple):
    commitment: str
    alias: str
    paragraph: int  # 1-based


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
        text, gaps = spaceless("\n".join(paragraphs))
        starts = _line_starts(text)
        hits = []
        for last, (size, entries) in self._automaton.iter(text):
            start = last - size + 1
            if at_word_boundaries(text, gaps, start, last + 1):
                paragraph = bisect.bisect_right(starts, start)
                hits += [(paragraph, start, commitment, alias) for commitment, alias in entries]
        hits.sort()
        for paragraph, _, commitment, alias in hits:
            yield AliasHit(commitment, alias, paragraph)


def alias_spans(alias: str, paragraph: str) -> list[tuple[int, int]]:
    """Where `alias` is named in `paragraph`, as offsets into `paragraph` itself."""
    return name_spans(alias, paragraph)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    position = find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = find("\n", position + 1)
    return starts


def uncited(record: Record) -> Iterator[tuple[Commitment, str, str, int]]:
    """(commitment, alias, source id, paragraph) for every uncited naming."""
    by_id = {c.id: c for c in record.commitments if c.id is not None}
    matcher = AliasMatcher((key, alias) for key, c in by_id.items() for alias in c.aliases or () if alias)
    cited = {(c.id, m.source, m.paragraph) for c in by_id.values() for m in c.mentions}
    for source in record.sources():
        text = record.texts.get(source.id) if source.id is not None else None
        if source.id is None or text is None:
            continue
        seen = set()
        for hit in matcher.scan(text.paragraphs):
            key = (hit.commitment, source.id, hit.paragraph)
            if key not in cited and key not in seen:
                seen.add(key)
                yield by_id[hit.commitment], hit.alias, source.id, hit.paragraph
