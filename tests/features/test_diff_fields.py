"""`orglint diff` sees every field of the format, reports renames as renames and follows
findings across them, keeps newly suppressed findings apart, and gives the same answer
with its two sides checked in parallel."""

from __future__ import annotations

import html
import json
import os
import re

import pytest
from helpers import Run

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


# `orglint *DIFF FORMAT`, run in the folder `write_sides` wrote to
DIFF = ("diff", "base/org.yaml", "head/org.yaml", "--output-format")


def write_sides(tmp_path, base: str, head: str) -> None:
    for name, text in (("base", base), ("head", head)):
        (tmp_path / name).mkdir(exist_ok=True)
        (tmp_path / name / "org.yaml").write_text(text)


def report(run: Run) -> str:
    """The report (stdout) of a diff that ran: exit 0, or 1 for introduced findings."""
    assert run.code in (0, 1), run.err
    return run.out


def test_a_reorg_that_touches_every_field_lists_every_change(tmp_path, orglint):
    head = edited(BASE, EVERY_FIELD)
    write_sides(tmp_path, BASE, head)
    data = json.loads(report(orglint(*DIFF, "json", cwd=tmp_path)))
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
    text = report(orglint(*DIFF, "text", cwd=tmp_path))
    markdown = report(orglint(*DIFF, "markdown", cwd=tmp_path))
    assert f"Changes ({len(EXPECTED)}):" in text
    assert f"· {len(EXPECTED)} structural changes" in markdown
    for change in data["changes"]:
        assert change["message"] in text
        assert words(change["message"]) in words(markdown)


def test_reordering_a_set_is_no_change_but_reordering_escalation_is(tmp_path, orglint):
    head = BASE.replace("[mle, sre, pm, fe, de, sme]", "[sme, de, fe, pm, sre, mle]")
    write_sides(tmp_path, BASE, head)
    assert json.loads(report(orglint(*DIFF, "json", cwd=tmp_path)))["changes"] == []
    head = BASE.replace("escalation: [ml, ana]", "escalation: [ana, ml]")
    write_sides(tmp_path, BASE, head)
    kinds = [c["kind"] for c in json.loads(report(orglint(*DIFF, "json", cwd=tmp_path)))["changes"]]
    assert kinds == ["model-monitoring"]


RENAMED = {
    "  - id: bo\n": "  - id: bob\n    previously: [bo]\n",
    "    members: [bo]\n": "    members: [bob]\n",
    "  - id: web\n": "  - id: storefront\n    previously: [web]\n",
    "parent: web": "parent: storefront",
    "works_with: [web]": "works_with: [storefront]",
}


def test_renames_are_renames_and_references_follow_them(tmp_path, orglint):
    write_sides(tmp_path, BASE, edited(BASE, RENAMED))
    data = json.loads(report(orglint(*DIFF, "json", cwd=tmp_path)))
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


def test_findings_follow_an_entity_across_its_rename(tmp_path, orglint):
    # `bo` is in no team in the base (STR005), and still in none once renamed
    base = NO_TEAM_BO
    head = edited(base, {"  - id: bo\n": "  - id: bob\n    previously: [bo]\n"})
    write_sides(tmp_path, base, head)
    data = json.loads(report(orglint(*DIFF, "json", cwd=tmp_path)))
    assert str005(data["unchanged"]) == ["bob"]
    assert data["introduced"] == [] and data["resolved"] == []
    # the same edit without `previously` is a removal and an addition
    plain = base.replace("  - id: bo\n", "  - id: bob\n")
    write_sides(tmp_path, base, plain)
    data = json.loads(report(orglint(*DIFF, "json", cwd=tmp_path)))
    assert str005(data["introduced"]) == ["bob"]
    assert str005(data["resolved"]) == ["bo"]


def test_newly_suppressed_findings_are_their_own_group(tmp_path, orglint):
    base = NO_TEAM_BO
    head = base.replace(
        "  - id: bo\n", "  - id: bo  # orglint: ignore[STR005] -- joins a team next week\n"
    )
    write_sides(tmp_path, base, head)
    result = orglint(*DIFF, "json", cwd=tmp_path)
    data = json.loads(report(result))
    assert result.code == 0
    assert data["resolved"] == [] and data["introduced"] == []
    assert [(f["code"], f["entity"]) for f in data["suppressed"]] == [("STR005", "bo")]
    assert [(f["code"], f["entity"]) for f in data["unchanged"]] == [("ARC005", "ana")]
    text = report(orglint(*DIFF, "text", cwd=tmp_path))
    assert "Newly suppressed findings (1):" in text
    assert text.rstrip().endswith("0 introduced, 0 resolved, 1 newly suppressed, 1 unchanged.")
    markdown = report(orglint(*DIFF, "markdown", cwd=tmp_path))
    assert "### Newly suppressed findings" in markdown
    assert "0 resolved · 1 newly suppressed · 1 unchanged" in markdown
    # already suppressed on both sides: not listed again
    write_sides(tmp_path, head, head)
    data = json.loads(report(orglint(*DIFF, "json", cwd=tmp_path)))
    assert data["suppressed"] == []


@pytest.mark.parametrize("renamed", [False, True])  # a rename sends every entity back
@pytest.mark.parametrize("fmt", ["json", "text", "markdown"])
def test_parallel_sides_give_the_same_output(
    tmp_path, monkeypatch, fmt, renamed, orglint, worker_pid
):
    head = edited(BASE, EVERY_FIELD)
    if renamed:
        head = edited(head, {"  - id: bo\n": "  - id: bob\n    previously: [bo]\n"})
    write_sides(tmp_path, BASE, head)
    monkeypatch.setattr(sides, "cores", lambda: 1)
    one = orglint(*DIFF, fmt, cwd=tmp_path)
    report(one)
    assert worker_pid() is None
    monkeypatch.setattr(sides, "cores", lambda: 2)
    two = orglint(*DIFF, fmt, cwd=tmp_path)
    report(two)
    assert worker_pid() not in (None, os.getpid())  # the base was checked in another process
    assert one == two
