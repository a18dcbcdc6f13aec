"""Finding names in text (SPEC 7): case, diacritics, dashes, optional spaces, whole words.

One definition serves the alias check, `suggest` and `search`: the scan over
whole sources and the highlight of one paragraph must agree.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.aliases import AliasMatcher
from tracker.text import fold, name_spans


def found(name: str, paragraph: str) -> list[str]:
    """The words of `paragraph` where `name` is found, by the highlight."""
    return [paragraph[start:end] for start, end in name_spans(name, paragraph)]


@pytest.mark.parametrize(
    ("name", "paragraph", "words"),
    [
        ("Ha Noi", "Hanoi and Hà Nội and HA NOI", ["Hanoi", "Hà Nội", "HA NOI"]),
        ("Hanoi", "in Hà Nội today", ["Hà Nội"]),
        ("Viet Nam", "Việt Nam, Vietnam and Viet  Nam", ["Việt Nam", "Vietnam", "Viet  Nam"]),
        ("Dong Dang", "the Đồng Đăng border gate", ["Đồng Đăng"]),
        ("Lao Cai - Ha Noi", "the Lào Cai–Hà Nội line", ["Lào Cai–Hà Nội"]),
        ("Hai Phong", "Haiphong port", ["Haiphong"]),
    ],
)
def test_names_fold_case_diacritics_dashes_and_spaces(name, paragraph, words):
    assert found(name, paragraph) == words


@pytest.mark.parametrize(
    ("name", "paragraph"),
    [
        ("rail", "the railway"),  # whole words only
        ("Viet Nam", "Vietnamese students"),
        ("air quality", "a fair quality"),
        ("Ha Noi", "Hanoian"),
    ],
)
def test_a_name_inside_a_longer_word_is_not_found(name, paragraph):
    assert found(name, paragraph) == []


def test_a_name_is_found_in_nfd_text_and_highlighted_there():
    paragraph = unicodedata.normalize("NFD", "Trains to Lào Cai and Đồng Đăng.")
    assert found("Lao Cai", paragraph) == [unicodedata.normalize("NFD", "Lào Cai")]
    assert [hit.paragraph for hit in AliasMatcher([("a", "Lao Cai")]).scan([paragraph])] == [1]


def test_the_scan_reports_the_paragraph_of_each_hit():
    matcher = AliasMatcher([("a", "Ha Noi"), ("b", "Vietnam")])
    paragraphs = ["Nothing here.", "Leaders met in Hà Nội.", "Việt Nam and Hanoi."]
    assert [(hit.commitment, hit.paragraph) for hit in matcher.scan(paragraphs)] == [("a", 2), ("b", 3), ("a", 3)]


def test_the_scan_orders_hits_by_paragraph_then_place_then_commitment():
    matcher = AliasMatcher([("b", "Noi Bai"), ("c", "Ha Noi"), ("a", "Ha Noi"), ("d", "Bai")])
    hits = matcher.scan(["Ha Noi Bai airport", "Bai and Hanoi"])
    assert [tuple(hit) for hit in hits] == [
        ("a", "Ha Noi", 1),
        ("c", "Ha Noi", 1),
        ("b", "Noi Bai", 1),
        ("d", "Bai", 1),
        ("d", "Bai", 2),
        ("a", "Ha Noi", 2),
        ("c", "Ha Noi", 2),
    ]


def scanned(name: str, paragraphs: list[str]) -> list[int]:
    """The paragraphs where the scan over a whole source finds `name`, each checked against the highlight."""
    hits = [hit.paragraph for hit in AliasMatcher([("x", name)]).scan(paragraphs)]
    assert hits == [number for number, text in enumerate(paragraphs, 1) for _ in name_spans(name, text)]
    return hits


@pytest.mark.parametrize(
    ("paragraphs", "hits"),
    [
        (["Hanoi and more"], [1]),  # at the start of the text
        (["more and Hanoi"], [1]),  # at its end
        (["one", "Hanoi two", "three Hanoi", "four"], [2, 3]),  # at the start and the end of a line
        (["one", "xHanoi two", "three Hanoix", "four"], []),
        (["met in Hanoi"], [1]),  # right after a space removed
        (["met inHanoi"], []),
        (["met in  Hanoi today"], [1]),  # after two spaces
        (["met in Hanoi ", "again"], [1]),  # before a space that ends a line
        (["met in Hanoi\u00a0today", "in\tHa\u2003Noi"], [1, 2]),  # across other spaces
        (["met in Hanoi\u00a0today", "in\tHa\u2003Noian"], [1]),
        (["\u4e2d Hanoi \u6587", "ư Hanoi ơ"], [1, 2]),  # next to characters past ASCII, with a space
        (["\u4e2dHanoi", "Hanoi\u6587", "ưHanoi", "Hanoiơ"], []),
        (["«Hanoi»", "—Hanoi—", "Hà Nội's"], [1, 2, 3]),  # next to punctuation
        (["_Hanoi", "Hanoi_"], []),
    ],
)
def test_a_name_is_found_at_every_kind_of_edge_and_not_inside_a_word(paragraphs, hits):
    assert scanned("Hanoi", paragraphs) == hits


def test_a_name_with_a_space_is_found_without_it_and_across_any_space():
    assert scanned("Ha Noi", ["Hanoi", "Ha\u00a0Noi", "Ha\tNoi", "Ha\u3000\u3000Noi", "Ha-Noi"]) == [1, 2, 3, 4]
    assert scanned("Ha Noi", ["Hanoia", "aHa\u00a0Noi", "Ha\tNoia", "Ha\u3000Noi_", "Ha-Noia"]) == []


LETTERS = st.sampled_from(list("aàáạăằđĐeêệioôơuưyHNLCß -–\u0301\u0323\u00a0\t\u2003"))
WORDS = st.lists(st.text(LETTERS, min_size=1, max_size=6), min_size=1, max_size=12).map(" ".join)


@given(WORDS, st.data())
def test_every_hit_of_the_scan_has_a_highlight_and_the_reverse(paragraph, data):
    words = paragraph.split()
    start = data.draw(st.integers(0, len(words) - 1)) if words else 0
    name = " ".join(words[start : start + data.draw(st.integers(1, 3))]) or "a"
    hits = list(AliasMatcher([("x", name)]).scan(["before", paragraph, "after"]))
    spans = name_spans(name, paragraph)
    assert sum(hit.paragraph == 2 for hit in hits) == len(spans)
    for start, end in spans:  # each highlight is the name itself, folded and without its spaces
        assert "".join(fold(paragraph[start:end]).split()) == "".join(fold(name).split())


def test_the_list_of_other_spaces_is_every_space_but_two():
    from tracker.text import OTHER_SPACE_CHARS

    every = {char for char in map(chr, range(0x110000)) if char.isspace()}
    assert set(OTHER_SPACE_CHARS) == every - {" ", "\n"}
    assert not any(char.isprintable() for char in OTHER_SPACE_CHARS)  # a printable name holds none of them


@pytest.mark.parametrize("space", ["\u00a0", "\t", "\u2003", "\u3000", "\u2028"])
def test_a_name_written_with_another_space_is_found_as_with_a_space(space):
    assert scanned(f"Ha{space}Noi", ["Ha Noi", "Hanoi", f"Ha{space}Noi"]) == [1, 2, 3]
    assert scanned(f"Ha{space}Noi", ["Ha Noia", "Hano", f"aHa{space}Noi"]) == []


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("HÀ NỘI", "ha noi"),  # nothing past ASCII once the marks are gone
        ("Đà Nẵng", "da nang"),  # đ has no decomposition
        ("Hà–Nội", "ha-noi"),  # every dash a hyphen
        ("Hà Nội’s", "ha noi's"),
        ("ΣΟΦΟΣ Hà", "σοφοσ ha"),  # past ASCII still: case folded, not lowered
        ("Straße Hà", "strasse ha"),
        ("Hà Nội\u00a0x", "ha noi\u00a0x"),  # spaces are `Names`' business
    ],
)
def test_folding_drops_case_diacritics_and_dash_forms(text, folded):
    assert fold(text) == folded
    assert fold(text + "\nHà Nội") == folded + "\nha noi"


LINES = st.lists(st.text(st.sampled_from(list("aàđĐΣσς \u0301\u0323–'’Iİ")), max_size=8), min_size=2, max_size=5)


@given(LINES)
def test_a_text_folds_as_its_lines_do_one_by_one(lines):
    """Whole sources are folded a line at a time (most are ASCII): the same text as folding the whole."""
    text = "\n".join(lines)
    whole = fold(text.replace("\n", "\u2028"))  # one line: folded in one piece
    assert fold(text) == whole.replace("\u2028", "\n") == "\n".join(fold(line) for line in lines)
