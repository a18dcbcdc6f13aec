"""The curator's workflow: suggest, add-source, new, schema, pre-commit."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import COMMITMENT, MEETINGS, PLAIN, found, write_root
from typer.testing import CliRunner

from tracker import checks, curate, files
from tracker.cli import app

runner = CliRunner()
REPOSITORY = Path(__file__).resolve().parent.parent


def run(root, *args):
    return runner.invoke(app, [*args, "--root", str(root)], catch_exceptions=False)


# suggest -----------------------------------------------------------------------------------


def test_suggest_finds_uncited_paragraphs_naming_an_alias(tmp_path):
    text = COMMITMENT.replace("aliases: [railway cooperation committee]", "aliases: [RED journey, Lao Cai]")
    root = write_root(tmp_path, text)
    data = json.loads(run(root, "suggest", "--json").stdout)
    assert [(s["commitment"], s["source"], s["paragraph"], s["alias"]) for s in data] == [
        ("railway-committee", "src-a", 3, "RED journey"),
        ("railway-committee", "src-a", 4, "Lao Cai"),
    ]
    assert data[1]["text"].startswith("The Lào Cai – Hà Nội")


def test_suggest_finds_nothing_once_they_are_cited(tmp_path):
    mention = (
        "      - source: src-a\n        paragraph: 3\n"
        "        quote: invite young Vietnamese to join the Red Journey program\n        kind: agreed\n"
    )
    text = COMMITMENT.replace("aliases: [railway cooperation committee]", "aliases: [Red Journey]") + mention
    root = write_root(tmp_path, text)
    assert json.loads(run(root, "suggest", "--json").stdout) == []
    assert "nothing to suggest" in run(root, "suggest").stdout
    assert found(root) == []


def test_suggest_and_the_check_agree(tmp_path):
    text = COMMITMENT.replace("aliases: [railway cooperation committee]", "aliases: [Red Journey]")
    root = write_root(tmp_path, text)
    warnings = [p for p in checks.check(root).problems if p.code.name == "uncited-alias"]
    assert len(warnings) == len(curate.suggestions(checks.check(root).record)) == 1


def test_suggest_prints_a_mention_ready_to_paste(tmp_path):
    root = write_root(tmp_path, COMMITMENT.replace("[railway cooperation committee]", "[Red Journey]"))
    result = run(root, "suggest", "railway-committee")
    assert "»Red Journey«" in result.stdout
    mention = result.stdout[result.stdout.index("      - source:") :]
    pasted = COMMITMENT.replace("[railway cooperation committee]", "[Red Journey]") + mention
    write_root(tmp_path, pasted)
    assert found(tmp_path) == []


def test_suggest_with_an_unknown_id(root):
    result = run(root, "suggest", "railway")
    assert result.exit_code == 1 and "did you mean `railway-committee`" in result.stderr


def test_alias_matching_respects_word_boundaries_and_folds_diacritics():
    from tracker.aliases import AliasMatcher

    matcher = AliasMatcher([("a", "rail"), ("b", "Dong Dang"), ("c", "Viet Nam - China"), ("d", "Lao Cai")])
    text = ["The railway to Đồng Đăng.", "Việt Nam–China ties.", "LÀO CAI station"]
    assert [(hit.commitment, hit.paragraph) for hit in matcher.scan(text)] == [("b", 1), ("c", 2), ("d", 3)]


# add-source ------------------------------------------------------------------------------

MEETINGS_WITH_COMMENTS = "# The curator's own comment, kept byte for byte.\n" + MEETINGS.replace(
    "        outlet: VNA\n", "        outlet: VNA  # an inline comment\n# a trailing comment\n"
)


@pytest.fixture
def curated(tmp_path):
    return write_root(tmp_path / "root", PLAIN, MEETINGS_WITH_COMMENTS)


def write_article(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    return path


def test_add_source_to_an_existing_meeting_keeps_the_file_and_appends(curated, tmp_path):
    before = (curated / "data/meetings.yaml").read_text(encoding="utf-8")
    article = write_article(tmp_path, b"First paragraph, wrapped\nover two lines.\n\nSecond paragraph.\n")
    result = run(curated, "add-source", str(article), "--meeting", "2025-04-14-ha-noi", "--outlet", "VOV")
    assert result.exit_code == 0, result.stderr
    after = (curated / "data/meetings.yaml").read_text(encoding="utf-8")
    added = after.replace(before[: before.index("# a trailing comment")], "", 1)
    assert after.startswith(before[: before.index("# a trailing comment")])
    assert "# a trailing comment\n" in after and "# The curator's own comment" in after
    assert "  - id: vov-2025-04-14\n" in added
    record = checks.check(curated).record
    assert [s.id for s in record.meetings[0].sources] == ["src-a", "vov-2025-04-14"]
    assert record.texts["vov-2025-04-14"].paragraphs == [
        "First paragraph, wrapped over two lines.",
        "Second paragraph.",
    ]
    assert found(curated) == []
    assert re.search(r"^ *1 +First paragraph, wrapped over two lines\.", result.stdout, re.M), result.stdout
    assert re.search(r"^ *2 +Second paragraph\.", result.stdout, re.M), result.stdout


def test_add_source_creates_a_meeting(curated, tmp_path):
    article = write_article(tmp_path, "Lương Cường met Xi Jinping.\n".encode())
    result = run(
        curated,
        "add-source",
        str(article),
        "--meeting",
        "2025-09-04-beijing",
        "--date",
        "2025-09-04",
        "--place",
        "Beijing",
        "--participant",
        "Lương Cường",
        "--participant",
        "Xi Jinping",
        "--outlet",
        "VNA/VNS",
    )
    assert result.exit_code == 0, result.stderr
    record = checks.check(curated).record
    meeting = record.meetings[-1]
    assert (meeting.id, str(meeting.date), meeting.place, meeting.participants) == (
        "2025-09-04-beijing",
        "2025-09-04",
        "Beijing",
        ("Lương Cường", "Xi Jinping"),
    )
    assert meeting.sources[0].id == "vna-vns-2025-09-04"
    assert found(curated) == []


def test_add_source_normalises_crlf_and_nfd(curated, tmp_path):
    text = unicodedata.normalize("NFD", "Việt Nam and China\r\nagreed.   \r\n\r\nA second paragraph.\r\n")
    article = write_article(tmp_path, text.encode())
    assert run(curated, "add-source", str(article), "--meeting", "2025-04-14-ha-noi", "--outlet", "VNA").exit_code == 0
    seed = next(p for p in (curated / "seeds").iterdir() if p.name.startswith("000_"))
    assert seed.read_bytes() == "Việt Nam and China agreed.\nA second paragraph.\n".encode()
    assert seed.name == f"000_{__import__('hashlib').sha256(seed.read_bytes()).hexdigest()[:16]}.txt"


def test_add_source_keeps_line_paragraphs_when_there_are_no_blank_lines():
    assert curate.normalise_article("One.\nTwo.\n  Three.  \n") == ["One.", "Two.", "Three."]


@pytest.mark.parametrize(
    "content, args, message",
    [
        (b"", ["--meeting", "2025-04-14-ha-noi"], "is empty"),
        (b"\n \n", ["--meeting", "2025-04-14-ha-noi"], "is empty"),
        (b"ok\n\xff\n", ["--meeting", "2025-04-14-ha-noi"], "not valid UTF-8: byte 0xff at offset 3"),
        (b"text\n", ["--meeting", "no-such-meeting"], "there is no meeting `no-such-meeting`"),
        (b"text\n", ["--meeting", "2025-04-14-ha-noi", "--id", "src-a"], "source id `src-a` is already used"),
    ],
)
def test_add_source_refuses_bad_input_and_writes_nothing(curated, tmp_path, content, args, message):
    before = {p: p.read_bytes() for p in curated.rglob("*") if p.is_file()}
    article = write_article(tmp_path, content)
    result = run(curated, "add-source", str(article), *args, "--outlet", "VNA")
    assert result.exit_code == 1 and message in result.stderr
    assert {p: p.read_bytes() for p in curated.rglob("*") if p.is_file()} == before


def test_add_source_bad_date_is_a_usage_error(curated, tmp_path):
    article = write_article(tmp_path, b"text\n")
    args = ["--meeting", "new-one", "--date", "2025-02-30", "--place", "X", "--participant", "A", "--outlet", "V"]
    assert run(curated, "add-source", str(article), *args).exit_code == 2


def test_a_failing_write_leaves_every_file_as_it_was(curated, tmp_path, monkeypatch):
    before = {p: p.read_bytes() for p in curated.rglob("*") if p.is_file()}
    article = write_article(tmp_path, b"A paragraph.\n")

    def broken(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(files.WriteError, match="no space left"):
        curate.add_source(curated, article, curate.SourceRequest("2025-04-14-ha-noi", "VNA"))
    assert {p: p.read_bytes() for p in curated.rglob("*") if p.is_file()} == before


def test_atomic_write_refuses_to_overwrite(tmp_path):
    target = tmp_path / "kept.txt"
    target.write_text("mine")
    with pytest.raises(files.WriteError):
        files.atomic_write(target, b"theirs", overwrite=False)
    assert target.read_text() == "mine" and list(tmp_path.iterdir()) == [target]


# new -------------------------------------------------------------------------------------


def test_new_prints_a_skeleton_that_passes_the_schema(root):
    result = run(root, "new", "bridge", "--theme", "transport", "--by", "VN")
    assert result.exit_code == 0
    write_root(root, COMMITMENT + "\n".join("  " + line for line in result.stdout.splitlines()) + "\n")
    assert [code for code, _, _ in found(root)] == ["quote-not-found"]  # the curator's to fill in


def test_new_appends_to_a_file_keeping_its_text(root):
    path = root / "data/commitments/main.yaml"
    before = path.read_text()
    result = run(root, "new", "bridge", "--write", str(path))
    assert result.exit_code == 0
    assert path.read_text().startswith(before)
    assert [c.id for c in checks.check(root).record.commitments] == ["railway-committee", "bridge"]


def test_new_creates_a_file(root):
    path = root / "data/commitments/fresh.yaml"
    assert run(root, "new", "bridge", "--write", str(path)).exit_code == 0
    assert path.read_text().startswith("commitments:\n  - id: bridge\n")


@pytest.mark.parametrize("name, message", [("Bad_Id", "is not an id"), ("railway-committee", "already exists")])
def test_new_refuses_bad_or_taken_ids(root, name, message):
    result = run(root, "new", name)
    assert result.exit_code == 1 and message in result.stderr


# schema ------------------------------------------------------------------------------------


def to_json_types(value):
    return json.loads(json.dumps(value, default=str))


@pytest.mark.parametrize("kind", ["meetings", "commitments"])
def test_schema_is_printed_and_shipped(kind):
    printed = json.loads(runner.invoke(app, ["schema", kind]).stdout)
    shipped = json.loads((REPOSITORY / "tracker" / "editor" / f"{kind}.schema.json").read_text())
    assert printed == shipped and printed["type"] == "object"


def test_the_bundled_record_validates_against_the_schema():
    import jsonschema

    schemas = {kind: json.loads(runner.invoke(app, ["schema", kind]).stdout) for kind in ("meetings", "commitments")}
    jsonschema.Draft202012Validator.check_schema(schemas["meetings"])
    meetings = to_json_types(yaml.safe_load((REPOSITORY / "data/meetings.yaml").read_text(encoding="utf-8")))
    jsonschema.validate(meetings, schemas["meetings"])
    for path in (REPOSITORY / "data/commitments").glob("*.yaml"):
        jsonschema.validate(to_json_types(yaml.safe_load(path.read_text(encoding="utf-8"))), schemas["commitments"])


def test_the_schema_rejects_what_the_loader_rejects():
    import jsonschema

    schema = json.loads(runner.invoke(app, ["schema", "commitments"]).stdout)
    bad = to_json_types(yaml.safe_load(PLAIN.replace("mentions:", "mentionss:")))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


# pre-commit --------------------------------------------------------------------------------


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.network  # pre-commit installs the package and its dependencies from the index
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_runs_the_hook_from_this_repository(tmp_path):
    """`pre-commit try-repo` installs this repository's hook, as another team's config would."""
    pre_commit = Path(sys.executable).with_name("pre-commit")
    assert pre_commit.exists(), "pre-commit is a test dependency"
    record = tmp_path / "their-record"
    shutil.copytree(REPOSITORY / "data", record / "data")
    shutil.copytree(REPOSITORY / "seeds", record / "seeds")
    git("init", "-q", cwd=record)
    git("add", ".", cwd=record)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    command = [str(pre_commit), "try-repo", str(REPOSITORY), "tracker-check", "--all-files"]
    passed = subprocess.run(command, cwd=record, capture_output=True, text=True, env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "tracker check" in passed.stdout and "Passed" in passed.stdout
    (record / "seeds" / "000_ff975d4c81a3ee8f.txt").write_text("tampered\n")
    failed = subprocess.run(command, cwd=record, capture_output=True, text=True, env=env)
    assert failed.returncode == 1 and "source-changed" in failed.stdout
