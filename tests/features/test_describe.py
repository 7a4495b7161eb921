"""`orglint describe`: the summary, the three axes, the design each ML team matches and why."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from helpers import REPO, SHARED, check, cwd, run_orglint, write

from orglint.features.describe import ARCHETYPES, DESIGNS, describe

EXPECTED = sorted((REPO / "examples" / "designs").glob("*.expected.yaml"))
SEEDS = SHARED / "seeds"


def describe_json(path: Path | str) -> dict:
    code, out, err = run_orglint("describe", str(path), "--output-format", "json")
    assert code == 0, (out, err)
    orgs = json.loads(out)["orgs"]
    assert len(orgs) == 1
    return orgs[0]


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name.replace(".expected.yaml", ""))
def test_examples_name_the_intended_design(expected: Path):
    example = expected.with_name(expected.name.replace(".expected.yaml", ".yaml"))
    want = yaml.safe_load(expected.read_text(encoding="utf-8"))["designs"] or {}
    got = {
        t["id"]: {"design": t["design"]["name"], "archetype": t["archetype"]["name"]}
        for t in describe_json(example)["ml_teams"]
    }
    assert got == want


def test_the_design_examples_are_there():
    # The parametrized test above must not pass by finding nothing.
    assert len(EXPECTED) >= 10


ORG = """
version: 1
org: {name: Acme, stage: growth, business: saas}
people:
  - {id: ceo, skills: [management]}
  - {id: cto, reports_to: ceo, skills: [backend]}
  - {id: lead, reports_to: ceo, skills: [ml, management]}
  - {id: ana, reports_to: lead, skills: [ml, backend]}
  - {id: ben, reports_to: lead, skills: [ds, research]}
  - {id: cy, reports_to: lead, skills: [ds]}
  - {id: pm, reports_to: cto, skills: [pm]}
  - {id: fe, reports_to: cto, skills: [fe]}
teams:
  - {id: ml, type: ml, lead: lead, members: [ana, ben, cy], engagement: central, works_with: [app]}
  - {id: app, type: product, lead: pm, members: [fe]}
  - {id: it, type: it, lead: cto}
data:
  - {id: events, owner: ml}
  - {id: orders, owner: app}
  - {id: vendor}
models:
  - id: recs
    stage: production
    built_by: ml
    data: [events, orders]
    monitoring: {drift: true, escalation: [ben]}
  - id: churn
    stage: production
    built_by: ml
    deployed_by: it
    data: [vendor]
  - {id: old, stage: retired, built_by: ml, data: [orders]}
  - {id: idea, stage: idea}
"""


def test_summary_counts_people_teams_tree_and_models(tmp_path):
    result = check(ORG, tmp_path)
    d = describe(result.org, result.findings).to_dict()
    s = d["summary"]
    assert s["headcount"] == 8
    assert s["teams_by_type"] == {"it": 1, "ml": 1, "product": 1}
    assert s["reporting"] == {"depth": 3, "widest_span": {"person": "lead", "reports": 3}}
    assert s["models_by_stage"] == {"idea": 1, "production": 2, "retired": 1}
    assert s["models"][1] == {
        "id": "churn",
        "stage": "production",
        "built_by": "ml",
        "owned_by": "ml",
        "deployed_by": "it",
    }
    assert s["models"][3] == {
        "id": "idea",
        "stage": "idea",
        "built_by": None,
        "owned_by": None,
        "deployed_by": None,
    }
    assert d["org"] == {"name": "Acme", "stage": "growth", "business": "saas", "root": "org.yaml"}


def test_axes_are_computed_from_skills_data_and_models(tmp_path):
    result = check(ORG, tmp_path)
    (team,) = describe(result.org, result.findings).teams
    eng, data, models = (
        team.axes[k] for k in ("software_vs_research", "data_ownership", "model_ownership")
    )
    # members: lead, ana (backend), ben (research), cy
    assert (eng["members"], eng["software"], eng["research"], eng["ml"]) == (4, 1, 1, 4)
    assert eng["position"] == "balanced"
    # recs reads events (owned) and orders (app's); churn reads vendor (no owner); the
    # retired model's data does not count
    assert data["read"] == ["events", "orders", "vendor"]
    assert data["owned"] == ["events"]
    assert data["other_owners"] == ["(no owner)", "app"]
    assert (data["share"], data["position"]) == (0.33, "owns some")
    assert models["models"] == [
        {
            "id": "recs",
            "stage": "production",
            "builds": True,
            "owns": True,
            "deploys": True,
            "escalated": True,
        },  # ben is a member
        {
            "id": "churn",
            "stage": "production",
            "builds": True,
            "owns": True,
            "deploys": False,
            "escalated": False,
        },
    ]
    assert models["position"] == "partial"
    assert (models["production"], models["escalated"]) == (2, 1)


def test_findings_bearing_on_a_team_are_its_own_its_models_data_and_members(tmp_path):
    result = check(ORG, tmp_path)
    (team,) = describe(result.org, result.findings).teams
    got = {(f.code, f.entity) for f in team.findings}
    # MON001/MON002 on churn (its model), DEP001 on churn, OWN002 on vendor: not the
    # team's data, so only through the model it builds
    assert ("MON001", "churn") in got and ("DEP001", "churn") in got
    assert ("MON002", "churn") in got
    assert all(
        f.entity in {"ml", "lead", "ana", "ben", "cy", "events", "recs", "churn", "old"}
        for f in team.findings
    ), got
    # and every finding on one of those entities is listed
    mine = {
        (f.code, f.entity)
        for f in result.active
        if f.entity in {"ml", "lead", "ana", "ben", "cy", "events", "recs", "churn", "old"}
    }
    assert got == mine
    # worst first
    ranks = [{"error": 3, "warning": 2, "info": 1}[f.severity] for f in team.findings]
    assert ranks == sorted(ranks, reverse=True)


def test_central_engagement_is_productized_and_independent_with_reasons(tmp_path):
    d = describe_json(write(tmp_path, ORG) / "org.yaml")
    (team,) = d["ml_teams"]
    assert team["design"]["name"] == "productized"
    assert team["design"]["reasons"][0].startswith("`engagement: central`")
    assert "it works with `app`" in team["design"]["reasons"]
    assert team["archetype"]["name"] == "independent"
    assert "its lead `lead` reports to `ceo`, the top of the org" in team["archetype"]["reasons"]
    assert team["design"]["rules"] == ["ARC003"]
    assert team["design"]["costs"][0]["source"] == {
        "file": "001_f535c1ed49b48fcf.txt",
        "section": "4. [Near Future] Productized Data Science Team",
    }


def _team(tmp_path, team_yaml: str, extra: str = "") -> dict:
    text = f"""
version: 1
org: {{name: T}}
people:
  - {{id: boss, skills: [management]}}
  - {{id: r1, reports_to: boss, skills: [research, ml]}}
  - {{id: r2, reports_to: boss, skills: [research, ds]}}
  - {{id: e1, reports_to: boss, skills: [mle, fe, be]}}
  - {{id: e2, reports_to: boss, skills: [ds, sre]}}
  - {{id: pm, reports_to: boss, skills: [pm]}}
  - {{id: dev, reports_to: boss, skills: [be]}}
teams:
{team_yaml}
{extra}"""
    (team,) = describe_json(write(tmp_path, text) / "org.yaml")["ml_teams"]
    return team


def test_research_skills_without_production_infer_an_rnd_lab(tmp_path):
    team = _team(tmp_path, "  - {id: t, type: ml, members: [r1, r2]}")
    assert (team["design"]["name"], team["archetype"]["name"]) == ("rnd-lab", "rnd")
    assert team["design"]["reasons"] == [
        "its skills lean to research (2 of 2 members)",
        "it has no model in production",
    ]


def test_models_owned_by_the_teams_they_serve_infer_a_consultant(tmp_path):
    team = _team(
        tmp_path,
        "  - {id: t, type: ml, members: [e1, e2]}\n  - {id: ops, type: business, lead: pm}",
        "models:\n  - {id: m, stage: development, built_by: t, owned_by: ops}\n",
    )
    assert team["design"]["name"] == "consultant"
    assert team["design"]["reasons"] == [
        "most models it builds (`m`) are owned by the teams it builds them for (`ops`)"
    ]


def test_end_to_end_with_frontend_backend_devops_infers_full_stack(tmp_path):
    team = _team(
        tmp_path,
        "  - {id: t, type: ml, members: [e1, e2]}",
        "models:\n  - {id: m, stage: development, built_by: t}\n",
    )
    assert team["design"]["name"] == "full-stack"
    assert "its own members cover frontend, backend and devops" in team["design"]["reasons"]
    assert team["axes"]["software_vs_research"]["position"] == "software engineering"


def test_a_team_within_a_product_team_is_embedded(tmp_path):
    team = _team(
        tmp_path,
        "  - {id: app, type: product, lead: pm}\n"
        "  - {id: t, type: ml, members: [e1, e2], parent: app}",
    )
    assert (team["design"]["name"], team["archetype"]["name"]) == ("embedded", "embedded")
    assert team["design"]["reasons"] == ["it sits within `app`, a team of type product"]


def test_ml_next_to_software_engineers_and_a_pm_is_a_feature_team_not_a_pillar(tmp_path):
    # `engagement: full-stack` is written, but the team's own PM (pm) and engineer without
    # ML skill (dev) make it 003's feature team, not 001's ML pillar (ML engineers only).
    team = _team(
        tmp_path, "  - {id: t, type: ml, members: [e1, e2, pm, dev], engagement: full-stack}"
    )
    assert (team["design"]["name"], team["archetype"]["name"]) == ("feature-team", "embedded")
    reason = team["design"]["reasons"][0]
    assert "(`dev`)" in reason and "(`pm`)" in reason and "(`e1`, `e2`)" in reason
    costs = " ".join(c["text"] for c in team["design"]["costs"])
    assert "product manager" not in costs  # the pillar's "no PM" cost is not given


def test_a_team_without_ml_skill_is_nascent(tmp_path):
    team = _team(tmp_path, "  - {id: t, type: ml, members: [pm, dev]}")
    assert team["archetype"]["name"] == "nascent"
    assert team["archetype"]["reasons"] == ["no member has ML skill (`ml` or `data-science`)"]


def test_an_org_without_ml_teams_says_so_and_is_nascent(repo, orglint):
    d = describe_json(repo / "examples" / "designs" / "nascent.yaml")
    assert d["ml_teams"] == []
    assert d["org_archetype"]["name"] == "nascent"
    code, out, _ = orglint("describe", str(repo / "examples" / "designs" / "nascent.yaml"))
    assert code == 0
    assert "no ML or research team, and no product team whose own ML people" in out


def test_text_output_names_axes_design_sources_and_findings(repo, orglint):
    code, out, _ = orglint("describe", str(repo / "examples" / "designs" / "consultant.yaml"))
    assert code == 0
    assert out.startswith("Helpwise — ")
    assert "ml team `ds-services` (Data Science Services)" in out
    assert "  design (000/001): consultant (Data science consultant)\n" in out
    assert "    because `engagement: consulting`" in out
    assert '[000_10e9566b940d870c.txt, "3. Data Science Consultant"]' in out
    assert "  archetype (002): independent" in out
    assert re.search(r"^    software engineering vs research: \S", out, re.M)
    assert re.search(r"^    \S+consultant\.yaml:\d+:\d+: ARC002 \[warning\] ", out, re.M)


def test_markdown_output_escapes_names(tmp_path, orglint):
    text = """
version: 1
org: {name: "Evil | <b>Co</b> # `x`"}
people:
  - {id: a, skills: [ml]}
  - {id: b, reports_to: a, skills: [ml]}
teams:
  - {id: t, name: "T | <i>x</i>", type: ml, lead: a, members: [b]}
"""
    path = write(tmp_path, text) / "org.yaml"
    code, out, _ = orglint("describe", str(path), "--output-format", "markdown")
    assert code == 0
    assert out.startswith("# Evil \\| \\<b\\>Co\\</b\\> \\# \\`x\\`\n")
    assert "## `t` — T \\| \\<i\\>x\\</i\\> (ml)" in out
    assert "| software engineering vs research | **" in out
    assert "<b>" not in out and "<i>" not in out


def test_output_file_and_several_roots(tmp_path, orglint):
    write(tmp_path, {"a/org.yaml": ORG, "b/org.yaml": ORG.replace("name: Acme", "name: Beta")})
    with cwd(tmp_path):
        code, out, err = orglint("describe", "a", "b", "--output-format", "json", "-o", "out.json")
        assert code == 0 and out == "" and err == ""
        orgs = json.loads(Path("out.json").read_text(encoding="utf-8"))["orgs"]
    assert [o["org"]["name"] for o in orgs] == ["Acme", "Beta"]


def test_broken_input_is_described_without_a_traceback(tmp_path):
    path = (
        write(
            tmp_path,
            "version: 1\norg: {name: X}\nteams:\n  - {id: t, type: ml, lead: nobody}\n  - [oops]\n",
        )
        / "org.yaml"
    )
    d = describe_json(path)
    (team,) = d["ml_teams"]
    assert team["archetype"]["name"] == "nascent"
    assert [f["code"] for f in team["findings"]] == ["ORG004"]
    assert d["findings"]["error"] == 2


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source articles are not available here")
def test_strengths_and_costs_paraphrase_and_cite_real_sections():
    corpus = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("0*.txt")}
    grams = set()
    for text in corpus.values():
        words = _words(text)
        grams |= {tuple(words[i : i + 7]) for i in range(len(words) - 6)}
    for design in [*DESIGNS.values(), *ARCHETYPES.values()]:
        for point in (*design.strengths, *design.costs):
            assert point.source.section in corpus[point.source.file], point.source
            words = _words(point.text)
            copied = [
                " ".join(words[i : i + 7])
                for i in range(len(words) - 6)
                if tuple(words[i : i + 7]) in grams
            ]
            assert not copied, f"{design.name}: copied from the source: {copied}"


# -- the seeds' designs, labels derived by hand ------------------------------------------

# 004 ("Solution: Product-driven teams"): data scientists and data engineers embedded in the
# product teams that use ML, a small central platform team, no team of type ml. Ten people
# with ML skill sit in three squads; four production models, each monitored and escalated
# to its squad. 002 calls this the business and product embedded organization.
SQUADS = """
version: 1
org: {name: Squads, stage: scale, business: marketplace}
people:
  - {id: ceo, skills: [management]}
  - {id: cto, reports_to: ceo, skills: [backend, management]}
  - {id: plat, reports_to: cto, skills: [devops, data-engineering]}
  - {id: s1, reports_to: cto, skills: [pm]}
  - {id: s2, reports_to: cto, skills: [pm]}
  - {id: s3, reports_to: cto, skills: [pm]}
  - {id: a1, reports_to: s1, skills: [ds]}
  - {id: a2, reports_to: s1, skills: [ds]}
  - {id: a3, reports_to: s1, skills: [ml, backend]}
  - {id: a4, reports_to: s1, skills: [ml]}
  - {id: b1, reports_to: s2, skills: [ds]}
  - {id: b2, reports_to: s2, skills: [ds]}
  - {id: b3, reports_to: s2, skills: [mle]}
  - {id: c1, reports_to: s3, skills: [ds]}
  - {id: c2, reports_to: s3, skills: [ml]}
  - {id: c3, reports_to: s3, skills: [ds, frontend]}
  - {id: fe, reports_to: s1, skills: [frontend]}
teams:
  - {id: search, type: product, lead: s1, members: [a1, a2, a3, a4, fe]}
  - {id: pricing, type: product, lead: s2, members: [b1, b2, b3]}
  - {id: trust, type: product, lead: s3, members: [c1, c2, c3]}
  - {id: ml-platform, type: platform, lead: plat}
models:
  - {id: rank, stage: production, built_by: search, monitoring: {drift: true, escalation: [search]}}
  - {id: autocomplete, stage: production, built_by: search,
     monitoring: {drift: true, escalation: [a1]}}
  - {id: price, stage: production, built_by: pricing,
     monitoring: {drift: true, escalation: [pricing]}}
  - {id: fraud, stage: production, built_by: trust, monitoring: {drift: true, escalation: [trust]}}
"""


def _labels(d: dict) -> dict:
    return {t["id"]: (t["design"]["name"], t["archetype"]["name"]) for t in d["ml_teams"]}


def test_004_embedded_squads_without_an_ml_team_are_embedded_not_nascent(tmp_path):
    d = describe_json(write(tmp_path, SQUADS) / "org.yaml")
    assert d["org_archetype"]["name"] == "embedded"
    assert d["org_archetype"]["reasons"][0].startswith("10 ML people work inside product")
    # the platform team has no ML people and is not described; each squad is
    assert _labels(d) == {
        "search": ("embedded", "embedded"),
        "pricing": ("embedded", "embedded"),
        "trust": ("embedded", "embedded"),
    }


def test_ml_people_in_two_squads_count_once(tmp_path):
    text = SQUADS.replace("members: [b1, b2, b3]", "members: [b1, b2, b3, a1]")
    d = describe_json(write(tmp_path, text) / "org.yaml")
    assert d["org_archetype"]["reasons"][0].startswith("10 ML people work inside product")


def test_ml_people_with_no_ml_team_and_no_model_are_nascent_ad_hoc(tmp_path):
    text = SQUADS.split("models:")[0]
    d = describe_json(write(tmp_path, text) / "org.yaml")
    assert d["ml_teams"] == []
    assert d["org_archetype"]["name"] == "nascent"
    assert "ML is done ad hoc" in d["org_archetype"]["reasons"][0]


# 003 (introduction, "Delivery for ML Teams"): a feature team owns a mission; a PM, a
# designer, full-stack engineers and data scientists in one team. 001's pillar (section 5)
# is ML engineers doing every role, with no PM.
FEATURE = """
version: 1
org: {name: Stories, stage: scale}
people:
  - {id: ceo, skills: [management]}
  - {id: cto, reports_to: ceo, skills: [backend, management]}
  - {id: lead, reports_to: cto, skills: [ml, management]}
  - {id: pm, reports_to: lead, skills: [pm]}
  - {id: ux, reports_to: lead, skills: [ux]}
  - {id: eng, reports_to: lead, skills: [frontend, backend, devops]}
  - {id: ds1, reports_to: lead, skills: [ds]}
  - {id: ds2, reports_to: lead, skills: [ds, research]}
  - {id: head, reports_to: ceo, skills: [ml, management]}
  - {id: m1, reports_to: head, skills: [ml, frontend, backend]}
  - {id: m2, reports_to: head, skills: [ml, devops]}
teams:
  - id: stories
    type: ml
    lead: lead
    members: [pm, ux, eng, ds1, ds2]
    engagement: full-stack
    kpis: [{name: stories read, kind: product}]
  - {id: pillar, type: ml, lead: head, members: [m1, m2]}
models:
  - {id: recs, stage: production, built_by: stories,
     monitoring: {drift: true, escalation: [stories]}}
  - {id: bot, stage: production, built_by: pillar, monitoring: {drift: true, escalation: [m1]}}
"""


def test_003_feature_team_is_not_a_pillar_and_001_pillar_still_is(tmp_path):
    d = describe_json(write(tmp_path, FEATURE) / "org.yaml")
    assert _labels(d) == {
        # PM, designer and an engineer without ML skill beside two data scientists
        "stories": ("feature-team", "embedded"),
        # ML engineers covering frontend, backend and devops, end to end, lead under the CEO
        "pillar": ("full-stack", "independent"),
    }
    stories = next(t for t in d["ml_teams"] if t["id"] == "stories")
    assert "with design" in stories["design"]["reasons"][0]
    assert any("`engagement: full-stack` is written" in r for r in stories["design"]["reasons"])
    pillar_costs = {p.text for p in DESIGNS["full-stack"].costs}
    assert not pillar_costs & {c["text"] for c in stories["design"]["costs"]}
    assert {s["file"] for s in stories["design"]["sources"]} == {
        "003_f136d91f7e43b1ed.txt",
        "004_38fa3b7c01b57b73.txt",
    }


def test_the_design_example_of_003_is_a_feature_team(repo):
    d = describe_json(repo / "examples" / "designs" / "feature-team.yaml")
    assert _labels(d)["story-discovery"] == ("feature-team", "embedded")


# 002 ("The Independent Machine Learning organization"): the ML division reports directly to
# senior leadership. Here that is the top of the org or one level below it.
def _chain_org(boss_line: str, extra_teams: str = "") -> str:
    return f"""
version: 1
org: {{name: Chain}}
people:
  - {{id: ceo, skills: [management]}}
  - {{id: cfo, reports_to: ceo, skills: [management]}}
  - {{id: cto, reports_to: ceo, skills: [management]}}
  - {{id: dir, reports_to: cfo, skills: [analytics]}}
  - {{id: vp, reports_to: cto, skills: [backend]}}
  - {{id: lead, {boss_line}skills: [ml, management]}}
  - {{id: ds, reports_to: lead, skills: [ds]}}
teams:
  - {{id: ml, type: ml, lead: lead, members: [ds], engagement: central}}
{extra_teams}"""


@pytest.mark.parametrize(
    ("boss", "teams", "archetype"),
    [
        ("", "", "independent"),  # the lead is the top
        ("reports_to: ceo, ", "", "independent"),  # reports to the top
        ("reports_to: cto, ", "", "independent"),  # one level below the top
        # three levels below the CEO, under the CFO who leads a business team: ML inside
        # that business unit
        ("reports_to: dir, ", "  - {id: finance, type: business, lead: cfo}\n", "embedded"),
        # three levels below, under engineering: none of 002's archetypes
        ("reports_to: vp, ", "  - {id: eng, type: engineering, lead: cto}\n", "unplaced"),
    ],
)
def test_independent_only_within_one_level_of_the_top(tmp_path, boss, teams, archetype):
    d = describe_json(write(tmp_path, _chain_org(boss, teams)) / "org.yaml")
    (team,) = d["ml_teams"]
    assert team["design"]["name"] == "productized"
    assert team["archetype"]["name"] == archetype, team["archetype"]["reasons"]


def test_the_cfo_case_names_the_chain_and_the_business_unit(tmp_path):
    text = _chain_org("reports_to: dir, ", "  - {id: finance, type: business, lead: cfo}\n")
    (team,) = describe_json(write(tmp_path, text) / "org.yaml")["ml_teams"]
    reasons = team["archetype"]["reasons"]
    assert "its lead is 3 levels below the top of the org (`lead` → `dir` → `cfo` → `ceo`)" in (
        reasons
    )
    assert any("`cfo`, who leads `finance`" in r for r in reasons)


# -- facts the org lacks ---------------------------------------------------------------

BARE = """
version: 1
org: {name: Bare}
people:
  - {id: a}
  - {id: b}
  - {id: c}
teams:
  - {id: t, type: ml, lead: a, members: [b, c]}
"""


def _facts(d) -> dict:
    return {f["fact"]: f["status"] for f in d["missing_facts"]}


def test_missing_facts_are_named_with_where_to_write_them(tmp_path, orglint):
    d = describe_json(write(tmp_path, BARE) / "org.yaml")
    assert _facts(d) == {
        "skills": "missing",
        "reporting_lines": "missing",
        "kpis": "missing",
        "models": "missing",
        "data": "missing",
    }
    where = {f["fact"]: f["where"] for f in d["missing_facts"]}
    assert "`skills:`" in where["skills"] and "`reports_to:`" in where["reporting_lines"]
    # without skills nobody can be told to do ML: not "nascent"
    assert d["org_archetype"]["name"] == "unplaced"
    (team,) = d["ml_teams"]
    assert team["archetype"]["name"] == "unplaced"
    assert team["archetype"]["reasons"] == [
        "no person has `skills` written: ML skill cannot be told"
    ]
    code, out, _ = orglint("describe", str(tmp_path / "org.yaml"))
    assert code == 0
    assert "    - reporting_lines (missing): no person has `reports_to` written; write" in out


def test_partly_written_skills_are_partial(tmp_path):
    text = BARE.replace("{id: a}", "{id: a, skills: [ml]}")
    d = describe_json(write(tmp_path, text) / "org.yaml")
    partial = next(f for f in d["missing_facts"] if f["fact"] == "skills")
    assert (partial["status"], partial["detail"]) == (
        "partial",
        "2 of 3 people have no `skills` written",
    )


def test_without_reporting_lines_independence_is_not_claimed(tmp_path):
    text = """
version: 1
org: {name: Flat}
people:
  - {id: a, skills: [ml]}
  - {id: b, skills: [ml]}
teams:
  - {id: t, type: ml, lead: a, members: [b], kpis: [{name: x, kind: product}]}
"""
    d = describe_json(write(tmp_path, text) / "org.yaml")
    (team,) = d["ml_teams"]
    assert team["archetype"]["name"] == "unplaced"
    assert "whether it reports to senior leadership" in team["archetype"]["reasons"][-1]


def test_a_source_can_mark_facts_unknown(tmp_path):
    # A source (Backstage has no reporting lines) sets org.unknown_facts; describe reports
    # the fact as unknown, not missing, and does not decide what depends on it.
    result = check(_chain_org("reports_to: ceo, "), tmp_path)
    result.org.unknown_facts = {"reporting_lines": "Backstage has no reporting lines"}
    d = describe(result.org, result.findings)
    facts = {f["fact"]: (f["status"], f["detail"]) for f in d.missing_facts}
    assert facts["reporting_lines"] == ("unknown", "Backstage has no reporting lines")
    (team,) = d.teams
    assert team.archetype.design.name == "unplaced"
    result.org.unknown_facts = {"models", "budgets"}
    facts = {f["fact"]: f["status"] for f in describe(result.org, result.findings).missing_facts}
    assert facts["models"] == facts["budgets"] == "unknown"  # a fact describe does not know
    assert "reporting_lines" not in facts


def test_a_data_team_doing_ml_is_described(tmp_path):
    # RULES.md v2: a `data` team that builds an active model and has ML skill is an ML team
    # (004: ML scientists put on the data team).
    text = _chain_org("reports_to: ceo, ").replace("type: ml,", "type: data,") + (
        "models:\n  - {id: m, stage: development, built_by: ml}\n"
    )
    d = describe_json(write(tmp_path, text) / "org.yaml")
    assert [t["id"] for t in d["ml_teams"]] == ["ml"]


def test_unknown_skills_leave_ml_skill_undecided(tmp_path):
    # An HR roster converted by a source may carry no skills: the org is not called nascent.
    result = check(BARE.replace("{id: a}", "{id: a, skills: [backend]}"), tmp_path)
    result.org.unknown_facts = {"skills"}
    d = describe(result.org, result.findings)
    assert d.org_archetype is not None and d.org_archetype.design.name == "unplaced"
    assert d.org_archetype.reasons == [
        "skills are unknown: the source it was read from cannot express it: who does ML "
        "cannot be told"
    ]


def test_markdown_lists_the_missing_facts(tmp_path, orglint):
    path = write(tmp_path, BARE) / "org.yaml"
    code, out, _ = orglint("describe", str(path), "--output-format", "markdown")
    assert code == 0
    assert "- facts the org lacks (a label that needs one is left undecided):\n" in out
    assert "  - skills (missing): no person has \\`skills\\` written; write \\`skills:\\`" in out
