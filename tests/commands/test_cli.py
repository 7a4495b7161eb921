"""The command line as a user runs it: output formats, exit codes, discovery, errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, cwd, write

HEAD = "version: 1\norg: {name: Acme}\n"
# STR002 (warning) at 5:5, STR005 (info) at 6:6 (loner's manager leads no team, so no
# team is derived for them)
WARN_AND_INFO = (
    HEAD
    + """\
people:
  - id: ceo
  - id: second
  - {id: loner, reports_to: second}
teams:
  - {id: t, type: product, lead: ceo, members: [second]}
"""
)
INFO_ONLY = (
    HEAD
    + """\
people:
  - id: ceo
  - {id: loner, reports_to: ceo}
"""
)
CLEAN = (
    HEAD
    + """\
people:
  - id: ceo
  - {id: ana, reports_to: ceo}
teams:
  - {id: t, type: product, lead: ceo, members: [ana]}
"""
)


@pytest.fixture
def folder(tmp_path):
    with cwd(tmp_path):
        yield tmp_path


# -- exit codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, fail_on, code",
    [
        (CLEAN, None, 0),
        (INFO_ONLY, None, 0),
        (INFO_ONLY, "info", 1),
        (WARN_AND_INFO, None, 1),
        (WARN_AND_INFO, "warning", 1),
        (WARN_AND_INFO, "error", 0),
        (WARN_AND_INFO, "never", 0),
        (HEAD + "people: [{id: Bad}]\n", "error", 1),
        (HEAD + "people: [{id: Bad}]\n", "never", 0),
    ],
)
def test_exit_code_follows_fail_on(orglint, folder, text, fail_on, code):
    write(folder, text)
    args = ["check", "org.yaml"] + (["--fail-on", fail_on] if fail_on else [])
    assert orglint(*args)[0] == code


def test_fail_on_from_configuration(orglint, folder):
    write(folder, {"org.yaml": WARN_AND_INFO, ".orglint.toml": 'fail-on = "error"\n'})
    assert orglint("check", "org.yaml")[0] == 0
    assert orglint("check", "org.yaml", "--fail-on", "warning")[0] == 1


def test_a_broken_file_is_a_finding_not_a_crash(orglint, folder):
    (folder / "org.yaml").write_bytes(b"version: 1\norg: {name: [\n\x00")
    code, out, err = orglint("check", "org.yaml")
    assert code == 1 and err == ""
    assert out.startswith("org.yaml:3:1: ORG001 ")


def test_configuration_error_exits_2_naming_file_and_key(orglint, folder):
    write(folder, {"org.yaml": CLEAN, ".orglint.toml": "max-team-sise = 3\n"})
    code, out, err = orglint("check", "org.yaml")
    assert code == 2 and out == ""
    config = str((folder / ".orglint.toml").resolve())
    assert err == (
        f"orglint: error: {config}: `max-team-sise` is not a known setting; did you "
        "mean `max-team-size`?\n"
    )


def test_explicit_config_option(orglint, folder):
    write(folder, {"org.yaml": WARN_AND_INFO, "ci.toml": 'ignore = ["STR002"]\n'})
    code, out, _ = orglint("check", "org.yaml", "--config", "ci.toml")
    assert code == 0 and out.splitlines()[0].startswith("org.yaml:6:6: STR005 ")


@pytest.mark.parametrize(
    "args, words",
    [
        (["--select", "STRR"], "orglint: error: `select`: `STRR` names no rule; did you mean"),
        (
            ["--ignore", "multiple-top"],
            "`ignore`: `multiple-top` names no rule; did you mean `multiple-tops`?",
        ),
        (["--fail-on", "sometimes"], "Invalid value for '--fail-on'"),
        (["--output-format", "xml"], "Invalid value for '--output-format'"),
        (["--bogus"], "No such option '--bogus'"),
    ],
)
def test_usage_errors_exit_2(orglint, folder, args, words):
    write(folder, CLEAN)
    code, out, err = orglint("check", "org.yaml", *args)
    assert code == 2 and out == ""
    assert words in err
    assert "Traceback" not in err


def test_a_missing_path_exits_2(orglint, folder):
    code, _, err = orglint("check", "nope.yaml")
    assert code == 2 and "'nope.yaml' does not exist" in err


def test_select_and_ignore_on_the_command_line(orglint, folder):
    write(folder, WARN_AND_INFO)
    _, out, _ = orglint("check", "org.yaml", "--select", "STR005")
    assert [line.split(" ")[1] for line in out.splitlines()[:-1]] == ["STR005"]
    _, out, _ = orglint(
        "check",
        "org.yaml",
        "--select",
        "multiple-tops,person-without-team",
        "--ignore",
        "STR002",
    )
    assert [line.split(" ")[1] for line in out.splitlines()[:-1]] == ["STR005"]


# -- output -----------------------------------------------------------------------------------

MULTI = {
    "acme/org.yaml": HEAD + "include: [teams/*.yaml]\npeople:\n  - id: ceo\n  - id: second\n"
    "  - {id: ana, reports_to: ceo}\n",
    "acme/teams/a.yaml": "teams:\n  - {id: a, type: product, lead: ceo, members: [ana, bob]}\n",
    "acme/teams/b.yaml": "people:\n  - {id: loner, reports_to: cto}\n  - id: bad\n    nme: x\n",
}


def test_text_output_one_line_per_finding_sorted_then_a_summary(orglint, folder):
    write(folder, MULTI)
    code, out, err = orglint("check", "acme/org.yaml")
    assert code == 1 and err == ""
    assert out.splitlines() == [
        "acme/org.yaml:6:5: STR002 `second` has no `reports_to`, like `ceo`: an org has one top; "
        "add `reports_to` (e.g. `reports_to: ceo`) [warning: multiple-tops]",
        "acme/teams/a.yaml:2:54: ORG004 `members` names `bob`, but no person has this id: define a "
        "person with this id or fix the reference [error: unknown-reference]",
        "acme/teams/b.yaml:2:29: ORG004 `reports_to` names `cto`, but no person has this id; did "
        "you mean `ceo`? [error: unknown-reference]",
        "acme/teams/b.yaml:4:5: ORG002 unknown key `nme` in person `bad`: did you mean `name`? "
        "(use an `x-` prefix for your own annotations) [error: schema-violation]",
        "Found 4 problems (3 errors, 1 warning) in 1 org, 3 files.",
    ]


def test_summary_counts_every_severity(orglint, folder):
    write(folder, WARN_AND_INFO + "  - {id: u, type: product, members: [nobody]}\n")
    _, out, _ = orglint("check", "org.yaml")
    # STR005 is silent while a member reference is unresolved
    assert out.splitlines()[-1] == "Found 2 problems (1 error, 1 warning) in 1 org, 1 file."
    write(folder, WARN_AND_INFO)
    _, out, _ = orglint("check", "org.yaml")
    assert out.splitlines()[-1] == "Found 2 problems (1 warning, 1 info) in 1 org, 1 file."
    write(folder, CLEAN)
    _, out, _ = orglint("check", "org.yaml")
    assert out == "All checks passed (1 org, 1 file).\n"


def test_json_output(orglint, folder):
    write(folder, MULTI)
    code, out, _ = orglint("check", "acme/org.yaml", "--output-format", "json")
    assert code == 1
    data = json.loads(out)
    assert set(data) >= {"findings", "summary"}
    first = data["findings"][0]
    assert {
        k: first[k]
        for k in (
            "code",
            "name",
            "severity",
            "message",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
        )
    } == {
        "code": "STR002",
        "name": "multiple-tops",
        "severity": "warning",
        "message": "`second` has no `reports_to`, like `ceo`: an org has one top; add `reports_to` "
        "(e.g. `reports_to: ceo`)",
        "path": "acme/org.yaml",
        "line": 6,
        "column": 5,
        "end_line": 6,
        "end_column": 15,
    }
    assert [(f["path"], f["line"], f["column"], f["code"]) for f in data["findings"]] == [
        ("acme/org.yaml", 6, 5, "STR002"),
        ("acme/teams/a.yaml", 2, 54, "ORG004"),
        ("acme/teams/b.yaml", 2, 29, "ORG004"),
        ("acme/teams/b.yaml", 4, 5, "ORG002"),
    ]
    assert data["summary"] == {
        "error": 3,
        "warning": 1,
        "info": 0,
        "total": 4,
        "suppressed": 0,
        "files": 3,
        "orgs": 1,
    }


def test_json_paths_as_given(orglint, folder):
    write(folder, MULTI)
    absolute = str(folder / "acme" / "org.yaml")
    _, out, _ = orglint("check", absolute, "--format", "json")
    paths = {f["path"] for f in json.loads(out)["findings"]}
    assert paths == {absolute, str(folder / "acme/teams/a.yaml"), str(folder / "acme/teams/b.yaml")}
    with cwd(folder / "acme"):
        _, out, _ = orglint("check", "org.yaml", "--format", "json")
    assert {f["path"] for f in json.loads(out)["findings"]} == {
        "org.yaml",
        "teams/a.yaml",
        "teams/b.yaml",
    }


def test_output_file(orglint, folder):
    write(folder, WARN_AND_INFO)
    code, out, _ = orglint("check", "org.yaml", "-o", "report.json", "--format", "json")
    assert code == 1 and out == ""
    assert json.loads((folder / "report.json").read_text())["summary"]["total"] == 2


# -- every problem of a file in one run -------------------------------------------------------


def test_typo_duplicate_cycle_and_unknown_reference_in_one_run(orglint, folder):
    write(
        folder,
        HEAD
        + """\
people:
  - id: ceo
  - id: ana
    reportsto: ceo
  - id: bo
    reports_to: cy
  - id: cy
    reports_to: bo
  - id: bo
  - id: di
    reports_to: ceoo
teams:
  - {id: t, type: product, lead: ceo, members: [bo, cy, di]}
""",
    )
    _, out, _ = orglint("check", "org.yaml", "--select", "ORG,STR001")
    assert [" ".join(line.split(" ")[:2]) for line in out.splitlines()[:-1]] == [
        "org.yaml:6:5: ORG002",
        "org.yaml:8:17: STR001",
        "org.yaml:11:5: ORG003",
        "org.yaml:13:17: ORG004",
    ]


def test_mistakes_example_lists_every_org_and_str_code(orglint, capsys):
    with cwd(REPO):
        code, out, _ = orglint("check", "examples/mistakes.yaml")
    assert code == 1
    got = [line.split(" ")[:2] for line in out.splitlines()[:-1]]
    assert got == [
        ["examples/mistakes.yaml:13:5:", "STR003"],
        ["examples/mistakes.yaml:23:5:", "ORG001"],
        ["examples/mistakes.yaml:26:5:", "ORG002"],
        ["examples/mistakes.yaml:27:5:", "STR002"],
        ["examples/mistakes.yaml:30:17:", "ORG004"],
        ["examples/mistakes.yaml:32:17:", "STR001"],
        ["examples/mistakes.yaml:35:5:", "ORG003"],
        ["examples/mistakes.yaml:37:5:", "STR005"],
        ["examples/mistakes.yaml:52:11:", "ORG002"],
        ["examples/mistakes.yaml:55:5:", "STR004"],
        ["examples/mistakes.yaml:63:18:", "ORG004"],
        ["examples/mistakes/platform.yaml:3:1:", "ORG005"],
    ]
    # the example's comments say what fires where: one `# CODE` comment per finding
    text = (REPO / "examples/mistakes.yaml").read_text() + (
        REPO / "examples/mistakes/platform.yaml"
    ).read_text()
    assert sorted(re.findall(r"# ((?:ORG|STR)\d{3})", text)) == sorted(code for _, code in got)


# -- discovery --------------------------------------------------------------------------------


def test_check_a_folder_finds_every_root_and_skips_fragments(orglint, folder):
    write(
        folder,
        {
            "orgs/a/org.yaml": HEAD + "include: [teams.yaml]\npeople:\n  - id: ceo\n",
            # STR005 only with its root
            "orgs/a/teams.yaml": "people:\n  - {id: x, reports_to: ceo}\n",
            "orgs/b.yml": HEAD + "people:\n  - id: one\n  - id: two\n",
            "orgs/notes.yaml": "just: a file\n",
            "orgs/.hidden/org.yaml": HEAD + "people: [{id: Bad}]\n",
        },
    )
    code, out, _ = orglint("check", "orgs")
    assert out.splitlines() == [
        "orgs/a/teams.yaml:2:6: STR005 `x` belongs to no team: add them to a team's `members` "
        "[info: person-without-team]",
        "orgs/b.yml:5:5: STR002 `two` has no `reports_to`, like `one`: an org has one top; add "
        "`reports_to` (e.g. `reports_to: one`) [warning: multiple-tops]",
        "Found 2 problems (1 warning, 1 info) in 2 orgs, 3 files.",
    ]
    assert code == 1


def test_checking_a_fragment_lints_the_org_that_includes_it(orglint, folder):
    write(
        folder,
        {
            "org.yaml": HEAD
            + "include: [teams/*.yaml]\npeople:\n  - id: ceo\n  - {id: x, reports_to: ceo}\n",
            "teams/ml.yaml": "teams:\n  - {id: ml, type: ml, lead: ceo, members: [x, y]}\n",
        },
    )
    _code, out, _ = orglint("check", "teams/ml.yaml")
    assert out.splitlines()[0].startswith("teams/ml.yaml:2:48: ORG004 `members` names `y`")
    assert out.splitlines()[-1] == "Found 1 problem (1 error) in 1 org, 2 files."
    with cwd(folder / "teams"):  # the root is `../org.yaml`, so its includes are `../teams/...`
        _, out, _ = orglint("check", "ml.yaml")
    assert out.splitlines()[0].startswith("../teams/ml.yaml:2:48: ORG004")


def test_a_root_given_twice_is_checked_once(orglint, folder):
    write(folder, WARN_AND_INFO)
    _, out, _ = orglint("check", "org.yaml", ".", "./org.yaml")
    assert out.splitlines()[-1] == "Found 2 problems (1 warning, 1 info) in 1 org, 1 file."


# -- internal errors ----------------------------------------------------------------------------


def boom(*args, **kwargs):
    raise RuntimeError("stage exploded")


def test_internal_error_asks_for_a_report_without_a_traceback(orglint, folder, monkeypatch):
    write(folder, CLEAN)
    monkeypatch.setattr("orglint.pipeline.validate", boom)
    code, out, err = orglint("check", "org.yaml")
    assert code == 2 and out == ""
    assert "Traceback" not in err
    assert err.startswith("orglint: internal error: RuntimeError: stage exploded\n")
    assert "Please report it at" in err and "run again with --debug" in err


def test_debug_shows_the_traceback(orglint, folder, monkeypatch):
    write(folder, CLEAN)
    monkeypatch.setattr("orglint.pipeline.validate", boom)
    code, _, err = orglint("check", "org.yaml", "--debug")
    assert code == 2
    assert err.startswith("Traceback (most recent call last):")
    assert 'in boom\n    raise RuntimeError("stage exploded")' in err
    assert "Please report it at" in err and "--debug" not in err.split("Please report")[1]


# -- as installed ------------------------------------------------------------------------------


def test_python_dash_m_orglint_and_the_console_script(tmp_path):
    write(tmp_path, WARN_AND_INFO)
    run = subprocess.run(
        [sys.executable, "-m", "orglint", "check", "org.yaml", "--fail-on", "info"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1 and run.stderr == ""
    assert run.stdout.splitlines()[0].startswith("org.yaml:5:5: STR002 ")
    script = Path(sys.executable).with_name("orglint")
    if script.exists():
        run = subprocess.run(
            [str(script), "check", str(REPO / "examples/clean.yaml")],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (run.returncode, run.stdout) == (0, "All checks passed (1 org, 1 file).\n")


# -- conveniences: stdin, statistics, group-by, show-settings, quiet, path spelling -----------

ROLLUP = (
    HEAD
    + """\
people:
  - id: ceo
  - id: second
  - {id: ana, reports_to: cto}
  - {id: loner, reports_to: second}
teams:
  - {id: t, type: product, lead: ceo, members: [ana, second]}
"""
)
# By hand: ORG004 (`cto`) is about `ana` and STR002 about `second`, both members of `t`;
# STR005 is about `loner`, who is in no team: listed nowhere, and no one up their
# reporting line (`second`, a top) leads a team, so no team is derived either.


def stdin(monkeypatch, text: str) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))


def test_stdin_fragment_is_checked_in_its_orgs_context(orglint, folder, monkeypatch):
    write(
        folder,
        {
            "org.yaml": HEAD + "include: [teams/*.yaml]\npeople:\n  - id: ceo\n"
            "  - {id: x, reports_to: ceo}\n",
            "teams/ml.yaml": "teams:\n  - {id: ml, type: ml, lead: ceo, members: [x]}\n",
        },
    )
    assert orglint("check", "teams/ml.yaml").code == 0
    # The editor's unsaved buffer names an unknown member; the file on disk does not.
    stdin(monkeypatch, "teams:\n  - {id: ml, type: ml, lead: ceo, members: [x, y]}\n")
    code, out, _ = orglint("check", "-", "--stdin-filename", "teams/ml.yaml")
    assert code == 1
    assert out.splitlines()[0].startswith("teams/ml.yaml:2:48: ORG004 `members` names `y`")
    assert out.splitlines()[-1] == "Found 1 problem (1 error) in 1 org, 2 files."
    assert "y]" not in (folder / "teams/ml.yaml").read_text()
    assert orglint("check", "teams/ml.yaml").code == 0  # nothing of stdin stays


def test_stdin_root_and_the_usage_errors(orglint, folder, monkeypatch):
    write(folder, CLEAN)
    stdin(monkeypatch, WARN_AND_INFO)
    code, out, _ = orglint("check", "-", "--stdin-filename", "org.yaml", "--statistics")
    assert code == 1 and out.splitlines()[:2] == [
        "1  STR002  multiple-tops [warning]",
        "1  STR005  person-without-team [info]",
    ]
    for args, words in [
        (["-"], "--stdin-filename PATH"),
        (["org.yaml", "--stdin-filename", "org.yaml"], "give `-`"),
        (["-", "--stdin-filename", "org.yaml", "--add-suppressions"], "standard input"),
        (["org.yaml", "--group-by", "team", "--format", "sarif"], "text or JSON"),
        (["org.yaml", "--group-by", "team", "--statistics"], "not both"),
    ]:
        code, out, err = orglint("check", *args)
        assert code == 2 and out == "" and err.startswith("orglint: error: ") and words in err


def test_statistics_counts_per_rule_most_first(orglint, folder):
    write(folder, ROLLUP)
    code, out, _ = orglint("check", "org.yaml", "--select", "STR002,STR005", "--statistics")
    assert code == 1
    assert out.splitlines() == [
        "1  ORG004  unknown-reference [error]",
        "1  STR002  multiple-tops [warning]",
        "1  STR005  person-without-team [info]",
        "Found 3 problems (1 error, 1 warning, 1 info) in 1 org, 1 file.",
    ]
    _, out, _ = orglint("check", ".", "--statistics", "--format", "json", "--select", "STR005")
    data = json.loads(out)
    assert data["statistics"] == [
        {"code": "ORG004", "name": "unknown-reference", "severity": "error", "count": 1},
        {"code": "STR005", "name": "person-without-team", "severity": "info", "count": 1},
    ]
    assert data["summary"]["total"] == 2


def test_group_by_team_rule_and_file(orglint, folder):
    write(folder, ROLLUP)
    args = ("check", "org.yaml", "--select", "STR002,STR005", "--group-by")
    _, out, _ = orglint(*args, "team", "--format", "json")
    groups = {g["key"]: [f["code"] for f in g["findings"]] for g in json.loads(out)["groups"]}
    assert groups == {"t": ["STR002", "ORG004"], "(no team)": ["STR005"]}
    _, out, _ = orglint(*args, "team", "-q")
    heads = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert heads == [
        "team `t`: 2 findings (1 error, 1 warning)",
        "(no team): 1 finding (1 info)",
    ]
    _, out, _ = orglint(*args, "rule", "--format", "json")
    assert [g["key"] for g in json.loads(out)["groups"]] == [
        "ORG004 unknown-reference",
        "STR002 multiple-tops",
        "STR005 person-without-team",
    ]
    _, out, _ = orglint(*args, "file", "--format", "json")
    assert [(g["key"], g["counts"]) for g in json.loads(out)["groups"]] == [
        ("org.yaml", {"error": 1, "warning": 1, "info": 1})
    ]


def test_show_settings_says_where_each_value_comes_from(orglint, folder):
    write(folder, CLEAN)
    (folder / ".orglint.toml").write_text(
        'fail-on = "error"\nmax-team-size = 5\n[limits]\nmax-depth = 50\n', encoding="utf-8"
    )
    code, out, _ = orglint("check", "org.yaml", "--show-settings", "--select", "STR")
    assert code == 0
    rows = {line.split(" = ")[0].strip(): line.split(" = ")[1] for line in out.splitlines()[1:]}
    assert out.splitlines()[0] == f"# configuration: {folder / '.orglint.toml'}"
    assert rows["select"] == '["STR"]  # command line (--select)'
    assert rows["fail-on"] == f'"error"  # {folder / ".orglint.toml"}'
    assert rows["max-team-size"] == f"5  # {folder / '.orglint.toml'}"
    assert rows["max-direct-reports"] == "10  # default"
    assert rows["limits.max-depth"] == f"50  # {folder / '.orglint.toml'}"
    assert rows["limits.max-nodes"].endswith("# default")
    _, out, _ = orglint("check", "--show-settings", "--format", "json")  # no path: this folder
    (config,) = json.loads(out)
    assert config["settings"]["fail-on"] == {
        "value": "error",
        "source": str(folder / ".orglint.toml"),
    }


def test_quiet_prints_only_the_findings(orglint, folder):
    write(folder, WARN_AND_INFO)
    code, out, err = orglint("check", "org.yaml", "--quiet")
    assert code == 1 and err == "" and len(out.splitlines()) == 2
    assert all(re.match(r"org\.yaml:\d+:\d+: STR00[25] ", line) for line in out.splitlines())
    write(folder, CLEAN)
    assert orglint("check", "org.yaml", "-q") == (0, "", "")


@pytest.mark.parametrize("fmt", ["json", "gitlab", "sarif", "junit", "text"])
def test_the_spelling_of_a_path_changes_no_output(orglint, folder, fmt):
    write(folder, MULTI)
    outputs = {
        orglint("check", spelt, "--format", fmt).out
        for spelt in (
            "acme/org.yaml",
            "./acme/org.yaml",
            "acme/teams/../org.yaml",
            "acme//org.yaml",
        )
    }
    assert len(outputs) == 1
    assert "./" not in outputs.pop()


def test_a_config_key_cannot_write_escapes_to_the_terminal(orglint, folder):
    write(folder, CLEAN)
    (folder / ".orglint.toml").write_text('"\\u001b[2Jmax\\u202e" = 1\n', encoding="utf-8")
    code, out, err = orglint("check", "org.yaml")
    assert code == 2 and out == ""
    assert "\x1b" not in err and "\u202e" not in err
    assert "`\\e[2Jmax\\u202e` is not a known setting" in err
