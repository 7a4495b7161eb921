"""The names of the org format v1 without pydantic: ids, allowed values and each kind's
fields. schema.py builds the pydantic models from these; the fast paths and `orglint check`
on a valid org need only this module (importing pydantic and building the models is most
of a small check's time). tests/validate checks that the two agree."""

from __future__ import annotations

import re
from typing import Literal, get_args

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}\Z")

Stage = Literal["pre-pmf", "early", "growth", "scale", "enterprise"]
Business = Literal["saas", "services", "ecommerce", "consumer", "marketplace", "internal", "other"]
TeamType = Literal[
    "product",
    "engineering",
    "platform",
    "ml",
    "data",
    "research",
    "it",
    "design",
    "business",
    "leadership",
    "chapter",
]
Engagement = Literal["central", "embedded", "consulting", "full-stack"]
KpiKind = Literal["model", "product", "business"]
ModelStage = Literal["idea", "research", "development", "production", "retired"]

SECTIONS = {"people": "person", "teams": "team", "data": "data", "models": "model"}
ROOT_KEYS = ("version", "org", "include", *SECTIONS)

# each model's fields, in the model's order
ORG_FIELDS = ("name", "stage", "business")
FIELDS = {
    "people": ("id", "name", "title", "reports_to", "skills", "previously"),
    "teams": (
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
        "previously",
    ),
    "data": ("id", "name", "owner", "available_in_production", "previously"),
    "models": (
        "id",
        "name",
        "stage",
        "built_by",
        "owned_by",
        "deployed_by",
        "user_facing",
        "data",
        "monitoring",
        "previously",
    ),
}
KPI_FIELDS = ("name", "kind")
MONITORING_FIELDS = ("drift", "escalation")
# mappings inside an entity: field -> the nested mapping's fields
NESTED = {
    "people": {},
    "teams": {"kpis": KPI_FIELDS},
    "data": {},
    "models": {"monitoring": MONITORING_FIELDS},
}


def values(literal: object) -> frozenset[str]:
    return frozenset(get_args(literal))
