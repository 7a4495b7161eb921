"""JSON Schema predicates compiled to Python closures.

`jsonschema` is the reference (rule files are checked with it, and any keyword not
handled here is evaluated by it), but calling it once per entity per rule costs ~30 µs,
which is most of a 100k-person run. The keywords rule files use are compiled here to
closures with the same semantics; tests compare the two on random schemas and values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Pred = Callable[[Any], bool]

_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
}
_NUMBER = (int, float)


def _is_number(value) -> bool:
    return isinstance(value, _NUMBER) and not isinstance(value, bool)


def json_equal(a, b) -> bool:
    """Equality as JSON Schema defines it: `true` is not `1`; 1 equals 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_number(a) and _is_number(b):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def compile_schema(schema) -> Pred:
    if schema is True or schema == {}:
        return lambda v: True
    if schema is False:
        return lambda v: False
    if not schema.keys() <= _COMPILED:
        # A keyword we do not compile may depend on its siblings (`minContains`,
        # `additionalProperties`, `if`/`then`...): jsonschema evaluates this level whole.
        return validator(schema).is_valid
    checks = [_KEYWORDS[key](arg) for key, arg in schema.items() if key in _KEYWORDS]
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]
    return lambda v: all(check(v) for check in checks)


def _type(arg) -> Pred:
    names = [arg] if isinstance(arg, str) else list(arg)
    tests = [_TYPES[n] for n in names]
    return lambda v: any(t(v) for t in tests)


def _const(arg) -> Pred:
    if isinstance(arg, (str, type(None))):
        return lambda v: v == arg and type(v) is type(arg)
    if isinstance(arg, bool):
        return lambda v: v is arg
    return lambda v: json_equal(v, arg)


def _enum(arg) -> Pred:
    if all(isinstance(a, str) for a in arg):
        allowed = frozenset(arg)
        return lambda v: isinstance(v, str) and v in allowed
    return lambda v: any(json_equal(v, a) for a in arg)


def _properties(arg) -> Pred:
    subs = [(name, compile_schema(s)) for name, s in arg.items()]

    def check(v):
        if not isinstance(v, dict):
            return True
        for name, sub in subs:  # noqa: SIM110 (a plain loop: this runs per entity and rule)
            if name in v and not sub(v[name]):
                return False
        return True

    return check


def _required(arg) -> Pred:
    return lambda v: not isinstance(v, dict) or all(name in v for name in arg)


def _not(arg) -> Pred:
    sub = compile_schema(arg)
    return lambda v: not sub(v)


def _all_of(arg) -> Pred:
    subs = [compile_schema(s) for s in arg]
    return lambda v: all(s(v) for s in subs)


def _any_of(arg) -> Pred:
    subs = [compile_schema(s) for s in arg]
    return lambda v: any(s(v) for s in subs)


def _one_of(arg) -> Pred:
    subs = [compile_schema(s) for s in arg]
    return lambda v: sum(1 for s in subs if s(v)) == 1


def _contains(arg) -> Pred:
    sub = compile_schema(arg)
    return lambda v: not isinstance(v, list) or any(sub(x) for x in v)


def _items(arg) -> Pred:
    sub = compile_schema(arg)
    return lambda v: not isinstance(v, list) or all(sub(x) for x in v)


def _bound(op) -> Callable[[Any], Pred]:
    def make(arg) -> Pred:
        return lambda v: not _is_number(v) or op(v, arg)

    return make


def _size(kind, op) -> Callable[[Any], Pred]:
    def make(arg) -> Pred:
        return lambda v: not isinstance(v, kind) or op(len(v), arg)

    return make


def _pattern(arg) -> Pred:
    compiled = regex(arg)
    return lambda v: not isinstance(v, str) or compiled.search(v) is not None


def regex(pattern: str) -> Any:
    """``pattern`` compiled by RE2, whose matching time is linear in the text: a rule
    file's `(a+)+$` must not hang a run (Python's `re` backtracks exponentially)."""
    import re2  # type: ignore[import-untyped]

    return _re2_cache.get(pattern) or _re2_cache.setdefault(pattern, re2.compile(pattern))


_re2_cache: dict[str, Any] = {}


def validator(schema: Any) -> Any:
    """A jsonschema validator for ``schema`` whose `pattern` and `patternProperties` run
    on RE2 (see ``regex``)."""
    global _Validator
    if _Validator is None:
        import jsonschema
        from jsonschema import _keywords

        def pattern(validator, patrn, instance, schema):
            if validator.is_type(instance, "string") and not regex(patrn).search(instance):
                yield jsonschema.ValidationError("the value does not match the pattern")

        def pattern_properties(validator, patterns, instance, schema):
            if not validator.is_type(instance, "object"):
                return
            for patrn, subschema in patterns.items():
                for key, value in instance.items():
                    if regex(patrn).search(key):
                        yield from validator.descend(value, subschema, path=key, schema_path=patrn)

        assert callable(_keywords.pattern)  # the keywords replaced here exist
        _Validator = jsonschema.validators.extend(
            jsonschema.Draft202012Validator,
            {"pattern": pattern, "patternProperties": pattern_properties},
        )
    return _Validator(schema)


_Validator = None


_KEYWORDS: dict[str, Callable[[Any], Pred]] = {
    "type": _type,
    "const": _const,
    "enum": _enum,
    "properties": _properties,
    "required": _required,
    "not": _not,
    "allOf": _all_of,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "contains": _contains,
    "items": _items,
    "pattern": _pattern,
    "minimum": _bound(lambda v, a: v >= a),
    "maximum": _bound(lambda v, a: v <= a),
    "exclusiveMinimum": _bound(lambda v, a: v > a),
    "exclusiveMaximum": _bound(lambda v, a: v < a),
    "minItems": _size(list, lambda n, a: n >= a),
    "maxItems": _size(list, lambda n, a: n <= a),
    "minLength": _size(str, lambda n, a: n >= a),
    "maxLength": _size(str, lambda n, a: n <= a),
}
_ANNOTATIONS = {"title", "description", "$comment", "examples", "default"}
_COMPILED = frozenset(_KEYWORDS) | _ANNOTATIONS
