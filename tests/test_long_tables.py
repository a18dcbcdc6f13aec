"""Long reports on a terminal or piped: laid out a chunk of rows at a time, written as they are
made, fed to the pager as they come. The same text as one table laid out at once, memory flat in
the number of rows."""

from __future__ import annotations

import contextlib
import copy
import io
import os
from pathlib import Path

import pytest
from conftest import generate
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tracker import checks, query
from tracker.render import terminal as pretty


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A generated record of fifty meetings: a column each when the terminal is wide, a timeline otherwise."""
    root = tmp_path_factory.mktemp("corpus")
    generate(root, meetings=50, commitments=30, per_commitment=3)
    return root


# The terminal view of a long matrix: a chunk of rows at a time -------------------------------


def long_table(corpus: Path, out: Console) -> pretty.LongTable:
    """The recurrence matrix of `corpus` as `tracker recurrence` lays it out on `out`."""
    record = checks.load_valid(corpus)
    group = pretty.recurrence(out, query.recurrence_matrix(record, query.states(record)), out.width)
    return next(part for part in group.renderables if isinstance(part, pretty.LongTable))


def one_table(table: pretty.LongTable) -> Table:
    """The rich table a long table stands for: its columns and every row, laid out at once."""
    whole = copy.deepcopy(table.columns)
    for cells in table.rows():
        if cells is pretty.SECTION:
            whole.add_section()
        else:
            whole.add_row(*cells)
    return whole


def terminal(width: int) -> Console:
    return Console(width=width, force_terminal=True, color_system="standard", record=True, file=io.StringIO())


def shown(renderable, width: int) -> str:
    """What a terminal `width` columns wide shows, colours included."""
    out = terminal(width)
    out.print(renderable)
    return out.export_text(styles=True)


# 320 columns: a dated column per meeting; 280: numbered; 80: a character per meeting; 40 and 25: periods
@pytest.mark.parametrize("width", [320, 280, 80, 40, 25])
def test_a_long_matrix_on_a_terminal_is_laid_out_in_chunks_that_read_as_one_table(corpus, monkeypatch, width):
    monkeypatch.setattr(pretty.LongTable, "CHUNK", 7)
    table = long_table(corpus, terminal(width))
    rows = sum(cells is not pretty.SECTION for cells in table.rows())
    chunks = list(table.chunks(terminal(width), terminal(width).options))
    assert [len(chunk.rows) for chunk in chunks] == [7] * (rows // 7) + ([rows % 7] if rows % 7 else [])
    assert [chunk.show_header for chunk in chunks] == [True] + [False] * (len(chunks) - 1)
    assert shown(table, width) == shown(one_table(table), width)


def test_a_long_matrix_chunked_keeps_the_widest_id_whole_in_whichever_chunk_it_is(corpus, monkeypatch):
    monkeypatch.setattr(pretty.LongTable, "CHUNK", 7)
    table = long_table(corpus, terminal(80))
    text = shown(table, 80)
    widest = max((cells[0].plain for cells in table.rows()), key=len)
    assert f"\n{widest} " in text


class Writes(io.StringIO):
    """A pipe that remembers its largest single write."""

    largest = 0

    def write(self, text: str) -> int:
        self.largest = max(self.largest, len(text))
        return super().write(text)


def test_piped_a_long_matrix_is_the_plain_table_written_a_line_at_a_time(corpus):
    table = long_table(corpus, pretty.console(io.StringIO()))
    expected = "".join(line.rstrip() + "\n" for line in pretty.plain_table(one_table(table)))
    out = pretty.console(Writes())
    pretty.emit(out, table)
    assert out.file.getvalue() == expected
    assert out.file.largest == max(len(line) for line in expected.splitlines(keepends=True))


def test_on_a_terminal_a_long_matrix_goes_to_the_pager_a_chunk_at_a_time(corpus, monkeypatch):
    monkeypatch.setattr(pretty.LongTable, "CHUNK", 7)
    out = terminal(80)
    record = checks.load_valid(corpus)
    report = pretty.recurrence(out, query.recurrence_matrix(record, query.states(record)), 80)
    written: list[str] = []

    @contextlib.contextmanager
    def paged(stream):
        yield written.append

    monkeypatch.setattr(pretty.progress, "paged", paged)
    pretty.emit(out, report)
    assert len(written) > len(list(long_table(corpus, out).rows())) // 7
    assert max(piece.count("\n") for piece in written) <= 7 + 2  # a chunk of rows, the header over the first
    assert "".join(written) == shown(report, 80)


def rows_widest_late() -> list[list[Text | str]]:
    """Rows whose widest cells come last: a table laid out from its first chunk would be too narrow."""
    rows: list[list[Text | str]] = [[Text(f"id-{n}"), f"note {n}", str(n)] for n in range(20)]
    rows[17] = [Text("a-much-longer-id-than-the-rest", style="bold"), "a note of many words " * 3, "100000"]
    return rows


@pytest.mark.parametrize("width", [20, 30, 60, 200])
@pytest.mark.parametrize("whole", [(), (0,)])
def test_a_long_table_is_laid_out_at_the_widths_of_its_widest_cells_in_whichever_chunk(monkeypatch, width, whole):
    monkeypatch.setattr(pretty.LongTable, "CHUNK", 4)
    columns = pretty._table(terminal(width), "id", "note", "n")
    pretty.numbers(columns, 2)
    table = pretty.LongTable(columns, rows_widest_late, whole=whole)
    assert shown(table, width) == shown(one_table(table), width)
    assert len(list(table.chunks(terminal(width), terminal(width).options))) == 5


# The pager, fed as the text comes ----------------------------------------------------------


class Screen(io.StringIO):
    def isatty(self) -> bool:
        return True


class Pager:
    """A stand-in for `less`: what it was given, and when it started."""

    started: list[Pager] = []

    def __init__(self, command, stdin, env):
        self.stdin, self.command = io.BytesIO(), command
        self.stdin.close = lambda: None  # read after the pager "exits"
        Pager.started.append(self)

    def wait(self) -> int:
        return 0


@pytest.fixture
def pager(monkeypatch):
    from tracker.render import progress

    Pager.started = []
    monkeypatch.setenv("TRACKER_PAGER", "less")
    monkeypatch.setattr(progress.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(progress.shutil, "get_terminal_size", lambda: os.terminal_size((80, 10)))
    monkeypatch.setattr(progress.subprocess, "Popen", Pager)
    return progress


def test_text_shorter_than_the_screen_is_printed_without_the_pager(pager):
    screen = Screen()
    with pager.paged(screen) as write:
        write("a line\n" * 5)
        write("another\n" * 4)
    assert screen.getvalue() == "a line\n" * 5 + "another\n" * 4
    assert Pager.started == []


def test_the_pager_starts_once_the_text_fills_the_screen_and_is_fed_the_rest_as_it_comes(pager):
    screen = Screen()
    with pager.paged(screen) as write:
        write("first\n" * 6)
        assert Pager.started == []
        write("second\n" * 4)  # ten lines: a screen
        assert (
            len(Pager.started) == 1 and Pager.started[0].stdin.getvalue() == ("first\n" * 6 + "second\n" * 4).encode()
        )
        write("third: ĐÀ NẴNG\n")
    assert Pager.started[0].stdin.getvalue().decode("utf-8").endswith("second\nthird: ĐÀ NẴNG\n")
    assert screen.getvalue() == ""


def test_a_pager_that_quits_early_takes_no_more_and_raises_nothing(pager):
    with pager.paged(Screen()) as write:
        write("line\n" * 20)
        Pager.started[0].stdin.write = lambda data: (_ for _ in ()).throw(BrokenPipeError())
        write("more\n")
        write("still more\n")


def test_a_pager_that_will_not_start_leaves_the_text_printed_straight_out(pager, monkeypatch):
    def missing(*args, **kwargs):
        raise FileNotFoundError("less")

    monkeypatch.setattr(pager.subprocess, "Popen", missing)
    screen = Screen()
    with pager.paged(screen) as write:
        write("line\n" * 20)
        write("the end\n")
    assert screen.getvalue() == "line\n" * 20 + "the end\n"


@pytest.mark.parametrize(
    "text",
    [
        " " * 3000 + "●" + " " * 2000 + "✔",  # a timeline: counted without walking its blanks
        " " * 3000 + "越南" + " " * 10,  # two cells a character
        "Hà Nội " * 100,
        "x" * 1000,
        " " * 600 + "👩\u200d💻" + " " * 10,  # a joiner: counted by rich whole
        "short ●",
    ],
)
def test_a_width_counted_quickly_is_the_width_rich_counts(text):
    from rich.cells import cell_len

    assert pretty.width_of(text) == cell_len(text)


# 60 columns: a group a status, the title under the id; 140: a column each
@pytest.mark.parametrize("width", [60, 140])
@pytest.mark.parametrize("chunk", [1, 2, 3, 5])
def test_status_in_chunks_keeps_its_sections_wherever_a_chunk_ends(corpus, monkeypatch, width, chunk):
    monkeypatch.setattr(pretty.LongTable, "CHUNK", chunk)
    record = checks.load_valid(corpus)
    states = query.states(record)
    table = pretty.status_table(terminal(width), states)
    assert len({state.status for state in states}) > 1  # sections to keep
    assert shown(table, width) == shown(one_table(table), width)


def test_piped_status_is_the_plain_table_with_a_blank_line_between_statuses(corpus):
    record = checks.load_valid(corpus)
    states = query.by_status(query.states(record))
    table = pretty.status_table(pretty.console(io.StringIO()), states)
    lines = list(table.plain_lines())
    assert lines == list(pretty.plain_table(one_table(table)))
    statuses = [line.split()[0] for line in lines[2:] if line]
    assert statuses == [state.status for state in states]
    assert lines.count("") == len({state.status for state in states}) - 1
