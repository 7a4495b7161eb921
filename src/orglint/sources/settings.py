"""The `[sources]` table of the configuration: each source's mapping, with defaults."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn, get_args

from orglint.errors import ConfigError
from orglint.validate.spec import ModelStage, TeamType

TEAM_TYPES: tuple[str, ...] = get_args(TeamType)  # in the format's order, for messages
MODEL_STAGES: tuple[str, ...] = get_args(ModelStage)

# Backstage's documented Group types, and the org v1 team type each most often is
GROUP_TYPES = {
    "team": "engineering",
    "squad": "engineering",
    "sub-department": "leadership",
    "department": "leadership",
    "division": "leadership",
    "business-unit": "leadership",
    "product-area": "leadership",
    "tribe": "leadership",
    "guild": "chapter",
    "chapter": "chapter",
    **{t: t for t in TEAM_TYPES},
}
ORG_GROUP_TYPES = ("organization", "organisation", "root")
# `spec.type` of Component/Resource/AiResource entities that are models and data sets
MODEL_TYPES = ("model", "ml-model", "ai-model", "llm", "machine-learning-model", "ml-service")
DATA_TYPES = ("dataset", "data-set", "database", "data-product", "table", "feature-store")
# Backstage's `spec.lifecycle` (free text; these three are its documented values) -> stage
LIFECYCLE_STAGES = {
    "experimental": "development",
    "production": "production",
    "deprecated": "retired",
    **{s: s for s in MODEL_STAGES},
}


@dataclass
class BackstageSettings:
    group_types: dict[str, str] = field(default_factory=lambda: dict(GROUP_TYPES))
    organization_types: tuple[str, ...] = ORG_GROUP_TYPES
    model_types: tuple[str, ...] = MODEL_TYPES
    data_types: tuple[str, ...] = DATA_TYPES
    lifecycle_stages: dict[str, str] = field(default_factory=lambda: dict(LIFECYCLE_STAGES))
    user_owners: str = "report"  # report | team (a User owner stands for its only Group)


@dataclass
class GithubSettings:
    team_type: str = "engineering"


@dataclass
class RosterSettings:
    preset: str | None = None  # None: the first preset whose columns the header has
    columns: dict[str, list[str]] = field(default_factory=dict)  # field -> header names
    manager_by: str | None = None  # id | email | name (default: the preset's)
    team_type: str = "product"
    department_types: dict[str, str] = field(default_factory=dict)


@dataclass
class SourceSettings:
    backstage: BackstageSettings = field(default_factory=BackstageSettings)
    github: GithubSettings = field(default_factory=GithubSettings)
    roster: RosterSettings = field(default_factory=RosterSettings)


def parse_settings(data: object, where: str) -> SourceSettings:
    """`[sources.backstage]`, `[sources.github]`, `[sources.roster]`; ConfigError otherwise."""
    out = SourceSettings()
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: `sources` must be a table")

    def fail(key: str, problem: str) -> NoReturn:
        raise ConfigError(f"{where}: `sources.{key}` {problem}")

    def strings(key: str, value: object) -> tuple[str, ...]:
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            fail(key, "must be a list of strings")
        return tuple(v.lower() for v in value)

    def types(key: str, value: object, allowed: tuple[str, ...]) -> dict[str, str]:
        if not isinstance(value, dict):
            fail(key, "must be a table of name = type")
        for name, kind in value.items():
            if kind not in allowed:
                fail(f"{key}.{name}", f"must be one of {', '.join(allowed)}, not {kind!r}")
        return {str(k).lower(): v for k, v in value.items()}

    for section, table in data.items():
        if section not in ("backstage", "github", "roster") or not isinstance(table, dict):
            fail(section, "is not a known source (backstage, github, roster) or not a table")
        for key, value in table.items():
            name = f"{section}.{key}"
            if section == "backstage":
                b = out.backstage
                if key == "group-types":
                    b.group_types.update(types(name, value, TEAM_TYPES))
                elif key == "organization-types":
                    b.organization_types = strings(name, value)
                elif key == "model-types":
                    b.model_types = strings(name, value)
                elif key == "data-types":
                    b.data_types = strings(name, value)
                elif key == "lifecycle-stages":
                    b.lifecycle_stages.update(types(name, value, MODEL_STAGES))
                elif key == "user-owners":
                    if value not in ("report", "team"):
                        fail(name, 'must be "report" or "team"')
                    b.user_owners = value
                else:
                    fail(name, "is not a known setting")
            elif section == "github":
                if key != "team-type":
                    fail(name, "is not a known setting (team-type)")
                if value not in TEAM_TYPES:
                    fail(name, f"must be one of {', '.join(TEAM_TYPES)}")
                out.github.team_type = value
            else:
                _roster_key(out.roster, name, key, value, fail, types)
    return out


def _roster_key(
    r: RosterSettings,
    name: str,
    key: str,
    value: object,
    fail: Callable[[str, str], NoReturn],
    types: Callable[[str, object, tuple[str, ...]], dict[str, str]],
) -> None:
    from orglint.sources.roster import FIELDS, PRESETS

    if key == "preset":
        if value not in PRESETS:
            fail(name, f"must be one of {', '.join(PRESETS)}")
        r.preset = value
    elif key == "columns":
        if not isinstance(value, dict):
            fail(name, "must be a table of field = column header (or list of headers)")
        for fieldname, headers in value.items():
            if fieldname not in FIELDS:
                fail(f"{name}.{fieldname}", f"is not a roster field ({', '.join(FIELDS)})")
            listed = [headers] if isinstance(headers, str) else headers
            if not (isinstance(listed, list) and all(isinstance(h, str) for h in listed)):
                fail(f"{name}.{fieldname}", "must be a column header or a list of them")
            r.columns[fieldname] = list(listed)
    elif key == "manager-by":
        if value not in ("id", "email", "name"):
            fail(name, 'must be "id", "email" or "name"')
        r.manager_by = value
    elif key == "team-type":
        if value not in TEAM_TYPES:
            fail(name, f"must be one of {', '.join(TEAM_TYPES)}")
        r.team_type = value
    elif key == "department-types":
        r.department_types = types(name, value, TEAM_TYPES)
    else:
        fail(name, "is not a known setting")
