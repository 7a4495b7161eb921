"""What every stage produces: findings at locations."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
FAIL_ON = (*SEVERITIES, "never")


@dataclass(frozen=True, order=True)
class Location:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    end_line: int = 0
    end_column: int = 0

    def __post_init__(self) -> None:
        # A location never has line 0 (SARIF, GitHub and editors all reject it).
        if self.end_line < self.line or (
            self.end_line == self.line and self.end_column < self.column
        ):
            object.__setattr__(self, "end_line", self.line)
            object.__setattr__(self, "end_column", self.column)


@dataclass
class Finding:
    code: str
    name: str
    severity: str
    message: str
    location: Location
    # What the finding is about, for fingerprints that survive line shifts.
    entity: str | None = None
    field: str | None = None
    suppressed: str | None = None  # the reason, when a suppression comment covers it
    related: list[tuple[str, Location]] = dataclasses.field(default_factory=list)
    # the other codes one finding stands for when one cause produced them all (rootcause.py);
    # suppressing it for good means suppressing each
    covers: list[str] = dataclasses.field(default_factory=list)

    @property
    def path(self) -> str:
        return self.location.path

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code, self.message)

    def fingerprint(self) -> str:
        """Code + entity + field: stable when edits elsewhere shift lines."""
        if self.entity is not None:
            return f"{self.code}:{self.entity}:{self.field or ''}"
        return f"{self.code}:{self.location.path}:{self.message}"

    def to_dict(self) -> dict[str, Any]:
        loc = self.location
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "path": loc.path,
            "line": loc.line,
            "column": loc.column,
            "end_line": loc.end_line,
            "end_column": loc.end_column,
            "entity": self.entity,
            "field": self.field,
            "fingerprint": self.fingerprint(),
        }


def is_org_code(code: str) -> bool:
    """ORG rules check the files and their references: always on, never suppressed."""
    return code.startswith("ORG")


ORG_NAMES = {
    "ORG001": "invalid-yaml",
    "ORG002": "schema-violation",
    "ORG003": "duplicate-id",
    "ORG004": "unknown-reference",
    "ORG005": "include-error",
}


def org_finding(
    code: str, message: str, location: Location, entity: str | None = None, field: str | None = None
) -> Finding:
    """ORG findings come from the load, model and resolve stages, always as errors."""
    return Finding(code, ORG_NAMES[code], "error", message, location, entity, field)
