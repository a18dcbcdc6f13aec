"""The writers (`add-source`, `new --write`, `export -o`) never damage the curated record:
what the user types goes in quoted and checked, line ends stay, every failure is one line
that changes nothing, --force replaces only what an export wrote, and refusals say why."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import MEETINGS, PLAIN, found, write_root
from typer.testing import CliRunner

from tracker import curate, files, loader
from tracker.cli import app

runner = CliRunner()
MEETING = "2025-04-14-ha-noi"


def run(root, *args):
    return runner.invoke(app, [*args, "--root", str(root)], catch_exceptions=False)


def snapshot(*folders: Path) -> dict[Path, bytes | str]:
    """Every file and folder under `folders`, hidden ones too: what "nothing changed" compares."""
    seen: dict[Path, bytes | str] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            seen[path] = "folder" if path.is_dir() else path.read_bytes() if path.is_file() else "other"
    return seen


def one_line(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("tracker: "), result.stderr
    return result.stderr


@pytest.fixture
def root(tmp_path):
    return write_root(tmp_path / "root", PLAIN)


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("Both sides agreed to build a bridge.\n\nA second paragraph.\n", encoding="utf-8")
    return path


def add_source(root, article, *args):
    return run(root, "add-source", str(article), "--meeting", MEETING, "--outlet", "VOV", *args)


def commitments(root) -> Path:
    return root / "data/commitments/main.yaml"


# What the user types ---------------------------------------------------------------------

AWKWARD = ["no", "2025-01-01", "*x", "&a", "#", "a #b", ": ", " padded ", "'", '"', "a, b]", "[x]", "Tô Lâm"]


@pytest.mark.parametrize("value", AWKWARD)
def test_new_writes_typed_text_that_reads_back_exactly(root, value):
    result = run(root, "new", "bridge", "--title", value, "--theme", value, "--write", str(commitments(root)))
    assert result.exit_code == 0, result.stderr
    bridge = next(c for c in loader.load(root).record.commitments if c.id == "bridge")
    assert (bridge.title, bridge.theme) == (value, value)
    assert [code for code, _, _ in found(root)] == ["quote-not-found"]  # the skeleton's quote, to fill in


@pytest.mark.parametrize("value", AWKWARD)
def test_add_source_writes_typed_text_that_reads_back_exactly(root, article, value):
    args = ["--meeting", "new-meeting", "--date", "2025-05-01", "--place", value, "--participant", value]
    result = run(root, "add-source", str(article), *args, "--participant", "B", "--outlet", value, "--title", value)
    assert result.exit_code == 0, result.stderr
    meeting = loader.load(root).record.meetings[-1]
    assert (meeting.place, meeting.participants, meeting.sources[0].outlet) == (value, (value, "B"), value)
    assert meeting.sources[0].title == value
    assert [code for code, _, _ in found(root)] == ["uncovered-paragraph"]  # the new article's, to read


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--title", "a\x7fb", "--title holds a control character (U+007F)"),
        ("--title", "a\x9bb", "--title holds a control character (U+009B)"),
        ("--title", "two\nlines", "--title holds a line break (U+000A)"),
        ("--title", "a\u2028b", "--title holds a line break (U+2028)"),
        ("--theme", "\x1b]0;pwned\x07", "--theme holds a control character (U+001B)"),
        ("--by", "VN]\n  notes: x", "--by holds a line break (U+000A)"),
        ("--by", "a, b]", '--by "a, b]" is not a party of data/meetings.yaml (VN, CN)'),
        ("--title", "   ", "would have a problem (bad-value: expected text, found an empty string)"),
    ],
)
def test_new_refuses_what_cannot_be_one_line_of_text(root, option, value, message):
    before = snapshot(root)
    result = run(root, "new", "bridge", option, value, "--write", str(commitments(root)))
    assert message in one_line(result)
    assert snapshot(root) == before


def test_new_takes_a_party_code_that_exists(root):
    assert run(root, "new", "bridge", "--by", "VN", "--by", "CN", "--write", str(commitments(root))).exit_code == 0
    assert loader.load(root).record.commitments[-1].by == ("VN", "CN")


@pytest.mark.parametrize("option", ["--outlet", "--place", "--participant", "--occasion", "--title", "--url"])
def test_add_source_refuses_a_control_character_in_any_option(root, article, option):
    before = snapshot(root)
    args = {"--outlet": "V", "--place": "P", "--participant": "A", "--occasion": "O", "--title": "T", "--url": "U"}
    args[option] = "x\x1b[2Jy"
    flat = [item for pair in args.items() for item in pair]
    result = run(root, "add-source", str(article), "--meeting", "m-new", "--date", "2025-05-01", *flat)
    assert f"{option} holds a control character (U+001B)" in one_line(result)
    assert snapshot(root) == before


def test_an_argument_that_is_not_utf8_is_refused(root):
    result = run(root, "new", "bridge", "--title", "caf\udce9", "--write", str(commitments(root)))
    assert "--title holds a byte that is not UTF-8 (0xe9)" in one_line(result)


# Line ends, BOM, the final newline ---------------------------------------------------------


@pytest.mark.parametrize("bom", ["", "\ufeff"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("final", [True, False])
def test_add_source_keeps_the_files_line_ends_bom_and_final_newline(tmp_path, article, bom, newline, final):
    text = MEETINGS.replace("\n", newline)
    root = write_root(tmp_path / "root", PLAIN, bom + (text if final else text.removesuffix(newline)))
    path = root / "data/meetings.yaml"
    before = path.read_bytes()
    assert add_source(root, article).exit_code == 0
    after = path.read_bytes()
    inserted = after[len(before) :] if final else after[len(before) :]
    assert after.startswith(before) and after.endswith(newline.encode()) == final
    assert inserted.count(newline.encode()) == inserted.count(b"\n")  # every new line in the file's own ends
    assert inserted.startswith(newline.encode() if not final else b"      - id: vov-")
    assert [code for code, _, _ in found(root)] == ["uncovered-paragraph"]  # the new article's, to read


def test_new_keeps_crlf(root):
    path = commitments(root)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    assert run(root, "new", "bridge", "--write", str(path)).exit_code == 0
    after = path.read_bytes()
    assert after.startswith(before) and b"\n" not in after.replace(b"\r\n", b"")


# Where the new lines go ---------------------------------------------------------------------

ALIASED = MEETINGS.replace("        outlet: VNA\n", "        outlet: &outlet VNA\n") + (
    "  - id: 2025-09-04-beijing\n"
    "    date: 2025-09-04\n"
    "    place: Beijing\n"
    "    participants: [Lương Cường, Xi Jinping]\n"
    "    sources:\n"
    "      - id: src-b\n"
    "        file: seeds/a.txt\n"
    "        sha256: {sha:seeds/a.txt}\n"
    "        outlet: *outlet\n"
)


def test_add_source_files_the_source_under_its_meeting_when_the_last_value_is_an_alias(tmp_path, article):
    root = write_root(tmp_path / "root", PLAIN, ALIASED)
    assert run(root, "add-source", str(article), "--meeting", "2025-09-04-beijing", "--outlet", "VOV").exit_code == 0
    first, second = loader.load(root).record.meetings
    assert [s.id for s in first.sources] == ["src-a"]
    assert [s.id for s in second.sources] == ["src-b", "vov-2025-09-04"]


def test_new_appends_after_the_last_commitment_when_the_first_holds_the_anchor(root):
    text = PLAIN.replace("status: agreed", "status: &s agreed") + PLAIN.split("commitments:\n")[1].replace(
        "railway-committee", "second"
    ).replace("status: agreed", "status: *s")
    commitments(root).write_text(text, encoding="utf-8")
    assert run(root, "new", "bridge", "--write", str(commitments(root))).exit_code == 0
    assert [c.id for c in loader.load(root).record.commitments] == ["railway-committee", "second", "bridge"]
    assert commitments(root).read_text(encoding="utf-8").startswith(text)


# Filesystem failures: one line, the path and the reason, nothing changed ------------------------


def writers(root: Path, article: Path, out: Path) -> dict[str, list[str]]:
    return {
        "add-source": ["add-source", str(article), "--meeting", MEETING, "--outlet", "VOV"],
        "new --write": ["new", "bridge", "--write", str(commitments(root))],
        "export -o": ["export", "-f", "json", "-o", str(out / "record.json")],
    }


WRITERS = ["add-source", "new --write", "export -o"]


def fail_with(monkeypatch, name: str, code: int) -> None:
    """Make `os.<name>` fail with `code` when it creates or replaces a file (reads still work)."""
    real = getattr(os, name)

    def failing(*args, **kwargs):
        if name != "open" or args[1] & os.O_CREAT:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, failing)


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize(
    "call, code, reason",
    [
        ("write", errno.ENOSPC, "no space left on the device"),
        ("fsync", errno.EIO, "input/output error"),
        ("open", errno.EROFS, "read-only file system"),
        ("open", errno.EACCES, "permission denied"),
        ("replace", errno.EDQUOT, "disk quota exceeded"),
        ("link", errno.ENOSPC, "no space left on the device"),
    ],
)
def test_a_write_that_fails_is_one_line_and_changes_nothing(
    root, article, tmp_path, monkeypatch, writer, call, code, reason
):
    out = tmp_path / "out"
    out.mkdir()
    args = writers(root, article, out)[writer]
    before = snapshot(root, out)
    fail_with(monkeypatch, call, code)
    result = run(root, *args)
    if result.exit_code == 0:  # this writer never makes that call (replace for a new file, link for an old one)
        assert call in ("replace", "link")
        return
    message = one_line(result)
    assert reason in message and "cannot write " in message
    assert snapshot(root, out) == before


@pytest.mark.parametrize("writer", ["new --write", "export -o"])
def test_a_missing_folder_is_one_line(root, article, tmp_path, writer):
    if writer == "new --write":
        (root / "data/commitments/main.yaml").unlink()
        (root / "data/commitments").rmdir()
    args = writers(root, article, tmp_path / "missing")[writer]
    assert "does not exist" in one_line(run(root, *args))


def test_add_source_makes_a_missing_seeds_folder(tmp_path, article):
    root = write_root(tmp_path / "root", PLAIN, MEETINGS.replace("seeds/a.txt", "text/a.txt"), {"text/a.txt": "x\n"})
    assert add_source(root, article).exit_code == 0
    assert len(list((root / "seeds").iterdir())) == 1


def test_export_into_a_missing_folder_says_which(root, tmp_path):
    message = one_line(run(root, "export", "-f", "csv", "-o", str(tmp_path / "no" / "tables")))
    assert message == f"tracker: cannot write {tmp_path}/no/tables: the folder {tmp_path}/no does not exist\n"


@pytest.mark.parametrize(
    "make, what",
    [
        (lambda path: path.mkdir(), "a directory"),
        (lambda path: os.mkfifo(path), "a FIFO"),
        (lambda path: path.symlink_to("/dev/null"), "a symbolic link"),
    ],
)
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_only_a_regular_file_is_replaced(root, tmp_path, make, what, force):
    target = tmp_path / "target"
    make(target)
    before = os.lstat(target)
    message = one_line(run(root, "export", "-f", "json", "-o", str(target), *force))
    assert f"cannot write {target}: it is {what}" in message
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_a_device_is_never_replaced(root, device):
    before = os.lstat(device)
    message = one_line(run(root, "export", "-f", "json", "-o", device, "--force"))
    assert f"cannot write {device}: it is a character device" in message
    assert os.lstat(device).st_ino == before.st_ino and stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_regular_file_is_replaced_with_force(root, tmp_path):
    target = tmp_path / "record.json"
    target.write_text("old")
    assert "already exists (pass --force" in one_line(run(root, "export", "-f", "json", "-o", str(target)))
    assert run(root, "export", "-f", "json", "-o", str(target), "--force").exit_code == 0
    assert target.read_text().startswith("{")


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"commitments:\n  - id: [\n", "line 3, column 1"),
        (b"commitments:\n  - id: caf\xe9\n", "not valid UTF-8: byte 0xe9 at offset 24"),
        (b"commitments: [a]\n", "`commitments` is a flow list"),
    ],
)
def test_new_write_into_a_file_it_cannot_read_is_refused(root, content, reason):
    commitments(root).write_bytes(content)
    before = snapshot(root)
    message = one_line(run(root, "new", "bridge", "--write", str(commitments(root))))
    assert f"cannot add to {commitments(root)}" in message and reason in message
    assert snapshot(root) == before


@pytest.mark.parametrize(
    "make, what",
    [
        (lambda path: path.mkdir(), "a directory"),
        (lambda path: os.mkfifo(path), "a FIFO"),  # read, it would hang the writer
        (lambda path: path.symlink_to("main.yaml"), "a symbolic link"),
    ],
)
def test_new_write_into_what_is_not_a_regular_file_is_refused(root, make, what):
    target = root / "data/commitments/other.yaml"
    make(target)
    before = snapshot(root)
    assert f"cannot add to {target}: it is {what}" in one_line(run(root, "new", "bridge", "--write", str(target)))
    assert snapshot(root) == before


def test_add_source_into_a_meetings_file_with_a_yaml_error_is_refused(root, article):
    path = root / "data/meetings.yaml"
    path.write_bytes(path.read_bytes() + b"  - id: [\n")
    before = snapshot(root)
    assert "cannot add to data/meetings.yaml: line" in one_line(add_source(root, article))
    assert snapshot(root) == before


def test_add_source_of_an_article_that_is_a_fifo_is_refused(root, tmp_path):
    fifo = tmp_path / "article"
    os.mkfifo(fifo)
    assert f"cannot read {fifo}: it is a FIFO" in one_line(add_source(root, fifo))


@pytest.fixture
def shared_root(article):
    """A root in a folder anyone may read, for a writer run as a user who may not write there."""
    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o755)
        root = write_root(folder / "root", PLAIN)
        shutil.copy(article, folder / "article.txt")
        yield root
    finally:
        shutil.rmtree(folder)


def as_someone_else(root: Path, *args: str) -> subprocess.CompletedProcess:
    """The command line run by a user without write permission on the record."""
    command = [sys.executable, "-m", "tracker", *args, "--root", str(root)]
    if os.geteuid() == 0:  # root writes through permissions: run it as nobody
        if shutil.which("setpriv") is None:
            pytest.skip("needs setpriv to drop root's permissions")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    else:
        for folder in ("data", "data/commitments", "seeds"):
            (root / folder).chmod(0o555)
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("writer", ["add-source", "new --write"])
def test_a_record_without_write_permission_is_one_line(shared_root, writer):
    article = shared_root.parent / "article.txt"
    before = snapshot(shared_root)
    done = as_someone_else(shared_root, *writers(shared_root, article, shared_root)[writer])
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
    assert "permission denied" in done.stderr
    assert snapshot(shared_root) == before


# Real full and read-only file systems (where this test may mount one) ------------------------------


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def fill(folder: Path) -> None:
    handle = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(handle, b"\0" * 512):
            pass
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(handle)


def test_a_full_disk_is_one_line_and_changes_nothing(small_disk, article, tmp_path):
    root = write_root(small_disk / "root", PLAIN)
    fill(small_disk)
    before = snapshot(root)
    for args in writers(root, article, small_disk).values():
        message = one_line(run(root, *args))
        assert "no space left on the device" in message
    assert snapshot(root) == before
    assert not list(small_disk.glob("*.tmp")) and found(root) == []


def test_a_read_only_file_system_is_one_line(small_disk, article):
    root = write_root(small_disk / "root", PLAIN)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    before = snapshot(root)
    for args in writers(root, article, small_disk).values():
        assert "read-only file system" in one_line(run(root, *args))
    assert snapshot(root) == before


# --force and folders ----------------------------------------------------------------------------


def test_csv_force_never_deletes_the_record(root):
    before = snapshot(root)
    for folder in ("data", "data/commitments", "seeds", "."):
        message = one_line(run(root, "export", "-f", "csv", "-o", str(root / folder), "--force"))
        assert "the record's" in message
    assert snapshot(root) == before


def test_csv_force_refuses_a_folder_holding_anything_else(root, tmp_path):
    tables = tmp_path / "tables"
    assert run(root, "export", "-f", "csv", "-o", str(tables)).exit_code == 0
    (tables / "notes.md").write_text("mine")
    (tables / "meetings.yaml").write_text("mine")
    message = one_line(run(root, "export", "-f", "csv", "-o", str(tables), "--force"))
    assert (
        message
        == f"tracker: cannot replace {tables}: it holds meetings.yaml, notes.md, which an export did not write\n"
    )
    assert (tables / "notes.md").read_text() == "mine"


def test_csv_force_refuses_a_link_and_a_file(root, tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert "it is a symbolic link" in one_line(
        run(root, "export", "-f", "csv", "-o", str(tmp_path / "link"), "--force")
    )
    (tmp_path / "file").write_text("mine")
    assert "it is a file" in one_line(run(root, "export", "-f", "csv", "-o", str(tmp_path / "file"), "--force"))


@pytest.mark.parametrize(
    "earlier", [[], ["meetings.csv"], ["commitments.csv", "meetings.csv", "mentions.csv", "sources.csv"]]
)
def test_csv_force_replaces_a_folder_of_earlier_tables(root, tmp_path, earlier):
    tables = tmp_path / "tables"
    tables.mkdir()
    for name in earlier:
        (tables / name).write_text("old")
    assert run(root, "export", "-f", "csv", "-o", str(tables), "--force").exit_code == 0
    assert sorted(p.name for p in tables.iterdir()) == [
        "commitments.csv",
        "meetings.csv",
        "mentions.csv",
        "sources.csv",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["root", "tables"]  # no temporary left


@pytest.mark.parametrize("failing", ["sources.csv", "mentions.csv"])
def test_csv_failing_on_a_later_table_replaces_none_of_the_earlier_tables(root, tmp_path, monkeypatch, failing):
    """The tables are written side by side into one folder: the first written in full is not put in place
    when another then fails, nor any other."""
    tables = tmp_path / "tables"
    tables.mkdir()
    for name in ("commitments.csv", "meetings.csv", "mentions.csv", "sources.csv"):
        (tables / name).write_text("old")
    before = snapshot(tmp_path)
    real, written = os.write, []

    def write(handle, data):
        name = os.path.basename(os.readlink(f"/proc/self/fd/{handle}"))
        written.append(name)
        if name == failing:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(handle, data)

    monkeypatch.setattr(os, "write", write)
    message = one_line(run(root, "export", "-f", "csv", "-o", str(tables), "--force"))
    assert message == f"tracker: cannot write {tables}: no space left on the device\n"
    assert written[0] == "meetings.csv" and written[-1] == failing  # a table was written before the failure
    assert snapshot(tmp_path) == before  # every earlier table as it was, and no temporary left


def test_an_export_never_replaces_a_curated_file(root):
    before = snapshot(root)
    for target in ("data/meetings.yaml", "data/commitments/main.yaml", "seeds/a.txt"):
        assert "the record's" in one_line(run(root, "export", "-f", "json", "-o", str(root / target), "--force"))
    assert snapshot(root) == before


# Refusals ---------------------------------------------------------------------------------------


def test_seeds_leading_out_of_the_root_is_refused_before_anything_is_written(tmp_path, article):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = write_root(tmp_path / "root", PLAIN, sources={"seeds-real/a.txt": "x\n"})
    (root / "seeds").symlink_to(outside)
    (root / "data/meetings.yaml").write_text(MEETINGS.replace("{sha:seeds/a.txt}", "f" * 64), encoding="utf-8")
    before = snapshot(root)
    message = one_line(add_source(root, article))
    assert f"seeds/ leads out of the root (to {outside})" in message
    assert snapshot(root) == before and list(outside.iterdir()) == []


def test_seeds_linked_inside_the_root_is_used(tmp_path, article):
    root = write_root(
        tmp_path / "root", PLAIN, MEETINGS.replace("seeds/a.txt", "archive/a.txt"), {"archive/a.txt": "x\n"}
    )
    (root / "seeds").symlink_to(root / "archive")
    assert add_source(root, article).exit_code == 0
    assert len(list((root / "archive").glob("000_*.txt"))) == 1


def test_an_article_registered_already_is_refused_naming_its_source(root, article):
    assert add_source(root, article).exit_code == 0
    before = snapshot(root)
    same = article.with_name("again.txt")
    same.write_bytes(article.read_bytes().replace(b"\n", b"\r\n"))  # the same after normalisation
    message = one_line(run(root, "add-source", str(same), "--meeting", MEETING, "--outlet", "VNA", "--id", "other"))
    assert "already registered as source `vov-2025-04-14`" in message
    assert snapshot(root) == before


def test_a_different_article_is_registered(root, article):
    assert add_source(root, article).exit_code == 0
    article.write_text("Another report of the talks.\n")
    assert run(root, "add-source", str(article), "--meeting", MEETING, "--outlet", "VNA").exit_code == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--date", "2025-04-15"],
            "--date 2025-04-15 contradicts meeting `2025-04-14-ha-noi`, whose date is 2025-04-14",
        ),
        (["--place", "Beijing"], "--place Beijing contradicts meeting `2025-04-14-ha-noi`, whose place is Hà Nội"),
        (
            ["--participant", "Lý Cường"],
            "--participant Lý Cường contradicts meeting `2025-04-14-ha-noi`, whose participants are Tô Lâm, Xi Jinping",
        ),
        (
            ["--occasion", "a visit"],
            "--occasion a visit contradicts meeting `2025-04-14-ha-noi`, whose occasion is not given",
        ),
    ],
)
def test_options_that_contradict_the_meeting_are_refused(root, article, args, message):
    before = snapshot(root)
    assert message in one_line(add_source(root, article, *args))
    assert snapshot(root) == before


def test_options_that_agree_with_the_meeting_are_fine(root, article):
    nfd = "Ha\u0300 Nô\u0323i"  # Hà Nội as a Mac may type it
    args = ["--date", "2025-04-14", "--place", nfd, "--participant", "Xi Jinping"]
    assert add_source(root, article, *args).exit_code == 0


@pytest.mark.parametrize("name", ["x.yaml", "data/x.yaml", "data/commitments/x.yml", "data/commitments/sub/x.yaml"])
def test_new_write_refuses_a_file_the_record_never_reads(root, name, monkeypatch):
    monkeypatch.chdir(root)
    (root / "data/commitments/sub").mkdir()
    before = snapshot(root)
    message = one_line(run(root, "new", "bridge", "--write", name))
    assert f"{name} is not a file the record reads" in message
    assert snapshot(root) == before


def test_new_write_makes_a_new_file_in_the_commitments_folder(root, monkeypatch):
    monkeypatch.chdir(root / "data")
    assert run(root, "new", "bridge", "--write", "commitments/bridges.yaml").exit_code == 0
    assert [c.id for c in loader.load(root).record.commitments] == ["bridge", "railway-committee"]


def test_temporaries_of_a_killed_writer_are_removed_by_the_next_write(root, article):
    stale = [
        root / "data/.meetings.yaml.k1ll3d_x.tmp",
        root / "seeds/.004_0123456789abcdef.txt.abcd1234.tmp",
    ]
    for path in stale:
        path.write_text("half")
    held = root / "data/.meetings.yaml.inuse123.tmp"  # a writer still alive holds its lock
    held.write_text("busy")
    handle = os.open(held, os.O_RDONLY)
    try:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX)
        assert add_source(root, article).exit_code == 0
        assert held.exists()
    finally:
        os.close(handle)
    assert not any(path.exists() for path in stale)
    unrelated = root / "data/.notes.tmp"  # not the pattern of a temporary
    unrelated.write_text("mine")
    other = root / "data/commitments/.other.yaml.abcd1234.tmp"  # of another file of the record
    other.write_text("half")
    assert run(root, "new", "bridge", "--write", str(commitments(root))).exit_code == 0
    assert unrelated.exists() and not other.exists()


def test_a_seed_left_by_a_killed_run_is_registered_not_copied(root, article):
    content = curate.read_article(article)
    orphan = root / "seeds" / f"000_{__import__('hashlib').sha256(content).hexdigest()[:16]}.txt"
    orphan.write_bytes(content)
    assert add_source(root, article).exit_code == 0
    assert sorted(p.name for p in (root / "seeds").iterdir()) == sorted(["a.txt", orphan.name])
    assert loader.load(root).record.meetings[0].sources[-1].path == f"seeds/{orphan.name}"


# Plan, then apply -------------------------------------------------------------------------------


def test_the_plan_needs_no_disk():
    meetings = MEETINGS.replace("{sha:seeds/a.txt}", "a" * 64).encode()
    plan = curate.plan_source(
        meetings, {"a.txt": None, "007_x.txt": None}, b"One paragraph.\n", curate.SourceRequest(MEETING, "VOV")
    )
    assert plan.seed.startswith("seeds/008_") and plan.write_seed and plan.content == b"One paragraph.\n"
    assert plan.meetings.startswith(meetings) and b"      - id: vov-2025-04-14\n" in plan.meetings
    assert plan.registered == curate.Registered("vov-2025-04-14", MEETING, plan.seed, 1, False)
    with pytest.raises(curate.RegisterError, match="already registered"):
        curate.plan_source(plan.meetings, {}, b"One paragraph.\n", curate.SourceRequest(MEETING, "VNA"))


def test_the_seed_is_taken_back_when_meetings_yaml_cannot_be_written(root, article, monkeypatch):
    before = snapshot(root)
    real = files.atomic_write

    def second_fails(path, data, *, overwrite):
        if Path(path).name == "meetings.yaml":
            raise files.WriteError(f"cannot write {path}: no space left on the device")
        real(path, data, overwrite=overwrite)

    monkeypatch.setattr(files, "atomic_write", second_fails)
    assert "no space left" in one_line(add_source(root, article))
    assert snapshot(root) == before


def test_a_seeds_folder_made_for_the_seed_is_taken_back_too(tmp_path, article, monkeypatch):
    root = write_root(tmp_path / "root", PLAIN, MEETINGS.replace("seeds/a.txt", "text/a.txt"), {"text/a.txt": "x\n"})
    before = snapshot(root)
    monkeypatch.setattr(os, "replace", lambda *args: (_ for _ in ()).throw(OSError(errno.EROFS, "ro")))
    assert "read-only file system" in one_line(add_source(root, article))
    assert snapshot(root) == before and not (root / "seeds").exists()


def test_a_lock_held_too_long_is_one_line(root, article, monkeypatch):
    import fcntl

    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.2)
    handle = os.open(root / "data", os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        message = one_line(add_source(root, article))
    finally:
        os.close(handle)
    assert "another tracker has been writing the record" in message
    assert add_source(root, article).exit_code == 0


def test_a_database_that_fills_the_disk_is_one_line_and_leaves_nothing(small_disk, root):
    """SQLite writes the database itself, into the temporary: its own failure to write is
    worded as any other writer's, and the temporary goes."""
    free = os.statvfs(small_disk)
    (small_disk / "filler").write_bytes(b"\0" * (free.f_bavail * free.f_frsize - 16_384))  # room for a few pages
    message = one_line(run(root, "export", "-f", "sqlite", "-o", str(small_disk / "record.sqlite")))
    assert "no space left on the device" in message and str(small_disk / "record.sqlite") in message
    assert sorted(path.name for path in small_disk.iterdir()) == ["filler"]


def test_a_database_with_room_is_written(small_disk, root):
    """The near miss: the same small disk, with room for the database."""
    result = run(root, "export", "-f", "sqlite", "-o", str(small_disk / "record.sqlite"))
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in small_disk.iterdir()) == ["record.sqlite"]
