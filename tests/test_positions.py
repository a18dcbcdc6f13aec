"""Positions read back as written, wherever the record was loaded, however large its files."""

from __future__ import annotations

import pickle
import subprocess
import sys
from array import array
from pathlib import Path

import pytest
from conftest import generate

from tracker import checks, loader
from tracker.model import Items, Where


def test_a_mapping_reads_its_positions_one_based_by_key_in_file_order():
    where = Where.packed(("", "id", "title"), array("I", [4, 2, 4, 6, 5, 9]))
    assert list(where) == ["", "id", "title"] and len(where) == 3
    assert where["title"] == (6, 10) and where.get("status") is None and "status" not in where
    items = Items.packed({"by": [7, 9, 7, 13], "aliases": [], "related": [8, 4]})
    assert dict(items) == {"by": ((8, 10), (8, 14)), "aliases": (), "related": ((9, 5),)}


UNPICKLED_ELSEWHERE = """
import pickle, sys
from array import array
from tracker.model import Items, Where
Where.packed(("other", "order"), array("I", [0, 0, 0, 0]))  # this process numbers its orders otherwise
Items.packed({"other": []})
where, items = pickle.loads(sys.stdin.buffer.read())
print(repr(dict(where)))
print(repr(dict(items)))
"""


def test_positions_cross_to_a_process_that_numbers_orders_of_keys_otherwise():
    where = Where.packed(("", "source", "quote"), array("I", [10, 6, 10, 16, 11, 15]))
    items = Items.packed({"aliases": [3, 14], "by": [2, 9, 2, 13]})
    done = subprocess.run(
        [sys.executable, "-c", UNPICKLED_ELSEWHERE],
        input=pickle.dumps((where, items)),
        capture_output=True,
        check=True,
    )
    assert done.stdout.decode().splitlines() == [repr(dict(where)), repr(dict(items))]


@pytest.fixture
def large_meetings(tmp_path) -> Path:
    """A generated record whose meetings file is large, with problems at positions all through it."""
    generate(tmp_path, meetings=600, commitments=40, per_commitment=2)
    meetings = tmp_path / "data" / "meetings.yaml"
    text = meetings.read_text(encoding="utf-8").replace("    place: Hà Nội\n", "    place: Hà Nội\n    venue: x\n")
    meetings.write_text(text.replace("date: 2000-01-0", "date: 2000-01-3", 3), encoding="utf-8")
    return tmp_path


def test_a_large_meetings_file_loads_as_a_small_one_would(large_meetings, monkeypatch):
    assert (large_meetings / "data" / "meetings.yaml").stat().st_size > loader.COMPACTED_BYTES
    compacted = checks.check_once(large_meetings)
    monkeypatch.setattr(loader, "COMPACTED_BYTES", 10**12)
    walked = checks.check_once(large_meetings)
    assert compacted.problems == walked.problems
    assert {problem.code.name for problem in walked.problems} >= {"unknown-field", "bad-value"}
    assert [(m.id, dict(m.where), dict(m.item_where)) for m in compacted.record.meetings] == [
        (m.id, dict(m.where), dict(m.item_where)) for m in walked.record.meetings
    ]
