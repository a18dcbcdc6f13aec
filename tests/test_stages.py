"""A stage never goes back (SPEC 6): the stage reached is the highest at meetings dated before,
and mentions at the same date never regress against each other."""

from __future__ import annotations

from conftest import write_root

from tracker import checks

PARAGRAPH = "The two sides agreed to build the railway line.\n"
MEETINGS = {"a-first": "2025-01-01", "b-one": "2025-02-01", "c-two": "2025-02-01", "d-last": "2025-03-01"}


def regressions(tmp_path, kinds: dict[str, str]) -> list[str]:
    """The kind-regression messages of one commitment with a mention of each meeting named, in that order."""
    meetings = "parties:\n  VN: Việt Nam\n  CN: China\nmeetings:\n" + "".join(
        f"  - id: {meeting}\n    date: {date}\n    place: Hà Nội\n    participants: [Tô Lâm]\n    sources:\n"
        f"      - id: src-{meeting}\n        file: seeds/{meeting}.txt\n        sha256: {{sha:seeds/{meeting}.txt}}\n"
        "        outlet: VNA\n"
        for meeting, date in MEETINGS.items()
    )
    mentions = "".join(
        f"      - source: src-{meeting}\n        paragraph: 1\n        quote: agreed to build the railway\n"
        f"        kind: {kind}\n"
        for meeting, kind in kinds.items()
    )
    commitment = (
        f"commitments:\n  - id: line\n    title: Build the line\n    status: fulfilled\n    mentions:\n{mentions}"
    )
    sources = {f"seeds/{meeting}.txt": PARAGRAPH for meeting in MEETINGS}
    root = write_root(tmp_path, commitment, meetings, sources)
    return [p.message for p in checks.check(root).problems if p.code.name == "kind-regression"]


def test_the_stage_reached_is_the_first_highest_of_the_days_before(tmp_path):
    kinds = {"d-last": "agreed", "c-two": "progress", "b-one": "progress", "a-first": "proposed"}
    assert regressions(tmp_path, kinds) == [
        "`agreed` goes back below `in-progress`, reached at b-one (2025-02-01): "
        "a later report that repeats a commitment is `reaffirmed`"
    ]


def test_the_near_miss_the_same_stage_later_or_a_reaffirmation_does_not_go_back(tmp_path):
    kinds = {"d-last": "reaffirmed", "c-two": "progress", "b-one": "progress", "a-first": "proposed"}
    assert regressions(tmp_path / "reaffirmed", kinds) == []
    assert regressions(tmp_path / "same", {**kinds, "d-last": "progress"}) == []


def test_mentions_on_one_date_do_not_go_back_against_each_other(tmp_path):
    assert regressions(tmp_path / "same-day", {"c-two": "proposed", "b-one": "fulfilled"}) == []
    assert regressions(tmp_path / "day-after", {"d-last": "proposed", "b-one": "fulfilled", "c-two": "agreed"}) == [
        "`proposed` goes back below `fulfilled`, reached at b-one (2025-02-01): "
        "a later report that repeats a commitment is `reaffirmed`"
    ]
