"""Machine output: the check JSON shape (also used by `orglint diff`)."""

from __future__ import annotations

import json

from orglint.report import Report


def finding_dicts(findings) -> list[dict]:
    return [f.to_dict() for f in findings]


def render_json(report: Report) -> str:
    data = {
        "findings": finding_dicts(report.active),
        "suppressed": [{**f.to_dict(), "reason": f.suppressed} for f in report.suppressed],
        "summary": report.summary(),
    }
    if report.stale_baseline:
        data["stale_baseline"] = report.stale_baseline
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
