"""Markdown summary: a pull-request comment or a CI job summary ($GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

from urllib.parse import quote

from orglint.findings import SEVERITIES
from orglint.report import Report
from orglint.report.escape import markdown as escape
from orglint.report.escape import markdown_message as message
from orglint.report.text import summary_line

MAX_ROWS = 200  # GitHub rejects comments over 65,536 characters
ICONS = {"error": ":x:", "warning": ":warning:", "info": ":information_source:"}


def row(f) -> str:
    loc = f.location
    text = escape(f"{loc.path}:{loc.line}:{loc.column}")
    link = f"[{text}]({quote(loc.path, safe='/', errors='surrogateescape')}#L{loc.line})"
    return (
        f"| {ICONS[f.severity]} | <code>{escape(f.code)}</code> {escape(f.name)} "
        f"| {message(f.message)} | {link} |"
    )


def render_markdown(
    report: Report, max_rows: int | None = MAX_ROWS, max_bytes: int | None = None
) -> str:
    """``max_rows`` rows at most (a comment) or as many as fit in ``max_bytes`` (a summary)."""
    s = report.summary()
    lines = ["## orglint", ""]
    if not s["total"]:
        lines.append(f":white_check_mark: No problems found. {summary_line(report)}")
        return "\n".join(lines) + "\n"
    counts = " · ".join(
        f"{ICONS[k]} **{s[k]}** {k}{'s' if s[k] != 1 and k != 'info' else ''}" for k in SEVERITIES
    )
    if s["suppressed"]:
        counts += f" · **{s['suppressed']}** suppressed"
    lines += [
        summary_line(report),
        "",
        counts,
        "",
        "| | Code | Message | Location |",
        "|---|---|---|---|",
    ]
    active = report.active
    size = sum(len(line.encode("utf-8", "surrogateescape")) + 1 for line in lines)
    shown = 0
    for f in active:
        text = row(f)
        size += len(text.encode("utf-8", "surrogateescape")) + 1
        if (max_rows is not None and shown >= max_rows) or (
            max_bytes is not None and size > max_bytes - 200
        ):
            break
        lines.append(text)
        shown += 1
    if len(active) > shown:
        more = len(active) - shown
        lines += ["", f"…and {more} more: run `orglint check` for the full list."]
    return "\n".join(lines) + "\n"
