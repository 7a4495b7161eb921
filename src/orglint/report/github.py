"""GitHub Actions workflow commands: annotations on the pull request's diff.

GitHub shows at most 10 annotations of each type (error, warning, notice) per step and 50
per job, and drops the rest without a word. So the most severe come first, 10 of each, then
one plain line says how many were not annotated, followed by those findings as plain log
lines; with `GITHUB_STEP_SUMMARY` set, every finding also goes to the job summary as a
Markdown table (docs/output-formats.md).
"""

from __future__ import annotations

import os

from orglint.findings import SEVERITY_RANK
from orglint.report import Report
from orglint.report.escape import terminal
from orglint.report.escape import workflow_data as escape_data
from orglint.report.escape import workflow_property as escape_property

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
PER_TYPE = 10  # annotations GitHub shows per type and step
SUMMARY_BYTES = 1_000_000  # GitHub refuses a step summary over 1 MiB


def command(f) -> str:
    loc = f.location
    # @actions/core: columns are 1-based and `endColumn` is inclusive; ours ends after the
    # span. A zero-width or multi-line span keeps what GitHub can show.
    end_column = max(loc.end_column - 1, 1)
    if loc.end_line == loc.line:
        end_column = max(end_column, loc.column)
    props = {
        "file": loc.path,
        "line": loc.line,
        "col": loc.column,
        "endLine": loc.end_line,
        "endColumn": end_column,
        "title": f"{f.code} {f.name}",
    }
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items())
    return f"::{COMMANDS[f.severity]} {joined}::{escape_data(f.message)}"


def split(report: Report) -> tuple[list, list]:
    """(annotated, not annotated): the first 10 of each severity, most severe first."""
    shown: list = []
    rest: list = []
    for severity in sorted(SEVERITY_RANK, key=SEVERITY_RANK.__getitem__, reverse=True):
        same = [f for f in report.active if f.severity == severity]
        shown += same[:PER_TYPE]
        rest += same[PER_TYPE:]
    return shown, rest


def render_github(report: Report) -> str:
    from orglint.report.text import finding_line

    shown, rest = split(report)
    lines = [command(f) for f in shown]
    if rest:
        total = len(shown) + len(rest)
        lines.append(
            f"orglint: {len(shown)} of {total} findings are annotations (GitHub shows "
            f"{PER_TYPE} per severity and step); the other {len(rest)}:"
        )
        lines += [f"  {finding_line(f, False)}" for f in rest]
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and report.active:
        write_step_summary(report, summary)
    return "".join(line + "\n" for line in lines)


def write_step_summary(report: Report, path: str) -> None:
    """Append every finding to the job summary (within GitHub's size limit)."""
    from orglint.report.markdown import render_markdown

    text = render_markdown(report, max_rows=None, max_bytes=SUMMARY_BYTES)
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    except OSError as exc:  # the annotations still go out; say why the summary did not
        print(f"orglint: cannot write the job summary {terminal(path)}: {exc.strerror}")
