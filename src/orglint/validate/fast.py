"""Fast paths: valid entities (and the `org` header) without a pydantic call.

Each returns the value when the pydantic model would surely accept the entry, and None
for "ask pydantic", which then decides and words the errors: the same contract without a
pydantic call for the millions of ordinary entries (tests check that the two agree).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orglint.read.parse import YMap
from orglint.validate.spec import (
    FIELDS,
    ID_RE,
    KPI_FIELDS,
    MONITORING_FIELDS,
    ORG_FIELDS,
    Business,
    Engagement,
    KpiKind,
    ModelStage,
    Stage,
    TeamType,
    values,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydantic import BaseModel
    from typing_extensions import Self


def _stored(section: str) -> tuple[str, ...]:
    """A record's slots: the model's fields in the model's order (``Value.of`` reads them so),
    without `previously`, which resolve reads from the written node."""
    return tuple(name for name in FIELDS[section] if name != "previously")


class Value:
    """A valid entity as rules see it: the model's fields without a pydantic object, which
    carries a dict and a set each (a million-person org would hold a million of each)."""

    __slots__: tuple[str, ...] = ()

    @classmethod
    def of(cls, model: BaseModel) -> Self:
        """The same value from a model pydantic validated (the entries the fast path left to it)."""
        return cls(*(getattr(model, name) for name in cls.__slots__))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={getattr(self, 'id', None)!r})"

    def model_dump(self) -> dict[str, Any]:
        """The fields as a dict, as pydantic's (views read team `kpis` this way)."""
        return {name: getattr(self, name) for name in self.__slots__}


class PersonValue(Value):
    __slots__ = _stored("people")

    def __init__(
        self,
        id: str,
        name: str | None,
        title: str | None,
        reports_to: str | None,
        skills: list[str],
    ) -> None:
        self.id, self.name, self.title, self.reports_to, self.skills = (
            id,
            name,
            title,
            reports_to,
            skills,
        )


class TeamValue(Value):
    __slots__ = _stored("teams")

    def __init__(
        self,
        id: str,
        name: str | None,
        type: str,
        lead: str | None,
        members: list[str],
        parent: str | None,
        embedded_in: str | None,
        works_with: list[str],
        engagement: str | None,
        # KpiValue from the fast path, the schema's Kpi through ``Value.of``
        kpis: list[KpiValue] | list[BaseModel] | None,
    ) -> None:
        self.id, self.name, self.type, self.lead, self.members = id, name, type, lead, members
        self.parent, self.embedded_in, self.works_with = parent, embedded_in, works_with
        self.engagement, self.kpis = engagement, kpis


# The fast paths below return the value when the pydantic model would surely accept the
# entry, and None for "ask pydantic", which then decides and words the errors: the same
# contract without a pydantic call for the millions of ordinary entries (tests check that
# the two agree on arbitrary input).


def _optional_str(value: object) -> bool:
    return value is None or value.__class__ is str


def _str_list(value: object) -> list[str] | None:
    """The list as is when it is a list of strings; [] when absent; None otherwise."""
    if value is _ABSENT:
        return []
    if isinstance(value, list) and all(item.__class__ is str for item in value):
        return value
    return None


_ABSENT: object = object()


def fast_person(item: YMap) -> PersonValue | None:
    ident = item.get("id")
    if ident.__class__ is not str or not ID_RE.match(ident) or "previously" in item:
        return None  # renamed entries are few: pydantic checks their former ids
    get = item.get
    name, title, reports_to = get("name"), get("title"), get("reports_to")
    skills = _str_list(get("skills", _ABSENT))
    if skills is None or not (
        _optional_str(name) and _optional_str(title) and _optional_str(reports_to)
    ):
        return None
    return PersonValue(ident, name, title, reports_to, skills)


_TEAM_TYPES = values(TeamType)
_ENGAGEMENTS = values(Engagement)


def fast_team(item: YMap) -> TeamValue | None:
    ident = item.get("id")
    if ident.__class__ is not str or not ID_RE.match(ident) or "previously" in item:
        return None  # renamed entries are few: pydantic checks their former ids
    get = item.get
    kind, engagement = get("type"), get("engagement")
    if kind.__class__ is not str or kind not in _TEAM_TYPES:
        return None
    kpis: Any = fast_kpis(get("kpis"))  # a list, None or _INVALID (no cast: a hot loop)
    if kpis is _INVALID:
        return None
    if engagement is not None and (
        engagement.__class__ is not str or engagement not in _ENGAGEMENTS
    ):
        return None
    name, lead, parent, embedded_in = get("name"), get("lead"), get("parent"), get("embedded_in")
    if not (
        _optional_str(name)
        and _optional_str(lead)
        and _optional_str(parent)
        and _optional_str(embedded_in)
    ):
        return None
    members, works_with = _str_list(get("members", _ABSENT)), _str_list(get("works_with", _ABSENT))
    if members is None or works_with is None:
        return None
    return TeamValue(
        ident, name, kind, lead, members, parent, embedded_in, works_with, engagement, kpis
    )


_INVALID: object = object()
_KPI_KINDS = values(KpiKind)


class KpiValue(Value):
    __slots__ = KPI_FIELDS

    def __init__(self, name: str, kind: str) -> None:
        self.name, self.kind = name, kind


def fast_kpis(value: object) -> list[KpiValue] | object | None:
    """None when absent, the list of KpiValue when every item is valid, else _INVALID."""
    if value is None:
        return None
    if not isinstance(value, list):
        return _INVALID
    out: list[KpiValue] = []
    for item in value:
        if not isinstance(item, YMap):
            return _INVALID
        name, kind = item.get("name"), item.get("kind")
        if name.__class__ is not str or kind.__class__ is not str or kind not in _KPI_KINDS:
            return _INVALID
        out.append(KpiValue(name, kind))
    return out


class OrgValue(Value):
    __slots__ = ORG_FIELDS

    def __init__(self, name: str, stage: str, business: str | None) -> None:
        self.name, self.stage, self.business = name, stage, business


_STAGES = values(Stage)
_BUSINESSES = values(Business)


def fast_org(node: YMap) -> OrgValue | None:
    get = node.get
    name, stage, business = get("name"), get("stage", "growth"), get("business")
    if name.__class__ is not str or stage.__class__ is not str or stage not in _STAGES:
        return None
    if business is not None and (business.__class__ is not str or business not in _BUSINESSES):
        return None
    return OrgValue(name, stage, business)


class DataValue(Value):
    __slots__ = _stored("data")

    def __init__(
        self, id: str, name: str | None, owner: str | None, available_in_production: bool
    ) -> None:
        self.id, self.name, self.owner = id, name, owner
        self.available_in_production = available_in_production


def fast_data(item: YMap) -> DataValue | None:
    ident = item.get("id")
    if ident.__class__ is not str or not ID_RE.match(ident) or "previously" in item:
        return None  # renamed entries are few: pydantic checks their former ids
    get = item.get
    name, owner, available = get("name"), get("owner"), get("available_in_production", True)
    if not (_optional_str(name) and _optional_str(owner)) or available.__class__ is not bool:
        return None
    return DataValue(ident, name, owner, available)


class MonitoringValue(Value):
    __slots__ = MONITORING_FIELDS

    def __init__(self, drift: bool, escalation: list[str] | None) -> None:
        self.drift, self.escalation = drift, escalation


class ModelValue(Value):
    __slots__ = _stored("models")

    def __init__(
        self,
        id: str,
        name: str | None,
        stage: str,
        built_by: str | None,
        owned_by: str | None,
        deployed_by: str | None,
        user_facing: bool,
        data: list[str],
        # MonitoringValue from the fast path, the schema's Monitoring through ``Value.of``
        monitoring: MonitoringValue | BaseModel | None,
    ) -> None:
        self.id, self.name, self.stage = id, name, stage
        self.built_by, self.owned_by, self.deployed_by = built_by, owned_by, deployed_by
        self.user_facing, self.data, self.monitoring = user_facing, data, monitoring


_MODEL_STAGES = values(ModelStage)


def _fast_monitoring(value: object) -> MonitoringValue | object | None:
    if value is None:
        return None
    if not isinstance(value, YMap):
        return _INVALID
    drift, escalation = value.get("drift", False), value.get("escalation")
    if drift.__class__ is not bool:
        return _INVALID
    if escalation is not None:
        escalation = _str_list(escalation)
        if escalation is None:
            return _INVALID
    return MonitoringValue(drift, escalation)


def fast_model(item: YMap) -> ModelValue | None:
    ident = item.get("id")
    if ident.__class__ is not str or not ID_RE.match(ident) or "previously" in item:
        return None  # renamed entries are few: pydantic checks their former ids
    get = item.get
    stage = get("stage")
    if stage.__class__ is not str or stage not in _MODEL_STAGES:
        return None
    name, built, owned, deployed = get("name"), get("built_by"), get("owned_by"), get("deployed_by")
    if not (
        _optional_str(name)
        and _optional_str(built)
        and _optional_str(owned)
        and _optional_str(deployed)
    ):
        return None
    user_facing = get("user_facing", False)
    data = _str_list(get("data", _ABSENT))
    monitoring: Any = _fast_monitoring(get("monitoring"))  # a value, None or _INVALID
    if user_facing.__class__ is not bool or data is None or monitoring is _INVALID:
        return None
    return ModelValue(ident, name, stage, built, owned, deployed, user_facing, data, monitoring)


# section -> (its fast path, the Value class ``Value.of`` makes from pydantic's model)
FAST: dict[str, tuple[Callable[[YMap], Value | None], type[Value]]] = {
    "people": (fast_person, PersonValue),
    "teams": (fast_team, TeamValue),
    "data": (fast_data, DataValue),
    "models": (fast_model, ModelValue),
}
