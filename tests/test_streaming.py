"""Large outputs are written as they are made: the same text, memory flat in their size."""

from __future__ import annotations

import itertools
import json
import tracemalloc
from pathlib import Path

import pytest
from conftest import generate
from typer.testing import CliRunner

from tracker import checks, query
from tracker.cli import app
from tracker.render import document, markdown
from tracker.render import json as shapes

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A generated record with more meetings than a markdown grid shows."""
    root = tmp_path_factory.mktemp("corpus")
    generate(root, meetings=markdown.GRID_MEETINGS + 10, commitments=30, per_commitment=3)
    return root


class Meeting:
    def __init__(self, number: int):
        self.id = f"m{number}"


class Row:
    def __init__(self, number: int, cells: dict[int, str]):
        self.id, self.recurrence = f"c{number}", len(cells)


def matrix(meetings: int, rows: int) -> query.Matrix:
    """Rows that each name three meetings, spread over all of them."""
    row_cells = [{(n * 7 + k * meetings // 3) % meetings: "agreed" for k in range(3)} for n in range(rows)]
    return query.Matrix([Meeting(n) for n in range(meetings)], [(Row(n, c), c) for n, c in enumerate(row_cells)])


@pytest.mark.parametrize("shape", [(0, 0), (1, 0), (3, 1), (50, 20)])
def test_the_recurrence_json_written_row_by_row_is_json_dumps_of_the_matrix(shape):
    table = matrix(*shape)
    expected = json.dumps(shapes.matrix_as_json(table), ensure_ascii=False)
    assert "".join(shapes.matrix_pieces(table)) == expected
    assert json.loads("".join(shapes.matrix_pieces(table, indent=True))) == json.loads(expected)


def peak_while_written(table: query.Matrix) -> tuple[int, int]:
    """(characters written, peak bytes allocated meanwhile)."""
    tracemalloc.start()
    written = sum(len(piece) for piece in shapes.matrix_pieces(table))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return written, peak


def test_writing_the_recurrence_json_holds_one_row_at_a_time():
    small_written, small_peak = peak_while_written(matrix(4_000, 100))
    large_written, large_peak = peak_while_written(matrix(4_000, 400))
    assert large_written > 3.9 * small_written > 100 * len(", ".join(["null"] * 4_000))
    assert large_peak < small_peak + 50_000  # four times the rows, the same memory


def test_recurrence_json_on_the_command_line_is_the_matrix(corpus):
    record = checks.load_valid(corpus)
    expected = shapes.matrix_as_json(query.recurrence_matrix(record, query.states(record)))
    result = runner.invoke(app, ["recurrence", "--json", "--root", str(corpus)], catch_exceptions=False)
    assert json.loads(result.stdout) == expected
    assert len(expected["meetings"]) > markdown.GRID_MEETINGS


def test_the_json_export_written_piece_by_piece_reads_back_as_the_model(corpus, tmp_path):
    data = document.build(checks.load_valid(corpus))
    path = tmp_path / "record.json"
    runner.invoke(app, ["export", "-f", "json", "-o", str(path), "--root", str(corpus)], catch_exceptions=False)
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(data))
    lines = path.read_text(encoding="utf-8").splitlines()
    # braces, a line per key, the closing brackets of the two lists, a line per meeting and commitment
    assert len(lines) == 2 + len(data) + 2 + len(data["meetings"]) + len(data["commitments"])


def test_past_the_grid_markdown_lists_each_commitments_meetings(corpus):
    data = document.build(checks.load_valid(corpus))
    text = markdown.render(data).decode("utf-8")
    dates = {meeting["id"]: meeting["date"] for meeting in data["meetings"]}
    for commitment in data["commitments"]:
        row = next(line for line in text.splitlines() if line.startswith(f"| [{commitment['id']}]("))
        listed = row.split(" | ")[1]
        assert listed.count(", ") + 1 == commitment["recurrence"]
        assert all(dates[meeting] in listed for meeting in commitment["meetings"])
    assert "| commitment | meetings that mention it | n |" in text


def test_within_the_grid_markdown_has_a_column_per_meeting(tmp_path):
    generate(tmp_path, meetings=markdown.GRID_MEETINGS, commitments=10, per_commitment=2)
    data = document.build(checks.load_valid(tmp_path))
    header = next(line for line in markdown.render(data).decode().splitlines() if line.startswith("| commitment |"))
    assert header.count("<br>") == markdown.GRID_MEETINGS


def test_the_streamed_document_makes_each_item_when_read_and_keeps_none(corpus):
    """What an export is written from: the document of `build`, its lists made an item at a time."""
    record = checks.load_valid(corpus)
    streamed, built = document.stream(record), document.build(record)
    for key in ("meetings", "commitments"):
        items = streamed[key]
        assert isinstance(items, document.Items) and len(items) == len(built[key]) > 0
        assert list(items) == built[key] and list(reversed(items)) == built[key][::-1]
        assert items[-1] == built[key][-1] and items[-1] is not items[-1]  # made again, not kept
    assert {key: value for key, value in streamed.items() if not isinstance(value, document.Items)} == {
        key: value for key, value in built.items() if key not in ("meetings", "commitments")
    }


@pytest.mark.parametrize("fmt", ["json", "markdown", "html"])
def test_an_export_written_from_the_streamed_document_is_the_one_written_from_the_built_one(corpus, fmt):
    from tracker import export

    record = checks.load_valid(corpus)
    streamed = b"".join(export.pieces(fmt, document.stream(record)))
    assert streamed == b"".join(export.pieces(fmt, document.build(record)))


def joined(pieces) -> dict[str, bytes]:
    """CSV pieces, each named by its table, put together: each table's text."""
    tables: dict[str, bytes] = {}
    for name, piece in pieces:
        tables[name] = tables.get(name, b"") + piece
    return tables


def test_csv_tables_from_the_streamed_document_are_those_from_the_built_one(corpus):
    from tracker.render import csv as csv_format

    record = checks.load_valid(corpus)
    streamed = joined(csv_format.render(document.stream(record)))
    assert streamed == joined(csv_format.render(document.build(record)))
    assert list(streamed) == list(csv_format.COLUMNS)


@pytest.mark.parametrize("excel", [False, True])
def test_csv_tables_made_side_by_side_in_small_pieces_are_each_table_made_alone(corpus, monkeypatch, excel):
    from tracker.render import csv as csv_format
    from tracker.render import spill

    data = document.build(checks.load_valid(corpus))
    alone = {
        name: csv_format.render_table(name, (row for table, row in csv_format.rows(data) if table == name), excel=excel)
        for name in csv_format.COLUMNS
    }
    monkeypatch.setattr(csv_format, "PIECE", 200)
    monkeypatch.setattr(spill, "BYTES_PIECE", 200)  # a table made aside is handed on in pieces too
    pieces = list(csv_format.render(data, excel=excel))
    names = [name for name, _ in pieces]
    switches = sum(1 for before, after in itertools.pairwise(names) if before != after)
    assert switches > 2 * len(csv_format.COLUMNS)  # the tables' pieces interleave, many times
    assert joined(pieces) == alone and all(len(piece) < 2_000 for _, piece in pieces)


def test_csv_reads_the_meetings_and_the_commitments_once(corpus):
    from tracker import export
    from tracker.render import csv as csv_format

    data = export.document_for("csv", checks.load_valid(corpus), None)
    data |= {"commitments": Counted(data["commitments"]), "meetings": Counted(data["meetings"])}
    assert set(joined(csv_format.render(data))) == set(csv_format.COLUMNS)
    assert data["commitments"].count == len(data["commitments"]) > 0
    # no table has what changed at a meeting: they are read without it (`Items.essentials`), never whole
    assert data["meetings"].count == 0 < len(data["meetings"])


@pytest.mark.parametrize("fmt", ["json", "sqlite", "csv", "markdown", "html"])
def test_exports_that_read_the_lists_once_or_twice_are_written_from_the_streamed_document(corpus, fmt):
    from tracker import export

    data = export.document_for(fmt, checks.load_valid(corpus), None)
    assert isinstance(data["commitments"], document.Items) and isinstance(data["meetings"], document.Items)


@pytest.fixture(scope="module")
def flagged(tmp_path_factory) -> Path:
    """A record with more dormant and overdue commitments than the page's lists show, many times over."""
    root = tmp_path_factory.mktemp("flagged")
    generate(root, meetings=300, commitments=600, per_commitment=2)
    return root


class Counted(document.Items):
    """The streamed list, counting the items it makes."""

    def __init__(self, items: document.Items):
        super().__init__(items._sources, self._counted, essentials=items._essentials)  # cheap reads: uncounted
        self._made, self.count = items._make, 0

    def _counted(self, source) -> dict:
        self.count += 1
        return self._made(source)


def test_the_html_page_is_written_from_the_streamed_document_reading_the_commitments_once(flagged):
    from tracker import export
    from tracker.render.html.facts import ATTENTION_SHOWN

    data = export.document_for("html", checks.load_valid(flagged), None)
    assert isinstance(data["commitments"], document.Items) and isinstance(data["meetings"], document.Items)
    data |= {"commitments": Counted(data["commitments"]), "meetings": Counted(data["meetings"])}
    page = b"".join(export.pieces("html", data))
    assert b'<span class="count">' in page
    # for the sections and the embedded record at once; never a second time, nor one at a time
    assert data["commitments"].count == len(data["commitments"]) > 0
    # for their places and paragraphs, and the embedded record; and the few the top of the page names
    assert data["meetings"].count <= 2 * len(data["meetings"]) + 2 * ATTENTION_SHOWN + 8


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_with_long_attention_lists_the_streamed_export_is_the_built_one(flagged, fmt):
    from tracker import export

    record = checks.load_valid(flagged)
    built = document.build(record)
    dormant = sum(commitment["dormant"] for commitment in built["commitments"])
    overdue = sum(commitment["overdue"] for commitment in built["commitments"])
    assert dormant > 40 and overdue > 40  # past where the page's lists of the first ten trim what they hold
    assert b"".join(export.pieces(fmt, document.stream(record))) == b"".join(export.pieces(fmt, built))


def test_the_first_few_are_those_of_the_whole_list_sorted_and_few_are_held():
    from tracker.render.html.facts import First

    keys = [(f"2024-{month:02d}-01", f"c{number}") for number in range(200) for month in (7, 3, 11)]
    first = First(lambda item: (item["date"], item["id"]), shown=10)
    for date, name in keys:
        first.offer({"date": date, "id": name})
        assert len(first._held) < 40
    expected = sorted(keys)[:10]
    assert [(item["date"], item["id"]) for item in first.items()] == expected and first.count == 600
    assert First(lambda item: item["id"], shown=10).items() == []


def test_one_maker_of_every_commitment_shapes_each_as_a_maker_of_it_alone(flagged):
    """What a mention takes of its meeting and source is looked up once and reused: never another's."""
    record = checks.load_valid(flagged)
    shared = shapes.Commitments(record)
    states = query.states(record)
    made = [shared.shape(state) for state in states]
    assert made == [shapes.Commitments(record).shape(state) for state in states]
    mentions = [mention for commitment in made for mention in commitment["mentions"]]
    assert {mention["inferred"] == ["date"] for mention in mentions} == {True, False}
    assert len({mention["meeting"] for mention in mentions}) > 100 and all(m["text"] for m in mentions)


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_markdown_and_json_read_the_commitments_once(corpus, fmt):
    """Markdown keeps its recurrence rows, a line each, and writes its commitments aside (`Spill`) until their
    section: no second read of the commitments."""
    from tracker import export

    data = export.document_for(fmt, checks.load_valid(corpus), None)
    data |= {"commitments": Counted(data["commitments"])}
    assert b"".join(export.pieces(fmt, data))
    assert data["commitments"].count == len(data["commitments"]) > 0


def test_text_spilled_comes_back_as_written_in_pieces_and_its_file_is_gone(monkeypatch):
    from tracker.render import spill

    monkeypatch.setattr(spill, "PIECE", 7)
    written = ["a line\r\n", "a lone CR\r, ", "Việt Nam \U0001f600\n", "\u2028end"]
    with spill.Spill() as spilled:
        for text in written:
            spilled.write(text)
        pieces = list(spilled.pieces())
        handle = spilled._file
    assert "".join(pieces) == "".join(written) and max(map(len, pieces)) == 7 and handle.closed


@pytest.mark.parametrize("fmt", ["json", "markdown", "html"])
def test_an_export_made_where_no_temporary_file_can_be_is_the_same(corpus, monkeypatch, fmt):
    from tracker.render import spill

    made = runner.invoke(app, ["export", "--format", fmt, "--as-of", "2026-01-01", "--root", str(corpus)])

    def refused(*args, **kwargs):
        raise PermissionError(13, "permission denied")

    monkeypatch.setattr(spill.tempfile, "TemporaryFile", refused)
    unspilled = runner.invoke(app, ["export", "--format", fmt, "--as-of", "2026-01-01", "--root", str(corpus)])
    assert made.exit_code == unspilled.exit_code == 0 and unspilled.stdout_bytes == made.stdout_bytes


@pytest.mark.parametrize("output", [None, "report.md"])
def test_a_full_temporary_disk_is_one_line_naming_it(corpus, monkeypatch, tmp_path, output):
    from tracker.render import spill

    monkeypatch.setattr(spill.tempfile, "TemporaryFile", lambda *args, **kwargs: Full())
    where = ["-o", str(tmp_path / output)] if output else []
    done = runner.invoke(app, ["export", "--format", "markdown", *where, "--root", str(corpus)])
    assert done.exit_code == 1
    assert "cannot write a temporary file in" in done.stderr and "no space left on the device" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not output or not (tmp_path / output).exists()


class Full:
    """A temporary file on a full disk: every write fails."""

    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")

    def close(self) -> None:
        pass


def test_markdown_reads_the_meetings_once_past_the_grid(corpus):
    """Its changes, footnote of inferred facts, table of sources and mention headings, from one read;
    and the latest meeting, for the record date."""
    from tracker import export

    data = export.document_for("markdown", checks.load_valid(corpus), None)
    data |= {"meetings": Counted(data["meetings"])}
    report = b"".join(export.pieces("markdown", data))
    assert b"## Sources" in report and b"inferred, not stated" in report
    assert data["meetings"].count == len(data["meetings"]) + 1 > markdown.GRID_MEETINGS


def test_a_csv_row_is_written_in_its_tables_columns_and_a_key_without_one_is_refused():
    from tracker.render import csv as csv_format

    rows = [{"notes": "=1+1", "id": "m1", "date": "2025-01-01"}]
    text = csv_format.render_table("meetings.csv", rows).decode("utf-8")
    assert text == "id,date,place,participants,occasion,inferred,notes\r\nm1,2025-01-01,,,,,'=1+1\r\n"
    with pytest.raises(ValueError, match="no column for \\['weather'\\]"):
        csv_format.render_table("meetings.csv", [{"id": "m1", "weather": "fine"}])
