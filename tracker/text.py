"""Every normalisation, folding and escaping of text, side by side.

Two comparisons, two foldings, on purpose (SPEC sections 5 and 7):

- Quotes are verbatim: `normalise` makes only typographic variants alike
  (Unicode form, curly quotes, dashes, whitespace runs); case and diacritics
  must match.
- Aliases are names: `fold` also drops case and diacritics (and `đ`, which
  has no decomposition), so `Dong Dang` finds `Đồng Đăng`; `Names` also
  lets a space inside a name be missing (`Hanoi` finds `Hà Nội`). The alias
  check, `suggest` and `search` all find names this way.

And one escape for display (SPEC section 7): `escape` makes every control
character of record or source text visible before anything prints it
(`escape_json` and `escape_html` keep the value, in a form no terminal runs).
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import unicodedata
from collections.abc import Iterator
from itertools import accumulate

# Display (SPEC 7) ---------------------------------------------------------------

# Control characters (C0, DEL, C1), format characters (bidi overrides and
# isolates, marks, zero-width characters), line and paragraph separators, and
# lone surrogates (the undecodable bytes of a file name).
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape(text: str) -> str:
    """`text` with its control and format characters made visible: `\\n`, `\\x1b`, `\\u202e`.

    Record and source text is untrusted: a terminal or a CI log executes what
    it is sent, so nothing is printed without passing through here. One
    character becomes one escape, so escaping pieces or the whole is the
    same. A backslash stays as it is: the aim is that nothing is hidden or
    executed, not that the text can be read back.
    """
    if text.isprintable():  # false for every character escaped, so the common case is one C call
        return text
    return "".join(map(_visible, text))


@functools.lru_cache(maxsize=4096)
def _visible(char: str) -> str:
    if unicodedata.category(char) not in _ESCAPED_CATEGORIES:
        return char
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def escape_json(dumped: str) -> str:
    """JSON text (as `json.dumps(..., ensure_ascii=False)` writes it) with every character
    `escape` would escape written as a JSON escape (`\\u009b`, `\\u202e`).

    JSON itself escapes only C0 controls; DEL, C1 and format characters would
    reach a terminal raw. A JSON escape keeps the value exactly: a program
    reading the JSON gets the record's text, a person looking at it sees no
    control sequence run.
    """
    if dumped.isprintable():  # JSON on one line, as most is: no line to split
        return dumped
    lines = dumped.split("\n")
    if all(line.isprintable() for line in lines):
        return dumped
    return "\n".join(line if line.isprintable() else "".join(map(_json_visible, line)) for line in lines)


@functools.lru_cache(maxsize=4096)
def _json_visible(char: str) -> str:
    if unicodedata.category(char) not in _ESCAPED_CATEGORIES:
        return char
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON spells characters past the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def escape_html(text: str) -> str:
    """`text` as HTML: markup escaped (`html.escape`), and every character `escape` would
    escape written as a character reference (`&#x1b;`, `&#x202e;`).

    A browser shows the record's text exactly; a terminal that is sent the page
    (`tracker export -f html` without `-o`) runs no control sequence.
    """
    escaped = html.escape(text)
    if escaped.isprintable():
        return escaped
    return "".join(
        f"&#x{ord(char):x};" if unicodedata.category(char) in _ESCAPED_CATEGORIES else char for char in escaped
    )


def counted(count: int, noun: str, grouped: bool = False) -> str:
    """`1 meeting`, `2 meetings`: the count and its noun, plural unless the count is 1.
    `grouped` writes the count with thousands separated (`2,000 meetings`)."""
    return (f"{count:,}" if grouped else str(count)) + f" {noun}{'' if count == 1 else 's'}"


def clip(text: str, limit: int = 80) -> str:
    """At most `limit` characters of `text`, a `…` marking a cut: a value echoed in a message stays short."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
_LONG_TEXT = 10_000
_ASCII_SPACE_RUN = re.compile("[\t\n\r\x0b\x0c\x1c-\x1f]|  ")  # what str.split() splits on, in ASCII, but one space
_ELLIPSIS = re.compile(r"\.\.\.|\u2026")


def normalise(text: str) -> str:
    """NFC, typographic quotes and dashes made plain, whitespace runs collapsed."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if any(char in text for char in _PUNCTUATION_CHARS):
            text = text.translate(_PUNCTUATION)
    elif len(text) > _LONG_TEXT and not _ASCII_SPACE_RUN.search(text):
        return text.strip(" ")  # spaced already: no list of a million words to join
    return " ".join(text.split())


def quote_pieces(quote: str) -> list[str]:
    """The normalised pieces of a quote between its elisions (`...` or `…`)."""
    normal = normalise(quote)
    if "..." not in normal and "\u2026" not in normal:  # most quotes elide nothing: no regex pass
        return [normal.strip()] if normal.strip() else []
    return [piece.strip() for piece in _ELLIPSIS.split(normal) if piece.strip()]


# A word is a run of letters or digits (SPEC 5); a combining mark belongs to
# the word it marks. Punctuation is no word, and `_` is punctuation here.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"  # combining marks
_QUOTE_WORD = re.compile(f"(?:[^\\W_]|[{_MARKS}])+")
_ASCII_QUOTE_WORD = re.compile("[A-Za-z0-9]+")  # the same in ASCII text, found without the costly alternation


def word_count(pieces: list[str], at_most: int | None = None) -> int:
    """The words of a quote's pieces (runs of letters or digits, so `, ... —` has none), counted up to `at_most`."""
    count = 0
    for piece in pieces:
        for _ in (_ASCII_QUOTE_WORD if piece.isascii() else _QUOTE_WORD).finditer(piece):
            count += 1
            if count == at_most:
                return count
    return count


def quote_words(pieces: list[str], at_most: int) -> set[str]:
    """Up to `at_most` distinct words of a quote's pieces: each must be a whole word of its paragraph."""
    found: set[str] = set()
    for piece in pieces:
        for match in _QUOTE_WORD.finditer(piece):
            found.add(match.group())
            if len(found) == at_most:
                return found
    return found


def paragraph_words(paragraph: str) -> set[str]:
    """The distinct words of a normalised paragraph (runs of letters or digits)."""
    return set(_QUOTE_WORD.findall(paragraph))


@functools.lru_cache(maxsize=8192)
def _is_word_char(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M")


def _on_boundary(text: str, at: int) -> bool:
    """Whether offset `at` of `text` is not inside a word."""
    return at == 0 or at == len(text) or not (_is_word_char(text[at - 1]) and _is_word_char(text[at]))


def _find_whole(text: str, piece: str, start: int) -> int:
    """The first offset from `start` where `piece` occurs starting and ending on word boundaries, or -1."""
    found = text.find(piece, start)
    while found >= 0 and not (_on_boundary(text, found) and _on_boundary(text, found + len(piece))):
        found = text.find(piece, found + 1)
    return found


def contains(paragraph: str, pieces: list[str]) -> bool:
    """Whether the pieces occur in the normalised paragraph, in order, each on word boundaries."""
    return find_pieces(paragraph, pieces) is not None


def find_pieces(paragraph: str, pieces: list[str]) -> list[tuple[int, int]] | None:
    """The (start, end) spans of the pieces in the normalised paragraph, or None.

    The one definition of "the quote is there", for the check and the
    highlighter alike: in order, each piece starting and ending on a word
    boundary. The earliest place of each piece leaves the most room for
    the next, so the first fit found is a fit if there is one.
    """
    spans, start = [], 0
    for piece in pieces:
        found = _find_whole(paragraph, piece, start)
        if found < 0:
            return None
        spans.append((found, found + len(piece)))
        start = found + len(piece)
    return spans


# The closest passage: a hint next to a quote that is not found, so it is bounded
# (SPEC 7): the quote's words are aligned with the paragraph's by voting, each
# word with the few places it stands, never by comparing every window.
CLOSEST_QUOTE_WORDS = 2_000
"""Words of a quote that are aligned: a 10 MB quote costs what a long one does."""
CLOSEST_OCCURRENCES = 64
"""A word found more often in the paragraph than this says nothing about where the quote is."""
CLOSEST_SHOWN_WORDS = 40
"""The longest passage shown: a long quote is shown around its first slip."""
_CLOSEST_SHIFT = 3
_EDGE_PUNCTUATION = ".,;:!?\"'()[]«»…-"


def word_places(paragraph: str) -> tuple[list[str], dict[str, list[int]]]:
    """The words (by whitespace) of a normalised paragraph, and where each stands, by its key."""
    words = paragraph.split()
    places: dict[str, list[int]] = {}
    for number, word in enumerate(words):
        places.setdefault(word.strip(_EDGE_PUNCTUATION), []).append(number)
    return words, places


def closest_passage(paragraph: str, quote: str, places: tuple[list[str], dict[str, list[int]]] | None = None) -> str:
    """The run of words in `paragraph` (normalised) most like `quote`, to show next to a miss.

    Each quote word votes for the offsets at which it stands in the paragraph;
    the winning offset aligns the two, and the passage runs from where the
    quote's first aligned word stands to where its last one does. Linear in
    the paragraph (whose places a caller may pass, computed once) and in at
    most `CLOSEST_QUOTE_WORDS` words of the quote.
    """
    words, at = places or word_places(paragraph)
    head = normalise(quote[: CLOSEST_QUOTE_WORDS * 64]).split(maxsplit=CLOSEST_QUOTE_WORDS)
    wanted = [word.strip(_EDGE_PUNCTUATION) for word in head[:CLOSEST_QUOTE_WORDS]]
    if not words or not wanted:
        return ""
    aligned = _aligned(wanted, at)
    if not aligned:
        return " ".join(words[: min(len(wanted), CLOSEST_SHOWN_WORDS)])
    (first, start), (last, end) = aligned[0], aligned[-1]
    start, end = max(0, start - first), min(len(words), end + len(wanted) - last)
    return _shown(words, start, end, aligned)


def _aligned(wanted: list[str], at: dict[str, list[int]]) -> list[tuple[int, int]]:
    """(quote word, paragraph word) pairs along the offset most quote words vote for."""
    votes: dict[int, int] = {}
    for number, word in enumerate(wanted):
        places = at.get(word, ())
        if len(places) <= CLOSEST_OCCURRENCES:
            for place in places:
                votes[place - number] = votes.get(place - number, 0) + 1
    if not votes:
        return []
    offset = min(votes, key=lambda shift: (-votes[shift], shift))
    pairs: list[tuple[int, int]] = []
    for number, word in enumerate(wanted):
        found = _nearest_place(at.get(word, []), number + offset, pairs[-1][1] if pairs else -1)
        if found is not None:
            pairs.append((number, found))
    return pairs


def _nearest_place(places: list[int], expected: int, previous: int) -> int | None:
    """The place (ascending `places`) after `previous` nearest `expected`, if within the shift allowed."""
    after = bisect.bisect_right(places, previous)
    at = bisect.bisect_left(places, expected, lo=after)
    near = [place for place in places[max(after, at - 1) : at + 1] if abs(place - expected) <= _CLOSEST_SHIFT]
    return min(near, key=lambda place: abs(place - expected), default=None)


def _shown(words: list[str], start: int, end: int, aligned: list[tuple[int, int]]) -> str:
    """words[start:end], or at most `CLOSEST_SHOWN_WORDS` of them around the first slip, `…` at a cut."""
    if end - start <= CLOSEST_SHOWN_WORDS:
        return " ".join(words[start:end])
    slip = next(
        (
            place
            for (number, place), (after, next_place) in zip(aligned, aligned[1:], strict=False)
            if after != number + 1 or next_place != place + 1  # a word missing on either side
        ),
        aligned[-1][1],
    )
    first = max(start, min(slip - CLOSEST_SHOWN_WORDS // 2, end - CLOSEST_SHOWN_WORDS))
    last = first + CLOSEST_SHOWN_WORDS
    return ("… " if first > start else "") + " ".join(words[first:last]) + (" …" if last < end else "")


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
    chars: list[str] = []
    offsets: list[int] = []
    pending_space = False
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

_COMBINING = re.compile(f"[{_MARKS}]")
_DASH_CHARS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_APOSTROPHE_CHARS = "\u2018\u2019\u201a\u2032"
_DASHES = re.compile(f"[{_DASH_CHARS}]")
_APOSTROPHES = re.compile(f"[{_APOSTROPHE_CHARS}]")
WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lowercase, without diacritics, every dash a hyphen. Keeps line breaks."""
    if text.isascii():
        return text.lower()
    if "\n" in text:
        # Folding never reaches across a line break, and most lines of a source
        # are ASCII: only the others are worth the full work.
        return "\n".join(line.lower() if line.isascii() else _fold_line(line) for line in text.split("\n"))
    return _fold_line(text)


def _fold_line(text: str) -> str:
    text = _COMBINING.sub("", unicodedata.normalize("NFD", text))
    if text.isascii():  # most lines once their marks are gone: no đ, dash or apostrophe to look for
        return text.lower()
    text = text.replace("\u0111", "d").replace("\u0110", "d")  # đ, Đ: no decomposition
    # A regex pass costs more than the membership tests that usually skip it.
    if any(char in text for char in _DASH_CHARS):
        text = _DASHES.sub("-", text)
    if any(char in text for char in _APOSTROPHE_CHARS):
        text = _APOSTROPHES.sub("'", text)
    return text.casefold()  # not lower(): it maps a final sigma by its context


# Every character str.isspace() accepts but a space and a line break (a test
# holds the list to Unicode): membership tests are cheaper than a regex pass.
OTHER_SPACE_CHARS = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_OTHER_SPACES = re.compile(r"[^\S\n ]+")
_NO_SPACES = {ord(" "): None}
_GAP = 1  # a space, in the flags of `Names._gaps`
_SPACE_FLAGS = bytes(_GAP if byte == ord(" ") else 0 for byte in range(256))  # a table for bytes.translate


def has_other_spaces(text: str) -> bool:
    """Whether `text` holds any of OTHER_SPACE_CHARS.

    Every one of them is unprintable, so a printable text (a name, a paragraph) is
    spared the membership tests, which cost more than the one test of printability.
    """
    return not text.isprintable() and any(char in text for char in OTHER_SPACE_CHARS)


class Names:
    """A text as names are found in it: `fold`ed, with no spaces, lines kept.

    A space inside a name may be missing on either side (`Hanoi`, `Hà Nội`;
    `Vietnam`, `Viet Nam`), so names are compared with no spaces at all; where
    a space stood is still a word boundary. `bounded` is the one definition of
    "a name is found here", for the scan over whole sources (this class) and
    the highlight of one paragraph (`NamesWithOffsets`).
    """

    def __init__(self, text: str):
        folded = fold(text)
        if has_other_spaces(folded):
            folded = _OTHER_SPACES.sub(" ", folded)
        self._spaced = folded
        # Deleting by a table is faster than replacing, but only for ASCII text (most sources, once folded).
        self.text = folded.translate(_NO_SPACES) if folded.isascii() else folded.replace(" ", "")
        self._line_starts = line_starts(self.text)
        self._gap_flags: bytes | None = None

    def line(self, position: int) -> int:
        """The 1-based line (paragraph) of a position in `text`."""
        return bisect.bisect_right(self._line_starts, position)

    def find(self, key: str) -> Iterator[int]:
        """Where `key` (a `name_key`) starts in `text` on word boundaries, in order."""
        start = self.text.find(key) if key else -1
        while start >= 0:
            if self.bounded(start, start + len(key)):
                yield start
            start = self.text.find(key, start + 1)

    def bounded(self, start: int, end: int) -> bool:
        """Whether `text[start:end]` begins and ends on a word boundary."""
        text, gaps = self.text, self._gap_flags or self._gaps()  # a call saved: this runs for every place found
        return (start == 0 or gaps[start] == _GAP or not _is_word(text[start - 1])) and (
            end == len(text) or gaps[end] == _GAP or not _is_word(text[end])
        )

    def _gaps(self) -> bytes:
        """One byte for each character of `text`, `_GAP` where a space stood before it.

        Worked out once, on the first test of a boundary, in a few passes in C
        over a byte a character (any character past ASCII is a `?`, never a
        space), read as one big number so that each byte can be added to the
        next at once: twice its own flag (1 for a space) plus the flag of the
        byte before. Then the spaces (2 and 3) go, as they went from `text`.
        """
        if self._gap_flags is None:
            flags = self._spaced.encode("ascii", "replace").translate(_SPACE_FLAGS)
            number = int.from_bytes(flags, "big")  # a flag is at most 1, a sum at most 3: no byte carries
            summed = ((number << 1) + (number >> 8)).to_bytes(len(flags), "big")
            self._gap_flags = summed.translate(None, bytes([2 * _GAP, 2 * _GAP + 1]))
        return self._gap_flags


class NamesWithOffsets(Names):
    """`Names` of one paragraph, each character knowing the offset in the paragraph it comes from.

    Folding character by character gives what folding the whole gives, as
    `fold` maps single characters. Most paragraphs fold one character to one
    (`Hà Nội`, not `Hà Nội` written decomposed): then only the spaces move
    characters, and an offset is worked out from where they stood.
    """

    def __init__(self, text: str):
        table = {ord(char): " " if char.isspace() and char != "\n" else _fold_char(char) for char in set(text)}
        self._ends: list[int] | None = None
        if all(len(folded) == 1 for folded in table.values()):
            self._spaced = text.translate(table)
            pieces = self._spaced.split(" ")
            self.text = "".join(pieces)
            self._ends = list(accumulate(map(len, pieces)))  # where each piece ends: a space stood there
        else:
            self._fold_each(text, table)
        self._line_starts = line_starts(self.text)
        self._gap_flags = None

    def _fold_each(self, text: str, table: dict[int, str]) -> None:
        chars: list[str] = []
        self.offsets: list[int] = []
        for index, char in enumerate(text):
            folded = table[ord(char)]
            chars += folded
            if folded != " ":
                self.offsets += [index] * len(folded)
        self._spaced = "".join(chars)
        self.text = self._spaced.replace(" ", "")

    def _offset(self, position: int) -> int:
        if self._ends is None:
            return self.offsets[position]
        return position + bisect.bisect_right(self._ends, position)  # one space removed before each end passed

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that `text[start:end]` comes from."""
        return self._offset(start), self._offset(end - 1) + 1


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return fold(char)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def line_starts(text: str) -> list[int]:
    """The offset where each line of `text` starts: a paragraph's number is found by bisecting them."""
    starts = [0]
    find = text.find
    position = find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = find("\n", position + 1)
    return starts


def name_key(name: str) -> str:
    """A name as `Names` holds text: what to look for; empty when it has no word."""
    key = Names(name).text.replace("\n", "")
    return key if WORD.search(key) else ""


def name_spans(name: str, text: str) -> list[tuple[int, int]]:
    """Where `name` is found in `text` (one paragraph), as offsets into `text` itself."""
    key = name_key(name)
    if not key:
        return []
    names = NamesWithOffsets(text)
    return [names.span(start, start + len(key)) for start in names.find(key)]


# Cues (SPEC 7.1) ----------------------------------------------------------------------

# A cue of two words matches across any one space: those of OTHER_SPACE_CHARS become plain
# ones (only "\n" separates paragraphs in a source's joined text).
_CUE_SPACES = str.maketrans(dict.fromkeys(OTHER_SPACE_CHARS, " "))


def cue_form(text: str) -> str:
    """Lowercase, every space a plain space, one character for one, so offsets hold in `text`.

    Cues (commitment language) are English words matched in any case; unlike
    names they keep their diacritics and spaces, since they are not names.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lowercase to two (İ): keep those as they are
        lowered = "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
    if has_other_spaces(lowered):
        lowered = lowered.translate(_CUE_SPACES)
    return lowered


def cue_form_joined(paragraphs: list[str]) -> str:
    """The paragraphs joined by line breaks, each in `cue_form` on its own.

    A paragraph's cues so never depend on the other paragraphs of its source, and a
    paragraph of plain ASCII, as most are, lowercases many times faster on its own
    than as part of a text that is not.
    """
    return "\n".join(map(cue_form, paragraphs))


def whole_words(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` begins and ends on a word boundary, as a cue must."""
    return (start == 0 or not _is_word(text[start - 1])) and (end == len(text) or not _is_word(text[end]))


# Full-text search (the sqlite export) -------------------------------------------------

# Two or more words whose first letters are not a to z: a superset of the runs of capitalised words,
# found by the regex engine rather than word by word in Python (most words are lowercase ASCII). The
# first character is any of A-Z or beyond ASCII and then checked to be such a letter: the engine skips
# ahead to a character of a plain range quickly, not to one of a Unicode category.
_CAPITALISED_RUN = re.compile(r"[A-Z\x80-\U0010ffff](?<=[^\W\d_a-z])\w*(?:[^\S\n]+[^\W\d_a-z]\w*)+")
_WORD_CHAR = re.compile(r"\w")
_LETTER = re.compile(r"[^\W\d_]")
_JOINED_SIZES = (2, 3)


def joined_names(text: str) -> list[str]:
    """Runs of two or three capitalised words written without their spaces, folded.

    A space inside a name may be missing (`Hanoi`, `Hà Nội`), but a word index
    cannot ignore a space as `Names` does, so the search column of the
    sqlite export carries these joined forms too: `Hanoi` then finds `Hà Nội`.
    A word starts at the first letter of a run of word characters (`1Hanoi`
    is `Hanoi`, `aHanoi` is not capitalised).
    """
    joined: list[str] = []
    for run in _CAPITALISED_RUN.finditer(text):
        words = run.group().split()
        if _begins_inside_a_word(text, run.start()):
            words[0] = ""  # the word began with a lowercase letter
        names: list[str] = []
        for word in [*words, ""]:
            if word[:1].isupper():
                names.append(word)
                continue
            if len(names) > 1:
                joined += ["".join(names[i : i + size]) for size in _JOINED_SIZES for i in range(len(names) - size + 1)]
            names = []
    return [fold(name) for name in joined]


def _begins_inside_a_word(text: str, start: int) -> bool:
    """Whether a letter comes before `start` among the word characters it follows."""
    token = start
    while token > 0 and _WORD_CHAR.match(text, token - 1):
        token -= 1
    return _LETTER.search(text, token, start) is not None


def search_form(text: str) -> str:
    """The text as a word index should see it: folded, one line, then its joined names."""
    return " ".join([*fold(text).split(), *joined_names(text)])
