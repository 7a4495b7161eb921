"""Fast paths: valid people and teams without a pydantic call.

Each returns the value when the pydantic model would surely accept the entry, and None
for "ask pydantic", which then decides and words the errors: the same contract without a
pydantic call for the millions of ordinary entries (tests check that the two agree).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args

from pydantic import BaseModel

from orglint.read.parse import YMap
from orglint.validate.schema import ID_RE, Engagement, TeamType


class Value:
    """A valid entity as rules see it: the model's fields without a pydantic object, which
    carries a dict and a set each (a million-person org would hold a million of each)."""

    __slots__ = ()
    id: str

    @classmethod
    def of(cls, model: BaseModel) -> Value:
        """The same value from a model pydantic validated (the entries the fast path left to it)."""
        fields: tuple[str, ...] = cls.__slots__
        return cls(*(getattr(model, name) for name in fields))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r})"


class PersonValue(Value):
    # in the order of the model's fields: ``Value.of`` reads them in this order
    __slots__ = ("id", "name", "title", "reports_to", "skills")  # noqa: RUF023

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
    __slots__ = (  # noqa: RUF023 (field order, as above)
        "id",
        "name",
        "type",
        "lead",
        "members",
        "parent",
        "embedded_in",
        "works_with",
        "engagement",
        "kpis",
    )

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
        kpis: list[Any] | None,
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
    if ident.__class__ is not str or not ID_RE.match(ident):
        return None
    get = item.get
    name, title, reports_to = get("name"), get("title"), get("reports_to")
    skills = _str_list(get("skills", _ABSENT))
    if skills is None or not (
        _optional_str(name) and _optional_str(title) and _optional_str(reports_to)
    ):
        return None
    return PersonValue(ident, name, title, reports_to, skills)


_TEAM_TYPES = frozenset(get_args(TeamType))
_ENGAGEMENTS = frozenset(get_args(Engagement))


def fast_team(item: YMap) -> TeamValue | None:
    ident = item.get("id")
    if ident.__class__ is not str or not ID_RE.match(ident):
        return None
    get = item.get
    kind, engagement = get("type"), get("engagement")
    if kind.__class__ is not str or kind not in _TEAM_TYPES or get("kpis") is not None:
        return None  # kpis are nested models: left to pydantic
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
        ident, name, kind, lead, members, parent, embedded_in, works_with, engagement, None
    )


FAST: dict[str, tuple[Callable[[YMap], Value | None], type[Value]]] = {
    "people": (fast_person, PersonValue),
    "teams": (fast_team, TeamValue),
}
