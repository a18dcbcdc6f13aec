"""How long the exported html page takes to open in headless Chromium.

    python benchmarks/page.py PAGE.html [--repeat 3] [--width 1280]
    python benchmarks/page.py --corpus ROOT [--repeat 3]   # export ROOT's page first

"Open" is load and first paint: the time from navigation to the later of the
load event (every inline script run, the first screen of the page built) and
the first paint. `open_seconds(path)` is what `benchmarks/run.py` calls; it
launches a fresh browser each time, so no run profits from another's cache.
`deep_link_seconds` is what a reader then waits for a link to a paragraph
that is not built yet: the last paragraph of the last source.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]

OPENED = """() => new Promise(done => requestAnimationFrame(() => setTimeout(() => {
    const load = performance.getEntriesByType("navigation")[0].loadEventEnd;
    const paint = performance.getEntriesByName("first-paint")[0];
    done(Math.max(load, paint ? paint.startTime : 0));
}, 0)))"""


def executable() -> str:
    return shutil.which("chromium") or "/usr/bin/chromium"


def _measure(path: Path, width: int, then: str | None = None) -> float:
    """Milliseconds to open `path`, plus (when `then` is a script) the time it reports after that."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=executable(), headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(Path(path).resolve().as_uri(), wait_until="load", timeout=600_000)
            milliseconds = page.evaluate(OPENED)
            if then:
                milliseconds = page.evaluate(then)
        finally:
            browser.close()
    return milliseconds / 1000


def open_seconds(path: Path, width: int = 1280) -> float:
    """Seconds from navigation to the later of the load event and first paint."""
    return _measure(Path(path), width)


DEEP_LINK = """() => {
    const record = JSON.parse(document.getElementById("record").textContent);
    const source = record.meetings[record.meetings.length - 1].sources.at(-1);
    const id = `p-${source.id}-${source.paragraphs}`;
    const start = performance.now();
    location.hash = "#" + id;
    return new Promise(done => {
        const built = () => document.getElementById(id)
            ? requestAnimationFrame(() => done(performance.now() - start)) : setTimeout(built, 1);
        built();
    });
}"""


def deep_link_seconds(path: Path, width: int = 1280) -> float:
    """Once open, seconds to follow a link to the last paragraph of the last source (built on demand)."""
    return _measure(Path(path), width, DEEP_LINK)


def export_page(root: Path, folder: Path) -> Path:
    """The html export of `root`, written by the tracker beside this script."""
    page = folder / "page.html"
    script = Path(sys.executable).with_name("tracker")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "tracker"]
    subprocess.run([*command, "export", "-f", "html", "-o", str(page), "--force", "--root", str(root)], check=True)
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", type=Path, help="an exported html page")
    parser.add_argument("--corpus", type=Path, help="export this root's page and measure it")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is kept")
    parser.add_argument("--width", type=int, default=1280, help="the viewport's width in CSS pixels")
    args = parser.parse_args(argv)
    if (args.page is None) == (args.corpus is None):
        parser.error("give a page or --corpus")
    with tempfile.TemporaryDirectory(prefix="tracker-page-") as scratch:
        page = args.page or export_page(args.corpus, Path(scratch))
        size = page.stat().st_size / 1e6
        opened = min(open_seconds(page, args.width) for _ in range(args.repeat))
        linked = min(deep_link_seconds(page, args.width) for _ in range(args.repeat))
        print(f"{page.name}: {size:.1f} MB, opens in {opened:.2f} s (load + first paint), then reaches the last")
        print(f"paragraph through a link in {linked:.2f} s; best of {args.repeat}, {args.width} px wide")
    return 0


if __name__ == "__main__":
    sys.exit(main())
