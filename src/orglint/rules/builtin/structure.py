"""STR: reporting lines and team shape."""

from __future__ import annotations

from orglint.rules import python_rule

_NOT_SIZED = frozenset({"chapter", "leadership"})


@python_rule("STR001")
def reporting_cycle(ctx):
    """Following `reports_to` returns to a person already visited."""
    org = ctx.org
    if _reached_from_roots(org) == len(org.people):
        return  # everyone hangs below a top: no cycle (the common case, with no per-person dicts)
    boss = {}
    for pid, person in org.people.items():
        if person.reports_to is not None and "reports_to" not in org.unresolved.get(pid, ()):
            boss[pid] = person.reports_to
    order = {pid: i for i, pid in enumerate(org.people)}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in org.people:
        if start in state:
            continue
        path = []
        node = start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            node = boss.get(node)
        if node is not None and state[node] == 1:
            cycle = path[path.index(node) :]
            first = min(cycle, key=order.__getitem__)
            i = cycle.index(first)
            ring = cycle[i:] + cycle[:i] + [first]
            chain = " -> ".join(f"`{p}`" for p in ring)
            yield ctx.finding(
                first,
                f"reporting cycle: {chain}; someone in this chain must "
                "report outside it (or be the top, with no `reports_to`)",
                field="reports_to",
            )
        for p in path:
            state[p] = 2


def _reached_from_roots(org) -> int:
    """How many people are reached walking down `reports` from those with no (resolved)
    manager. Each person has at most one manager, so the walk is a forest and visits no
    one twice; the people it misses are exactly those in or below a cycle."""
    roots = list(org.tops)
    roots += [
        pid
        for pid, fields in org.unresolved.items()
        if "reports_to" in fields and pid in org.people
    ]
    reports = org.reports
    count = 0
    while roots:
        pid = roots.pop()
        count += 1
        below = reports.get(pid)
        if below:
            roots.extend(below)
    return count


@python_rule("STR002")
def multiple_tops(ctx):
    """More than one person has no `reports_to`."""
    tops = ctx.org.tops
    for pid in tops[1:]:
        yield ctx.finding(
            pid,
            f"`{pid}` has no `reports_to`, like `{tops[0]}`: an org has one "
            f"top; add `reports_to` (e.g. `reports_to: {tops[0]}`)",
        )


@python_rule("STR003")
def span_of_control(ctx):
    """A person has more direct reports than `max-direct-reports`."""
    limit = ctx.option("max-direct-reports")
    org = ctx.org
    for pid, reports in org.reports.items():
        if len(reports) > limit and pid in org.people:
            yield ctx.finding(
                pid,
                f"`{pid}` has {len(reports)} direct reports (more than "
                f"{limit}): add a layer of leads or move some reports to a peer",
            )


@python_rule("STR004")
def team_too_large(ctx):
    """A team (not a chapter or leadership team) has more than `max-team-size` members."""
    limit = ctx.option("max-team-size")
    org = ctx.org
    for tid, team in org.teams.items():
        if not org.complete and tid in org.incomplete_teams:
            continue  # a member in the unreadable file could be anyone
        size = len(org.members[tid])
        if team.type not in _NOT_SIZED and size > limit:
            yield ctx.finding(
                tid,
                f"team `{tid}` has {size} members (more than {limit}): "
                "communication cost grows with every pair; split it into teams "
                "that own separate parts",
            )


@python_rule("STR005")
def person_without_team(ctx):
    """A person other than a top belongs to no team."""
    org = ctx.org
    if not org.complete or _undefined_member(org):
        return  # a member that names no id, or a team in an unreadable file, could be anyone
    listed = _listed_by_invalid_teams(org)
    for pid, person in org.people.items():
        if person.reports_to is None or org.teams_of.get(pid) or pid in listed:
            continue
        yield ctx.finding(pid, f"`{pid}` belongs to no team: add them to a team's `members`")


def _listed_by_invalid_teams(org) -> set[str]:
    """People a team with an ORG002 error names: that team takes no part, but saying they
    belong to no team would be a second, wrong finding about the same mistake."""
    listed: set[str] = set()
    if len(org.entities) == len(org.people) + len(org.teams) + len(org.data) + len(org.models):
        return listed  # every entity is valid: no need to visit a million of them
    for entity in org.entities.values():
        if entity.kind == "team" and entity.value is None:
            members = entity.node.get("members")
            if isinstance(members, list):
                listed.update(m for m in members if isinstance(m, str))
            if isinstance(entity.node.get("lead"), str):
                listed.add(entity.node["lead"])
    return listed


def _undefined_member(org) -> bool:
    """Some team's `members` or `lead` names an id defined nowhere (a typo of whom?). A
    member that names an invalid person or a team is known not to be anyone else."""
    for tid in org.incomplete_teams:
        node = org.entities[tid].node
        named = [*(node.get("members") or ()), node.get("lead")]
        if any(isinstance(m, str) and m not in org.entities for m in named):
            return True
    return False
