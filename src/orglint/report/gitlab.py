"""GitLab Code Quality report (a JSON array): findings in the merge request widget.

Streamed: one issue per line, written as it is encoded (docs/output-formats.md)."""

from __future__ import annotations

import hashlib
import io

from orglint.report import Out, Report, iter_fingerprints

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


def write_gitlab(report: Report, out: Out) -> None:
    from orglint.report.stream import write_items

    active = [f for f in report.findings if f.suppressed is None]
    prints = iter_fingerprints(active, with_path=True)
    write_items(out, (issue(f, p) for f, p in zip(active, prints)), "  ")
    out.write("\n")


def render_gitlab(report: Report) -> str:
    buffer = io.StringIO()
    write_gitlab(report, buffer)
    return buffer.getvalue()
