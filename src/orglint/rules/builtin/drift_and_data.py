"""MON002, DAT001, DAT002: questions about a model that follow its references."""

from __future__ import annotations

from collections.abc import Iterator

from orglint.findings import Finding
from orglint.resolve.org import ACTIVE, UNKNOWN, Org
from orglint.rules import Context, python_rule


@python_rule("MON002")
def no_drift_escalation(ctx: Context) -> Iterator[Finding]:
    """A production model's drift alerts do not reach the people who can fix it."""
    org = ctx.org
    for mid, model in org.models.items():
        if model.stage != "production":
            continue
        entries = list(model.monitoring.escalation or []) if model.monitoring else []
        field = "monitoring.escalation" if org.written(mid, "monitoring.escalation") else None
        if not entries:
            yield ctx.finding(
                mid,
                f"production model `{mid}` has no drift escalation: add "
                "`monitoring.escalation` with the team that built it, or a person with ML "
                "skill in it, who can retrain it",
                field,
            )
            continue
        if "monitoring.escalation" in org.unresolved.get(mid, ()):
            continue  # an unresolved entry might have been the right one
        fixers = fixing_teams(org, mid)
        if fixers is None:
            continue  # who built or owns it did not resolve
        if any(_reaches(org, e, fixers) for e in entries):
            continue
        shown = ", ".join(f"`{e}`" for e in entries)
        near = ", ".join(f"`{t}`" for t in fixers) or "none"
        yield ctx.finding(
            mid,
            f"drift alerts of production model `{mid}` go to {shown}, and none of these "
            "leads back to the people who can fix it: name a team with ML skill among its "
            f"builders, owners and their collaborators ({near}), or a person with ML skill "
            "in one of them",
            field,
        )


def fixing_teams(org: Org, mid: str) -> list[str] | None:
    """Teams with ML skill among the model's `built_by`, `owned_by` and the collaborators
    of `built_by` (RULES.md MON002); None when one of those did not resolve."""
    built, owned = org.built_by[mid], org.owned_by[mid]
    if built is UNKNOWN or owned is UNKNOWN:
        return None
    near = [t for t in (built, owned) if isinstance(t, str)]
    if isinstance(built, str):
        near += org.collaborators[built]
    return [t for t in dict.fromkeys(near) if org.ml_members[t] > 0]


def _reaches(org: Org, ident: str, fixers: list[str]) -> bool:
    if ident in org.people:
        return org.has_ml_skill(ident) and any(t in fixers for t in org.teams_of.get(ident, ()))
    return ident in fixers


def _data_items(org, mid):
    """(index, data id) of a model's data list that resolved to a valid data asset."""
    for index, did in enumerate(org.models[mid].data):
        if did in org.data:
            yield index, did


@python_rule("DAT001")
def warehouse_only_data(ctx):
    """An active model reads data that is not available in production."""
    org = ctx.org
    for mid, model in org.models.items():
        if model.stage not in ACTIVE:
            continue
        for index, did in _data_items(org, mid):
            if not org.data[did].available_in_production:
                yield ctx.finding(
                    mid,
                    f"{model.stage} model `{mid}` reads `{did}`, which is not available in "
                    "production (`available_in_production: false`): serve it from a production "
                    "store, or drop it from the model's features",
                    f"data:{did}",
                    location=org.at(mid, "data", index),
                )


@python_rule("DAT002")
def data_owner_not_collaborating(ctx: Context) -> Iterator[Finding]:
    """Production models read data owned by a team their builders do not work with."""
    org = ctx.org
    pairs: dict[tuple[str, str], dict] = {}  # (builder, owner) -> first entry, models, data
    for mid, model in org.models.items():
        built = org.built_by[mid]
        if model.stage != "production" or not built or built is UNKNOWN:
            continue
        near = org.collaborators[built]
        for index, did in _data_items(org, mid):
            owner = org.data[did].owner
            if owner is None or "owner" in org.unresolved.get(did, ()) or owner not in org.teams:
                continue
            if owner in near:
                continue
            pair = pairs.setdefault(
                (built, owner), {"at": (mid, index, did), "models": {}, "data": {}}
            )
            pair["models"][mid] = None
            pair["data"][did] = None
    for (built, owner), pair in pairs.items():
        mid, index, did = pair["at"]
        models, data = list(pair["models"]), list(pair["data"])
        what = (
            f"production model `{models[0]}`"
            if len(models) == 1
            else f"production models {', '.join(f'`{m}`' for m in models)}"
        )
        reads = ", ".join(f"`{d}`" for d in data)
        yield ctx.finding(
            mid,
            f"{what} (built by `{built}`) read{'s' if len(models) == 1 else ''} {reads}, "
            f"owned by `{owner}`, which does not work with `{built}`: add `{owner}` to "
            f"`{built}`'s `works_with` so changes to the data reach the models' builders",
            f"data:{did}",
            location=org.at(mid, "data", index),
        )
