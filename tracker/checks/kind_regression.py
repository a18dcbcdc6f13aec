"""kind-regression: a mention's kind goes back below the stage already reached.

A stage never goes back (SPEC section 6). Once a commitment's mentions at
earlier meetings (by date) reached a stage, a later report that repeats it in
the words of a lower stage is `reaffirmed`, not a new `proposed`: the
evidence does not go back because a report is terse. Mentions at the same
meeting (or on the same date) are not held against each other: two accounts
of one meeting can differ, and `compare` is where that shows. The warning
stands at the mention's `kind` and names the stage and the meeting that
reached it first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from tracker.model import STAGES, Commitment, Meeting, Mention, Record
from tracker.problems import KIND_REGRESSION, Problem, problem

STAGE_KINDS = {stage: kind for kind, stage in STAGES.items()}


def per_commitment(record: Record, commitment: Commitment) -> Iterator[Problem]:
    """Its mentions in date order, each against the stage reached before its date."""
    dated = []
    for mention in commitment.mentions:
        found = record.source(mention.source) if mention.source is not None else None
        if found is not None and found[1].date is not None and mention.stage is not None:
            dated.append((found[1].date, found[1], mention))
    dated.sort(key=lambda item: (item[0], item[1].id or ""))
    yield from _regressions(commitment, dated)


def _regressions(commitment: Commitment, dated: list[tuple[dt.date, Meeting, Mention]]) -> Iterator[Problem]:
    reached: tuple[int, Meeting] | None = None  # the highest stage of the dates before, and where it was first
    pending: tuple[int, Meeting] | None = None  # the same, counting the date being read
    day = None
    for date, meeting, mention in dated:
        if date != day:
            reached, day = pending, date
        stage = mention.stage or 0
        if reached is not None and stage < reached[0]:
            yield _regression(commitment, mention, meeting, reached)
        if pending is None or stage > pending[0]:
            pending = (stage, meeting)


def _regression(commitment: Commitment, mention: Mention, meeting: Meeting, reached: tuple[int, Meeting]) -> Problem:
    stage, first = reached
    message = (
        f"`{mention.kind}` at {meeting.id} goes back below `{STAGE_KINDS[stage]}`, reached at {first.id} "
        f"({first.date}): a stage never goes back; a later report that repeats it is `reaffirmed`"
    )
    return problem(mention.file, mention.at("kind"), KIND_REGRESSION, message, commitment.id)
