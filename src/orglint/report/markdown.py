"""Markdown summary: a pull-request comment or a CI job summary ($GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

import re
from urllib.parse import quote

from orglint.report import Report
from orglint.report.text import clean, summary_line

MAX_ROWS = 200  # GitHub rejects comments over 65,536 characters
ICONS = {"error": ":x:", "warning": ":warning:", "info": ":information_source:"}
# What could open a code span, emphasis, link, image, autolink, emoji, math or a table cell
# (`<`, `>` and `&` become entities; line-start syntax cannot happen inside a cell).
_PUNCT = re.compile(r"([\\`*_\[\]|~!:$])")


def escape(text: str) -> str:
    """Org-file text as inert Markdown: it stays in its table cell and renders as written."""
    text = clean(str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A zero-width space after `@` so that a name in an org file does not notify anyone.
    return _PUNCT.sub(r"\\\1", text).replace("@", "@\u200b")


def message(text: str) -> str:
    """Messages quote ids in backticks: those become <code>, every other character is escaped."""
    parts = clean(text).split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: no pairing to trust
        return escape(text)
    return "".join(f"<code>{escape(p)}</code>" if i % 2 else escape(p) for i, p in enumerate(parts))


def row(f) -> str:
    loc = f.location
    text = escape(f"{loc.path}:{loc.line}:{loc.column}")
    link = f"[{text}]({quote(loc.path, safe='/', errors='surrogateescape')}#L{loc.line})"
    return (
        f"| {ICONS[f.severity]} | <code>{escape(f.code)}</code> {escape(f.name)} "
        f"| {message(f.message)} | {link} |"
    )


def render_markdown(report: Report) -> str:
    s = report.summary()
    lines = ["## orglint", ""]
    if not s["total"]:
        lines.append(f":white_check_mark: No problems found. {summary_line(report)}")
        return "\n".join(lines) + "\n"
    counts = " · ".join(
        f"{ICONS[k]} **{s[k]}** {k}{'s' if s[k] != 1 and k != 'info' else ''}"
        for k in ("error", "warning", "info")
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
    lines += [row(f) for f in active[:MAX_ROWS]]
    if len(active) > MAX_ROWS:
        more = len(active) - MAX_ROWS
        lines += ["", f"…and {more} more: run `orglint check` for the full list."]
    return "\n".join(lines) + "\n"
