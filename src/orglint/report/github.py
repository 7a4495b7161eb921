"""GitHub Actions workflow commands: annotations on the pull request's diff."""

from __future__ import annotations

from orglint.report import Report
from orglint.report.escape import workflow_data as escape_data
from orglint.report.escape import workflow_property as escape_property

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def command(f) -> str:
    loc = f.location
    props = {
        "file": loc.path,
        "line": loc.line,
        "col": loc.column,
        "endLine": loc.end_line,
        "endColumn": loc.end_column,
        "title": f"{f.code} {f.name}",
    }
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items())
    return f"::{COMMANDS[f.severity]} {joined}::{escape_data(f.message)}"


def render_github(report: Report) -> str:
    return "".join(command(f) + "\n" for f in report.active)
