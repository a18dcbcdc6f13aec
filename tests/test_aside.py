"""An export's sections made by a second process (`spill.Aside`): the same bytes as made in one,
whether the child is had, dies half-way, or cannot be forked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import generate
from typer.testing import CliRunner

from tracker import split
from tracker.cli import app
from tracker.render import spill, sqlite

runner = CliRunner()
FORMATS = ["json", "csv", "markdown", "html", "sqlite"]


@pytest.fixture(scope="module")
def record(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("aside")
    generate(root, meetings=30, commitments=60, per_commitment=3)
    return root


def exported(root: Path, fmt: str, folder: Path) -> dict[str, bytes]:
    """The export's files by name (one for every format but csv), as of a fixed day."""
    folder.mkdir(exist_ok=True)
    target = folder / f"out-{fmt}"
    done = runner.invoke(app, ["export", "-f", fmt, "-o", str(target), "--as-of", "2026-01-01", "--root", str(root)])
    assert done.exit_code == 0, done.stderr
    if target.is_dir():
        return {path.name: path.read_bytes() for path in sorted(target.iterdir())}
    return {target.name: target.read_bytes()}


@pytest.fixture
def forks(monkeypatch) -> list[int]:
    """Every section long enough to be made aside; the children forked, counted."""
    made: list[int] = []
    forked = split._forked

    def counted(*args, **kwargs):
        child = forked(*args, **kwargs)
        if child is not None:
            made.append(child[0])
        return child

    monkeypatch.setattr(split, "_forked", counted)
    monkeypatch.setattr(spill, "WORTH_MAKING_ASIDE", 1)
    monkeypatch.setattr(sqlite, "WORTH_MAKING_AHEAD", 1)
    return made


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_made_in_two_processes_is_the_one_made_in_one(record, tmp_path, monkeypatch, forks, fmt):
    aside = exported(record, fmt, tmp_path / "aside")
    assert forks  # a child made a section (sqlite: its rows, `split.Ahead`)
    monkeypatch.setattr(spill, "WORTH_MAKING_ASIDE", 10**9)
    monkeypatch.setattr(sqlite, "WORTH_MAKING_AHEAD", 10**9)
    del forks[:]
    alone = exported(record, fmt, tmp_path / "alone")
    assert not forks and alone == aside


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "html"])
def test_a_child_that_dies_half_way_leaves_the_same_export(record, tmp_path, monkeypatch, forks, fmt):
    alone = exported(record, fmt, tmp_path / "alone")
    made_in_child = spill.Aside._made_in_child

    def dying(self):
        for written in self.spills:
            written.write("half a section, then the child is gone")
            written.flush()
        os._exit(9)

    monkeypatch.setattr(spill.Aside, "_made_in_child", dying)
    del forks[:]
    assert exported(record, fmt, tmp_path / "died") == alone and forks
    monkeypatch.setattr(spill.Aside, "_made_in_child", made_in_child)


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "html"])
def test_no_second_process_without_a_temporary_file_and_the_same_export(record, tmp_path, monkeypatch, forks, fmt):
    alone = exported(record, fmt, tmp_path / "alone")

    def refused(*args, **kwargs):
        raise PermissionError(13, "permission denied")

    monkeypatch.setattr(spill.tempfile, "TemporaryFile", refused)
    del forks[:]
    assert exported(record, fmt, tmp_path / "unspilled") == alone and not forks


def test_an_aside_left_unread_ends_its_child_and_its_files():
    def slow(written: spill.Spill) -> int:
        written.write("made")
        os.read(os.pipe()[0], 1)  # waits for ever: only a kill ends it
        return 1

    with spill.Aside(slow) as aside:
        child = aside._child
        assert child is not None and child.running
        pid = child._pid
        handle = aside.spills[0]._file
    assert handle.closed
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left behind


def test_bytes_written_among_text_come_back_in_order_and_in_pieces(monkeypatch):
    monkeypatch.setattr(spill, "BYTES_PIECE", 5)
    with spill.Spill() as spilled:
        spilled.write("Việt ")
        spilled.write("Nam, Hà Nội, ".encode())
        spilled.write("Trung Quốc")
        pieces = list(spilled.byte_pieces())
    assert b"".join(pieces).decode() == "Việt Nam, Hà Nội, Trung Quốc" and max(map(len, pieces)) == 5
