"""The bundled record: complete, verbatim, and right about what the reports say."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tracker import checks, query

REPOSITORY = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def result():
    return checks.check(REPOSITORY)


@pytest.fixture(scope="module")
def states(result):
    return {state.id: state for state in query.states(result.record, today=dt.date(2026, 11, 23))}


def test_it_passes_the_strict_check(result):
    assert result.problems == []


def test_the_five_meetings_are_dated_and_placed_as_the_reports_say(result):
    meetings = {m.id: (m.date.isoformat(), m.place, m.participants) for m in result.record.meetings}
    assert meetings == {
        "2024-08-19-beijing": ("2024-08-19", "Beijing", ("Tô Lâm", "Xi Jinping")),
        "2025-04-14-ha-noi": ("2025-04-14", "Hà Nội", ("Tô Lâm", "Xi Jinping")),
        "2025-04-15-ha-noi": ("2025-04-15", "Hà Nội", ("Lương Cường", "Xi Jinping")),
        "2025-05-10-moscow": ("2025-05-10", "Moscow", ("Tô Lâm", "Xi Jinping")),
        "2025-09-04-beijing": ("2025-09-04", "Beijing", ("Lương Cường", "Xi Jinping")),
    }


def test_each_meeting_cites_its_own_seed(result):
    files = {m.id: [s.path for s in m.sources] for m in result.record.meetings}
    assert files["2024-08-19-beijing"] == ["seeds/003_34bd9e5088a12a7f.txt"]
    assert files["2025-04-14-ha-noi"] == ["seeds/002_a20907593ee5baa6.txt"]
    assert files["2025-04-15-ha-noi"] == ["seeds/001_dce0a2b2b469b0e8.txt"]
    assert files["2025-05-10-moscow"] == ["seeds/004_cb0a324dc029f2d6.txt"]
    assert files["2025-09-04-beijing"] == ["seeds/000_ff975d4c81a3ee8f.txt"]


def test_the_railway_committee_was_agreed_and_its_first_meeting_only_suggested(states):
    railway = states["railway-cooperation-committee"]
    assert [(item.meeting.id, item.mention.kind) for item in railway.cited] == [
        ("2025-04-14-ha-noi", "agreed"),
        ("2025-09-04-beijing", "reaffirmed"),
    ]
    assert railway.status == "agreed" and railway.recurrence == 2


def test_the_red_journey_is_chinas_pledge_with_a_due_date(states):
    red = states["red-journey-programme"]
    assert red.commitment.by == ("CN",)
    assert red.commitment.due == dt.date(2028, 4, 14)
    assert [m.id for m in red.meetings] == ["2025-04-14-ha-noi"]


def test_the_year_of_humanistic_exchange_was_declared_in_2024_and_carried_through_2025(states):
    year = states["year-of-humanistic-exchange-2025"]
    assert year.commitment.due == dt.date(2025, 12, 31)
    assert [m.id for m in year.meetings] == ["2024-08-19-beijing", "2025-04-15-ha-noi", "2025-09-04-beijing"]
    assert year.cited[0].mention.kind == "agreed"


def test_xis_visit_was_invited_in_2024_and_made_in_2025(states):
    visit = states["xi-visit-to-viet-nam"]
    assert visit.status == "fulfilled" and visit.recurrence == 5
    assert visit.cited[0].meeting.date == dt.date(2024, 8, 19) and visit.cited[0].mention.kind == "agreed"


def test_the_record_is_broad_and_several_commitments_recur(states):
    assert len(states) >= 20
    assert sum(1 for state in states.values() if state.recurrence >= 4) >= 5
    themes = {state.commitment.theme for state in states.values()}
    assert themes == {
        "diplomacy",
        "party",
        "transport",
        "science-technology",
        "trade",
        "investment",
        "people-to-people",
        "maritime",
        "environment",
    }


def test_each_themes_file_holds_only_its_theme(result):
    for commitment in result.record.commitments:
        assert commitment.file == f"data/commitments/{commitment.theme}.yaml"
