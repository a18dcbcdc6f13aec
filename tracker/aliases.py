"""Find where a commitment's aliases are named: one matcher for `check` and `suggest`.

Matching ignores case and diacritics (`Lao Cai` matches `Lào Cai`, `Dong Dang`
matches `Đồng Đăng`), treats all dashes alike and matches whole words only
(`rail` does not match `railway`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import ahocorasick

from tracker.model import Commitment, Record
from tracker.text import WORD, alias_pattern, canonical, fold_keeping_offsets


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
            needle = canonical(alias).strip()
            if not WORD.search(needle):
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
        text = canonical("\n".join(paragraphs))
        starts = _line_starts(text)
        end_of_text = len(text)
        hits = []
        for last, (size, entries) in self._automaton.iter(text):
            start, end = last - size + 1, last + 1
            if (start == 0 or not _is_word(text[start - 1])) and (end == end_of_text or not _is_word(text[end])):
                paragraph = bisect.bisect_right(starts, start)
                hits += [(paragraph, start, commitment, alias) for commitment, alias in entries]
        hits.sort()
        for paragraph, _, commitment, alias in hits:
            yield AliasHit(commitment, alias, paragraph)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def alias_spans(alias: str, paragraph: str) -> list[tuple[int, int]]:
    """Where `alias` is named in `paragraph`, as offsets into `paragraph` itself."""
    pattern = alias_pattern(alias)
    if pattern is None:
        return []
    return [match.span() for match in pattern.finditer(fold_keeping_offsets(paragraph))]


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
