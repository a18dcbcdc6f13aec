"""bad-paragraph, short-quote, quote-not-found, duplicate-mention: each mention's citation.

A mention cites one paragraph of one source by number. The number must be a
paragraph of that source; the quote must have at least three words and be
in that paragraph after normalisation (SPEC section 5). When it is not, the
message says which paragraph holds it instead, or shows the closest passage
of the cited paragraph. Citing the same paragraph twice for one commitment
is a warning.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.model import Commitment, Mention, Record
from tracker.problems import BAD_PARAGRAPH, DUPLICATE_MENTION, QUOTE_NOT_FOUND, SHORT_QUOTE, Problem, problem
from tracker.sources import SourceText
from tracker.text import closest_passage, quote_pieces, word_count

MIN_WORDS = 3


def check(record: Record) -> Iterator[Problem]:
    for commitment in record.commitments:
        cited: set[tuple[str, int]] = set()
        for mention in commitment.mentions:
            yield from _check_mention(record, commitment, mention)
            place = (mention.source, mention.paragraph)
            if None not in place:
                if place in cited:
                    message = f"{mention.source} paragraph {mention.paragraph} is cited twice for this commitment"
                    yield problem(mention.file, mention.at(), DUPLICATE_MENTION, message, commitment.id)
                cited.add(place)


def _check_mention(record: Record, commitment: Commitment, mention: Mention) -> Iterator[Problem]:
    text = record.texts.get(mention.source)
    if text is None or mention.paragraph is None:
        return  # unknown or unreadable source, or no number: reported already
    count = len(text.paragraphs)
    if not 1 <= mention.paragraph <= count:
        message = f"{mention.source} has paragraphs 1 to {count}, not {mention.paragraph}"
        yield problem(mention.file, mention.at("paragraph"), BAD_PARAGRAPH, message, commitment.id)
        return
    if mention.quote is None:
        return
    pieces = quote_pieces(mention.quote)
    words = word_count(pieces)
    if words < MIN_WORDS:
        message = f"a quote needs at least {MIN_WORDS} words, this one has {words}"
        yield problem(mention.file, mention.at("quote"), SHORT_QUOTE, message, commitment.id)
        return
    if not text.has(mention.paragraph, pieces):
        message = _not_found_message(text, mention, pieces)
        yield problem(mention.file, mention.at("quote"), QUOTE_NOT_FOUND, message, commitment.id)


def _not_found_message(text: SourceText, mention: Mention, pieces: list[str]) -> str:
    where = f"quote not in {mention.source} paragraph {mention.paragraph}"
    elsewhere = [n for n in range(1, len(text.paragraphs) + 1) if text.has(n, pieces)]
    if elsewhere:
        return f"{where} (it is in paragraph {', '.join(map(str, elsewhere))})"
    closest = closest_passage(text.normalised(mention.paragraph), mention.quote)
    return f"{where}; closest there: »{closest}«"
