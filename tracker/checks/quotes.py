"""bad-paragraph, short-quote, quote-not-found, duplicate-mention: each citation of a paragraph.

A mention cites one paragraph of one source by number, and so does a `due`
written with its words. The number must be a paragraph of that source; the
quote must have at least three words and be in that paragraph after
normalisation (SPEC section 5). When it is not, the message says which
paragraph holds it instead, or shows the closest passage of the cited
paragraph. Citing the same paragraph twice for one commitment is a warning.
A source's `reviewed` entries name paragraphs too, which must exist.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.model import Commitment, Due, Mention, Record
from tracker.problems import BAD_PARAGRAPH, DUPLICATE_MENTION, QUOTE_NOT_FOUND, SHORT_QUOTE, Problem, problem
from tracker.sources import SourceText
from tracker.text import quote_pieces, word_count

MIN_WORDS = 3


def per_commitment(record: Record, commitment: Commitment) -> Iterator[Problem]:
    """The problems of one commitment's citations (they depend on it, the meetings and the sources alone)."""
    for citation in commitment.citations():
        yield from _check_citation(record, commitment, citation)
    yield from _duplicate_mentions(commitment)


def across(record: Record) -> Iterator[Problem]:
    """The paragraphs that sources' `reviewed` entries name."""
    yield from _reviewed_paragraphs(record)


def _duplicate_mentions(commitment: Commitment) -> Iterator[Problem]:
    cited: set[tuple[str | None, int | None]] = set()
    for mention in commitment.mentions:
        place = (mention.source, mention.paragraph)
        if None not in place:
            if place in cited:
                message = f"{mention.source} paragraph {mention.paragraph} is cited twice for this commitment"
                yield problem(mention.file, mention.at(), DUPLICATE_MENTION, message, commitment.id)
            cited.add(place)


def _reviewed_paragraphs(record: Record) -> Iterator[Problem]:
    for source in record.sources():
        text = record.texts.get(source.id) if source.id is not None else None
        if text is None:
            continue
        for reviewed in source.reviewed:
            if not _in_range(text, reviewed.paragraph):
                message = _range_message(source.id, text, reviewed.paragraph)
                yield problem(reviewed.file, reviewed.at("paragraph"), BAD_PARAGRAPH, message)


def _in_range(text: SourceText, paragraph: int | None) -> bool:
    return paragraph is None or 1 <= paragraph <= len(text.paragraphs)


def _range_message(source: str | None, text: SourceText, paragraph: int | None) -> str:
    return f"{source} has paragraphs 1 to {len(text.paragraphs)}, not {paragraph}"


def _check_citation(record: Record, commitment: Commitment, citation: Mention | Due) -> Iterator[Problem]:
    """The paragraph and quote of a mention or of a due's words."""
    text = record.texts.get(citation.source) if citation.source is not None else None
    paragraph = citation.paragraph
    if text is None or paragraph is None:
        return  # unknown or unreadable source, or no number: reported already
    if not _in_range(text, paragraph):
        message = _range_message(citation.source, text, paragraph)
        yield problem(citation.file, citation.at("paragraph"), BAD_PARAGRAPH, message, commitment.id)
        return
    if citation.quote is None:
        return
    pieces = quote_pieces(citation.quote)
    words = word_count(pieces, at_most=MIN_WORDS)
    if words < MIN_WORDS:
        message = f"a quote needs at least {MIN_WORDS} words, this one has {words}"
        yield problem(citation.file, citation.at("quote"), SHORT_QUOTE, message, commitment.id)
        return
    if not text.has(paragraph, pieces):
        message = _not_found_message(text, citation.source, paragraph, citation.quote, pieces)
        yield problem(citation.file, citation.at("quote"), QUOTE_NOT_FOUND, message, commitment.id)


def _not_found_message(text: SourceText, source: str | None, paragraph: int, quote: str, pieces: list[str]) -> str:
    """Where the quote is instead, or the closest passage of the cited paragraph: hints of bounded cost."""
    where = f"quote not in {source} paragraph {paragraph}"
    elsewhere = text.elsewhere(pieces, paragraph)
    if elsewhere:
        return f"{where} (it is in paragraph {', '.join(map(str, elsewhere))})"
    return f"{where}; closest there: »{text.closest(paragraph, quote)}«"
