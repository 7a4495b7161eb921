"""Rules as data: YAML rule files with JSON Schema predicates over entity views.

A rule file never runs code: its predicates are JSON Schemas (evaluated by
``jsonschema``) and its message is a template whose ``{placeholders}`` name view fields.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from orglint.errors import RuleFileError
from orglint.findings import SEVERITIES
from orglint.rules import THRESHOLDS, Context, Rule, bounds, describe_check
from orglint.rules.predicate import compile_schema
from orglint.rules.views import FIELDS, VIEW_TYPES, column, org_view

GIVEN = ("people", "teams", "data", "models")

RULE_FILE_SCHEMA = {
    "type": "object",
    "required": ["code", "name", "severity"],
    "additionalProperties": False,
    "patternProperties": {"^x-": {}},
    "properties": {
        "code": {"type": "string", "pattern": "^[A-Z][A-Z0-9]*[0-9]{3}$"},
        "name": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
        "severity": {"enum": list(SEVERITIES)},
        "summary": {"type": "string"},
        "sources": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["file"],
                "additionalProperties": False,
                "properties": {"file": {"type": "string"}, "section": {"type": "string"}},
            },
        },
        "options": {"type": "array", "items": {"enum": sorted(THRESHOLDS)}},
        "docs": {"type": "object", "additionalProperties": {"type": "string"}},
        "implementation": {"enum": ["python", "declarative", "pipeline"]},
        "given": {"enum": list(GIVEN)},
        "where": {"type": ["object", "boolean"]},
        "assert": {"type": ["object", "boolean"]},
        "message": {"type": "string"},
        "points_at": {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
        },
    },
    "if": {"required": ["given"]},
    "then": {"required": ["assert", "message"]},
}

# The source fields each view field depends on: a rule that reads a view field is not
# evaluated on an entity where one of those references did not resolve (RULES.md).
_MODEL_DEPENDS = {
    "built_by": {"built_by"},
    "owned_by": {"owned_by", "built_by"},
    "deployed_by": {"deployed_by", "owned_by", "built_by"},
    "owner_ml_members": {"owned_by", "built_by"},
    "deployer_ml_members": {"deployed_by", "owned_by", "built_by"},
    "deployer_is_builder": {"deployed_by", "owned_by", "built_by"},
    "deployer_collaborates_with_builder": {"deployed_by", "owned_by", "built_by"},
    "data": {"data"},
    "escalation": {"monitoring.escalation"},
}
_TEAM_NEEDS_COMPLETE = {
    # not `ml_team`: a type-ml team is one whatever its members; a missing member can only
    # hide a data team's ML skill, which makes COL001 quieter, never wrong (RULES.md lists
    # COL001 among the rules still evaluated for an incomplete team)
    "ml_presence",
    "derived_members",
    "skills",
    "reachable_skills",
    "ml_members",
    "pm_members",
    "members",
    "size",
    "other_collaborators_have_pm",
    "members_besides_lead",
    "lead_is_only_pm",
}
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.-]*)\}")
_OPTION = re.compile(r"^\$\{([a-z0-9-]+)\}$")
_KEY = re.compile(r"[A-Za-z0-9_$-]{1,40}\Z")  # a key name, quoted in an error; never content


def load_dir(folder: Path, rules: dict[str, Rule], builtin: bool) -> None:
    folder = Path(folder)
    if not folder.is_dir():
        if builtin:
            return
        raise RuleFileError(f"rule-dirs: `{folder}` is not a folder")
    for path in bounds.rule_files(folder):
        load_file(path, rules, builtin)


def load_file(path: Path, rules: dict[str, Rule], builtin: bool) -> Rule | None:
    if builtin:
        try:
            text = path.read_bytes()
            data = yaml.load(text, Loader=yaml.CSafeLoader)
        except (OSError, yaml.YAMLError) as exc:
            raise RuleFileError(f"{path}: cannot read rule file: {exc}") from None
    else:  # bounded, and no error quotes its content (bounds.py)
        data = bounds.read_rule_file(path)
        text = path.read_bytes()  # for the field check's line numbers; read_rule_file bounded it
    if not builtin:  # built-in files are validated by the test suite, not on every run
        validate_rule_file(path, data)
    code = data["code"]
    existing = rules.get(code)
    meta = {
        "summary": data.get("summary", ""),
        "sources": data.get("sources", []),
        "options": data.get("options", []),
        "docs": data.get("docs", {}),
    }
    if builtin:
        _check_file_name(path, data)
    if "given" not in data:
        if existing is not None and builtin:  # the one source of truth of a Python rule
            return _bind(path, data, existing, meta)
        if builtin and code.startswith(("ORG", "SUP")):  # emitted by the pipeline stages
            rule = Rule(
                code, data["name"], data["severity"], **meta, origin="builtin", definition=data
            )
            rules[code] = rule
            return rule
        if builtin:
            raise RuleFileError(
                f"{path}: rule {code} has no `given`/`assert` and no Python rule registers "
                f'it: add `@python_rule("{code}")` in orglint/rules/builtin/ or make the '
                "file declarative"
            )
        raise RuleFileError(
            f"{path}: rule {code} has no `given`/`assert` and no Python "
            "implementation; rule files in `rule-dirs` must be declarative"
        )
    if existing is not None:
        used_by = describe_check(existing) if existing.check and not existing.definition else "rule"
        raise RuleFileError(
            f"{path}: code {code} is already used by {existing.origin} {used_by} "
            f"`{existing.name or code}`; pick another code"
        )
    names = {r.name: r for r in rules.values()}
    if data["name"] in names:
        raise RuleFileError(
            f"{path}: name `{data['name']}` is already used by {names[data['name']].code}"
        )
    check_fields(path, text, data)
    rule = Rule(
        code,
        data["name"],
        data["severity"],
        **meta,
        check=_make_check(data),
        origin="builtin" if builtin else str(path),
        definition=data,
    )
    rules[code] = rule
    return rule


def _check_file_name(path: Path, data: dict) -> None:
    """A built-in rule file is named `<code>-<name>.yaml`, so code and name are found by
    listing the folder and cannot drift from the file's content."""
    want = f"{data['code']}-{data['name']}"
    if path.stem != want:
        raise RuleFileError(
            f"{path}: the file says code {data['code']} and name `{data['name']}`, its name "
            f"says `{path.stem}`: rename the file to `{want}{path.suffix}` or fix its content"
        )


def _bind(path: Path, data: dict, rule: Rule, meta: dict) -> Rule:
    """Give a Python rule its file's metadata; a decorator that says otherwise is an error."""
    if data.get("implementation", "python") != "python":
        raise RuleFileError(
            f"{path}: says `implementation: {data['implementation']}` but "
            f"{describe_check(rule)} implements {rule.code}: say `implementation: python`"
        )
    for key, written in (("name", data["name"]), ("severity", data["severity"])):
        given = getattr(rule, key)
        if given and given != written:
            raise RuleFileError(
                f"{path}: {key} `{written}` differs from {describe_check(rule)}'s `{given}`: "
                "the rule file is the one source; give the decorator only the code"
            )
    if rule.options and sorted(rule.options) != sorted(meta["options"]):
        raise RuleFileError(
            f"{path}: options {meta['options']} differ from {describe_check(rule)}'s "
            f"{rule.options}: the rule file is the one source; give the decorator only the code"
        )
    rule.name = data["name"]
    rule.severity = data["severity"]
    for key, value in meta.items():
        if value or key == "options":
            setattr(rule, key, value)
    rule.definition = data
    return rule


def validate_rule_file(path: Path, data) -> None:
    import jsonschema  # only rule files from `rule-dirs` pay for it

    errors = sorted(
        jsonschema.Draft202012Validator(RULE_FILE_SCHEMA).iter_errors(data),
        key=lambda e: list(e.path),
    )
    if errors:
        err = errors[0]
        at = "/".join(str(p) for p in err.path) or "top level"
        raise RuleFileError(
            f"{bounds.where(path, data, list(err.path))}: invalid rule file at `{at}`: "
            f"{_problem(err)}"
        )
    for key in ("where", "assert"):
        if key in data:
            try:
                jsonschema.Draft202012Validator.check_schema(_with_options(data[key], THRESHOLDS))
            except jsonschema.SchemaError as exc:
                raise RuleFileError(
                    f"{bounds.where(path, data, [key, *exc.path])}: `{key}` is not a valid "
                    f"JSON Schema: {_problem(exc)}"
                ) from None
            outside = _external_ref(data[key])
            if outside is not None:
                raise RuleFileError(
                    f"{path}: `{key}` refers to `{outside}`: a `$ref` in a rule file "
                    "may only point inside it (`#/...`); rule files never read "
                    "other files or the network"
                )
            if isinstance(data[key], dict):
                bounds.check_schema(path, data, key)


def _problem(err: Any) -> str:
    """What a jsonschema error says, without the value it found: that value is the rule
    file's content, and no error quotes a file's content."""
    expected = err.validator_value
    if err.validator == "type":
        return f"must be of type {expected}"
    if err.validator == "enum":
        return "must be one of " + ", ".join(map(str, expected))
    if err.validator == "required":
        missing = [k for k in expected if isinstance(err.instance, dict) and k not in err.instance]
        return f"`{missing[0] if missing else expected[0]}` is required"
    if err.validator == "additionalProperties":
        extra = [k for k in err.instance if k not in err.schema.get("properties", {})]
        named = [k for k in extra if isinstance(k, str) and _KEY.match(k)]
        return (
            f"the key `{named[0]}` is not allowed here" if named else "has a key not allowed here"
        )
    if err.validator in ("pattern", "format"):
        return f"must match `{expected}`"
    return f"fails the `{err.validator}` check of the schema"


def _external_ref(schema) -> str | None:
    """The first `$ref`/`$dynamicRef` leading out of the rule file: jsonschema would read
    that file or URL (a repository's rule file must not reach the CI machine or network)."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if (
                key in ("$ref", "$dynamicRef")
                and isinstance(value, str)
                and value[:1] not in ("", "#")
            ):
                return value
            found = _external_ref(value)
            if found is not None:
                return found
    elif isinstance(schema, list):
        for item in schema:
            found = _external_ref(item)
            if found is not None:
                return found
    return None


def _used_fields(schema) -> set[str]:
    used: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in ("properties", "patternProperties") and isinstance(value, dict):
                used.update(value)
            if key == "required" and isinstance(value, list):
                used.update(v for v in value if isinstance(v, str))
            used |= _used_fields(value)
    elif isinstance(schema, list):
        for item in schema:
            used |= _used_fields(item)
    return used


# Keywords that look at the whole view (its set of keys, or its value as a whole) rather
# than at named fields: a rule using one gets every field of the view.
_WHOLE_VIEW_KEYWORDS = {
    "additionalProperties",
    "unevaluatedProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "patternProperties",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "$ref",
    "$dynamicRef",
    "$recursiveRef",
}
_VIEW_LEVEL = ("allOf", "anyOf", "oneOf", "not", "if", "then", "else")


def _reads_whole_view(schema, top: bool = True) -> bool:
    if isinstance(schema, list):
        return any(_reads_whole_view(item, top) for item in schema)
    if not isinstance(schema, dict):
        return False
    if _WHOLE_VIEW_KEYWORDS & schema.keys() or (top and ("const" in schema or "enum" in schema)):
        return True
    return any(
        _reads_whole_view(value, top and key in _VIEW_LEVEL)
        for key, value in schema.items()
        if isinstance(value, (dict, list))
    )


def _with_options(schema, thresholds: dict[str, int]):
    if isinstance(schema, dict):
        return {k: _with_options(v, thresholds) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_with_options(v, thresholds) for v in schema]
    if isinstance(schema, str):
        match = _OPTION.match(schema)
        if match and match.group(1) in thresholds:
            return thresholds[match.group(1)]
    return schema


def _make_check(data: dict):
    given = data["given"]
    used = (
        _used_fields(data.get("where", {}))
        | _used_fields(data["assert"])
        | set(_PLACEHOLDER.findall(data["message"]))
    )
    model_depends = (
        set().union(*(_MODEL_DEPENDS.get(f, set()) for f in used)) if given == "models" else set()
    )
    team_needs_complete = given == "teams" and bool(used & _TEAM_NEEDS_COMPLETE)
    points_at = data.get("points_at") or []
    if isinstance(points_at, str):
        points_at = [points_at]
    # Views hold only the fields the rule reads: those of `where` first (shared with other
    # rules as columns), the others only for entities that pass `where`.
    funcs = FIELDS[given]
    if _reads_whole_view(data.get("where", {})) or _reads_whole_view(data["assert"]):
        first, rest = list(funcs), []
    else:
        first = [f for f in funcs if f in _used_fields(data.get("where", {}))]
        if team_needs_complete and "incomplete" not in first:
            first.append("incomplete")
        rest = [f for f in funcs if f in used and f not in first]

    def check(ctx: Context):
        org = ctx.org
        where = _validator(data.get("where", True), ctx.thresholds)
        must = _validator(data["assert"], ctx.thresholds)
        orgv = ctx_cache(ctx, "org", lambda: org_view(org))
        columns = [
            (name, ctx_cache(ctx, (given, name), lambda name=name: column(org, given, name)))
            for name in first
        ]
        later = [(name, funcs[name]) for name in rest]
        for i, (ident, value) in enumerate(getattr(org, given).items()):
            if model_depends and (model_depends & org.unresolved.get(ident, set())):
                continue
            view = {name: values[i] for name, values in columns}
            if team_needs_complete and view["incomplete"]:
                continue
            view["org"] = orgv
            if not where(view):
                continue
            for name, get in later:
                view[name] = get(org, ident, value)
            if must(view):
                continue
            field = next((f for f in points_at if org.written(ident, f)), None)
            yield ctx.finding(ident, _render(data["message"], view, orgv, ctx.thresholds), field)

    return check


def _validator(schema, thresholds):
    return compile_schema(_with_options(schema, thresholds))


def ctx_cache(ctx: Context, key: Hashable, make):
    """Views are built once per run and shared by every declarative rule."""
    cache = getattr(ctx, "shared", None)
    if cache is None:
        return make()
    if key not in cache:
        cache[key] = make()
    return cache[key]


def _render(template: str, view: dict, orgv: dict, thresholds: dict[str, int]) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name.startswith("org."):
            found = orgv.get(name[4:])
        elif name in thresholds:
            found = thresholds[name]
        else:
            found = view.get(name)
        if isinstance(found, list):
            return ", ".join(f"`{v}`" for v in found) if found else "none"
        return "none" if found is None else str(found)

    return _PLACEHOLDER.sub(value, template)


# -- fields a rule file names, checked against the views -----------------------------------

# The JSON type a keyword constrains: on a field that never has that type it always holds
# (or, under `not`, never does), so the rule would silently never fire or always fire.
_KEYWORD_TYPE = {
    **dict.fromkeys(
        (
            "minItems",
            "maxItems",
            "items",
            "prefixItems",
            "contains",
            "minContains",
            "maxContains",
            "uniqueItems",
            "unevaluatedItems",
        ),
        "array",
    ),
    **dict.fromkeys(
        ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"), "number"
    ),
    **dict.fromkeys(("minLength", "maxLength", "pattern", "format"), "string"),
    **dict.fromkeys(
        (
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
            "propertyNames",
            "dependentRequired",
            "dependentSchemas",
            "unevaluatedProperties",
        ),
        "object",
    ),
}
_INSTEAD = {
    ("minItems", "number"): "minimum",
    ("maxItems", "number"): "maximum",
    ("minLength", "number"): "minimum",
    ("maxLength", "number"): "maximum",
    ("minimum", "array"): "minItems",
    ("maximum", "array"): "maxItems",
    ("exclusiveMinimum", "array"): "minItems",
    ("exclusiveMaximum", "array"): "maxItems",
    ("minLength", "array"): "minItems",
    ("maxLength", "array"): "maxItems",
    ("minItems", "string"): "minLength",
    ("maxItems", "string"): "maxLength",
    ("pattern", "array"): "contains: {pattern: ...}",
}
# Subschemas that apply to the same value as the schema they sit in.
_SAME_VALUE = ("allOf", "anyOf", "oneOf", "not", "if", "then", "else")

Path_ = list[str | int]  # keys and indexes from the top of the rule file
Problems = list[tuple[Path_, str]]
Shape = dict[
    str, Any
]  # JSON type name -> the items' Shape (array), the fields' Shapes (object), None


def parse_type(text: str) -> Shape:
    """``"array of string or null"`` -> ``{"array": {"string": None}, "null": None}``."""
    shape: Shape = {}
    for alternative in text.split(" or "):
        base, _, item = alternative.strip().partition(" of ")
        shape[base] = parse_type(item) if item else None
    return shape


@functools.cache
def view_shape(given: str) -> Shape:
    """The view of ``given`` as a Shape: its fields, and `org`. A field without a type yet
    (the test of VIEW_TYPES fails for it) is known but not type-checked."""
    types = VIEW_TYPES.get(given, {})
    fields = {name: parse_type(types[name][0]) if name in types else None for name in FIELDS[given]}
    org = {name: parse_type(kind) for name, (kind, _) in VIEW_TYPES["org"].items()}
    return {"object": {**fields, "org": {"object": org}}}


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, str):
        return "integer" if _OPTION.match(value) else "string"  # "${threshold}" is a number
    return {float: "number", list: "array", dict: "object"}.get(type(value), "object")


def _has(shape: Shape, kind: str) -> bool:
    if kind == "number":
        return "number" in shape or "integer" in shape
    if kind == "integer":
        return "integer" in shape or "number" in shape
    return kind in shape


def _shape_text(shape: Shape) -> str:
    parts = []
    for base, inner in shape.items():
        parts.append(f"array of {_shape_text(inner)}" if base == "array" and inner else base)
    return " or ".join(parts) or "anything"


def _misuses(
    schema: Any, shape: Shape | None, path: Path_, field: str, view: str, out: Problems
) -> None:
    """Keywords in ``schema`` that cannot apply to a value of ``shape``, and fields the
    view does not have; appended to ``out`` as (path, problem)."""
    if not isinstance(schema, dict) or not shape:
        return
    for key, arg in schema.items():
        problem = _keyword_problem(key, arg, shape)
        if problem:
            what = f"`{field}` ({_shape_text(shape)})" if field else "the view"
            out.append(([*path, key], f"uses {problem[0]} on {what}{problem[1]}"))
        if key in _SAME_VALUE:
            if isinstance(arg, list):
                for i, item in enumerate(arg):
                    _misuses(item, shape, [*path, key, i], field, view, out)
            else:
                _misuses(arg, shape, [*path, key], field, view, out)
    fields = shape.get("object")
    if fields:
        props = schema.get("properties")
        for name, sub in props.items() if isinstance(props, dict) else ():
            inner = f"{field}.{name}" if field else name
            if name not in fields:
                out.append(([*path, "properties", name], _unknown(inner, fields, view)))
            else:
                inner_view = "org" if inner == "org" else view
                _misuses(sub, fields[name], [*path, "properties", name], inner, inner_view, out)
        required = schema.get("required")
        for i, name in enumerate(required if isinstance(required, list) else ()):
            if isinstance(name, str) and name not in fields:
                inner = f"{field}.{name}" if field else name
                out.append(([*path, "required", i], _unknown(inner, fields, view)))
    items = shape.get("array")
    if items:
        for key in ("items", "contains"):
            if key in schema:
                _misuses(schema[key], items, [*path, key], f"{field}[]", view, out)


def _keyword_problem(key: str, arg: Any, shape: Shape) -> tuple[str, str] | None:
    """What is wrong with keyword ``key`` on a value of ``shape``: (the keyword as
    quoted, the rest of the sentence), or None."""
    need = _KEYWORD_TYPE.get(key)
    if need:
        if _has(shape, need):
            return None
        instead = _INSTEAD.get((key, "number" if _has(shape, "number") else next(iter(shape))))
        return (
            f"`{key}`",
            f": `{key}` only constrains {need}s, so it never has an effect"
            + (f"; use `{instead}` instead" if instead else ""),
        )
    if key == "type":
        kinds = [arg] if isinstance(arg, str) else arg if isinstance(arg, list) else []
        if kinds and not any(isinstance(k, str) and _has(shape, k) for k in kinds):
            return f"`type: {arg}`", ", which never holds"
    elif key in ("const", "enum"):
        values = [arg] if key == "const" else arg if isinstance(arg, list) else []
        if values and not any(_has(shape, _json_type(v)) for v in values):
            return f"`{key}`", " with values of other types: it never matches"
    return None


def _unknown(name: str, fields: dict[str, Any], view: str) -> str:
    leaf = name.rsplit(".", 1)[-1]
    close = difflib.get_close_matches(leaf, sorted(fields), n=1, cutoff=0.0)
    hint = f"; the closest field is `{close[0]}`" if close else ""
    return f"names field `{name}`, which the {view} view does not have{hint}"


def field_problems(data: dict[str, Any]) -> Problems:
    """Every field a rule's `where`, `assert` and `message` name that its view lacks, and
    every keyword used on a field of a type it cannot constrain: (path in the file, problem)."""
    given = data["given"]
    shape = view_shape(given)
    out: Problems = []
    for key in ("where", "assert"):
        if key in data:
            _misuses(data[key], shape, [key], "", given, out)
    known = {
        *FIELDS[given],
        *(f"org.{k}" for k in VIEW_TYPES["org"]),
        *THRESHOLDS,
    }
    for name in _PLACEHOLDER.findall(data.get("message", "")):
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.0)
            out.append(
                (
                    ["message"],
                    f"placeholder `{{{name}}}` is not a field of the {given} view"
                    + (f"; the closest field is `{{{close[0]}}}`" if close else ""),
                )
            )
    return out


def _position(text: bytes, path: Path_) -> tuple[int, int]:
    """Line and column (1-based) of the deepest key of ``path`` found in the rule file."""
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    line, column = 1, 1
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = next((kv for kv in node.value if kv[0].value == step), None)
            if found is None:
                break
            key, node = found
            line, column = key.start_mark.line + 1, key.start_mark.column + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                break
            node = node.value[step]
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
        else:
            break
    return line, column


def check_fields(path: Path, text: bytes, data: dict[str, Any]) -> None:
    problems = field_problems(data)
    if not problems:
        return
    lines = []
    for where, problem in problems:
        line, column = _position(text, where)
        lines.append(f"{path}:{line}:{column}: `{where[0]}` {problem}")
    raise RuleFileError(
        "\n".join(lines) + "\n(the fields of each view and their types: docs/rule-files.md)"
    )


# -- docs/rule-files.md: the view tables -----------------------------------------------------

TABLES_START = (
    "<!-- generated from VIEW_FIELDS and VIEW_TYPES in src/orglint/rules/views.py by "
    "`python -m orglint.rules.declarative docs/rule-files.md`; do not edit by hand -->"
)
TABLES_END = "<!-- end of the generated view tables -->"
_HEADINGS = {
    "org": "### `org` (available in every view as `org`)",
    "people": "### `given: people`",
    "teams": "### `given: teams`",
    "data": "### `given: data`",
    "models": "### `given: models`",
}


def view_tables() -> str:
    """The field tables of docs/rule-files.md, with each field's type and an example."""
    import json

    from orglint.rules.views import VIEW_FIELDS

    out = [TABLES_START]
    for kind, heading in _HEADINGS.items():
        out += ["", heading, "", "| field | type | example | meaning |", "|---|---|---|---|"]
        for name, meaning in VIEW_FIELDS[kind].items():
            kind_text, example = VIEW_TYPES[kind].get(name, ("?", None))
            shown = json.dumps(example, ensure_ascii=False)
            out.append(f"| `{name}` | {kind_text} | `{shown}` | {meaning} |")
    out += ["", TABLES_END]
    return "\n".join(out)


def with_view_tables(page: str) -> str:
    """``page`` with the text between the markers replaced by the current tables."""
    start, end = page.index(TABLES_START), page.index(TABLES_END) + len(TABLES_END)
    return page[:start] + view_tables() + page[end:]


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1])
    target.write_text(with_view_tables(target.read_text(encoding="utf-8")), encoding="utf-8")
