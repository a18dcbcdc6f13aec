"""kind-regression, due-unsourced: the reviewer's rules on stages and deadlines (SPEC sections 5 and 6).

A stage never goes back. Once the reports of a meeting have shown a
commitment agreed (or in progress, or fulfilled), a later report that
repeats it in the words of an earlier stage is `reaffirmed`, not a new
`proposed`: the kind of a mention says what that report adds. Mentions at
the same meeting do not regress against each other; the stage reached is
the highest among the meetings dated before.

A deadline is a claim like any other: `due` gives its date with the source,
paragraph and quote it comes from. A bare date (version 1) is still read,
but warned about, so `--strict` fails until its words are given.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.model import STAGE_STATUS, Commitment, Record
from tracker.problems import DUE_UNSOURCED, KIND_REGRESSION, Problem, problem


def per_commitment(record: Record, commitment: Commitment) -> Iterator[Problem]:
    yield from _regressions(record, commitment)
    if commitment.due is not None and commitment.due_words is None:
        message = "`due` is a bare date: give the words it comes from (date, source, paragraph, quote)"
        yield problem(commitment.file, commitment.at("due"), DUE_UNSOURCED, message, commitment.id)


def _regressions(record: Record, commitment: Commitment) -> Iterator[Problem]:
    """Mentions below the stage reached at meetings dated before theirs.

    One pass in date order (ties in the order written), each stage read once:
    the highest stage so far (the first found, of equals) becomes the stage
    reached when the date moves on.
    """
    dated = []
    for number, mention in enumerate(commitment.mentions):
        stage = mention.stage
        found = record.source(mention.source) if mention.source is not None else None
        if found is not None and found[1].date is not None and stage is not None:
            dated.append((found[1].date, found[1].id or "", number, stage, mention))
    dated.sort()  # by date, meeting and place written: the number is unique, so no mention is compared
    reached, where, best, best_where, day = 0, "", 0, "", None
    for date, meeting, _, stage, mention in dated:
        if date != day:  # the highest of the days before, reached: the same day's mentions do not count
            reached, where, day = best, best_where, date
        if stage < reached:
            message = (
                f"`{mention.kind}` goes back below `{STAGE_STATUS[reached]}`, reached at {where}: "
                "a later report that repeats a commitment is `reaffirmed`"
            )
            yield problem(mention.file, mention.at("kind"), KIND_REGRESSION, message, commitment.id)
        if stage > best:
            best, best_where = stage, f"{meeting} ({date})"
