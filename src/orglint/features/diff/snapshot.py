"""What `diff` and `history` need of a checked org, as plain values: every field of every
valid entity, membership, and renames. Small enough to send back from a worker process
(the org graph, with its YAML nodes, is not)."""

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

    def ids(self, kind: str) -> list[str]:
        return [i for i, k in self.kinds.items() if k == kind]

    def get(self, ident: str, name: str) -> object:
        values = self.fields.get(ident)
        if values is None:
            return None
        return values[FIELDS[self.kinds[ident]].index(name)]

    def valid(self, ident: str) -> bool:
        return ident in self.fields


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
