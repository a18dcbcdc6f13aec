"""What the gate reads, decided before a byte is read (SPEC sections 3 and 7):
each entry of data/commitments/ judged on its own, sources and YAML files
read only when they are regular files inside the root, and never unbounded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import COMMITMENT, MEETINGS, PLAIN, found, write_root

from tracker import checks, loader, reading

# A second commitments file with one error, so that a test can see it is still read.
BROKEN = PLAIN.replace("railway-committee", "other-committee").replace("status: agreed", "status: agred")
AS_ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def entry(root: Path, name: str) -> Path:
    return root / "data" / "commitments" / name


def check_in_process_with_timeout(root: Path) -> subprocess.CompletedProcess:
    """The real console script, with a timeout: a FIFO must never hang the gate."""
    script = Path(sys.executable).with_name("tracker")
    return subprocess.run(
        [str(script), "check", "--root", str(root)], capture_output=True, text=True, timeout=30, check=False
    )


# data/commitments/: each entry on its own --------------------------------------------


def test_a_self_referencing_symlink_does_not_switch_the_gate_off(tmp_path):
    root = write_root(tmp_path, {"main.yaml": COMMITMENT, "other.yaml": BROKEN})
    entry(root, "loop.yaml").symlink_to("loop.yaml")
    assert found(root) == [("file-unreadable", 1, 1), ("bad-value", 4, 13)]
    (first, second) = checks.check(root).problems
    assert first.file == "data/commitments/loop.yaml" and "loop of symbolic links" in first.message
    assert second.file == "data/commitments/other.yaml"


def test_a_symlink_to_a_file_inside_the_root_is_read(tmp_path):
    root = write_root(tmp_path, {"other.yaml": BROKEN})
    (root / "kept").mkdir()
    (root / "kept" / "main.yaml").write_text(COMMITMENT, encoding="utf-8")
    entry(root, "main.yaml").symlink_to(root / "kept" / "main.yaml")
    result = checks.check(root)
    assert [(p.file, p.code.name) for p in result.problems] == [("data/commitments/other.yaml", "bad-value")]
    assert {c.id for c in result.record.commitments} == {"railway-committee", "other-committee"}


def test_a_symlink_leading_out_of_the_root_is_unreadable(tmp_path):
    root = write_root(tmp_path / "root", {})
    (tmp_path / "elsewhere.yaml").write_text(COMMITMENT, encoding="utf-8")
    entry(root, "main.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    (problem,) = checks.check(root).problems
    assert (problem.code.name, problem.file) == ("file-unreadable", "data/commitments/main.yaml")
    assert "leading out of the root" in problem.message


def test_a_dangling_symlink_is_an_ignored_file(tmp_path):
    root = write_root(tmp_path, {"main.yaml": COMMITMENT, "other.yaml": BROKEN})
    entry(root, "gone.yaml").symlink_to("removed.yaml")
    assert found(root) == [("ignored-file", 1, 1), ("bad-value", 4, 13)]


def test_a_folder_named_yaml_is_unreadable_and_the_rest_is_read(tmp_path):
    root = write_root(tmp_path, {"main.yaml": COMMITMENT, "other.yaml": BROKEN})
    entry(root, "a.yaml").mkdir()
    problems = checks.check(root).problems
    assert [(p.file, p.code.name) for p in problems] == [
        ("data/commitments/a.yaml", "file-unreadable"),
        ("data/commitments/other.yaml", "bad-value"),
    ]
    assert "is a directory, not a regular file" in problems[0].message


def test_files_not_read_on_purpose_are_ignored_files(tmp_path):
    root = write_root(tmp_path, {"main.yaml": COMMITMENT, "notes.txt": "x", "old.yml": BROKEN})
    entry(root, "archive").mkdir()
    problems = checks.check(root).problems
    assert [(p.file, p.code.name, p.severity) for p in problems] == [
        ("data/commitments/archive", "ignored-file", "warning"),
        ("data/commitments/notes.txt", "ignored-file", "warning"),
        ("data/commitments/old.yml", "ignored-file", "warning"),
    ]
    assert "ends in `.yaml`" in problems[2].message
    assert checks.check(root).passed() and not checks.check(root).passed(strict=True)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_yaml_is_unreadable_and_never_blocks(tmp_path):
    root = write_root(tmp_path, {"main.yaml": COMMITMENT, "other.yaml": BROKEN})
    os.mkfifo(entry(root, "pipe.yaml"))
    run = check_in_process_with_timeout(root)
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        "data/commitments/other.yaml:4:13: error[bad-value] other-committee: `agred` is not a status "
        "(did you mean `agreed`? one of: proposed, agreed, in-progress, fulfilled, stalled, dropped)",
        "data/commitments/pipe.yaml:1:1: error[file-unreadable] data/commitments/pipe.yaml is a FIFO (named pipe), "
        "not a regular file",
    ]


def test_a_link_to_a_device_is_not_read(tmp_path):
    root = write_root(tmp_path, {"main.yaml": COMMITMENT})
    entry(root, "zero.yaml").symlink_to("/dev/zero")
    (problem,) = checks.check(root).problems
    # /dev/zero is outside the root: containment is decided first, and nothing is read.
    assert (problem.code.name, problem.file) == ("file-unreadable", "data/commitments/zero.yaml")


@pytest.mark.parametrize("make", ["missing", "file"])
def test_data_commitments_must_be_a_folder(tmp_path, make):
    root = write_root(tmp_path, {})
    os.rmdir(root / "data" / "commitments")
    if make == "file":
        (root / "data" / "commitments").write_text("commitments: []\n", encoding="utf-8")
    problems = checks.check(root).problems
    assert [(p.file, p.line, p.column, p.code.name) for p in problems] == [
        ("data/commitments", 1, 1, "file-unreadable")
    ]


def test_a_file_that_cannot_be_opened_is_unreadable(tmp_path, monkeypatch):
    root = write_root(tmp_path, {"main.yaml": COMMITMENT, "other.yaml": BROKEN})
    real_open = os.open

    def denied(path, flags, *args, **kwargs):
        if str(path).endswith("main.yaml"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(reading.os, "open", denied)
    problems = checks.check(root).problems
    assert [(p.file, p.code.name) for p in problems] == [
        ("data/commitments/main.yaml", "file-unreadable"),
        ("data/commitments/other.yaml", "bad-value"),
    ]
    assert "permission denied" in problems[0].message


@pytest.mark.skipif(AS_ROOT, reason="permissions do not bind root")
def test_an_unreadable_file_and_folder_on_disk(tmp_path):
    root = write_root(tmp_path, {"main.yaml": COMMITMENT, "other.yaml": BROKEN})
    entry(root, "main.yaml").chmod(0)
    assert found(root) == [("file-unreadable", 1, 1), ("bad-value", 4, 13)]
    (root / "data" / "commitments").chmod(0)
    try:
        assert found(root) == [("file-unreadable", 1, 1)]
    finally:
        (root / "data" / "commitments").chmod(0o755)


def test_an_unreadable_meetings_file_is_reported(tmp_path, monkeypatch):
    root = write_root(tmp_path, PLAIN)
    real_open = os.open

    def denied(path, flags, *args):
        if str(path).endswith("meetings.yaml"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args)

    monkeypatch.setattr(reading.os, "open", denied)
    problems = [(p.file, p.line, p.column, p.code.name) for p in checks.check(root).problems]
    assert ("data/meetings.yaml", 1, 1, "file-unreadable") in problems


def test_a_yaml_file_over_the_limit_is_not_read(tmp_path, monkeypatch):
    root = write_root(tmp_path, {"main.yaml": COMMITMENT, "big.yaml": "commitments: []\n" + "#" * 2000 + "\n"})
    monkeypatch.setattr(reading, "MAX_YAML_BYTES", 1024)
    problems = checks.check(root).problems
    assert [(p.file, p.code.name) for p in problems] == [("data/commitments/big.yaml", "file-unreadable")]
    assert "larger than" in problems[0].message


def test_the_listing_keeps_names_that_are_not_utf8(tmp_path):
    root = write_root(tmp_path, {"main.yaml": COMMITMENT})
    os.symlink(b"nowhere", os.path.join(os.fsencode(root / "data" / "commitments"), b"bad\xff\n.yaml"))
    (problem,) = checks.check(root).problems
    assert problem.code.name == "ignored-file"
    assert problem.file == "data/commitments/bad\\udcff\\n.yaml"


# Sources: decided before reading ------------------------------------------------------


def source_problem(tmp_path: Path, make, path: str = "seeds/a.txt") -> tuple[str, int, int, str]:
    root = write_root(tmp_path, PLAIN, MEETINGS.replace("seeds/a.txt", path), sources={})
    make(root)
    problems = checks.check(root).problems
    assert len(problems) == 1, problems
    return (problems[0].code.name, problems[0].line, problems[0].column, problems[0].message)


def test_a_source_linked_to_dev_zero_is_never_read(tmp_path):
    def make(root):
        (root / "seeds").mkdir()
        (root / "seeds" / "a.txt").symlink_to("/dev/zero")

    # Outside the root, decided before a byte is read: no memory is spent on it.
    code, line, column, message = source_problem(tmp_path, make)
    assert (code, line, column) == ("source-outside", 11, 15)


def test_a_device_inside_the_root_is_not_a_regular_file():
    with pytest.raises(reading.Unreadable) as raised:
        reading.read_inside("/", "dev/zero", 1024)  # a root that holds /dev
    assert raised.value.why == reading.NOT_REGULAR
    assert raised.value.reason == "is a character device, not a regular file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_source_that_is_a_fifo_is_missing_and_never_blocks(tmp_path):
    root = write_root(tmp_path, PLAIN, sources={})
    (root / "seeds").mkdir()
    os.mkfifo(root / "seeds" / "a.txt")
    run = check_in_process_with_timeout(root)
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        "data/meetings.yaml:11:15: error[source-missing] source `src-a`: seeds/a.txt is a FIFO (named pipe), "
        "not a regular file"
    ]


def test_a_source_that_is_a_folder_is_missing(tmp_path):
    code, *_, message = source_problem(tmp_path, lambda root: (root / "seeds" / "a.txt").mkdir(parents=True))
    assert code == "source-missing" and "a directory" in message


@pytest.mark.parametrize(
    "path, reason",
    [
        ('"seeds/a\\0.txt"', "not a possible path"),
        ("seeds/" + "x" * 300 + ".txt", "the name is too long"),
        ("seeds/a.txt/b.txt", "not a folder"),
    ],
)
def test_impossible_source_paths_are_problems_not_tracebacks(tmp_path, path, reason):
    def make(root):
        (root / "seeds").mkdir()
        (root / "seeds" / "a.txt").write_text("x\n", encoding="utf-8")

    code, line, column, message = source_problem(tmp_path, make, path)
    assert (code, line, column) == ("source-missing", 11, 15)
    assert reason in message


def test_a_source_over_the_limit_says_so(tmp_path, monkeypatch):
    root = write_root(tmp_path, PLAIN, sources={"seeds/a.txt": "word " * 1000})
    monkeypatch.setattr(reading, "MAX_SOURCE_BYTES", 1024)
    (problem,) = checks.check(root).problems
    assert (problem.code.name, problem.line, problem.column) == ("source-missing", 11, 15)
    assert "larger than" in problem.message


def test_the_near_miss_an_ordinary_source_is_read(tmp_path):
    assert found(write_root(tmp_path, PLAIN)) == []
    assert loader.load(tmp_path).record.texts["src-a"] is not None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_the_language_server_never_blocks_on_a_fifo_it_places_a_problem_in(tmp_path):
    from pygls.workspace import Workspace

    from tracker.lsp import RecordServer

    root = write_root(tmp_path, {"main.yaml": COMMITMENT})
    os.mkfifo(entry(root, "pipe.yaml"))
    server = RecordServer()
    server.protocol._workspace = Workspace(None)  # a server with no document open
    server.root = root
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("reading the FIFO blocked"))
    signal.alarm(10)
    try:
        assert server.lines_of("data/commitments/pipe.yaml") == [""]
    finally:
        signal.alarm(0)
    assert server.lines_of("data/commitments/main.yaml")[1] == "  - id: railway-committee"
