"""Quotes are made of whole words (SPEC section 5): every piece between
elisions starts and ends on a word boundary of the paragraph, a word is a
run of letters or digits, and the highlighter agrees with the check."""

from __future__ import annotations

import pytest
from conftest import PLAIN, SOURCE_A, found, write_root
from hypothesis import given
from hypothesis import strategies as st

from tracker.sources import SourceText
from tracker.text import normalise, quote_pieces, quote_spans, word_count

QUOTE = "        quote: establish a bilateral intergovernmental railway cooperation committee\n"


def with_quote(tmp_path, quote: str, source: str = SOURCE_A):
    assert QUOTE in PLAIN
    return found(
        write_root(tmp_path, PLAIN.replace(QUOTE, f"        quote: {quote}\n"), sources={"seeds/a.txt": source})
    )


@pytest.mark.parametrize(
    "quote",
    [
        '"a ... a ... a"',  # each `a` inside a word: agreed, establish, bilateral
        "greed to establish",  # starts inside `agreed`
        "agreed to establis",  # ends inside `establish`
        "ilateral intergovernmental railway",
    ],
)
def test_a_piece_inside_a_word_is_not_found(tmp_path, quote):
    assert with_quote(tmp_path, quote) == [("quote-not-found", 10, 16)]


@pytest.mark.parametrize(
    "quote",
    [
        "agreed to establish",
        "They agreed ... a ... committee",
        "railway cooperation committee.",  # punctuation after a word ends on a boundary
        '"… a bilateral intergovernmental"',
    ],
)
def test_the_near_miss_whole_words_are_found(tmp_path, quote):
    assert with_quote(tmp_path, quote) == []


def test_a_piece_found_inside_a_word_first_is_found_whole_later(tmp_path):
    source = SOURCE_A.replace("They agreed to establish", "Theyagreed to establishment, they agreed to establish")
    assert with_quote(tmp_path, "agreed to establish", source) == []


def test_punctuation_is_no_word(tmp_path):
    source = SOURCE_A.replace("They agreed", "Xi Jinping, General Secretary — they agreed")
    assert with_quote(tmp_path, '"Xi ... , ... —"', source) == [("short-quote", 10, 16)]
    assert with_quote(tmp_path, '"inping, General Secretar"', source) == [("quote-not-found", 10, 16)]
    assert with_quote(tmp_path, '"Xi Jinping, General Secretary"', source) == []


@pytest.mark.parametrize(
    "pieces, words",
    [(["Xi", ",", "—"], 1), (["Tô Lâm's visit"], 4), (["2025-04-14"], 3), (["a_b"], 2), (["Việt Nam"], 2)],
)
def test_a_word_is_a_run_of_letters_or_digits(pieces, words):
    assert word_count(pieces) == words


@given(st.text(st.characters(max_codepoint=0x7F), max_size=30))
def test_ascii_text_has_the_words_any_text_has(text):
    """Words in ASCII text are found in one way, in any other text in another: they agree."""
    assert word_count([text + " é"]) == word_count([text]) + 1
    assert word_count([text, "é"]) == word_count([text]) + 1


@pytest.mark.parametrize(
    "pieces, at_most, words",
    [(["one two three four"], 3, 3), (["one, two"], 3, 2), (["one", "two", "three"], 2, 2), (["x_1 y"], None, 3)],
)
def test_words_are_counted_up_to_what_is_asked(pieces, at_most, words):
    assert word_count(pieces, at_most=at_most) == words


@pytest.mark.parametrize(
    "quote, pieces",
    [
        ("They agreed ... to establish", ["They agreed", "to establish"]),
        ("They agreed … to establish…", ["They agreed", "to establish"]),
        ("  They   agreed\u00a0to  ", ["They agreed to"]),  # no elision: one piece, spaces made single
        ("They agreed . . . to", ["They agreed . . . to"]),  # spaced dots are no elision
        ("They agreed.. to", ["They agreed.. to"]),
        ("... ", []),
        (" \t ", []),
    ],
)
def test_a_quote_is_cut_at_its_elisions_only(quote, pieces):
    assert quote_pieces(quote) == pieces


def test_a_combining_mark_belongs_to_its_word():
    decomposed = "Vie\u0323\u0302t Nam and more"  # NFD: the marks follow their letter
    text = SourceText([decomposed], "")
    assert text.has(1, quote_pieces("Việt Nam and"))
    assert not text.has(1, quote_pieces("Vi"))


# The highlighter and the check: one definition of a match ----------------------------

WORDS = st.text(st.sampled_from(list("ab á,.-’…\u0301 ")), min_size=1, max_size=40)


@given(WORDS, WORDS)
def test_the_highlighter_marks_exactly_what_the_check_finds(paragraph, quote):
    paragraph = " ".join(paragraph.split())
    pieces = quote_pieces(quote)
    if not paragraph or not pieces:
        return
    found_by_check = SourceText([paragraph], "").has(1, pieces)
    shown, spans = quote_spans(paragraph, quote)
    assert bool(spans) == found_by_check
    if found_by_check:
        assert [normalise(shown[start:end]) for start, end in spans] == pieces
