"""`tracker show ID`: how the words moved, each mention's quote against the previous meeting's."""

from __future__ import annotations

import json

import pytest
from summits import write_summits
from typer.testing import CliRunner

from tracker.cli import app
from tracker.query import quote_words, word_diff

runner = CliRunner()


@pytest.fixture
def root(tmp_path):
    return write_summits(tmp_path)


def test_a_word_diff_keeps_reading_order():
    old = quote_words("agreed to establish a railway cooperation committee")
    new = quote_words("will soon organise the first meeting of the railway cooperation committee")
    assert word_diff(old, new) == (
        ("dropped", "agreed to establish a"),
        ("added", "will soon organise the first meeting of the"),
        ("same", "railway cooperation committee"),
    )
    assert word_diff(old, old) == (("same", " ".join(old)),)


def test_show_json_carries_the_words_against_the_previous_meeting(root):
    result = runner.invoke(app, ["show", "railway-cooperation-committee", "--json", "--root", str(root)])
    mentions = json.loads(result.stdout)["mentions"]
    assert mentions[0]["words"] is None  # the first meeting: nothing to read against
    # The second meeting has two reports; each is read against the first meeting's quote.
    assert [m["source"] for m in mentions[1:]] == ["vna-2024-06-10", "xinhua-2024-06-10"]
    against = {
        "source": "vna-2024-03-01",
        "paragraph": 2,
        "meeting": "2024-03-01-ha-noi",
        "date": "2024-03-01",
        "inferred": [],
    }
    assert mentions[1]["words"] == {
        "against": against,
        "diff": [
            {"op": "dropped", "text": "agreed to establish a"},
            {"op": "added", "text": "will soon organise the first meeting of the"},
            {"op": "same", "text": "railway cooperation committee"},
        ],
    }
    assert mentions[2]["words"] == {
        "against": against,
        "diff": [{"op": "same", "text": "agreed to establish a railway cooperation committee"}],
    }


def test_two_reports_at_the_previous_meeting_the_closest_is_read_against(tmp_path):
    from summits import COMMITMENTS

    text = COMMITMENTS.replace(
        "      - {source: xinhua-2024-06-10, paragraph: 2, quote: agreed to establish a railway cooperation committee, kind: agreed}\n",
        "      - {source: xinhua-2024-06-10, paragraph: 2, quote: agreed to establish a railway cooperation committee, kind: agreed}\n"
        "      - {source: vna-2024-06-20, paragraph: 3, quote: Both sides agreed to build, kind: reaffirmed}\n",
    )
    root = write_summits(tmp_path, text)
    mentions = json.loads(
        runner.invoke(app, ["show", "railway-cooperation-committee", "--json", "--root", str(root)]).stdout
    )["mentions"]
    assert mentions[3]["words"]["against"]["source"] == "xinhua-2024-06-10"  # "agreed to" is shared with Xinhua's words


def test_piped_show_prints_the_words_as_a_git_word_diff(root):
    result = runner.invoke(app, ["show", "railway-cooperation-committee", "--root", str(root)], catch_exceptions=False)
    assert (
        "    words since 2024-03-01 (vna-2024-03-01 ¶2): [-agreed to establish a-] "
        "{+will soon organise the first meeting of the+} railway cooperation committee"
    ) in result.stdout.splitlines()
