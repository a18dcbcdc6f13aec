"""Time `tracker check` on a hostile record against the same record clean.

    python benchmarks/adversarial.py              # the 2,000-meeting corpus, best of 3
    python benchmarks/adversarial.py --small      # a quick run of the same code (the tests' smoke run)

No hint may make the gate super-linear (SPEC section 7). The hostile copy of
the benchmark corpus (`run.py` generates it) adds, at full size:

- 5,000 `related` ids, each a typo of an existing id (each asks "did you mean"
  among 10,000 ids that all begin `commitment-`);
- 5,000 near-miss quotes, one word of each misspelt (each shows the closest
  passage, and each is looked for in the other paragraphs of its source);
- 50,000 duplicated aliases (ten commitments naming their alias 5,000 times).

The target: `check` within 2x the clean run's time and 1.5x its peak memory.
Then single extreme inputs on a one-meeting record, each against the same
record with the input fixed: a 300-word near-miss quote in a 20,000-word
paragraph, and a 10 MB quote.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (a sibling script, not a package)

FULL = {"meetings": 2_000, "related": 5_000, "quotes": 5_000, "aliased": 10, "copies": 5_000}
SMALL = {"meetings": 40, "related": 100, "quotes": 100, "aliased": 2, "copies": 100}
EXTREME_FULL = {"paragraph_words": 20_000, "quote_words": 300, "quote_bytes": 10_000_000}
EXTREME_SMALL = {"paragraph_words": 2_000, "quote_words": 100, "quote_bytes": 200_000}


def typo(word: str, rng: random.Random) -> str:
    """`word` with two neighbouring letters swapped, or one dropped."""
    at = rng.randrange(len(word) - 1)
    if rng.random() < 0.5:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word[:at] + word[at + 1 :]


def hostile_copy(clean: Path, out: Path, sizes: dict, seed: int = 11) -> Path:
    """A copy of `clean` with typos in `related`, near-miss quotes and duplicated aliases."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(clean, out)
    files = sorted((out / "data" / "commitments").glob("*.yaml"))
    texts = [path.read_text(encoding="utf-8").split("\n") for path in files]
    ids = [line.split(": ", 1)[1] for lines in texts for line in lines if line.startswith("  - id: ")]
    related = iter(rng.sample(range(len(ids)), sizes["related"]))
    spoilt = set(
        rng.sample(range(sum(line.startswith("        quote: ") for t in texts for line in t)), sizes["quotes"])
    )
    aliased = set(rng.sample(range(len(ids)), sizes["aliased"]))
    quote_number, commitment = 0, -1
    for path, lines in zip(files, texts, strict=True):
        for index, line in enumerate(lines):
            if line.startswith("  - id: "):
                commitment += 1
            elif line == "    by: [VN, CN]" and commitment < sizes["related"]:
                target = ids[next(related)]
                lines[index] = f"{line}\n    related: [{typo(target.split('-')[0], rng)}-{target.split('-')[1]}]"
            elif line.startswith("    aliases: [") and commitment in aliased:
                name = line[len("    aliases: [") : -1]
                lines[index] = f"    aliases: [{', '.join([name] * sizes['copies'])}]"
            elif line.startswith("        quote: "):
                if quote_number in spoilt:
                    lines[index] = _spoil(line, rng)
                quote_number += 1
        path.write_text("\n".join(lines), encoding="utf-8")
    return out


def _spoil(line: str, rng: random.Random) -> str:
    words = line[len("        quote: ") :].split(" ")
    at = max(range(len(words)), key=lambda n: (len(words[n]), n))  # the longest word: a real slip
    words[at] = typo(words[at], rng)
    return "        quote: " + " ".join(words)


# Single extreme inputs ----------------------------------------------------------------


def extreme_root(out: Path, words: list[str], quote: str) -> Path:
    """A one-meeting record whose second source paragraph is `words`, quoted by `quote`."""
    source = "They agreed to build a railway together.\n" + " ".join(words) + "\n"
    (out / "seeds").mkdir(parents=True, exist_ok=True)
    (out / "data" / "commitments").mkdir(parents=True, exist_ok=True)
    (out / "seeds" / "a.txt").write_text(source, encoding="utf-8")
    digest = hashlib.sha256(source.encode()).hexdigest()
    (out / "data" / "meetings.yaml").write_text(
        "parties: {VN: Việt Nam, CN: China}\nmeetings:\n  - id: m\n    date: 2025-01-01\n    place: Hà Nội\n"
        f"    participants: [A, B]\n    sources:\n      - id: s\n        file: seeds/a.txt\n        sha256: {digest}\n"
        "        outlet: VNA\n",
        encoding="utf-8",
    )
    (out / "data" / "commitments" / "c.yaml").write_text(
        "commitments:\n  - id: c\n    title: Build a railway\n    status: agreed\n    mentions:\n"
        f"      - source: s\n        paragraph: 2\n        kind: agreed\n        quote: '{quote}'\n",
        encoding="utf-8",
    )
    return out


def extreme_names(sizes: dict) -> list[str]:
    return [
        f"{sizes['quote_words']}-word near-miss quote in a {sizes['paragraph_words']:,}-word paragraph",
        f"{sizes['quote_bytes'] / 1e6:g} MB quote",
    ]


def write_extremes(scratch: Path, sizes: dict) -> None:
    """For each extreme input, a root with it (`extreme-N`) and one with it fixed (`extreme-N-fixed`)."""
    rng = random.Random(9)
    words = [rng.choice(run.generate.WORDS) for _ in range(sizes["paragraph_words"])]
    start = len(words) // 2
    quote = words[start : start + sizes["quote_words"]]
    slipped = [*quote[: len(quote) // 2], "railwayz", *quote[len(quote) // 2 + 1 :]]
    big = " ".join(words)
    big = ((big + " ") * (sizes["quote_bytes"] // len(big) + 1))[: sizes["quote_bytes"]].strip() + " zz"
    for number, hostile in enumerate((" ".join(slipped), big)):
        extreme_root(scratch / f"extreme-{number}", words, hostile)
        extreme_root(scratch / f"extreme-{number}-fixed", words, " ".join(quote))


def extreme_cases(scratch: Path, small: bool) -> list[tuple[str, Path, Path]]:
    """(name, root with the hostile input, root with it fixed), written by a child process:
    a process's peak memory counts its parent's at the fork, so this one stays small."""
    command = [sys.executable, __file__, "--write-extremes", str(scratch), *(["--small"] if small else [])]
    subprocess.run(command, check=True)
    names = extreme_names(EXTREME_SMALL if small else EXTREME_FULL)
    return [(name, scratch / f"extreme-{n}", scratch / f"extreme-{n}-fixed") for n, name in enumerate(names)]


# Measuring ----------------------------------------------------------------------------


def check(root: Path, repeat: int) -> run.Run:
    return run.best([*run.tracker(), "check", "--root", str(root)], repeat, allowed=(0, 1))


def line(name: str, clean: run.Run, hostile: run.Run) -> str:
    def cell(measured: run.Run) -> str:
        return f"{measured.seconds:.2f} s ({measured.cpu_seconds:.2f} s CPU), {measured.megabytes:.0f} MB"

    return (
        f"| {name} | {cell(clean)} | {cell(hostile)} | {hostile.seconds / clean.seconds:.2f}x "
        f"({hostile.cpu_seconds / clean.cpu_seconds:.2f}x CPU) | {hostile.megabytes / clean.megabytes:.2f}x |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick run at a small size")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=run.CORPORA, help="where corpora are generated and kept")
    parser.add_argument("--write-extremes", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes, extremes = (SMALL, EXTREME_SMALL) if args.small else (FULL, EXTREME_FULL)
    if args.write_extremes:
        write_extremes(args.write_extremes, extremes)
        return 0
    repeat = 1 if args.small else args.repeat
    run.compile_tracker()
    rows = ["| record | clean | hostile | time | memory |", "| --- | --- | --- | --- | --- |"]
    with tempfile.TemporaryDirectory() as scratch:
        for name, bad, fixed in extreme_cases(Path(scratch), args.small):
            rows.append(line(name, check(fixed, repeat), check(bad, repeat)))
        clean = run.corpus(sizes["meetings"], args.corpus)
        hostile = hostile_copy(clean, Path(scratch) / "hostile", sizes)
        name = (
            f"{sizes['meetings']:,} meetings + {sizes['related']:,} broken `related`, {sizes['quotes']:,} near-miss "
            f"quotes, {sizes['aliased'] * sizes['copies']:,} duplicated aliases"
        )
        rows.insert(2, line(name, check(clean, repeat), check(hostile, repeat)))
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
