"""What the page's written sections say of the commitments, gathered in one pass over them.

The filter bar, the summary, the chart, the dormant and overdue lists and the
meetings' counts of cited paragraphs all read every commitment. The export
document makes a commitment each time it is read (`document.stream`), so they
are all gathered in one pass (`gather`), which keeps what they need and no
commitment but the few the attention lists show, and hands each commitment on
to the embedded record's writer (`payload.CommitmentsAside`) as it goes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tracker.render.html import chart

ATTENTION_SHOWN = 10  # items of each attention list written into the page; the script lists the rest


class First:
    """The first `shown` of the items offered, in the order of `key`, and how many were offered.

    Holds at most a few times `shown` items, however many are offered. `key`
    must differ for every item (it ends in the commitment's id), so items are
    never compared.
    """

    def __init__(self, key: Callable[[dict], tuple], shown: int = ATTENTION_SHOWN):
        self._key, self._shown = key, shown
        self._held: list[tuple[tuple, dict]] = []
        self.count = 0

    def offer(self, item: dict) -> None:
        self.count += 1
        self._held.append((self._key(item), item))
        if len(self._held) >= 4 * self._shown:
            self._trim()

    def items(self) -> list[dict]:
        self._trim()
        return [item for _, item in self._held]

    def take_in(self, other: First) -> None:
        """Add what `other` was offered, as if this one had been offered it too."""
        self.count += other.count
        self._held += other._held
        self._trim()

    def _trim(self) -> None:
        self._held.sort(key=lambda pair: pair[0])
        del self._held[self._shown :]


def due_date(commitment: dict) -> str | None:
    due = commitment.get("due")
    return due.get("date") if isinstance(due, dict) else due


# The orders of the attention lists: functions of the module, so that `Facts` pickles
# (a second process may gather them, `spill.Aside`).
def _by_last_mention(commitment: dict) -> tuple:
    return commitment["last_mentioned"], commitment["id"]


def _by_due_date(commitment: dict) -> tuple:
    return due_date(commitment) or "", commitment["id"]


@dataclass
class Facts:
    """The commitments as the page's written sections tell them (`gather`)."""

    index: dict[str, int]
    """Meeting id -> its place in the document (`document.meeting_index`)."""
    count: int = 0
    statuses: Counter[str | None] = field(default_factory=Counter)
    themes: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)
    series: chart.Series = chart.Series(0, 0, [])
    """The chart's (`chart.series`)."""
    dormant: First = field(default_factory=lambda: First(_by_last_mention))
    overdue: First = field(default_factory=lambda: First(_by_due_date))
    cited: dict[str, set[int]] = field(default_factory=dict)
    """Source id -> the numbers of its paragraphs that some mention cites."""

    def take_in(self, later: Facts) -> None:
        """Add the facts gathered from the commitments after these (a second process's share):
        the facts of one pass over them all, in the same order."""
        self.count += later.count
        self.statuses.update(later.statuses)
        self.themes |= later.themes
        self.parties |= later.parties
        self.series = chart.added(self.series, later.series)
        self.dormant.take_in(later.dormant)
        self.overdue.take_in(later.overdue)
        for source, numbers in later.cited.items():
            self.cited.setdefault(source, set()).update(numbers)


def gather(
    commitments: Iterable[dict], index: dict[str, int], each: Callable[[dict], None] = lambda commitment: None
) -> Facts:
    """One pass over the document's commitments (or a run of them), each also handed to `each`;
    `index` is `document.meeting_index(data)`."""
    facts = Facts(index)
    tally = chart.Tally(facts.index)
    for commitment in commitments:
        each(commitment)
        facts.count += 1
        facts.statuses[commitment["status"]] += 1
        if commitment["theme"]:
            facts.themes.add(commitment["theme"])
        facts.parties.update(commitment["by"])
        tally.add(commitment)
        if commitment["dormant"]:
            facts.dormant.offer(commitment)
        if commitment["overdue"]:
            facts.overdue.offer(commitment)
        for mention in commitment["mentions"]:
            facts.cited.setdefault(mention["source"], set()).add(mention["paragraph"])
    facts.series = tally.series()
    return facts
