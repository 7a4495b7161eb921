"""Code actions: the did-you-mean fixes (ORG004 references, ORG002 enum values and unknown
keys, SKL007 misspelt skills) and "suppress with a reason" for any rule finding."""

from __future__ import annotations

import re

from lsprotocol import types

from orglint.findings import Finding
from orglint.read.parse import unpack
from orglint.server.diagnostics import diagnostic, uri
from orglint.server.state import OrgState, Workspace
from orglint.server.text import Lines
from orglint.suppress.add import PLACEHOLDER

FIXABLE = ("ORG002", "ORG004", "SKL007")
# ORG002/ORG004 say "did you mean `x`?"; SKL007's wording is its rule's to choose
_SUGGESTION = re.compile(r"(?:did you mean|meant|intended|probably|is it) `([^`]+)`")
_IGNORE = re.compile(r"#\s*orglint:\s*ignore\s*\[([^\]]*)\]")


def suggestion(finding: Finding) -> str | None:
    """The replacement a finding proposes, from its message (`did you mean `x`?`)."""
    found = _SUGGESTION.search(finding.message)
    return found.group(1) if found else None


def overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)


def actions(
    ws: Workspace, state: OrgState, path: str, wanted: types.Range
) -> list[types.CodeAction]:
    doc = state.document(path)
    if doc is None:
        return []
    lines = ws.lines(doc)
    rules = {**ws.all_rules(), **state.result.selected}
    out = []
    for finding in state.result.active:
        if finding.path != doc.path:
            continue
        rng = lines.location_range(finding.location)
        if not overlaps(rng, wanted):
            continue
        diag = diagnostic(finding, lines, rules, ws, state)
        fix = quick_fix(finding, lines)
        if fix is not None:
            fix.diagnostics = [diag]
            out.append(fix)
        suppress = suppression(ws, state, finding)
        if suppress is not None:
            suppress.diagnostics = [diag]
            out.append(suppress)
    return out


def quick_fix(finding: Finding, lines: Lines) -> types.CodeAction | None:
    if finding.code not in FIXABLE:
        return None
    new = suggestion(finding)
    if new is None:
        return None
    rng = _unquoted(lines, lines.location_range(finding.location))
    edit = types.TextEdit(rng, new)
    return types.CodeAction(
        title=f"Replace with `{new}`",
        kind=types.CodeActionKind.QuickFix,
        is_preferred=True,
        edit=types.WorkspaceEdit(changes={uri(finding.path): [edit]}),
    )


def _unquoted(lines: Lines, rng: types.Range) -> types.Range:
    text = lines.line(rng.start.line)
    start = lines.to_chars(rng.start.line, rng.start.character)
    if rng.start.line == rng.end.line and text[start : start + 1] in ("'", '"'):
        return types.Range(
            types.Position(rng.start.line, rng.start.character + 1),
            types.Position(rng.end.line, rng.end.character - 1),
        )
    return rng


def suppression(ws: Workspace, state: OrgState, finding: Finding) -> types.CodeAction | None:
    """`# orglint: ignore[CODE] -- reason` on the entity's `- id:` line (or joined to the
    comment already there); `file-ignore` at the top for a finding without an entity."""
    if finding.code.startswith(("ORG", "SUP")):
        return None  # broken input cannot be suppressed; a suppression's own finding neither
    code = finding.code
    entity = state.result.org.entities.get(finding.entity) if finding.entity else None
    title = f"Suppress {code} with a reason"
    if entity is None:
        at = types.Position(0, 0)
        edit = types.TextEdit(
            types.Range(at, at), f"# orglint: file-ignore[{code}] -- {PLACEHOLDER}\n"
        )
        target = finding.path
    else:
        target = entity.path
        lines = ws.lines(state.document(entity.path))
        line = unpack(entity.node.start)[0] - 1
        text = lines.line(line)
        existing = _IGNORE.search(text)
        if existing:
            if code in [t.strip() for t in existing.group(1).split(",")]:
                return None
            at = types.Position(line, lines.to_units(line, existing.end(1)))
            edit = types.TextEdit(types.Range(at, at), f",{code}")
        elif "#" in text:
            indent = text[: len(text) - len(text.lstrip())]
            at = types.Position(line, 0)
            edit = types.TextEdit(
                types.Range(at, at), f"{indent}# orglint: ignore[{code}] -- {PLACEHOLDER}\n"
            )
        else:
            at = types.Position(line, lines.to_units(line, len(text)))
            edit = types.TextEdit(
                types.Range(at, at), f"  # orglint: ignore[{code}] -- {PLACEHOLDER}"
            )
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        edit=types.WorkspaceEdit(changes={uri(target): [edit]}),
    )
