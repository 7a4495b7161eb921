"""The speed-ups must not change what orglint says.

Covers:

1. ``model.fast_person`` and ``model.fast_team``: the pydantic-free paths agree with
   ``Person`` and ``Team`` on arbitrary mappings read by orglint's own YAML reader
   (property tests + one example per branch).
2. Validation end to end: an org with broken people gives the exact ORG002 findings, and
   the same findings when every person goes through pydantic instead; every example org
   gives the same findings with and without the fast paths.
3. Views computed per field (``views.view``/``column``) against full views on
   the design examples; ``declarative._reads_whole_view``; a user rule that reads the
   whole view (``minProperties``) through ``rule-dirs``.
4. ``yamlread`` positions: refused and duplicate keys in ``YMap.pos``, ``YList.pos``
   indexing, and the start/end of nested collections.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import get_args

import pytest
import yaml
from helpers import REPO
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from orglint.config import Config, load_config
from orglint.pipeline import check_root
from orglint.read.parse import Limits, Reader, YList, YMap, unpack
from orglint.rules.declarative import _reads_whole_view
from orglint.rules.views import FIELDS, VIEW_FIELDS, column, view
from orglint.validate import validation
from orglint.validate.fast import PersonValue, TeamValue, fast_person, fast_team
from orglint.validate.schema import Engagement, Person, Team, TeamType

PERSON_FIELDS = ("id", "name", "title", "reports_to", "skills")


# -- helpers ------------------------------------------------------------------------------


def read_yaml(text: str):
    """``text`` as orglint's reader returns it; the reader must not complain."""
    reader = Reader("t.yaml", Limits())
    root = reader.read(text.encode("utf-8"))
    assert reader.findings == [], [f.message for f in reader.findings]
    return root


def as_ymap(data: dict) -> YMap:
    root = read_yaml(yaml.safe_dump(data))
    assert isinstance(root, YMap)
    return root


def pydantic_person(item) -> Person | None:
    try:
        return Person.model_validate(item)
    except ValidationError:
        return None


def fields_of(value) -> tuple:
    return tuple(getattr(value, name) for name in PERSON_FIELDS)


def plain(value) -> bool:
    """A value made only of str, None and lists of str."""
    return (
        value is None
        or type(value) is str
        or (isinstance(value, list) and all(type(v) is str for v in value))
    )


def dumped(value):
    """Nested values (KPIs, monitoring) as dicts, whether pydantic or fast-path records."""
    if isinstance(value, list):
        return [dumped(v) for v in value]
    return value.model_dump() if hasattr(value, "model_dump") else value


def positions(pairs) -> list[tuple[tuple[int, int], ...]]:
    return [tuple(unpack(p) for p in pair) for pair in pairs]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def where(finding) -> tuple[str, int, int]:
    return finding.code, finding.location.line, finding.location.column


# -- 1. fast_person against pydantic ------------------------------------------------------

VALID_IDS = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,63}", fullmatch=True)
INVALID_IDS = st.one_of(
    st.builds(
        lambda s, i, c: s[:i] + c + s[i:], VALID_IDS, st.integers(0, 64), st.sampled_from("ABCXYZ")
    ),  # an uppercase letter somewhere
    st.from_regex(r"[a-z0-9][a-z0-9._-]{64,80}", fullmatch=True),  # too long
    st.just(""),
    st.builds(lambda s: "." + s, VALID_IDS),
    st.builds(lambda s: s + "\n", VALID_IDS),
    st.sampled_from(["abc\n", "-abc", "_abc", "a b", "é", "a" * 65]),
)
TEXT = st.text(max_size=12)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT)
VALUES = st.one_of(
    VALID_IDS,
    INVALID_IDS,
    TEXT,
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.lists(st.one_of(VALID_IDS, TEXT), max_size=4),
    st.lists(st.one_of(TEXT, st.integers()), max_size=4),
    st.dictionaries(st.text(min_size=1, max_size=6), SCALARS, max_size=3),
)
PERSON_KEYS = ("id", "name", "title", "reports_to", "skills", "x-note", "other")
# Mostly plausible people (so that both outcomes are common), each value now and then
# replaced by anything at all.
PLAUSIBLE = {
    "id": VALID_IDS,
    "name": st.one_of(TEXT, st.none()),
    "title": st.one_of(TEXT, st.none()),
    "reports_to": st.one_of(VALID_IDS, st.none()),
    "skills": st.lists(TEXT, max_size=4),
    "x-note": VALUES,
    "other": VALUES,
}


@st.composite
def person_dicts(draw) -> dict:
    out = {}
    for key in PERSON_KEYS:
        if draw(st.integers(0, 9)) < 2:
            continue  # left out
        out[key] = draw(VALUES if draw(st.integers(0, 3)) == 0 else PLAUSIBLE[key])
    return out


def check_agreement(item: YMap) -> None:
    fast = fast_person(item)
    slow = pydantic_person(item)
    if fast is not None:
        assert isinstance(fast, PersonValue)
        assert slow is not None, f"fast_person accepted what pydantic rejects: {dict(item)!r}"
        assert fields_of(fast) == fields_of(slow)
    if slow is None:
        assert fast is None
    if slow is not None and all(plain(v) for v in item.values()):
        assert fast is not None, f"fast_person needlessly deferred to pydantic: {dict(item)!r}"


@given(person_dicts())
def test_fast_person_agrees_with_pydantic(data):
    check_agreement(as_ymap(data))


@given(st.dictionaries(st.sampled_from(PERSON_KEYS), VALUES))
def test_fast_person_agrees_with_pydantic_on_anything(data):
    check_agreement(as_ymap(data))


@pytest.mark.parametrize(
    "text",
    [
        "id: ana\nname: 3\n",  # name not a string
        "id: ana\ntitle: true\n",  # title not a string
        "id: ana\nreports_to: [a, b]\n",  # reports_to a list
        "id: ana\nskills: python\n",  # skills not a list
        "id: ana\nskills: null\n",  # skills null: pydantic rejects it too
        "id: ana\nskills: [python, 3]\n",  # an int among the skills
        "id: ana\nskills: [[python]]\n",  # a list among the skills
        "id: Ana\n",  # uppercase id
        "id: .ana\n",  # leading dot
        "id: 'ana\n\n'\n",  # trailing newline
        f"id: {'a' * 65}\n",  # 65 characters
        "id: ''\n",  # empty
        "id: 7\n",  # a number
        "name: Ana\n",  # no id
    ],
)
def test_fast_person_defers_to_pydantic_on_each_reason_to_reject(text):
    item = read_yaml(text)
    assert fast_person(item) is None
    assert pydantic_person(item) is None


def test_fast_person_returns_the_written_values():
    item = read_yaml(
        textwrap.dedent("""\
        id: ana.b-c_9
        name: Ana Bé
        title: null
        reports_to: boss
        skills: [ml, "3", data science]
        x-note: {anything: [1, 2]}
        other: 4
        """)
    )
    value = fast_person(item)
    assert isinstance(value, PersonValue)
    assert fields_of(value) == ("ana.b-c_9", "Ana Bé", None, "boss", ["ml", "3", "data science"])
    assert fields_of(value) == fields_of(Person.model_validate(item))


def test_fast_person_defaults_and_longest_id():
    ident = "a" * 64
    value = fast_person(read_yaml(f"id: {ident}\n"))
    assert isinstance(value, PersonValue)
    assert fields_of(value) == (ident, None, None, None, [])
    # the default list is not shared between people
    value.skills.append("x")
    assert fast_person(read_yaml("id: b\n")).skills == []


TEAM_FIELDS = (
    "id",
    "name",
    "type",
    "lead",
    "members",
    "parent",
    "embedded_in",
    "works_with",
    "engagement",
    "kpis",
)
TEAM_KEYS = (*TEAM_FIELDS, "x-note", "other")
KPIS = st.lists(
    st.fixed_dictionaries({"name": TEXT, "kind": st.sampled_from(["model", "product", "nope"])}),
    max_size=2,
)
PLAUSIBLE_TEAM = {
    "id": VALID_IDS,
    "name": st.one_of(TEXT, st.none()),
    "type": st.one_of(st.sampled_from(get_args(TeamType)), st.sampled_from(["ML", "squad", ""])),
    "lead": st.one_of(VALID_IDS, st.none()),
    "members": st.lists(VALID_IDS, max_size=4),
    "parent": st.one_of(VALID_IDS, st.none()),
    "embedded_in": st.one_of(VALID_IDS, st.none()),
    "works_with": st.lists(VALID_IDS, max_size=3),
    "engagement": st.one_of(st.sampled_from(get_args(Engagement)), st.none(), st.just("Embedded")),
    "kpis": st.one_of(st.none(), KPIS),
    "x-note": VALUES,
    "other": VALUES,
}


@st.composite
def team_dicts(draw) -> dict:
    out = {}
    for key in TEAM_KEYS:
        if draw(st.integers(0, 9)) < 2 and key not in ("id", "type"):
            continue
        out[key] = draw(VALUES if draw(st.integers(0, 5)) == 0 else PLAUSIBLE_TEAM[key])
    return out


def pydantic_team(item) -> Team | None:
    try:
        return Team.model_validate(item)
    except ValidationError:
        return None


@given(team_dicts())
def test_fast_team_agrees_with_pydantic(data):
    item = as_ymap(data)
    fast, slow = fast_team(item), pydantic_team(item)
    if fast is not None:
        assert isinstance(fast, TeamValue)
        assert slow is not None, f"fast_team accepted what pydantic rejects: {data!r}"
        assert [dumped(getattr(fast, f)) for f in TEAM_FIELDS] == [
            dumped(getattr(slow, f)) for f in TEAM_FIELDS
        ]
    if slow is None:
        assert fast is None
    if slow is not None and slow.kpis is None and all(plain(v) for v in item.values()):
        assert fast is not None, f"fast_team needlessly deferred to pydantic: {data!r}"


@pytest.mark.parametrize(
    "text",
    [
        "id: t\ntype: squad\n",  # not a team type
        "id: t\ntype: ml\nengagement: Embedded\n",  # not an engagement
        "id: t\ntype: ml\nlead: [a]\n",  # lead a list
        "id: t\ntype: ml\nmembers: a\n",  # members a string
        "id: t\ntype: ml\nworks_with: [a, 1]\n",  # an int among works_with
        "id: t\ntype: ml\nparent: 3\n",  # parent a number
        "id: t\n",  # no type
        "id: T\ntype: ml\n",  # malformed id
    ],
)
def test_fast_team_defers_to_pydantic_on_each_reason_to_reject(text):
    item = read_yaml(text)
    assert fast_team(item) is None
    assert pydantic_team(item) is None


def test_fast_team_reads_kpis_and_keeps_the_written_values():
    with_kpis = read_yaml("id: t\ntype: ml\nkpis: [{name: auc, kind: model}]\n")
    fast = fast_team(with_kpis)
    assert [k.model_dump() for k in fast.kpis] == [{"name": "auc", "kind": "model"}]
    assert [k.model_dump() for k in pydantic_team(with_kpis).kpis] == [
        {"name": "auc", "kind": "model"}
    ]
    bad_kind = read_yaml("id: t\ntype: ml\nkpis: [{name: auc, kind: metric}]\n")
    assert fast_team(bad_kind) is None and pydantic_team(bad_kind) is None
    item = read_yaml(
        "id: t\ntype: ml\nlead: a\nmembers: [a, b]\nengagement: embedded\n"
        "embedded_in: shop\nworks_with: [web]\nkpis: null\n"
    )
    value = fast_team(item)
    assert [getattr(value, f) for f in TEAM_FIELDS] == [
        "t",
        None,
        "ml",
        "a",
        ["a", "b"],
        None,
        "shop",
        ["web"],
        "embedded",
        None,
    ]
    assert TeamValue.of(Team.model_validate(item)).members == ["a", "b"]


# -- 2. validation end to end: fast path == pydantic path ---------------------------------

BROKEN_PEOPLE = """\
version: 1
org: {name: X}
people:
  - id: boss
    name: Boss
  - id: Ana
    reports_to: boss
  - id: cy
    skills: python
  - id: dee
    name: 3
  - id: eve
    reprots_to: boss
  - id: fay
    name: Fay
    name: Fay again
  - id: gus
    reports_to: [boss, cy]
  - name: Nobody
  - id: hal
    skills: [ml, 3]
teams:
  - id: core
    type: product
    lead: boss
    members: [fay]
"""


def lint(folder: Path, text: str):
    path = write(folder, "org.yaml", text)
    return check_root(str(path), Config())


def test_broken_people_give_exact_org002_findings(tmp_path):
    result = lint(tmp_path, BROKEN_PEOPLE)
    org002 = [f for f in result.findings if f.code == "ORG002"]
    assert [where(f) for f in org002] == [
        ("ORG002", 6, 9),  # id: Ana (the value)
        ("ORG002", 9, 13),  # skills: python
        ("ORG002", 11, 11),  # name: 3
        ("ORG002", 13, 5),  # reprots_to (the key)
        ("ORG002", 18, 17),  # reports_to: [boss, cy]
        ("ORG002", 19, 5),  # - name: Nobody (the mapping)
        ("ORG002", 21, 18),  # skills: [ml, 3], the 3
    ], "\n".join(f"{where(f)} {f.message}" for f in org002)
    messages = [f.message for f in org002]
    assert messages[0].startswith("malformed id `Ana` in this person") and "`ana`" in messages[0]
    assert messages[1] == (
        "`skills` in person `cy` must be a list (a list of skill names), not a string `python`"
    )
    assert messages[2] == "`name` in person `dee` must be a string, not a number `3`"
    assert messages[3].startswith(
        "unknown key `reprots_to` in person `eve`: did you mean `reports_to`?"
    )
    assert messages[4] == (
        "`reports_to` in person `gus` must be a string (a person id), not a list `[...]`"
    )
    assert messages[5] == "this person is missing required `id`"
    assert messages[6].startswith("`skills.1` in person `hal` must be a string")
    # the duplicate key is the reader's (ORG001), and the first value is kept
    assert [where(f) for f in result.findings if f.code == "ORG001"] == [("ORG001", 16, 5)]
    assert result.org.people["fay"].name == "Fay"
    # only the valid people are entities with a value
    assert list(result.org.people) == ["boss", "fay"]


def test_fast_path_and_pydantic_path_report_the_same(tmp_path, monkeypatch):
    fast = lint(tmp_path, BROKEN_PEOPLE)
    monkeypatch.setitem(validation.FAST, "people", (lambda item: None, PersonValue))
    slow = lint(tmp_path, BROKEN_PEOPLE)
    assert [f.to_dict() for f in fast.findings] == [f.to_dict() for f in slow.findings]
    assert len([f for f in fast.findings if f.code == "ORG002"]) == 7
    assert {pid: fields_of(p) for pid, p in fast.org.people.items()} == {
        pid: fields_of(p) for pid, p in slow.org.people.items()
    }


def test_fast_path_is_taken_for_valid_people(tmp_path, monkeypatch):
    """The property above is only worth something if the fast path runs at all."""
    calls = []

    def spy(item):
        value = fast_person(item)
        calls.append(value is not None)
        return value

    monkeypatch.setitem(validation.FAST, "people", (spy, PersonValue))
    lint(tmp_path, BROKEN_PEOPLE)
    #            boss  Ana    cy     dee    eve   fay   gus    Nobody hal
    assert calls == [True, False, False, False, True, True, False, False, False]


EXAMPLE_ROOTS = [
    *sorted(
        p
        for p in (REPO / "examples/designs").glob("*.yaml")
        if not p.name.endswith(".expected.yaml")
    ),
    REPO / "examples/clean.yaml",
    REPO / "examples/mistakes.yaml",
    *sorted((REPO / "tests/data/every-rule").glob("*.yaml")),
]


@pytest.mark.parametrize("root", EXAMPLE_ROOTS, ids=lambda p: p.name)
def test_examples_say_the_same_without_the_fast_paths(root, monkeypatch):
    fast = check_root(str(root), Config())
    monkeypatch.setattr(validation, "FAST", {})
    slow = check_root(str(root), Config())
    assert [f.to_dict() for f in fast.findings] == [f.to_dict() for f in slow.findings]
    assert fast.findings or root.parent.name == "designs" or "clean" in root.name


# -- 3. views per field -------------------------------------------------------------------

DESIGNS = sorted(
    p for p in (REPO / "examples/designs").glob("*.yaml") if not p.name.endswith(".expected.yaml")
)


def test_view_fields_are_documented_and_computed_alike():
    assert set(FIELDS) == {"people", "teams", "data", "models"}
    for kind in FIELDS:
        assert set(FIELDS[kind]) == set(VIEW_FIELDS[kind]), kind


@pytest.fixture(scope="module")
def design_orgs():
    return {path.name: check_root(str(path), Config()).org for path in DESIGNS}


def test_there_are_designs_with_every_kind(design_orgs):
    assert len(design_orgs) >= 10
    for kind in FIELDS:
        assert any(getattr(org, kind) for org in design_orgs.values()), kind


@pytest.mark.parametrize("name", [p.name for p in DESIGNS])
def test_partial_views_equal_full_views(design_orgs, name):
    org = design_orgs[name]
    for kind, funcs in FIELDS.items():
        ids = list(getattr(org, kind))
        full = {ident: view(org, kind, ident) for ident in ids}
        for ident in ids:
            whole = full[ident]
            assert list(whole) == list(funcs)
            for name_ in funcs:
                assert view(org, kind, ident, [name_]) == {name_: whole[name_]}, (
                    kind,
                    ident,
                    name_,
                )
        for name_ in funcs:
            assert column(org, kind, name_) == [full[i][name_] for i in ids], (kind, name_)
        # views with chosen fields, too
        some = list(funcs)[::3]
        assert {i: view(org, kind, i, some) for i in ids} == {
            i: {f: full[i][f] for f in some} for i in ids
        }


@pytest.mark.parametrize(
    "schema",
    [
        {"additionalProperties": False},
        {"additionalProperties": True},
        {"minProperties": 30},
        {"properties": {"type": {"const": "ml"}}, "maxProperties": 3},
        {"propertyNames": {"pattern": "^[a-z_]+$"}},
        {"patternProperties": {"^ml": {"type": "integer"}}},
        {"dependentRequired": {"lead": ["members"]}},
        {"$ref": "#/$defs/x", "$defs": {"x": {}}},
        {"properties": {"lead": {"$ref": "#/$defs/x"}}, "$defs": {"x": {"type": "string"}}},
        {"allOf": [{"properties": {"size": {"minProperties": 1}}}]},  # keyword at any depth
        {"const": {"id": "x"}},
        {"enum": [{"id": "x"}]},
        {"allOf": [{"const": {"id": "x"}}]},
        {"anyOf": [{"properties": {"id": {"type": "string"}}}, {"enum": [{}]}]},
        {"oneOf": [{"const": {}}]},
        {"not": {"const": {}}},
        {"not": {"not": {"enum": [{}]}}},
        {"if": {"const": {}}},
        {"if": {"required": ["id"]}, "then": {"const": {}}},
        {"if": {"required": ["id"]}, "then": {}, "else": {"enum": [{}]}},
    ],
)
def test_reads_whole_view(schema):
    assert _reads_whole_view(schema) is True


@pytest.mark.parametrize(
    "schema",
    [
        {},
        True,
        {"properties": {"type": {"const": "ml"}}},
        {"properties": {"type": {"enum": ["ml", "data"]}}, "required": ["lead"]},
        {"allOf": [{"properties": {"type": {"const": "ml"}}}]},
        {"not": {"properties": {"skills": {"contains": {"const": "devops"}}}}},
        {
            "if": {"properties": {"stage": {"const": "production"}}},
            "then": {"properties": {"drift": {"const": True}}},
        },
    ],
)
def test_reads_named_fields_only(schema):
    assert _reads_whole_view(schema) is False


def builtin_declarative_rules() -> list[tuple[str, dict]]:
    out = []
    for path in sorted((REPO / "rules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("implementation") == "declarative":
            out.append((path.name, data))
    return out


def test_builtin_declarative_rules_read_named_fields_only():
    rules = builtin_declarative_rules()
    assert len(rules) >= 10
    for name, data in rules:
        assert "assert" in data, name
        assert _reads_whole_view(data.get("where", {})) is False, name
        assert _reads_whole_view(data["assert"]) is False, name


WHOLE_VIEW_ORG = """\
version: 1
org: {name: Acme}
people:
  - {id: boss, skills: [pm, ml]}
  - {id: ana, reports_to: boss, skills: [ml]}
teams:
  - id: web
    type: product
    lead: boss
  - id: ml-one
    type: ml
    lead: ana
  - id: ml-two
    type: ml
    members: [boss]
"""

WHOLE_VIEW_RULE = """\
code: {code}
name: {name}
severity: warning
summary: Whole-view test rule.
given: teams
where: {{properties: {{type: {{const: ml}}}}}}
assert: {{required: [lead], additionalProperties: true, minProperties: {minimum}}}
message: "team `{{id}}` has too few view fields"
"""


def test_user_rule_reading_the_whole_view_gets_every_field(tmp_path):
    write(tmp_path, "org.yaml", WHOLE_VIEW_ORG)
    write(
        tmp_path,
        "org-rules/acme001.yaml",
        WHOLE_VIEW_RULE.format(code="ACME001", name="full-view", minimum=30),
    )
    write(
        tmp_path,
        "org-rules/acme002.yaml",
        WHOLE_VIEW_RULE.format(code="ACME002", name="huge-view", minimum=60),
    )
    write(tmp_path, ".orglint.toml", 'rule-dirs = ["org-rules"]\n')
    config = load_config(tmp_path / ".orglint.toml")
    assert config.rule_dirs == [tmp_path / "org-rules"]
    # a view has every team field plus `org`: 30 is within reach, 60 is not
    assert 30 <= len(VIEW_FIELDS["teams"]) + 1 < 60
    result = check_root(str(tmp_path / "org.yaml"), config)
    assert {"ACME001", "ACME002"} <= set(result.selected)
    ours = [f for f in result.findings if f.code.startswith("ACME")]
    assert [where(f) for f in ours] == [("ACME002", 10, 5), ("ACME002", 13, 5)], [
        (where(f), f.message) for f in ours
    ]
    assert [f.message for f in ours] == [
        "team `ml-one` has too few view fields",
        "team `ml-two` has too few view fields",
    ]


# -- 4. yamlread positions ----------------------------------------------------------------

POSITIONS_YAML = """\
a: 1
b:
  c: [x, yy]
  d: {e: f}
a: 2
x: !!python/object foo
l:
  - p
  - q: r
"""


def read_with_findings(text: str):
    reader = Reader("t.yaml", Limits())
    return reader.read(text.encode("utf-8")), reader.findings


def test_duplicate_and_refused_keys_in_positions():
    root, findings = read_with_findings(POSITIONS_YAML)
    assert [(f.code, f.location.line, f.location.column) for f in findings] == [
        ("ORG001", 5, 1),
        ("ORG001", 6, 4),
    ]
    assert "duplicate key `a` (first written at line 1)" in findings[0].message
    assert "`!!python/object`" in findings[1].message
    # the duplicate: first value kept, first positions
    assert root["a"] == 1
    assert "a" in root.pos
    assert positions([root.pos["a"]]) == [((1, 1), (1, 4), (1, 5))]
    # the refused key: written (in pos), but not in the mapping
    assert "x" in root.pos and "x" not in root
    assert positions([root.pos["x"]]) == [((6, 1), (6, 4), (6, 23))]
    assert root.pos.get("x") == root.pos["x"]
    assert root.pos.get("nope") is None
    with pytest.raises(KeyError):
        root.pos["nope"]
    assert list(root) == ["a", "b", "l"]
    assert list(root.pos) == ["a", "b", "l", "x"]
    assert len(root.pos) == len(root) + 1
    assert set(root.refused) == {"x"}
    # keys of nested mappings
    b = root["b"]
    assert positions([b.pos["c"], b.pos["d"]]) == [
        ((3, 3), (3, 6), (3, 13)),
        ((4, 3), (4, 6), (4, 12)),
    ]
    assert b.refused is None and len(b.pos) == len(b) == 2


def test_list_positions():
    root, _ = read_with_findings(POSITIONS_YAML)
    c = root["b"]["c"]
    assert isinstance(c, YList) and c == ["x", "yy"]
    assert positions([c.pos[0], c.pos[1]]) == [((3, 7), (3, 8)), ((3, 10), (3, 12))]
    assert c.pos[-1] == c.pos[1] and c.pos[-2] == c.pos[0]
    assert c.pos[:] == [c.pos[0], c.pos[1]]
    assert c.pos[::-1] == [c.pos[1], c.pos[0]]
    assert c.pos[1:5] == [c.pos[1]]
    assert c.pos[2:] == []
    assert list(c.pos) == c.pos[:] and len(c.pos) == 2
    for bad in (2, -3, 100):
        with pytest.raises(IndexError):
            c.pos[bad]
    items = root["l"]
    # a block item runs to where the next token starts (libyaml's end mark)
    assert positions(items.pos) == [((8, 5), (8, 6)), ((9, 5), (10, 1))]


def test_start_and_end_of_nested_collections():
    root, _ = read_with_findings(POSITIONS_YAML)
    b, c, d, items = root["b"], root["b"]["c"], root["b"]["d"], root["l"]
    # flow collections end one past their closing bracket
    assert (unpack(c.start), unpack(c.end)) == ((3, 6), (3, 13))
    assert (unpack(d.start), unpack(d.end)) == ((4, 6), (4, 12))
    # block collections start at their first key or dash and end where the next token
    # (or the end of the file) starts, as libyaml marks them
    assert (unpack(b.start), unpack(b.end)) == ((3, 3), (5, 1))
    assert (unpack(items.start), unpack(items.end)) == ((8, 3), (10, 1))
    assert (unpack(items[1].start), unpack(items[1].end)) == ((9, 5), (10, 1))
    assert (unpack(root.start), unpack(root.end)) == ((1, 1), (10, 1))


def test_flow_positions_deeply_nested():
    text = "k: [a, {m: [1, 22, [z]]}, 'q r']\n"
    root = read_yaml(text)
    outer = root["k"]
    inner = outer[1]["m"]
    assert (unpack(outer.start), unpack(outer.end)) == ((1, 4), (1, 33))
    assert (unpack(outer[1].start), unpack(outer[1].end)) == ((1, 8), (1, 25))
    assert (unpack(inner.start), unpack(inner.end)) == ((1, 12), (1, 24))
    assert positions(inner.pos) == [((1, 13), (1, 14)), ((1, 16), (1, 18)), ((1, 20), (1, 23))]
    assert positions(outer.pos) == [((1, 5), (1, 6)), ((1, 8), (1, 25)), ((1, 27), (1, 32))]
    assert positions([root.pos["k"]]) == [((1, 1), (1, 4), (1, 33))]
