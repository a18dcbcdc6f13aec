"""status-evidence, reason-required: a commitment's status against its mentions.

Like a balance assertion in a ledger, a staged status (proposed, agreed,
in-progress, fulfilled) is written by hand and checked against the evidence:
the highest stage among the kinds of its mentions (proposed 1, agreed 2,
progress 3, fulfilled 4; reaffirmed has no stage). `stalled` and `dropped`
are judgements the evidence cannot show, so they need a `reason`.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.model import JUDGEMENTS, STAGE_STATUS, STATUS_STAGES, Commitment, Record, evidence_stage
from tracker.problems import REASON_REQUIRED, STATUS_EVIDENCE, Problem, problem


def per_commitment(record: Record, commitment: Commitment) -> Iterator[Problem]:
    status = commitment.status
    if status in JUDGEMENTS and commitment.reason is None and "reason" not in commitment.where:
        message = f"status `{status}` is a judgement: add a `reason` saying why"
        yield problem(commitment.file, commitment.at("status"), REASON_REQUIRED, message, commitment.id)
    if status is not None and status in STATUS_STAGES and any(m.kind is not None for m in commitment.mentions):
        mismatch = _mismatch(commitment, status)
        if mismatch:
            yield problem(commitment.file, commitment.at("status"), STATUS_EVIDENCE, mismatch, commitment.id)


def _mismatch(commitment: Commitment, status: str) -> str | None:
    stage = evidence_stage(commitment.mentions)
    if stage is None:
        return (
            f"status is `{status}` but every mention is `reaffirmed`, which shows no stage: "
            "the first mention should say what it is (proposed, agreed, progress or fulfilled)"
        )
    if stage != STATUS_STAGES[status]:
        kinds = [mention.kind for mention in commitment.mentions if mention.stage == stage]
        return (
            f"status is `{status}` but the evidence says `{STAGE_STATUS[stage]}` "
            f"(highest mention kind: {kinds[0]}); change the status or the mention kinds"
        )
    return None
