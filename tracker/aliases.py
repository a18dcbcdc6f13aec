"""Find where a commitment's aliases are named: one matcher for `check` and `suggest`.

Matching ignores case and diacritics (`Lao Cai` matches `Lào Cai`, `Dong Dang`
matches `Đồng Đăng`), treats all dashes alike and matches whole words only
(`rail` does not match `railway`).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_APOSTROPHES = re.compile("[\u2018\u2019\u201a\u2032]")
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"-|[^\s-]+")


def fold(text: str) -> str:
    """Lowercase, without diacritics, every dash a hyphen. Keeps line breaks."""
    if text.isascii():
        return text.lower()
    text = _COMBINING.sub("", unicodedata.normalize("NFD", text))
    text = text.replace("\u0111", "d").replace("\u0110", "d")  # đ, Đ: no decomposition
    return _APOSTROPHES.sub("'", _DASHES.sub("-", text)).lower()


def fold_keeping_offsets(text: str) -> str:
    """`fold`, one character for one, so that offsets of a match hold in `text`."""
    return "".join(folded if len(folded := fold(char)) == 1 else char.lower() for char in text)


def alias_pattern(alias: str) -> re.Pattern | None:
    """A regex for the folded alias: whole words, any run of spaces, any dash."""
    tokens = _TOKEN.findall(fold(alias))
    if not tokens or not _WORD.search(alias):
        return None
    parts: list[str] = []
    for previous, token in zip([None, *tokens], tokens):
        if token == "-":
            parts.append(r"[^\S\n]*-[^\S\n]*")
            continue
        if previous not in (None, "-"):
            parts.append(r"[^\S\n]+")
        parts.append(re.escape(token))
    return re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)")


@dataclass(frozen=True, slots=True)
class AliasHit:
    commitment: str
    alias: str
    paragraph: int  # 1-based


@dataclass(frozen=True, slots=True)
class _Alias:
    commitment: str
    alias: str
    pattern: re.Pattern


class AliasMatcher:
    """All aliases of all commitments, indexed by their longest word.

    A source is first reduced to its set of words; only the aliases whose key
    word is in that set are searched for, so the cost grows with the text,
    not with the number of aliases times the text.
    """

    def __init__(self, aliases: Iterable[tuple[str, str]]):
        self._by_key: dict[str, list[_Alias]] = defaultdict(list)
        for commitment, alias in aliases:
            pattern = alias_pattern(alias)
            if pattern is not None:
                key = max(_WORD.findall(fold(alias)), key=len)
                self._by_key[key].append(_Alias(commitment, alias, pattern))

    def scan(self, paragraphs: list[str]) -> Iterator[AliasHit]:
        """Every place in `paragraphs` where an alias is named, in paragraph order."""
        if not self._by_key:
            return
        folded = fold("\n".join(paragraphs))
        keys = self._by_key.keys() & set(_WORD.findall(folded))
        if not keys:
            return
        starts = _line_starts(folded)
        hits = []
        for key in keys:
            for entry in self._by_key[key]:
                for match in entry.pattern.finditer(folded):
                    index = bisect.bisect_right(starts, match.start()) - 1
                    hits.append((index, match.start(), entry))
        hits.sort(key=lambda hit: (hit[0], hit[1]))
        for index, _, entry in hits:
            yield AliasHit(entry.commitment, entry.alias, index + 1)


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
