"""The compiled predicates agree with jsonschema, the reference, on random schemas and values."""

from __future__ import annotations

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from orglint.rules.predicate import compile_schema

NAMES = st.sampled_from(["type", "stage", "size", "skills", "lead", "org"])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 12),
    st.sampled_from([0.0, 1.0, 2.5]),
    st.sampled_from(["ml", "product", "", "devops", "production"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(NAMES, inner, max_size=4)),
    max_leaves=12,
)


def schemas():
    leaf = st.one_of(
        st.booleans(),
        st.builds(
            lambda t: {"type": t},
            st.sampled_from(["object", "array", "string", "boolean", "null", "number", "integer"]),
        ),
        st.builds(
            lambda t: {"type": t},
            st.lists(
                st.sampled_from(["string", "null", "integer"]), min_size=1, max_size=2, unique=True
            ),
        ),
        st.builds(lambda v: {"const": v}, scalars),
        st.builds(lambda v: {"enum": v}, st.lists(scalars, min_size=1, max_size=3)),
        st.builds(
            lambda k, n: {k: n},
            st.sampled_from(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]),
            st.integers(-2, 10),
        ),
        st.builds(
            lambda k, n: {k: n},
            st.sampled_from(["minItems", "maxItems", "minLength", "maxLength"]),
            st.integers(0, 3),
        ),
        st.builds(lambda r: {"required": r}, st.lists(NAMES, max_size=2, unique=True)),
        st.just({"pattern": "^d"}),
        st.just({"minContains": 2, "contains": {"const": "ml"}}),  # falls back to jsonschema
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.builds(lambda p: {"properties": p}, st.dictionaries(NAMES, inner, max_size=3)),
            st.builds(lambda s: {"not": s}, inner),
            st.builds(
                lambda k, s: {k: s},
                st.sampled_from(["allOf", "anyOf", "oneOf"]),
                st.lists(inner, min_size=1, max_size=3),
            ),
            st.builds(lambda s: {"contains": s}, inner),
            st.builds(lambda s: {"items": s}, inner),
            st.builds(
                lambda a, b: {**a, **b} if isinstance(a, dict) and isinstance(b, dict) else a,
                inner,
                inner,
            ),
        ),
        max_leaves=8,
    )


@settings(max_examples=400, deadline=None)
@given(schemas(), values)
def test_compiled_predicate_agrees_with_jsonschema(schema, value):
    assert compile_schema(schema)(value) == jsonschema.Draft202012Validator(schema).is_valid(value)


def test_json_equality_distinguishes_booleans_from_numbers():
    assert compile_schema({"const": 1})(True) is False
    assert compile_schema({"const": 1})(1.0) is True
    assert compile_schema({"enum": [False]})(0) is False
