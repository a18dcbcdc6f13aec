"""Hints are bounded (SPEC section 7): "did you mean", the closest passage and
"it is in paragraph N" cost a bounded amount of work each, whatever the size
of the record, and still say the right thing. (Their time is measured by
benchmarks/adversarial.py; these tests hold their shape and their bounds.)"""

from __future__ import annotations

import random

import pytest
from conftest import COMMITMENT, PLAIN, SOURCE_A, found, write_root

from tracker import checks, nearest, sources
from tracker.nearest import Nearest, did_you_mean
from tracker.text import CLOSEST_SHOWN_WORDS, closest_passage

# Did you mean ----------------------------------------------------------------------------


def test_one_message_shape():
    assert did_you_mean([]) == ""
    assert did_you_mean(["a"]) == "did you mean `a`?"
    assert did_you_mean(["a", "b", "c"]) == "did you mean `a`, `b` or `c`?"


def test_a_typo_among_ten_thousand_ids_finds_its_id_comparing_a_few(monkeypatch):
    ids = [f"commitment-{n}" for n in range(10_000)]
    compared = []
    real = nearest._likeness
    monkeypatch.setattr(nearest, "_likeness", lambda *args: compared.append(args[2]) or real(*args))
    index = Nearest(ids)
    assert index.find("comitment-4321") == ["commitment-4321"]
    assert index.find("commitmetn-77") == ["commitment-77"]
    assert len(compared) <= 2 * nearest.RANKED  # not 10,000


def test_the_near_miss_nothing_alike_is_no_suggestion():
    assert Nearest([f"commitment-{n}" for n in range(1000)]).find("railway-bridge") == []
    assert Nearest(["proposed", "agreed"]).find("xyz") == []


def test_short_lists_and_parts_of_names():
    assert Nearest(["two", "one"]).find("tow") == ["two"]
    assert Nearest(["railway-committee", "red-journey"]).find("railway") == ["railway-committee"]
    assert Nearest(["a" * 5000 + "b"]).find("a" * 5000 + "c") == ["a" * 5000 + "b"]  # compared clipped


def test_unknown_related_suggests_the_nearest_id(tmp_path):
    text = COMMITMENT.replace("    by: [VN, CN]\n", "    by: [VN, CN]\n    related: [railway-comittee]\n")
    (problem,) = checks.check(write_root(tmp_path, text)).problems
    assert (problem.code.name, problem.line, problem.column) == ("unknown-related", 6, 15)
    assert problem.message.endswith("; did you mean `railway-committee`?")


# The closest passage ------------------------------------------------------------------


def long_paragraph(words: int) -> list[str]:
    """Words as text has them: a few very common, most of them rare."""
    rng = random.Random(3)
    common = ["the", "two", "sides", "agreed", "and", "of", "to"]
    rare = [f"{rng.choice('bcdfgklmnprstv')}{rng.choice('aeiou')}{n}" for n in range(3_000)]
    return [rng.choice(common) if rng.random() < 0.4 else rng.choice(rare) for _ in range(words)]


def test_a_long_quote_shows_the_passage_around_its_slip():
    words = long_paragraph(20_000)
    quote = words[10_000:10_300]
    slipped = [*quote[:150], "railwayz", *quote[151:]]
    shown = closest_passage(" ".join(words), " ".join(slipped))
    assert shown.startswith("… ") and shown.endswith(" …")
    assert len(shown.split()) == CLOSEST_SHOWN_WORDS + 2
    assert " ".join(quote[140:150]) in shown and quote[150] in shown.split()


def test_a_ten_megabyte_quote_is_shown_where_it_stops_matching():
    words = long_paragraph(2_000)
    quote = " ".join(words[:1_000]) + " " + "zz " * 3_500_000
    shown = closest_passage(" ".join(words), quote)
    assert shown.startswith("… ") and " ".join(words[990:1_000]) in shown
    assert len(shown.split()) <= CLOSEST_SHOWN_WORDS + 2


def test_the_near_miss_a_short_slip_shows_the_whole_passage():
    paragraph = "They agreed to establish a bilateral intergovernmental railway cooperation committee to promote it."
    assert closest_passage(paragraph, "establish a bilateral railway cooperation committee") == (
        "establish a bilateral intergovernmental railway cooperation committee"
    )
    assert closest_passage(paragraph, "They agred to establish") == "They agreed to establish"


# Where a quote is instead --------------------------------------------------------------


@pytest.mark.parametrize("scans", [sources.ELSEWHERE_SCANS, 0])
def test_a_quote_in_another_paragraph_is_found_by_a_scan_or_the_word_index(tmp_path, monkeypatch, scans):
    monkeypatch.setattr(sources, "ELSEWHERE_SCANS", scans)
    text = PLAIN.replace("paragraph: 2", "paragraph: 3")
    (problem,) = checks.check(write_root(tmp_path, text)).problems
    assert problem.message == "quote not in src-a paragraph 3 (it is in paragraph 2)"


@pytest.mark.parametrize("scans", [sources.ELSEWHERE_SCANS, 0])
def test_the_near_miss_a_quote_nowhere_shows_the_closest_passage(tmp_path, monkeypatch, scans):
    monkeypatch.setattr(sources, "ELSEWHERE_SCANS", scans)
    text = PLAIN.replace("paragraph: 2", "paragraph: 3").replace("a bilateral intergovernmental", "a bilateral")
    (problem,) = checks.check(write_root(tmp_path, text)).problems
    assert "; closest there: »" in problem.message


def test_the_word_index_finds_only_whole_words(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "ELSEWHERE_SCANS", 0)
    source = SOURCE_A + "They reagreed to establish a bilateral intergovernmental railway cooperation committees.\n"
    text = PLAIN.replace("paragraph: 2", "paragraph: 3")
    root = write_root(tmp_path, text, sources={"seeds/a.txt": source})
    (problem,) = [p for p in checks.check(root).problems if p.code.name == "quote-not-found"]
    assert problem.message == "quote not in src-a paragraph 3 (it is in paragraph 2)"


# Aliases --------------------------------------------------------------------------------


def test_an_alias_repeated_thousands_of_times_is_one_warning_at_its_first_item(tmp_path):
    repeated = ", ".join(["Red Journey"] * 5_000)
    text = COMMITMENT.replace(
        "aliases: [railway cooperation committee]", f"aliases: [railway cooperation committee, {repeated}]"
    )
    assert found(write_root(tmp_path, text)) == [("uncited-alias", 6, 46)]
