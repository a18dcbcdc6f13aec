"""Source articles: decoding, paragraphs, quote normalisation and matching.

A source is UTF-8 text with one paragraph per line. Its paragraphs are its
non-blank lines, stripped, numbered from 1. Quotes are matched against the
normalised text of one paragraph (SPEC section 5, "Quotes").
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

BOM = "\ufeff"

_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
    }
)
_PUNCTUATION_CHARS = tuple(map(chr, _PUNCTUATION))
_ELLIPSIS = re.compile(r"\.\.\.|\u2026")


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


@dataclass(slots=True)
class SourceText:
    """The paragraphs of one source file, with a lazily built normalised copy."""

    paragraphs: list[str]
    digest: str
    _normalised: list[str | None] | None = None

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


def normalise(text: str) -> str:
    """NFC, typographic quotes and dashes made plain, whitespace runs collapsed."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if any(char in text for char in _PUNCTUATION_CHARS):
            text = text.translate(_PUNCTUATION)
    return " ".join(text.split())


def quote_pieces(quote: str) -> list[str]:
    """The normalised pieces of a quote between its elisions (`...` or `…`)."""
    return [piece.strip() for piece in _ELLIPSIS.split(normalise(quote)) if piece.strip()]


def word_count(pieces: list[str]) -> int:
    return sum(len(piece.split()) for piece in pieces)


def contains(paragraph: str, pieces: list[str]) -> bool:
    """Whether the pieces occur in the normalised paragraph, in order."""
    start = 0
    for piece in pieces:
        found = paragraph.find(piece, start)
        if found < 0:
            return False
        start = found + len(piece)
    return True


def find_pieces(paragraph: str, pieces: list[str]) -> list[tuple[int, int]] | None:
    """The (start, end) spans of the pieces in the normalised paragraph, or None."""
    spans, start = [], 0
    for piece in pieces:
        found = paragraph.find(piece, start)
        if found < 0:
            return None
        spans.append((found, found + len(piece)))
        start = found + len(piece)
    return spans


def closest_passage(paragraph: str, quote: str) -> str:
    """The run of words in `paragraph` most like `quote`, to show next to a miss."""
    words = paragraph.split()
    wanted = normalise(quote).split()
    size = min(len(wanted), len(words))
    if size == 0:
        return ""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(" ".join(wanted))
    best, best_ratio = "", -1.0
    for length in {max(1, size - 1), size, size + 1}:
        for start in range(0, max(1, len(words) - length + 1)):
            candidate = " ".join(words[start : start + length])
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
    return best


def quote_spans(paragraph: str, quote: str) -> tuple[str, list[tuple[int, int]]]:
    """The paragraph to display (NFC) and the spans of the quote's pieces in it.

    The quote is found in the normalised paragraph; an offset map carries the
    spans back to the displayed text, whose whitespace and punctuation are
    the report's own.
    """
    shown = paragraph if unicodedata.is_normalized("NFC", paragraph) else unicodedata.normalize("NFC", paragraph)
    normal, offsets = _normalise_with_offsets(shown)
    spans = find_pieces(normal, quote_pieces(quote)) or []
    return shown, [(offsets[start], offsets[end - 1] + 1) for start, end in spans if end > start]


def _normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """`normalise` of NFC text, with the offset in `text` of each character kept."""
    chars, offsets, pending_space = [], [], False
    for index, char in enumerate(text.translate(_PUNCTUATION)):
        if char.isspace():
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append(" ")
            offsets.append(index - 1)
            pending_space = False
        chars.append(char)
        offsets.append(index)
    return "".join(chars), offsets
