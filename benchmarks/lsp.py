"""How fast `tracker lsp` shows a curator's edit, and how much memory it holds.

    python benchmarks/lsp.py                  # the 2,000-meeting corpus, 40 edits
    python benchmarks/lsp.py --meetings 160 --edits 10

A real client (pygls) starts `tracker lsp` on the benchmark corpus (the same
one `run.py` generates), opens one commitments file, then types: each edit
breaks a quote of that file or mends it again. The latency of an edit is the
time from sending the change to receiving the diagnostics that show it (the
quote-not-found appearing, or gone). Reported: the first check (opening the
workspace), the median and 90th percentile of the edits, and the server's
peak memory next to `tracker check`'s.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (a sibling script: the corpus and a child's peak memory)


class Client(LanguageClient):
    def __init__(self) -> None:
        super().__init__("benchmark", "1")
        self.published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()


async def until(client: Client, uri: str, wanted) -> float:
    """Seconds until a publication for `uri` satisfies `wanted`."""
    started = time.perf_counter()
    while True:
        published = await asyncio.wait_for(client.published.get(), timeout=120)
        if published.uri == uri and wanted(published.diagnostics):
            return time.perf_counter() - started


def broken(diagnostics) -> bool:
    return any(d.code == "quote-not-found" for d in diagnostics)


async def measure(root: Path, edits: int) -> tuple[float, list[float], int]:
    client = Client()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        client.published.put_nowait(params)

    await client.start_io(*run.tracker(), "lsp", "--root", str(root))
    started = time.perf_counter()
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    client.initialized(types.InitializedParams())
    path = sorted((root / "data" / "commitments").glob("*.yaml"))[0]
    uri = from_fs_path(str(path)) or ""
    text = path.read_text(encoding="utf-8")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text))
    )
    await until(client, uri, lambda found: not broken(found))
    first = time.perf_counter() - started
    quote = text.index("quote: ") + len("quote: ")
    typo = text[:quote] + "Zq" + text[quote:]
    latencies = []
    for version in range(2, edits + 2):
        new = typo if version % 2 == 0 else text
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=new)],
            )
        )
        latencies.append(await until(client, uri, broken if new is typo else (lambda found: not broken(found))))
    peak = _peak_kilobytes(client)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return first, latencies, peak


def _peak_kilobytes(client: Client) -> int:
    pid = client._server.pid  # the server's own process
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=40)
    arguments = parser.parse_args(argv)
    root = run.corpus(arguments.meetings, run.CORPORA)
    first, latencies, peak = asyncio.run(measure(root, arguments.edits))
    check = run.best([*run.tracker(), "check", "--root", str(root)], 1)
    ordered = sorted(latencies)
    print(f"corpus: {arguments.meetings} meetings ({root})")
    print(f"first check on opening:          {first * 1000:.0f} ms")
    print(f"an edit, median of {len(latencies)}:          {statistics.median(latencies) * 1000:.0f} ms")
    print(f"an edit, 90th percentile:        {ordered[int(0.9 * (len(ordered) - 1))] * 1000:.0f} ms")
    print(f"server's peak memory:            {peak / 1024:.0f} MB ({peak / 1024 / check.megabytes:.2f}x check's)")
    print(f"tracker check:                   {check.seconds:.2f} s, {check.megabytes:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
