"""Output formats: exact shapes, escaping of crafted org content, and the CLI end to end."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from helpers import TESTS, run_orglint

from orglint.findings import Finding, Location
from orglint.report import Report, format_names, render
from orglint.report.github import escape_data, escape_property
from orglint.rules import Rule

DATA = TESTS / "data"
PAYLOAD = "evil%0A::error::pwned\r\n| col | <script>alert(1)</script> \x1b[31m ]]></failure>"
# What a reader sees: ESC made visible as `\e` (CR/LF are each syntax's own business).
PAYLOAD_SHOWN = PAYLOAD.replace("\x1b", "\\e")

BAD_ORG = """\
version: 1
org: {name: Bad, stage: growth, business: saas}
people:
  - id: a
    reports_to: b
  - id: b
    reports_to: a
  - id: c
    reports_to: nobody
teams:
  - id: t
    type: product
    members: [a, b, c]
"""


def finding(
    code="STR001",
    severity="error",
    message="reporting cycle: `a` -> `b` -> `a`",
    path="org.yaml",
    line=5,
    column=17,
    end_line=5,
    end_column=18,
    entity="a",
    field="reports_to",
    suppressed=None,
    name="reporting-cycle",
) -> Finding:
    return Finding(
        code,
        name,
        severity,
        message,
        Location(path, line, column, end_line, end_column),
        entity,
        field,
        suppressed,
    )


def crafted() -> list[Finding]:
    return [
        finding(message="cycle: `a` -> " + PAYLOAD, path="dir/" + PAYLOAD + ".yaml"),
        finding(
            "ORG004",
            "warning",
            PAYLOAD,
            "org.yaml",
            9,
            17,
            9,
            23,
            "c",
            "reports_to",
            name="unknown-reference",
        ),
        finding(
            "SKL001",
            "info",
            "info " + PAYLOAD,
            "org.yaml",
            2,
            1,
            2,
            4,
            None,
            None,
            name="missing-product-management",
        ),
    ]


def split_cells(row: str) -> list[str]:
    """GFM's cell split: a backslash escapes the next character, an unescaped `|` divides."""
    cells, cell, chars = [], "", iter(row.strip())
    for ch in chars:
        if ch == "\\":
            cell += ch + next(chars, "")
        elif ch == "|":
            cells.append(cell)
            cell = ""
        else:
            cell += ch
    cells.append(cell)
    return [c.strip() for c in cells[1:-1]]


@pytest.fixture
def bad_org(tmp_path, monkeypatch):
    (tmp_path / "org.yaml").write_text(BAD_ORG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check_bad(fmt: str, *extra: str) -> str:
    """The report of the bad org (in the current folder), alone on stdout."""
    # STR001 only (ORG rules always run): other rules' changes must not move these tests.
    code, out, err = run_orglint("check", "--format", fmt, *extra, "--select", "STR001", "org.yaml")
    assert code == 1 and err == "", (out, err)
    return out


def check_clean(repo, fmt: str) -> str:
    """The report of the clean example, alone on stdout."""
    code, out, err = run_orglint("check", "--format", fmt, str(repo / "examples" / "clean.yaml"))
    assert code == 0 and err == "", (out, err)
    return out


def test_every_format_is_registered_and_offered_by_the_cli(orglint):
    assert {
        "text",
        "concise",
        "full",
        "json",
        "github",
        "gitlab",
        "sarif",
        "junit",
        "markdown",
    } <= set(format_names())
    code, _, err = orglint("check", "--output-format", "nope", "x")
    assert code == 2
    for name in ("full", "concise", "github", "gitlab", "sarif", "junit", "markdown"):
        assert name in err


# --- concise / text -----------------------------------------------------------------------


def test_concise_is_text():
    report = Report(crafted(), files=2, orgs=1)
    assert render("concise", report) == render("text", report)
    assert "\x1b" not in render("concise", report)
    assert len(render("concise", report).splitlines()) == 3 + 1


def json_findings() -> list[dict]:
    """The same run as JSON: end-to-end tests compare each format with it field by field."""
    found = json.loads(check_bad("json"))["findings"]
    assert [(f["code"], f["line"], f["column"]) for f in found] == [
        ("STR001", 5, 17),
        ("ORG004", 9, 17),
    ]
    return found


def test_concise_end_to_end(bad_org):
    expected = [
        f"org.yaml:{f['line']}:{f['column']}: {f['code']} {f['message']} [error: {f['name']}]"
        for f in json_findings()
    ]
    assert check_bad("concise").splitlines() == [
        *expected,
        "Found 2 problems (2 errors) in 1 org, 1 file.",
    ]


# --- full ------------------------------------------------------------------------------------


def test_full_frame_with_gutter_context_and_caret():
    source = BAD_ORG.encode()
    f = finding(
        "ORG004",
        message="`reports_to` names `nobody`",
        line=9,
        column=17,
        end_line=9,
        end_column=23,
        entity="c",
        name="unknown-reference",
    )
    out = render("full", Report([f], {"org.yaml": source}, files=1, orgs=1))
    assert out == (
        "org.yaml:9:17: ORG004 `reports_to` names `nobody` [error: unknown-reference]\n"
        "   |\n"
        " 7 |     reports_to: a\n"
        " 8 |   - id: c\n"
        " 9 |     reports_to: nobody\n"
        "   |                 ^^^^^^\n"
        "10 | teams:\n"
        "11 |   - id: t\n"
        "   |\n"
        "\n"
        "Found 1 problem (1 error) in 1 org, 1 file.\n"
    )


def test_full_at_the_first_and_last_lines_and_without_source():
    source = b"version: 1\nteams: []\n"
    first = finding(line=1, column=1, end_line=1, end_column=8)
    past_end = finding(line=3, column=1, end_line=3, end_column=1)  # libyaml: "at end of stream"
    out = render("full", Report([first, past_end], {"org.yaml": source}))
    blocks = out.split("\n\n")
    assert blocks[0].splitlines()[1:] == [
        "  |",
        "1 | version: 1",
        "  | ^^^^^^^",
        "2 | teams: []",
        "  |",
    ]
    assert blocks[1].splitlines()[1:] == [
        "  |",
        "1 | version: 1",
        "2 | teams: []",
        "3 |",
        "  | ^",
        "  |",
    ]
    alone = render("full", Report([first]))  # no source bytes: header only
    assert alone.splitlines()[0].startswith("org.yaml:1:1: STR001")
    assert len(alone.splitlines()) == 3  # header, blank, summary


def test_full_caret_under_wide_characters_tabs_and_yaml_line_breaks():
    # NEL is a line break for libyaml, so line 2 is `name: "中文"` and the value is at column 7.
    source = 'a: 1\x85name: "中文"  # \x1b[31mred\n\tb: 2\n'.encode()
    f = finding(line=2, column=7, end_line=2, end_column=11)
    lines = render("full", Report([f], {"org.yaml": source})).splitlines()
    assert lines[2:6] == [
        "1 | a: 1",
        '2 | name: "中文"  # \\e[31mred',
        "  |       ^^^^^^",
        "3 |     b: 2",
    ]
    assert "\x1b" not in "\n".join(lines)


def test_full_cuts_a_long_line_around_the_column():
    source = ("x: [" + ", ".join(f"v{i:04d}" for i in range(1000)) + "]\n").encode()
    column = source.index(b"v0500") + 1
    f = finding(line=1, column=column, end_line=1, end_column=column + 5)
    lines = render("full", Report([f], {"org.yaml": source})).splitlines()
    assert lines[2].startswith("1 | …") and lines[2].endswith("…")
    assert len(lines[2]) < 200
    caret = lines[3].index("^")
    assert lines[2][caret : caret + 5] == "v0500" and lines[3].count("^") == 5


def test_full_colour_only_when_asked(bad_org):
    f = finding()
    plain = render("full", Report([f], {"org.yaml": BAD_ORG.encode()}))
    coloured = render("full", Report([f], {"org.yaml": BAD_ORG.encode()}, color=True))
    assert "\x1b" not in plain
    assert "\x1b[1;31m^\x1b[0m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    # End to end: --color reaches a pipe too (click would strip it otherwise).
    assert "\x1b[1;31m^\x1b[0m" in check_bad("full", "--color")
    assert "\x1b" not in check_bad("full", "--no-color")


def test_full_injection_no_escape_characters():
    source = f"people:\n  - id: x  # {PAYLOAD}\n".encode()
    findings = crafted()
    findings[1] = finding(
        message=PAYLOAD, path="org.yaml", line=2, column=9, end_line=2, end_column=10
    )
    out = render("full", Report(findings, {"org.yaml": source}))
    assert "\x1b" not in out and "\r" not in out
    headers = [line for line in out.splitlines() if re.match(r"^\S.*:\d+:\d+: [A-Z]+\d+ ", line)]
    assert len(headers) == 3


def test_full_end_to_end(bad_org, repo):
    out = check_bad("full")
    assert out.splitlines()[:8] == [
        check_bad("concise").splitlines()[0],
        "  |",
        "3 | people:",
        "4 |   - id: a",
        "5 |     reports_to: b",
        "  |                 ^",
        "6 |   - id: b",
        "7 |     reports_to: a",
    ]
    assert out.endswith("Found 2 problems (2 errors) in 1 org, 1 file.\n")
    assert check_clean(repo, "full") == "All checks passed (1 org, 1 file).\n"


# --- github ----------------------------------------------------------------------------------


def test_github_escaping_matches_the_toolkit():
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert escape_data("a:b,c") == "a:b,c"


def test_github_command_per_finding():
    out = render(
        "github",
        Report(
            [
                finding(),
                finding(
                    "SKL001",
                    "info",
                    "no `pm`",
                    line=2,
                    column=1,
                    end_line=2,
                    end_column=4,
                    name="x",
                ),
            ]
        ),
    )
    # endColumn is inclusive in @actions/core: the span 17..18 (exclusive) is column 17.
    assert out == (
        "::error file=org.yaml,line=5,col=17,endLine=5,endColumn=17,title=STR001 reporting-cycle"
        "::reporting cycle: `a` -> `b` -> `a`\n"
        "::notice file=org.yaml,line=2,col=1,endLine=2,endColumn=3,title=SKL001 x::no `pm`\n"
    )


def unescape(text: str, prop: bool) -> str:
    if prop:
        text = text.replace("%3A", ":").replace("%2C", ",")
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def test_github_injection_stays_in_its_command():
    findings = [*crafted(), finding(suppressed="accepted")]
    out = render("github", Report(findings))
    lines = out.split("\n")
    assert lines[-1] == "" and len(lines) - 1 == 3  # the suppressed one is not annotated
    for line, f, command in zip(lines, findings, ("error", "warning", "notice")):
        head, sep, data = line.partition("::")[2].partition("::")
        assert sep and head.startswith(command + " ")
        props = dict(p.split("=", 1) for p in head[len(command) + 1 :].split(","))
        assert list(props) == ["file", "line", "col", "endLine", "endColumn", "title"]
        assert unescape(props["file"], True) == f.path.replace("\x1b", "\\e")
        assert unescape(data, False) == f.message.replace("\x1b", "\\e")
    assert not any(
        line.startswith("::") and not re.match(r"::(error|warning|notice) file=", line)
        for line in lines[:-1]
    )


def test_github_end_to_end(bad_org, repo, monkeypatch, orglint):
    assert check_bad("github").splitlines() == [
        f"::error file=org.yaml,line={f['line']},col={f['column']},endLine={f['end_line']},"
        f"endColumn={max(f['end_column'] - 1, f['column'])},title={f['code']} {f['name']}::"
        f"{escape_data(f['message'])}"
        for f in json_findings()
    ]
    assert check_bad("github").startswith(
        "::error file=org.yaml,line=5,col=17,endLine=5,endColumn=17,title=STR001 reporting-cycle::"
    )
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # the default format under GitHub Actions
    assert orglint("check", "--select", "STR001", "org.yaml").out.startswith(
        "::error file=org.yaml,line=5,"
    )
    assert check_clean(repo, "github") == ""


def test_github_cap_most_severe_first_then_a_summary_line_and_the_rest():
    # 12 infos, 3 warnings, 14 errors; GitHub shows 10 per severity and step.
    findings = (
        [finding("SKL001", "info", f"i{n}", line=n, end_line=n) for n in range(1, 13)]
        + [finding("STR003", "warning", f"w{n}", line=n, end_line=n) for n in range(1, 4)]
        + [finding(message=f"e{n}", line=n, end_line=n) for n in range(1, 15)]
    )
    lines = render("github", Report(findings)).splitlines()
    commands = [line for line in lines if line.startswith("::")]
    kinds = [line[2 : line.index(" ")] for line in commands]
    assert kinds == ["error"] * 10 + ["warning"] * 3 + ["notice"] * 10
    assert lines[23] == (
        "orglint: 23 of 29 findings are annotations (GitHub shows 10 per severity and step); "
        "the other 6:"
    )
    rest = lines[24:]
    assert [line.split(" STR001 ")[-1].split(" [")[0] for line in rest[:4]] == [
        "e11",
        "e12",
        "e13",
        "e14",
    ]
    assert len(rest) == 6 and all(not line.lstrip().startswith("::") for line in rest)


def test_github_step_summary_lists_every_finding(tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    findings = [finding(message=f"e{n}", line=n, end_line=n) for n in range(1, 251)]
    render("github", Report(findings))
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## orglint\n")  # appended, not replaced
    assert len(table_rows(text)) == 250 and "more" not in text
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    render("github", Report(findings))
    assert summary.read_text(encoding="utf-8") == text


# --- gitlab ----------------------------------------------------------------------------------


def test_gitlab_code_quality_fields():
    issues = json.loads(
        render(
            "gitlab",
            Report([finding(), finding("SKL001", "info", "m", line=2, entity=None, field=None)]),
        )
    )
    first = issues[0]
    assert {k: first[k] for k in ("description", "check_name", "severity", "location")} == {
        "description": "STR001: reporting cycle: `a` -> `b` -> `a`",
        "check_name": "STR001",
        "severity": "major",
        "location": {"path": "org.yaml", "lines": {"begin": 5, "end": 5}},
    }
    assert issues[1]["severity"] == "info"
    assert re.fullmatch(r"[0-9a-f]{64}", first["fingerprint"])


def test_gitlab_fingerprints_stable_and_unique():
    one = json.loads(render("gitlab", Report([finding(line=5)])))[0]["fingerprint"]
    moved = json.loads(render("gitlab", Report([finding(line=40, end_line=40)])))[0]["fingerprint"]
    other_file = json.loads(render("gitlab", Report([finding(path="b.yaml")])))[0]["fingerprint"]
    assert one == moved and one != other_file
    # Two unknown members of one team: same code, entity and field, still two issues.
    twins = [
        finding("ORG004", message="`x`", column=c, end_column=c + 1, entity="t", field="members")
        for c in (12, 15)
    ]
    prints = [i["fingerprint"] for i in json.loads(render("gitlab", Report(twins)))]
    assert len(set(prints)) == 2


def test_gitlab_injection_stays_in_its_field():
    findings = [*crafted(), finding(suppressed="accepted")]
    issues = json.loads(render("gitlab", Report(findings)))
    assert len(issues) == 3
    assert issues[0]["location"]["path"] == "dir/" + PAYLOAD + ".yaml"
    assert issues[1]["description"] == "ORG004: " + PAYLOAD


def test_gitlab_end_to_end(bad_org, repo):
    issues = json.loads(check_bad("gitlab"))
    assert [(i["check_name"], i["location"]["lines"]["begin"], i["severity"]) for i in issues] == [
        ("STR001", 5, "major"),
        ("ORG004", 9, "major"),
    ]
    assert json.loads(check_clean(repo, "gitlab")) == []


# --- sarif -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def rules_for(*codes: str) -> dict:
    docs = {"what": "Follows `reports_to`.", "why": "Loops.", "fix": "Point one elsewhere."}
    return {
        c: Rule(c, f"rule-{c.lower()}", "error", summary=f"Summary {c}.", docs=docs) for c in codes
    }


def test_sarif_shape(sarif_validator):
    findings = [
        finding(),
        finding(
            "STR003",
            "warning",
            "too many",
            line=2,
            column=3,
            end_line=2,
            end_column=3,
            entity="g",
            field=None,
            suppressed="fine here",
        ),
        finding("XYZ001", "info", "plugin", path="sub\\dir\\o.yaml", entity=None),
    ]
    log = json.loads(
        render("sarif", Report(findings, rules=rules_for("STR001", "STR003", "ORG004")))
    )
    sarif_validator.validate(log)
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["informationUri"]) == (
        "orglint",
        "https://github.com/orglint/orglint",
    )
    assert [r["id"] for r in driver["rules"]] == ["ORG004", "STR001", "STR003", "XYZ001"]
    rule = driver["rules"][1]
    assert rule["shortDescription"] == {"text": "Summary STR001."}
    assert rule["fullDescription"] == {"text": "Follows `reports_to`."}
    assert "**Why is this bad?**\n\nLoops." in rule["help"]["markdown"]
    assert rule["helpUri"].endswith("docs/rules.md#str001-rule-str001")
    assert rule["defaultConfiguration"] == {"level": "error"}
    results = run["results"]
    assert [(r["ruleId"], driver["rules"][r["ruleIndex"]]["id"], r["level"]) for r in results] == [
        ("STR001", "STR001", "error"),
        ("STR003", "STR003", "warning"),
        ("XYZ001", "XYZ001", "note"),
    ]
    assert results[0]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "org.yaml"},
        "region": {"startLine": 5, "startColumn": 17, "endLine": 5, "endColumn": 18},
    }
    assert results[1]["suppressions"] == [{"kind": "inSource", "justification": "fine here"}]
    assert "suppressions" not in results[0]
    assert (
        results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "sub/dir/o.yaml"
    )


def test_sarif_uris_and_fingerprints():
    def first(f):
        return json.loads(render("sarif", Report([f])))["runs"][0]["results"][0]

    spaced = first(finding(path="my orgs/org #1.yaml"))
    assert (
        spaced["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "my%20orgs/org%20%231.yaml"
    )
    absolute = first(finding(path="/srv/orgs/org.yaml"))
    assert (
        absolute["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "file:///srv/orgs/org.yaml"
    )
    # The fingerprint follows the rule, entity and field, not the line.
    assert (
        first(finding(line=5))["partialFingerprints"]
        == first(finding(line=50, end_line=50))["partialFingerprints"]
    )
    assert (
        first(finding())["partialFingerprints"]
        != first(finding(field="members"))["partialFingerprints"]
    )


def test_sarif_schema_catches_a_broken_log(sarif_validator):
    log = json.loads(render("sarif", Report([finding()])))
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert not sarif_validator.is_valid(log)


def test_sarif_injection_stays_in_its_field(sarif_validator):
    log = json.loads(render("sarif", Report(crafted())))
    sarif_validator.validate(log)
    results = log["runs"][0]["results"]
    assert len(results) == 3
    assert results[1]["message"]["text"] == PAYLOAD
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("dir/evil%250A%3A%3Aerror") and not re.search(r"[\s<>|\x1b]", uri)


def test_sarif_suppression_kinds_baseline_external_comment_in_source(sarif_validator):
    findings = [finding(suppressed="baseline"), finding(line=7, suppressed="accepted: small org")]
    log = json.loads(render("sarif", Report(findings)))
    sarif_validator.validate(log)
    assert [r["suppressions"] for r in log["runs"][0]["results"]] == [
        [{"kind": "external", "justification": "baseline"}],
        [{"kind": "inSource", "justification": "accepted: small org"}],
    ]


def test_sarif_end_to_end_with_a_baseline(bad_org, sarif_validator, orglint):
    # ORG findings (broken input) are never baselined: ORG004 stays active.
    code, _, err = orglint(
        "check", "--select", "STR001", "--write-baseline", "base.json", "org.yaml"
    )
    assert code in (0, 1), err
    _, out, err = orglint(
        "check", "--format", "sarif", "--select", "STR001", "--baseline", "base.json", "org.yaml"
    )
    assert err == "", err
    log = json.loads(out)
    sarif_validator.validate(log)
    assert [
        (r["ruleId"], [s["kind"] for s in r.get("suppressions", [])])
        for r in log["runs"][0]["results"]
    ] == [("STR001", ["external"]), ("ORG004", [])]


def test_sarif_rule_help_cites_sources_by_title(sarif_validator):
    docs = {"what": "W.", "why": 'Loops hurt (000 and 004, "Conclusion"); see 0042.', "fix": "F."}
    sources = [{"file": "002_ccb2a8ae2a5aefd5.txt", "section": "Archetypes"}]
    rule = Rule("STR001", "reporting-cycle", "error", docs=docs, sources=sources)
    log = json.loads(render("sarif", Report([finding()], rules={"STR001": rule})))
    sarif_validator.validate(log)
    help_ = log["runs"][0]["tool"]["driver"]["rules"][0]["help"]
    # The titles of seeds 000, 004 and 002 (../shared/seeds/README.md); 0042 is no source id.
    assert (
        "Loops hurt (*Data Science Org Designs* and *Why Centralized Machine Learning Teams "
        'Fail*, "Conclusion"); see 0042.'
    ) in help_["markdown"]
    assert help_["markdown"].endswith(
        '**Sources**\n\n- *Team Structure (Full Stack Deep Learning)*, section "Archetypes"'
    )
    assert "Sources\n- \u201cTeam Structure" in help_["text"] and "(000" not in help_["text"]


def test_sarif_end_to_end(bad_org, repo, sarif_validator):
    log = json.loads(check_bad("sarif"))
    sarif_validator.validate(log)
    run = log["runs"][0]
    codes = [r["id"] for r in run["tool"]["driver"]["rules"]]
    # the rules that ran: ORG always, plus the selected STR001; not the whole catalog
    assert codes == ["ORG001", "ORG002", "ORG003", "ORG004", "ORG005", "STR001"]
    stored = run["tool"]["driver"]["rules"][codes.index("STR001")]
    assert stored["name"] == "reporting-cycle" and stored["help"]["text"].startswith("What it does")
    assert [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in run["results"]
    ] == [("STR001", 5), ("ORG004", 9)]
    clean = json.loads(check_clean(repo, "sarif"))
    sarif_validator.validate(clean)
    assert clean["runs"][0]["results"] == []


# --- junit -----------------------------------------------------------------------------------


# What Jenkins' strict junit-10.xsd (jenkinsci/xunit-plugin, MIT) allows, written out as
# checks: per element, its required and allowed attributes and allowed children.
JUNIT_10 = {
    "testsuites": (set(), {"name", "time", "tests", "failures", "errors"}, {"testsuite"}),
    "testsuite": (
        {"name", "tests", "failures", "errors"},
        {"group", "time", "skipped", "timestamp", "hostname", "id", "package", "file", "log"}
        | {"url"},
        {"testsuite", "properties", "testcase", "system-out", "system-err"},
    ),
    "testcase": (
        {"name"},
        {"time", "classname", "group"},
        {"skipped", "error", "failure", "system-out", "system-err"}
        | {"rerunFailure", "rerunError", "flakyFailure", "flakyError"},
    ),
    "failure": (set(), {"type", "message"}, set()),
    "error": (set(), {"type", "message"}, set()),
    "skipped": (set(), {"type", "message"}, set()),
}
SUREFIRE_TIME = re.compile(r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?")


def junit_10_errors(text: str) -> list[str]:
    root = ET.fromstring(text)
    errors = [] if root.tag == "testsuites" else [f"root is <{root.tag}>"]
    for element in root.iter():
        required, allowed, children = JUNIT_10.get(element.tag, (set(), set(), set()))
        if element.tag not in JUNIT_10:
            errors.append(f"<{element.tag}> is not in the schema")
        attrs = set(element.attrib)
        errors += [f"<{element.tag}> lacks {a}" for a in sorted(required - attrs)]
        errors += [f"<{element.tag}> has {a}" for a in sorted(attrs - required - allowed)]
        errors += [f"<{element.tag}> holds <{c.tag}>" for c in element if c.tag not in children]
        if "time" in attrs and not SUREFIRE_TIME.fullmatch(element.get("time")):
            errors.append(f"<{element.tag}> time={element.get('time')!r}")
    return errors


def test_the_junit_schema_checks_catch_what_the_schema_forbids():
    assert junit_10_errors('<testsuites skipped="1"><testsuite name="a"/></testsuites>') == [
        "<testsuites> has skipped",
        "<testsuite> lacks errors",
        "<testsuite> lacks failures",
        "<testsuite> lacks tests",
    ]
    bad_case = '<testcase name="n" file="f" line="1"><failure><x/></failure></testcase>'
    assert junit_10_errors(
        f'<testsuites><testsuite name="a" tests="1" failures="1" errors="0">{bad_case}'
        "</testsuite></testsuites>"
    ) == [
        "<testcase> has file",
        "<testcase> has line",
        "<failure> holds <x>",
        "<x> is not in the schema",
    ]


def test_junit_suites_cases_and_passing_files():
    findings = [
        finding(),
        finding("STR003", "warning", "many", line=2, suppressed="ok", entity="b", field=None),
        finding("SKL001", "info", "m", path="inc/a.yaml", line=3, entity=None),
    ]
    sources = {"org.yaml": b"", "inc/a.yaml": b"", "inc/clean.yaml": b""}
    out = render("junit", Report(findings, sources))
    assert junit_10_errors(out) == []
    root = ET.fromstring(out)
    assert root.tag == "testsuites" and root.get("tests") == "4" and root.get("failures") == "2"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert list(suites) == ["inc/a.yaml", "inc/clean.yaml", "org.yaml"]
    assert [(s.get("file"), s.get("skipped")) for s in suites.values()] == [
        ("inc/a.yaml", "0"),
        ("inc/clean.yaml", "0"),
        ("org.yaml", "1"),
    ]
    assert [
        (c.get("classname"), c.get("name"), [e.tag for e in c])
        for c in suites["org.yaml"].iter("testcase")
    ] == [
        ("org", "STR001 reporting-cycle: a.reports_to, line 5:17", ["failure"]),
        ("org", "STR003 reporting-cycle: b, line 2:17", ["skipped"]),
    ]
    (case,) = suites["inc/a.yaml"].iter("testcase")
    assert (case.get("classname"), case.get("name")) == (
        "inc.a",
        "SKL001 reporting-cycle: line 3:17",
    )
    failure = suites["org.yaml"].find("testcase/failure")
    assert (failure.get("message"), failure.get("type")) == (
        "reporting cycle: `a` -> `b` -> `a`",
        "error",
    )
    clean = suites["inc/clean.yaml"]
    assert clean.get("failures") == "0" and [list(c) for c in clean.iter("testcase")] == [[]]


def test_junit_classname_is_the_path_with_dots_for_jenkins():
    from orglint.report.junit import classname

    assert classname("org.yaml") == "org"
    assert classname("teams/ml.v2.yml") == "teams.ml_v2"
    assert classname("../other/org.YAML") == "__.other.org"
    assert classname("a\\b.yaml") == "a.b"


def test_junit_cases_stay_apart_when_everything_else_is_equal():
    # Two unknown members on one flow-style line: same code, entity, field and spot.
    twins = [finding("ORG004", message="`x`"), finding("ORG004", message="`y`")]
    cases = list(ET.fromstring(render("junit", Report(twins))).iter("testcase"))
    assert [c.get("name") for c in cases] == [
        "ORG004 reporting-cycle: a.reports_to, line 5:17",
        "ORG004 reporting-cycle: a.reports_to, line 5:17 #2",
    ]


def test_junit_injection_stays_in_its_field():
    out = render("junit", Report(crafted()))
    assert junit_10_errors(out) == []  # parses: nothing closed an element early
    cases = list(ET.fromstring(out).iter("testcase"))
    assert len(cases) == 3
    # Shown on one line, as in a terminal: CR, LF and ESC as `\\r`, `\\n` and `\\e`.
    one_line = PAYLOAD_SHOWN.replace("\r", "\\r").replace("\n", "\\n")
    assert [c.find("failure").get("message") for c in cases][1] == one_line
    assert ET.fromstring(out).find("testsuite").get("name") == "dir/" + one_line + ".yaml"
    assert "\x1b" not in out
    assert (
        ET.fromstring(render("junit", Report([finding(message="nul \x00 and \ufffe")])))
        .find(".//failure")
        .get("message")
        == "nul \\x00 and "
    )


def test_junit_end_to_end(bad_org, repo):
    out = check_bad("junit")
    assert junit_10_errors(out) == []
    root = ET.fromstring(out)
    assert [c.get("name") for c in root.iter("testcase")] == [
        "STR001 reporting-cycle: a.reports_to, line 5:17",
        "ORG004 unknown-reference: c.reports_to, line 9:17",
    ]
    clean = ET.fromstring(check_clean(repo, "junit"))
    assert clean.get("failures") == "0" and len(list(clean.iter("testcase"))) == 1


def test_gitlab_shows_every_finding_of_the_examples_once(repo, monkeypatch, orglint):
    # GitLab keys a test case by (suite, classname, name): equal keys collapse into one row.
    monkeypatch.chdir(repo)
    found = json.loads(orglint("check", "--format", "json", "examples").out)
    expected = len(found["findings"]) + len(found["suppressed"])
    out = orglint("check", "--format", "junit", "examples").out
    assert junit_10_errors(out) == []
    keys = [
        (suite.get("name"), case.get("classname"), case.get("name"))
        for suite in ET.fromstring(out).iter("testsuite")
        for case in suite.iter("testcase")
        if len(case)  # a clean file's passing case is not a finding
    ]
    assert expected > 50 and len(keys) == expected and len(set(keys)) == expected
    # The Code Quality widget too: one issue per active finding, none merged by fingerprint.
    issues = json.loads(orglint("check", "--format", "gitlab", "./examples").out)
    assert len({i["fingerprint"] for i in issues}) == len(issues) == len(found["findings"])


# --- markdown --------------------------------------------------------------------------------


def table_rows(out: str) -> list[str]:
    return [line for line in out.split("\n") if line.startswith("| ")][1:]


def test_markdown_table():
    out = render(
        "markdown",
        Report(
            [
                finding(),
                finding("SKL001", "warning", "no `pm` here", path="teams/a b.yaml", line=7),
            ],
            files=2,
            orgs=1,
        ),
    )
    assert out.startswith(
        "## orglint\n\nFound 2 problems (1 error, 1 warning) in 1 org, 2 files.\n"
    )
    assert ":x: **1** error · :warning: **1** warning · :information_source: **0** info" in out
    rows = table_rows(out)
    assert [split_cells(r) for r in rows] == [
        [
            ":x:",
            "<code>STR001</code> reporting-cycle",
            "reporting cycle\\: <code>a</code> -&gt; <code>b</code> -&gt; <code>a</code>",
            "[org.yaml\\:5\\:17](org.yaml#L5)",
        ],
        [
            ":warning:",
            "<code>SKL001</code> reporting-cycle",
            "no <code>pm</code> here",
            "[teams/a b.yaml\\:7\\:17](teams/a%20b.yaml#L7)",
        ],
    ]


def test_markdown_clean_and_truncated():
    assert render("markdown", Report([], files=1, orgs=1)) == (
        "## orglint\n\n:white_check_mark: No problems found. All checks passed (1 org, 1 file).\n"
    )
    many = [finding(line=n, end_line=n) for n in range(1, 251)]
    out = render("markdown", Report(many))
    assert len(table_rows(out)) == 200 and "…and 50 more" in out


def test_markdown_injection_stays_in_its_cell():
    findings = [*crafted(), finding(message="`x` ![i](https://e.test/t.png) @octocat *b*")]
    out = render("markdown", Report(findings))
    rows = table_rows(out)
    assert len(rows) == 4 and all(len(split_cells(r)) == 4 for r in rows)
    assert "<script" not in out and "</failure" not in out and "\x1b" not in out and "\r" not in out
    assert "`" not in out  # no code span can open
    assert "\\!\\[i\\](https\\://e.test/t.png)" in out  # no image can load
    assert "@\u200boctocat" in out  # nobody gets notified
    link = re.search(r"\]\(([^)]*)\)", rows[0]).group(1)
    assert link.startswith("dir/evil%250A%3A%3Aerror") and link.endswith(".yaml#L5")


def test_markdown_end_to_end(bad_org, repo):
    rows = table_rows(check_bad("markdown"))
    assert [split_cells(r)[1] for r in rows] == [
        "<code>STR001</code> reporting-cycle",
        "<code>ORG004</code> unknown-reference",
    ]
    assert [split_cells(r)[3] for r in rows] == [
        "[org.yaml\\:5\\:17](org.yaml#L5)",
        "[org.yaml\\:9\\:17](org.yaml#L9)",
    ]
    assert "No problems found" in check_clean(repo, "markdown")


def test_sarif_rule_docs_cannot_move_the_results(sarif_validator):
    docs = {"what": "\0results", "why": "\0results", "fix": "x"}
    rule = Rule("STR001", "reporting-cycle", "error", summary="\0results", docs=docs)
    log = json.loads(render("sarif", Report([finding()], rules={"STR001": rule})))
    sarif_validator.validate(log)
    assert len(log["runs"][0]["results"]) == 1
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"]["text"] == "\0results"
