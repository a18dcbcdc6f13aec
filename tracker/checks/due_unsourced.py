"""due-unsourced: a `due` written as a bare date, without the words it comes from.

A deadline is a claim like any other: the date comes from words in a report
("over the next three years"), and those words are checked like a mention's
quote when `due` gives them (`date`, `source`, `paragraph`, `quote`, and a
`note` on how the date follows). A bare date (the format's version 1) is
still read and counts for `overdue`, but nothing checks it: a warning, so
that `--strict` fails until its words are given.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.model import Commitment, Record
from tracker.problems import DUE_UNSOURCED, Problem, problem


def per_commitment(record: Record, commitment: Commitment) -> Iterator[Problem]:
    if commitment.due is not None and commitment.due_words is None:
        message = (
            f"`due: {commitment.due}` is a bare date: give the words it comes from "
            "(date, source, paragraph, quote, and a note on how the date follows)"
        )
        yield problem(commitment.file, commitment.at("due"), DUE_UNSOURCED, message, commitment.id)
