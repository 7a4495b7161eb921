"""Rename an id in every file of its org as one workspace edit, optionally recording the
old id in the entity's `previously` list (ORG-FORMAT.md, Renames)."""

from __future__ import annotations

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from orglint.read.parse import YList, YMap, unpack
from orglint.server.diagnostics import uri
from orglint.server.index import FileIndex
from orglint.server.navigation import mention_at
from orglint.server.state import OrgState, Workspace
from orglint.server.text import Lines
from orglint.validate.spec import ID_RE


def prepare(index: FileIndex, pos: types.Position) -> types.PrepareRenamePlaceholder | None:
    mention = mention_at(index, pos)
    if mention is None:
        return None
    return types.PrepareRenamePlaceholder(
        range=index.lines.range(mention.start, mention.end), placeholder=mention.ident
    )


def rename(
    ws: Workspace,
    state: OrgState,
    index: FileIndex,
    pos: types.Position,
    new: str,
    record_previous: bool,
) -> types.WorkspaceEdit | None:
    mention = mention_at(index, pos)
    if mention is None:
        return None
    old = mention.ident
    if new == old:
        return types.WorkspaceEdit(changes={})
    if not ID_RE.match(new):
        raise JsonRpcInvalidParams(
            f"`{new}` is not a valid id: ids use lowercase letters, digits, `.`, `_` and `-`, "
            "start with a letter or digit, at most 64 characters"
        )
    taken = state.result.org.entities.get(new)
    if taken is not None:
        raise JsonRpcInvalidParams(
            f"`{new}` is already the id of a {taken.kind} ({taken.path}); choose another id"
        )
    changes: dict[str, list[types.TextEdit]] = {}
    for other in ws.indexes_of(state):
        for m in other.mentions:
            if m.ident == old:
                edit = types.TextEdit(other.lines.range(m.start, m.end), new)
                changes.setdefault(uri(other.path), []).append(edit)
    entity = state.result.org.entities.get(old)
    if record_previous and entity is not None:
        lines = ws.lines(state.document(entity.path))
        previous = _previously(entity.node, old, lines)
        if previous is not None:
            changes.setdefault(uri(entity.path), []).append(previous)
    return types.WorkspaceEdit(changes=changes)


def _previously(node: YMap, old: str, lines: Lines) -> types.TextEdit | None:
    """Add ``old`` to the entity's `previously`, or write `previously: [old]` under `id`."""
    if "previously" in node:
        value = node["previously"]
        _, vstart, vend = node.pos["previously"]
        if not isinstance(value, YList):
            return None
        line, col = unpack(vstart)
        if lines.line(line - 1)[col - 1 : col] == "[":  # a flow list: add before `]`
            end_line, end_col = unpack(vend)
            at = lines.position(end_line, end_col - 1)
            return types.TextEdit(types.Range(at, at), f", {old}" if len(value) else old)
        item_line, _ = unpack(value.pos[len(value) - 1][0]) if len(value) else (0, 0)
        if not item_line:
            return None
        text = lines.line(item_line - 1)
        indent = text[: len(text) - len(text.lstrip())]
        at = types.Position(item_line, 0)
        return types.TextEdit(types.Range(at, at), f"{indent}- {old}\n")
    kstart = node.pos["id"][0]
    line, col = unpack(kstart)
    text = lines.line(line - 1)
    head = text[: col - 1]
    if head.strip() not in ("", "-"):  # a flow mapping `{id: ...}`: leave it to the user
        return None
    at = types.Position(line, 0)
    return types.TextEdit(types.Range(at, at), f"{' ' * (col - 1)}previously: [{old}]\n")
