"""MON002, DAT001, DAT002: questions about a model that follow its references."""

from __future__ import annotations

from orglint.resolve.org import ACTIVE, UNKNOWN
from orglint.rules import python_rule


@python_rule("MON002", "no-drift-escalation", "warning")
def no_drift_escalation(ctx):
    """A production model's drift alerts reach no one with ML skill."""
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
                "`monitoring.escalation` with the team or person who can retrain "
                "it (someone with ML skill)",
                field,
            )
            continue
        if "monitoring.escalation" in org.unresolved.get(mid, ()):
            continue  # an unresolved entry might have been the right one
        if any(_can_handle_drift(org, e) for e in entries):
            continue
        shown = ", ".join(f"`{e}`" for e in entries)
        yield ctx.finding(
            mid,
            f"drift alerts of production model `{mid}` go to {shown}, and no "
            "one there has ML skill: add the building team or an ML person to "
            "`escalation`",
            field,
        )


def _can_handle_drift(org, ident: str) -> bool:
    if ident in org.people:
        return org.has_ml_skill(ident)
    return org.ml_members.get(ident, 0) > 0


def _data_items(org, mid):
    """(index, data id) of a model's data list that resolved to a valid data asset."""
    for index, did in enumerate(org.models[mid].data):
        if did in org.data:
            yield index, did


@python_rule("DAT001", "warehouse-only-data", "warning")
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


@python_rule("DAT002", "data-owner-not-collaborating", "info")
def data_owner_not_collaborating(ctx):
    """A production model reads data owned by a team its builders do not work with."""
    org = ctx.org
    for mid, model in org.models.items():
        built = org.built_by[mid]
        if model.stage != "production" or not built or built is UNKNOWN:
            continue
        near = org.collaborators[built]
        for index, did in _data_items(org, mid):
            owner = org.data[did].owner
            if owner is None or "owner" in org.unresolved.get(did, ()) or owner not in org.teams:
                continue
            if owner not in near:
                yield ctx.finding(
                    mid,
                    f"production model `{mid}` (built by `{built}`) reads `{did}`, owned by "
                    f"`{owner}`, which does not work with `{built}`: add `{owner}` to "
                    f"`{built}`'s `works_with` so changes to the data reach the model's builders",
                    f"data:{did}",
                    location=org.at(mid, "data", index),
                )
