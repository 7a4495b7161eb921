"""A real LSP client for the server tests: `orglint server` runs as a subprocess and the
tests speak LSP to it over stdio through pygls's client."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types
from pygls.lsp.client import LanguageClient

TIMEOUT = 60.0  # a bound for a hung server, not a speed target: CI machines may be busy


class Session:
    """One server process and the notifications it sent."""

    def __init__(
        self, folder: Path, options: dict | None = None, command: list[str] | None = None
    ) -> None:
        self.folder = folder
        self.loop = asyncio.new_event_loop()
        self.client = LanguageClient("orglint-tests", "1")
        self.published: dict[str, list[list[types.Diagnostic]]] = {}
        self.logs: list[str] = []
        self.versions: dict[str, int] = {}
        self.mark: dict[str, int] = {}  # uri -> publishes seen before the last open/change

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append(list(params.diagnostics))

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def log(params: types.LogMessageParams) -> None:
            self.logs.append(params.message)

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def show(params: types.ShowMessageParams) -> None:
            self.logs.append(params.message)

        command = command or [sys.executable, "-m", "orglint", "server"]
        self.run(self.client.start_io(*command))
        self.run(
            self.client.initialize_async(
                types.InitializeParams(
                    capabilities=types.ClientCapabilities(),
                    root_uri=folder.as_uri(),
                    initialization_options={"debounce": 10, **(options or {})},
                )
            )
        )
        self.client.initialized(types.InitializedParams())

    def run(self, coro):
        return self.loop.run_until_complete(asyncio.wait_for(coro, TIMEOUT))

    def uri(self, name: str) -> str:
        return (self.folder / name).as_uri()

    # -- documents ---------------------------------------------------------------------
    def _mark(self) -> None:
        self.mark = {uri: len(seen) for uri, seen in self.published.items()}

    def open(self, name: str, text: str | None = None) -> str:
        self._mark()
        uri = self.uri(name)
        if text is None:
            text = (self.folder / name).read_text(encoding="utf-8")
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
            )
        )
        return uri

    def change(self, name: str, text: str) -> None:
        """Replace the whole buffer (unsaved)."""
        self._mark()
        uri = self.uri(name)
        self.versions[uri] = self.versions.get(uri, 1) + 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                [types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def diagnostics(self, name: str) -> list[types.Diagnostic]:
        """The diagnostics of the first publish for ``name`` since the last open or change."""
        uri = self.uri(name)
        after = self.mark.get(uri, 0)

        async def wait() -> list[types.Diagnostic]:
            while len(self.published.get(uri, [])) <= after:
                await asyncio.sleep(0.01)
            return self.published[uri][after]

        return self.run(wait())

    def count(self, name: str) -> int:
        return len(self.published.get(self.uri(name), []))

    def settle(self, seconds: float = 0.3) -> None:
        self.run(asyncio.sleep(seconds))

    # -- requests ------------------------------------------------------------------------
    def position(self, name: str, needle: str, nth: int = 0, offset: int = 0) -> types.Position:
        """Where the ``nth`` occurrence of ``needle`` starts in the file's current text."""
        text = (self.folder / name).read_text(encoding="utf-8")
        at = -1
        for _ in range(nth + 1):
            at = text.index(needle, at + 1)
        line = text.count("\n", 0, at)
        column = at - (text.rfind("\n", 0, at) + 1)
        return types.Position(line=line, character=column + offset)

    def doc(self, name: str) -> types.TextDocumentIdentifier:
        return types.TextDocumentIdentifier(uri=self.uri(name))

    def close(self) -> None:
        try:
            self.run(self.client.shutdown_async(None))
            self.client.exit(None)
            self.run(self.client.stop())
        finally:
            self.loop.close()


@pytest.fixture
def lsp():
    """``lsp(folder, options)`` starts a server; every one started is shut down after."""
    sessions: list[Session] = []

    def start(folder: Path, options: dict | None = None, command: list[str] | None = None):
        session = Session(folder, options, command)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.close()


# An org in four files (the shape of examples/multi-file), clean as written: the tests
# change one line and derive the expected findings from that change.
ROOT = """\
version: 1
org:
  name: Acme Support
  stage: growth
include:
  - teams/*.yaml
  - models.yaml
people:
  - id: gaurav
    name: Gaurav
    skills: [management]
  - id: maya
    name: Maya
    reports_to: gaurav
    skills: [pm, management]
  - id: nirant
    name: Nirant
    title: ML Lead
    reports_to: gaurav
    skills: [mle, management, sme]
  - id: asha
    reports_to: nirant
    skills: [ds, de]
  - id: tomas
    reports_to: nirant
    skills: [mle, backend]
  - id: lin
    reports_to: maya
    skills: [fe, ux]
  - id: omar
    reports_to: gaurav
    skills: [sre, backend]
"""
ML = """\
teams:
  - id: ml
    name: Machine learning
    type: ml
    lead: nirant
    members: [asha, tomas]
    embedded_in: support-bot
    engagement: embedded
    works_with: [platform]
    kpis:
      - {name: tickets resolved without an agent, kind: product}
      - {name: intent accuracy, kind: model}
"""
PRODUCT = """\
teams:
  - id: support-bot
    name: Support bot
    type: product
    lead: maya
    members: [lin]
    kpis:
      - {name: tickets resolved without an agent, kind: product}
  - id: platform
    name: Platform
    type: platform
    lead: omar
"""
MODELS = """\
data:
  - id: chat-logs
    owner: ml
models:
  - id: intent-classifier
    name: Intent classifier
    stage: production
    built_by: ml
    user_facing: true
    data: [chat-logs]
    monitoring:
      drift: true
      escalation:
        - ml
        - nirant
"""
FILES = {
    "org.yaml": ROOT,
    "teams/ml.yaml": ML,
    "teams/product.yaml": PRODUCT,
    "models.yaml": MODELS,
}


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """The four-file org, written to disk; returns its folder."""
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path
