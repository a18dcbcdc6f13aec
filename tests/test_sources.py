"""Paragraphs, decoding and quote matching (SPEC sections 3 and 5)."""

import unicodedata

import pytest

from tracker.sources import SourceEncodingError, SourceText, decode, split_paragraphs
from tracker.text import closest_passage, contains, normalise, quote_pieces


def test_paragraphs_are_non_blank_lines_stripped_and_numbered_in_order():
    assert split_paragraphs("  one \n\n\n two\n   \nthree") == ["one", "two", "three"]


def test_bom_and_crlf_are_tolerated():
    text = SourceText.from_bytes("\ufeffFirst line.\r\n\r\nSecond line.\r\n".encode())
    assert text.paragraphs == ["First line.", "Second line."]


def test_bytes_that_are_not_utf8_name_the_offset():
    with pytest.raises(SourceEncodingError) as raised:
        decode(b"fine\n\xffbad")
    assert raised.value.offset == 5
    assert "offset 5" in str(raised.value)


def test_normalise_maps_typography_and_whitespace():
    assert normalise("  “Two  Corridors,\tOne Belt” – it’s ‘fine’ ") == "\"Two Corridors, One Belt\" - it's 'fine'"


def test_normalise_composes_nfd():
    decomposed = unicodedata.normalize("NFD", "Việt Nam")
    assert decomposed != "Việt Nam"
    assert normalise(decomposed) == "Việt Nam"


def test_elided_quote_pieces_must_appear_in_order():
    paragraph = normalise("They agreed to establish a committee to promote connectivity.")
    assert contains(paragraph, quote_pieces("They agreed ... to promote connectivity"))
    assert contains(paragraph, quote_pieces("They agreed … a committee"))
    assert not contains(paragraph, quote_pieces("to promote connectivity ... They agreed"))


def test_matching_is_case_and_diacritic_sensitive():
    paragraph = normalise("The Lào Cai railway")
    assert contains(paragraph, quote_pieces("The Lào Cai railway"))
    assert not contains(paragraph, quote_pieces("The Lao Cai railway"))
    assert not contains(paragraph, quote_pieces("the Lào Cai railway"))


def test_closest_passage_shows_the_slip():
    paragraph = normalise(
        "They agreed to establish a bilateral intergovernmental railway cooperation committee to promote it."
    )
    assert closest_passage(paragraph, "establish a bilateral railway cooperation committee") == (
        "establish a bilateral intergovernmental railway cooperation committee"
    )
