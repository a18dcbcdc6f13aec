"""A Checker kept across edits finds exactly what a fresh check finds (the language server relies on it)."""

from __future__ import annotations

from conftest import COMMITMENT, MEETINGS, write_root

from tracker import checks

SECOND = """\
commitments:
  - id: red-journey
    title: Young Vietnamese join the Red Journey programme
    status: agreed
    aliases: [Red Journey]
    mentions:
      - source: src-a
        paragraph: 3
        quote: China will invite young Vietnamese
        kind: agreed
"""

EDITS = [
    {},  # as on disk
    {"data/commitments/second.yaml": SECOND.replace("paragraph: 3", "paragraph: 2")},  # quote elsewhere
    {"data/commitments/second.yaml": SECOND.replace("status: agreed", "status: proposed")},  # status
    {"data/commitments/second.yaml": SECOND.replace("aliases: [Red Journey]", "aliases: [Lao Cai]")},  # aliases
    {"data/commitments/second.yaml": SECOND.replace("id: red-journey", "id: railway-committee")},  # across files
    {"data/meetings.yaml": MEETINGS.replace("id: src-a", "id: src-b")},  # the meetings change under both files
    {"data/commitments/third.yaml": "commitments:\n  - id: x\n"},  # a file only the editor has
    {},  # back to the disk
]


def test_a_kept_checker_agrees_with_a_fresh_check_after_every_edit(tmp_path):
    root = write_root(tmp_path, {"main.yaml": COMMITMENT, "second.yaml": SECOND})
    meetings = (root / "data/meetings.yaml").read_text(encoding="utf-8")
    kept = checks.Checker(root)
    seen = set()
    for edit in EDITS:
        documents = {name: text.replace(MEETINGS, meetings).encode() for name, text in edit.items()}
        if "data/meetings.yaml" in edit:
            documents["data/meetings.yaml"] = meetings.replace("id: src-a", "id: src-b").encode()
        expected = checks.Checker(root).check(documents).problems
        assert kept.check(documents).problems == expected, edit
        seen.update(found.code.name for found in expected)
    assert {"quote-not-found", "status-evidence", "uncited-alias", "duplicate-id", "unknown-source"} <= seen


def test_a_source_changed_on_disk_is_read_again(tmp_path):
    root = write_root(tmp_path, {"second.yaml": SECOND})
    kept = checks.Checker(root)
    assert kept.check().problems == []
    source = root / "seeds/a.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("young Vietnamese", "young people"), encoding="utf-8")
    assert {found.code.name for found in kept.check().problems} == {"source-changed", "quote-not-found"}
