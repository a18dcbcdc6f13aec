"""Coverage (SPEC 7.1): paragraphs with the language of a commitment are cited or reviewed,
and `tracker coverage` shows what is left to read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_root
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracker import checks
from tracker.cli import app
from tracker.coverage import CUES, CueMatcher, coverage, uncovered
from tracker.text import cue_form_joined

PARAGRAPHS = [
    "The two sides agreed to build a bridge.",  # 1: a cue, cited by a mention
    "Xi Jinping welcomed the guests warmly.",  # 2: no cue
    "China will invite young people to visit.",  # 3: a cue, uncovered
    "They called for peace and stood ready to help.",  # 4: cues, reviewed
    "Goodwill and willingness marked the talks; a signal was sent.",  # 5: cues only inside words
    "AGREEMENTS WERE SIGNED.",  # 6: cues in capitals, cited by a due's words
    "The establishment of ties was celebrated; the need for dialogue was stressed.",  # 7: near misses
    "Its İstanbul office will open soon.",  # 8: İ lowercases to two characters; uncovered
]
MEETINGS = """\
parties: {VN: Việt Nam, CN: China}
meetings:
  - id: talks
    date: 2025-04-14
    place: Hà Nội
    participants: [A, B]
    sources:
      - id: src-a
        file: seeds/a.txt
        sha256: "{sha:seeds/a.txt}"
        outlet: VNA
        reviewed:
          - {paragraph: 4, reason: a call for peace in general; no undertaking between the two}
      - {id: src-b, file: seeds/b.txt, sha256: "{sha:seeds/b.txt}", outlet: VOV}
"""
COMMITMENTS = """\
commitments:
  - id: bridge
    title: Build a bridge
    status: agreed
    due: {date: 2027-01-01, source: src-a, paragraph: 6, quote: AGREEMENTS WERE SIGNED}
    mentions:
      - {source: src-a, paragraph: 1, quote: agreed to build a bridge, kind: agreed}
"""
SOURCES = {"seeds/a.txt": "\n".join(PARAGRAPHS) + "\n", "seeds/b.txt": "Nothing here but a greeting.\n"}

runner = CliRunner()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_root(tmp_path, COMMITMENTS, MEETINGS, SOURCES)


def run(root, *args):
    return runner.invoke(app, [*args, "--root", str(root)], catch_exceptions=False)


# The cue matcher ---------------------------------------------------------------------------------


def words_in(paragraph: str) -> list[tuple[str, str]]:
    """(cue, the text it covers) for every cue in one paragraph."""
    (cues,) = CueMatcher().scan([paragraph])
    return [(cue.word, paragraph[cue.start : cue.end]) for cue in cues]


PARAGRAPH_WORDS = st.sampled_from(["agreed", "AGREE", "will", "Willing", "sign", "ΑΣ", "İ", "ß", "-", "call", "for"])
SPACES = st.sampled_from([" ", "\t", "\u00a0", "\u3000", "", ".\u2003"])
PARAGRAPH = st.lists(st.tuples(PARAGRAPH_WORDS, SPACES), min_size=1, max_size=8).map(
    lambda pieces: "".join(word + space for word, space in pieces)
)


@given(st.lists(PARAGRAPH, min_size=1, max_size=5))
def test_a_paragraphs_cues_do_not_depend_on_the_other_paragraphs(paragraphs):
    matcher = CueMatcher()
    assert matcher.scan(paragraphs) == [matcher.scan([paragraph])[0] for paragraph in paragraphs]
    for paragraph, formed in zip(paragraphs, cue_form_joined(paragraphs).split("\n"), strict=True):
        assert len(formed) == len(paragraph)  # one character for one: offsets hold


def test_cues_are_whole_words_in_any_case():
    assert words_in("AGREEMENTS WERE SIGNED.") == [("agreements", "AGREEMENTS"), ("signed", "SIGNED")]
    assert words_in("Goodwill and willingness marked the talks; a signal was sent.") == []


def test_cues_of_two_words_and_overlapping_cues_are_all_found():
    assert words_in("They called for peace and stood ready to help.") == [
        ("called for", "called for"),
        ("stood ready", "stood ready"),
        ("ready to", "ready to"),
    ]
    assert words_in("They  called\u00a0for peace.") == [("called for", "called\u00a0for")]  # any one space


def test_left_out_on_purpose():
    assert words_in("The establishment of ties was celebrated; the need for dialogue was stressed.") == []


def test_offsets_hold_in_the_text_as_written():
    assert words_in("Its İstanbul office will open soon.") == [("will", "will")]


def test_the_cue_list_is_lowercase_each_cue_once():
    assert len(CUES) == len(set(CUES)) and all(cue == cue.lower().strip() for cue in CUES)


# Coverage of a record ------------------------------------------------------------------------------


def test_coverage_counts_and_the_uncovered_paragraphs(root):
    record = checks.check(root).record
    first, second = coverage(record)
    assert (first.source.id, first.paragraphs, first.cited, first.reviewed) == ("src-a", 8, 2, 1)
    assert [p.number for p in first.with_cues] == [1, 3, 4, 6, 8]
    assert [(p.number, p.words) for p in first.uncovered] == [(3, ["will"]), (8, ["will"])]
    assert [(p.number, p.cited_by, p.reviewed is not None) for p in first.with_cues if not p.uncovered] == [
        (1, ("bridge",), False),
        (4, (), True),
        (6, ("bridge",), False),  # the due's words cite it
    ]
    assert (second.source.id, second.paragraphs, second.with_cues, second.uncovered) == ("src-b", 1, (), [])


def test_the_check_finds_the_paragraphs_the_report_calls_uncovered(root):
    record = checks.check(root).record
    reported = [paragraph for found in coverage(record) for paragraph in found.uncovered]
    assert list(uncovered(record)) == reported  # the same paragraphs, cues and all, in the same order
    assert [problem.message.split(" has ")[0] for problem in checks.check(root).problems] == [
        "src-a paragraph 3",
        "src-a paragraph 8",
    ]


def test_coverage_of_one_source(root):
    record = checks.check(root).record
    assert [item.source.id for item in coverage(record, "src-b")] == ["src-b"]


def test_the_command_shows_counts_then_each_uncovered_paragraph_marked(root):
    result = run(root, "coverage")
    assert result.exit_code == 0  # a report, not a gate
    lines = result.stdout.splitlines()
    assert lines[2].split() == ["2025-04-14", "talks", "src-a", "8", "5", "2", "1", "2"]
    assert lines[3].split() == ["src-b", "1", "0", "0", "0", "0"]
    assert "src-a ¶3  talks (2025-04-14)  cues: will" in lines
    assert "    China »will« invite young people to visit." in lines
    assert "    Its İstanbul office »will« open soon." in lines
    assert "They called for peace" not in result.stdout  # reviewed


def test_overlapping_cues_are_marked_once(tmp_path):
    reviewed = "        reviewed:\n          - {paragraph: 4, reason: a call for peace in general; no undertaking between the two}\n"
    root = write_root(tmp_path, COMMITMENTS, MEETINGS.replace(reviewed, ""), SOURCES)
    assert "    They »called for« peace and »stood ready to« help." in run(root, "coverage").stdout.splitlines()


def test_the_command_says_when_nothing_is_left(root):
    out = run(root, "coverage", "src-b").stdout
    assert "every paragraph with the language of a commitment is cited or reviewed" in out


def test_coverage_json(root):
    data = json.loads(run(root, "coverage", "--json").stdout)
    assert data["totals"] == {"sources": 2, "paragraphs": 9, "with_cues": 5, "cited": 2, "reviewed": 1, "uncovered": 2}
    assert data["sources"][0] == {
        "source": "src-a",
        "meeting": "talks",
        "date": "2025-04-14",
        "inferred": [],
        "side": None,
        "paragraphs": 8,
        "with_cues": 5,
        "cited": 2,
        "reviewed": 1,
        "uncovered": 2,
    }
    assert [(p["paragraph"], p["cues"], p["cited_by"], p["uncovered"]) for p in data["paragraphs"]] == [
        (1, ["agreed"], ["bridge"], False),
        (3, ["will"], [], True),
        (4, ["called for", "stood ready", "ready to"], [], False),
        (6, ["agreements", "signed"], ["bridge"], False),
        (8, ["will"], [], True),
    ]
    third = data["paragraphs"][1]
    assert third == {
        "source": "src-a",
        "paragraph": 3,
        "meeting": "talks",
        "date": "2025-04-14",
        "inferred": [],
        "text": "China will invite young people to visit.",
        "cited_by": [],
        "cues": ["will"],
        "reviewed": None,
        "uncovered": True,
    }
    assert data["paragraphs"][2]["reviewed"].startswith("a call for peace")


def test_an_unknown_source_suggests_the_nearest(root):
    result = run(root, "coverage", "src-c")
    assert result.exit_code == 1 and "did you mean `src-a` or `src-b`?" in result.stderr


def test_coverage_runs_on_a_record_with_errors(tmp_path):
    root = write_root(tmp_path, COMMITMENTS.replace("status: agreed", "status: agred"), MEETINGS, SOURCES)
    assert run(root, "coverage").exit_code == 0


def test_coverage_runs_on_meetings_with_errors(tmp_path):
    meetings = MEETINGS.replace("date: 2025-04-14", "date: 2025-02-30")
    root = write_root(tmp_path, COMMITMENTS, meetings, SOURCES)
    result = run(root, "coverage", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["sources"][0]["date"] is None
    assert run(root, "coverage").exit_code == 0


# The uncovered-paragraph warning -----------------------------------------------------------------


def codes(result) -> list[str]:
    return [problem.code.name for problem in result.problems]


@pytest.mark.parametrize("kept", [False, True])
def test_a_file_that_cannot_be_read_makes_no_paragraph_uncovered(tmp_path, kept):
    files = {"main.yaml": COMMITMENTS, "other.yaml": COMMITMENTS.replace("id: bridge", "id: ferry")}
    root = write_root(tmp_path, files, MEETINGS, SOURCES)
    check = checks.Checker(root).check if kept else lambda: checks.check(root)
    assert codes(check()) == ["uncovered-paragraph"] * 2  # paragraphs 3 and 8; the rest cited or reviewed
    (root / "data" / "commitments" / "main.yaml").write_text("commitments:\n  - id: [bridge\n", encoding="utf-8")
    # What main.yaml cites is unknown now: paragraph 1 is not called uncovered, nor is any other.
    assert codes(check()) == ["yaml-syntax"]


def test_a_mention_that_points_nowhere_makes_no_paragraph_uncovered(tmp_path):
    broken = COMMITMENTS.replace("paragraph: 1, quote", "paragraph: 9, quote")
    assert codes(checks.check(write_root(tmp_path, broken, MEETINGS, SOURCES))) == ["bad-paragraph"]


@pytest.mark.parametrize("indent", [None, 2])  # as piped, as at a terminal
@pytest.mark.parametrize("whole", [True, False])
@pytest.mark.parametrize("batch", [1, 2, 256])  # a list in many batches, and in one
def test_coverage_json_written_piece_by_piece_is_json_dumps_of_the_report(root, indent, whole, batch, monkeypatch):
    from tracker.render import json as shapes
    from tracker.text import escape_json

    monkeypatch.setattr(shapes, "ARRAY_BATCH", batch)
    found = coverage(checks.check(root).record) if whole else []  # empty lists are written as json writes them
    assert not whole or sum(len(item.with_cues) for item in found) > 2
    expected = escape_json(json.dumps(shapes.coverage_as_json(found), ensure_ascii=False, indent=indent))
    assert "".join(shapes.coverage_pieces(found, indent)) == expected


@pytest.mark.parametrize("indent", [None, 2])
def test_a_report_list_is_written_a_batch_at_a_time(monkeypatch, indent):
    """The items of a batch are made only once the batch before is written: the list is never held."""
    from tracker.render import json as shapes
    from tracker.text import escape_json

    monkeypatch.setattr(shapes, "ARRAY_BATCH", 2)
    written: list[str] = []
    made_at: list[int] = []

    def items():
        for number in range(5):
            made_at.append(len(written))
            yield {"n": number, "text": "\u009b31m"}

    for piece in shapes.object_pieces({"totals": {"n": 5}, "items": items()}, indent):
        written.append(piece)
    first = made_at[0]
    assert made_at == [first, first, first + 1, first + 1, first + 2]
    document = "".join(written)
    assert "\u009b" not in document  # escaped, as every report's JSON is
    expected = {"totals": {"n": 5}, "items": [{"n": n, "text": "\u009b31m"} for n in range(5)]}
    assert document == escape_json(json.dumps(expected, ensure_ascii=False, indent=indent))
