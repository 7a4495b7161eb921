"""The wording of ORG002: what is wrong with a value and what to write instead."""

from __future__ import annotations

import difflib
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError

from orglint.findings import Finding, Location, org_finding
from orglint.read.load import field_location, location
from orglint.read.parse import YList, YMap
from orglint.validate.schema import KINDS
from orglint.validate.spec import ID_RE

# a path into an entity, as pydantic gives it: keys and list indexes
Loc = tuple[str | int, ...]


def label(kind: str, ident: object) -> str:
    return f"{kind} `{ident}`" if isinstance(ident, str) and ID_RE.match(ident) else f"this {kind}"


def unknown_keys(path: str, node: YMap, cls: type[BaseModel], where: str) -> list[Finding]:
    fields = cls.model_fields
    return [
        unknown_key(path, node, key, tuple(fields), where)
        for key in node
        if key not in fields and not key.startswith("x-")
    ]


def unknown_key(path: str, node: YMap, key: str, allowed: tuple[str, ...], where: str) -> Finding:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = (
        f"did you mean `{close[0]}`?"
        if close
        else f"allowed keys: {', '.join(f'`{k}`' for k in allowed)}"
    )
    start = node.pos[key][0]
    end = start + len(key)
    ident = node.get("id") if isinstance(node.get("id"), str) else None
    return org_finding(
        "ORG002",
        f"unknown key `{key}` {where}: {hint} (use an `x-` prefix for your own annotations)",
        location(path, start, end),
        ident,
        key,
    )


def errors(
    path: str, node: YMap, exc: ValidationError, cls: type[BaseModel], label: str, ident: str | None
) -> list[Finding]:
    out = []
    seen: set[Loc] = set()
    for err in exc.errors(include_url=False):
        loc: Loc = tuple(err["loc"])
        if err["type"] in ("union_tag_invalid",):
            continue
        # pydantic adds the type's name to the path of some errors, e.g. ('kpis', 0, 'list[Kpi]')
        loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p in _TYPE_TAGS)))
        if loc in seen or (err["type"] == "missing" and _refused(node, loc)):
            continue
        seen.add(loc)
        where, value_node, value = _walk(path, node, loc)
        out.append(
            org_finding(
                "ORG002",
                _message(dict(err), loc, cls, label, value, value_node),
                where,
                ident,
                str(loc[0]) if loc else None,
            )
        )
    return out


def _refused(node: YMap, loc: Loc) -> bool:
    """The value at ``loc`` was written but refused by the reader (ORG001 says why)."""
    if not loc:
        return False
    _, parent, _ = _walk("", node, loc[:-1])
    return isinstance(parent, YMap) and loc[-1] in parent.pos and loc[-1] not in parent


_TYPE_TAGS = {"str", "int", "bool", "list", "dict", "none", "function-after", "literal"}


def _walk(path: str, node: YMap, loc: Loc) -> tuple[Location, Any, Any]:
    """Location of the value at ``loc`` (the containing mapping's start when missing)."""
    current: Any = node
    where = location(path, node.start)
    for part in loc:
        if isinstance(current, YMap) and isinstance(part, str) and part in current:
            where = field_location(path, current, part)
            current = current[part]
        elif isinstance(current, YList) and isinstance(part, int) and part < len(current):
            start, end = current.pos[part]
            where = location(path, start, end)
            current = current[part]
        else:
            return where, None, _MISSING
    return where, current, current


_MISSING = object()


def _message(
    err: dict[str, Any], loc: Loc, cls: type[BaseModel], label: str, value: Any, node: Any
) -> str:
    kind = err["type"]
    name = ".".join(str(p) for p in loc) or "value"
    field_name = next((p for p in reversed(loc) if isinstance(p, str)), None)
    if kind == "missing" or value is _MISSING:
        choices = _choices_for(cls, loc)
        extra = f" (one of: {', '.join(choices)})" if choices else ""
        return f"{label} is missing required `{name}`{extra}"
    if kind == "literal_error":
        choices = _choices_for(cls, loc)
        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        return (
            f"`{name}: {show(value)}` in {label} is not allowed: use one of "
            f"{', '.join(f'`{c}`' for c in choices)}{hint}"
        )
    if kind == "string_pattern_mismatch" or (kind == "string_too_long" and field_name == "id"):
        return (
            f"malformed id `{show(value)}` in {label}: ids use lowercase letters, digits, "
            "`.`, `_` and `-`, start with a letter or digit, at most 64 characters "
            f"(e.g. `{_suggest_id(value)}`)"
        )
    expected = _EXPECTED.get(kind)
    if expected:
        what = expected
        if field_name in _REF_FIELDS:
            what += f" ({_REF_FIELDS[field_name]})"
        return f"`{name}` in {label} must be {what}, not {type_name(value)} `{show(value)}`"
    return f"`{name}` in {label}: {err['msg']}"


_EXPECTED = {
    "string_type": "a string",
    "bool_type": "`true` or `false`",
    "list_type": "a list",
    "model_type": "a mapping",
    "dict_type": "a mapping",
    "model_attributes_type": "a mapping",
    "int_type": "a whole number",
    "literal_error": "one of the allowed values",
}
_REF_FIELDS = {
    "reports_to": "a person id",
    "lead": "a person id",
    "members": "a list of person ids",
    "parent": "a team id",
    "embedded_in": "a team id",
    "works_with": "a list of team ids",
    "owner": "a team id",
    "built_by": "a team id",
    "owned_by": "a team id",
    "deployed_by": "a team id",
    "data": "a list of data ids",
    "escalation": "a list of team or person ids",
    "skills": "a list of skill names",
}


def _choices_for(cls: type[BaseModel], loc: Loc) -> list[str]:
    current: Any = cls
    annotation = None
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        annotation = info.annotation
        current = _unwrap(annotation)
    return [str(a) for a in get_args(current)] if get_origin(current) is Literal else []


def _unwrap_model(annotation: Any) -> Any:
    """`Optional[list[Kpi]]` -> `Kpi`; anything that is not a model comes back as is."""
    while get_origin(annotation) is not None:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if not args or get_origin(annotation) is Literal:
            break
        annotation = args[0]
    return annotation


# Mappings inside an entity (team `kpis` items, model `monitoring`), by entity class.
NESTED: dict[type[BaseModel], dict[str, type[BaseModel]]] = {
    cls: {
        name: sub
        for name, info in cls.model_fields.items()
        if isinstance(sub := _unwrap_model(info.annotation), type) and issubclass(sub, BaseModel)
    }
    for _, cls in KINDS.values()
}


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is not None and get_origin(annotation) is not Literal:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if not args:
            break
        annotation = args[0]
    return annotation


def _suggest_id(value: object) -> str:
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9._-]+", "-", ascii_text.lower()).strip("-._")[:64]
    return text or "my-id"


def type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def show(value: object, limit: int = 60) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        text = "[...]" if isinstance(value, list) else "{...}"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
