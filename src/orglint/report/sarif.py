"""SARIF 2.1.0: GitHub code scanning, Azure DevOps, IDE viewers."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import PureWindowsPath
from urllib.parse import quote

from orglint import __version__
from orglint.report import Report, unique_fingerprints
from orglint.rules import Rule

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
HOME = "https://github.com/orglint/orglint"
RULES_PAGE = HOME + "/blob/main/docs/rules.md"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def uri(path: str) -> str:
    """Relative paths stay relative (code scanning resolves them from the repository root)."""
    if PureWindowsPath(path).drive or os.path.isabs(path):
        posix = path.replace("\\", "/")
        return (
            "file://"
            + ("" if posix.startswith("/") else "/")
            + quote(posix, safe="/:", errors="surrogateescape")
        )
    return quote(path.replace("\\", "/"), safe="/", errors="surrogateescape")


def help_texts(rule: Rule) -> tuple[str, str]:
    sections = [
        ("What it does", rule.docs.get("what")),
        ("Why is this bad?", rule.docs.get("why")),
        ("How to fix it", rule.docs.get("fix")),
    ]
    present = [(title, body.strip()) for title, body in sections if body and body.strip()]
    if not present:
        return rule.summary or rule.name, rule.summary or rule.name
    text = "\n\n".join(f"{title}\n{body}" for title, body in present)
    markdown = "\n\n".join(f"**{title}**\n\n{body}" for title, body in present)
    return text, markdown


def descriptor(rule: Rule) -> dict:
    text, markdown = help_texts(rule)
    out = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": (rule.docs.get("what") or rule.summary or rule.name).strip()},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"tags": [rule.code.rstrip("0123456789") or rule.code]},
    }
    if rule.origin == "builtin":  # a rule from `rule-dirs` or a plugin is not on our page
        out["helpUri"] = f"{RULES_PAGE}#{rule.code.lower()}-{rule.name}"
    return out


def region(loc) -> dict:
    line, column = max(loc.line, 1), max(loc.column, 1)
    end_line = max(loc.end_line, line)
    end_column = max(loc.end_column, 1) if end_line > line else max(loc.end_column, column)
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def physical(loc) -> dict:
    return {"physicalLocation": {"artifactLocation": {"uri": uri(loc.path)}, "region": region(loc)}}


def result(f, index: int, fingerprint: str) -> dict:
    out = {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [physical(f.location)],
        # Code + entity + field, not the line: an alert survives edits elsewhere in the file.
        "partialFingerprints": {
            "orglint/v1": hashlib.sha256(fingerprint.encode("utf-8", "surrogatepass")).hexdigest()
        },
    }
    if f.related:
        out["relatedLocations"] = [
            {"id": i, **physical(where), "message": {"text": message}}
            for i, (message, where) in enumerate(f.related)
        ]
    if f.suppressed is not None:
        out["suppressions"] = [{"kind": "inSource", "justification": f.suppressed}]
    return out


def stand_in(f) -> Rule:
    """A finding whose rule the report does not know still needs a descriptor."""
    return Rule(f.code, f.name, f.severity, origin="unknown")


def render_sarif(report: Report) -> str:
    rules = dict(report.rules)
    for f in report.findings:
        rules.setdefault(f.code, stand_in(f))
    codes = sorted(rules)
    index = {code: i for i, code in enumerate(codes)}
    prints = unique_fingerprints(report.findings)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "orglint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": HOME,
                        "rules": [descriptor(rules[code]) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",  # libyaml counts columns in characters
                "results": [result(f, index[f.code], p) for f, p in zip(report.findings, prints)],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
