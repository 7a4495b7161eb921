"""ARC002-ARC006: org-wide design questions."""

from __future__ import annotations

from collections.abc import Iterator

from orglint.findings import Finding
from orglint.resolve.org import ACTIVE, UNKNOWN, Org
from orglint.resolve.skills import ml_skilled
from orglint.rules import Context, python_rule


def _ids(ids: list[str]) -> str:
    return ", ".join(f"`{i}`" for i in ids)


def consulted_models(org: Org, tid: str) -> list[str] | None:
    """The active models a team builds for others, when it owns none of those it builds:
    the structure of a consultant (RULES.md ARC002). None when it owns one of them, or
    when an owner did not resolve."""
    built = [m for m in org.builds.get(tid, []) if org.models[m].stage in ACTIVE]
    owners = [org.owned_by[m] for m in built]
    if any(o is UNKNOWN or o is None or o == tid for o in owners):
        return None
    return built


@python_rule("ARC002")
def consulting_in_saas(ctx: Context) -> Iterator[Finding]:
    """A SaaS org has a team working as internal consultants, by engagement or by structure."""
    org = ctx.org
    if org.info is None or org.info.business != "saas":
        return
    for tid, team in org.teams.items():
        if team.engagement == "consulting":
            yield ctx.finding(
                tid,
                f"team `{tid}` works as internal consultants (`engagement: consulting`) in a "
                "SaaS business: bespoke projects per request hurt gross margins; make it a "
                "product team (central with its own roadmap, or embedded)",
                "engagement",
            )
            continue
        if org.is_embedded(tid) or not org.is_ml_team(tid) or tid in org.incomplete_teams:
            continue
        models = consulted_models(org, tid)
        if models is None or len(models) < 2:
            continue
        owners = list(dict.fromkeys(str(org.owned_by[m]) for m in models))
        yield ctx.finding(
            tid,
            f"ML team `{tid}` builds {len(models)} active models ({_ids(models)}) and owns "
            f"none: {_ids(owners)} own them, so it scopes and builds for others like a "
            "consultancy, which hurts a SaaS business's margins; give it models of its own "
            "(`owned_by`) or embed its people in the owning teams",
        )


@python_rule("ARC003")
def central_lead_overload(ctx: Context) -> Iterator[Finding]:
    """One person leads non-embedded ML teams with more active models than one can follow."""
    org = ctx.org
    limit = ctx.option("max-models-per-lead")
    by_lead: dict[str, list[str]] = {}
    for tid, team in org.teams.items():
        if team.lead is None or "lead" in org.unresolved.get(tid, ()):
            continue
        if not org.is_embedded(tid) and org.is_ml_team(tid):
            by_lead.setdefault(team.lead, []).append(tid)
    for lead, teams in by_lead.items():
        models = list(
            dict.fromkeys(
                m for t in teams for m in org.team_models(t) if org.models[m].stage in ACTIVE
            )
        )
        if len(models) <= limit:
            continue
        across = f"central ML team `{teams[0]}`" if len(teams) == 1 else f"ML teams {_ids(teams)}"
        yield ctx.finding(
            teams[0],
            f"`{lead}` leads {across}, which build or own {len(models)} active models "
            f"(more than {limit}): one lead cannot keep the context of all; give part of "
            "the models a second lead, or embed ML people in the teams that use them",
            "lead",
        )


@python_rule("ARC004")
def embedded_without_platform(ctx: Context) -> Iterator[Finding]:
    """Several embedded ML presences and no platform team supports them."""
    org = ctx.org
    presences = [t for t in org.teams if org.is_ml_presence(t)]
    if len(presences) < ctx.option("min-embedded-for-platform") or any(
        t.type == "platform" for t in org.teams.values()
    ):
        return
    for tid in presences:
        how = "is embedded" if org.is_embedded(tid) else "builds models in a product team"
        yield ctx.finding(
            tid,
            f"`{tid}` has ML people and {how}, one of {len(presences)} embedded ML presences "
            f"({_ids(presences)}), and the org has no team of type `platform`: add a central "
            "platform team for shared tooling, data standards and deployment",
        )


def _peers(org: Org, pid: str) -> bool:
    """Another person with ML skill among the members of a collaborator of one of the
    person's teams (chapters included), their manager chain, or their direct reports."""
    members = org.members
    for team in org.teams_of.get(pid, ()):
        for near in org.collaborators.get(team, [team]):
            if any(p != pid and org.has_ml_skill(p) for p in members[near]):
                return True
    seen = {pid}
    boss = org.people[pid].reports_to
    while boss is not None and boss in org.people and boss not in seen:
        if org.has_ml_skill(boss):
            return True
        seen.add(boss)
        boss = org.people[boss].reports_to
    return any(org.has_ml_skill(p) for p in org.reports.get(pid, ()))


@python_rule("ARC005")
def isolated_practitioner(ctx: Context) -> Iterator[Finding]:
    """A person with ML skill has no ML peer anywhere near them."""
    org = ctx.org
    for pid, skills in org.skills.items():  # every valid person, in written order
        if not ml_skilled(skills):
            continue
        teams = org.teams_of.get(pid)
        if not teams:
            continue  # people in no team are STR005's concern
        if any(org.reach_incomplete(t) for t in teams):
            continue
        if _peers(org, pid):
            continue
        yield ctx.finding(
            pid,
            f"`{pid}` has no ML peer: no one else with ML skill is in {_ids(list(teams))}, "
            "the teams they work with, their manager chain or their reports; add them to an "
            "ML chapter (a team of type `chapter`), give them a functional manager with ML "
            "skill, or pair them with another practitioner",
        )


@python_rule("ARC006")
def nascent_ml_in_production(ctx: Context) -> Iterator[Finding]:
    """Models run in production and no one in the org has ML skill."""
    org = ctx.org
    if any(org.has_ml_skill(p) for p in org.people):
        return
    for mid, model in org.models.items():
        if model.stage == "production":
            yield ctx.finding(
                mid,
                f"model `{mid}` is in production and no one in the org has ML "
                "skill (`ml` or `data-science`): hire or train someone who can "
                "monitor and retrain it before relying on it",
            )
