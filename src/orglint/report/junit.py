"""JUnit XML: findings as failed test cases, for CI dashboards that read test reports.

Targets Jenkins' strict `junit-10.xsd` (the xunit plugin's, also what GitLab reads): only
the attributes it defines. GitLab keys a test case by (suite, classname, name) and Jenkins
splits `classname` at its last dot into package and class, so each case is named by its
code, rule, entity and line, and `classname` is the file's path written with dots.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from orglint.findings import Finding
from orglint.report import Out, Report
from orglint.report.escape import xml_attr, xml_text

_EXTENSION = re.compile(r"\.ya?ml$", re.IGNORECASE)
CHUNK = 2000  # findings per write


def classname(path: str) -> str:
    """`teams/ml.v2.yaml` -> `teams.ml_v2`: Jenkins shows package `teams`, class `ml_v2`."""
    parts = []
    for part in re.split(r"[\\/]", _EXTENSION.sub("", path)):
        if part in ("", "."):
            continue
        parts.append("__" if part == ".." else part.replace(".", "_"))
    return ".".join(parts) or "org"


def case_name(f: Finding) -> str:
    loc = f.location
    about = f.entity + (f".{f.field}" if f.field else "") + ", " if f.entity else ""
    return f"{f.code} {f.name}: {about}line {loc.line}:{loc.column}"


def attrs(**values: object) -> str:
    return " ".join(f'{key}="{xml_attr(value)}"' for key, value in values.items())


def case(f: Finding, name: str, cls: str) -> str:
    loc = f.location
    head = f"    <testcase {attrs(name=name, classname=cls)}>"
    if f.suppressed is not None:
        body = f"      <skipped {attrs(message=f'suppressed: {f.suppressed}')}/>"
    else:
        text = xml_text(
            f"{loc.path}:{loc.line}:{loc.column}: {f.code} {f.message} [{f.severity}: {f.name}]"
        )
        body = f"      <failure {attrs(message=f.message, type=f.severity)}>{text}</failure>"
    return f"{head}\n{body}\n    </testcase>\n"


def suite(path: str, findings: list[Finding]) -> Iterable[str]:
    failed = sum(1 for f in findings if f.suppressed is None)
    cls = classname(path)
    yield (
        f"  <testsuite {attrs(name=path, tests=max(len(findings), 1), failures=failed)}"
        f" {attrs(errors=0, skipped=len(findings) - failed, file=path)}>\n"
    )
    if not findings:  # a clean file is a passing test, so dashboards count it
        yield f"    <testcase {attrs(name='orglint', classname=cls)}/>\n"
    seen: dict[str, int] = {}
    chunk = []
    for f in findings:
        name = case_name(f)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:  # same rule, entity and spot: still one case each
            name += f" #{seen[name]}"
        chunk.append(case(f, name, cls))
        if len(chunk) >= CHUNK:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)
    yield "  </testsuite>\n"


def write_junit(report: Report, out: Out) -> None:
    # One pass for the counts the opening tags carry, one to write: nothing per finding kept
    # but a reference in its file's list while that file's suite is written.
    by_file: dict[str, list[Finding]] = {path: [] for path in report.sources}
    for f in report.findings:
        by_file.setdefault(f.path, []).append(f)
    tests = sum(max(len(found), 1) for found in by_file.values())
    failures = sum(1 for f in report.findings if f.suppressed is None)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    head = attrs(name="orglint", tests=tests, failures=failures, errors=0)
    if not by_file:
        out.write(f"<testsuites {head}/>\n")
        return
    out.write(f"<testsuites {head}>\n")
    for path in sorted(by_file):
        for text in suite(path, by_file.pop(path)):
            out.write(text)
    out.write("</testsuites>\n")


def render_junit(report: Report) -> str:
    buffer = io.StringIO()
    write_junit(report, buffer)
    return buffer.getvalue()
