"""What `diff` and `history` need of a checked org, as plain values: every field of every
valid entity, membership, and renames. A worker process sends back only a summary (ids,
kinds, one number per entity) and then the entities that differ (`digests`, `part`):
at 100k people the whole snapshot is 40 MB of pickle, a second of CPU each way."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from orglint.resolve.org import Org
from orglint.validate.schema import Data, Model, Person, Team

# the fields compared, in the format's order (ids and `previously` are renames)
FIELDS = {
    kind: tuple(name for name in cls.model_fields if name not in ("id", "previously"))
    for kind, cls in (("person", Person), ("team", Team), ("data", Data), ("model", Model))
}
ORG_FIELDS = ("name", "stage", "business")


def plain(value: object) -> object:
    """Lists, dicts and scalars only (kpis and monitoring are records: pydantic models, or
    the fast paths' values, which dump themselves alike)."""
    dump = getattr(value, "model_dump", None)
    if dump is not None:
        return {k: plain(v) for k, v in dump().items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


@dataclass
class Snapshot:
    info: dict[str, object] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # id -> kind, in written order
    fields: dict[str, tuple] = field(default_factory=dict)  # valid entities: FIELDS values
    teams_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)  # former id -> id

    by_kind: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)

    def ids(self, kind: str) -> list[str]:
        if self.by_kind is None:  # grouped once: `changes` asks for every kind, twice
            self.by_kind = {}
            for ident, k in self.kinds.items():
                self.by_kind.setdefault(k, []).append(ident)
        return self.by_kind.get(kind, [])

    def get(self, ident: str, name: str) -> object:
        values = self.fields.get(ident)
        if values is None:
            return None
        return values[FIELDS[self.kinds[ident]].index(name)]

    def valid(self, ident: str) -> bool:
        return ident in self.fields

    def summary(self) -> Snapshot:
        """Ids, kinds, org fields and renames, without any entity's fields or membership."""
        return Snapshot(self.info, self.kinds, renamed=self.renamed)

    def part(self, ids: set[str] | None) -> tuple[dict, dict, dict]:
        """The fields and membership of ``ids`` (all when None), to send to another process
        for its `summary` of this snapshot (`with_part`)."""
        fields, teams_of, members = self.fields, self.teams_of, self.members
        if ids is not None:
            fields = {i: fields[i] for i in ids if i in fields}
            teams_of = {i: teams_of[i] for i in ids if i in teams_of}
            members = {i: members[i] for i in ids if i in members}
        # plain lists: a YAML node's list would pickle the file's position table with it
        return {i: tuple(plain(v) for v in f) for i, f in fields.items()}, teams_of, members

    def with_part(self, part: tuple[dict, dict, dict]) -> Snapshot:
        fields, teams_of, members = part
        return Snapshot(self.info, self.kinds, fields, teams_of, members, self.renamed)


def digests(snap: Snapshot) -> dict[str, int]:
    """One number per valid entity, from its fields and teams: equal on the two sides of a
    fork when they are equal (`hash` of the repr; a forked worker shares the hash seed).
    Different numbers only mean "compare the values": a false difference costs time."""
    teams = snap.teams_of
    return {i: hash(repr((v, teams.get(i)))) for i, v in snap.fields.items()}


def differing(
    before: Snapshot, before_digests: dict[str, int], after: Snapshot, after_digests: dict[str, int]
) -> set[str]:
    """The base's ids whose fields `changes` reads: entities whose digests differ or that
    are valid on one side only, and those gone from the head (removals show their teams)."""
    after_kinds = after.kinds
    out = set()
    for ident, kind in before.kinds.items():
        digest = before_digests.get(ident)
        if after_kinds.get(ident) != kind or digest is None or digest != after_digests.get(ident):
            out.add(ident)
    return out


_NESTED = {"kpis", "monitoring"}  # records inside an entity: made plain


def snapshot(org: Org) -> Snapshot:
    tables: dict[str, dict[str, Any]] = {
        "person": org.people,
        "team": org.teams,
        "data": org.data,
        "model": org.models,
    }
    out = Snapshot(
        info={k: getattr(org.info, k, None) for k in ORG_FIELDS} if org.info else {},
        teams_of=org.teams_of,
        members=org.members,
        renamed=org.renamed,
    )
    kinds, fields = out.kinds, out.fields
    # attrgetter reads all of an entity's fields in one C call (100k entities, a few each)
    getters = {kind: attrgetter(*names) for kind, names in FIELDS.items()}
    nested = {
        kind: [i for i, name in enumerate(names) if name in _NESTED]
        for kind, names in FIELDS.items()
    }
    for ident, entity in org.entities.items():
        kind = entity.kind
        kinds[ident] = kind
        value = tables[kind].get(ident)
        if value is not None:
            values = getters[kind](value)
            for i in nested[kind]:
                if values[i] is not None:
                    values = (*values[:i], plain(values[i]), *values[i + 1 :])
            fields[ident] = values
    return out
