"""The org format v1 as pydantic models, and its JSON Schema."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter
from pydantic.config import JsonDict

from orglint.validate.spec import (  # noqa: F401 (ID_RE and the rest are imported from here too)
    ID_PATTERN,
    ID_RE,
    ROOT_KEYS,
    Business,
    Engagement,
    KpiKind,
    ModelStage,
    Stage,
    TeamType,
)

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
Ref = Annotated[str, Field(description="an id")]
# former ids of a renamed entity: they stay reserved, and references to them say the new id
Previously = Annotated[list[Id], Field(description="former ids of this entity (renames)")]

_X_KEYS: JsonDict = {
    "patternProperties": {"^x-": {"description": "free for users' own annotations"}},
    "additionalProperties": False,
}


class Strict(BaseModel):
    # extra keys are checked by ``unknown_keys`` (to allow `x-` keys and suggest names).
    model_config = ConfigDict(strict=True, extra="ignore", json_schema_extra=_X_KEYS, frozen=True)


class OrgInfo(Strict):
    name: str = Field(description="the organisation's name")
    stage: Stage = Field("growth", description="company stage")
    business: Business | None = Field(None, description="business model")


class Person(Strict):
    id: Id
    name: str | None = None
    title: str | None = None
    reports_to: Ref | None = Field(
        None, description="person id; absent/null only for the top of the org"
    )
    skills: list[str] = Field(default_factory=list, description="skill names (see Skills)")
    previously: Previously = Field(default_factory=list)


class Kpi(Strict):
    name: str
    kind: KpiKind


class Team(Strict):
    id: Id
    name: str | None = None
    type: TeamType
    lead: Ref | None = Field(None, description="person id; counts as a member")
    members: list[Ref] = Field(default_factory=list, description="person ids")
    parent: Ref | None = Field(None, description="team id: the unit this team sits within")
    embedded_in: Ref | None = Field(
        None, description="team id: the product team this team works inside"
    )
    works_with: list[Ref] = Field(
        default_factory=list, description="team ids this team plans and ships with"
    )
    engagement: Engagement | None = None
    kpis: list[Kpi] | None = None
    previously: Previously = Field(default_factory=list)


class Data(Strict):
    id: Id
    name: str | None = None
    owner: Ref | None = Field(None, description="team id accountable for the data")
    available_in_production: bool = Field(True, description="can be read when a model predicts")
    previously: Previously = Field(default_factory=list)


class Monitoring(Strict):
    drift: bool = Field(False, description="data or performance drift is monitored")
    escalation: list[Ref] | None = Field(
        None, description="ordered team or person ids drift alerts go to"
    )


class Model(Strict):
    id: Id
    name: str | None = None
    stage: ModelStage
    built_by: Ref | None = Field(None, description="team id that develops it")
    owned_by: Ref | None = Field(
        None, description="team id accountable in production (default: built_by)"
    )
    deployed_by: Ref | None = Field(None, description="team id that deploys it (default: owned_by)")
    user_facing: bool = False
    data: list[Ref] = Field(default_factory=list, description="data ids read at prediction time")
    monitoring: Monitoring | None = None
    previously: Previously = Field(default_factory=list)


class OrgFile(Strict):
    """A root org file (JSON Schema only; documents are validated piecewise)."""

    version: Literal[1]
    org: OrgInfo
    include: list[str] = Field(default_factory=list, description="globs relative to this file")
    # a section left empty (`people:` with nothing under it yet) is null, and accepted
    people: list[Person] | None = Field(default_factory=list)
    teams: list[Team] | None = Field(default_factory=list)
    data: list[Data] | None = Field(default_factory=list)
    models: list[Model] | None = Field(default_factory=list)


class IncludedFile(Strict):
    """A file named by a root's `include` (JSON Schema only)."""

    people: list[Person] | None = Field(default_factory=list)
    teams: list[Team] | None = Field(default_factory=list)
    data: list[Data] | None = Field(default_factory=list)
    models: list[Model] | None = Field(default_factory=list)


KINDS: dict[str, tuple[str, type[Strict]]] = {
    "people": ("person", Person),
    "teams": ("team", Team),
    "data": ("data", Data),
    "models": ("model", Model),
}
ADAPTERS: dict[str, TypeAdapter[Any]] = {
    section: TypeAdapter(cls) for section, (_, cls) in KINDS.items()
}
LIST_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    section: TypeAdapter(list[cls])  # type: ignore[valid-type]
    for section, (_, cls) in KINDS.items()
}
ORG_ADAPTER = TypeAdapter(OrgInfo)


def json_schema(included: bool = False) -> dict[str, Any]:
    cls: type[Strict] = IncludedFile if included else OrgFile
    schema = cls.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    name = "org-v1-include" if included else "org-v1"
    schema["$id"] = f"https://orglint.dev/schemas/{name}.schema.json"
    schema["title"] = (
        "orglint org file, format v1 (included file)" if included else "orglint org file, format v1"
    )
    return schema
