"""GitLab Code Quality report (a JSON array): findings in the merge request widget."""

from __future__ import annotations

import hashlib
import json

from orglint.report import Report, unique_fingerprints

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def issue(f, fingerprint: str) -> dict:
    loc = f.location
    return {
        "description": f"{f.code}: {f.message}",
        "check_name": f.code,
        # GitLab matches issues between the base and head pipelines by this value alone.
        "fingerprint": hashlib.sha256(fingerprint.encode("utf-8", "surrogatepass")).hexdigest(),
        "severity": SEVERITIES[f.severity],
        "location": {"path": loc.path, "lines": {"begin": loc.line, "end": loc.end_line}},
    }


def render_gitlab(report: Report) -> str:
    active = report.active
    prints = unique_fingerprints(active, with_path=True)
    issues = [issue(f, p) for f, p in zip(active, prints)]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
