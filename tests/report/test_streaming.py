"""Streamed machine outputs: the same documents as one `json.dumps`, written in pieces."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET

import pytest

from orglint.findings import Finding, Location
from orglint.report import Report, render, write

COUNT = 4_500  # more than two of the writers' chunks (2,000 items)


def findings() -> list[Finding]:
    out = []
    for i in range(COUNT):
        path = f"teams/{i // 1000}.yaml"
        out.append(
            Finding(
                "ORG004" if i % 3 else "STR005",
                "unknown-reference" if i % 3 else "person-without-team",
                "error" if i % 3 else "info",
                f"`members` names `p{i}` — «{i}»",
                Location(path, i % 1000 + 1, 5, i % 1000 + 1, 9),
                f"t{i // 4}",
                "members",
                "baseline" if i % 10 == 0 else None,
            )
        )
    return out


class Recorder:
    def __init__(self) -> None:
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return len(text)


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab", "junit"])
def test_written_in_pieces_none_of_them_the_document(fmt):
    report = Report(findings())
    out = Recorder()
    write(fmt, report, out)
    whole = "".join(out.writes)
    assert whole == render(fmt, report)
    # Each piece holds at most one chunk of items: far less than the document.
    assert len(out.writes) > 3 and max(map(len, out.writes)) < len(whole) / 2


def test_json_is_the_document_json_dumps_would_write():
    report = Report(findings(), files=5, orgs=1)
    report.stale_baseline = [{"fingerprint": "x", "code": "STR001", "count": 1}]
    active = [f for f in report.findings if f.suppressed is None]
    hidden = [f for f in report.findings if f.suppressed is not None]
    expected = {
        "findings": [f.to_dict() for f in active],
        "suppressed": [{**f.to_dict(), "reason": f.suppressed} for f in hidden],
        "summary": {
            "error": sum(f.severity == "error" for f in active),
            "warning": 0,
            "info": sum(f.severity == "info" for f in active),
            "total": len(active),
            "suppressed": len(hidden),
            "files": 5,
            "orgs": 1,
        },
        "stale_baseline": report.stale_baseline,
    }
    text = render("json", report)
    assert json.loads(text) == expected
    lines = text.splitlines()
    # one finding per line, between the `"findings": [` and its `],`
    first = lines.index('  "findings": [') + 1
    assert all(lines[first + i].startswith('    {"code": ') for i in range(len(active)))
    assert lines[first + len(active)] == "  ],"
    assert "«0»" in text  # not \u-escaped


def test_empty_documents():
    assert json.loads(render("json", Report([])))["findings"] == []
    assert '"findings": [],' in render("json", Report([]))
    assert render("gitlab", Report([])) == "[]\n"
    sarif = json.loads(render("sarif", Report([])))
    assert sarif["runs"][0]["results"] == []
    assert ET.fromstring(render("junit", Report([]))).get("tests") == "0"


def test_gitlab_and_sarif_items_match_one_per_finding():
    report = Report(findings())
    issues = json.loads(render("gitlab", report))
    active = [f for f in report.findings if f.suppressed is None]
    assert [i["location"]["path"] for i in issues] == [f.path for f in active]
    # fingerprint: sha256 of code:entity:field@path, `#n` on repeats (4 findings per team)
    first = active[0]
    key = f"{first.code}:{first.entity}:{first.field}@{first.path}"
    assert issues[0]["fingerprint"] == hashlib.sha256(key.encode()).hexdigest()
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    results = json.loads(render("sarif", report))["runs"][0]["results"]
    assert len(results) == COUNT
    assert sum("suppressions" in r for r in results) == COUNT // 10


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab", "junit"])
def test_a_streamed_report_to_a_file_is_what_stdout_gets(orglint, repo, tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(repo)
    target = tmp_path / "out" / f"report.{fmt}"
    code, out, _ = orglint("check", "examples/designs/consultant.yaml", "--format", fmt)
    assert code == 1 and out
    code, _, err = orglint(
        "check", "examples/designs/consultant.yaml", "--format", fmt, "-o", str(target)
    )
    assert code == 1 and err == ""
    assert target.read_text(encoding="utf-8") == out


def test_a_streamed_report_that_fails_midway_leaves_the_old_file(
    orglint, repo, tmp_path, monkeypatch
):
    from orglint.report import jsonfmt

    target = tmp_path / "report.json"
    target.write_bytes(b"the previous report\n")

    def broken(report, out):
        out.write('{"findings": [')
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonfmt, "write_json", broken)
    monkeypatch.chdir(repo)
    code, _, err = orglint(
        "check", "examples/designs/consultant.yaml", "--format", "json", "-o", str(target)
    )
    assert code == 2 and "no space left on the device; the existing file is unchanged" in err
    assert target.read_bytes() == b"the previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left
