"""Reporters: findings in, text out. A reporter never evaluates rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from orglint.findings import Finding


@dataclass
class Report:
    findings: list[Finding]  # suppressed ones included, marked
    sources: dict[str, bytes] = field(default_factory=dict)  # path -> file bytes, for code frames
    rules: dict = field(default_factory=dict)  # code -> Rule, for descriptions
    files: int = 0
    orgs: int = 0
    color: bool = False
    stale_baseline: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what this run could not evaluate, and why

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is None]

    @property
    def suppressed(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is not None]

    def summary(self) -> dict:
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in self.active:
            counts[f.severity] += 1
        return {
            **counts,
            "total": sum(counts.values()),
            "suppressed": len(self.suppressed),
            "files": self.files,
            "orgs": self.orgs,
        }


def unique_fingerprints(findings: list[Finding], with_path: bool = False) -> list[str]:
    """Each finding's fingerprint, with `#2`, `#3`... on repeats (two unknown members of one
    team share code, entity and field), so CI services never merge two findings into one."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        key = f.fingerprint() + (f"@{f.path}" if with_path else "")
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return out


# The registry: every output format and the function that writes it, imported when used.
FORMATS: dict[str, str] = {
    "text": "text:render_text",
    "concise": "text:render_text",
    "full": "full:render_full",
    "json": "jsonfmt:render_json",
    "github": "github:render_github",
    "gitlab": "gitlab:render_gitlab",
    "sarif": "sarif:render_sarif",
    "junit": "junit:render_junit",
    "markdown": "markdown:render_markdown",
}


def renderer(name: str) -> Callable[[Report], str]:
    module, func = FORMATS[name].split(":")
    return getattr(import_module(f"orglint.report.{module}"), func)


def render(name: str, report: Report) -> str:
    return renderer(name)(report)


def format_names() -> list[str]:
    return list(FORMATS)
