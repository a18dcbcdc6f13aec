"""Every normalisation and folding of text, side by side.

Two comparisons, two foldings, on purpose (SPEC sections 5 and 7):

- Quotes are verbatim: `normalise` makes only typographic variants alike
  (Unicode form, curly quotes, dashes, whitespace runs); case and diacritics
  must match.
- Aliases are names: `fold` also drops case and diacritics (and `đ`, which
  has no decomposition), so `Dong Dang` finds `Đồng Đăng`; `canonical` also
  lets a space inside a name be missing.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

# Quotes (SPEC 5) ------------------------------------------------------------------

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


# Aliases (SPEC 7) -----------------------------------------------------------------

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_DASH_CHARS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_APOSTROPHE_CHARS = "\u2018\u2019\u201a\u2032"
_DASHES = re.compile(f"[{_DASH_CHARS}]")
_APOSTROPHES = re.compile(f"[{_APOSTROPHE_CHARS}]")
WORD = re.compile(r"\w+")
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
    if not tokens or not WORD.search(alias):
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
