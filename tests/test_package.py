"""The package as people install it: one version, a wheel that ships the schemas and
runs without the source tree, and README snippets that work as written."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tracker
from tracker.cli import app

REPOSITORY = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))["project"]
BIN = Path(sys.executable).parent


def run(*command: str | Path, **options) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, **options)


def test_one_version_everywhere():
    version = PYPROJECT["version"]
    assert metadata.version(tracker.DISTRIBUTION) == version, "reinstall (pip install -e .) after changing the version"
    assert tracker.__version__ == version
    assert CliRunner().invoke(app, ["--version"]).stdout == f"tracker {version}\n"
    assert PYPROJECT["name"] == tracker.DISTRIBUTION != "tracker"  # `tracker` on the index is another project


def test_the_version_of_a_source_tree_that_is_not_installed(monkeypatch):
    def not_installed(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    assert tracker.__version__ == PYPROJECT["version"]


def test_the_changelog_has_the_version():
    changelog = (REPOSITORY / "CHANGELOG.md").read_text(encoding="utf-8")
    released = PYPROJECT["version"].split(".dev")[0]
    assert re.search(rf"^## {re.escape(released)}\b", changelog, re.MULTILINE)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built offline from a copy of what the package is made of (the tree stays clean)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPOSITORY / name, source / name)
    shutil.copytree(REPOSITORY / "tracker", source / "tracker", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    built = run(BIN / "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", out, source)
    assert built.returncode == 0, built.stdout + built.stderr
    (path,) = out.glob("*.whl")
    return path


def test_the_wheel_ships_the_schemas_and_the_licence(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {name for name in names if name.startswith("tracker/editor/")}
    assert shipped == {f"tracker/editor/{p.name}" for p in (REPOSITORY / "tracker" / "editor").glob("*.json")}
    assert len(shipped) >= 2
    assert not [name for name in names if name.startswith(("tests/", "seeds/", "data/", "benchmarks/"))]
    info = f"vietnam_china_commitments-{PYPROJECT['version']}.dist-info"
    assert f"{info}/licenses/LICENSE" in names
    meta = zipfile.ZipFile(wheel).read(f"{info}/METADATA").decode()
    assert "Name: vietnam-china-commitments\n" in meta and f"Version: {PYPROJECT['version']}\n" in meta
    assert "License-Expression: MIT\n" in meta
    assert "tracker = tracker.cli:main" in zipfile.ZipFile(wheel).read(f"{info}/entry_points.txt").decode()


def test_the_installed_wheel_runs_without_the_source_tree(wheel, tmp_path):
    """Installed (not editable) beside this environment's dependencies, run from elsewhere."""
    target = tmp_path / "site"
    installed = run(BIN / "pip", "install", "-q", "--no-deps", "--no-index", "--target", target, wheel)
    assert installed.returncode == 0, installed.stderr
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = run(sys.executable, "-c", "import tracker; print(tracker.__file__)", env=env, cwd=tmp_path)
    assert where.stdout.startswith(str(target))
    version = run(target / "bin" / "tracker", "--version", env=env, cwd=tmp_path)
    assert version.stdout == f"tracker {PYPROJECT['version']}\n"
    check = run(target / "bin" / "tracker", "check", "--root", REPOSITORY, env=env, cwd=tmp_path)
    assert check.returncode == 0 and check.stderr.startswith("ok:"), check.stdout + check.stderr
    schema = (target / "tracker" / "editor" / "commitments.schema.json").read_text(encoding="utf-8")
    shown = run(target / "bin" / "tracker", "schema", "commitments", env=env, cwd=tmp_path)
    assert json.loads(shown.stdout) == json.loads(schema)


# The README's snippets, as written ----------------------------------------------------------


def readme_block(first_line: str) -> str:
    """The fenced block of the README that starts with `first_line`."""
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    match = re.search(r"```\w*\n(" + re.escape(first_line) + r"\n.*?)```", readme, re.DOTALL)
    assert match, f"no block starting with {first_line!r} in the README"
    return match.group(1)


def test_the_readme_snippets_name_no_placeholder():
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert "OWNER" not in readme and "rev:" not in readme


def tour() -> list[tuple[str, list[str]]]:
    """The README tour's examples: (the command, the lines shown of what it prints)."""
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## A short tour") : readme.index("\n## ", readme.index("## A short tour") + 1)]
    blocks = re.findall(r"```\n\$ (tracker [^\n]*)\n(.*?)```", section, re.DOTALL)
    return [(command, shown.splitlines()) for command, shown in blocks]


def test_the_tour_shows_every_analysts_command():
    commands = [command.split()[1] for command, _ in tour()]
    assert {"changes", "compare", "search", "show"} <= set(commands)
    assert any(
        "words since" in line for command, shown in tour() if command.startswith("tracker show") for line in shown
    )


@pytest.mark.parametrize(("command", "shown"), tour(), ids=lambda value: value if isinstance(value, str) else "")
def test_the_tour_shows_what_its_commands_print(command, shown):
    """Each line shown is printed, in order, by the command run piped on the bundled record: `...` stands
    for lines left out, and a line ending in ` ...` for the rest of a line."""
    args = shlex.split(command)[1:]
    result = CliRunner().invoke(app, [*args, "--root", str(REPOSITORY)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    printed = [line.rstrip() for line in result.stdout.splitlines()]
    at = 0
    for line in (line for line in shown if line != "..."):
        found = next((i for i in range(at, len(printed)) if _shows(line, printed[i])), None)
        assert found is not None, f"`{command}` no longer prints, at this place: {line}"
        at = found + 1


def _shows(shown: str, printed: str) -> bool:
    return printed.startswith(shown[: -len(" ...")]) if shown.endswith(" ...") else printed == shown


@pytest.fixture
def their_record(tmp_path) -> Path:
    """A repository that keeps a record: this one's data and seeds."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    record = tmp_path / "their-record"
    shutil.copytree(REPOSITORY / "data", record / "data")
    shutil.copytree(REPOSITORY / "seeds", record / "seeds")
    run("git", "init", "-q", cwd=record, check=True)
    return record


def test_the_readme_pre_commit_hook_runs_as_written(their_record, tmp_path):
    (their_record / ".pre-commit-config.yaml").write_text(readme_block("# .pre-commit-config.yaml"), encoding="utf-8")
    run("git", "add", ".", cwd=their_record, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    passed = run(BIN / "pre-commit", "run", "--all-files", cwd=their_record, env=env)
    assert passed.returncode == 0 and "Passed" in passed.stdout, passed.stdout + passed.stderr
    (their_record / "seeds" / "000_ff975d4c81a3ee8f.txt").write_text("tampered\n", encoding="utf-8")
    failed = run(BIN / "pre-commit", "run", "--all-files", cwd=their_record, env=env)
    assert failed.returncode == 1 and "source-changed" in failed.stdout


@pytest.mark.network  # pip fetches setuptools and the dependencies
def test_the_readme_ci_steps_install_and_check_in_a_fresh_environment(tmp_path):
    """The workflow's `run:` steps, in a fresh virtual environment, in a copy of this repository."""
    steps = re.findall(r"^\s*- run: (.+)$", readme_block("# .github/workflows/record.yml"), re.MULTILINE)
    assert steps == ["pip install .", "tracker check --strict --format github"]
    checkout = tmp_path / "checkout"
    ignore = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache")
    shutil.copytree(REPOSITORY, checkout, ignore=ignore)
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", venv).returncode == 0
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    for step in steps:
        done = subprocess.run(step, shell=True, cwd=checkout, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{step}: {done.stdout}{done.stderr}"
    version = run(venv / "bin" / "tracker", "--version", env=env, cwd=tmp_path)
    assert version.stdout == f"tracker {PYPROJECT['version']}\n"
    editor = list((venv / "lib").glob("python3*/site-packages/tracker/editor/*.schema.json"))
    assert len(editor) >= 2  # installed as files, not pointing back at the checkout
