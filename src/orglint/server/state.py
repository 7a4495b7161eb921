"""The server's view of the workspace: open buffers, each org's root, its latest check,
and the parsed documents and id indexes that later checks reuse."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from orglint.config import Config, config_file, load_config
from orglint.errors import OrglintError
from orglint.findings import Finding
from orglint.pipeline import Result, check_root
from orglint.read.discover import including_roots
from orglint.read.load import Document, Files, Loaded, is_root_file
from orglint.read.parse import Limits
from orglint.rules import Rule, load_rules
from orglint.server.index import FileIndex, build
from orglint.server.text import Lines


class Buffers(Files):
    """The loader's sources for the server: an open buffer wins over the file on disk, and
    a file whose bytes did not change keeps its parsed document (only the edited file is
    parsed again)."""

    def __init__(self) -> None:
        self.open: dict[str, bytes] = {}  # real path -> unsaved contents
        self.parsed: dict[tuple[str, bool], tuple[bytes, Document, list[Finding]]] = {}
        self.validated: dict = {}

    def read(
        self, path: Path, limits: Limits, loaded: Loaded | None = None
    ) -> tuple[bytes | None, str | None]:
        text = self.open.get(os.path.realpath(path))
        if text is not None:
            return text, None
        return super().read(path, limits, loaded)

    def document(
        self,
        path: str,
        data: bytes,
        limits: Limits,
        is_root: bool = True,
        loaded: Loaded | None = None,
    ) -> tuple[Document, list[Finding]]:
        key = (path, is_root)
        hit = self.parsed.get(key)
        if hit is not None and hit[0] == data:
            return hit[1], list(hit[2])
        doc, findings = super().document(path, data, limits, is_root, loaded)
        self.parsed[key] = (data, doc, list(findings))
        return doc, findings

    def keep_only(self, paths: set[str]) -> None:
        """Forget documents no org holds any more (memory stays bounded over edits)."""
        for key in [k for k in self.parsed if k[0] not in paths]:
            del self.parsed[key]
        for path in [p for p in self.validated if p not in paths]:
            del self.validated[path]


@dataclass
class OrgState:
    root: str
    config: Config
    result: Result
    by_path: dict[str, Document] = field(default_factory=dict)  # real path -> document

    def document(self, path: str) -> Document | None:
        return self.by_path.get(os.path.realpath(path))


class Workspace:
    def __init__(self, encoding: str = "utf-16") -> None:
        self.encoding = encoding
        self.buffers = Buffers()
        self.orgs: dict[str, OrgState] = {}  # real root path -> latest check
        self.good: dict[str, OrgState] = {}  # the latest check that read every file
        self.rules: dict[tuple, dict[str, Rule]] = {}
        self.indexes: dict[str, tuple[Document, FileIndex]] = {}
        self.texts: dict[str, tuple[Document, Lines]] = {}

    # -- which org a file belongs to ---------------------------------------------------
    def roots_of(self, path: str) -> list[str]:
        """The roots holding ``path``: itself when it is a root (by its unsaved contents),
        the orgs already checked that include it, else the roots on disk whose `include`
        matches it (as `orglint check FRAGMENT` finds them)."""
        real = os.path.realpath(path)
        text = self.buffers.open.get(real)
        if text is None:
            try:
                text = Path(real).read_bytes()
            except OSError:
                text = b""
        if is_root_file(text):
            return [real]
        known = [root for root, state in self.orgs.items() if real in state.by_path]
        if known:
            return known
        return [os.path.realpath(r) for r in including_roots(real)]

    def all_rules(self) -> dict[str, Rule]:
        found: dict[str, Rule] = {}
        for rules in self.rules.values():
            found.update(rules)
        return found or self._rules(())

    def _rules(self, dirs) -> dict[str, Rule]:
        key = tuple(map(str, dirs))
        if key not in self.rules:
            self.rules[key] = load_rules(dirs)
        return self.rules[key]

    # -- checking ----------------------------------------------------------------------
    def check(self, root: str) -> OrgState:
        """Check the org of ``root`` with the buffers as they are now (raises OrglintError
        for a broken configuration)."""
        config = load_config(config_file(root))
        rules = self._rules(config.rule_dirs)
        result = check_root(root, config, rules, files=self.buffers)
        state = OrgState(root, config, result)
        state.by_path = {os.path.realpath(d.path): d for d in result.loaded.documents}
        self.orgs[root] = state
        if result.loaded.complete:
            self.good[root] = state
        self._forget_unused()
        return state

    def _forget_unused(self) -> None:
        paths = {d.path for s in self.orgs.values() for d in s.result.loaded.documents}
        paths |= {d.path for s in self.good.values() for d in s.result.loaded.documents}
        self.buffers.keep_only(paths)
        for table in (self.indexes, self.texts):
            for path in [p for p in table if p not in paths]:
                del table[path]

    def state_for(self, path: str) -> OrgState | None:
        """The latest check of an org holding ``path``, checking it once if none ran yet."""
        roots = self.roots_of(path)
        for root in roots:
            if root in self.orgs:
                return self.orgs[root]
        for root in roots:
            try:
                return self.check(root)
            except OrglintError:
                continue
        return None

    def index(self, doc: Document) -> FileIndex:
        hit = self.indexes.get(doc.path)
        if hit is not None and hit[0] is doc:
            return hit[1]
        built = build(doc, self.lines(doc))
        self.indexes[doc.path] = (doc, built)
        return built

    def lines(self, doc: Document | None) -> Lines:
        if doc is None:
            return Lines(b"", self.encoding)
        hit = self.texts.get(doc.path)
        if hit is not None and hit[0] is doc:
            return hit[1]
        lines = Lines(doc.text, self.encoding)
        self.texts[doc.path] = (doc, lines)
        return lines

    def indexes_of(self, state: OrgState) -> list[FileIndex]:
        return [self.index(doc) for doc in state.result.loaded.documents if doc.parsed]

    def known_ids(self, state: OrgState) -> dict[str, str]:
        """id -> kind, from the latest check, or the last complete one while a file is
        half-typed (its ids would otherwise vanish from completion)."""
        ids = {i: e.kind for i, e in state.result.org.entities.items()}
        good = self.good.get(state.root)
        if good is not None and good is not state:
            for ident, entity in good.result.org.entities.items():
                ids.setdefault(ident, entity.kind)
        return ids
