"""`orglint check --write-baseline FILE` / `--baseline FILE`: known findings do not fail,
matched by fingerprint (code + entity + field), not by line; stale entries reported."""

from __future__ import annotations

import json

from helpers import write

ORG = """\
    version: 1
    org: {name: X}
    people:
      - id: a
      - id: b
      - id: c
        reports_to: a
    teams:
      - id: t
        type: product
        members: [a, b]
    """
# STR002 on `b` (a second top), STR005 on `c` (no team)
SELECT = ["--select", "STR,SUP"]
CHECK = ("check", "org.yaml", *SELECT)  # run in the org's folder


def set_org(tmp_path, text):
    write(tmp_path, text)


def test_write_baseline_records_fingerprints_and_passes(tmp_path, orglint):
    set_org(tmp_path, ORG)
    code, out, err = orglint(*CHECK, "--write-baseline", "baseline.json", cwd=tmp_path)
    assert code == 0, (out, err)
    assert "Wrote 2 findings to the baseline baseline.json." in err
    assert "All checks passed (1 org, 1 file; 2 suppressed)." in out
    data = json.loads((tmp_path / "baseline.json").read_text())
    assert data["orglint-baseline"] == 1
    assert [(e["fingerprint"], e["code"], e["path"], e["count"]) for e in data["findings"]] == [
        ("STR002:b:", "STR002", "org.yaml", 1),
        ("STR005:c:", "STR005", "org.yaml", 1),
    ]
    assert data["findings"][1]["message"].startswith("`c` belongs to no team")


def test_baseline_survives_shifted_lines_and_fails_only_on_new_findings(tmp_path, orglint):
    set_org(tmp_path, ORG)
    assert orglint(*CHECK, "--write-baseline", "baseline.json", cwd=tmp_path).code == 0
    shifted = ORG.replace("    people:\n", "    # a comment\n\n    people:\n")
    set_org(tmp_path, shifted)
    code, out, err = orglint(*CHECK, "--baseline", "baseline.json", cwd=tmp_path)
    assert code == 0, (out, err)
    assert (out, err) == ("All checks passed (1 org, 1 file; 2 suppressed).\n", "")
    # a new problem (a third top) fails; the known ones stay quiet
    set_org(
        tmp_path,
        shifted.replace(
            "      - id: c\n        reports_to: a\n",
            "      - id: c\n        reports_to: a\n      - id: d\n",
        ),
    )
    code, out, _ = orglint(
        *CHECK, "--baseline", "baseline.json", "--output-format", "json", cwd=tmp_path
    )
    assert code == 1
    data = json.loads(out)
    assert [(f["code"], f["entity"], f["line"]) for f in data["findings"]] == [("STR002", "d", 10)]
    assert sorted((f["code"], f["reason"]) for f in data["suppressed"]) == [
        ("STR002", "baseline"),
        ("STR005", "baseline"),
    ]
    assert "stale_baseline" not in data


def test_entries_that_match_nothing_are_reported_stale(tmp_path, orglint):
    set_org(tmp_path, ORG)
    orglint(*CHECK, "--write-baseline", "baseline.json", cwd=tmp_path)
    set_org(tmp_path, ORG.replace("members: [a, b]", "members: [a, b, c]"))  # fixes STR005
    code, out, err = orglint(*CHECK, "--baseline", "baseline.json", cwd=tmp_path)
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "All checks passed (1 org, 1 file; 1 suppressed).",
        "1 baseline entry in baseline.json matched no finding (STR005): fixed? Run with "
        "`--write-baseline baseline.json` to drop it.",
    ]
    out = orglint(
        *CHECK, "--baseline", "baseline.json", "--output-format", "json", cwd=tmp_path
    ).out
    assert json.loads(out)["stale_baseline"] == [
        {
            "fingerprint": "STR005:c:",
            "code": "STR005",
            "path": "org.yaml",
            "message": "`c` belongs to no team: add them to a team's `members`",
            "count": 1,
        }
    ]


def test_repeated_fingerprints_are_counted(tmp_path, orglint):
    # two unknown codes in one comment: two SUP002 on person `b`, one fingerprint
    text = ORG.replace(
        "      - id: b\n", "      - id: b  # orglint: ignore[STR002, NOPE1, NOPE2] -- x\n"
    )
    set_org(tmp_path, text)
    orglint(*CHECK, "--write-baseline", "baseline.json", cwd=tmp_path)
    entries = json.loads((tmp_path / "baseline.json").read_text())["findings"]
    assert [(e["fingerprint"], e["count"]) for e in entries] == [("STR005:c:", 1), ("SUP002:b:", 2)]
    # a third one is new; the baseline covers only two
    set_org(tmp_path, text.replace("NOPE2]", "NOPE2, NOPE3]"))
    code, out, _ = orglint(
        *CHECK, "--baseline", "baseline.json", "--output-format", "json", cwd=tmp_path
    )
    assert code == 1
    assert [f["code"] for f in json.loads(out)["findings"]] == ["SUP002"]
    # one fewer: one of the two is stale
    set_org(tmp_path, text.replace(", NOPE2]", "]"))
    data = json.loads(
        orglint(*CHECK, "--baseline", "baseline.json", "--output-format", "json", cwd=tmp_path).out
    )
    assert [(e["fingerprint"], e["count"]) for e in data["stale_baseline"]] == [("SUP002:b:", 1)]


def test_org_findings_are_never_baselined(tmp_path, orglint):
    set_org(tmp_path, ORG.replace("reports_to: a", "reports_to: zed"))
    assert orglint(*CHECK, "--write-baseline", "baseline.json", cwd=tmp_path).code == 1
    fingerprints = [
        e["fingerprint"] for e in json.loads((tmp_path / "baseline.json").read_text())["findings"]
    ]
    assert fingerprints == ["STR002:b:", "STR005:c:"]
    code, out, _ = orglint(
        *CHECK, "--baseline", "baseline.json", "--output-format", "json", cwd=tmp_path
    )
    assert code == 1
    assert [f["code"] for f in json.loads(out)["findings"]] == ["ORG004"]


def test_a_missing_or_foreign_baseline_is_exit_2_with_a_clear_message(tmp_path, orglint):
    set_org(tmp_path, ORG)
    (tmp_path / "other.json").write_text('{"findings": 3}')
    (tmp_path / "bad.json").write_text("{")
    for name, problem in (
        ("nope.json", "nope.json: cannot read the baseline: No such file"),
        ("other.json", "other.json: not an orglint baseline (format 1)"),
        ("bad.json", "bad.json: not a baseline (invalid JSON"),
    ):
        code, _, err = orglint("check", "org.yaml", "--baseline", name, cwd=tmp_path)
        assert code == 2
        assert err.startswith(f"orglint: error: {problem}"), err
