"""`orglint diff` sees every field of the format, reports renames as renames and follows
findings across them, keeps newly suppressed findings apart, and gives the same answer
with its two sides checked in parallel."""

from __future__ import annotations

import html
import json
import os
import re

import pytest
from click.testing import CliRunner

from orglint.cli import cli
from orglint.features.diff import sides

BASE = """\
version: 1
org: {name: Acme, stage: growth, business: saas}
people:
  - id: ceo
    skills: [management]
  - id: ana
    name: Ana
    title: ML lead
    reports_to: ceo
    skills: [mle, sre, pm, fe, de, sme]
  - id: bo
    reports_to: ceo
teams:
  - id: web
    type: product
    lead: ceo
    members: [bo]
  - id: ml
    name: ML
    type: ml
    lead: ana
    parent: web
    works_with: [web]
    engagement: central
    kpis:
      - {name: accuracy, kind: model}
data:
  - id: logs
    name: Logs
    owner: ml
    available_in_production: true
models:
  - id: ranker
    name: Ranker
    stage: development
    built_by: ml
    user_facing: false
    data: [logs]
    monitoring: {drift: true, escalation: [ml, ana]}
"""

EVERY_FIELD = {
    "org: {name: Acme, stage: growth, business: saas}": (
        "org: {name: Acme2, stage: scale, business: other}"
    ),
    "    name: Ana\n    title: ML lead\n    reports_to: ceo\n": (
        "    name: Ana B\n    title: ML head\n    reports_to: bo\n"
    ),
    "[mle, sre, pm, fe, de, sme]": "[mle, sre, pm, fe, de, sme, ux]",
    "    name: ML\n    type: ml\n    lead: ana\n    parent: web\n    works_with: [web]\n": (
        "    name: ML team\n    type: research\n    lead: bo\n    embedded_in: web\n"
    ),
    "    engagement: central\n    kpis:\n      - {name: accuracy, kind: model}": (
        "    engagement: embedded\n    kpis:\n      - {name: accuracy, kind: product}"
    ),
    "    name: Logs\n    owner: ml\n    available_in_production: true": (
        "    name: Chat logs\n    owner: web\n    available_in_production: false"
    ),
    "    name: Ranker\n    stage: development\n    built_by: ml\n    user_facing: false\n": (
        "    name: Ranker 2\n    stage: production\n    built_by: ml\n    owned_by: web\n"
        "    deployed_by: web\n    user_facing: true\n"
    ),
    "    data: [logs]\n    monitoring: {drift: true, escalation: [ml, ana]}": (
        "    data: []\n    monitoring: {drift: false, escalation: [ana, ml]}"
    ),
}
# By hand, from the edit above: (kind, id) of every change, in the order people, teams,
# data, models (added, removed, renamed, then each kept entity's fields), then the org.
EXPECTED = [
    # ana no longer leads ml but stays in it: she reports to bo, its new lead (derived member)
    ("reports-to", "ana"),
    ("person-name", "ana"),
    ("person-title", "ana"),
    ("person-skills", "ana"),
    ("person-moved", "bo"),  # bo leads ml now
    ("team-lead", "ml"),
    ("team-name", "ml"),
    ("team-type", "ml"),
    ("team-parent", "ml"),
    ("team-embedded-in", "ml"),
    ("team-works-with", "ml"),
    ("team-engagement", "ml"),
    ("team-kpis", "ml"),
    ("data-owner", "logs"),
    ("data-name", "logs"),
    ("data-available-in-production", "logs"),
    ("model-stage", "ranker"),
    ("owned-by", "ranker"),
    ("deployed-by", "ranker"),
    ("model-name", "ranker"),
    ("model-user-facing", "ranker"),
    ("model-data", "ranker"),
    ("model-monitoring", "ranker"),
    ("org-name", "org"),
    ("org-stage", "org"),
    ("org-business", "org"),
]


def words(text: str) -> str:
    """Without code spans and escapes, however written (Markdown renders ids as `<code>`
    and escapes punctuation)."""
    return html.unescape(re.sub(r"\\(.)", r"\1", re.sub(r"</?code>|`", "", text)))


def edited(text: str, edits: dict[str, str]) -> str:
    for old, new in edits.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def run(tmp_path, base: str, head: str, fmt: str = "json") -> tuple[int, str]:
    for name, text in (("base", base), ("head", head)):
        (tmp_path / name).mkdir(exist_ok=True)
        (tmp_path / name / "org.yaml").write_text(text)
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(
            cli, ["diff", "base/org.yaml", "head/org.yaml", "--output-format", fmt]
        )
    finally:
        os.chdir(old)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.output


def test_a_reorg_that_touches_every_field_lists_every_change(tmp_path):
    head = edited(BASE, EVERY_FIELD)
    _, out = run(tmp_path, BASE, head)
    data = json.loads(out)
    assert [(c["kind"], c["id"]) for c in data["changes"]] == EXPECTED
    by_kind = {c["kind"]: c for c in data["changes"]}
    assert by_kind["team-kpis"]["message"] == (
        "team `ml` `kpis`: added `accuracy (product)`; removed `accuracy (model)`"
    )
    assert by_kind["model-monitoring"]["message"] == (
        "model `ranker`: `monitoring.drift` is now false (was true); "
        "`monitoring.escalation` is now `ana`, `ml` (was `ml`, `ana`)"
    )
    assert by_kind["team-type"]["before"] == "ml" and by_kind["team-type"]["after"] == "research"
    # the text and the pull-request comment show the same changes
    _, text = run(tmp_path, BASE, head, "text")
    _, markdown = run(tmp_path, BASE, head, "markdown")
    assert f"Changes ({len(EXPECTED)}):" in text
    assert f"· {len(EXPECTED)} structural changes" in markdown
    for change in data["changes"]:
        assert change["message"] in text
        assert words(change["message"]) in words(markdown)


def test_reordering_a_set_is_no_change_but_reordering_escalation_is(tmp_path):
    head = BASE.replace("[mle, sre, pm, fe, de, sme]", "[sme, de, fe, pm, sre, mle]")
    assert json.loads(run(tmp_path, BASE, head)[1])["changes"] == []
    head = BASE.replace("escalation: [ml, ana]", "escalation: [ana, ml]")
    kinds = [c["kind"] for c in json.loads(run(tmp_path, BASE, head)[1])["changes"]]
    assert kinds == ["model-monitoring"]


RENAMED = {
    "  - id: bo\n": "  - id: bob\n    previously: [bo]\n",
    "    members: [bo]\n": "    members: [bob]\n",
    "  - id: web\n": "  - id: storefront\n    previously: [web]\n",
    "parent: web": "parent: storefront",
    "works_with: [web]": "works_with: [storefront]",
}


def test_renames_are_renames_and_references_follow_them(tmp_path):
    head = edited(BASE, RENAMED)
    data = json.loads(run(tmp_path, BASE, head)[1])
    assert [(c["kind"], c["id"], c["before"], c["after"]) for c in data["changes"]] == [
        ("person-renamed", "bob", "bo", "bob"),
        ("team-renamed", "storefront", "web", "storefront"),
    ]
    assert data["changes"][0]["message"] == "person `bo` renamed to `bob`"


def str005(findings: list[dict]) -> list[str]:
    return [f["entity"] for f in findings if f["code"] == "STR005"]


# `bo` in no team (STR005): not listed in `web`, and `ceo` leads two teams, so no team is
# derived for the people who report to `ceo` (RULES.md, derived members)
NO_TEAM_BO = BASE.replace("    members: [bo]\n", "").replace(
    "  - id: ml\n", "  - {id: ops, type: business, lead: ceo}\n  - id: ml\n"
)


def test_findings_follow_an_entity_across_its_rename(tmp_path):
    # `bo` is in no team in the base (STR005), and still in none once renamed
    base = NO_TEAM_BO
    head = edited(base, {"  - id: bo\n": "  - id: bob\n    previously: [bo]\n"})
    data = json.loads(run(tmp_path, base, head)[1])
    assert str005(data["unchanged"]) == ["bob"]
    assert data["introduced"] == [] and data["resolved"] == []
    # the same edit without `previously` is a removal and an addition
    plain = base.replace("  - id: bo\n", "  - id: bob\n")
    data = json.loads(run(tmp_path, base, plain)[1])
    assert str005(data["introduced"]) == ["bob"]
    assert str005(data["resolved"]) == ["bo"]


def test_newly_suppressed_findings_are_their_own_group(tmp_path):
    base = NO_TEAM_BO
    head = base.replace(
        "  - id: bo\n", "  - id: bo  # orglint: ignore[STR005] -- joins a team next week\n"
    )
    code, out = run(tmp_path, base, head)
    data = json.loads(out)
    assert code == 0
    assert data["resolved"] == [] and data["introduced"] == []
    assert [(f["code"], f["entity"]) for f in data["suppressed"]] == [("STR005", "bo")]
    assert [(f["code"], f["entity"]) for f in data["unchanged"]] == [("ARC005", "ana")]
    _, text = run(tmp_path, base, head, "text")
    assert "Newly suppressed findings (1):" in text
    assert text.rstrip().endswith("0 introduced, 0 resolved, 1 newly suppressed, 1 unchanged.")
    _, markdown = run(tmp_path, base, head, "markdown")
    assert "### Newly suppressed findings" in markdown
    assert "0 resolved · 1 newly suppressed · 1 unchanged" in markdown
    # already suppressed on both sides: not listed again
    data = json.loads(run(tmp_path, head, head)[1])
    assert data["suppressed"] == []


@pytest.mark.parametrize("fmt", ["json", "text", "markdown"])
def test_parallel_sides_give_the_same_output(tmp_path, monkeypatch, fmt):
    head = edited(
        edited(BASE, EVERY_FIELD), {"  - id: bo\n": "  - id: bob\n    previously: [bo]\n"}
    )
    pools = []

    class Spy(sides.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(sides, "ProcessPoolExecutor", Spy)
    monkeypatch.setattr(sides, "cores", lambda: 1)
    one = run(tmp_path, BASE, head, fmt)
    assert pools == []
    monkeypatch.setattr(sides, "cores", lambda: 2)
    two = run(tmp_path, BASE, head, fmt)
    assert pools == [1]
    assert one == two
