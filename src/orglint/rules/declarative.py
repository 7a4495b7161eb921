"""Rules as data: YAML rule files with JSON Schema predicates over entity views.

A rule file never runs code: its predicates are JSON Schemas (evaluated by
``jsonschema``) and its message is a template whose ``{placeholders}`` name view fields.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from orglint.errors import RuleFileError
from orglint.rules import THRESHOLDS, Context, Rule, bounds
from orglint.rules.predicate import compile_schema
from orglint.rules.views import FIELDS, VIEW_FIELDS, column, org_view

GIVEN = ("people", "teams", "data", "models")

RULE_FILE_SCHEMA = {
    "type": "object",
    "required": ["code", "name", "severity"],
    "additionalProperties": False,
    "patternProperties": {"^x-": {}},
    "properties": {
        "code": {"type": "string", "pattern": "^[A-Z][A-Z0-9]*[0-9]{3}$"},
        "name": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
        "severity": {"enum": ["error", "warning", "info"]},
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
            data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        except (OSError, yaml.YAMLError) as exc:
            raise RuleFileError(f"{path}: cannot read rule file: {exc}") from None
    else:  # bounded, and no error quotes its content (bounds.py)
        data = bounds.read_rule_file(path)
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
    if "given" not in data:
        if existing is not None and builtin:  # documentation of a Python rule
            for key, value in meta.items():
                if value:
                    setattr(existing, key, value)
            existing.definition = data
            return existing
        if builtin and code.startswith(("ORG", "SUP")):  # emitted by the pipeline stages
            rule = Rule(
                code, data["name"], data["severity"], **meta, origin="builtin", definition=data
            )
            rules[code] = rule
            return rule
        if builtin:
            return None  # documented but not implemented yet; tests require every catalog code
        raise RuleFileError(
            f"{path}: rule {code} has no `given`/`assert` and no Python "
            "implementation; rule files in `rule-dirs` must be declarative"
        )
    if existing is not None:
        raise RuleFileError(
            f"{path}: code {code} is already used by {existing.origin} rule "
            f"`{existing.name}`; pick another code"
        )
    names = {r.name: r for r in rules.values()}
    if data["name"] in names:
        raise RuleFileError(
            f"{path}: name `{data['name']}` is already used by {names[data['name']].code}"
        )
    _check_placeholders(path, data)
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


def _check_placeholders(path: Path, data: dict) -> None:
    known = (
        set(VIEW_FIELDS[data["given"]]) | {f"org.{k}" for k in VIEW_FIELDS["org"]} | set(THRESHOLDS)
    )
    for name in _PLACEHOLDER.findall(data["message"]):
        if name not in known:
            raise RuleFileError(
                f"{path}: message placeholder `{{{name}}}` is not a field of the "
                f"{data['given']} view (see docs/rule-files.md)"
            )


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


def ctx_cache(ctx: Context, key: str, make):
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
