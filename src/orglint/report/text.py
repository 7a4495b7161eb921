"""Human output: one line per finding and a summary."""

from __future__ import annotations

from orglint.findings import SEVERITIES
from orglint.report import Report
from orglint.report.escape import terminal as clean

_COLORS = {"error": "31", "warning": "33", "info": "36"}


def paint(text: str, code: str, on: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if on else text


def summary_line(report: Report) -> str:
    s = report.summary()
    orgs, files = s["orgs"], s["files"]
    scope = f"{orgs} org{'s' if orgs != 1 else ''}, {files} file{'s' if files != 1 else ''}"
    hidden = f"; {s['suppressed']} suppressed" if s["suppressed"] else ""
    if not s["total"]:
        return f"All checks passed ({scope}{hidden})."
    parts = [f"{s[k]} {k}{'s' if s[k] != 1 and k != 'info' else ''}" for k in SEVERITIES if s[k]]
    return (
        f"Found {s['total']} problem{'s' if s['total'] != 1 else ''} "
        f"({', '.join(parts)}) in {scope}{hidden}."
    )


def finding_line(f, color: bool) -> str:
    loc = f.location
    where = paint(f"{clean(loc.path)}:{loc.line}:{loc.column}:", "1", color)
    code = paint(clean(f.code), "1;" + _COLORS[f.severity], color)
    return f"{where} {code} {clean(f.message)} [{f.severity}: {clean(f.name)}]"


def render_text(report: Report) -> str:
    lines = [finding_line(f, report.color) for f in report.active]
    if not report.quiet:
        # what waited for broken input belongs to the summary: a second run will show more
        lines.append(" ".join([summary_line(report), *(clean(note) for note in report.notes)]))
    return "\n".join(lines) + "\n" if lines else ""
