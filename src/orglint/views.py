"""The *view* of each entity that declarative rules evaluate: its own fields plus derived
facts, as plain JSON values. Documented field by field in docs/rule-files.md; a test
keeps that page and ``VIEW_FIELDS`` in step.
"""

from __future__ import annotations

from orglint.resolve import ACTIVE, UNKNOWN, Org

VIEW_FIELDS = {
    "org": {
        "name": "organisation name", "stage": "org.stage (default growth)",
        "business": "org.business or null",
        "embedded_teams": "number of embedded teams",
        "platform_teams": "number of teams of type platform",
        "ml_people": "number of people with ML skill",
    },
    "people": {
        "id": "person id", "name": "display name or null", "title": "title or null",
        "reports_to": "manager's person id or null", "skills": "canonical skill names, sorted",
        "teams": "ids of teams the person is a member (or lead) of",
        "direct_reports": "number of people reporting to them", "is_top": "has no reports_to",
        "has_ml_skill": "has skill ml or data-science",
    },
    "teams": {
        "id": "team id", "name": "name or null", "type": "team type", "lead": "lead's person id or null",
        "members": "member ids, lead included", "size": "number of members",
        "parent": "parent team id or null", "embedded_in": "host team id or null",
        "works_with": "team ids as written", "engagement": "engagement or null",
        "kpis": "list of {name, kind} or null", "kpi_kinds": "kinds of its kpis",
        "skills": "union of members' skills", "reachable_skills": "union of collaborators' members' skills",
        "collaborators": "team ids: itself, works_with (either side), embedded_in, teams embedded in it",
        "other_collaborator_types": "types of its collaborators other than itself",
        "ml_members": "number of members with ML skill",
        "pm_members": "ids of members with product-management",
        "members_besides_lead": "number of members other than the lead",
        "lead_is_only_pm": "the lead is the only member with product-management",
        "other_collaborators_have_pm": "a member of another collaborator team has product-management",
        "embedded": "has embedded_in or engagement embedded",
        "builds_active_model": "builds a model at stage development or production",
        "owns_active_model": "owns (owned_by, default built_by) an active model",
        "has_active_model": "builds or owns an active model",
        "builds_production_model": "builds a production model",
        "owns_production_model": "owns a production model",
        "deploys_production_model": "deploys (deployed_by, default owned_by) a production model",
        "has_production_model": "builds, owns or deploys a production model",
        "has_user_facing_active_model": "builds or owns an active user_facing model",
        "active_models": "number of active models it builds or owns",
        "model_stages": "stages of the models it builds or owns",
        "owns_data": "owns at least one data asset",
        "incomplete": "some member of it or its collaborators is an unresolved reference",
    },
    "data": {
        "id": "data id", "name": "name or null", "owner": "owner team id or null",
        "available_in_production": "boolean", "read_by": "ids of models that read it",
        "read_by_active_model": "an active model reads it",
    },
    "models": {
        "id": "model id", "name": "name or null", "stage": "model stage", "active": "stage development or production",
        "built_by": "team id or null", "owned_by": "effective owner team (default built_by) or null",
        "deployed_by": "effective deploying team (default owned_by) or null",
        "written": "the reference fields written in the file: built_by, owned_by, deployed_by",
        "user_facing": "boolean", "data": "data ids", "drift": "monitoring.drift",
        "escalation": "monitoring.escalation ids", "owner_ml_members": "ML-skilled members of the owner team",
        "deployer_ml_members": "ML-skilled members of the deploying team",
        "deployer_is_builder": "deployed_by equals built_by",
        "deployer_collaborates_with_builder": "the deploying team is a collaborator of the building team",
        "unresolved": "fields whose references did not resolve (rules should not fire on them)",
        "unknown": "of built_by, owned_by, deployed_by: those whose value (written or defaulted) did not resolve",
    },
}


def org_view(org: Org) -> dict:
    info = org.info
    return {
        "name": info.name if info else None,
        "stage": info.stage if info else None,
        "business": info.business if info else None,
        "embedded_teams": sum(1 for t in org.teams if org.is_embedded(t)),
        "platform_teams": sum(1 for t in org.teams.values() if t.type == "platform"),
        "ml_people": sum(1 for p in org.people if org.has_ml_skill(p)),
    }


def person_view(org: Org, pid: str) -> dict:
    p = org.people[pid]
    return {"id": pid, "name": p.name, "title": p.title, "reports_to": p.reports_to,
            "skills": _sorted(org.skills[pid]), "teams": list(org.teams_of.get(pid, [])),
            "direct_reports": len(org.reports.get(pid, [])), "is_top": p.reports_to is None,
            "has_ml_skill": org.has_ml_skill(pid)}


_SORTED: dict[frozenset, list[str]] = {}


def _sorted(skills: frozenset) -> list[str]:
    """Skill sets are interned by resolve, so each distinct one is sorted once."""
    found = _SORTED.get(skills)
    if found is None:
        if len(_SORTED) > 100_000:
            _SORTED.clear()
        found = _SORTED[skills] = sorted(skills)
    return list(found)


def team_view(org: Org, tid: str) -> dict:
    t = org.teams[tid]
    models = org.models
    built = org.builds.get(tid, [])
    owned = org.owns.get(tid, [])
    mine = org.team_models(tid)
    collaborators = org.collaborators[tid]
    members = org.members[tid]
    pm = [p for p in members if "product-management" in org.skills[p]]
    others = [c for c in collaborators if c != tid]
    return {
        "id": tid, "name": t.name, "type": t.type, "lead": t.lead, "members": members,
        "size": len(members), "parent": t.parent, "embedded_in": t.embedded_in,
        "works_with": list(t.works_with), "engagement": t.engagement,
        "kpis": [k.model_dump() for k in t.kpis] if t.kpis is not None else None,
        "kpi_kinds": [k.kind for k in t.kpis or ()],
        "skills": _sorted(org.team_skills[tid]), "reachable_skills": _sorted(org.reachable_skills[tid]),
        "collaborators": collaborators,
        "other_collaborator_types": sorted({org.teams[c].type for c in others}),
        "ml_members": org.ml_members[tid], "pm_members": pm,
        "members_besides_lead": sum(1 for p in members if p != t.lead),
        "lead_is_only_pm": t.lead is not None and pm == [t.lead],
        "other_collaborators_have_pm": any("product-management" in org.team_skills[c] for c in others),
        "embedded": org.is_embedded(tid),
        "builds_active_model": any(models[m].stage in ACTIVE for m in built),
        "owns_active_model": any(models[m].stage in ACTIVE for m in owned),
        "has_active_model": any(models[m].stage in ACTIVE for m in mine),
        "builds_production_model": any(models[m].stage == "production" for m in built),
        "owns_production_model": any(models[m].stage == "production" for m in owned),
        "deploys_production_model": any(models[m].stage == "production" for m in org.deploys.get(tid, [])),
        "has_production_model": org.has_production_model(tid),
        "has_user_facing_active_model": any(models[m].stage in ACTIVE and models[m].user_facing for m in mine),
        "active_models": sum(1 for m in mine if models[m].stage in ACTIVE),
        "model_stages": sorted({models[m].stage for m in mine}),
        "owns_data": bool(org.data_owned.get(tid)),
        "incomplete": org.reach_incomplete(tid),
    }


def data_view(org: Org, did: str, readers: dict[str, list[str]]) -> dict:
    d = org.data[did]
    read_by = readers.get(did, [])
    return {"id": did, "name": d.name, "owner": d.owner,
            "available_in_production": d.available_in_production, "read_by": read_by,
            "read_by_active_model": any(org.models[m].stage in ACTIVE for m in read_by)}


def model_view(org: Org, mid: str) -> dict:
    m = org.models[mid]
    built, owned, deployed = org.built_by[mid], org.owned_by[mid], org.deployed_by[mid]
    unresolved = sorted(org.unresolved.get(mid, ()))

    def team_id(value):
        return None if value is None or value is UNKNOWN else value

    def ml(team):
        return org.ml_members.get(team) if team else None

    monitoring = m.monitoring
    return {
        "id": mid, "name": m.name, "stage": m.stage, "active": m.stage in ACTIVE,
        "built_by": team_id(built), "owned_by": team_id(owned), "deployed_by": team_id(deployed),
        "written": [f for f in ("built_by", "owned_by", "deployed_by") if getattr(m, f) is not None],
        "user_facing": m.user_facing, "data": list(m.data),
        "drift": bool(monitoring and monitoring.drift),
        "escalation": list(monitoring.escalation or []) if monitoring else [],
        "owner_ml_members": ml(team_id(owned)), "deployer_ml_members": ml(team_id(deployed)),
        "deployer_is_builder": deployed is not None and deployed == built,
        "deployer_collaborates_with_builder": bool(
            team_id(built) and team_id(deployed) and deployed in org.collaborators[built]),
        "unresolved": unresolved,
        # an unresolved default chain (owned_by defaulting to an unresolved built_by) counts too
        "unknown": [f for f, v in (("built_by", built), ("owned_by", owned), ("deployed_by", deployed))
                    if v is UNKNOWN],
    }


def views(org: Org, given: str):
    """(id, view) for every valid entity of a kind, in written order."""
    if given == "people":
        for pid in org.people:
            yield pid, person_view(org, pid)
    elif given == "teams":
        for tid in org.teams:
            yield tid, team_view(org, tid)
    elif given == "data":
        readers: dict[str, list[str]] = {}
        for mid, m in org.models.items():
            for did in m.data:
                readers.setdefault(did, []).append(mid)
        for did in org.data:
            yield did, data_view(org, did, readers)
    elif given == "models":
        for mid in org.models:
            yield mid, model_view(org, mid)
    else:
        raise ValueError(given)


__all__ = ["VIEW_FIELDS", "org_view", "views"]
