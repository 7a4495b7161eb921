"""The data behind the HTML report: one org (or two, for a reorg) as plain JSON-able
dicts that the page's script draws. Everything that came from an org file is text here;
the page only ever sets it as text (never as markup)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from orglint.features.describe import describe
from orglint.features.graph.build import build, code_list
from orglint.findings import SEVERITY_RANK, Finding
from orglint.resolve.org import Org
from orglint.rules import Rule
from orglint.rules.docs import SEED_TITLES

if TYPE_CHECKING:
    from orglint.features.diff.compare import Change, FindingDiff
    from orglint.pipeline import Result

# Control characters and the bidirectional overrides and isolates (which can make a name
# read backwards, or reorder the text around it) are shown as `<U+202E>`, never obeyed.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    return _HIDDEN.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def _visible_all(value: object) -> object:
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list):
        return [_visible_all(v) for v in value]
    if isinstance(value, dict):
        return {k: _visible_all(v) for k, v in value.items()}
    return value


def home_team(org: Org, pid: str) -> str | None:
    """The team a person is drawn in: their first that is not a chapter or leadership."""
    teams = org.teams_of.get(pid, ())
    for tid in teams:
        if org.teams[tid].type not in ("chapter", "leadership"):
            return tid
    return teams[0] if teams else None


def carrier(org: Org, f: Finding) -> str | None:
    """The one team a finding is counted against in the roll-up: the team itself, a
    person's home team, a model's owning team, a data asset's owner."""
    e = f.entity
    if e is None:
        return None
    if e in org.teams:
        return e
    if e in org.people:
        return home_team(org, e)
    if e in org.models:
        for table in (org.owned_by, org.built_by):
            team = table.get(e)
            if isinstance(team, str) and team in org.teams:
                return team
        return None
    if e in org.data:
        owner = org.data[e].owner
        return owner if owner in org.teams else None
    return None


def source_title(file: str) -> str:
    return SEED_TITLES.get(file[:3], file)


def _titled(value: object) -> object:
    """describe's sources, each with the title of its document next to the file name."""
    if isinstance(value, dict):
        out = {k: _titled(v) for k, v in value.items()}
        if "file" in value and "section" in value:
            out["title"] = source_title(value["file"])
        return out
    if isinstance(value, list):
        return [_titled(v) for v in value]
    return value


def finding_row(org: Org, f: Finding, status: str | None = None) -> dict:
    row = {
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
        "entity": f.entity if f.entity and org.kind(f.entity) else None,
        "path": f.location.path,
        "line": f.location.line,
        "column": f.location.column,
        "team": carrier(org, f),
    }
    if status:
        row["status"] = status
    return row


def side(org: Org, findings: list[Finding]) -> dict:
    """One org: its describe read-out and its picture (teams, people, models, data, edges),
    with each active finding's code on what it concerns."""
    graph = build(org, findings, people=False)
    described = describe(org, findings).to_dict()
    for team in described["ml_teams"]:
        team.pop("findings")  # the page links to the table instead of repeating it

    def codes(ident: str) -> list:
        node = graph.nodes.get(ident)
        return sorted(set(node.codes), key=lambda c: (-SEVERITY_RANK[c[0]], c[1])) if node else []

    teams = [
        {
            "id": tid,
            "name": team.name or "",
            "type": team.type,
            "parent": graph.nodes[tid].home,
            "lead": team.lead if isinstance(team.lead, str) else None,
            "members": org.members.get(tid, []),
            "codes": codes(tid),
        }
        for tid, team in org.teams.items()
    ]
    people = [
        [pid, p.name or "", p.title or "", p.reports_to or "", home_team(org, pid) or ""]
        for pid, p in org.people.items()
    ]
    models = [
        {
            "id": mid,
            "name": m.name or "",
            "stage": m.stage,
            "user_facing": bool(m.user_facing),
            "codes": codes(mid),
        }
        for mid, m in org.models.items()
    ]
    data = [
        {
            "id": did,
            "name": d.name or "",
            "in_production": d.available_in_production is not False,
            "codes": codes(did),
        }
        for did, d in org.data.items()
    ]
    edges = [
        [e.src, e.dst, e.kind, ", ".join(e.labels), code_list(e.codes), e.severity or ""]
        for e in graph.edges
    ]
    person_codes: dict[str, list[str]] = {}
    for f in findings:
        if f.suppressed is None and f.entity in org.people:
            person_codes.setdefault(f.entity, []).append(f.code)
    return {
        "describe": _titled(described),
        "teams": teams,
        "people": people,
        "person_codes": person_codes,
        "models": models,
        "data": data,
        "edges": edges,
    }


def rule_docs(rules: dict[str, Rule], codes: set[str]) -> dict:
    """What, why and how to fix, for every rule the page's findings name."""
    out = {}
    for code in sorted(codes):
        rule = rules.get(code)
        if rule is None:
            continue
        out[code] = {
            "name": rule.name,
            "severity": rule.severity,
            "summary": rule.summary,
            "what": (rule.docs.get("what") or "").strip(),
            "why": (rule.docs.get("why") or "").strip(),
            "fix": (rule.docs.get("fix") or "").strip(),
            "sources": [
                {
                    "file": s["file"],
                    "title": source_title(s["file"]),
                    "section": s.get("section", ""),
                }
                for s in rule.sources
            ],
        }
    return out


def single(org: Org, findings: list[Finding], rules: dict[str, Rule], title: str) -> dict:
    active = sorted((f for f in findings if f.suppressed is None), key=Finding.sort_key)
    rows = [finding_row(org, f) for f in active]
    data = {
        "mode": "single",
        "title": title,
        "sides": [side(org, findings)],
        "findings": rows,
        "rules": rule_docs(rules, {f.code for f in active}),
    }
    return cast(dict, _visible_all(data))


def reorg(
    before: Result,
    after: Result,
    found: list[Change],
    diff: FindingDiff,
    rules: dict[str, Rule],
    title: str,
    labels: tuple[str, str],
) -> dict:
    """A reorg: both orgs, the structural changes, and every finding marked introduced,
    resolved (drawn on the org before) or unchanged."""
    rows = [finding_row(after.org, f, "introduced") for f in diff.introduced]
    rows += [dict(finding_row(before.org, f, "resolved"), side=0) for f in diff.resolved]
    rows += [finding_row(after.org, f, "unchanged") for f in diff.unchanged]
    codes = {f.code for f in diff.introduced + diff.resolved + diff.unchanged}
    data = {
        "mode": "diff",
        "title": title,
        "labels": list(labels),
        "sides": [side(before.org, before.findings), side(after.org, after.findings)],
        "changes": [
            {"kind": c.kind, "id": c.id, "sign": c.sign, "message": c.message} for c in found
        ],
        "findings": rows,
        "rules": rule_docs(rules, codes),
    }
    return cast(dict, _visible_all(data))
