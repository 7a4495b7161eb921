"""SARIF 2.1.0: GitHub code scanning, Azure DevOps, IDE viewers."""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
from pathlib import PureWindowsPath
from urllib.parse import quote

from orglint import __version__
from orglint.report import Out, Report, iter_fingerprints
from orglint.report.escape import markdown_message
from orglint.report.stream import write_items
from orglint.rules import Rule
from orglint.suppress.baseline import REASON as BASELINE

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
HOME = "https://github.com/orglint/orglint"
RULES_PAGE = HOME + "/blob/main/docs/rules.md"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


@functools.lru_cache(maxsize=4096)  # a few files, a million results: parse each path once
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


# Where rule docs cite a source document by its file's number ("000 and 001, ...").
_SOURCE_ID = re.compile(r"(?<![\w.])(00[0-4])(?![\w.])")


def cite(text: str, markdown: bool) -> str:
    """Source documents by title instead of by number, for readers without the files."""
    from orglint.rules.docs import SEED_TITLES

    def title(match: re.Match) -> str:
        name = SEED_TITLES.get(match.group(1))
        if name is None:
            return match.group()
        return f"*{name}*" if markdown else f"\u201c{name}\u201d"

    return _SOURCE_ID.sub(title, text)


def sources(rule: Rule, markdown: bool) -> str | None:
    from orglint.rules.docs import SEED_TITLES

    lines = []
    for src in rule.sources:
        name = SEED_TITLES.get(str(src.get("file", ""))[:3])
        if name is None:
            continue
        section = f', section "{src["section"]}"' if src.get("section") else ""
        lines.append(f"- *{name}*{section}" if markdown else f"- \u201c{name}\u201d{section}")
    return "\n".join(lines) or None


def help_texts(rule: Rule) -> tuple[str, str]:
    builtin = rule.origin == "builtin"
    sections = [
        ("What it does", rule.docs.get("what")),
        ("Why is this bad?", rule.docs.get("why")),
        ("How to fix it", rule.docs.get("fix")),
    ]
    present = [(title, body.strip()) for title, body in sections if body and body.strip()]
    if not present:
        return rule.summary or rule.name, rule.summary or rule.name
    text = "\n\n".join(f"{title}\n{cite(body, False)}" for title, body in present)
    # A rule file from `rule-dirs` is text, not Markdown we wrote: it cannot add links or
    # images to a code-scanning page.
    markdown = "\n\n".join(
        f"**{title}**\n\n{cite(body, True) if builtin else markdown_message(body)}"
        for title, body in present
    )
    cited = sources(rule, False)
    if cited and builtin:
        text += f"\n\nSources\n{cited}"
        markdown += f"\n\n**Sources**\n\n{sources(rule, True)}"
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
        # A baseline file lives outside the org file; a comment is in the source (SARIF 3.35.2)
        kind = "external" if f.suppressed == BASELINE else "inSource"
        out["suppressions"] = [{"kind": kind, "justification": f.suppressed}]
    return out


def stand_in(f) -> Rule:
    """A finding whose rule the report does not know still needs a descriptor."""
    return Rule(f.code, f.name, f.severity, origin="unknown")


def write_sarif(report: Report, out: Out) -> None:
    rules = dict(report.rules)
    for f in report.findings:
        if f.code not in rules:
            rules[f.code] = stand_in(f)
    codes = sorted(rules)
    index = {code: i for i, code in enumerate(codes)}
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
                "results": RESULTS,
            }
        ],
    }
    # The small part as json.dumps writes it; the results, one per line, where it says so.
    # `results` comes last in the run: its placeholder is the last one, whatever a rule's
    # docs hold.
    head, _, tail = json.dumps(log, indent=2, ensure_ascii=False).rpartition(json.dumps(RESULTS))
    out.write(head)
    prints = iter_fingerprints(report.findings)
    results = (result(f, index[f.code], p) for f, p in zip(report.findings, prints))
    write_items(out, results, "        ")
    out.write(tail + "\n")


RESULTS = "\0results"  # a placeholder no descriptor can contain (JSON writes it as \u0000)


def render_sarif(report: Report) -> str:
    buffer = io.StringIO()
    write_sarif(report, buffer)
    return buffer.getvalue()
