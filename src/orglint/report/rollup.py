"""`check --statistics` (counts per rule) and `check --group-by` (findings per owning team,
rule or file), as text or JSON.

How a finding maps to a team (docs/output-formats.md): a finding about a team belongs to
that team; about a person, to every team the person is a member or lead of; about a model,
to its `owned_by` team, else its `built_by` team; about data, to its `owner`. Anything else
(a file that does not parse, an org-level rule, an id that did not resolve) is "(no team)".
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

from orglint.findings import SEVERITY_RANK, Finding
from orglint.report import Report
from orglint.report.escape import terminal
from orglint.report.text import finding_line, summary_line

if TYPE_CHECKING:
    from orglint.resolve.org import Org

NO_TEAM = "(no team)"
GROUPINGS = ("team", "rule", "file")


def owning_teams(org: Org | None, entity: str | None) -> list[str]:
    if org is None or entity is None:
        return []
    if entity in org.teams:
        return [entity]
    if entity in org.people:
        return list(org.teams_of.get(entity, ()))
    if entity in org.models:
        for owner in (org.owned_by.get(entity), org.built_by.get(entity)):
            if isinstance(owner, str) and owner in org.teams:
                return [owner]
        return []
    if entity in org.data:
        owner = org.data[entity].owner
        return [owner] if isinstance(owner, str) and owner in org.teams else []
    return []


def group(report: Report, by: str, orgs: dict[int, tuple[Org, str]]) -> dict[str, list[Finding]]:
    """Active findings per key, biggest group first (the no-team group last). ``orgs`` maps
    each finding (by `id()`) to its org and root; with several roots, a team's key names its
    root (two orgs may both have a team `platform`)."""
    several = len({root for _, root in orgs.values()}) > 1
    groups: dict[str, list[Finding]] = {}
    for f in report.active:
        if by == "rule":
            keys = [f"{f.code} {f.name}"]
        elif by == "file":
            keys = [f.path]
        else:
            org, root = orgs.get(id(f), (None, ""))
            teams = owning_teams(org, f.entity)
            keys = [f"{t} ({root})" if several else t for t in teams] or [NO_TEAM]
        for key in keys:
            groups.setdefault(key, []).append(f)
    order = sorted(groups, key=lambda k: (k == NO_TEAM, -len(groups[k]), k))
    return {key: groups[key] for key in order}


def counts(findings: list[Finding]) -> dict[str, int]:
    by = Counter(f.severity for f in findings)
    return {sev: by[sev] for sev in SEVERITY_RANK}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 or word == 'info' else 's'}"


def grouped_text(report: Report, by: str, groups: dict[str, list[Finding]], quiet: bool) -> str:
    blocks = []
    for key, findings in groups.items():
        c = counts(findings)
        parts = ", ".join(_plural(n, sev) for sev, n in c.items() if n)
        label = key if key == NO_TEAM else f"{by} `{terminal(key)}`"
        lines = [f"{label}: {_plural(len(findings), 'finding')} ({parts})"]
        lines += [f"  {finding_line(f, report.color)}" for f in findings]
        blocks.append("\n".join(lines))
    if not quiet:
        blocks.append(summary_line(report))
    return "\n\n".join(blocks) + "\n"


def grouped_json(report: Report, by: str, groups: dict[str, list[Finding]]) -> str:
    data = {
        "group_by": by,
        "groups": [
            {"key": key, "counts": counts(found), "findings": [f.to_dict() for f in found]}
            for key, found in groups.items()
        ],
        "summary": report.summary(),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def statistics(report: Report) -> list[dict]:
    """One row per rule with active findings, most findings first (as `ruff --statistics`)."""
    by_code = Counter(f.code for f in report.active)
    names = {f.code: (f.name, f.severity) for f in report.active}
    return [
        {"code": code, "name": names[code][0], "severity": names[code][1], "count": n}
        for code, n in sorted(by_code.items(), key=lambda item: (-item[1], item[0]))
    ]


def statistics_text(report: Report, quiet: bool) -> str:
    rows = statistics(report)
    width = max((len(str(r["count"])) for r in rows), default=1)
    code_width = max((len(terminal(r["code"])) for r in rows), default=6)
    lines = [
        f"{r['count']:>{width}}  {terminal(r['code']):<{code_width}}  "
        f"{terminal(r['name'])} [{r['severity']}]"
        for r in rows
    ]
    if not quiet:
        lines.append(summary_line(report))
    return "\n".join(lines) + ("\n" if lines else "")


def statistics_json(report: Report) -> str:
    data = {"statistics": statistics(report), "summary": report.summary()}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
