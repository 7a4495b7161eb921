"""Completion from the line being typed: ids by the kind a reference field takes, skills,
enum values, and rule codes inside `# orglint: ignore[...]`.

It reads the editor's text, not the parsed document, so it works in a file that does not
parse yet; the ids come from the latest check (or the last complete one)."""

from __future__ import annotations

import re
from typing import get_args

from lsprotocol import types

from orglint.resolve.org import REFERENCES
from orglint.resolve.skills import BUILTIN_ALIASES, CANONICAL_SKILLS
from orglint.rules import Rule
from orglint.validate import spec

_KEY_VALUE = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_ITEM = re.compile(r"^(\s*)-(?:\s+(.*))?$")
_KEY_ONLY = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_][\w-]*)\s*:\s*(?:#.*)?$")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_CODES = re.compile(r"#\s*orglint:\s*(?:file-)?ignore\s*\[[^\]]*$")

# field -> the kinds of id it takes
TARGETS: dict[str, tuple[str, ...]] = {
    name: kinds for fields in REFERENCES.values() for name, kinds in fields.items()
}
TARGETS["escalation"] = ("team", "person")
ENUMS = {
    "type": get_args(spec.TeamType),
    "engagement": get_args(spec.Engagement),
    "business": get_args(spec.Business),
    "kind": get_args(spec.KpiKind),
}
STAGES = {"org": get_args(spec.Stage), "models": get_args(spec.ModelStage)}
BOOLEANS = ("available_in_production", "user_facing", "drift")
SECTIONS = ("people", "teams", "data", "models")


def context(lines: list[str], line: int, before: str) -> tuple[str, str] | None:
    """(what to complete, field) at the cursor: ("codes", ""), ("value", key) or None."""
    if _CODES.search(before):
        return "codes", ""
    if "#" in before:
        return None
    found = _KEY_VALUE.match(before)
    if found:
        rest = found.group(3)
        if rest.startswith("[") or not any(c in rest for c in "{}\"'"):
            return "value", found.group(2)
        return None
    item = _ITEM.match(before)
    if item and ":" not in (item.group(2) or ""):
        parent = _parent_key(lines, line, len(item.group(1)))
        if parent and parent not in SECTIONS:
            return "value", parent
    return None


def _parent_key(lines: list[str], line: int, indent: int) -> str | None:
    """The key a block list item at ``indent`` belongs to (`members:` above `- mya`)."""
    for index in range(line - 1, -1, -1):
        text = lines[index].rstrip()
        stripped = text.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(text) - len(stripped)
        if stripped.startswith("-") and depth == indent:
            continue  # a sibling item
        key = _KEY_ONLY.match(text)
        if key and depth <= indent:
            return key.group(2)
        if depth <= indent:
            return None
    return None


def section(lines: list[str], line: int) -> str | None:
    for index in range(line, -1, -1):
        found = _TOP_KEY.match(lines[index])
        if found:
            return found.group(1)
    return None


def complete(
    text: str,
    pos_line: int,
    char: int,
    ids: dict[str, str],
    names: dict[str, str | None],
    rules: dict[str, Rule],
    aliases: dict[str, str],
) -> list[types.CompletionItem]:
    lines = text.split("\n")
    current = lines[pos_line] if pos_line < len(lines) else ""
    found = context(lines, pos_line, current[:char])
    if found is None:
        return []
    what, key = found
    if what == "codes":
        return [
            types.CompletionItem(
                label=code,
                kind=types.CompletionItemKind.Constant,
                detail=f"{rule.name} ({rule.severity})",
                documentation=rule.summary,
            )
            for code, rule in sorted(rules.items())
        ]
    if key in TARGETS:
        kinds = TARGETS[key]
        return [
            types.CompletionItem(
                label=ident,
                kind=types.CompletionItemKind.Reference,
                detail=kind + (f": {names[ident]}" if names.get(ident) else ""),
            )
            for ident, kind in sorted(ids.items())
            if kind in kinds
        ]
    if key == "skills":
        every = dict.fromkeys(CANONICAL_SKILLS, "canonical skill")
        for alias, target in {**BUILTIN_ALIASES, **aliases}.items():
            every.setdefault(alias, f"alias of `{target}`")
        return [
            types.CompletionItem(label=name, kind=types.CompletionItemKind.Value, detail=detail)
            for name, detail in every.items()
        ]
    values: tuple = ()
    if key in ENUMS:
        values = ENUMS[key]
    elif key == "stage":
        values = STAGES.get(section(lines, pos_line) or "", ())
    elif key in BOOLEANS:
        values = ("true", "false")
    return [types.CompletionItem(label=v, kind=types.CompletionItemKind.EnumMember) for v in values]
