"""Did you mean: the known names nearest a mistyped one, at a bounded cost.

One home for every suggestion (a field, a status, a source, a commitment id)
and one message shape. A suggestion is a convenience and may never cost more
than the check itself (SPEC section 7): a record with thousands of mistyped
ids must not compare each with every known one. So the known names are
indexed once, on the first miss, by their character trigrams; a miss reads
at most `POSTINGS` entries of that index, rarest trigrams first, and ranks
only the `RANKED` names that share the most trigrams with it. Whatever the
number of names, a suggestion costs a bounded number of steps.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable

LONGEST = 64
"""Characters of a name that are compared: a 10 MB typo costs what a short one does."""
POSTINGS = 512
"""Entries of the trigram index read for one miss."""
RANKED = 8
"""Names ranked with difflib for one miss."""
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
        scored = []
        wanted = name.lower()
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(wanted)
        for index in self._candidates(wanted):
            known = self._names[index][:LONGEST].lower()
            matcher.set_seq1(known)
            score = matcher.ratio()
            if len(wanted) >= 3 and wanted in known:
                score = max(score, CUTOFF)
            if score >= CUTOFF:
                scored.append((-score, index))
        return [self._names[index] for _, index in sorted(scored)[:count]]

    def _candidates(self, name: str) -> list[int]:
        """The few names worth ranking: all of a short list, else those sharing the most trigrams."""
        if len(self._names) <= RANKED:
            return list(range(len(self._names)))
        index = self._trigram_index()
        postings = sorted((index[gram] for gram in trigrams(name) if gram in index), key=len)
        shared: Counter[int] = Counter()
        budget = POSTINGS
        for posting in postings:
            if budget <= 0:
                break
            shared.update(posting[:budget])
            budget -= len(posting)
        return [candidate for candidate, _ in shared.most_common(RANKED)]

    def _trigram_index(self) -> dict[str, list[int]]:
        if self._index is None:
            self._index = {}
            for number, known in enumerate(self._names):
                for gram in trigrams(known[:LONGEST].lower()):
                    self._index.setdefault(gram, []).append(number)
        return self._index


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
