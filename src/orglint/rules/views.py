"""The *view* of each entity that declarative rules evaluate: its own fields plus derived
facts, as plain JSON values. Documented field by field in docs/rule-files.md; a test
keeps that page and ``VIEW_FIELDS`` in step.
"""

from __future__ import annotations

from orglint.resolve.org import ACTIVE, UNKNOWN, Org

VIEW_FIELDS = {
    "org": {
        "name": "organisation name",
        "stage": "org.stage (default growth)",
        "business": "org.business or null",
        "embedded_teams": "number of embedded teams",
        "platform_teams": "number of teams of type platform",
        "ml_people": "number of people with ML skill",
    },
    "people": {
        "id": "person id",
        "name": "display name or null",
        "title": "title or null",
        "reports_to": "manager's person id or null",
        "skills": "canonical skill names, sorted",
        "teams": "ids of teams the person is a member (or lead) of",
        "direct_reports": "number of people reporting to them",
        "is_top": "has no reports_to",
        "has_ml_skill": "has skill ml or data-science",
    },
    "teams": {
        "id": "team id",
        "name": "name or null",
        "type": "team type",
        "lead": "lead's person id or null",
        "members": "member ids, lead included",
        "size": "number of members",
        "parent": "parent team id or null",
        "embedded_in": "host team id or null",
        "works_with": "team ids as written",
        "engagement": "engagement or null",
        "kpis": "list of {name, kind} or null",
        "kpi_kinds": "kinds of its kpis",
        "skills": "union of members' skills",
        "reachable_skills": "union of collaborators' members' skills",
        "collaborators": (
            "team ids: itself, works_with (either side), embedded_in, teams embedded in it"
        ),
        "other_collaborator_types": "types of its collaborators other than itself",
        "ml_members": "number of members with ML skill",
        "pm_members": "ids of members with product-management",
        "members_besides_lead": "number of members other than the lead",
        "lead_is_only_pm": "the lead is the only member with product-management",
        "other_collaborators_have_pm": (
            "a member of another collaborator team has product-management"
        ),
        "embedded": "has embedded_in or engagement embedded",
        "ml_team": "type ml, or type data building an active model with a member with ML skill",
        "ml_presence": (
            "embedded with a member with ML skill, or a product team with one that builds "
            "an active model"
        ),
        "builds_user_facing_active_model": "builds an active user_facing model",
        "derived_members": "ids of members derived through reports_to",
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
        "id": "data id",
        "name": "name or null",
        "owner": "owner team id or null",
        "available_in_production": "boolean",
        "read_by": "ids of models that read it",
        "read_by_active_model": "an active model reads it",
    },
    "models": {
        "id": "model id",
        "name": "name or null",
        "stage": "model stage",
        "active": "stage development or production",
        "built_by": "team id or null",
        "owned_by": "effective owner team (default built_by) or null",
        "deployed_by": "effective deploying team (default owned_by) or null",
        "written": "the reference fields written in the file: built_by, owned_by, deployed_by",
        "user_facing": "boolean",
        "data": "data ids",
        "drift": "monitoring.drift",
        "escalation": "monitoring.escalation ids",
        "owner_ml_members": "ML-skilled members of the owner team",
        "deployer_ml_members": "ML-skilled members of the deploying team",
        "deployer_is_builder": "deployed_by equals built_by",
        "deployer_collaborates_with_builder": (
            "the deploying team is a collaborator of the building team"
        ),
        "unresolved": "fields whose references did not resolve (rules should not fire on them)",
        "unknown": (
            "of built_by, owned_by, deployed_by: those whose value (written or defaulted) "
            "did not resolve"
        ),
    },
}

# The JSON type of each field and an example value, for docs/rule-files.md (generated from
# here and checked by a test) and for refusing rule files that use a field as what it is
# not (`minItems` on a number). Types: a JSON type, `array of T`, alternatives joined by
# ` or `. Every field of FIELDS needs an entry (the test says which lacks one).
VIEW_TYPES: dict[str, dict[str, tuple[str, object]]] = {
    "org": {
        "name": ("string or null", "Acme"),
        "stage": ("string or null", "growth"),
        "business": ("string or null", "saas"),
        "embedded_teams": ("integer", 3),
        "platform_teams": ("integer", 1),
        "ml_people": ("integer", 12),
    },
    "people": {
        "id": ("string", "ana"),
        "name": ("string or null", "Ana Lima"),
        "title": ("string or null", "Data Scientist"),
        "reports_to": ("string or null", "head-of-ml"),
        "skills": ("array of string", ["data-science", "research"]),
        "teams": ("array of string", ["ml", "ml-chapter"]),
        "direct_reports": ("integer", 0),
        "is_top": ("boolean", False),
        "has_ml_skill": ("boolean", True),
    },
    "teams": {
        "id": ("string", "ml"),
        "name": ("string or null", "Machine Learning"),
        "type": ("string", "ml"),
        "lead": ("string or null", "head-of-ml"),
        "members": ("array of string", ["head-of-ml", "ana"]),
        "size": ("integer", 2),
        "parent": ("string or null", "engineering"),
        "embedded_in": ("string or null", "search"),
        "works_with": ("array of string", ["search"]),
        "engagement": ("string or null", "central"),
        "kpis": ("array of object or null", [{"name": "intent accuracy", "kind": "model"}]),
        "kpi_kinds": ("array of string", ["model"]),
        "skills": ("array of string", ["data-science", "ml"]),
        "reachable_skills": ("array of string", ["backend", "data-science", "ml"]),
        "collaborators": ("array of string", ["ml", "search"]),
        "other_collaborator_types": ("array of string", ["product"]),
        "ml_members": ("integer", 2),
        "pm_members": ("array of string", []),
        "members_besides_lead": ("integer", 1),
        "lead_is_only_pm": ("boolean", False),
        "other_collaborators_have_pm": ("boolean", True),
        "embedded": ("boolean", False),
        "ml_team": ("boolean", True),
        "ml_presence": ("boolean", False),
        "builds_user_facing_active_model": ("boolean", False),
        "derived_members": ("array of string", ["ana"]),
        "builds_active_model": ("boolean", True),
        "owns_active_model": ("boolean", True),
        "has_active_model": ("boolean", True),
        "builds_production_model": ("boolean", True),
        "owns_production_model": ("boolean", True),
        "deploys_production_model": ("boolean", False),
        "has_production_model": ("boolean", True),
        "has_user_facing_active_model": ("boolean", False),
        "active_models": ("integer", 1),
        "model_stages": ("array of string", ["production", "research"]),
        "owns_data": ("boolean", False),
        "incomplete": ("boolean", False),
    },
    "data": {
        "id": ("string", "chat-logs"),
        "name": ("string or null", "Chat transcripts"),
        "owner": ("string or null", "platform"),
        "available_in_production": ("boolean", True),
        "read_by": ("array of string", ["intent-classifier"]),
        "read_by_active_model": ("boolean", True),
    },
    "models": {
        "id": ("string", "intent-classifier"),
        "name": ("string or null", "Intent classifier"),
        "stage": ("string", "production"),
        "active": ("boolean", True),
        "built_by": ("string or null", "ml"),
        "owned_by": ("string or null", "ml"),
        "deployed_by": ("string or null", "platform"),
        "written": ("array of string", ["built_by", "deployed_by"]),
        "user_facing": ("boolean", True),
        "data": ("array of string", ["chat-logs"]),
        "drift": ("boolean", True),
        "escalation": ("array of string", ["ml", "ana"]),
        "owner_ml_members": ("integer or null", 2),
        "deployer_ml_members": ("integer or null", 0),
        "deployer_is_builder": ("boolean", False),
        "deployer_collaborates_with_builder": ("boolean", True),
        "unresolved": ("array of string", []),
        "unknown": ("array of string", []),
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


_SORTED: dict[frozenset, list[str]] = {}


def _sorted(skills: frozenset) -> list[str]:
    """Skill sets are interned by resolve, so each distinct one is sorted once."""
    found = _SORTED.get(skills)
    if found is None:
        if len(_SORTED) > 100_000:
            _SORTED.clear()
        found = _SORTED[skills] = sorted(skills)
    return list(found)


# Each field is a function of (org, id, validated value), so that a rule's views need
# only compute the fields the rule reads: a million-person org has 140k teams, and
# building every field of every team view was the largest cost of the rules stage.

_PERSON = {
    "id": lambda org, pid, p: pid,
    "name": lambda org, pid, p: p.name,
    "title": lambda org, pid, p: p.title,
    "reports_to": lambda org, pid, p: p.reports_to,
    "skills": lambda org, pid, p: _sorted(org.skills[pid]),
    "teams": lambda org, pid, p: list(org.teams_of.get(pid, [])),
    "direct_reports": lambda org, pid, p: len(org.reports.get(pid, [])),
    "is_top": lambda org, pid, p: p.reports_to is None,
    "has_ml_skill": lambda org, pid, p: org.has_ml_skill(pid),
}


def _pm_members(org: Org, tid: str) -> list[str]:
    return [p for p in org.members[tid] if "product-management" in org.skills[p]]


def _other_collaborators(org: Org, tid: str) -> list[str]:
    return [c for c in org.collaborators[tid] if c != tid]


def _any_model(org: Org, models: list[str], stages=ACTIVE, user_facing: bool = False) -> bool:
    table = org.models
    return any(
        table[m].stage in stages and (not user_facing or table[m].user_facing) for m in models
    )


_PRODUCTION = frozenset({"production"})

_TEAM = {
    "id": lambda org, tid, t: tid,
    "name": lambda org, tid, t: t.name,
    "type": lambda org, tid, t: t.type,
    "lead": lambda org, tid, t: t.lead,
    "members": lambda org, tid, t: org.members[tid],
    "size": lambda org, tid, t: len(org.members[tid]),
    "parent": lambda org, tid, t: t.parent,
    "embedded_in": lambda org, tid, t: t.embedded_in,
    "works_with": lambda org, tid, t: list(t.works_with),
    "engagement": lambda org, tid, t: t.engagement,
    "kpis": lambda org, tid, t: [k.model_dump() for k in t.kpis] if t.kpis is not None else None,
    "kpi_kinds": lambda org, tid, t: [k.kind for k in t.kpis or ()],
    "skills": lambda org, tid, t: _sorted(org.team_skills[tid]),
    "reachable_skills": lambda org, tid, t: _sorted(org.reachable_skills[tid]),
    "collaborators": lambda org, tid, t: org.collaborators[tid],
    "other_collaborator_types": lambda org, tid, t: sorted(
        {org.teams[c].type for c in _other_collaborators(org, tid)}
    ),
    "ml_members": lambda org, tid, t: org.ml_members[tid],
    "pm_members": lambda org, tid, t: _pm_members(org, tid),
    "members_besides_lead": lambda org, tid, t: sum(1 for p in org.members[tid] if p != t.lead),
    "lead_is_only_pm": lambda org, tid, t: t.lead is not None and _pm_members(org, tid) == [t.lead],
    "other_collaborators_have_pm": lambda org, tid, t: any(
        "product-management" in org.team_skills[c] for c in _other_collaborators(org, tid)
    ),
    "embedded": lambda org, tid, t: org.is_embedded(tid),
    "ml_team": lambda org, tid, t: org.is_ml_team(tid),
    "ml_presence": lambda org, tid, t: org.is_ml_presence(tid),
    "builds_user_facing_active_model": lambda org, tid, t: _any_model(
        org, org.builds.get(tid, []), ACTIVE, True
    ),
    "derived_members": lambda org, tid, t: [p for p in org.members[tid] if p in org.derived],
    "builds_active_model": lambda org, tid, t: _any_model(org, org.builds.get(tid, [])),
    "owns_active_model": lambda org, tid, t: _any_model(org, org.owns.get(tid, [])),
    "has_active_model": lambda org, tid, t: org.has_active_model(tid),
    "builds_production_model": lambda org, tid, t: _any_model(
        org, org.builds.get(tid, []), _PRODUCTION
    ),
    "owns_production_model": lambda org, tid, t: _any_model(
        org, org.owns.get(tid, []), _PRODUCTION
    ),
    "deploys_production_model": lambda org, tid, t: _any_model(
        org, org.deploys.get(tid, []), _PRODUCTION
    ),
    "has_production_model": lambda org, tid, t: org.has_production_model(tid),
    "has_user_facing_active_model": lambda org, tid, t: _any_model(
        org, org.team_models(tid), ACTIVE, True
    ),
    "active_models": lambda org, tid, t: sum(
        1 for m in org.team_models(tid) if org.models[m].stage in ACTIVE
    ),
    "model_stages": lambda org, tid, t: sorted({org.models[m].stage for m in org.team_models(tid)}),
    "owns_data": lambda org, tid, t: bool(org.data_owned.get(tid)),
    "incomplete": lambda org, tid, t: org.reach_incomplete(tid),
}

_DATA = {
    "id": lambda org, did, d: did,
    "name": lambda org, did, d: d.name,
    "owner": lambda org, did, d: d.owner,
    "available_in_production": lambda org, did, d: d.available_in_production,
    "read_by": lambda org, did, d: list(org.read_by.get(did, [])),
    "read_by_active_model": lambda org, did, d: _any_model(org, org.read_by.get(did, [])),
}


def _team_id(value):
    return None if value is None or value is UNKNOWN else value


def _ml_members(org: Org, value):
    team = _team_id(value)
    return org.ml_members.get(team) if team else None


_MODEL = {
    "id": lambda org, mid, m: mid,
    "name": lambda org, mid, m: m.name,
    "stage": lambda org, mid, m: m.stage,
    "active": lambda org, mid, m: m.stage in ACTIVE,
    "built_by": lambda org, mid, m: _team_id(org.built_by[mid]),
    "owned_by": lambda org, mid, m: _team_id(org.owned_by[mid]),
    "deployed_by": lambda org, mid, m: _team_id(org.deployed_by[mid]),
    "written": lambda org, mid, m: [
        f for f in ("built_by", "owned_by", "deployed_by") if getattr(m, f) is not None
    ],
    "user_facing": lambda org, mid, m: m.user_facing,
    "data": lambda org, mid, m: list(m.data),
    "drift": lambda org, mid, m: bool(m.monitoring and m.monitoring.drift),
    "escalation": lambda org, mid, m: list(m.monitoring.escalation or []) if m.monitoring else [],
    "owner_ml_members": lambda org, mid, m: _ml_members(org, org.owned_by[mid]),
    "deployer_ml_members": lambda org, mid, m: _ml_members(org, org.deployed_by[mid]),
    "deployer_is_builder": lambda org, mid, m: (
        org.deployed_by[mid] is not None and org.deployed_by[mid] == org.built_by[mid]
    ),
    "deployer_collaborates_with_builder": lambda org, mid, m: bool(
        _team_id(org.built_by[mid])
        and _team_id(org.deployed_by[mid])
        and org.deployed_by[mid] in org.collaborators[org.built_by[mid]]
    ),
    "unresolved": lambda org, mid, m: sorted(org.unresolved.get(mid, ())),
    # an unresolved default chain (owned_by defaulting to an unresolved built_by) counts too
    "unknown": lambda org, mid, m: [
        f for f in ("built_by", "owned_by", "deployed_by") if getattr(org, f)[mid] is UNKNOWN
    ],
}

FIELDS = {"people": _PERSON, "teams": _TEAM, "data": _DATA, "models": _MODEL}


def _table(org: Org, given: str) -> dict:
    if given not in FIELDS:
        raise ValueError(given)
    return getattr(org, given)


def view(org: Org, given: str, ident: str, fields=None) -> dict:
    """One entity's view: every field, or only ``fields``."""
    value = _table(org, given)[ident]
    funcs = FIELDS[given]
    return {name: funcs[name](org, ident, value) for name in (funcs if fields is None else fields)}


def column(org: Org, given: str, name: str) -> list:
    """One field for every valid entity of a kind, in written order."""
    get = FIELDS[given][name]
    return [get(org, ident, value) for ident, value in _table(org, given).items()]


__all__ = ["FIELDS", "VIEW_FIELDS", "VIEW_TYPES", "column", "org_view", "view"]
