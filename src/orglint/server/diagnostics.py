"""Findings -> LSP diagnostics: codes linking to the rule docs, the first definition of a
duplicate id as related information, and the LSP tags that fit."""

from __future__ import annotations

import os
from pathlib import Path

from lsprotocol import types

from orglint.findings import Finding
from orglint.report.sarif import RULES_PAGE
from orglint.rules import Rule
from orglint.server.state import OrgState, Workspace
from orglint.server.text import Lines

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
# SUP002 is a comment that suppresses nothing: editors grey such text out.
TAGS = {"SUP002": [types.DiagnosticTag.Unnecessary]}


def rule_url(code: str, name: str) -> str:
    return f"{RULES_PAGE}#{code.lower()}-{name}"


def uri(path: str) -> str:
    return Path(os.path.abspath(path)).as_uri()


def diagnostic(
    finding: Finding, lines: Lines, rules: dict[str, Rule], ws: Workspace, state: OrgState
) -> types.Diagnostic:
    rule = rules.get(finding.code)
    name = rule.name if rule else finding.name
    return types.Diagnostic(
        range=lines.location_range(finding.location),
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.code,
        code_description=types.CodeDescription(href=rule_url(finding.code, name)),
        source="orglint",
        message=finding.message,
        tags=TAGS.get(finding.code),
        related_information=_related(finding, ws, state) or None,
        data={"entity": finding.entity, "field": finding.field},
    )


def _related(finding: Finding, ws: Workspace, state: OrgState) -> list:
    out = []
    places = list(finding.related)
    org = state.result.org
    if finding.code == "ORG003" and finding.entity in org.entities:
        places.append(("first defined here", org.id_location(finding.entity)))
    for message, loc in places:
        doc = state.document(loc.path)
        lines = ws.lines(doc)
        out.append(
            types.DiagnosticRelatedInformation(
                location=types.Location(uri=uri(loc.path), range=lines.location_range(loc)),
                message=message,
            )
        )
    return out


def publish_sets(ws: Workspace, state: OrgState) -> dict[str, list[types.Diagnostic]]:
    """uri -> diagnostics, for every file of the org (empty lists clear old ones)."""
    result = state.result
    rules = {**ws.all_rules(), **result.selected}
    by_path: dict[str, list[Finding]] = {d.path: [] for d in result.loaded.documents}
    for finding in result.active:
        by_path.setdefault(finding.path, []).append(finding)
    out = {}
    for path, findings in by_path.items():
        doc = state.document(path)
        lines = ws.lines(doc)
        out[uri(path)] = [diagnostic(f, lines, rules, ws, state) for f in findings]
    return out
