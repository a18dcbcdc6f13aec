"""Properties: normalisation is idempotent, a quote copied from a paragraph is
always found, and no input, however broken, raises."""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import COMMITMENT, MEETINGS, REPORTS, SOURCE_A, write_root
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracker import checks, yamlio
from tracker.cli import app
from tracker.sources import SourceText
from tracker.text import contains, normalise, quote_pieces

# Text with the characters normalisation cares about, and everything else.
TYPOGRAPHY = st.sampled_from(list("‘’‚′“”„″–—‒−…\u0301\u0323 \t\u00a0\u2028ệĐđ"))
TEXT = st.lists(st.one_of(st.characters(), TYPOGRAPHY), max_size=80).map("".join)
WORDY = st.lists(
    st.one_of(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8), TYPOGRAPHY),
    min_size=3,
    max_size=40,
).map(" ".join)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@given(TEXT)
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@given(WORDY, st.data())
def test_a_quote_copied_from_a_paragraph_is_found(paragraph, data):
    words = paragraph.split()
    if not words:
        return
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    quote = " ".join(words[start:end])
    pieces = quote_pieces(quote)
    assert contains(normalise(paragraph), pieces)
    text = SourceText([paragraph.strip()], "")
    if paragraph.strip():
        assert text.has(1, pieces)


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_a_commitments_file_only_make_problems(tmp_path_factory, data):
    root = write_root(tmp_path_factory.mktemp("fuzz"), {})
    (root / "data" / "commitments" / "fuzz.yaml").write_bytes(data)
    result = checks.check(root)
    lines = len(yamlio.lines(data))
    for found in result.problems:
        assert found.file == "data/commitments/fuzz.yaml", found
        assert 1 <= found.line <= lines and found.column >= 1, found


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_a_source_only_make_problems(tmp_path_factory, data):
    root = write_root(tmp_path_factory.mktemp("fuzz"), sources={"seeds/a.txt": data})
    result = checks.check(root)
    assert all(p.file and p.line >= 1 and p.column >= 1 for p in result.problems)


@FUZZ
@given(st.data())
def test_mangled_records_only_make_problems(tmp_path_factory, data):
    """Random edits of a valid file: deletions, insertions of YAML's own characters."""
    text = COMMITMENT
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(text)))
        insert = data.draw(st.sampled_from(["", ":", "- ", "\n", "  ", "[", "{", "&a ", "*a", "'", "no", "2025-02-30"]))
        cut = data.draw(st.integers(0, 5))
        text = text[:at] + insert + text[at + cut :]
    root = write_root(tmp_path_factory.mktemp("fuzz"), text)
    result = CliRunner().invoke(app, ["check", "--root", str(root), "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1)


def test_the_fixture_source_is_what_the_tests_think(tmp_path):
    root = write_root(tmp_path)
    assert SourceText.read(Path(root, "seeds/a.txt")).paragraphs[1].startswith("They agreed")
    assert SOURCE_A.count("\n\n") == 1


# Escaping (SPEC 7): whatever a record holds, a problem is one line, a report no control sequence.

CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u2028\u2029]"
)
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=24)
# Where a value can go: each template puts it in one field of the base record.
PLACES = [
    ("commitments", "  - id: railway-committee", "  - id: {}"),
    ("commitments", "    title: Set up a railway cooperation committee", "    title: {}"),
    ("commitments", "    status: agreed", "    status: {}"),
    ("commitments", "    by: [VN, CN]", "    by: [VN, {}]"),
    ("commitments", "    aliases: [railway cooperation committee]", "    aliases: [{}]"),
    ("commitments", "    by: [VN, CN]", "    by: [VN, CN]\n    related: [{}]"),
    ("commitments", "    by: [VN, CN]", "    by: [VN, CN]\n    {}: x"),
    ("commitments", "      - source: src-a", "      - source: {}"),
    ("commitments", "        paragraph: 2", "        paragraph: {}"),
    ("commitments", "        quote: establish", "        quote: {} establish"),
    ("commitments", "        kind: agreed", "        kind: {}"),
    ("meetings", "    place: Hà Nội", "    place: {}"),
    ("meetings", "      - id: src-a", "      - id: {}"),
    ("meetings", "        file: seeds/a.txt", "        file: {}"),
    ("meetings", "        outlet: VNA", "        outlet: {}"),
    ("meetings", "  VN: Việt Nam", "  {}: Việt Nam"),
]


def yaml_quoted(value: str) -> str:
    """`value` as a YAML double-quoted scalar: every character outside printable ASCII escaped."""

    def one(char: str) -> str:
        if char in '"\\':
            return "\\" + char
        if " " <= char <= "~":
            return char
        code = ord(char)
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return '"' + "".join(map(one, value)) + '"'


def file_names():
    """Any name a POSIX file system takes in one folder: bytes without `/` or NUL."""
    name = st.binary(min_size=1, max_size=60).filter(lambda b: b"/" not in b and b"\0" not in b)
    return name.filter(lambda b: b not in (b".", b".."))


def assert_one_line_per_problem(root: Path) -> None:
    count = len(checks.check(root).problems)
    runner = CliRunner()
    text = runner.invoke(app, ["check", "--root", str(root)], catch_exceptions=False).stdout
    assert len(text.splitlines()) == count and not CONTROL.search(text), text
    lines = runner.invoke(app, ["check", "--root", str(root), "-f", "github"], catch_exceptions=False).stdout
    lines = lines.splitlines()
    assert len(lines) == 2 * count, lines
    assert all(line.startswith(("::error ", "::warning ")) for line in lines[:count]), lines
    assert not any(line.startswith("::") or CONTROL.search(line) for line in lines[count:]), lines


@FUZZ
@given(ANY_TEXT, st.sampled_from(PLACES))
def test_any_text_in_any_value_prints_one_line_per_problem(tmp_path_factory, value, place):
    which, line, template = place
    base = {"commitments": COMMITMENT, "meetings": MEETINGS}
    assert line in base[which]
    base[which] = base[which].replace(line, template.format(yaml_quoted(value)), 1)
    root = write_root(tmp_path_factory.mktemp("escape"), base["commitments"], base["meetings"])
    assert_one_line_per_problem(root)


@FUZZ
@given(file_names(), st.booleans())
def test_any_file_name_prints_one_line_per_problem(tmp_path_factory, name, as_yaml):
    root = write_root(tmp_path_factory.mktemp("names"), {"main.yaml": COMMITMENT.replace("agreed\n", "agred\n", 1)})
    name = name[:250] + (b".yaml" if as_yaml else b"")
    folder = os.fsencode(root / "data" / "commitments")
    with open(os.path.join(folder, name), "wb") as stream:
        stream.write(COMMITMENT.replace("railway-committee", "other").replace("agreed\n", "agred\n", 1).encode())
    assert_one_line_per_problem(root)


FREE_TEXT = ANY_TEXT.filter(lambda value: value.strip())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(FREE_TEXT, st.sampled_from(["title", "theme", "notes", "place", "outlet", "note", "paragraph"]))
def test_no_report_prints_a_control_character(tmp_path_factory, value, field):
    commitment, meetings, source = COMMITMENT, MEETINGS, SOURCE_A
    quoted = yaml_quoted(value)
    if field in ("title", "theme", "notes"):
        commitment = commitment.replace("    by: [VN, CN]\n", f"    by: [VN, CN]\n    {field}: {quoted}\n", 1)
        commitment = commitment.replace("    title: Set up a railway cooperation committee\n", "", field == "title")
    elif field == "note":
        commitment = commitment.replace("        kind: agreed\n", f"        kind: agreed\n        note: {quoted}\n")
    elif field == "paragraph":
        source = SOURCE_A + value.replace("\n", " ") + " railway cooperation committee\n"
    else:
        meetings = meetings.replace({"place": "place: Hà Nội", "outlet": "outlet: VNA"}[field], f"{field}: {quoted}")
    root = write_root(tmp_path_factory.mktemp("reports"), commitment, meetings, {"seeds/a.txt": source})
    runner = CliRunner()
    for command in REPORTS:
        for args in (command, [*command, "--json"]):
            result = runner.invoke(app, [*args, "--root", str(root)], catch_exceptions=False)
            assert result.exit_code == 0, (args, result.output)
            assert not CONTROL.search(result.stdout), (args, result.stdout)
