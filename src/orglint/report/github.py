"""GitHub Actions workflow commands: annotations on the pull request's diff."""

from __future__ import annotations

import re

from orglint.report import Report

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
# Everything but tab, CR and LF (which are escaped below): ANSI colours in an annotation
# would reach the job log as colours.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def escape_data(text: str) -> str:
    """@actions/core `escapeData`: the message can never end the command line."""
    return _CONTROL.sub("", text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """@actions/core `escapeProperty`: a value can never end its property or the properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


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
