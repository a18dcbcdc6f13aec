"""Generate a large, valid synthetic record for benchmarking `tracker check`.

    python benchmarks/generate.py OUT --meetings 2000 --commitments 10000 --mentions 4

Every citation is valid: each quote is copied from its paragraph, every
alias is named only in paragraphs that cite it, every status matches its
evidence and no kind goes back a stage, every paragraph no mention cites is
`reviewed`, so `tracker check --strict` passes and the benchmark times the
whole of the work a passing CI run does. The record uses every field of the
format: sources' `side` and `reviewed`, meetings' `inferred` and `notes`, and
`due` with the words it comes from.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import random
from pathlib import Path

WORDS = [
    "the",
    "two",
    "sides",
    "agreed",
    "to",
    "further",
    "strengthen",
    "cooperation",
    "in",
    "trade",
    "investment",
    "transport",
    "energy",
    "education",
    "culture",
    "tourism",
    "science",
    "technology",
    "and",
    "they",
    "stressed",
    "the",
    "importance",
    "of",
    "political",
    "trust",
    "regular",
    "exchanges",
    "between",
    "leaders",
    "ministries",
    "localities",
    "enterprises",
    "people",
    "youth",
    "over",
    "recent",
    "years",
    "as",
    "well",
    "as",
    "coordination",
    "at",
    "multilateral",
    "forums",
    "for",
    "peace",
    "stability",
    "development",
    "in",
    "region",
    "world",
]
NAMES = ["Tô Lâm", "Lương Cường", "Phạm Minh Chính", "Xi Jinping", "Li Qiang", "Wang Yi"]
PLACES = ["Hà Nội", "Beijing", "Đà Nẵng", "Shanghai", "Lào Cai", "Nanning", "Moscow"]
SYLLABLES = ["ka", "lo", "mi", "ru", "te", "vo", "xa", "ze", "qu", "bi", "no", "fe", "gu", "hi", "ja", "ly"]
KINDS_BY_STAGE = ["proposed", "agreed", "progress", "fulfilled"]
STATUS_BY_STAGE = ["proposed", "agreed", "in-progress", "fulfilled"]


COMMITMENT_ID = "commitment-{}"
MEETING_ID = "meeting-{}"
SOURCE_ID = "source-{}-{}"
FIRST_DATE = dt.date(2000, 1, 1)
SPAN_DAYS = 9_000
"""Meetings are three days apart, closer when there are many: all of them in the past."""


def meeting_date(meeting: int, meetings: int) -> dt.date:
    return FIRST_DATE + dt.timedelta(days=meeting * min(3 * meetings, SPAN_DAYS) // meetings)


def alias(name: str) -> str:
    return f"initiative {name}"


def search_text() -> str:
    """Words that a few paragraphs hold: the first commitment's alias."""
    return alias(codenames(1)[0])


def codenames(count: int) -> list[str]:
    """Unique pseudo-words, none of them an English word of WORDS."""
    names = ("".join(parts) for size in (3, 4, 5) for parts in itertools.product(SYLLABLES, repeat=size))
    return list(itertools.islice(names, count))


def paragraph(rng: random.Random) -> list[str]:
    words = [rng.choice(WORDS) for _ in range(rng.randint(35, 70))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(NAMES))
    return words


def generate(out: Path, meetings: int, commitments: int, per_commitment: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    (out / "seeds").mkdir(parents=True, exist_ok=True)
    (out / "data" / "commitments").mkdir(parents=True, exist_ok=True)
    # One report of 10 to 20 paragraphs per meeting, like the bundled seeds.
    sources = [(m, 0) for m in range(meetings)]
    texts = {key: [paragraph(rng) for _ in range(rng.randint(10, 20))] for key in sources}
    free = {key: list(range(len(paragraphs))) for key, paragraphs in texts.items()}
    for places in free.values():
        rng.shuffle(places)
    records = []
    for index, name in enumerate(codenames(commitments)):
        named = alias(name)
        chosen = rng.sample(range(meetings), per_commitment)
        mentions = []
        for meeting in sorted(chosen):
            key = (meeting, 0)
            spots = free[key] or [rng.randrange(len(texts[key]))]
            number = spots.pop() if free[key] else spots[0]
            words = texts[key][number]
            # Appended, so that later insertions never split this quote.
            at = len(words)
            words += [*named.split(), "was", "discussed", "again"]
            quote = " ".join(words[at - rng.randint(2, 5) : at + 2 + rng.randint(0, 3)])
            mentions.append((key, number + 1, quote))
        records.append((COMMITMENT_ID.format(index), named, mentions))
    _write_sources(out, texts)
    cited = {(key, number) for _, _, mentions in records for key, number, _ in mentions}
    _write_meetings(out, meetings, texts, cited, rng)
    _write_commitments(out, records, meetings, rng)


def mention_kinds(rng: random.Random, count: int) -> list[str]:
    """Kinds in date order whose stage never goes back; a repeated stage is often `reaffirmed`."""
    stages = sorted(rng.randrange(4) for _ in range(count))
    kinds = [KINDS_BY_STAGE[stages[0]]]
    for previous, stage in zip(stages, stages[1:], strict=False):
        repeated = stage == previous and rng.random() < 0.5
        kinds.append("reaffirmed" if repeated else KINDS_BY_STAGE[stage])
    return kinds


def stage_of(kind: str) -> int:
    return KINDS_BY_STAGE.index(kind) if kind in KINDS_BY_STAGE else -1


def _write_sources(out: Path, texts) -> None:
    for (meeting, slot), paragraphs in texts.items():
        body = "\n\n".join(" ".join(words) for words in paragraphs) + "\n"
        (out / "seeds" / f"m{meeting:05d}-{slot}.txt").write_text(body, encoding="utf-8")


def _write_meetings(out: Path, meetings: int, texts, cited: set, rng: random.Random) -> None:
    """Every tenth meeting's date is inferred (with notes saying how); sources alternate sides,
    every fifth a third party's; every paragraph no mention cites is reviewed."""
    lines = ["parties:", "  VN: Việt Nam", "  CN: China", "meetings:"]
    for meeting in range(meetings):
        date = meeting_date(meeting, meetings)
        lines += [
            f"  - id: {MEETING_ID.format(meeting)}",
            f"    date: {date.isoformat()}",
            f"    place: {rng.choice(PLACES)}",
            f"    participants: [{rng.choice(NAMES[:3])}, {rng.choice(NAMES[3:])}]",
        ]
        if meeting % 10 == 9:
            lines += ["    inferred: [date]", "    notes: dated by the report's publication, a day later"]
        lines.append("    sources:")
        for slot in range(1):
            lines += _source(out, meeting, slot, len(texts[meeting, slot]), cited)
    (out / "data" / "meetings.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _source(out: Path, meeting: int, slot: int, paragraphs: int, cited: set) -> list[str]:
    path = out / "seeds" / f"m{meeting:05d}-{slot}.txt"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    lines = [
        f"      - id: {SOURCE_ID.format(meeting, slot)}",
        f"        file: seeds/{path.name}",
        f"        sha256: {digest}",
        f"        outlet: {('VNA', 'Xinhua', 'VOV', 'Global Times', 'Reuters')[meeting % 5]}",
    ]
    if meeting % 5 != 4:
        lines.append(f"        side: {('VN', 'CN')[meeting % 5 % 2]}")
    unread = [number for number in range(1, paragraphs + 1) if ((meeting, slot), number) not in cited]
    if unread:
        lines.append("        reviewed:")
        lines += [f"          - {{paragraph: {number}, reason: protocol and atmosphere}}" for number in unread]
    return lines


def _write_commitments(out: Path, records, meetings: int, rng: random.Random, per_file: int = 100) -> None:
    """Every seventh commitment has a due date with the words it comes from: its first quote."""
    for number in range(0, len(records), per_file):
        lines = ["commitments:"]
        for cid, alias, mentions in records[number : number + per_file]:
            kinds = mention_kinds(rng, len(mentions))
            lines += [
                f"  - id: {cid}",
                f"    title: Carry out the {alias} across both countries",
                f"    status: {STATUS_BY_STAGE[max(map(stage_of, kinds))]}",
                f"    theme: {rng.choice(['trade', 'transport', 'culture', 'science'])}",
                "    by: [VN, CN]",
                f"    aliases: [{alias}]",
                *(_due(mentions[0], meetings) if int(cid.rsplit("-", 1)[1]) % 7 == 3 else []),
                "    mentions:",
            ]
            for ((meeting, slot), paragraph_number, quote), kind in zip(mentions, kinds, strict=True):
                lines += [
                    f"      - source: {SOURCE_ID.format(meeting, slot)}",
                    f"        paragraph: {paragraph_number}",
                    f"        quote: {quote}",
                    f"        kind: {kind}",
                ]
        name = f"part-{number // per_file:04d}.yaml"
        (out / "data" / "commitments" / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _due(mention, meetings: int) -> list[str]:
    (meeting, slot), paragraph_number, quote = mention
    date = meeting_date(meeting, meetings) + dt.timedelta(days=3 * 365)
    return [
        "    due:",
        f"      date: {date.isoformat()}",
        f"      source: {SOURCE_ID.format(meeting, slot)}",
        f"      paragraph: {paragraph_number}",
        f"      quote: {quote}",
        "      note: three years from the talks",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--commitments", type=int, default=10000)
    parser.add_argument("--mentions", type=int, default=4, help="mentions per commitment")
    args = parser.parse_args()
    generate(args.out, args.meetings, args.commitments, args.mentions)
    print(
        f"wrote {args.out}: {args.meetings} meetings, {args.commitments} commitments, "
        f"{args.commitments * args.mentions} quotes"
    )


if __name__ == "__main__":
    main()
