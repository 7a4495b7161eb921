"""The rule engine: declarative rule files, rule-dirs, plugins, thresholds, severities."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from helpers import REPO

from orglint.config import Config, parse_config
from orglint.errors import RuleFileError
from orglint.pipeline import check_root
from orglint.rules import load_rules, plugins

ROOT = REPO

ORG = textwrap.dedent("""\
    version: 1
    org: {name: Acme, stage: growth, business: saas}
    people:
      - {id: boss, skills: [pm, fe, ux, sre, de, sme]}
      - {id: ana, reports_to: boss, skills: [mle]}
      - {id: bo, reports_to: boss, skills: [ds]}
    teams:
      - id: ml
        type: ml
        lead: ana
        members: [bo]
        works_with: [web]
      - id: web
        type: product
        lead: boss
    models:
      - id: m1
        stage: production
        built_by: ml
        monitoring: {drift: true, escalation: [ml]}
    """)

TEAM_RULE = textwrap.dedent("""\
    code: ACME001
    name: ml-team-needs-three
    severity: warning
    summary: ML teams have at least three members.
    given: teams
    where: {properties: {type: {const: ml}}}
    assert: {properties: {size: {minimum: 3}}}
    message: "ML team `{id}` has {size} members (lead `{lead}`): grow it to three"
    points_at: lead
    """)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_rule_dirs_rule_fires_with_file_and_line_like_builtin(tmp_path, monkeypatch, orglint):
    write(tmp_path, "org.yaml", ORG)
    write(tmp_path, "org-rules/acme001.yaml", TEAM_RULE)
    write(tmp_path, ".orglint.toml", 'rule-dirs = ["org-rules"]\n')
    monkeypatch.chdir(tmp_path)
    result = orglint("check", "org.yaml", "--output-format", "json")
    data = json.loads(result.out)
    ours = [f for f in data["findings"] if f["code"] == "ACME001"]
    assert ours == [
        {
            **ours[0],
            "path": "org.yaml",
            "line": 10,
            "column": 11,
            "severity": "warning",
            "name": "ml-team-needs-three",
            "message": "ML team `ml` has 2 members (lead `ana`): grow it to three",
        }
    ]
    assert result.code == 1
    # named by code or by name, like a built-in rule
    write(
        tmp_path, ".orglint.toml", 'rule-dirs = ["org-rules"]\nignore = ["ml-team-needs-three"]\n'
    )
    result = orglint("check", "org.yaml", "--output-format", "json")
    assert [f for f in json.loads(result.out)["findings"] if f["code"] == "ACME001"] == []


def test_rule_dirs_rule_is_documented_by_orglint_rule(tmp_path, orglint):
    write(tmp_path, "org-rules/acme001.yaml", TEAM_RULE)
    config = write(tmp_path, ".orglint.toml", 'rule-dirs = ["org-rules"]\n')
    result = orglint("rule", "ACME001", "--config", str(config), "--output-format", "json")
    data = json.loads(result.out)
    assert (data["code"], data["name"], data["kind"]) == (
        "ACME001",
        "ml-team-needs-three",
        "declarative",
    )


@pytest.mark.parametrize(
    "text, problem",
    [
        (TEAM_RULE.replace("given: teams", "given: offices"), "given"),
        (TEAM_RULE.replace("{minimum: 3}", "{minimum: three}"), "not a valid JSON Schema"),
        (TEAM_RULE.replace("{size}", "{id.__class__}"), "placeholder"),
        (TEAM_RULE.replace("code: ACME001", "code: DEP001"), "already used"),
        (TEAM_RULE + "surprise: 1\n", "surprise"),
        ("!!python/object/apply:os.system ['touch pwned']\n", "cannot read rule file"),
    ],
)
def test_broken_rule_files_are_refused_by_name(tmp_path, text, problem):
    path = write(tmp_path, "rules/bad.yaml", text)
    config = parse_config({"rule-dirs": ["rules"]}, tmp_path / ".orglint.toml")
    with pytest.raises(RuleFileError) as info:
        load_rules(config.rule_dirs)
    assert str(path) in str(info.value) and problem in str(info.value)
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_broken_rule_file_exits_2_naming_it(tmp_path, orglint):
    write(tmp_path, "org.yaml", ORG)
    write(tmp_path, "r/bad.yaml", TEAM_RULE.replace("given: teams", "given: offices"))
    write(tmp_path, ".orglint.toml", 'rule-dirs = ["r"]\n')
    code, _, err = orglint("check", str(tmp_path / "org.yaml"))
    assert code == 2
    assert "bad.yaml" in err


def test_plugin_rules_come_from_installed_entry_points(tmp_path, monkeypatch):
    write(
        tmp_path,
        "acme_plugin.py",
        textwrap.dedent("""\
        from orglint.rules import python_rule

        @python_rule("ACME002", "team-without-kpis", "info")
        def team_without_kpis(ctx):
            '''A team lists no KPIs.'''
            for tid, team in ctx.org.teams.items():
                if not team.kpis:
                    yield ctx.finding(tid, f"team `{tid}` has no kpis")
        """),
    )
    dist = tmp_path / "acme_plugin-1.0.dist-info"
    write(dist, "METADATA", "Metadata-Version: 2.1\nName: acme-plugin\nVersion: 1.0\n")
    write(dist, "entry_points.txt", "[orglint.rules]\nacme = acme_plugin\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(plugins, "_loaded", None)
    rules = load_rules()
    assert rules["ACME002"].origin == "plugin acme-plugin"
    org = write(tmp_path, "org.yaml", ORG)
    found = [
        (f.code, f.location.line)
        for f in check_root(str(org), Config(), rules).findings
        if f.code == "ACME002"
    ]
    assert found == [("ACME002", 8), ("ACME002", 13)]
    monkeypatch.setattr(plugins, "_loaded", None)


def test_thresholds_and_severity_from_configuration(tmp_path):
    many = ORG.replace(
        "models:\n",
        "models:\n"
        + "".join(f"  - {{id: x{i}, stage: development, built_by: ml}}\n" for i in range(3)),
    )
    org = write(tmp_path, "org.yaml", many)
    rules = load_rules()
    default = check_root(str(org), Config(), rules).findings
    assert "ARC003" not in {f.code for f in default}  # 4 active models <= 6
    config = parse_config(
        {"max-models-per-lead": 3, "severity": {"central-lead-overload": "error"}},
        tmp_path / ".orglint.toml",
    )
    found = [f for f in check_root(str(org), config, rules).findings if f.code == "ARC003"]
    # v2: one finding per lead person, at the `lead:` line of their first ML team
    assert [(f.location.line, f.severity) for f in found] == [(10, "error")]
    assert "4 active models (more than 3)" in found[0].message


def test_docs_rules_md_is_up_to_date():
    from orglint.rules.docs import rules_page

    page = rules_page([r for r in load_rules().values() if r.origin == "builtin"])
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == page, (
        "docs/rules.md is stale: run `python -m orglint.rules.docs docs/rules.md`"
    )


def test_rule_files_doc_lists_every_view_field():
    from orglint.rules.views import VIEW_FIELDS

    doc = (ROOT / "docs" / "rule-files.md").read_text(encoding="utf-8")
    missing = [
        f"{kind}.{name}"
        for kind, fields in VIEW_FIELDS.items()
        for name in fields
        if f"| `{name}` |" not in doc
    ]
    assert missing == []


def test_orglint_rule_explains_every_code_with_its_source(orglint):
    for rule in load_rules().values():
        code, out, err = orglint("rule", rule.code)
        assert code == 0, (rule.code, err)
        assert f"{rule.code} {rule.name}" in out
        if rule.sources:
            assert rule.sources[0]["file"] in out
    result = orglint("rule", "handoff-to-it", "--output-format", "json")
    assert json.loads(result.out)["code"] == "DEP001"
    result = orglint("rule", "--all", "--output-format", "json")
    assert len(json.loads(result.out)) == len(load_rules())


def test_builtin_rule_files_are_valid():
    """The run skips validating built-in rule files; this is where they are validated."""
    from orglint.rules import builtin_rules_dir
    from orglint.rules.declarative import validate_rule_file

    files = sorted(builtin_rules_dir().glob("*.yaml"))
    assert len(files) >= 37
    for path in files:
        import yaml

        validate_rule_file(path, yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("folder", ["/etc", "../elsewhere", "rules/../../x"])
def test_rule_dirs_stay_inside_the_configuration_folder(tmp_path, folder):
    from orglint.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        parse_config({"rule-dirs": [folder]}, tmp_path / ".orglint.toml")
    assert "rule-dirs" in str(info.value) and "outside" in str(info.value)


# -- rule files checked like code ----------------------------------------------------------


def _refusal(tmp_path: Path, text: str) -> str:
    write(tmp_path, "rules/bad.yaml", text)
    config = parse_config({"rule-dirs": ["rules"]}, tmp_path / ".orglint.toml")
    with pytest.raises(RuleFileError) as info:
        load_rules(config.rule_dirs)
    return str(info.value)


@pytest.mark.parametrize(
    "old, new, line, field, closest",
    [
        # where: line 6 is `where: {properties: {type: ...}}`
        ("{type: {const: ml}}", "{typ: {const: ml}}", 6, "`typ`", "`type`"),
        # assert: line 7; the misspelling the issue met
        ("{size: {minimum: 3}}", "{ml_member: {minimum: 1}}", 7, "`ml_member`", "`ml_members`"),
        # required, and a field of the org view
        ("{properties: {size: {minimum: 3}}}", "{required: [sise]}", 7, "`sise`", "`size`"),
        (
            "{properties: {size: {minimum: 3}}}",
            "{properties: {org: {properties: {stag: {const: early}}}}}",
            7,
            "`org.stag`",
            "`stage`",
        ),
        # nested under anyOf
        (
            "{properties: {size: {minimum: 3}}}",
            "{anyOf: [{properties: {size: {minimum: 3}}}, {properties: {kpi: {minItems: 1}}}]}",
            7,
            "`kpi`",
            "`kpis`",
        ),
        # a message placeholder: line 8
        ("has {size} members", "has {sizes} members", 8, "`{sizes}`", "`{size}`"),
    ],
)
def test_a_field_no_view_has_is_refused_with_line_and_closest(
    tmp_path, old, new, line, field, closest
):
    assert old in TEAM_RULE
    message = _refusal(tmp_path, TEAM_RULE.replace(old, new))
    path = str(tmp_path / "rules" / "bad.yaml")
    assert message.startswith(f"{path}:{line}:"), message
    assert field in message and f"the closest field is {closest}" in message


@pytest.mark.parametrize(
    "given, clause, keyword, instead",
    [
        # the case: owner_ml_members is a number (or null), minItems never applies
        ("models", "{owner_ml_members: {minItems: 1}}", "`minItems`", "`minimum`"),
        ("teams", "{skills: {minimum: 2}}", "`minimum`", "`minItems`"),
        ("teams", "{name: {minItems: 1}}", "`minItems`", "`minLength`"),
        ("people", "{is_top: {pattern: x}}", "`pattern`", None),
        ("teams", "{size: {const: '3'}}", "`const`", None),
        ("teams", "{embedded: {type: array}}", "`type: array`", None),
        ("teams", "{skills: {contains: {minimum: 1}}}", "`minimum`", None),
        ("data", "{owner: {properties: {id: {const: x}}}}", "`properties`", None),
    ],
)
def test_a_keyword_the_field_type_never_meets_is_refused(tmp_path, given, clause, keyword, instead):
    text = textwrap.dedent(f"""\
        code: ACME003
        name: typed
        severity: info
        given: {given}
        assert:
          properties: {clause}
        message: "{{id}}"
        """)
    message = _refusal(tmp_path, text)
    assert "bad.yaml:6:" in message and keyword in message, message
    if instead:
        assert f"use {instead} instead" in message


@pytest.mark.parametrize(
    "given, clause",
    [
        ("models", "{owner_ml_members: {minimum: 1}}"),
        ("models", "{owner_ml_members: {type: 'null'}}"),
        ("teams", "{skills: {contains: {const: ml}, minItems: 2}}"),
        ("teams", "{kpis: {items: {properties: {kind: {const: model}}}}}"),
        ("teams", "{size: {maximum: '${max-team-size}'}, ml_members: {enum: [0, 1]}}"),
        ("teams", "{org: {properties: {stage: {enum: [early, pre-pmf]}}}}"),
        ("people", "{reports_to: {type: [string, 'null'], minLength: 1}}"),
    ],
)
def test_well_typed_fields_load(tmp_path, given, clause):
    text = textwrap.dedent(f"""\
        code: ACME004
        name: fine
        severity: info
        given: {given}
        assert:
          properties: {clause}
        message: "{{id}} in {{org.name}}"
        """)
    write(tmp_path, "rules/good.yaml", text)
    config = parse_config({"rule-dirs": ["rules"]}, tmp_path / ".orglint.toml")
    assert load_rules(config.rule_dirs)["ACME004"].name == "fine"


def test_built_in_rule_files_are_checked_too(tmp_path):
    from orglint.rules.declarative import load_dir

    # built-in files are named after their code and name (the catalog checks that first)
    name = "ACME001-ml-team-needs-three.yaml"
    write(tmp_path, name, TEAM_RULE.replace("{size}", "{siz}"))
    with pytest.raises(RuleFileError) as info:
        load_dir(tmp_path, {}, builtin=True)
    assert "`{siz}`" in str(info.value) and f"{name}:8:" in str(info.value)


def test_a_misspelt_field_exits_2_on_the_command_line(tmp_path, orglint):
    write(tmp_path, "org.yaml", ORG)
    write(tmp_path, "r/acme.yaml", TEAM_RULE.replace("size: {minimum", "sizes: {minimum"))
    write(tmp_path, ".orglint.toml", 'rule-dirs = ["r"]\n')
    code, _, err = orglint("check", str(tmp_path / "org.yaml"))
    assert code == 2
    assert err.startswith("orglint: error: ") and "acme.yaml:7:" in err and "`sizes`" in err


# -- each view field's type, documented and true -------------------------------------------


def test_every_view_field_has_a_type_and_an_example_of_that_type():
    from orglint.rules.declarative import _has, _json_type, parse_type
    from orglint.rules.views import FIELDS, VIEW_TYPES, org_view

    kinds = {**{k: list(v) for k, v in FIELDS.items()}, "org": list(VIEW_TYPES["org"])}
    lacking = [f"{k}.{n}" for k, names in kinds.items() for n in names if n not in VIEW_TYPES[k]]
    assert lacking == [], "add these fields to VIEW_TYPES in rules/views.py"
    stale = [f"{k}.{n}" for k, t in VIEW_TYPES.items() for n in t if n not in kinds[k]]
    assert stale == []
    from orglint.resolve.org import Org

    assert set(org_view(Org(None, "x"))) == set(VIEW_TYPES["org"])
    for kind, table in VIEW_TYPES.items():
        for name, (text, example) in table.items():
            assert _has(parse_type(text), _json_type(example)), f"{kind}.{name}"


def test_rule_files_doc_has_the_generated_view_tables():
    from orglint.rules.declarative import with_view_tables

    doc = (ROOT / "docs" / "rule-files.md").read_text(encoding="utf-8")
    assert doc == with_view_tables(doc), (
        "docs/rule-files.md is stale: run `python -m orglint.rules.declarative docs/rule-files.md`"
    )


def _fits(shape: dict, value) -> bool:
    from orglint.rules.declarative import _has, _json_type

    kind = _json_type(value)
    if not _has(shape, kind):
        return False
    items = shape.get("array")
    return kind != "array" or not items or all(_fits(items, v) for v in value)


def test_view_types_hold_on_every_entity_of_the_examples(tmp_path):
    # The declared types are what the views compute: every value of every field of every
    # entity of the examples has a type its declaration allows.
    from orglint.rules.declarative import parse_type
    from orglint.rules.views import FIELDS, VIEW_TYPES, org_view, view

    rules = load_rules()
    designs = sorted((ROOT / "examples" / "designs").glob("*.yaml"))
    roots = [p for p in designs if not p.name.endswith(".expected.yaml")]
    roots += [ROOT / "examples" / "mistakes.yaml", ROOT / "examples" / "clean.yaml"]
    seen: dict[str, set] = {}
    for root in roots:
        org = check_root(str(root), Config(), rules).org
        for name, value in org_view(org).items():
            assert _fits(parse_type(VIEW_TYPES["org"][name][0]), value), (root, name, value)
        for kind in FIELDS:
            for ident in getattr(org, kind):
                for name, value in view(org, kind, ident).items():
                    shape = parse_type(VIEW_TYPES[kind][name][0])
                    assert _fits(shape, value), (root.name, kind, ident, name, value)
                    seen.setdefault(f"{kind}.{name}", set()).add(type(value).__name__)
    assert len(seen) == sum(len(f) for f in FIELDS.values())  # every field was computed


def test_a_field_without_a_type_yet_is_known_but_not_type_checked(tmp_path, monkeypatch):
    # Another change may add a view field before its type: rules using it still load (the
    # VIEW_TYPES test above is what fails), and a misspelling of it is still refused.
    from orglint.rules import declarative, views

    monkeypatch.setitem(views.FIELDS["teams"], "new_fact", lambda org, tid, t: 1)
    declarative.view_shape.cache_clear()
    try:
        text = TEAM_RULE.replace("{size: {minimum: 3}}", "{new_fact: {const: true}}")
        write(tmp_path, "rules/new.yaml", text)
        config = parse_config({"rule-dirs": ["rules"]}, tmp_path / ".orglint.toml")
        assert "ACME001" in load_rules(config.rule_dirs)
        (tmp_path / "rules" / "new.yaml").write_text(text.replace("new_fact", "new_fakt"))
        with pytest.raises(RuleFileError) as info:
            load_rules(config.rule_dirs)
        assert "the closest field is `new_fact`" in str(info.value)
    finally:
        monkeypatch.undo()
        declarative.view_shape.cache_clear()
