"""Hover, go to definition, find references and the document outline."""

from __future__ import annotations

import re
from typing import Any

from lsprotocol import types

from orglint.resolve.org import Org
from orglint.server.diagnostics import uri
from orglint.server.index import FileIndex, Mention
from orglint.server.state import OrgState, Workspace
from orglint.server.text import Lines, contains, unquoted

_SUPPRESSION = re.compile(r"#\s*orglint:\s*(?:file-)?ignore\s*\[([^\]]*)\]?")
SYMBOL_KINDS = {
    "person": types.SymbolKind.Object,
    "team": types.SymbolKind.Class,
    "data": types.SymbolKind.File,
    "model": types.SymbolKind.Function,
}


def mention_at(index: FileIndex, pos: types.Position) -> Mention | None:
    for mention in index.mentions:
        if contains(index.lines.range(mention.start, mention.end), pos):
            return mention
    return None


def definition_location(ws: Workspace, state: OrgState, ident: str) -> types.Location | None:
    entity = state.result.org.entities.get(ident)
    if entity is None or "id" not in entity.node:
        return None
    lines = ws.lines(state.document(entity.path))
    _, vstart, vend = entity.node.pos["id"]
    vstart, vend = unquoted(lines, vstart, vend)
    return types.Location(uri=uri(entity.path), range=lines.range(vstart, vend))


def definition(
    ws: Workspace, state: OrgState, index: FileIndex, pos: types.Position
) -> types.Location | None:
    mention = mention_at(index, pos)
    if mention is None:
        return None
    return definition_location(ws, state, mention.ident)


def references(
    ws: Workspace, state: OrgState, index: FileIndex, pos: types.Position, declaration: bool
) -> list[types.Location] | None:
    mention = mention_at(index, pos)
    if mention is None:
        return None
    out = []
    for other in ws.indexes_of(state):
        for m in other.mentions:
            if m.ident == mention.ident and (declaration or not m.is_definition):
                out.append(
                    types.Location(uri=uri(other.path), range=other.lines.range(m.start, m.end))
                )
    return out


def symbols(index: FileIndex) -> list[types.DocumentSymbol]:
    lines = index.lines
    out = []
    for sym in index.symbols:
        whole = lines.range(sym.start, sym.end)
        chosen = lines.range(sym.id_start, sym.id_end)
        if (whole.end.line, whole.end.character) < (chosen.end.line, chosen.end.character):
            whole = types.Range(whole.start, chosen.end)
        out.append(
            types.DocumentSymbol(
                name=sym.ident,
                detail=f"{sym.kind}" + (f": {sym.name}" if sym.name else ""),
                kind=SYMBOL_KINDS[sym.kind],
                range=whole,
                selection_range=chosen,
            )
        )
    return out


# -- hover ------------------------------------------------------------------------------


def hover(
    ws: Workspace, state: OrgState, index: FileIndex, pos: types.Position
) -> types.Hover | None:
    on_rule = rule_hover(ws, index.lines, pos)
    rng: types.Range | None
    if on_rule is None:
        mention = mention_at(index, pos)
        if mention is None:
            return None
        text = describe(state.result.org, mention.ident)
        rng = index.lines.range(mention.start, mention.end)
    else:
        text, rng = on_rule
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=rng
    )


def rule_hover(
    ws: Workspace, lines: Lines, pos: types.Position
) -> tuple[str, types.Range | None] | None:
    """On a code or rule name inside `# orglint: ignore[...]`, the rule's summary."""
    line = lines.line(pos.line)
    found = _SUPPRESSION.search(line)
    if not found:
        return None
    char = lines.to_chars(pos.line, pos.character)
    start = found.start(1)
    for token in found.group(1).split(","):
        end = start + len(token)
        word = token.strip()
        if start <= char <= end and word:
            rules = ws.all_rules()
            rule = rules.get(word.upper()) or next(
                (r for r in rules.values() if r.name == word), None
            )
            if rule is None:
                return f"`{word}` names no rule (see `orglint rule --all`)", None
            left = start + len(token) - len(token.lstrip())
            rng = types.Range(
                types.Position(pos.line, lines.to_units(pos.line, left)),
                types.Position(pos.line, lines.to_units(pos.line, left + len(word))),
            )
            return f"**{rule.code} {rule.name}** ({rule.severity})\n\n{rule.summary}", rng
        start = end + 1
    return None


def _ids(ids) -> str:
    return ", ".join(f"`{i}`" for i in ids) if ids else "none"


def describe(org: Org, ident: str) -> str:
    """What an id is, in a few lines of Markdown."""
    entity = org.entities.get(ident)
    if entity is None:
        return f"`{ident}`: no person, team, data asset or model has this id"
    kind = entity.kind
    tables: dict[str, dict[str, Any]] = {
        "person": org.people,
        "team": org.teams,
        "data": org.data,
        "model": org.models,
    }
    value = tables[kind].get(ident)
    head = f"**{kind}** `{ident}`"
    name = getattr(value, "name", None)
    if name:
        head += f": {name}"
    lines = [head]
    if value is None:
        lines.append(f"(has errors: see the ORG002 findings in {entity.path})")
        return "\n\n".join(lines)
    if kind == "person":
        if value.title:
            lines.append(f"title: {value.title}")
        boss = value.reports_to
        lines.append(f"manager: {_ids([boss]) if boss else 'none (top of the org)'}")
        lines.append(f"teams: {_ids(org.teams_of.get(ident, ()))}")
        lines.append(f"direct reports: {len(org.reports.get(ident, []))}")
    elif kind == "team":
        lines.append(f"type: {value.type}")
        lines.append(f"lead: {_ids([value.lead]) if value.lead else 'none'}")
        lines.append(f"members: {len(org.members.get(ident, []))}")
        if value.parent:
            lines.append(f"parent: `{value.parent}`")
        for label, table in (("builds", org.builds), ("owns", org.owns), ("deploys", org.deploys)):
            if table.get(ident):
                lines.append(f"{label}: {_ids(table[ident])}")
    elif kind == "data":
        lines.append(f"owner: {_ids([value.owner]) if value.owner else 'none'}")
        lines.append(f"read by models: {_ids(org.read_by.get(ident, []))}")
    else:
        lines.append(f"stage: {value.stage}")
        for label in ("built_by", "owned_by", "deployed_by"):
            team = getattr(value, label)
            if team:
                lines.append(f"{label}: `{team}`")
        if value.data:
            lines.append(f"data: {_ids(value.data)}")
    return "\n\n".join(lines)
