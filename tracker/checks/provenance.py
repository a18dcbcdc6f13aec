"""reason-required (meetings): a meeting's inferred facts must say how they were worked out.

A meeting may list under `inferred` the facts its sources do not state (its
date, place, participants or occasion): a report that says "this afternoon"
dates a meeting only by its publication. Reports mark such values so that no
reader takes an inference for a quotation, and `notes` must say how each was
worked out, as `reason` must for a judgement like `stalled`.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.model import Record
from tracker.problems import REASON_REQUIRED, Problem, problem


def check(record: Record) -> Iterator[Problem]:
    for meeting in record.meetings:
        if meeting.inferred and meeting.notes is None and "notes" not in meeting.where:
            facts = ", ".join(meeting.inferred)
            message = f"meeting `{meeting.id}` infers its {facts}: add `notes` saying how"
            yield problem(meeting.file, meeting.at("inferred"), REASON_REQUIRED, message)
