"""Find where a commitment's aliases are named: one matcher for `check` and `suggest`.

Matching ignores case and diacritics (`Lao Cai` matches `Lào Cai`, `Dong Dang`
matches `Đồng Đăng`), treats all dashes alike and matches whole words only
(`rail` does not match `railway`).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import ahocorasick

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_DASH_CHARS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_APOSTROPHE_CHARS = "\u2018\u2019\u201a\u2032"
_DASHES = re.compile(f"[{_DASH_CHARS}]")
_APOSTROPHES = re.compile(f"[{_APOSTROPHE_CHARS}]")
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"-|[^\s-]+")


def fold(text: str) -> str:
    """Lowercase, without diacritics, every dash a hyphen. Keeps line breaks."""
    if text.isascii():
        return text.lower()
    text = _COMBINING.sub("", unicodedata.normalize("NFD", text))
    text = text.replace("\u0111", "d").replace("\u0110", "d")  # đ, Đ: no decomposition
    # A regex pass costs more than the membership tests that usually skip it.
    if any(char in text for char in _DASH_CHARS):
        text = _DASHES.sub("-", text)
    if any(char in text for char in _APOSTROPHE_CHARS):
        text = _APOSTROPHES.sub("'", text)
    return text.lower()


def fold_keeping_offsets(text: str) -> str:
    """`fold`, one character for one, so that offsets of a match hold in `text`."""
    return "".join(folded if len(folded := fold(char)) == 1 else char.lower() for char in text)


def alias_pattern(alias: str) -> re.Pattern | None:
    """A regex for the folded alias: whole words, any run of spaces, any dash."""
    tokens = _TOKEN.findall(fold(alias))
    if not tokens or not _WORD.search(alias):
        return None
    parts: list[str] = []
    for previous, token in zip([None, *tokens], tokens, strict=False):
        if token == "-":
            parts.append(r"[^\S\n]*-[^\S\n]*")
            continue
        if previous not in (None, "-"):
            parts.append(r"[^\S\n]+")
        parts.append(re.escape(token))
    return re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)")


_SPACES = re.compile(r"[^\S\n]+")
_SPACED_DASH = re.compile(r" ?- ?")


def canonical(text: str) -> str:
    """`fold`, with each run of spaces one space and no spaces around a dash.

    Both aliases and texts are put in this form, so that an alias is found
    with a plain substring search plus a test for word boundaries. A regex
    pass over a long text costs more than the tests that skip it.
    """
    text = fold(text)
    if "  " in text or "\t" in text or not text.isascii():
        text = _SPACES.sub(" ", text)
    if " -" in text or "- " in text:
        text = _SPACED_DASH.sub("-", text)
    return text


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
            if not _WORD.search(needle):
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
