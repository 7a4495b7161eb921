"""JUnit XML: findings as failed test cases, for CI dashboards that read test reports."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from orglint.report import Report

# Characters XML 1.0 cannot hold at all, escaped or not.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    return _NOT_XML.sub("", str(value))


def element(parent, tag: str, **attrs) -> ET.Element:
    return ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})


def case(suite, f) -> None:
    loc = f.location
    test = element(
        suite,
        "testcase",
        classname=loc.path,
        name=f"{f.code} {f.name}",
        file=loc.path,
        line=loc.line,
        column=loc.column,
    )
    if f.suppressed is not None:
        element(test, "skipped", message=f"suppressed: {f.suppressed}")
        return
    failure = element(test, "failure", message=f.message, type=f.severity)
    failure.text = xml_text(
        f"{loc.path}:{loc.line}:{loc.column}: {f.code} {f.message} [{f.severity}: {f.name}]"
    )


def render_junit(report: Report) -> str:
    by_file: dict[str, list] = {path: [] for path in report.sources}
    for f in report.findings:
        by_file.setdefault(f.path, []).append(f)
    root = ET.Element("testsuites", {"name": "orglint"})
    tests = 0
    for path in sorted(by_file):
        findings = by_file[path]
        failed = sum(1 for f in findings if f.suppressed is None)
        suite = element(
            root,
            "testsuite",
            name=path,
            tests=max(len(findings), 1),
            failures=failed,
            errors=0,
            skipped=len(findings) - failed,
        )
        for f in findings:
            case(suite, f)
        if not findings:  # a clean file is a passing test, so dashboards count it
            element(suite, "testcase", classname=path, name="orglint", file=path)
        tests += max(len(findings), 1)
    root.attrib.update(
        tests=str(tests),
        failures=str(len(report.active)),
        errors="0",
        skipped=str(len(report.suppressed)),
    )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
