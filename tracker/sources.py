"""Source articles: decoding, paragraphs, quote normalisation and matching.

A source is UTF-8 text with one paragraph per line. Its paragraphs are its
non-blank lines, stripped, numbered from 1. Quotes are matched against the
normalised text of one paragraph (SPEC section 5, "Quotes").
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tracker.text import closest_passage, contains, normalise, paragraph_words, quote_words, word_places

BOM = "\ufeff"


class SourceEncodingError(ValueError):
    """The bytes of a source are not UTF-8."""

    def __init__(self, offset: int, byte: int):
        super().__init__(f"not valid UTF-8: byte 0x{byte:02x} at offset {offset}")
        self.offset = offset
        self.byte = byte


def decode(data: bytes) -> str:
    """Decode a source's bytes, tolerating a BOM; raise SourceEncodingError."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceEncodingError(error.start, data[error.start]) from None
    return text[1:] if text.startswith(BOM) else text


def split_paragraphs(text: str) -> list[str]:
    """The non-blank lines of `text`, stripped (CR of CRLF included)."""
    return [line for line in (raw.strip() for raw in text.split("\n")) if line]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Looking for a missing quote in the other paragraphs: a hint, so bounded. The
# first misses of a source scan its text (in C, fast); past `ELSEWHERE_SCANS`
# misses its words are indexed once (in Python, slower, but then each miss
# costs a few look-ups), so the work stays linear in the source and the misses.
ELSEWHERE_SCANS = 32
ELSEWHERE_WORDS = 8
"""The rarest words of a quote that pick the paragraphs worth trying."""
ELSEWHERE_TRIED = 32
"""Paragraphs tried for one quote, at most."""
CLOSEST_KEPT_CHARS = 20_000
"""A paragraph this long has its words placed once for every closest passage shown in it."""


@dataclass(slots=True)
class SourceText:
    """The paragraphs of one source file, with lazily built normalised copies and word indexes."""

    paragraphs: list[str]
    digest: str
    _normalised: list[str | None] | None = None
    _paragraphs_of_word: dict[str, list[int]] | None = None
    _places: dict[int, tuple] | None = None
    _misses: int = 0

    def has(self, number: int, pieces: list[str]) -> bool:
        """Whether the quote's pieces are in paragraph `number`, in order.

        Most paragraphs are NFC with plain punctuation and single spaces; in
        such text a hit in the raw paragraph is a hit in the normalised one,
        so normalising waits for a miss.
        """
        raw = self.paragraphs[number - 1]
        if (raw.isascii() or unicodedata.is_normalized("NFC", raw)) and contains(raw, pieces):
            return True
        return contains(self.normalised(number), pieces)

    def elsewhere(self, pieces: list[str], cited: int) -> list[int]:
        """The paragraphs other than `cited` that hold the quote's pieces (at most `ELSEWHERE_TRIED` tried)."""
        self._misses += 1
        found = self._scanned(pieces) if self._misses <= ELSEWHERE_SCANS else self._indexed(pieces)
        return [n for n in [n for n in found if n != cited][:ELSEWHERE_TRIED] if self.has(n, pieces)]

    def _scanned(self, pieces: list[str]) -> list[int]:
        """Paragraphs where the quote's longest piece occurs: one pass, each paragraph searched in C."""
        piece = max(pieces, key=len)
        found: list[int] = []
        for number, raw in enumerate(self.paragraphs, 1):
            if piece in raw or piece in normalise(raw):  # not kept: a hint spends no memory
                found.append(number)
                if len(found) > ELSEWHERE_TRIED:
                    break
        return found

    def _indexed(self, pieces: list[str]) -> list[int]:
        """Paragraphs holding the quote's rarest words as words: each of its words is one there (SPEC 5)."""
        index = self._word_index()
        postings = sorted((index.get(word, []) for word in quote_words(pieces, 256)), key=len)
        if not postings or not postings[0]:
            return []
        others = [set(posting) for posting in postings[1:ELSEWHERE_WORDS]]
        return [n for n in postings[0] if all(n in other for other in others)][: ELSEWHERE_TRIED + 1]

    def closest(self, number: int, quote: str) -> str:
        """The passage of paragraph `number` most like `quote`; a long paragraph's words are placed once."""
        paragraph = self.normalised(number)
        if len(paragraph) < CLOSEST_KEPT_CHARS:
            return closest_passage(paragraph, quote)
        if self._places is None:
            self._places = {}
        if number not in self._places:
            self._places[number] = word_places(paragraph)
        return closest_passage(paragraph, quote, self._places[number])

    def _word_index(self) -> dict[str, list[int]]:
        if self._paragraphs_of_word is None:
            self._paragraphs_of_word = {}
            for number, raw in enumerate(self.paragraphs, 1):
                for word in paragraph_words(normalise(raw)):
                    self._paragraphs_of_word.setdefault(word, []).append(number)
        return self._paragraphs_of_word

    @classmethod
    def from_bytes(cls, data: bytes) -> SourceText:
        return cls(split_paragraphs(decode(data)), sha256(data))

    @classmethod
    def read(cls, path: Path) -> SourceText:
        return cls.from_bytes(path.read_bytes())

    def normalised(self, number: int) -> str:
        """The normalised text of paragraph `number` (1-based), cached."""
        if self._normalised is None:
            self._normalised = [None] * len(self.paragraphs)
        cached = self._normalised[number - 1]
        if cached is None:
            cached = self._normalised[number - 1] = normalise(self.paragraphs[number - 1])
        return cached
