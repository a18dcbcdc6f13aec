"""Coverage (SPEC 7.1): is every paragraph with the language of a commitment in the record?

A paragraph has *the language of a commitment* when it holds one of the cues
below, as a whole word, in any case. Such a paragraph is *covered* when a
mention (or a due's words) cites it, or when its source lists it under
`reviewed` with the reason it holds no commitment; otherwise it is
*uncovered*, and `tracker coverage` shows it, its cue words marked, for the
curator to read.

The list is a heuristic for the curator, not a judgement: it casts wide, since
a waiver costs one line and a missed commitment costs the record's
credibility. It holds two kinds of words, each with its inflections:

- the language of undertaking: agree, pledge, vow, commit, decide, declare,
  consent, propose, suggest, call for / call on, urge, will, shall, should,
  must, need to, willing to, ready to, stand ready, reach consensus;
- the language of implementation, which moves a status even where no one
  promises anything: sign, launch, establish, implement, complete,
  inaugurate, progress, intensify.

Inflections are the verb's forms (agrees, agreed, agreeing). Nouns are cues
where the noun names the undertaking or the step itself: agreement,
commitment, decision, proposal, suggestion, implementation, completion,
inauguration ("Cường made a few proposals" is a proposal). Two nouns are
left out on purpose: "declaration" and "establishment" name a document and
an anniversary ("the 75th anniversary of the establishment of diplomatic
ties") far more often than an act. "need to" is a cue; "the need for" is not.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick  # type: ignore[import-not-found]

from tracker.model import Meeting, Record, Source
from tracker.query import citations, cited_places, meetings_in_order, source_of
from tracker.text import cue_form_joined, line_starts, whole_words

UNDERTAKING: tuple[str, ...] = (
    *("agree", "agrees", "agreed", "agreeing", "agreement", "agreements"),
    *("pledge", "pledges", "pledged", "pledging"),
    *("vow", "vows", "vowed", "vowing"),
    *("commit", "commits", "committed", "committing", "commitment", "commitments"),
    *("decide", "decides", "decided", "deciding", "decision", "decisions"),
    *("declare", "declares", "declared", "declaring"),
    *("consent", "consents", "consented", "consenting"),
    *("propose", "proposes", "proposed", "proposing", "proposal", "proposals"),
    *("suggest", "suggests", "suggested", "suggesting", "suggestion", "suggestions"),
    *("call for", "calls for", "called for", "calling for"),
    *("call on", "calls on", "called on", "calling on"),
    *("urge", "urges", "urged", "urging"),
    *("will", "shall", "should", "must"),
    *("need to", "needs to", "needed to"),
    *("willing to", "ready to", "stand ready", "stands ready", "stood ready"),
    *("reach consensus", "reaches consensus", "reached consensus", "reaching consensus"),
)
"""The language of undertaking: promising, agreeing, proposing, deciding."""

IMPLEMENTATION: tuple[str, ...] = (
    *("sign", "signs", "signed", "signing"),
    *("launch", "launches", "launched", "launching"),
    *("establish", "establishes", "established", "establishing"),
    *("implement", "implements", "implemented", "implementing", "implementation"),
    *("complete", "completes", "completed", "completing", "completion"),
    *("inaugurate", "inaugurates", "inaugurated", "inaugurating", "inauguration"),
    *("progress", "progresses", "progressed"),
    *("intensify", "intensifies", "intensified", "intensifying"),
)
"""The language of implementation: a step reported or scheduled."""

CUES: tuple[str, ...] = UNDERTAKING + IMPLEMENTATION


class Cue(NamedTuple):
    start: int  # offsets into the paragraph as the source has it
    end: int
    word: str  # as the cue list spells it


class CueMatcher:
    """Every cue in a text, whole words in any case, in one pass.

    An Aho-Corasick automaton (as for aliases) finds all cues in a single scan
    of a source's text, however many cues there are; only the few places it
    finds get their word boundaries tested. The scan is linear in the text.
    """

    def __init__(self, cues: Iterable[str] = CUES):
        self._automaton = ahocorasick.Automaton()
        for cue in cues:
            self._automaton.add_word(cue, (len(cue), cue))
        self._automaton.make_automaton()

    def scan(self, paragraphs: list[str]) -> list[list[Cue]]:
        """The cues of each paragraph, in order of where they start."""
        text = cue_form_joined(paragraphs)
        starts = line_starts(text)
        found: list[list[Cue]] = [[] for _ in paragraphs]
        for last, (size, word) in self._automaton.iter(text):
            start = last - size + 1
            if whole_words(text, start, last + 1):
                index = bisect.bisect_right(starts, start) - 1
                found[index].append(Cue(start - starts[index], last + 1 - starts[index], word))
        for cues in found:
            cues.sort()
        return found


@dataclass(frozen=True)
class Paragraph:
    """A paragraph with the language of a commitment, and what the record does with it."""

    source: Source
    meeting: Meeting
    number: int
    text: str
    cues: tuple[Cue, ...]
    cited_by: tuple[str, ...]
    reviewed: str | None  # the reason, when its source's `reviewed` waives it

    @property
    def uncovered(self) -> bool:
        return not self.cited_by and self.reviewed is None

    @property
    def words(self) -> list[str]:
        """The cue words found, each once, in order."""
        return list(dict.fromkeys(cue.word for cue in self.cues))


@dataclass(frozen=True)
class SourceCoverage:
    """One source's paragraphs: how many, how many cited, reviewed, and those with cues."""

    source: Source
    meeting: Meeting
    paragraphs: int
    cited: int
    reviewed: int
    with_cues: tuple[Paragraph, ...]

    @property
    def uncovered(self) -> list[Paragraph]:
        return [paragraph for paragraph in self.with_cues if paragraph.uncovered]


def coverage(record: Record, source_id: str | None = None) -> list[SourceCoverage]:
    """Every readable source (or only `source_id`, which the record must have), in meeting date order."""
    if source_id is not None:
        source_of(record, source_id)
    return list(each_source(record, source_id))


def each_source(record: Record, source_id: str | None = None) -> Iterator[SourceCoverage]:
    """`coverage()` one source at a time."""
    matcher = _CachedScans(record)
    cited = citations(record)
    for meeting, source, paragraphs in _readable(record, source_id):
        yield _source_coverage(source, meeting, paragraphs, matcher, cited)


def uncovered(record: Record) -> Iterator[Paragraph]:
    """The uncovered paragraphs of every readable source, in `each_source`'s order.

    Only they are built: most paragraphs with cues are cited, and building
    each of them is most of the cost of `tracker check`'s coverage pass.
    """
    matcher = _CachedScans(record)
    cited = cited_places(record)
    for meeting, source, paragraphs in _readable(record):
        reasons = _reasons(source, paragraphs)
        for number, cues in enumerate(matcher.scan(paragraphs), start=1):
            if cues and (source.id, number) not in cited and reasons.get(number) is None:
                yield Paragraph(source, meeting, number, paragraphs[number - 1], tuple(cues), (), None)


def _readable(record: Record, source_id: str | None = None) -> Iterator[tuple[Meeting, Source, list[str]]]:
    """(meeting, source, paragraphs) of every source read (or only `source_id`), in meeting date order."""
    for meeting in meetings_in_order(record):
        for source in meeting.sources:
            text = record.texts.get(source.id) if source.id is not None else None
            if text is not None and (source_id is None or source.id == source_id):
                yield meeting, source, text.paragraphs


def _reasons(source: Source, paragraphs: list[str]) -> dict[int | None, str | None]:
    """Paragraph number -> the reason its source's `reviewed` gives, for the paragraphs it has."""
    numbers = range(1, len(paragraphs) + 1)
    return {item.paragraph: item.reason for item in source.reviewed if item.paragraph in numbers}


SCANS_KEPT = "cue-scans"
"""The key of `record.memo` under which a record whose memo outlives the run keeps its cue scans."""


def scan_ahead(record: Record) -> None:
    """Scan every readable source for cues now, kept in `record.memo` for `coverage()` to come.

    Where the cues are depends on the texts alone, so `tracker check` does this
    while another process still checks its share of the commitments.
    """
    record.memo.setdefault(SCANS_KEPT, {})
    matcher = _CachedScans(record)
    for text in record.texts.values():
        if text is not None:
            matcher.scan(text.paragraphs)


class _CachedScans:
    """The cue scan of each source's paragraphs, kept in `record.memo` while the text is the same object.

    A source is scanned once for as long as its text does not change: the
    language server checks on every keystroke, and an edit to a commitment
    changes which paragraphs are cited, never where the cues are. Only a memo
    that holds `SCANS_KEPT` keeps them (`checks.Checker` gives it one): a single
    run scans each source once anyway, and would hold every scan to no purpose.
    """

    def __init__(self, record: Record):
        self._held: dict[int, tuple[list[str], list[list[Cue]]]] | None = record.memo.get(SCANS_KEPT)
        self._matcher: CueMatcher | None = None

    def scan(self, paragraphs: list[str]) -> list[list[Cue]]:
        held = self._held.get(id(paragraphs)) if self._held is not None else None
        if held is None or held[0] is not paragraphs:
            self._matcher = self._matcher or CueMatcher()
            held = (paragraphs, self._matcher.scan(paragraphs))
            if self._held is not None:
                self._held[id(paragraphs)] = held
        return held[1]


def _source_coverage(
    source: Source, meeting: Meeting, paragraphs: list[str], matcher: CueMatcher | _CachedScans, cited
) -> SourceCoverage:
    numbers = range(1, len(paragraphs) + 1)
    reasons = _reasons(source, paragraphs)
    with_cues = tuple(
        Paragraph(
            source,
            meeting,
            number,
            paragraphs[number - 1],
            tuple(cues),
            tuple(cited.get((source.id, number), ())),
            reasons.get(number),
        )
        for number, cues in zip(numbers, matcher.scan(paragraphs), strict=True)
        if cues
    )
    cited_count = sum(1 for number in numbers if (source.id, number) in cited)
    return SourceCoverage(source, meeting, len(paragraphs), cited_count, len(reasons), with_cues)
