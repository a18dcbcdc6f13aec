"""docs/json.md is a public interface: each shape it documents has exactly the keys the command prints.

Every shape is read from the document (a `| key | value |` table, or a
`{key, key, ...}` list) and compared with the objects that the command's
`--json` prints on the bundled record, and on the small record of
`summits.py` for the sides of a meeting. A key added on either side alone
fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from summits import write_summits
from typer.testing import CliRunner

from tracker import checks
from tracker.cli import app

BUNDLED = Path(__file__).resolve().parent.parent
DOC = (BUNDLED / "docs" / "json.md").read_text(encoding="utf-8")


def section(command: str) -> str:
    """The text under the heading "## `tracker COMMAND ...`", up to the next heading."""
    found = re.search(rf"^## `tracker {re.escape(command)}\b[^\n]*\n(.*?)(?=^## |\Z)", DOC, re.M | re.S)
    assert found, f"docs/json.md has no section for `tracker {command}`"
    return found.group(1)


def tables(text: str) -> list[set[str]]:
    """The keys of each `| key | value |` table: the names in backquotes in its first column."""
    found = []
    for table in re.findall(r"^\| key \| value \|\n\|[-|]+\|\n((?:\|.*\n?)+)", text, re.M):
        cells = [row.split("|")[1] for row in table.splitlines()]
        found.append({name for cell in cells for span in re.findall(r"`([^`]*)`", cell) for name in names(span)})
    return found


def braces(text: str) -> list[set[str]]:
    """The keys of each innermost `{key, key, ...}` list, in the order they are written."""
    return [names(inside) for inside in re.findall(r"\{([^{}`]*)\}", text)]


def names(text: str) -> set[str]:
    return set(re.findall(r"[a-z_]+", text))


def json_out(root: Path, *command: str, option: tuple[str, ...] = ("--json",)):
    result = CliRunner().invoke(app, [*command, *option, "--root", str(root)], catch_exceptions=False)
    return json.loads(result.stdout)


def at(value, path: str) -> list[dict]:
    """The objects at `path` in `value`: keys separated by `.`, `[]` for each item of a list."""
    found = [value]
    for step in path.split(".") if path else []:
        if step == "[]":
            found = [item for items in found for item in items]
        else:
            found = [item[step] for item in found if item.get(step) is not None]
    return found


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, object]:
    """The `--json` output of every documented command, on records that give each shape at least once."""
    record = checks.load_valid(BUNDLED)
    with_words = next(c.id for c in record.commitments if c.due_words is not None and len(c.mentions) > 1)
    small = write_summits(tmp_path_factory.mktemp("summits"))
    broken = write_summits(tmp_path_factory.mktemp("broken"), "commitments:\n  - id: x\n")
    first = record.meetings[0].id
    return {
        "check": json_out(broken, "check", option=("--format", "json")),
        "status": json_out(BUNDLED, "status"),
        "report": json_out(BUNDLED, "report"),
        "recurrence": json_out(BUNDLED, "recurrence"),
        "meetings": json_out(BUNDLED, "meetings"),
        "show": json_out(BUNDLED, "show", with_words),
        "source": json_out(BUNDLED, "source", record.meetings[0].sources[0].id),
        "coverage": json_out(BUNDLED, "coverage"),
        "changes": json_out(BUNDLED, "changes", "--from", "2000-01-01", "--to", "2999-12-31"),
        "changes --meeting": json_out(BUNDLED, "changes", "--meeting", first),
        "search": json_out(small, "search", "railway"),
        "compare": json_out(small, "compare", "2024-06-10-beijing"),
        "export": json_out(small, "export", option=("--format", "json")),
    }


STATUS = tables(section("status --json"))[0]
SHOW = section("show")
CHANGES = section("changes")
CHANGE = braces(CHANGES)[0]
EXPORTED = braces(section("export --format json"))

SHAPES = [
    # (output, path to the objects, the keys docs/json.md gives them)
    ("check", "[]", braces(section("check --format json"))[0]),
    ("status", "[]", STATUS),
    ("report", "", braces(section("report"))[0]),
    ("report", "recurring.[]", STATUS),
    ("recurrence", "", braces(section("recurrence"))[0]),
    ("recurrence", "rows.[]", braces(section("recurrence"))[1]),
    ("meetings", "[]", braces(section("meetings"))[0]),
    ("meetings", "[].sources.[]", braces(section("meetings"))[1]),
    ("show", "", STATUS | braces(SHOW)[0]),
    ("show", "mentions.[]", braces(SHOW)[1]),
    ("show", "history.[]", braces(SHOW)[2]),
    ("show", "due_words", braces(SHOW)[3]),
    ("show", "mentions.[].words", tables(SHOW)[0]),
    ("show", "mentions.[].words.against", braces(SHOW)[4]),
    ("show", "mentions.[].words.diff.[]", braces(SHOW)[5]),
    ("source", "", braces(section("source"))[0]),
    ("source", "reviewed.[]", braces(section("source"))[1]),
    ("source", "paragraphs.[]", braces(section("source"))[2]),
    ("coverage", "", set(re.findall(r'"(\w+)": ', section("coverage")))),
    ("coverage", "totals", braces(section("coverage"))[0]),
    ("coverage", "sources.[]", braces(section("coverage"))[1]),
    ("coverage", "paragraphs.[]", braces(section("coverage"))[2]),
    ("changes", "", tables(CHANGES)[0]),
    ("changes", "per_meeting.[]", tables(CHANGES)[0] - {"per_meeting"}),
    ("changes --meeting", "", tables(CHANGES)[0]),
    # A window over the whole record: every commitment is new in it, the rest happens meeting by meeting.
    *[("changes", f"{group}.[]", CHANGE) for group in ("new", "overdue")],
    *[("changes", f"per_meeting.[].{group}.[]", CHANGE) for group in ("new", "reaffirmed", "silent")],
    ("changes", "per_meeting.[].advanced.[]", CHANGE | braces(CHANGES)[1]),
    ("search", "[]", braces(section("search"))[0]),
    ("compare", "", tables(section("compare"))[0]),
    ("compare", "rows.[]", tables(section("compare"))[1]),
    ("compare", "rows.[].quotes.[]", braces(section("compare"))[0]),
    # Each meeting of the export: its changes, and the comparison where both sides reported it.
    ("export", "meetings.[].changes", EXPORTED[0]),
    *[
        ("export", f"meetings.[].changes.{group}.[]", EXPORTED[1])
        for group in ("new", "reaffirmed", "silent", "overdue")
    ],
    ("export", "meetings.[].changes.advanced.[]", EXPORTED[1] | braces(CHANGES)[1]),
    ("export", "meetings.[].comparison", EXPORTED[2]),
    ("export", "meetings.[].comparison.rows.[]", EXPORTED[3]),
]


@pytest.mark.parametrize(("output", "path", "documented"), SHAPES, ids=[f"{o}:{p}" for o, p, _ in SHAPES])
def test_each_documented_shape_has_exactly_the_keys_printed(printed, output, path, documented):
    objects = at(printed[output], path)
    assert objects, f"the fixture prints no `{path}` for {output}: the shape is not exercised"
    for value in objects:
        assert set(value) == documented, (
            f"{output} {path}: printed but not documented {sorted(set(value) - documented)}, "
            f"documented but not printed {sorted(documented - set(value))}"
        )


def test_a_key_missing_from_the_document_is_found():
    # The near miss the test exists for: a shape read from a document that lacks a key differs.
    text = "| key | value |\n|---|---|\n| `id`, `title` | x |\n| `status` | y |\n"
    assert tables(text) == [{"id", "title", "status"}]
    assert braces("each is `{source, paragraph,\nkind}` and `{op, text}`") == [
        {"source", "paragraph", "kind"},
        {"op", "text"},
    ]
