"""Machine output: the check JSON shape (also used by `orglint diff`).

Streamed: one finding per line, written as it is encoded (docs/output-formats.md)."""

from __future__ import annotations

import io

from orglint.report import Out, Report
from orglint.report.stream import pretty, write_items


def finding_dicts(findings) -> list[dict]:
    return [f.to_dict() for f in findings]


def write_json(report: Report, out: Out) -> None:
    findings = report.findings
    out.write('{\n  "findings": ')
    write_items(out, (f.to_dict() for f in findings if f.suppressed is None), "    ")
    out.write(',\n  "suppressed": ')
    write_items(
        out,
        ({**f.to_dict(), "reason": f.suppressed} for f in findings if f.suppressed is not None),
        "    ",
    )
    out.write(',\n  "summary": ' + pretty(report.summary(), 1))
    if report.stale_baseline:
        out.write(',\n  "stale_baseline": ' + pretty(report.stale_baseline, 1))
    out.write("\n}\n")


def render_json(report: Report) -> str:
    buffer = io.StringIO()
    write_json(report, buffer)
    return buffer.getvalue()
