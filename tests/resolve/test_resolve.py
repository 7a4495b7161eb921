"""Resolve: one id namespace (ORG003), references (ORG004), skills, derived facts."""

from __future__ import annotations

import pytest
from helpers import check, codes, one, run, show, where

from orglint.resolve.org import UNKNOWN
from orglint.resolve.skills import BUILTIN_ALIASES, normalize_skill

HEAD = "version: 1\norg: {name: Acme}\n"
ORG_ONLY = {"select": ["ORG"]}  # for tests of the ORG stages alone


# -- ORG003 ----------------------------------------------------------------------------------


def test_org003_any_kinds_points_at_the_second_and_names_the_first(tmp_path):
    findings = run(
        HEAD
        + """\
people:
  - id: ml
teams:
  - id: ml
    type: ml
    lead: ml
""",
        tmp_path,
    )
    assert [where(f) for f in findings] == [("ORG003", "org.yaml", 6, 5)], show(findings)
    assert findings[0].message.startswith("id `ml` is already defined as a person at org.yaml:4;")
    assert findings[0].entity == "ml" and findings[0].field == "id"


def test_org003_across_files_names_the_first_file(tmp_path):
    findings = run(
        {
            "org.yaml": HEAD + "include: [more.yaml]\npeople:\n  - id: ceo\n  - id: ana\n"
            "    reports_to: ceo\n",
            "more.yaml": "data:\n  - name: x\n    id: ana\n",
        },
        tmp_path,
        ORG_ONLY,
    )
    assert [where(f) for f in findings] == [("ORG003", "more.yaml", 3, 5)], show(findings)
    assert "already defined as a person at org.yaml:6" in findings[0].message


def test_org003_first_definition_counts_second_takes_no_part(tmp_path):
    result = check(
        HEAD
        + """\
people:
  - id: ceo
  - id: ana
    reports_to: ceo
    skills: [backend]
  - id: ana
    reports_to: nobody
    skills: [frontend]
teams:
  - id: t
    type: product
    members: [ana]
""",
        tmp_path,
    )
    # the second `ana` is not resolved at all: no ORG004 for `nobody`
    assert [where(f) for f in result.active] == [("ORG003", "org.yaml", 8, 5)], show(result.active)
    assert result.org.skills["ana"] == frozenset({"backend"})
    assert result.org.entities["ana"].node.pos["id"][0] >> 32 == 5


# -- ORG004 ----------------------------------------------------------------------------------


def test_org004_suggests_the_closest_id_of_the_right_kind(tmp_path):
    findings = run(
        HEAD
        + """\
people:
  - id: alice
  - id: bob
    reports_to: alcie
""",
        tmp_path,
        ORG_ONLY,
    )
    assert [where(f) for f in findings] == [("ORG004", "org.yaml", 6, 17)]
    assert findings[0].message == (
        "`reports_to` names `alcie`, but no person has this id; did you mean `alice`?"
    )
    assert (findings[0].entity, findings[0].field) == ("bob", "reports_to")


def test_org004_without_a_close_id_says_what_to_do(tmp_path):
    findings = run(
        HEAD + "people:\n  - id: alice\n  - id: bob\n    reports_to: zzzzzz\n", tmp_path, ORG_ONLY
    )
    assert findings[0].message == (
        "`reports_to` names `zzzzzz`, but no person has this id: define "
        "a person with this id or fix the reference"
    )


def test_org004_wrong_kind(tmp_path):
    findings = run(
        HEAD
        + """\
people:
  - id: ceo
teams:
  - id: ml
    type: ml
    lead: ml
    members: [ceo]
models:
  - id: m
    stage: idea
    built_by: ceo
    data: [ml]
""",
        tmp_path,
    )
    assert [where(f) for f in findings] == [
        ("ORG004", "org.yaml", 8, 11),
        ("ORG004", "org.yaml", 13, 15),
        ("ORG004", "org.yaml", 14, 12),
    ], show(findings)
    assert findings[0].message == "`lead` names `ml`, which is a team; `lead` takes a person id"
    assert (
        findings[1].message
        == "`built_by` names `ceo`, which is a person; `built_by` takes a team id"
    )
    assert findings[2].message == "`data` names `ml`, which is a team; `data` takes a data asset id"


def test_org004_in_flow_and_block_lists_points_at_the_item(tmp_path):
    findings = run(
        HEAD
        + """\
people:
  - id: ceo
teams:
  - id: t
    type: product
    members: [ceo, cee, bob]
    works_with:
      - t
      - u
""",
        tmp_path,
    )
    assert [(f.location.line, f.location.column, f.location.end_column) for f in findings] == [
        (8, 20, 23),
        (8, 25, 28),
        (11, 9, 10),
    ], show(findings)
    assert "did you mean `ceo`?" in findings[0].message
    assert "`works_with` names `u`, but no team has this id" in findings[2].message


def test_org004_escalation_takes_teams_and_people(tmp_path):
    findings = run(
        HEAD
        + """\
people:
  - id: ceo
teams:
  - id: ml
    type: ml
    lead: ceo
data:
  - id: logs
models:
  - id: m
    stage: idea
    built_by: ml
    monitoring:
      escalation: [ml, ceo, logs]
""",
        tmp_path,
    )
    assert [where(f) for f in findings] == [("ORG004", "org.yaml", 16, 29)], show(findings)
    assert findings[0].message == (
        "`monitoring.escalation` names `logs`, which is a data asset; "
        "`escalation` takes a team or a person id"
    )


def test_org004_suggestions_in_a_large_org(tmp_path):
    people = "".join(
        f"  - {{id: person-{i:05d}, reports_to: person-00000}}\n" for i in range(1, 2500)
    )
    findings = run(
        HEAD
        + "people:\n  - id: person-00000\n"
        + people
        + "  - {id: late, reports_to: persn-01234}\n",
        tmp_path,
    )
    unknown = one(findings, "ORG004")
    assert unknown.message.endswith("did you mean `person-01234`?")
    assert unknown.location.line == 2504


# -- no cascades --------------------------------------------------------------------------------


def test_an_unresolved_reports_to_is_not_also_a_top_or_part_of_a_cycle(tmp_path):
    findings = run(
        HEAD
        + """\
people:
  - id: ceo
  - id: ana
    reports_to: bobb
  - id: bob
    reports_to: ana
teams:
  - id: t
    type: product
    members: [ana, bob]
""",
        tmp_path,
    )
    assert [where(f) for f in findings] == [("ORG004", "org.yaml", 6, 17)], show(findings)


def test_an_unresolved_owner_is_not_reported_as_missing(tmp_path):
    findings = run(
        HEAD
        + """\
people:
  - id: ceo
    skills: [ml]
teams:
  - id: ml
    type: ml
    lead: ceo
data:
  - id: logs
    owner: mll
models:
  - id: m
    stage: production
    built_by: mll
    deployed_by: mll
    data: [logs]
    monitoring: {drift: true, escalation: [ceo]}
""",
        tmp_path,
        config={"select": ["ORG", "OWN001", "OWN002", "OWN003", "DEP001", "DAT002"]},
    )
    assert [where(f) for f in findings] == [
        ("ORG004", "org.yaml", 12, 12),
        ("ORG004", "org.yaml", 16, 15),
        ("ORG004", "org.yaml", 17, 18),
    ], show(findings)


def test_a_reference_to_an_invalid_entity_is_neither_org004_nor_resolved(tmp_path):
    result = check(
        HEAD
        + """\
people:
  - id: ceo
  - id: ana
    reports_to: ceo
    favourite: tea
teams:
  - id: t
    type: product
    lead: ceo
    members: [ana]
""",
        tmp_path,
    )
    assert codes(result.active) == ["ORG002"]
    assert result.org.members["t"] == ["ceo"]
    assert "members" in result.org.unresolved["t"]


# -- skills ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("ML", "ml"),
        ("Machine Learning", "ml"),
        ("machine_learning", "ml"),
        ("MLE", "ml"),
        ("DS", "data-science"),
        ("Data_Science", "data-science"),
        ("de", "data-engineering"),
        ("SRE", "devops"),
        ("mlops", "devops"),
        ("infra", "devops"),
        ("PM", "product-management"),
        ("product", "product-management"),
        ("UX", "design"),
        ("ui design", "design"),
        ("sme", "domain-expertise"),
        ("web", "frontend"),
        ("FE", "frontend"),
        ("be", "backend"),
        ("  Backend ", "backend"),
        ("operations", "operations"),
    ],
)
def test_skills_are_normalised_and_aliased(written, canonical):
    assert normalize_skill(written, BUILTIN_ALIASES) == canonical


def test_configured_skill_aliases_apply_case_insensitively(tmp_path):
    result = check(
        HEAD + "people:\n  - id: ceo\n    skills: [ML-Eng, Stats, PM]\n",
        tmp_path,
        config='skill-aliases = {"ml_eng" = "ml", "STATS" = "Data Science"}\n',
    )
    assert result.org.skills["ceo"] == frozenset({"ml", "data-science", "product-management"})
    assert result.org.has_ml_skill("ceo")


# -- derived facts -------------------------------------------------------------------------------

DERIVED = (
    HEAD
    + """\
people:
  - id: ceo
    skills: [management]
  - {id: lea, reports_to: ceo, skills: [pm]}
  - {id: ml1, reports_to: lea, skills: [ds]}
  - {id: ml2, reports_to: lea, skills: [MLE, devops]}
  - {id: fe, reports_to: ceo, skills: [web]}
  - {id: ops, reports_to: ceo, skills: [sre]}
teams:
  - id: product
    type: product
    lead: lea
    members: [fe]
  - id: ml
    type: ml
    lead: ml2
    members: [ml1]
    embedded_in: product
  - id: platform
    type: platform
    members: [ops]
    works_with: [ml]
  - id: it
    type: it
    members: [ops, ceo]
models:
  - id: a
    stage: production
    built_by: ml
  - id: b
    stage: development
    built_by: ml
    owned_by: product
    deployed_by: it
  - id: c
    stage: idea
"""
)


def test_derived_facts(tmp_path):
    result = check(DERIVED, tmp_path)
    org = result.org
    assert org.members == {
        "product": ["fe", "lea"],
        "ml": ["ml1", "ml2"],
        "platform": ["ops"],
        "it": ["ops", "ceo"],
    }
    assert dict(org.teams_of) == {
        "fe": ("product",),
        "lea": ("product",),
        "ml1": ("ml",),
        "ml2": ("ml",),
        "ops": ("platform", "it"),
        "ceo": ("it",),
    }
    assert org.tops == ["ceo"]
    assert dict(org.reports) == {"ceo": ["lea", "fe", "ops"], "lea": ["ml1", "ml2"]}
    # works_with written on one side only, embedded_in: both directions
    assert org.collaborators == {
        "product": ["product", "ml"],
        "ml": ["ml", "product", "platform"],
        "platform": ["platform", "ml"],
        "it": ["it"],
    }
    assert org.team_skills["ml"] == frozenset({"data-science", "ml", "devops"})
    assert org.reachable_skills["platform"] == frozenset({"devops", "data-science", "ml"})
    assert org.reachable_skills["product"] == frozenset(
        {"frontend", "product-management", "data-science", "ml", "devops"}
    )
    assert org.ml_members == {"product": 0, "ml": 2, "platform": 0, "it": 0}
    # owned_by defaults to built_by, deployed_by to owned_by
    assert (org.built_by, org.owned_by, org.deployed_by) == (
        {"a": "ml", "b": "ml", "c": None},
        {"a": "ml", "b": "product", "c": None},
        {"a": "ml", "b": "it", "c": None},
    )
    assert org.team_models("ml") == ["a", "b"] and org.team_models("product") == ["b"]
    assert org.has_production_model("ml") and not org.has_production_model("product")
    assert org.has_active_model("product") and not org.has_active_model("it")
    assert org.is_embedded("ml") and not org.is_embedded("platform")
    assert dict(org.embedded_children) == {"product": ["ml"]}


def test_an_unresolved_model_team_is_unknown_not_missing(tmp_path):
    result = check(
        HEAD
        + """\
teams:
  - {id: ml, type: ml}
models:
  - {id: m, stage: production, built_by: mll}
""",
        tmp_path,
    )
    org = result.org
    assert org.built_by["m"] is UNKNOWN and org.owned_by["m"] is UNKNOWN
    assert org.deployed_by["m"] is UNKNOWN
    assert org.unresolved["m"] == {"built_by"}


def test_where_an_entity_field_was_written(tmp_path):
    result = check(DERIVED, tmp_path)
    org = result.org
    assert org.at("ml", "embedded_in") == org.at("ml", "embedded_in")
    loc = org.at("ml", "embedded_in")
    assert (loc.path, loc.line, loc.column) == ("org.yaml", 20, 18)
    loc = org.at("ml", "members", 0)
    assert (loc.line, loc.column) == (19, 15)
    loc = org.at("c", "built_by")  # not written: the `- id:` line
    assert (loc.line, loc.column) == (37, 5)
    loc = org.at("lea")
    assert (loc.line, loc.column) == (6, 6)
