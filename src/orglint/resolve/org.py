"""Stage 3: validated entities -> one org graph with references resolved and derived facts.

Everything here is computed once, in time linear in the size of the org, so rules can
ask questions without loops over pairs of people.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast

from orglint.findings import Finding, Location, org_finding
from orglint.read.load import field_location, location
from orglint.read.parse import YList, YMap
from orglint.resolve.skills import BUILTIN_ALIASES, known_names, ml_skilled, normalize_skill
from orglint.resolve.suggest import Suggester
from orglint.validate.validation import Entity, Validated

if TYPE_CHECKING:  # the pydantic models are built only when a check needs them
    from collections.abc import Callable
    from typing import Protocol

    from orglint.validate.schema import Data, Model, OrgInfo, Person, Team

    class _Ref(Protocol):
        """``resolve``'s ``ref``: the id, or UNKNOWN."""

        def __call__(
            self, owner: str, fieldname: str, target: str, index: int | None = None
        ) -> str | _Unknown: ...

    # ``resolve``'s ``refs``: the ids that resolve
    _Refs = Callable[[str, str, list[str] | None], list[str]]

ACTIVE = frozenset({"development", "production"})
# Teams whose lead's reports are not thereby its members (RULES.md, derived members).
NOT_DERIVING = frozenset({"chapter", "leadership"})

# What each reference field may name.
PERSON, TEAM, DATA, MODEL = "person", "team", "data", "model"
REFERENCES: dict[str, dict[str, tuple[str, ...]]] = {
    PERSON: {"reports_to": (PERSON,)},
    TEAM: {
        "lead": (PERSON,),
        "members": (PERSON,),
        "parent": (TEAM,),
        "embedded_in": (TEAM,),
        "works_with": (TEAM,),
    },
    DATA: {"owner": (TEAM,)},
    MODEL: {"built_by": (TEAM,), "owned_by": (TEAM,), "deployed_by": (TEAM,), "data": (DATA,)},
}
_ARTICLE = {PERSON: "a person", TEAM: "a team", DATA: "a data asset", MODEL: "a model"}
# field as passed to ``ref`` -> the kinds it may name
_TARGETS: dict[str, tuple[str, ...]] = {
    name: kinds for fields in REFERENCES.values() for name, kinds in fields.items()
}
_TARGETS["monitoring.escalation"] = (TEAM, PERSON)


class _Unknown:
    """A reference that did not resolve: rules must not evaluate conditions on it."""

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> Literal[False]:
        return False


UNKNOWN = _Unknown()


@dataclass
class Org:
    info: OrgInfo | None
    root_path: str
    people: dict[str, Person] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    data: dict[str, Data] = field(default_factory=dict)
    models: dict[str, Model] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)  # first definition of each id
    unresolved: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # derived facts
    skills: dict[str, frozenset[str]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    teams_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    collaborators: dict[str, list[str]] = field(default_factory=dict)
    team_skills: dict[str, frozenset[str]] = field(default_factory=dict)
    reachable_skills: dict[str, frozenset[str]] = field(default_factory=dict)
    ml_members: dict[str, int] = field(default_factory=dict)
    reports: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    tops: list[str] = field(default_factory=list)
    built_by: dict[str, object] = field(default_factory=dict)  # model -> team id | None | UNKNOWN
    owned_by: dict[str, object] = field(default_factory=dict)
    deployed_by: dict[str, object] = field(default_factory=dict)
    builds: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    owns: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    deploys: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    data_owned: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    read_by: dict[str, list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )  # data -> models
    embedded_children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    incomplete_teams: set[str] = field(default_factory=set)
    derived: dict[str, str] = field(default_factory=dict)  # person -> team, through reports_to
    known_skills: dict[str, str] = field(default_factory=dict)  # canonical names and aliases
    complete: bool = True  # False when a file of the org could not be read: its ids are unknown
    renamed: dict[str, str] = field(default_factory=dict)  # former id -> id (`previously`)
    # facts the org's sources cannot express ("reporting-lines", "skills", "work-teams"; see
    # orglint.sources.common.FACT_RULES): rules that need them are not evaluated
    unknown_facts: frozenset[str] = frozenset()

    # -- where things were written -------------------------------------------------
    def at(self, ident: str, fieldname: str | None = None, index: int | None = None) -> Location:
        """The value of ``fieldname`` (item ``index`` of a list), else the `- id:` line."""
        entity = self.entities[ident]
        node: YMap | None  # None once _descend finds no such mapping
        node = entity.node
        if fieldname is not None:
            node, key = _descend(node, fieldname)
            if node is not None and key in node:
                value = node[key]
                if index is not None and isinstance(value, YList) and index < len(value):
                    return location(entity.path, *value.pos[index])
                return field_location(entity.path, node, key)
        return self.id_location(ident)

    def id_location(self, ident: str) -> Location:
        entity = self.entities[ident]
        node = entity.node
        if "id" in node:
            kstart, _, vend = node.pos["id"]
            return location(entity.path, kstart, vend)
        return location(entity.path, node.start)

    def written(self, ident: str, fieldname: str) -> bool:
        node, key = _descend(self.entities[ident].node, fieldname)
        return node is not None and key in node

    def kind(self, ident: str) -> str | None:
        entity = self.entities.get(ident)
        return entity.kind if entity else None

    # -- derived questions ------------------------------------------------------------
    def has_ml_skill(self, person: str) -> bool:
        return ml_skilled(self.skills.get(person, frozenset()))

    def is_embedded(self, team: str) -> bool:
        t = self.teams[team]
        return t.embedded_in is not None or t.engagement == "embedded"

    def team_models(self, team: str) -> list[str]:
        """Models the team builds or owns, each once, in written order."""
        return list(dict.fromkeys(self.builds.get(team, []) + self.owns.get(team, [])))

    def has_active_model(self, team: str) -> bool:
        models = self.models
        return any(models[m].stage in ACTIVE for m in self.team_models(team))

    def has_production_model(self, team: str) -> bool:
        models = self.models
        return any(
            models[m].stage == "production"
            for m in self.builds.get(team, [])
            + self.owns.get(team, [])
            + self.deploys.get(team, [])
        )

    def builds_active_model(self, team: str) -> bool:
        models = self.models
        return any(models[m].stage in ACTIVE for m in self.builds.get(team, []))

    def is_ml_team(self, team: str) -> bool:
        """Type `ml`, or a `data` team that builds an active model with ML people in it."""
        kind = self.teams[team].type
        return kind == "ml" or (
            kind == "data" and self.ml_members[team] > 0 and self.builds_active_model(team)
        )

    def is_ml_presence(self, team: str) -> bool:
        """An embedded team with ML people, or a product team whose ML people build."""
        if self.ml_members[team] == 0:
            return False
        return self.is_embedded(team) or (
            self.teams[team].type == "product" and self.builds_active_model(team)
        )

    def reach_incomplete(self, team: str) -> bool:
        """Some member of the team or its collaborators did not resolve."""
        incomplete = self.incomplete_teams
        return bool(incomplete) and any(
            t in incomplete for t in self.collaborators.get(team, [team])
        )


def _descend(node: YMap, dotted: str) -> tuple[YMap | None, str]:
    parts = dotted.split(".")
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, YMap):
            return None, parts[-1]
        node = child
    return node, parts[-1]


def resolve(
    validated: Validated,
    aliases: dict[str, str] | None = None,
    complete: bool = True,
    derive_members: bool = True,
) -> tuple[Org, list[Finding]]:
    """Build the org graph. ``complete`` is False when a file could not be read: then a
    reference may name an id of that file, so unknown references are not reported.
    ``derive_members`` adds each person to the team their nearest leading manager leads."""
    aliases = {
        **BUILTIN_ALIASES,
        **{
            normalize_skill(k, {}): normalize_skill(v, BUILTIN_ALIASES)
            for k, v in (aliases or {}).items()
        },
    }
    # the header's OrgValue (fast path) reads as the OrgInfo model
    org = Org(cast("OrgInfo | None", validated.org), validated.root_path, complete=complete)
    org.known_skills = known_names(aliases)
    findings: list[Finding] = []
    tables: dict[str, dict[str, Any]] = {
        PERSON: org.people,
        TEAM: org.teams,
        DATA: org.data,
        MODEL: org.models,
    }
    entities = org.entities
    renamed = org.renamed
    for entity in validated.entities:
        if "previously" in entity.node and entity.value is not None:
            findings += _former_ids(entity, renamed)
    for entity in validated.entities:
        if renamed and entity.id in renamed and renamed[entity.id] != entity.id:
            findings.append(_reserved(entity, renamed[entity.id]))
            continue
        first = entities.setdefault(entity.id, entity)
        if first is not entity:
            where = Location(entity.path, 1, 1)
            if "id" in entity.node:
                kstart, _, vend = entity.node.pos["id"]
                where = location(entity.path, kstart, vend)
            fline = first.node.pos["id"][0] >> 32 if "id" in first.node else 1
            findings.append(
                org_finding(
                    "ORG003",
                    f"id `{entity.id}` is already defined as {_ARTICLE[first.kind]} at "
                    f"{first.path}:{fline}; people, teams, data and models share one namespace: "
                    "rename one of them",
                    where,
                    entity.id,
                    "id",
                )
            )
            continue
        if entity.value is not None:
            tables[entity.kind][entity.id] = entity.value

    suggesters: dict[tuple[str, ...], Suggester] = {}

    def ref(owner: str, fieldname: str, target: str, index: int | None = None) -> str | _Unknown:
        """Resolve one reference; report ORG004; return the id, or UNKNOWN."""
        # one lookup in the id table on the common path: at a million people, each lookup
        # is a cache miss, and references are most of what this stage does
        found = entities.get(target)
        kinds = _TARGETS[fieldname]
        if found is not None and found.kind in kinds:
            if found.value is None:
                org.unresolved[owner].add(fieldname)  # defined but invalid: takes no part
                return UNKNOWN
            return target
        return not_found(owner, fieldname, target, index, found, kinds)

    def not_found(
        owner: str,
        fieldname: str,
        target: str,
        index: int | None,
        found: Entity | None,
        kinds: tuple[str, ...],
    ) -> _Unknown:
        """Mark the reference unresolved and say why (ORG004); UNKNOWN."""
        org.unresolved[owner].add(fieldname)
        if not complete and found is None:
            return UNKNOWN
        wanted = " or ".join(_ARTICLE[k] for k in kinds)
        if found is not None:
            message = (
                f"`{fieldname}` names `{target}`, which is {_ARTICLE[found.kind]}; "
                f"`{fieldname.split('.')[-1]}` takes {wanted} id"
            )
        else:
            if target in renamed:
                message = (
                    f"`{fieldname}` names `{target}`, which was renamed to "
                    f"`{renamed[target]}`: write `{renamed[target]}`"
                )
            else:
                key = tuple(kinds)
                if key not in suggesters:
                    suggesters[key] = Suggester(
                        [i for k in kinds for i, e in entities.items() if e.kind == k]
                    )
                close = suggesters[key].closest(target)
                hint = (
                    f"; did you mean `{close}`?"
                    if close
                    else f": define {wanted} with this id or fix the reference"
                )
                noun = wanted.split(" ", 1)[1]
                message = f"`{fieldname}` names `{target}`, but no {noun} has this id{hint}"
        findings.append(
            org_finding("ORG004", message, org.at(owner, fieldname, index), owner, fieldname)
        )
        return UNKNOWN

    def refs(owner: str, fieldname: str, targets: list[str] | None) -> list[str]:
        """The ids of ``targets`` that resolve (``ref``'s test, inlined: a million members)."""
        kinds = _TARGETS[fieldname]
        out = []
        for i, target in enumerate(targets or ()):
            found = entities.get(target)
            if found is not None and found.kind in kinds and found.value is not None:
                out.append(target)
            else:
                ref(owner, fieldname, target, i)
        return out

    _people(org, ref, aliases)
    _teams(org, ref, refs, derive_members)
    _data(org, ref)
    _models(org, ref, refs)
    return org, findings


def _id_location(entity: Entity) -> Location:
    if "id" in entity.node:
        kstart, _, vend = entity.node.pos["id"]
        return location(entity.path, kstart, vend)
    return Location(entity.path, 1, 1)


def _former_ids(entity: Entity, renamed: dict[str, str]) -> list[Finding]:
    """Record the entity's `previously` ids; one former id claimed twice is ORG003."""
    out = []
    node = entity.node["previously"]
    for index, old in enumerate(node if isinstance(node, YList) else ()):
        if old == entity.id:
            continue
        if old in renamed and renamed[old] != entity.id:
            out.append(
                org_finding(
                    "ORG003",
                    f"`{old}` is already a former id of `{renamed[old]}` (its `previously`); "
                    "a former id belongs to one entity: remove it from one of the two",
                    location(entity.path, *node.pos[index]),
                    entity.id,
                    "previously",
                )
            )
            continue
        renamed[old] = entity.id
    return out


def _reserved(entity: Entity, new: str) -> Finding:
    return org_finding(
        "ORG003",
        f"id `{entity.id}` was renamed to `{new}` (listed in its `previously`) and stays "
        f"reserved, so that old references cannot silently name something else: choose "
        f"another id, or remove `{entity.id}` from `{new}`'s `previously`",
        _id_location(entity),
        entity.id,
        "id",
    )


def _people(org: Org, ref: _Ref, aliases: dict[str, str]) -> None:
    interned: dict[frozenset[str], frozenset[str]] = {}
    # a few hundred distinct skill lists across any org: normalise each once, share the set
    by_list: dict[tuple[str, ...], frozenset[str]] = {}
    for pid, person in org.people.items():
        written = tuple(person.skills)
        skills = by_list.get(written)
        if skills is None:
            skills = frozenset(normalize_skill(raw, aliases) for raw in written)
            skills = by_list[written] = interned.setdefault(skills, skills)
        org.skills[pid] = skills
        if person.reports_to is None:
            org.tops.append(pid)
        else:
            boss: Any = ref(pid, "reports_to", person.reports_to)  # an id past `is not UNKNOWN`
            if boss is not UNKNOWN:
                org.reports[boss].append(pid)


def _teams(org: Org, ref: _Ref, refs: _Refs, derive_members: bool) -> None:
    neighbours: dict[str, dict[str, None]] = {tid: {tid: None} for tid in org.teams}
    teams_of = org.teams_of
    for tid, team in org.teams.items():
        members = refs(tid, "members", team.members)
        if team.lead is not None:
            lead: Any = ref(tid, "lead", team.lead)  # an id past `is not UNKNOWN`
            if lead is not UNKNOWN and lead not in members:
                members.append(lead)
        members = list(dict.fromkeys(members))
        org.members[tid] = members
        for pid in members:
            # a tuple, not a list: one object per person instead of two (a million people)
            old = teams_of.get(pid)
            teams_of[pid] = (tid,) if old is None else (*old, tid)
        if team.parent is not None:
            ref(tid, "parent", team.parent)
        if team.embedded_in is not None:
            host: Any = ref(tid, "embedded_in", team.embedded_in)  # an id past `is not UNKNOWN`
            if host is not UNKNOWN:
                org.embedded_children[host].append(tid)
                neighbours[tid][host] = None
                neighbours[host][tid] = None
        for other in refs(tid, "works_with", team.works_with):
            neighbours[tid][other] = None
            neighbours[other][tid] = None
        if org.unresolved.get(tid, set()) & {"members", "lead"}:
            org.incomplete_teams.add(tid)
    if derive_members:
        _derive_members(org)
    interned: dict[frozenset[str], frozenset[str]] = {}
    person_skills = org.skills
    for tid, members in org.members.items():
        sets = [person_skills[p] for p in members]
        skills = frozenset().union(*sets)
        org.team_skills[tid] = interned.setdefault(skills, skills)
        org.ml_members[tid] = sum(1 for s in sets if ml_skilled(s))
    for tid, near in neighbours.items():
        org.collaborators[tid] = list(near)
        reach = frozenset().union(*(org.team_skills[t] for t in near))
        org.reachable_skills[tid] = interned.setdefault(reach, reach)


_SEVERAL = ""  # a manager who leads several teams: their reports join none


def _derive_members(org: Org) -> None:
    """RULES.md *derived members*: a person in no team's `members` and leading no team
    (chapters aside) joins the team of their nearest manager who leads a team that is not
    a chapter or leadership team; none when that manager leads several."""
    led: dict[str, str] = {}
    for tid, team in org.teams.items():
        if team.type in NOT_DERIVING or team.lead is None or "lead" in org.unresolved.get(tid, ()):
            continue
        led[team.lead] = _SEVERAL if team.lead in led else tid
    if not led:
        return
    placed = {
        pid
        for pid, teams in org.teams_of.items()
        if any(org.teams[t].type != "chapter" for t in teams)
    }
    people = org.people
    unresolved = org.unresolved
    above: dict[str, str | None] = {}  # person -> team of their nearest leading manager

    def boss(pid: str) -> str | None:
        if "reports_to" in unresolved.get(pid, ()):
            return None
        return people[pid].reports_to

    for start in people:
        if start in placed or start in above:
            continue
        path: list[str] = []
        seen: set[str] = set()
        pid: str | None = start
        found: str | None = None
        while pid is not None and pid not in above and pid not in seen:
            seen.add(pid)
            path.append(pid)
            manager = boss(pid)
            if manager is not None and manager in led:
                found = led[manager]
                pid = None
                break
            pid = manager
        if pid is not None and pid in above:
            found = above[pid]
        for visited in path:  # everyone on the path has the same nearest leading manager
            above[visited] = found
    members = org.members
    teams_of = org.teams_of
    for person in people:
        joined = above.get(person)
        if person in placed or not joined:
            continue
        org.derived[person] = joined
        members[joined].append(person)
        old = teams_of.get(person)
        teams_of[person] = (joined,) if old is None else (*old, joined)


def _data(org: Org, ref: _Ref) -> None:
    for did, data in org.data.items():
        if data.owner is not None:
            owner: Any = ref(did, "owner", data.owner)  # an id past `is not UNKNOWN`
            if owner is not UNKNOWN:
                org.data_owned[owner].append(did)


def _models(org: Org, ref: _Ref, refs: _Refs) -> None:
    for mid, model in org.models.items():
        built = ref(mid, "built_by", model.built_by) if model.built_by is not None else None
        owned = ref(mid, "owned_by", model.owned_by) if model.owned_by is not None else built
        deployed = (
            ref(mid, "deployed_by", model.deployed_by) if model.deployed_by is not None else owned
        )
        org.built_by[mid], org.owned_by[mid], org.deployed_by[mid] = built, owned, deployed
        for table, team in ((org.builds, built), (org.owns, owned), (org.deploys, deployed)):
            if team:
                table[team].append(mid)
        for did in refs(mid, "data", model.data):
            org.read_by[did].append(mid)
        if model.monitoring is not None and model.monitoring.escalation:
            refs(mid, "monitoring.escalation", model.monitoring.escalation)
