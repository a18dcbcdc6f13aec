"""Record text in an export is shown, never run: no formula in a spreadsheet, no HTML, link or
broken table row in markdown."""

from __future__ import annotations

import csv
import re

import pytest
from conftest import write_root
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from tracker.cli import app
from tracker.render import csv as csv_format
from tracker.render import markdown

runner = CliRunner()

SOURCES = {"seeds/one.txt": "They agreed to build the bridge <script>alert(1)</script> over | the river.\n"}
MEETINGS = """\
parties: {VN: Việt Nam, CN: China}
meetings:
  - id: first
    date: 2024-01-10
    place: "Hà | Nội"
    participants: ["=HYPERLINK(\\"http://evil\\")", B]
    occasion: a=b, not a formula
    sources:
      - {id: one, file: seeds/one.txt, sha256: "{sha:seeds/one.txt}", outlet: "@VNA"}
"""
COMMITMENTS = """\
commitments:
  - id: bridge
    title: "=1+2 <script>alert(1)</script> [click](javascript:alert(1)) *now*\\nsecond line | cell"
    status: agreed
    theme: "+transport"
    by: [VN]
    aliases: ["-bridge", "\\tTabbed"]
    notes: "\\rcarriage"
    mentions:
      - source: one
        paragraph: 1
        quote: agreed to build the bridge <script>alert(1)</script> over | the river
        kind: agreed
"""


@pytest.fixture
def hostile(tmp_path):
    return write_root(tmp_path / "root", COMMITMENTS, MEETINGS, SOURCES)


def export(root, *args):
    result = runner.invoke(app, ["export", *args, "--root", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result


def table(folder, name):
    with open(folder / name, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_csv_cells_that_would_be_formulas_are_text(hostile, tmp_path):
    export(hostile, "-f", "csv", "-o", str(tmp_path / "t"))
    commitment = table(tmp_path / "t", "commitments.csv")[0]
    assert commitment["title"].startswith("'=1+2 <script>")
    assert (commitment["theme"], commitment["aliases"], commitment["notes"]) == (
        "'+transport",
        "'-bridge; \tTabbed",
        "'\rcarriage",
    )
    meeting = table(tmp_path / "t", "meetings.csv")[0]
    assert meeting["participants"] == '\'=HYPERLINK("http://evil"); B'
    assert table(tmp_path / "t", "sources.csv")[0]["outlet"] == "'@VNA"


def test_excel_tables_are_as_inert(hostile, tmp_path):
    """Excel is where a formula would run: the byte order mark changes nothing else."""
    export(hostile, "-f", "csv", "-o", str(tmp_path / "t"), "--excel")
    raw = (tmp_path / "t" / "meetings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,")
    with open(tmp_path / "t" / "meetings.csv", encoding="utf-8-sig", newline="") as stream:
        meeting = next(csv.DictReader(stream))
    assert meeting["participants"] == '\'=HYPERLINK("http://evil"); B'


def test_csv_text_that_only_contains_those_characters_is_left_alone(hostile, tmp_path):
    export(hostile, "-f", "csv", "-o", str(tmp_path / "t"))
    meeting = table(tmp_path / "t", "meetings.csv")[0]
    assert (meeting["id"], meeting["date"], meeting["occasion"]) == ("first", "2024-01-10", "a=b, not a formula")
    mention = table(tmp_path / "t", "mentions.csv")[0]
    assert (mention["paragraph"], mention["kind"]) == ("1", "agreed")


@pytest.mark.parametrize("value", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(value):
    assert csv_format.inert(value + "x") == "'" + value + "x"
    assert csv_format.inert("x" + value) == "x" + value
    assert csv_format.inert(3) == 3


def rendered(root) -> tuple[str, str]:
    text = export(root, "-f", "markdown").stdout
    return text, MarkdownIt("commonmark").enable("table").render(text)


def test_markdown_shows_html_links_and_emphasis_as_text(hostile):
    text, html = rendered(hostile)
    assert "<script>" not in html and "javascript:" not in html.replace("(javascript:alert(1))", "")
    assert all(link.startswith("#") for link in re.findall(r'href="([^"]*)"', html)) and "<em>" not in html
    assert "=1+2 &lt;script&gt;alert(1)&lt;/script&gt; [click](javascript:alert(1)) *now*" in html
    assert "agreed to build the bridge &lt;script&gt;alert(1)&lt;/script&gt; over | the river" in html


def test_markdown_keeps_each_value_on_its_line_and_in_its_cell(hostile):
    text, html = rendered(hostile)
    header = next(line for line in text.splitlines() if line.startswith("| commitment |"))
    assert header.count(" | ") == 2  # commitment, the one meeting, n: the place's pipe is escaped
    assert re.search(r"<th[^>]*>2024-01-10<br>Hà \| Nội</th>", html)
    commitments = text[text.index("## Commitments") :]
    heading = next(line for line in commitments.splitlines() if line.startswith("### "))
    assert heading.endswith("*now\\*<br>second line \\| cell")
    assert "<h3>=1+2" in html and "second line | cell</h3>" in html


@pytest.mark.parametrize(
    "value, shown",
    [
        ("Build the bridge", "Build the bridge"),
        ("Việt Nam-China railway (phase 1)", "Việt Nam-China railway (phase 1)"),
        ("- a list?", "\\- a list?"),
        ("1. a list?", "1\\. a list?"),
        ("# a heading?", "\\# a heading?"),
        ("a & b", "a &amp; b"),
    ],
)
def test_markdown_text_escapes_only_what_markdown_would_read(value, shown):
    assert markdown.text(value) == shown
    assert MarkdownIt("commonmark").renderInline(markdown.text(value)) == MarkdownIt().utils.escapeHtml(value)


def text_in_two_passes(value: str) -> str:
    """markdown.text by its definition: escaped, a line's start escaped, then every break a <br>."""
    escaped = value.translate(markdown._INLINE)
    escaped = re.sub(r"^([+\-=])|^(\d+)([.)])", lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)
    return re.sub(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]", "<br>", escaped)


@pytest.mark.parametrize(
    "value", ["=1", "+a", "-", "12) x", "٣. x", "a\nb", "a\u2028b", "a\x85b", "x\r\ny", "a - 1. b"]
)
def test_markdown_text_skips_no_pass_it_needs(value):
    assert markdown.text(value) == text_in_two_passes(value)


@given(st.text(alphabet="a1٣²+-=.)#|*\\ \n\r\x0b\x85\u2028\u2029\t", max_size=12))
def test_markdown_text_is_its_definition(value):
    assert markdown.text(value) == text_in_two_passes(value)
