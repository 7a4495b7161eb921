"""Human output with context: each finding, the YAML around it, and a caret under the spot."""

from __future__ import annotations

import re
import unicodedata

from orglint.report import Report
from orglint.report.escape import terminal
from orglint.report.text import _COLORS, clean, finding_line, paint, summary_line

CONTEXT = 2  # lines shown before and after the finding's line
MAX_WIDTH = 160  # longer lines are cut to a window around the column (flow-style orgs)
TAB = 4
# libyaml's line breaks: its line numbers count NEL and LS/PS too, so the frame must.
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def source_lines(data: bytes) -> list[str]:
    text = data.decode("utf-8", errors="replace")
    text = text.removeprefix("\ufeff")  # yamlread drops it before parsing: columns start after
    lines = _BREAKS.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the break that ends the last line does not start another
    return lines


def cells(ch: str, at: int) -> tuple[str, int]:
    """How one character of the file is shown (at display column `at`) and how wide it is."""
    if ch == "\t":
        width = TAB - at % TAB
        return " " * width, width
    if unicodedata.category(ch) == "Cs":
        return "", 0
    shown = terminal(ch)  # bidi overrides and controls could make the frame lie: show them
    if shown != ch:
        return shown, len(shown)
    if unicodedata.combining(ch):
        return ch, 0
    return ch, 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def layout(line: str) -> tuple[list[str], list[int]]:
    """Each character's shown text and its starting display column (plus one entry for the end)."""
    shown, starts, at = [], [], 0
    for ch in line:
        text, width = cells(ch, at)
        shown.append(text)
        starts.append(at)
        at += width
    starts.append(at)
    return shown, starts


def window(length: int, column: int) -> tuple[int, int]:
    """Which characters of a long line to show so that `column` (0-based) stays visible."""
    if length <= MAX_WIDTH:
        return 0, length
    start = max(0, min(column - MAX_WIDTH // 3, length - MAX_WIDTH))
    return start, start + MAX_WIDTH


def frame(lines: list[str], f, color: bool) -> list[str]:
    loc = f.location
    line_no = loc.line
    if line_no > len(lines) + 1:
        return []  # not in this text (the file changed?): no frame beats a wrong one
    first, last = max(1, line_no - CONTEXT), min(len(lines), line_no + CONTEXT)
    width = len(str(max(last, line_no)))
    bar = paint("|", "1;34", color)
    gutter = " " * width
    col0 = max(loc.column, 1) - 1
    out = [f"{gutter} {bar}"]
    for n in range(first, max(last, line_no) + 1):
        text = lines[n - 1] if n <= len(lines) else ""
        lo, hi = window(len(text), col0)
        shown, _ = layout(text[lo:hi])
        body = ("…" if lo else "") + "".join(shown) + ("…" if hi < len(text) else "")
        number = paint(f"{n:>{width}}", "1;34", color)
        out.append(f"{number} {bar} {body}".rstrip())
        if n == line_no:
            out.append(f"{gutter} {bar} {caret(f, text, lo, hi, color)}")
    out.append(f"{gutter} {bar}")
    return out


def caret(f, text: str, lo: int, hi: int, color: bool) -> str:
    loc = f.location
    shown, starts = layout(text[lo:hi])
    start = min(max(loc.column - 1 - lo, 0), len(shown))
    end = loc.end_column - 1 - lo if loc.end_line == loc.line else len(shown)
    end = min(max(end, start), len(shown))
    lead = (1 if lo else 0) + starts[start]
    marks = "^" * max(starts[end] - starts[start], 1)
    return " " * lead + paint(marks, "1;" + _COLORS[f.severity], color)


def render_full(report: Report) -> str:
    cache: dict[str, list[str]] = {}
    blocks = []
    for f in report.active:
        block = [finding_line(f, report.color)]
        data = report.sources.get(f.path)
        if data is not None:
            if f.path not in cache:
                cache[f.path] = source_lines(data)
            block += frame(cache[f.path], f, report.color)
        for message, where in f.related:
            at = f"{clean(where.path)}:{where.line}:{where.column}"
            block.append(f"  = note: {clean(message)} ({at})")
        blocks.append("\n".join(block))
    if not report.quiet:
        blocks.append(summary_line(report))
    return "\n\n".join(blocks) + "\n" if blocks else ""
