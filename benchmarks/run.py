"""Time `tracker check` against the floor: reading and parsing the same files.

    python benchmarks/run.py [ROOT] [--repeat 3]

Without ROOT it generates the standard corpus (2,000 meetings, 10,000
commitments, 40,000 quotes) under benchmarks/corpus/. The floor reads every
source file and parses every YAML file with libyaml's CSafeLoader, nothing
more, in two readings of "parse": composing the node tree (what tracker
itself does; the strictest floor) and loading Python objects (yaml.load).
`tracker check --strict` runs as the real console script in a fresh
process (start-up included) and its peak memory is read from the kernel.
Start-up is compared with `python -c "import typer, yaml"`.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUNDLED_ROOT = HERE.parent


def floor(root: Path, parse: str) -> float:
    """Seconds for a fresh process to read every source and parse every YAML file.

    `parse` is "compose" (libyaml builds the node tree, as tracker does: the
    strictest floor) or "load" (yaml.load with CSafeLoader: what parsing YAML
    usually means, nodes made into Python objects).
    """
    call = {"compose": "yaml.compose", "load": "yaml.load"}[parse]
    code = (
        "import sys, yaml\n"
        "from pathlib import Path\n"
        "root = Path(sys.argv[1])\n"
        "for path in sorted((root / 'seeds').iterdir()): path.read_bytes()\n"
        "for path in [root / 'data' / 'meetings.yaml', *sorted((root / 'data' / 'commitments').glob('*.yaml'))]:\n"
        f"    {call}(path.read_bytes(), Loader=yaml.CSafeLoader)\n"
    )
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(root)], check=True, capture_output=True)
    return time.perf_counter() - started


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if finished.returncode != 0:
        sys.exit(
            f"{' '.join(command)} failed ({finished.returncode}):\n{finished.stdout[-2000:]}{finished.stderr[-2000:]}"
        )
    return elapsed


def best(repeat: int, run) -> float:
    return min(run() for _ in range(repeat))


def tracker_command() -> list[str]:
    script = shutil.which("tracker")
    return [script] if script else [sys.executable, "-m", "tracker"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = args.root
    if root is None:
        root = HERE / "corpus"
        if not (root / "data" / "meetings.yaml").exists():
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(root)], check=True)
    tracker = tracker_command()
    check = [*tracker, "check", "--strict", "--root", str(root)]
    compose_seconds = best(args.repeat, lambda: floor(root, "compose"))
    load_seconds = best(args.repeat, lambda: floor(root, "load"))
    check_seconds = best(args.repeat, lambda: timed(check))
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    import_seconds = best(5, lambda: timed([sys.executable, "-c", "import typer, yaml"]))
    startup_seconds = best(5, lambda: timed([*tracker, "check", "--root", str(BUNDLED_ROOT)]))
    print(f"corpus: {root}")
    print(f"floor: read sources + compose YAML:  {compose_seconds:.2f} s")
    print(f"floor: read sources + load YAML:     {load_seconds:.2f} s")
    print(
        f"tracker check --strict:              {check_seconds:.2f} s  "
        f"({check_seconds / compose_seconds:.2f}x the compose floor, "
        f"{check_seconds / load_seconds:.2f}x the load floor)"
    )
    print(f"peak memory of a child process:      {peak_mb:.0f} MB")
    print(f"python -c 'import typer, yaml':       {import_seconds * 1000:.0f} ms")
    print(
        f"tracker check on the bundled data:   {startup_seconds * 1000:.0f} ms  "
        f"({startup_seconds / import_seconds:.2f}x)"
    )


if __name__ == "__main__":
    main()
