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
from typing import Iterable, Iterator, NamedTuple

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
    for previous, token in zip([None, *tokens], tokens):
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


@dataclass(frozen=True, slots=True)
class _Alias:
    commitment: str
    alias: str
    needle: str  # the alias in canonical form


class AliasMatcher:
    """All aliases of all commitments, each indexed by one of its words.

    A source is first reduced to its set of words; only the aliases whose key
    word is in that set are searched for, so the cost grows with the text,
    not with the number of aliases times the text.
    """

    def __init__(self, aliases: Iterable[tuple[str, str]]):
        entries = []
        for commitment, alias in aliases:
            needle = canonical(alias).strip()
            words = set(_WORD.findall(needle))
            if words:
                entries.append((_Alias(commitment, alias, needle), words))
        # Key each alias by its word that fewest aliases share (the longest on a
        # tie): a word every alias has would send every alias to every source.
        sharing: dict[str, int] = defaultdict(int)
        for _, words in entries:
            for word in words:
                sharing[word] += 1
        self._by_key: dict[str, list[_Alias]] = defaultdict(list)
        for entry, words in entries:
            key = min(words, key=lambda word: (sharing[word], -len(word), word))
            self._by_key[key].append(entry)
        self._keys = frozenset(self._by_key)
        # Every distinct token seen so far, and those that hold an alias key:
        # each token is folded once, and a text's tokens are sorted out with
        # set operations rather than a loop.
        self._token_keys: dict[str, frozenset[str]] = {}
        self._tokens_seen: set[str] = set()
        self._key_tokens: set[str] = set()

    def _keys_in(self, text: str) -> set[str]:
        """The alias keys among the words of `text`."""
        tokens = set(text.split())
        for token in tokens - self._tokens_seen:
            keys = self._keys.intersection(_WORD.findall(fold(token)))
            if keys:
                self._token_keys[token] = keys
                self._key_tokens.add(token)
        self._tokens_seen |= tokens
        found: set[str] = set()
        for token in tokens & self._key_tokens:
            found |= self._token_keys[token]
        return found

    def scan(self, paragraphs: list[str]) -> Iterator[AliasHit]:
        """Every place in `paragraphs` where an alias is named, in paragraph order."""
        if not self._keys:
            return
        raw = "\n".join(paragraphs)
        keys = self._keys_in(raw)
        if not keys:
            return
        text = canonical(raw)
        starts = _line_starts(text)
        end_of_text = len(text)
        find = text.find
        hits = []
        # The hot loop of the check: one pass per candidate alias, inlined.
        for key in keys:
            for entry in self._by_key[key]:
                needle = entry.needle
                size = len(needle)
                start = find(needle)
                while start >= 0:
                    end = start + size
                    if (start == 0 or not _is_word(text[start - 1])) and (end == end_of_text or not _is_word(text[end])):
                        hits.append((bisect.bisect_right(starts, start), start, entry))
                    start = find(needle, start + 1)
        hits.sort(key=lambda hit: (hit[0], hit[1]))
        for paragraph, _, entry in hits:
            yield AliasHit(entry.commitment, entry.alias, paragraph)


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
