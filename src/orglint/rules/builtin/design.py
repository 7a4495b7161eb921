"""ARC004-ARC006: org-wide design questions."""

from __future__ import annotations

from orglint.resolve.skills import ml_skilled
from orglint.rules import python_rule


@python_rule(
    "ARC004", "embedded-without-platform", "warning", options=["min-embedded-for-platform"]
)
def embedded_without_platform(ctx):
    """Several teams are embedded and no platform team supports them."""
    org = ctx.org
    embedded = [t for t in org.teams if org.is_embedded(t)]
    if len(embedded) < ctx.option("min-embedded-for-platform") or any(
        t.type == "platform" for t in org.teams.values()
    ):
        return
    for tid in embedded:
        yield ctx.finding(
            tid,
            f"`{tid}` is one of {len(embedded)} embedded teams and the org has "
            "no team of type `platform`: add a central platform team for shared "
            "tooling, data standards and deployment",
        )


@python_rule("ARC005", "isolated-practitioner", "info")
def isolated_practitioner(ctx):
    """The only ML practitioner in each of their teams, with no chapter to belong to."""
    org = ctx.org
    for pid, skills in org.skills.items():  # every valid person, in written order
        if not ml_skilled(skills):
            continue
        teams = org.teams_of.get(pid)
        if not teams:
            continue  # people in no team are STR005's concern
        if any(org.teams[t].type == "chapter" or org.ml_members[t] > 1 for t in teams):
            continue
        if any(t in org.incomplete_teams for t in teams):
            continue
        yield ctx.finding(
            pid,
            f"`{pid}` is the only person with ML skill in "
            f"{', '.join(f'`{t}`' for t in teams)} and belongs to no chapter: add "
            "them to an ML chapter (a team of type `chapter`) or pair them with "
            "another practitioner",
        )


@python_rule("ARC006", "nascent-ml-in-production", "warning")
def nascent_ml_in_production(ctx):
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
