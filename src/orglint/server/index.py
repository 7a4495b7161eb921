"""Where ids are written: each document's definitions and references, with positions.

Built from the parsed document (the same YMap/YList the check used), once per document
version: a document of an unchanged file is the same object after a re-check, so its
index is reused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from orglint.read.load import Document
from orglint.read.parse import YList, YMap
from orglint.resolve.org import REFERENCES
from orglint.server.text import Lines, unquoted

SECTIONS = {"people": "person", "teams": "team", "data": "data", "models": "model"}
ESCALATION = ("monitoring", "escalation")


@dataclass(frozen=True, slots=True)
class Mention:
    """An id written in a file: its definition (``field == "id"``) or a reference."""

    ident: str
    kind: str  # of the entity holding it
    owner: str  # id of the entity holding it
    field: str  # `id`, `reports_to`, `members`, `monitoring.escalation`, ...
    start: int  # packed, quotes excluded
    end: int

    @property
    def is_definition(self) -> bool:
        return self.field == "id"


@dataclass(slots=True)
class Symbol:
    ident: str
    kind: str
    name: str | None
    start: int  # packed: the entity's mapping
    end: int
    id_start: int
    id_end: int


@dataclass
class FileIndex:
    path: str
    lines: Lines
    mentions: list[Mention] = field(default_factory=list)
    symbols: list[Symbol] = field(default_factory=list)


def build(doc: Document, lines: Lines) -> FileIndex:
    out = FileIndex(doc.path, lines)
    root = doc.root
    if not isinstance(root, YMap):
        return out
    for section, kind in SECTIONS.items():
        items = root.get(section)
        if not isinstance(items, YList):
            continue
        for item in items:
            if isinstance(item, YMap):
                _entity(item, kind, out)
    return out


def _entity(node: YMap, kind: str, out: FileIndex) -> None:
    ident = node.get("id")
    if not isinstance(ident, str) or "id" not in node:
        return
    _, vstart, vend = node.pos["id"]
    vstart, vend = unquoted(out.lines, vstart, vend)
    name = node.get("name")
    out.symbols.append(
        Symbol(
            ident,
            kind,
            name if isinstance(name, str) else None,
            node.start,
            node.end,
            vstart,
            vend,
        )
    )
    add = out.mentions.append
    add(Mention(ident, kind, ident, "id", vstart, vend))
    for key in REFERENCES[kind]:
        _refs(node, key, key, ident, kind, out)
    monitoring = node.get("monitoring")
    if kind == "model" and isinstance(monitoring, YMap):
        _refs(monitoring, "escalation", ".".join(ESCALATION), ident, kind, out)


def _refs(node: YMap, key: str, fieldname: str, owner: str, kind: str, out: FileIndex) -> None:
    value = node.get(key)
    if isinstance(value, str) and key in node:
        _, vstart, vend = node.pos[key]
        vstart, vend = unquoted(out.lines, vstart, vend)
        out.mentions.append(Mention(value, kind, owner, fieldname, vstart, vend))
    elif isinstance(value, YList):
        for item, (start, end) in zip(value, value.pos):
            if isinstance(item, str):
                start, end = unquoted(out.lines, start, end)
                out.mentions.append(Mention(item, kind, owner, fieldname, start, end))
