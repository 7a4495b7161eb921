"""Findings and their causes: rules that wait for a broken file, and one finding for
several that share one cause (RULES.md; docs/rules-decisions.md)."""

from __future__ import annotations

from orglint.findings import Finding, is_org_code
from orglint.resolve.org import Org

# RULES.md "A finding must hold whatever the broken part says": when a file could not be
# read, only these (and ORG findings) are about one entity's own written fields.
HOLD_WHEN_BROKEN = frozenset({"MON001", "DAT001", "OWN001", "ARC007", "STR004", "SUP001"})

# The skill rules whose findings on one team share a cause when the team works with no
# other team: what each says is missing.
SKILL_RULES = {
    "SKL001": "product-management",
    "SKL002": "frontend",
    "SKL003": "devops",
    "SKL004": "design",
    "SKL005": "domain-expertise",
    "SKL006": "data-engineering",
}


def waits(code: str) -> bool:
    """Whether a rule waits, unevaluated, while a file of the org cannot be read."""
    return not is_org_code(code) and code not in HOLD_WHEN_BROKEN


def merge_root_causes(findings: list[Finding], org: Org) -> list[Finding]:
    """A team with no collaborator but itself can reach only its own skills: its skill
    findings are one problem. They become one finding, of the lowest code, that names
    every skill and code it covers (the others are dropped). Suppressed findings are left
    alone: a comment that suppressed one keeps doing so."""
    by_team: dict[str, list[Finding]] = {}
    for f in findings:
        if (
            f.code in SKILL_RULES
            and f.suppressed is None
            and f.entity in org.teams
            and org.collaborators[f.entity] == [f.entity]
        ):
            by_team.setdefault(f.entity, []).append(f)
    merged = {tid: group for tid, group in by_team.items() if len(group) > 1}
    if not merged:
        return findings
    drop: set[int] = set()
    for tid, group in merged.items():
        group.sort(key=lambda f: f.code)
        first = group[0]
        named = [f"`{SKILL_RULES[f.code]}` ({f.code})" for f in group]
        missing = ", ".join(named[:-1]) + f" and {named[-1]}"
        first.message = (
            f"team `{tid}` works with no other team, so it can reach only its own members' "
            f"skills, and lacks {missing}: connect it with the teams it serves "
            "(`works_with` or `embedded_in`), or add the missing skills to it"
        )
        first.covers = [f.code for f in group[1:]]
        drop.update(id(f) for f in group[1:])
    return [f for f in findings if id(f) not in drop]
