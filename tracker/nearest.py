"""Did you mean: the known names nearest a mistyped one, at a bounded cost.

One home for every suggestion (a field, a status, a source, a commitment id)
and one message shape. A suggestion is a convenience and may never cost more
than the check itself (SPEC section 7): a record with thousands of mistyped
ids must not compare each with every known one. So the known names are
indexed once, on the first miss, by their character trigrams; a miss reads
at most `POSTINGS` entries of that index, rarest trigrams first, ranks only
the `RANKED` names that share the most trigrams with it, and holds its pick
to difflib's ratio. Whatever the number of names, a suggestion costs a
bounded number of steps.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable

LONGEST = 64
"""Characters of a name that are compared: a 10 MB typo costs what a short one does."""
POSTINGS = 256
"""Entries of the trigram index read for one miss."""
RANKED = 8
"""Names ranked by shared trigrams for one miss; difflib then holds the best to `CUTOFF`."""
SHORT_LIST = 32
"""A list this short (statuses, kinds, the fields of a shape) is ranked whole with difflib."""
CUTOFF = 0.6
"""The least difflib ratio of a suggestion (a name typed as part of a known one always qualifies)."""


class Nearest:
    """Known names, ready to say which are nearest a name that is not among them."""

    def __init__(self, names: Iterable[str | None]):
        self._names = [name for name in dict.fromkeys(names) if isinstance(name, str) and name]
        self._index: dict[str, list[int]] | None = None
        self._found: dict[tuple[str, int], list[str]] = {}

    def find(self, name: str, count: int = 1) -> list[str]:
        """Up to `count` known names nearest `name`, best first."""
        key = (name[:LONGEST], count)
        if key not in self._found:
            self._found[key] = self._rank(key[0], count)
        return self._found[key]

    def hint(self, name: str, count: int = 1) -> str:
        """`; did you mean ...?` for the nearest names, or nothing."""
        found = self.find(name, count)
        return f"; {did_you_mean(found)}" if found else ""

    def _rank(self, name: str, count: int) -> list[str]:
        """A short list is ranked by difflib's ratio; a long one by shared trigrams, each pick then held to it."""
        wanted = name.lower()
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(wanted)
        if len(self._names) <= SHORT_LIST:
            scored = sorted((-_likeness(matcher, wanted, known.lower()), n) for n, known in enumerate(self._names))
            return [self._names[n] for score, n in scored[:count] if -score >= CUTOFF]
        grams = trigrams(wanted)
        found = []
        for index in sorted(self._candidates(grams), key=lambda n: (-self._shared(grams, n), n)):
            if _likeness(matcher, wanted, self._names[index][:LONGEST].lower()) >= CUTOFF:
                found.append(self._names[index])
                if len(found) == count:
                    break
        return found

    def _candidates(self, grams: set[str]) -> list[int]:
        """The names sharing the most trigrams with a miss, reading at most `POSTINGS` index entries."""
        index = self._trigram_index()
        postings = sorted((index[gram] for gram in grams if gram in index), key=len)
        shared: Counter[int] = Counter()
        budget = POSTINGS
        for posting in postings:
            if budget <= 0:
                break
            shared.update(posting[:budget])
            budget -= len(posting)
        return [candidate for candidate, _ in shared.most_common(RANKED)]

    def _shared(self, grams: set[str], index: int) -> float:
        """How alike by trigrams (Dice's coefficient): exact, for the few candidates."""
        known = trigrams(self._names[index][:LONGEST].lower())
        return 2 * len(grams & known) / (len(grams) + len(known))

    def _trigram_index(self) -> dict[str, list[int]]:
        if self._index is None:
            self._index = {}
            for number, known in enumerate(self._names):
                for gram in trigrams(known[:LONGEST].lower()):
                    self._index.setdefault(gram, []).append(number)
        return self._index


def _likeness(matcher: difflib.SequenceMatcher, wanted: str, known: str) -> float:
    """difflib's ratio of a miss (already the matcher's second sequence) and a known name; a name
    typed as part of a known one (`railway` for `railway-committee`) counts as alike."""
    matcher.set_seq1(known[:LONGEST])
    if len(wanted) >= 3 and wanted in known:
        return max(CUTOFF, matcher.ratio())
    if matcher.real_quick_ratio() < CUTOFF or matcher.quick_ratio() < CUTOFF:
        return 0.0  # the cheap upper bounds already rule it out
    return matcher.ratio()


def trigrams(name: str) -> set[str]:
    """The character trigrams of `name`, its ends marked so that short names have some."""
    padded = f"\x02{name}\x03"
    return {padded[start : start + 3] for start in range(len(padded) - 2)}


def did_you_mean(names: list[str]) -> str:
    """The one shape of a suggestion: "did you mean `a`?", "did you mean `a`, `b` or `c`?"."""
    quoted = [f"`{name}`" for name in names]
    if len(quoted) <= 1:
        return f"did you mean {''.join(quoted)}?" if quoted else ""
    return f"did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"
