"""`tracker search`: every paragraph naming some words, folded as aliases are (SPEC 7, 8)."""

from __future__ import annotations

import json

import pytest
from summits import COMMITMENTS, write_summits
from typer.testing import CliRunner

from tracker.cli import app

runner = CliRunner()


@pytest.fixture
def root(tmp_path):
    return write_summits(tmp_path)


def search(root, *args) -> list[dict]:
    result = runner.invoke(app, ["search", *args, "--json", "--root", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def places(found: list[dict]) -> list[tuple[str, int]]:
    return [(item["source"], item["paragraph"]) for item in found]


@pytest.mark.parametrize("words", ["Hanoi", "Ha Noi", "Hà Nội", "HA NOI"])
def test_hanoi_is_found_however_it_is_spelt(root, words):
    assert places(search(root, words)) == [
        ("vna-2024-03-01", 1),  # HÀ NỘI ... Hà Nội
        ("vna-2024-03-01", 3),  # Lao Cai - Hanoi - Hai Phong
        ("vna-2024-03-01", 4),  # Ha Noi
        ("vna-2024-03-01", 5),
        ("vna-2024-06-10", 3),
        ("vna-2024-06-20", 2),  # Lao Cai – Hanoi – Hai Phong, with en dashes
    ]


def test_viet_nam_is_found_with_and_without_its_space_but_not_inside_a_word(root):
    # Việt Nam, Vietnam, Viet Nam; never "Vietnamese", which every Xinhua report has.
    assert places(search(root, "Viet Nam")) == [("vna-2024-03-01", 3), ("vna-2024-06-10", 4), ("xinhua-2024-06-10", 2)]


def test_dong_dang_is_found_with_its_d_folded(root):
    assert places(search(root, "Đồng Đăng")) == [("vna-2024-06-20", 3), ("xinhua-2024-09-05", 3)]
    assert places(search(root, "dong dang")) == places(search(root, "Đồng Đăng"))


def test_dashes_are_alike(root):
    assert places(search(root, "Lao Cai — Hanoi")) == [("vna-2024-03-01", 3), ("vna-2024-06-20", 2)]


def test_each_paragraph_with_its_meeting_date_text_and_citing_commitments(root):
    found = search(root, "Red Journey")
    assert found == [
        {
            "source": "xinhua-2024-06-10",
            "paragraph": 3,
            "meeting": "2024-06-10-beijing",
            "date": "2024-06-10",
            "inferred": [],
            "text": "China proposed to invite young Vietnamese to the Red Journey programme.",
            "cited_by": ["red-journey-programme"],
        },
        {
            "source": "xinhua-2024-09-05",
            "paragraph": 2,
            "meeting": "2024-09-05-nanning",
            "date": "2024-09-05",
            "inferred": [],
            "text": "The two sides agreed to carry out the Red Journey programme this year.",
            "cited_by": ["red-journey-programme"],
        },
    ]


def test_uncited_keeps_the_paragraphs_no_commitment_cites(root):
    assert places(search(root, "Hà Nội", "--uncited")) == [("vna-2024-03-01", 1), ("vna-2024-03-01", 5)]


def test_piped_output_marks_the_words_found(root):
    result = runner.invoke(app, ["search", "ha noi", "--root", str(root)], catch_exceptions=False)
    lines = result.stdout.splitlines()
    assert lines[0] == "`ha noi`: 6 paragraphs in 3 sources"
    assert (
        "    »HÀ NỘI« — Party General Secretary Tô Lâm held talks in »Hà Nội« on Friday with Chinese Premier Li Qiang."
        in lines
    )
    assert "    Tô Lâm suggested joint projects to improve air quality in »Ha Noi« and other cities." in lines
    assert "    cited by air-quality-ha-noi" in lines and "    not cited" in lines


def test_nothing_found_is_said_and_exits_0(root):
    result = runner.invoke(app, ["search", "Hải Phòng port", "--root", str(root)], catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (0, "`Hải Phòng port`: no paragraph\n")
    assert search(root, "Hải Phòng port") == []


def test_words_must_hold_a_word(root):
    result = runner.invoke(app, ["search", " — ", "--root", str(root)], catch_exceptions=False)
    assert result.exit_code == 2 and "give at least one word" in result.stderr


def test_search_reads_a_record_with_errors(tmp_path):
    # A status that the evidence contradicts: reports refuse the record, search still reads its sources.
    root = write_summits(tmp_path, COMMITMENTS.replace("status: fulfilled", "status: agreed"))
    assert places(search(root, "Dong Dang")) == [("vna-2024-06-20", 3), ("xinhua-2024-09-05", 3)]


def test_a_commitment_without_an_id_cites_nothing(tmp_path):
    # The air-quality commitment has no id (an error `check` reports): search names no citing commitment.
    root = write_summits(tmp_path, COMMITMENTS.replace("  - id: air-quality-ha-noi\n    title:", "  - title:", 1))
    found = {(item["source"], item["paragraph"]): item["cited_by"] for item in search(root, "air quality")}
    assert found == {("vna-2024-03-01", 4): [], ("vna-2024-06-10", 3): []}
    assert places(search(root, "air quality", "--uncited")) == list(found)
    result = runner.invoke(app, ["search", "air quality", "--root", str(root)], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout.count("    not cited") == 2
    assert places(search(root, "railway cooperation committee"))  # the near miss: an id cites
    assert search(root, "railway cooperation committee")[0]["cited_by"] == ["railway-cooperation-committee"]


def test_piped_lines_given_to_rich_are_text_not_markup():
    from conftest import render

    from tracker.render.terminal import Plain

    assert render(Plain("[bold]Hà Nội[/bold] \\x1b"), 80) == "[bold]Hà Nội[/bold] \\x1b\n"
