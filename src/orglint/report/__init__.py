"""Reporters: findings in, text out. A reporter never evaluates rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import Protocol

from orglint.findings import Finding


class Out(Protocol):
    """Where a streamed report goes: a text file, standard output, a buffer."""

    def write(self, text: str, /) -> int: ...


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
    quiet: bool = False  # the findings only, without the summary line

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


def iter_fingerprints(findings: Iterable[Finding], with_path: bool = False) -> Iterator[str]:
    """Each finding's fingerprint, with `#2`, `#3`... on repeats (two unknown members of one
    team share code, entity and field), so CI services never merge two findings into one."""
    seen: dict[str, int] = {}
    for f in findings:
        key = f.fingerprint() + (f"@{f.path}" if with_path else "")
        count = seen[key] = seen.get(key, 0) + 1
        yield key if count == 1 else f"{key}#{count}"


def unique_fingerprints(findings: list[Finding], with_path: bool = False) -> list[str]:
    return list(iter_fingerprints(findings, with_path))


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


# Formats written finding by finding, so memory does not grow with the number of findings.
STREAMED: dict[str, str] = {
    "json": "jsonfmt:write_json",
    "gitlab": "gitlab:write_gitlab",
    "sarif": "sarif:write_sarif",
    "junit": "junit:write_junit",
}


def write(name: str, report: Report, out: Out) -> None:
    """The report in format ``name``, written to ``out`` (as it is made, where it can be)."""
    if name in STREAMED:
        module, func = STREAMED[name].split(":")
        getattr(import_module(f"orglint.report.{module}"), func)(report, out)
    else:
        out.write(render(name, report))


def format_names() -> list[str]:
    return list(FORMATS)
