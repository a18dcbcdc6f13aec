"""The csv and markdown exports as a spreadsheet user and a reader meet them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.cli import app

runner = CliRunner()
REPOSITORY = Path(__file__).resolve().parent.parent


def export(*args: str):
    return runner.invoke(app, ["export", *args, "--root", str(REPOSITORY)], catch_exceptions=False)


@pytest.fixture(scope="module")
def model() -> dict:
    return json.loads(export("-f", "json", "--as-of", "2025-10-01").stdout)


def read_table(path: Path) -> list[dict]:
    """A table as Python's csv reads it (utf-8-sig drops a byte order mark, if any)."""
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module", params=[False, True], ids=["plain", "excel"])
def tables(request, tmp_path_factory) -> tuple[Path, bool]:
    folder = tmp_path_factory.mktemp("csv") / "tables"
    excel = ["--excel"] if request.param else []
    assert export("-f", "csv", "-o", str(folder), "--as-of", "2025-10-01", *excel).exit_code == 0
    return folder, request.param


def test_excel_tables_start_with_a_byte_order_mark(tables):
    folder, excel = tables
    for name in ("meetings.csv", "sources.csv", "commitments.csv", "mentions.csv"):
        raw = (folder / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") == excel, name
        assert raw.count(b"\n") == raw.count(b"\r\n") > 0  # RFC 4180 rows


def test_commitments_round_trip_through_csv(tables, model):
    folder, _ = tables
    rows = read_table(folder / "commitments.csv")
    assert [row["id"] for row in rows] == [c["id"] for c in model["commitments"]]
    for row, commitment in zip(rows, model["commitments"], strict=True):
        assert row["title"] == commitment["title"]  # Việt Nam survives
        assert row["recurrence"] == str(commitment["recurrence"])
        assert row["by"] == "; ".join(commitment["by"]) and row["meetings"] == "; ".join(commitment["meetings"])
        assert row["due"] == (commitment["due"] or "")


def test_booleans_are_written_as_in_json(tables, model):
    folder, _ = tables
    rows = read_table(folder / "commitments.csv")
    for row, commitment in zip(rows, model["commitments"], strict=True):
        assert (row["dormant"], row["overdue"]) == (
            json.dumps(commitment["dormant"]),
            json.dumps(commitment["overdue"]),
        )
    assert {row["dormant"] for row in rows} | {row["overdue"] for row in rows} <= {"true", "false"}


def test_mentions_and_meetings_round_trip(tables, model):
    folder, _ = tables
    mentions = read_table(folder / "mentions.csv")
    expected = [
        (c["id"], m["source"], str(m["paragraph"]), m["quote"], m["text"])
        for c in model["commitments"]
        for m in c["mentions"]
    ]
    assert [(m["commitment"], m["source"], m["paragraph"], m["quote"], m["text"]) for m in mentions] == expected
    meetings = read_table(folder / "meetings.csv")
    assert [m["participants"].split("; ") for m in meetings] == [m["participants"] for m in model["meetings"]]
    assert "Hà Nội" in {m["place"] for m in meetings}


def test_excel_goes_with_csv_only(tmp_path):
    result = export("-f", "json", "-o", str(tmp_path / "r.json"), "--excel")
    assert result.exit_code == 2 and "--format csv" in result.output
    assert not (tmp_path / "r.json").exists()


# markdown ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def markdown() -> str:
    return export("-f", "markdown", "--as-of", "2025-10-01").stdout


def section(text: str, heading: str) -> list[str]:
    """The lines of a `## heading` section, up to the next one."""
    lines = text.split("\n")
    start = lines.index(f"## {heading}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return [line for line in lines[start:end] if line]


def test_markdown_lists_every_source(markdown, model):
    rows = [line for line in section(markdown, "Sources") if line.startswith("| <a id=")]

    # a seed's name is record text like any other: its `_` is escaped, not read as emphasis
    def fact(meeting, name):  # an inferred fact is marked, as everywhere
        return meeting[name] + ("\\*" if name in meeting.get("inferred", ()) else "")

    expected = [
        (
            s["id"],
            s["outlet"],
            m["id"],
            fact(m, "date"),
            fact(m, "place"),
            s["file"].replace("_", "\\_"),
            str(len(s["paragraphs"])),
        )
        for m in model["meetings"]
        for s in m["sources"]
    ]
    cells = [tuple(cell.strip() for cell in row.strip("|").split(" | ")) for row in rows]
    assert [(cell[0].split("</a>")[1], *cell[1:]) for cell in cells] == expected


def test_markdown_mention_says_where_and_who(markdown):
    assert (
        "- 2025-04-14\\*, Hà Nội\\*: Tran Thuong - Pham Hai (byline; no outlet named), "  # both inferred
        "[tran-pham-2025-04-14](#source-tran-pham-2025-04-14) ¶11 (agreed):"
    ) in markdown
    assert '<a id="source-tran-pham-2025-04-14"></a>' in markdown  # the link's target


def test_markdown_legend_separates_with_commas_not_the_reaffirmed_dot(markdown):
    legend = next(line for line in section(markdown, "Recurrence across meetings") if line.startswith("Each cell"))
    entries = legend.split(": ", 1)[1].rstrip(".").split(", ")
    assert entries == ["○ proposed", "● agreed", "· reaffirmed", "◐ progress", "✔ fulfilled"]
    assert legend.count("·") == 1
