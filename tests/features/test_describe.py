"""`orglint describe`: the summary, the three axes, the design each ML team matches and why."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from helpers import REPO, SHARED, check, cwd, write

from orglint.cli import cli
from orglint.features.describe import ARCHETYPES, DESIGNS, describe

EXPECTED = sorted((REPO / "examples" / "designs").glob("*.expected.yaml"))
SEEDS = SHARED / "seeds"


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def describe_json(path: Path | str) -> dict:
    code, out = run_cli("describe", str(path), "--output-format", "json")
    assert code == 0, out
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
    assert "its lead `lead` reports to `ceo`" in team["archetype"]["reasons"]
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


def test_ml_next_to_software_engineers_and_a_pm_is_the_embedded_archetype(tmp_path):
    team = _team(
        tmp_path, "  - {id: t, type: ml, members: [e1, e2, pm, dev], engagement: full-stack}"
    )
    assert (team["design"]["name"], team["archetype"]["name"]) == ("full-stack", "embedded")
    assert (
        "(`dev`)" in team["archetype"]["reasons"][0] and "(`pm`)" in team["archetype"]["reasons"][0]
    )


def test_a_team_without_ml_skill_is_nascent(tmp_path):
    team = _team(tmp_path, "  - {id: t, type: ml, members: [pm, dev]}")
    assert team["archetype"]["name"] == "nascent"
    assert team["archetype"]["reasons"] == ["no member has ML skill (`ml` or `data-science`)"]


def test_an_org_without_ml_teams_says_so_and_is_nascent(repo):
    d = describe_json(repo / "examples" / "designs" / "nascent.yaml")
    assert d["ml_teams"] == []
    assert d["org_archetype"]["name"] == "nascent"
    code, out = run_cli("describe", str(repo / "examples" / "designs" / "nascent.yaml"))
    assert code == 0
    assert "no team of type ml or research" in out


def test_text_output_names_axes_design_sources_and_findings(repo):
    code, out = run_cli("describe", str(repo / "examples" / "designs" / "consultant.yaml"))
    assert code == 0
    assert out.startswith("Helpwise — ")
    assert "ml team `ds-services` (Data Science Services)" in out
    assert "  design (000/001): consultant (Data science consultant)\n" in out
    assert "    because `engagement: consulting`" in out
    assert '[000_10e9566b940d870c.txt, "3. Data Science Consultant"]' in out
    assert "  archetype (002): independent" in out
    assert re.search(r"^    software engineering vs research: \S", out, re.M)
    assert re.search(r"^    \S+consultant\.yaml:\d+:\d+: ARC002 \[warning\] ", out, re.M)


def test_markdown_output_escapes_names(tmp_path):
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
    code, out = run_cli("describe", str(path), "--output-format", "markdown")
    assert code == 0
    assert out.startswith("# Evil \\| \\<b\\>Co\\</b\\> \\# \\`x\\`\n")
    assert "## `t` — T \\| \\<i\\>x\\</i\\> (ml)" in out
    assert "| software engineering vs research | **" in out
    assert "<b>" not in out and "<i>" not in out


def test_output_file_and_several_roots(tmp_path):
    write(tmp_path, {"a/org.yaml": ORG, "b/org.yaml": ORG.replace("name: Acme", "name: Beta")})
    with cwd(tmp_path):
        code, out = run_cli("describe", "a", "b", "--output-format", "json", "-o", "out.json")
        assert code == 0 and out == ""
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
