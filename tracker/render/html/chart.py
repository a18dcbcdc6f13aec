"""The chart of what became of the promises: statuses after each meeting, stacked bars in SVG.

After each meeting, every commitment mentioned so far stands at the highest
stage its mentions have reached (its status history, SPEC 6). A bar counts
them by that status; with many meetings, a bar is a run of consecutive
meetings and shows the state after the last of them. `stalled` and `dropped`
are judgements of the present, so they are in the summary, not here.

The geometry is in whole units (one bar is 10 wide, one commitment 1 high,
and the SVG stretches to its box), so that the page's script, which redraws
the bars for the commitments a reader's filters keep, draws exactly the same
path for the same commitments. Keep `drawChart` in page.js in step with this.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.model import STAGE_STATUS, STAGES
from tracker.render.document import meeting_index
from tracker.render.html.inferred import stated
from tracker.text import escape_html

MAX_BARS = 120
BAR = 10
GAP_UP_TO = 60  # bars; more are drawn touching
# Bottom to top: what was done, then what is under way, agreed, proposed; a
# commitment whose mentions only reaffirm it has no stage yet.
LAYERS = (4, 3, 2, 1, 0)
LAYER_NAMES = {**STAGE_STATUS, 0: "no stage yet"}


@dataclass(frozen=True)
class Series:
    bins: int
    meetings: int
    counts: list[list[int]]  # per bar, per stage 0..4


def added(first: Series, second: Series) -> Series:
    """The series of the commitments of both (each tallied over the same meetings)."""
    counts = [[a + b for a, b in zip(x, y, strict=True)] for x, y in zip(first.counts, second.counts, strict=True)]
    return Series(first.bins, first.meetings, counts)


def bar_of(meeting: int, bins: int, meetings: int) -> int:
    return meeting * bins // meetings


def series(data: dict) -> Series:
    """How many commitments stood at each stage after each bar's last meeting."""
    tally = Tally(meeting_index(data))
    for commitment in data["commitments"]:
        tally.add(commitment)
    return tally.series()


class Tally:
    """`series`, a commitment at a time: the page gathers it in its one pass over the commitments."""

    def __init__(self, index: dict[str, int]):
        """`index`: meeting id -> its place in the document (`document.meeting_index`)."""
        self._index, self._meetings = index, len(index)
        self._bins = min(self._meetings, MAX_BARS)
        self._change = [[0] * 5 for _ in range(self._bins)]

    def add(self, commitment: dict) -> None:
        for meeting, old, new in _steps(commitment, self._index):
            at = bar_of(meeting, self._bins, self._meetings)
            self._change[at][new] += 1
            if old is not None:
                self._change[at][old] -= 1

    def series(self) -> Series:
        counts, running = [], [0] * 5
        for delta in self._change:
            running = [count + step for count, step in zip(running, delta, strict=True)]
            counts.append(running)
        return Series(self._bins, self._meetings, counts)


def _steps(commitment: dict, index: dict[str, int]) -> list[tuple[int, int | None, int]]:
    """(meeting index, stage before, stage after) wherever the commitment's stage is first set or rises."""
    best: dict[int, int] = {}
    for mention in commitment["mentions"]:
        at = index[mention["meeting"]]
        best[at] = max(best.get(at, 0), STAGES.get(mention["kind"], 0))
    steps: list[tuple[int, int | None, int]] = []
    stage: int | None = None
    for at in sorted(best):
        new = max(stage or 0, best[at])
        if stage is None or new > stage:
            steps.append((at, stage, new))
            stage = new
    return steps


def paths(found: Series) -> tuple[int, dict[int, str]]:
    """The chart's height (the tallest bar) and, per stage, the path of its pieces of every bar."""
    height = max((sum(bar) for bar in found.counts), default=0) or 1
    gap = 2 if found.bins <= GAP_UP_TO else 0
    drawn: dict[int, list[str]] = {stage: [] for stage in LAYERS}
    for position, bar in enumerate(found.counts):
        top = height
        for stage in LAYERS:
            if bar[stage]:
                top -= bar[stage]
                drawn[stage].append(f"M{position * BAR + gap // 2} {top}h{BAR - gap}v{bar[stage]}h{gap - BAR}z")
    return height, {stage: "".join(parts) for stage, parts in drawn.items()}


def svg(data: dict, found: Series) -> str:
    """The chart of `found` (`series`) as inline SVG, with HTML labels (they keep their size however wide
    the bars stretch)."""
    if not found.bins:
        return '<p class="muted">No meetings yet.</p>'
    height, shapes = paths(found)
    layers = "".join(
        f'<path class="f-{_layer_class(stage)}" data-stage="{stage}" d="{shapes[stage]}"/>' for stage in LAYERS
    )
    return (
        f'<div class="chart"><span class="chart-max" id="chart-max">{height:,}</span>'
        f'<svg id="chart-bars" role="img" aria-label="{escape_html(_summary(found))}" '
        f'viewBox="0 0 {found.bins * BAR} {height}" preserveAspectRatio="none" data-bins="{found.bins}">{layers}</svg>'
        f"{_axis(data, found)}</div>{_legend()}"
    )


def _layer_class(stage: int) -> str:
    return "none" if stage == 0 else STAGE_STATUS[stage]


def _summary(found: Series) -> str:
    last = found.counts[-1]
    told = ", ".join(f"{last[stage]} {LAYER_NAMES[stage]}" for stage in LAYERS if last[stage])
    return f"Statuses after the last meeting: {told or 'none'}."


def _axis(data: dict, found: Series) -> str:
    """Dates under the bars: each meeting's when there are few, else the first, middle and last."""
    meetings = data["meetings"]
    if found.bins == found.meetings and found.bins <= 12:
        shown = meetings
    else:
        shown = [meetings[0], meetings[len(meetings) // 2], meetings[-1]]
    spread = "even" if len(shown) == found.bins else "ends"
    spans = "".join(f"<span>{stated(entry, 'date', entry['date'], brief=True)}</span>" for entry in shown)
    return f'<div class="chart-axis {spread}">{spans}</div>'


def _legend() -> str:
    return (
        '<p class="legend">'
        + " ".join(f'<span class="key f-{_layer_class(stage)}"></span>{LAYER_NAMES[stage]}' for stage in LAYERS)
        + "</p>"
    )
