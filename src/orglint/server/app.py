"""The pygls server: LSP messages -> the feature modules, checks debounced per org, and
every handler guarded so that one failing request is logged and the server goes on."""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import traceback
from collections.abc import Callable
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from orglint import __version__
from orglint.errors import OrglintError
from orglint.server import actions, completion, navigation, rename
from orglint.server.diagnostics import publish_sets
from orglint.server.index import FileIndex
from orglint.server.state import OrgState, Workspace
from orglint.server.text import Lines

DEBOUNCE = 0.05  # seconds after the last keystroke before an org is checked again


class OrgServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("orglint", __version__)
        self.ws = Workspace()
        self.debounce = DEBOUNCE
        self.record_previous = False
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.published: dict[str, dict[str, list[types.Diagnostic]]] = {}  # uri -> root -> diags
        self.sent: dict[str, list[types.Diagnostic]] = {}  # uri -> what the client has
        self.edited: set[str] = set()  # buffers changed since their last publish: always answered

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    # -- checks --------------------------------------------------------------------------
    def schedule(self, path: str, delay: float) -> None:
        for root in self.ws.roots_of(path):
            handle = self.pending.pop(root, None)
            if handle is not None:
                handle.cancel()
            loop = asyncio.get_running_loop()
            self.pending[root] = loop.call_later(delay, self.run_check, root)

    def run_check(self, root: str) -> None:
        self.pending.pop(root, None)
        try:
            state = self.ws.check(root)
        except OrglintError as exc:
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=f"orglint: {exc}")
            )
            return
        except Exception:
            self.log(
                f"orglint: checking {root} failed:\n{traceback.format_exc()}",
                types.MessageType.Error,
            )
            return
        self.publish(root, publish_sets(self.ws, state))

    def publish(self, root: str, sets: dict[str, list[types.Diagnostic]]) -> None:
        for uri in set(sets) | {u for u, by in self.published.items() if root in by}:
            by_root = self.published.setdefault(uri, {})
            if uri in sets:
                by_root[root] = sets[uri]
            else:
                by_root.pop(root, None)
            merged = [d for diags in by_root.values() for d in diags]
            if self.sent.get(uri) == merged and uri not in self.edited:
                continue  # unchanged: an edit in one file of a large org leaves most as they were
            self.sent[uri] = merged
            self.edited.discard(uri)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=merged)
            )

    # -- requests ------------------------------------------------------------------------
    def at(self, uri: str) -> tuple[OrgState, FileIndex] | None:
        path = to_fs_path(uri)
        if path is None:
            return None
        state = self.ws.state_for(path)
        if state is None:
            return None
        doc = state.document(path)
        if doc is None or not doc.parsed:
            return None
        return state, self.ws.index(doc)


server = OrgServer()


def guarded(default: Any = None) -> Callable:
    """Log an exception to the client and answer ``default``: a bug in one request must
    not take the server down (a JSON-RPC error the handler raises on purpose still goes back)."""

    def wrap(handler: Callable) -> Callable:
        @functools.wraps(handler)
        def run(ls: OrgServer, params: Any) -> Any:
            try:
                return handler(ls, params)
            except JsonRpcException:
                raise
            except Exception:
                ls.log(
                    f"orglint: {handler.__name__} failed:\n{traceback.format_exc()}",
                    types.MessageType.Error,
                )
                return default

        return run

    return wrap


@server.feature(types.EXIT)
def on_exit(ls: OrgServer, params: Any) -> None:
    """Leave at once, as LSP's `exit` asks: pygls then waits for its thread reading stdin,
    which blocks while the client keeps the pipe open, and the process would linger."""
    import sys

    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    os._exit(0 if getattr(ls.protocol, "_shutdown", True) else 1)


@server.feature(types.INITIALIZE)
@guarded()
def initialize(ls: OrgServer, params: types.InitializeParams) -> None:
    options = params.initialization_options or {}
    if isinstance(options, dict):
        ls.debounce = float(options.get("debounce", DEBOUNCE * 1000)) / 1000
        ls.record_previous = bool(options.get("renameRecordsPrevious", False))
    ls.ws.encoding = ls.workspace.position_encoding or types.PositionEncodingKind.Utf16


def _buffer(ls: OrgServer, uri: str) -> str | None:
    path = to_fs_path(uri)
    if path is None:
        return None
    ls.edited.add(uri)
    ls.ws.buffers.open[os.path.realpath(path)] = ls.workspace.get_text_document(uri).source.encode(
        "utf-8"
    )
    return path


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded()
def did_open(ls: OrgServer, params: types.DidOpenTextDocumentParams) -> None:
    path = _buffer(ls, params.text_document.uri)
    if path is not None:
        ls.schedule(path, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@guarded()
def did_change(ls: OrgServer, params: types.DidChangeTextDocumentParams) -> None:
    path = _buffer(ls, params.text_document.uri)
    if path is not None:
        ls.schedule(path, ls.debounce)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@guarded()
def did_close(ls: OrgServer, params: types.DidCloseTextDocumentParams) -> None:
    path = to_fs_path(params.text_document.uri)
    if path is not None:
        ls.ws.buffers.open.pop(os.path.realpath(path), None)
        ls.schedule(path, 0)  # the file on disk counts again


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@guarded()
def did_change_files(ls: OrgServer, params: types.DidChangeWatchedFilesParams) -> None:
    for change in params.changes:
        path = to_fs_path(change.uri)
        if path is not None and path.endswith((".yaml", ".yml")):
            ls.schedule(path, ls.debounce)


@server.feature(types.TEXT_DOCUMENT_HOVER)
@guarded()
def hover(ls: OrgServer, params: types.HoverParams) -> types.Hover | None:
    found = ls.at(params.text_document.uri)
    if found is None:
        return None
    return navigation.hover(ls.ws, *found, params.position)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@guarded()
def definition(ls: OrgServer, params: types.DefinitionParams) -> types.Location | None:
    found = ls.at(params.text_document.uri)
    return navigation.definition(ls.ws, *found, params.position) if found else None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
@guarded()
def references(ls: OrgServer, params: types.ReferenceParams) -> list[types.Location] | None:
    found = ls.at(params.text_document.uri)
    if found is None:
        return None
    declaration = params.context.include_declaration
    return navigation.references(ls.ws, *found, params.position, declaration)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@guarded()
def document_symbols(
    ls: OrgServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol] | None:
    found = ls.at(params.text_document.uri)
    return navigation.symbols(found[1]) if found else None


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=[":", " ", "[", ",", "-"]),
)
@guarded()
def complete(ls: OrgServer, params: types.CompletionParams) -> types.CompletionList | None:
    uri = params.text_document.uri
    path = to_fs_path(uri)
    state = ls.ws.state_for(path) if path else None
    if state is None:
        return None  # a YAML file of no org (a CI workflow, a chart): not ours to complete
    text = ls.workspace.get_text_document(uri).source
    lines = Lines(text, ls.ws.encoding)
    char = lines.to_chars(params.position.line, params.position.character)
    ids = ls.ws.known_ids(state)
    names = {i: getattr(e.value, "name", None) for i, e in state.result.org.entities.items()}
    items = completion.complete(
        text, params.position.line, char, ids, names, ls.ws.all_rules(), state.config.skill_aliases
    )
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
@guarded()
def prepare_rename(
    ls: OrgServer, params: types.PrepareRenameParams
) -> types.PrepareRenamePlaceholder | None:
    found = ls.at(params.text_document.uri)
    return rename.prepare(found[1], params.position) if found else None


@server.feature(types.TEXT_DOCUMENT_RENAME)
@guarded()
def rename_id(ls: OrgServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    found = ls.at(params.text_document.uri)
    if found is None:
        return None
    return rename.rename(ls.ws, *found, params.position, params.new_name, ls.record_previous)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
@guarded(default=[])
def code_actions(ls: OrgServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    path = to_fs_path(params.text_document.uri)
    if not path:
        return []
    state = ls.ws.state_for(path)
    if state is None:
        return []
    return actions.actions(ls.ws, state, path, params.range)


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    server.start_io()
