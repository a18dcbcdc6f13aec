"""A large record is checked on two processes, with the very problems of one."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import generate

from tracker import checks, split

REPOSITORY = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def flawed(tmp_path_factory) -> Path:
    """A generated record over several commitment files, with a problem of every kind the checks find."""
    root = tmp_path_factory.mktemp("flawed")
    generate(root, meetings=60, commitments=400, per_commitment=3)
    folder = root / "data" / "commitments"
    first, *_, last = sorted(folder.glob("*.yaml"))
    text = first.read_text(encoding="utf-8")
    text = text.replace("kind: agreed", "kind: agred", 1).replace("paragraph: 1\n", "paragraph: 99\n", 1)
    text = text.replace("- source: source-", "- source: nowhere-", 1)
    first.write_text(text, encoding="utf-8")
    ending = last.read_text(encoding="utf-8")
    ending = ending.replace("aliases: [initiative ", "aliases: [two, initiative ", 1)  # named uncited everywhere
    ending += "  - id: commitment-0\n    title: A duplicate\n    status: agreed\n    mentions: []\n"
    last.write_text(ending, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def warned(tmp_path_factory) -> Path:
    """A generated record without errors, whose warnings come from every process: uncited aliases
    (an alias named everywhere) and an uncovered paragraph (a source given one more, its sha256 updated)."""
    root = tmp_path_factory.mktemp("warned")
    generate(root, meetings=60, commitments=400, per_commitment=3)
    for path in sorted((root / "data" / "commitments").glob("*.yaml"))[::3]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("aliases: [initiative ", "aliases: [two, initiative ", 1), encoding="utf-8")
    source = root / "seeds" / "m00000-0.txt"
    recorded = hashlib.sha256(source.read_bytes()).hexdigest()
    source.write_bytes(source.read_bytes() + b"\nBoth sides agreed to build a bridge.\n")
    meetings = root / "data" / "meetings.yaml"
    changed = hashlib.sha256(source.read_bytes()).hexdigest()
    meetings.write_text(meetings.read_text(encoding="utf-8").replace(recorded, changed), encoding="utf-8")
    return root


SCRIPT = """
import json, os, sys
from pathlib import Path
from tracker import aliases, checks, split

root, mode = Path(sys.argv[1]), sys.argv[2]
parent, done_here = os.getpid(), []
walk, index = split._walk, aliases.alias_index

def walked(root, names, problems):
    if mode == "child-dies-walking" and os.getpid() != parent:
        os._exit(3)
    if os.getpid() == parent:
        done_here.append(names)
    return walk(root, names, problems)

def scanned(record, *args):
    if mode == "child-dies-scanning" and os.getpid() != parent:
        os._exit(3)  # after it posted its share
    return index(record, *args)

split._walk, aliases.alias_index = walked, scanned
if mode == "no-anonymous-file":  # no temporary folder takes a file: the parent does it all
    def refused():
        raise PermissionError(13, "permission denied")
    split._anonymous_file = refused
split.WORTH_SPLITTING = 10**15 if mode == "alone" else 0
split.PIECE = 7  # the child's share comes back in many pieces
result = checks.check_once(root, errors_only=mode == "errors-only")
problems = [(p.file, p.line, p.column, p.code.name, p.message, p.commitment) for p in result.problems]
ids = [commitment.id for commitment in result.record.commitments]
print(json.dumps({"problems": problems, "ids": ids, "shares_done_here": done_here,
                  "halves": list(split.halves(root, result.record.files[1:]))}))
"""


def outcome(root: Path, mode: str) -> dict:
    """check_once in a fresh interpreter (one thread: forking is safe): alone, split, errors-only
    (split, as reports check), child-dies-walking or child-dies-scanning."""
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(root), mode], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_two_processes_find_the_problems_of_one(flawed):
    alone, shared = outcome(flawed, "alone"), outcome(flawed, "split")
    assert (shared["problems"], shared["ids"]) == (alone["problems"], alone["ids"])
    codes = {problem[3] for problem in alone["problems"]}
    assert {"bad-value", "bad-paragraph", "unknown-source", "uncited-alias", "duplicate-id", "no-mentions"} <= codes
    mine, theirs = shared["halves"]
    assert mine and theirs and shared["shares_done_here"] == [mine]  # the child did the rest
    assert alone["shares_done_here"] == []


def test_the_errors_a_report_checks_for_are_those_of_one_process(flawed):
    errors = [problem for problem in outcome(flawed, "alone")["problems"] if problem[3] != "uncited-alias"]
    assert outcome(flawed, "errors-only")["problems"] == errors


def test_a_record_without_errors_has_the_warnings_of_one_process_on_two(warned):
    alone, shared = outcome(warned, "alone"), outcome(warned, "split")
    assert (shared["problems"], shared["ids"]) == (alone["problems"], alone["ids"])
    codes = [problem[3] for problem in alone["problems"]]
    assert set(codes) == {"uncited-alias", "uncovered-paragraph"}
    mine, theirs = shared["halves"]
    named = {problem[0] for problem in alone["problems"] if problem[3] == "uncited-alias"}
    assert named & set(mine) and named & set(theirs)  # each process found some


def test_a_share_comes_back_whole_and_in_order_a_piece_at_a_time(monkeypatch):
    monkeypatch.setattr(split, "PIECE", 3)
    lists = (list(range(10)), [], ["a", "b", "c"])
    stream = io.BytesIO()
    split._send(lists, stream)
    stream.seek(0)
    assert split._received(stream) == lists


def test_a_share_cut_short_is_not_taken_for_a_whole_one(monkeypatch):
    monkeypatch.setattr(split, "PIECE", 3)
    stream = io.BytesIO()
    split._send((list(range(10)), [1]), stream)
    whole = stream.getvalue()
    end = len(pickle.dumps((2, None), protocol=pickle.HIGHEST_PROTOCOL))
    with pytest.raises(EOFError):
        split._received(io.BytesIO(whole[:-end]))


def test_without_an_anonymous_file_one_process_checks_it_all(flawed):
    alone, unsplit = outcome(flawed, "alone"), outcome(flawed, "no-anonymous-file")
    assert (unsplit["problems"], unsplit["ids"]) == (alone["problems"], alone["ids"])
    assert unsplit["shares_done_here"] == unsplit["halves"]  # its own, then the one no child took


@pytest.mark.parametrize("when", ["walking", "scanning"])
def test_a_child_that_dies_leaves_its_share_to_the_parent(flawed, warned, when):
    for root in (flawed, warned):
        alone, orphaned = outcome(root, "alone"), outcome(root, f"child-dies-{when}")
        assert (orphaned["problems"], orphaned["ids"]) == (alone["problems"], alone["ids"])
        assert orphaned["shares_done_here"] == orphaned["halves"]  # its own, then the child's


def test_small_records_stay_in_one_process():
    names = checks.check_once(REPOSITORY).record.files[1:]
    assert not split.worthwhile(REPOSITORY, names)
    assert sum((REPOSITORY / name).stat().st_size for name in names) < split.WORTH_SPLITTING


def in_a_child(work) -> int:
    """`work()` in a forked process: its exit status (0 when it returned)."""
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            work()
            status = 0
        finally:
            os._exit(status)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_a_mailbox_passes_a_value_posted_before_anyone_reads_it():
    box = split.Mailbox()
    large = ["paragraph " * 20] * 50_000  # far more than a pipe holds: posting must not wait for the taker
    assert in_a_child(lambda: (box.keep_for(posting=True), box.post(large))) == 0
    box.keep_for(posting=False)
    assert box.take() == large


def test_a_mailbox_whose_poster_ends_without_posting_says_so():
    box = split.Mailbox()
    assert in_a_child(lambda: box.keep_for(posting=True)) == 0
    box.keep_for(posting=False)
    with pytest.raises(EOFError):
        box.take()


def test_lists_posted_to_a_mailbox_come_back_whole_a_piece_at_a_time(monkeypatch):
    monkeypatch.setattr(split, "PIECE", 3)
    box = split.Mailbox()
    lists = (list(range(10)), [], ["a", "b"])
    assert in_a_child(lambda: (box.keep_for(posting=True), box.post_lists(lists))) == 0
    box.keep_for(posting=False)
    assert box.take_lists() == lists


AHEAD = """
import json, os, sys
from tracker import split

split.PIECE = 7
dies_at = int(sys.argv[1])


def made_where(item):
    \"\"\"The item squared, and whether the reader made it; a child dies at `dies_at`.\"\"\"
    if item == dies_at and os.getpid() != reader:
        os._exit(3)
    return item * item, os.getpid() == reader


reader = os.getpid()
ahead = split.Ahead(lambda: range(100), made_where)
made = [ahead.next(item) for item in range(100)]
ahead.close()
print(json.dumps(made))
"""


def made_ahead(dies_at: int = -1) -> list[tuple[int, bool]]:
    """What a reader got from `Ahead`, in a process of its own: a test run's threads would keep it from forking."""
    done = subprocess.run(
        [sys.executable, "-c", AHEAD, str(dies_at)], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return [tuple(pair) for pair in json.loads(done.stdout)]


def test_items_made_ahead_in_a_child_come_back_in_order():
    made = made_ahead()
    assert [value for value, _ in made] == [item * item for item in range(100)]
    assert not any(here for _, here in made)


def test_items_a_dead_child_did_not_send_are_made_by_the_reader():
    made = made_ahead(dies_at=50)
    assert [value for value, _ in made] == [item * item for item in range(100)]
    assert [here for _, here in made] == [False] * 49 + [True] * 51  # it sent seven pieces of seven


ENDLESS = """
import itertools
from tracker import split

ahead = split.Ahead(lambda: itertools.count(), lambda item: item)
print([ahead.next(item) for item in range(3)], ahead._pid != 0)
ahead.close()
"""


def test_a_reader_that_stops_early_ends_the_child():
    """A child that would count for ever is ended, not waited for."""
    done = subprocess.run([sys.executable, "-c", ENDLESS], capture_output=True, text=True, check=False, timeout=60)
    assert done.stdout == "[0, 1, 2] True\n", done.stderr


SUGGESTING = """
import json, os, sys
from pathlib import Path
from tracker import aliases, checks, curate, split

root, mode = Path(sys.argv[1]), sys.argv[2]
split.WORTH_SPLITTING = 10**15 if mode == "alone" else 0
record = checks.check_once(root, keep_alias_index=True).record
scanned = []
scan = aliases.AliasMatcher.scan
aliases.AliasMatcher.scan = lambda self, paragraphs: scanned.append(1) or scan(self, paragraphs)
found = [(s.commitment, s.source, s.paragraph, s.alias, s.spans) for s in curate.suggestions(record)]
print(json.dumps({"suggestions": found, "scanned_after_the_check": len(scanned)}))
"""


def test_suggest_reads_the_alias_scans_the_check_made_on_two_processes(warned):
    def suggested(mode: str) -> dict:
        done = subprocess.run([sys.executable, "-c", SUGGESTING, str(warned), mode], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    alone, shared = suggested("alone"), suggested("split")
    assert shared["suggestions"] == alone["suggestions"] and alone["suggestions"]
    assert shared["scanned_after_the_check"] == alone["scanned_after_the_check"] == 0


SEARCHING = """
import json, os, sys
from pathlib import Path
from tracker import checks, query, split

root, mode, words = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
split.WORTH_SPLITTING = 10**15 if mode == "alone" else 0
parent, done_here = os.getpid(), []
walk = split._walk
split._walk = lambda root, names, problems: done_here.append(len(names)) or walk(root, names, problems)
record = checks.load_unchecked(root)
found = [(f.source.id, f.paragraph, f.cited_by) for f in query.search(record, words)]
print(json.dumps({"found": found, "ids": [c.id for c in record.commitments], "walked_here": done_here,
                  "files": len(record.files) - 1}))
"""


def test_search_reads_a_record_with_errors_on_two_processes_as_on_one(flawed):
    """A large record is loaded unchecked on two processes too (`tracker search`): the same
    commitments, errors and all, and so the same paragraphs and who cites them."""

    def searched(mode: str) -> dict:
        done = subprocess.run(
            [sys.executable, "-c", SEARCHING, str(flawed), mode, "initiative"], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    alone, shared = searched("alone"), searched("split")
    assert (shared["found"], shared["ids"]) == (alone["found"], alone["ids"])
    assert alone["found"] and any(by for _, _, by in alone["found"]) and "commitment-0" in alone["ids"]
    assert alone["walked_here"] == [] and 0 < shared["walked_here"][0] < shared["files"]  # the child walked the rest
