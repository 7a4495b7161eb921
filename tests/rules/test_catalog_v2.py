"""Edge cases of the rules RULES.md v2 changed or added, one small table per rule.

Each expectation is read off RULES.md v2's wording for the org written next to it; line
numbers count from `version: 1` as line 1.
"""

from __future__ import annotations

import pytest
from helpers import check, only, run, show, where

HEAD = "version: 1\norg: {name: Acme, stage: growth, business: saas}\n"


def org(people: list[str], teams: list[str], models: list[str] = (), data: list[str] = ()) -> str:
    text = HEAD + "people:\n" + "".join(f"  - {p}\n" for p in people)
    text += "teams:\n" + "".join(f"  - {t}\n" for t in teams)
    if data:
        text += "data:\n" + "".join(f"  - {d}\n" for d in data)
    if models:
        text += "models:\n" + "".join(f"  - {m}\n" for m in models)
    return text


def members(tmp_path, text: str, config=None) -> dict[str, list[str]]:
    result = check(text, tmp_path, config)
    return {tid: sorted(ids) for tid, ids in result.org.members.items()}


# -- derived members ---------------------------------------------------------------------

BOSSES = [
    "{id: ceo}",
    "{id: ann, reports_to: ceo}",  # leads a and b
    "{id: bo, reports_to: ceo}",  # leads c
    "{id: x, reports_to: ann}",  # under ann, who leads two teams: no derived membership
    "{id: y, reports_to: bo}",  # under bo: derived member of c
    "{id: z, reports_to: y}",  # nearest leading manager is bo (y leads nothing): c
    "{id: w, reports_to: bo}",  # only in a chapter: still derived into c
    "{id: v, reports_to: ceo}",  # ceo leads only the leadership team: none
]
TEAMS = [
    "{id: top, type: leadership, lead: ceo, members: [ann, bo]}",
    "{id: a, type: product, lead: ann}",
    "{id: b, type: ml, lead: ann}",
    "{id: c, type: product, lead: bo}",
    "{id: guild, type: chapter, lead: ann, members: [w]}",
]


def test_derived_members_follow_the_nearest_leading_manager(tmp_path):
    got = members(tmp_path, org(BOSSES, TEAMS))
    assert got["c"] == ["bo", "w", "y", "z"]
    assert got["a"] == ["ann"] and got["b"] == ["ann"]  # x: ann leads two teams
    assert got["top"] == ["ann", "bo", "ceo"]  # v: leadership teams give no members


def test_str005_for_whom_no_team_is_derived(tmp_path):
    found = only(run(org(BOSSES, TEAMS), tmp_path), "STR005")
    # x (line 7, under a lead of two teams) and v (line 11, under the leadership lead)
    assert [where(f)[2] for f in found] == [7, 11], show(found)


def test_derive_members_false_turns_it_off(tmp_path):
    got = members(tmp_path, org(BOSSES, TEAMS), {"derive-members": False})
    assert got["c"] == ["bo"]
    found = only(run(org(BOSSES, TEAMS), tmp_path, {"derive-members": False}), "STR005")
    assert [where(f)[2] for f in found] == [7, 8, 9, 11]  # x, y, z, v (w is in a chapter)


def test_derive_members_must_be_a_boolean(tmp_path):
    from orglint.config import parse_config
    from orglint.errors import ConfigError

    with pytest.raises(ConfigError, match="derive-members"):
        parse_config({"derive-members": "yes"}, None)


# -- skills: normalisation, role aliases, SKL007 -------------------------------------------


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("Data Scientist", "data-science"),
        ("data_scientist", "data-science"),
        ("ML Engineer", "ml"),
        ("Machine Learning Engineer", "ml"),
        ("Applied Scientist", "ml"),
        ("Product Manager", "product-management"),
        ("Product Owner", "product-management"),
        ("UX Designer", "design"),
        ("Site Reliability", "devops"),
        ("Engineering Manager", "management"),
        ("Subject Matter Expert", "domain-expertise"),
    ],
)
def test_role_names_are_skills(written, canonical):
    from orglint.resolve.skills import BUILTIN_ALIASES, normalize_skill

    assert normalize_skill(written, BUILTIN_ALIASES) == canonical


@pytest.mark.parametrize(
    "skill, intended",
    [
        ("datascience", "data-science"),  # words joined
        ("machine-learnig", "machine-learning"),  # a letter dropped
        ("product managment", "product-management"),
        ("frontedn", "frontend"),  # two letters swapped
        ("python", None),  # free names stay silent
        ("sales", None),
        ("ai", None),  # too short to judge (one letter from `bi`)
        ("Data Scientist", None),  # an alias, not a misspelling
    ],
)
def test_skl007_names_the_intended_skill(tmp_path, skill, intended):
    text = org(
        ["{id: ceo}", f"{{id: ann, reports_to: ceo, skills: [python, '{skill}']}}"],
        ["{id: t, type: product, lead: ceo, members: [ann]}"],
    )
    found = only(run(text, tmp_path), "SKL007")
    if intended is None:
        assert found == []
    else:
        assert [where(f)[2:] for f in found] == [(5, 49)], show(found)  # the opening quote
        assert f"`{intended}`" in found[0].message


# -- SKL001/004/005/006 -------------------------------------------------------------------

BUILD = [
    "{id: ceo, skills: [management]}",
    "{id: ann, reports_to: ceo, skills: [ml]}",
    "{id: bo, reports_to: ceo, skills: [ml]}",
    "{id: cy, reports_to: ceo, skills: [sales]}",
]


def skill_findings(tmp_path, teams, models) -> list[tuple[str, int]]:
    found = run(org(BUILD, teams, models), tmp_path)
    return sorted((f.code, f.location.line) for f in found if f.code.startswith("SKL"))


def test_a_team_that_only_owns_is_not_asked_for_pm_or_design(tmp_path):
    teams = [
        "{id: ml, type: ml, lead: ann, members: [bo], works_with: [sales]}",  # line 9
        "{id: sales, type: business, lead: cy}",  # line 10
    ]
    models = ["{id: m, stage: development, built_by: ml, owned_by: sales, user_facing: true}"]
    got = skill_findings(tmp_path, teams, models)
    # ml builds: SKL001 (no PM), SKL002 (builds or owns: no frontend), SKL004, SKL005;
    # sales only owns: SKL002 only (SKL001/SKL004 check builders)
    assert got == [
        ("SKL001", 9),
        ("SKL002", 9),
        ("SKL002", 10),
        ("SKL004", 9),
        ("SKL005", 9),
    ]


def test_skl005_asks_any_team_that_builds(tmp_path):
    teams = [
        "{id: shop, type: product, lead: ann, members: [bo], works_with: [x]}",
        "{id: x, type: business, lead: cy}",
    ]
    models = ["{id: m, stage: development, built_by: shop}"]
    assert ("SKL005", 9) in skill_findings(tmp_path, teams, models)


@pytest.mark.parametrize("engagement, fires", [("full-stack", False), ("central", True)])
def test_skl006_respects_the_full_stack_design(tmp_path, engagement, fires):
    teams = [
        "{id: ml, type: ml, lead: ann, members: [bo], "
        f"engagement: {engagement}, works_with: [s]}}",
        "{id: s, type: business, lead: cy}",
    ]
    models = ["{id: m, stage: production, built_by: ml, monitoring: {drift: true}}"]
    assert (("SKL006", 9) in skill_findings(tmp_path, teams, models)) is fires


def test_an_isolated_team_gets_one_skill_finding_naming_every_gap(tmp_path):
    teams = ["{id: ml, type: ml, lead: ann, members: [bo]}"]
    models = ["{id: m, stage: development, built_by: ml, user_facing: true}"]
    found = [f for f in run(org(BUILD, teams, models), tmp_path) if f.code.startswith("SKL")]
    assert [(f.code, f.location.line) for f in found] == [("SKL001", 9)], show(found)
    for gap in ("SKL001", "SKL002", "SKL004", "SKL005", "product-management", "design"):
        assert gap in found[0].message


# -- COL001 / COL002 / ARC002 / ARC003: the v2 ML team ------------------------------------


def test_a_data_team_doing_ml_is_an_ml_team(tmp_path):
    teams = [
        "{id: ds, type: data, lead: ann, members: [bo, cy], works_with: [s]}",
        "{id: s, type: business, lead: ceo}",
    ]
    models = [
        "{id: m1, stage: development, built_by: ds, owned_by: s}",
        "{id: m2, stage: development, built_by: ds, owned_by: s}",
    ]
    found = run(org(BUILD, teams, models), tmp_path)
    assert ("COL001", 9) in [(f.code, f.location.line) for f in found]
    # builds two active models, owns none: a consultant by structure in a SaaS business
    arc002 = only(found, "ARC002")
    assert [where(f)[2] for f in arc002] == [9] and "`m1`, `m2`" in arc002[0].message


def test_a_data_team_without_ml_people_is_not(tmp_path):
    people = [
        BUILD[0],
        "{id: ann, reports_to: ceo, skills: [analytics]}",
        "{id: bo, reports_to: ceo, skills: [de]}",
        BUILD[3],
    ]
    teams = ["{id: ds, type: data, lead: ann, members: [bo]}", "{id: s, type: business, lead: cy}"]
    models = ["{id: m1, stage: development, built_by: ds, owned_by: s}"]
    found = run(org(people, teams, models), tmp_path)
    assert only(found, "COL001") == [] and only(found, "ARC002") == []


@pytest.mark.parametrize("business, fires", [("saas", True), ("services", False)])
def test_consultant_by_structure_only_in_saas(tmp_path, business, fires):
    teams = ["{id: ml, type: ml, lead: ann, members: [bo]}", "{id: s, type: business, lead: cy}"]
    models = [
        "{id: m1, stage: production, built_by: ml, owned_by: s}",
        "{id: m2, stage: development, built_by: ml, owned_by: s}",
    ]
    text = org(BUILD, teams, models).replace("business: saas", f"business: {business}")
    assert bool(only(run(text, tmp_path), "ARC002")) is fires


def test_arc002_quiet_when_the_team_owns_one_of_its_models(tmp_path):
    teams = ["{id: ml, type: ml, lead: ann, members: [bo]}", "{id: s, type: business, lead: cy}"]
    models = [
        "{id: m1, stage: production, built_by: ml}",
        "{id: m2, stage: development, built_by: ml, owned_by: s}",
        "{id: m3, stage: development, built_by: ml, owned_by: s}",
    ]
    assert only(run(org(BUILD, teams, models), tmp_path), "ARC002") == []


def test_arc003_counts_every_team_of_one_lead(tmp_path):
    teams = [
        "{id: ml-a, type: ml, lead: ann, members: [bo]}",  # line 9
        "{id: ml-b, type: ml, lead: ann}",
    ]
    models = [f"{{id: a{i}, stage: development, built_by: ml-a}}" for i in range(4)]
    models += [f"{{id: b{i}, stage: development, built_by: ml-b}}" for i in range(3)]
    found = only(run(org(BUILD, teams, models), tmp_path), "ARC003")
    # 4 + 3 = 7 > 6 for ann: one finding, at ml-a's `lead:` value
    assert [where(f)[2:] for f in found] == [(9, 32)], show(found)
    assert "`ann`" in found[0].message and "7 active models" in found[0].message


# -- ARC004 / ARC005 ----------------------------------------------------------------------


def test_arc004_counts_ml_people_in_product_teams(tmp_path):
    people = ["{id: ceo}"] + [f"{{id: p{i}, reports_to: ceo, skills: [ml]}}" for i in range(3)]
    people.append("{id: q, reports_to: ceo, skills: [backend]}")
    teams = [f"{{id: t{i}, type: product, lead: p{i}}}" for i in range(3)]
    teams.append("{id: e, type: ml, lead: q, embedded_in: t0}")  # embedded, no ML skill
    models = [f"{{id: m{i}, stage: development, built_by: t{i}}}" for i in range(3)]
    found = only(run(org(people, teams, models), tmp_path), "ARC004")
    assert [where(f)[2] for f in found] == [10, 11, 12], show(found)


ISOLATION = [
    "{id: ceo, skills: [management]}",
    "{id: head, reports_to: ceo, skills: [data-science, management]}",
    "{id: ds, reports_to: head, skills: [ds]}",
    "{id: pm, reports_to: ceo, skills: [pm]}",
]


@pytest.mark.parametrize(
    "teams, isolated",
    [
        # head manages ds: a peer in the manager chain and among direct reports
        (
            ["{id: p, type: product, lead: pm, members: [ds]}", "{id: d, type: data, lead: head}"],
            [],
        ),
        # ds's team works with a team that has another ML person
        (
            [
                "{id: p, type: product, lead: pm, members: [ds], works_with: [d]}",
                "{id: d, type: data, lead: head}",
            ],
            [],
        ),
    ],
)
def test_arc005_peers_in_chain_reports_and_collaborators(tmp_path, teams, isolated):
    found = only(run(org(ISOLATION, teams), tmp_path), "ARC005")
    assert [where(f)[2] for f in found] == isolated, show(found)


def test_arc005_fires_with_no_peer_anywhere(tmp_path):
    # ds reports to the PM; head has no ML skill: no peer in team, chain or reports
    people = [
        ISOLATION[0],
        "{id: head, reports_to: ceo, skills: [analytics, management]}",
        "{id: ds, reports_to: pm, skills: [ds]}",
        ISOLATION[3],
    ]
    teams = ["{id: p, type: product, lead: pm, members: [ds]}", "{id: d, type: data, lead: head}"]
    found = only(run(org(people, teams), tmp_path), "ARC005")
    assert [where(f)[2] for f in found] == [6], show(found)


# -- MON002 --------------------------------------------------------------------------------

ESCALATION = [
    "{id: ceo, skills: [management]}",
    "{id: ann, reports_to: ceo, skills: [ml]}",
    "{id: bo, reports_to: ceo, skills: [ml]}",  # in `partner`, the builder's collaborator
    "{id: cy, reports_to: ceo, skills: [ml]}",  # ML skill, in a team unrelated to the model
    "{id: di, reports_to: ceo, skills: [pm]}",
]
ESCALATION_TEAMS = [
    "{id: ml, type: ml, lead: ann, works_with: [partner]}",
    "{id: partner, type: ml, lead: bo}",
    "{id: elsewhere, type: ml, lead: cy}",
    "{id: biz, type: business, lead: di}",
]


@pytest.mark.parametrize(
    "escalation, fires",
    [
        ("[ml]", False),  # the builder
        ("[partner]", False),  # the builder's collaborator, with ML skill
        ("[bo]", False),  # an ML person of the builder's collaborator
        ("[ann]", False),  # an ML person of the builder
        ("[cy]", True),  # ML skill, but never saw the model
        ("[elsewhere]", True),  # an ML team that is not the builder's
        ("[biz]", True),  # the owner, without ML skill
        ("[biz, ml]", False),  # one entry that leads back is enough
    ],
)
def test_mon002_escalation_must_reach_builders_or_owners(tmp_path, escalation, fires):
    models = [
        "{id: m, stage: production, built_by: ml, owned_by: biz, "
        f"monitoring: {{drift: true, escalation: {escalation}}}}}"
    ]
    found = only(run(org(ESCALATION, ESCALATION_TEAMS, models), tmp_path), "MON002")
    assert bool(found) is fires, show(found)


# -- DAT002 ---------------------------------------------------------------------------------


def test_dat002_one_finding_per_team_pair_naming_every_model_and_data(tmp_path):
    teams = ["{id: ml, type: ml, lead: ann, members: [bo]}", "{id: s, type: business, lead: cy}"]
    data = ["{id: d1, owner: s}", "{id: d2, owner: s}"]
    models = [
        "{id: m1, stage: production, built_by: ml, data: [d1]}",  # line 15
        "{id: m2, stage: production, built_by: ml, data: [d2, d1]}",
    ]
    found = only(run(org(BUILD, teams, models, data), tmp_path), "DAT002")
    assert [where(f)[2:] for f in found] == [(15, 54)], show(found)
    for ident in ("`m1`", "`m2`", "`d1`", "`d2`", "`s`", "`ml`"):
        assert ident in found[0].message


# -- ARC009 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kpis, fires",
    [("", True), (", kpis: []", True), (", kpis: [{name: x, kind: model}]", False)],
)
def test_arc009_teams_with_production_models_and_no_kpis(tmp_path, kpis, fires):
    teams = [f"{{id: ml, type: ml, lead: ann, members: [bo]{kpis}}}"]
    models = ["{id: m, stage: production, built_by: ml}"]
    found = only(run(org(BUILD, teams, models), tmp_path), "ARC009")
    assert [where(f)[2] for f in found] == ([9] if fires else [])


def test_a_suppressed_skill_finding_is_not_merged(tmp_path):
    teams = ["{id: ml, type: ml, lead: ann, members: [bo]}  # orglint: ignore[SKL001] -- PM hired"]
    models = ["{id: m, stage: development, built_by: ml, user_facing: true}"]
    result = check(org(BUILD, teams, models), tmp_path)
    active = [f for f in result.active if f.code.startswith(("SKL", "SUP"))]
    # SKL001 stays suppressed (no SUP002); SKL002 carries SKL004 and SKL005
    assert [(f.code, f.location.line) for f in active] == [("SKL002", 9)], show(active)
    assert "SKL004" in active[0].message and "SKL001" not in active[0].message


def test_derivation_stops_at_a_reporting_cycle(tmp_path):
    people = [
        "{id: ceo}",
        "{id: lead, reports_to: ceo}",
        "{id: a, reports_to: b}",  # a and b report to each other: no leading manager
        "{id: b, reports_to: a}",
        "{id: c, reports_to: a}",  # below the cycle: none either
        "{id: d, reports_to: ghost}",  # unresolved manager: the walk ends
    ]
    got = members(tmp_path, org(people, ["{id: t, type: product, lead: lead}"]))
    assert got["t"] == ["lead"]
