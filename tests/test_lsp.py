"""`tracker lsp` end to end: a real client (pytest-lsp) talks to the server over stdio."""

from __future__ import annotations

import asyncio
import hashlib
import json
import sys
from pathlib import Path

import pytest
import pytest_lsp
from conftest import COMMITMENT, MEETINGS, write_root
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient
from typer.testing import CliRunner

from tracker.cli import app

SECOND = """\
commitments:
  - id: red-journey
    title: Young Vietnamese join the Red Journey programme
    status: agreed
    by: [CN]
    related: [railway-committee]
    mentions:
      - source: src-a
        paragraph: 3
        quote: China will invite young Vietnamese
        kind: agreed
"""


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "tracker", "lsp"]))
async def client(lsp_client: LanguageClient, request):
    root = write_root(request.getfixturevalue("tmp_path"), {"main.yaml": COMMITMENT, "second.yaml": SECOND})
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=from_fs_path(str(root)))
    )
    lsp_client.root = root
    yield
    await lsp_client.shutdown_session()


def uri(client: LanguageClient, name: str) -> str:
    return from_fs_path(str(client.root / name))


async def settled(client: LanguageClient, wanted, seconds: float = 10.0):
    """Wait until the published diagnostics satisfy `wanted` (a predicate over them)."""
    for _ in range(int(seconds / 0.05)):
        if wanted(client.diagnostics):
            return client.diagnostics
        await asyncio.sleep(0.05)
    raise AssertionError(f"diagnostics never settled: {client.diagnostics}")


def codes(client: LanguageClient, name: str) -> list[tuple[str, int, int]]:
    return [
        (d.code, d.range.start.line + 1, d.range.start.character + 1)
        for d in client.diagnostics.get(uri(client, name), [])
    ]


def open_file(client: LanguageClient, name: str, text: str | None = None) -> str:
    path = client.root / name
    document_uri = uri(client, name)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=document_uri, language_id="yaml", version=1, text=text if text is not None else path.read_text()
            )
        )
    )
    return document_uri


def change(client: LanguageClient, document_uri: str, text: str, version: int = 2) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=document_uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


@pytest.mark.asyncio
async def test_diagnostics_equal_the_check_of_the_same_record(client: LanguageClient):
    (client.root / "data/commitments/second.yaml").write_text(
        SECOND.replace("young Vietnamese", "young Vietnamese people").replace("[railway-committee]", "[railway]")
    )
    open_file(client, "data/commitments/second.yaml")
    await settled(client, lambda found: uri(client, "data/commitments/second.yaml") in found)
    result = CliRunner().invoke(app, ["check", "--root", str(client.root), "--format", "json"])
    expected = {(p["file"], p["line"], p["column"], p["code"], p["message"]) for p in json.loads(result.stdout)}
    published = {
        (
            Path(types_uri[len("file://") :]).relative_to(client.root).as_posix(),
            d.range.start.line + 1,
            d.range.start.character + 1,
            d.code,
            d.message,
        )
        for types_uri, found in client.diagnostics.items()
        for d in found
    }
    assert expected and published == expected


@pytest.mark.asyncio
async def test_a_change_shows_its_problem_at_once_and_a_fix_clears_it(client: LanguageClient):
    document = open_file(client, "data/commitments/main.yaml")
    change(client, document, COMMITMENT.replace("status: agreed", "status: agred"))
    await settled(client, lambda found: any(d.code == "bad-value" for d in found.get(document, [])))
    assert ("bad-value", 4, 13) in codes(client, "data/commitments/main.yaml")
    (diagnostic,) = client.diagnostics[document]
    assert (diagnostic.range.end.line, diagnostic.range.end.character) == (3, 17)  # the whole scalar
    assert diagnostic.severity == types.DiagnosticSeverity.Error and diagnostic.source == "tracker"
    change(client, document, COMMITMENT, version=3)
    await settled(client, lambda found: document in found and not found[document])


@pytest.mark.asyncio
async def test_problems_across_files_update_in_every_file(client: LanguageClient):
    main = open_file(client, "data/commitments/main.yaml")
    second = open_file(client, "data/commitments/second.yaml")
    change(client, second, SECOND.replace("id: red-journey", "id: railway-committee"))
    await settled(client, lambda found: any(d.code == "duplicate-id" for d in found.get(second, [])))
    meetings = open_file(client, "data/meetings.yaml", (client.root / "data/meetings.yaml").read_text())
    change(client, meetings, (client.root / "data/meetings.yaml").read_text().replace("id: src-a", "id: src-b"))
    await settled(client, lambda found: any(d.code == "unknown-source" for d in found.get(main, [])))
    assert any(d.code == "unknown-source" for d in client.diagnostics[second])


async def hover(client: LanguageClient, document: str, line: int, character: int) -> str | None:
    result = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=document), position=types.Position(line, character)
        )
    )
    return result.contents.value if result else None


@pytest.mark.asyncio
async def test_hover_tells_the_source_the_paragraph_and_the_related_commitment(client: LanguageClient):
    document = open_file(client, "data/commitments/second.yaml")
    await settled(client, lambda found: client.diagnostics is not None and document in found)
    source = await hover(client, document, 7, 18)  # `src-a`
    assert source == "**src-a**: VNA\n\nmeeting `2025-04-14-ha-noi`, 2025-04-14, Hà Nội"
    paragraph = await hover(client, document, 8, 20)  # `3`
    assert "**China will invite young Vietnamese**" in paragraph
    related = await hover(client, document, 5, 16)  # `railway-committee`
    assert "Set up a railway cooperation committee" in related and "`agreed`" in related


async def complete(client: LanguageClient, document: str, line: int, character: int) -> list[str]:
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=document), position=types.Position(line, character)
        )
    )
    return [item.label for item in result.items]


@pytest.mark.asyncio
async def test_completion_offers_the_record_own_vocabulary(client: LanguageClient):
    document = open_file(client, "data/commitments/second.yaml")
    await settled(client, lambda found: document in found)
    assert await complete(client, document, 7, 16) == ["src-a"]
    assert await complete(client, document, 8, 19) == ["1", "2", "3", "4"]
    assert await complete(client, document, 10, 14) == ["proposed", "agreed", "reaffirmed", "progress", "fulfilled"]
    assert await complete(client, document, 3, 12) == [
        "proposed",
        "agreed",
        "in-progress",
        "fulfilled",
        "stalled",
        "dropped",
    ]
    assert await complete(client, document, 4, 9) == ["VN", "CN"]
    assert await complete(client, document, 5, 14) == ["railway-committee", "red-journey"]


@pytest.mark.asyncio
async def test_definition_goes_to_the_paragraph_and_to_the_commitment(client: LanguageClient):
    document = open_file(client, "data/commitments/second.yaml")
    await settled(client, lambda found: document in found)
    where = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=document), position=types.Position(8, 19))
    )
    assert where.uri == uri(client, "seeds/a.txt") and where.range.start.line == 3  # a blank line comes first
    where = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=document), position=types.Position(5, 16))
    )
    assert where.uri == uri(client, "data/commitments/main.yaml") and where.range.start.line == 1


async def fixes(client: LanguageClient, document: str) -> list[types.CodeAction]:
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=document),
            range=types.Range(start=types.Position(0, 0), end=types.Position(20, 0)),
            context=types.CodeActionContext(diagnostics=client.diagnostics[document]),
        )
    )


@pytest.mark.asyncio
async def test_a_quote_in_another_paragraph_is_fixed_by_changing_the_number(client: LanguageClient):
    document = open_file(client, "data/commitments/second.yaml")
    change(client, document, SECOND.replace("paragraph: 3", "paragraph: 2"))
    await settled(client, lambda found: any(d.code == "quote-not-found" for d in found.get(document, [])))
    (action,) = [a for a in await fixes(client, document) if a.title.startswith("change paragraph")]
    assert action.title == "change paragraph to 3"
    (edit,) = action.edit.changes[document]
    assert edit.new_text == "3" and edit.range.start.line == 8


@pytest.mark.asyncio
async def test_an_uncited_alias_is_fixed_by_adding_a_mention(client: LanguageClient):
    document = open_file(client, "data/commitments/second.yaml")
    change(client, document, SECOND.replace("    by: [CN]\n", "    by: [CN]\n    aliases: [Lao Cai]\n"))
    await settled(client, lambda found: any(d.code == "uncited-alias" for d in found.get(document, [])))
    (action,) = [a for a in await fixes(client, document) if a.title.startswith("add a mention")]
    (edit,) = action.edit.changes[document]
    assert edit.range.start.line == 12 and edit.new_text.startswith("      - source: src-a\n        paragraph: 4\n")


LATER_MEETING = """\
  - id: 2025-09-01-beijing
    date: 2025-09-01
    place: Beijing
    participants: [Tô Lâm, Xi Jinping]
    sources:
      - id: src-b
        file: seeds/b.txt
        sha256: {sha:seeds/b.txt}
        outlet: Xinhua
"""


@pytest.mark.asyncio
async def test_a_kind_that_goes_back_is_fixed_by_using_reaffirmed(client: LanguageClient):
    (client.root / "seeds" / "b.txt").write_text("China will invite young Vietnamese to the Red Journey.\n")
    meetings = MEETINGS + LATER_MEETING
    for name in ("seeds/a.txt", "seeds/b.txt"):
        meetings = meetings.replace(f"{{sha:{name}}}", hashlib.sha256((client.root / name).read_bytes()).hexdigest())
    open_file(client, "data/meetings.yaml", meetings)
    later = (
        "      - source: src-b\n        paragraph: 1\n        quote: invite young Vietnamese\n        kind: proposed\n"
    )
    document = open_file(client, "data/commitments/second.yaml", SECOND + later)
    await settled(client, lambda found: any(d.code == "kind-regression" for d in found.get(document, [])))
    (action,) = [a for a in await fixes(client, document) if a.title == "use reaffirmed"]
    (edit,) = action.edit.changes[document]
    assert edit.new_text == "reaffirmed" and edit.range.start.line == 14  # the later mention's `kind:` line


def test_the_server_runs_with_the_cyclic_collector_the_console_script_turns_off(monkeypatch):
    """`tracker` commands run without the cyclic collector (one record, one short run); a server
    lives on through many records, and the cycles of those it lets go must be collected."""
    import gc

    from tracker import lsp

    serving = []
    monkeypatch.setattr(lsp.RecordServer, "start_io", lambda server: serving.append(gc.isenabled()))
    gc.disable()
    try:
        lsp.serve()
    finally:
        gc.enable()
    assert serving == [True]
