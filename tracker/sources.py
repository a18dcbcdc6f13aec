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

from tracker.text import contains, normalise

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
