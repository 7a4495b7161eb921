"""Configuration: where it is found, every setting, and errors that name the file and key."""

from __future__ import annotations

import pytest
from helpers import check, codes, run, where, write

from orglint.config import find_config, load_config, parse_config
from orglint.errors import ConfigError
from orglint.rules.views import view

HEAD = "version: 1\norg: {name: Acme}\n"

# STR002 at line 5 (`second`), STR005 at line 6 (`loner`: second leads no team, so none is
# derived), STR004 at line 9 (team `big`).
ORG = (
    HEAD
    + """\
people:
  - id: ceo
  - id: second
  - {id: loner, reports_to: second}
teams:
  - id: big
    type: product
    lead: ceo
    members: [second]
"""
)


def found(tmp_path, config=None, files=None, root="org.yaml"):
    return [(*where(f)[0::2], f.severity) for f in run(files or ORG, tmp_path, config, root)]


def test_defaults(tmp_path):
    assert found(tmp_path) == [("STR002", 5, "warning"), ("STR005", 6, "info")]


def test_dot_orglint_toml_is_found_from_the_org_folder_upwards(tmp_path):
    write(tmp_path, {".orglint.toml": 'ignore = ["STR005"]\n'})
    assert found(tmp_path, files={"orgs/acme/org.yaml": ORG}, root="orgs/acme/org.yaml") == [
        ("STR002", 5, "warning")
    ]
    assert find_config(tmp_path / "orgs/acme") == (tmp_path / ".orglint.toml").resolve()


def test_pyproject_tool_orglint_and_the_nearest_wins(tmp_path):
    write(
        tmp_path,
        {
            "pyproject.toml": '[tool.orglint]\nignore = ["STR002"]\n',
            "orgs/pyproject.toml": "[project]\nname = 'x'\n",
        },
    )  # no [tool.orglint]: skipped
    assert found(tmp_path, files={"orgs/org.yaml": ORG}, root="orgs/org.yaml") == [
        ("STR005", 6, "info")
    ]
    write(tmp_path, {"orgs/.orglint.toml": 'ignore = ["STR005"]\n'})
    assert found(tmp_path, files={"orgs/org.yaml": ORG}, root="orgs/org.yaml") == [
        ("STR002", 5, "warning")
    ]


def test_dot_orglint_toml_beats_pyproject_in_the_same_folder(tmp_path):
    write(
        tmp_path,
        {
            "pyproject.toml": '[tool.orglint]\nignore = ["STR002"]\n',
            ".orglint.toml": 'ignore = ["STR005"]\n',
        },
    )
    assert found(tmp_path) == [("STR002", 5, "warning")]


@pytest.mark.parametrize(
    "settings, expected",
    [
        ('select = ["STR002"]', [("STR002", 5, "warning")]),
        ('select = ["multiple-tops"]', [("STR002", 5, "warning")]),
        ('select = ["STR00"]', [("STR002", 5, "warning"), ("STR005", 6, "info")]),
        (
            'select = ["STR002"]\nextend-select = ["person-without-team"]',
            [("STR002", 5, "warning"), ("STR005", 6, "info")],
        ),
        ('ignore = ["person-without-team"]', [("STR002", 5, "warning")]),
        ('ignore = ["STR"]', []),
        (
            'severity = {STR002 = "error", "person-without-team" = "warning"}',
            [("STR002", 5, "error"), ("STR005", 6, "warning")],
        ),
        ('per-file-ignores = {"org.yaml" = ["STR002"]}', [("STR005", 6, "info")]),
        (
            'per-file-ignores = {"*.yml" = ["STR002"]}',
            [("STR002", 5, "warning"), ("STR005", 6, "info")],
        ),
        (
            "max-team-size = 1",
            [("STR002", 5, "warning"), ("STR005", 6, "info"), ("STR004", 8, "warning")],
        ),
    ],
)
def test_settings(tmp_path, settings, expected):
    assert found(tmp_path, settings + "\n") == expected


def test_per_file_ignores_match_paths_relative_to_the_config(tmp_path):
    files = {
        "org.yaml": HEAD + "include: [teams/*.yaml]\npeople:\n  - id: ceo\n",
        "teams/a.yaml": "people:\n  - {id: x, reports_to: ceo}\n",
        "teams/b.yaml": "people:\n  - {id: y, reports_to: ceo}\n",
    }
    assert [where(f) for f in run(files, tmp_path)] == [
        ("STR005", "teams/a.yaml", 2, 6),
        ("STR005", "teams/b.yaml", 2, 6),
    ]
    config = 'per-file-ignores = {"teams/a.yaml" = ["STR005"]}\n'
    assert [where(f) for f in run(files, tmp_path, config)] == [("STR005", "teams/b.yaml", 2, 6)]


def test_org_rules_cannot_be_ignored_or_deselected(tmp_path):
    with pytest.raises(ConfigError, match="ORG rules report broken input"):
        check(ORG, tmp_path, 'ignore = ["ORG004"]\n')
    findings = run(
        ORG + "  - {id: x, type: product, members: [nobody]}\n", tmp_path, 'select = ["STR002"]\n'
    )
    assert codes(findings) == ["STR002", "ORG004"]


def test_skill_aliases_change_ml_outcomes(tmp_path):
    org = (
        HEAD
        + """\
people:
  - {id: ceo, skills: [ML-Eng]}
teams:
  - {id: ml, type: ml, lead: ceo}
models:
  - {id: m, stage: production, built_by: ml}
"""
    )
    without = check(org, tmp_path, {"select": ["ARC006"]})
    assert without.org.skills["ceo"] == frozenset({"ml-eng"})
    assert view(without.org, "people", "ceo")["has_ml_skill"] is False
    assert codes(without.active) == ["ARC006"]  # nobody has ML skill
    configured = check(org, tmp_path, 'select = ["ARC006"]\nskill-aliases = {"ml-eng" = "ml"}\n')
    assert configured.org.skills["ceo"] == frozenset({"ml"})
    assert view(configured.org, "people", "ceo")["has_ml_skill"] is True
    assert configured.active == []


def test_thresholds_all_parse():
    config = parse_config(
        {
            "max-direct-reports": 3,
            "max-team-size": 4,
            "max-models-per-lead": 1,
            "min-embedded-for-platform": 2,
            "fail-on": "error",
        },
        None,
    )
    assert config.thresholds == {
        "max-direct-reports": 3,
        "max-team-size": 4,
        "max-models-per-lead": 1,
        "min-embedded-for-platform": 2,
    }
    assert config.fail_on == "error"


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "max-team-sise = 3\n",
            "`max-team-sise` is not a known setting; did you mean `max-team-size`?",
        ),
        ("max-team-size = -1\n", "`max-team-size` must be a whole number >= 0"),
        ("max-team-size = true\n", "`max-team-size` must be a whole number >= 0"),
        ("max-team-size = 2.5\n", "`max-team-size` must be a whole number >= 0"),
        ('select = "STR"\n', "`select` must be a list of rule codes or names"),
        (
            'severity = {STR002 = "fatal"}\n',
            "`severity.STR002` must be one of error, warning, info",
        ),
        ("skill-aliases = {ml-eng = 1}\n", "`skill-aliases` must be a table"),
        ('per-file-ignores = {"x" = "STR"}\n', "`per-file-ignores` must be a table"),
        ('fail-on = "sometimes"\n', "`fail-on` must be one of error, warning, info, never"),
        ("limits = {max-depth = 0}\n", "`limits.max-depth` must be a whole number >= 1"),
        ("limits = {depth = 3}\n", "`limits.depth` is not a known limit"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_bad_settings_name_the_file_and_key(tmp_path, text, message):
    path = tmp_path / ".orglint.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_pyproject_errors_name_the_full_key(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.orglint]\nmax-team-sise = 3\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml: `tool.orglint.max-team-sise` is not"):
        load_config(path)


@pytest.mark.parametrize(
    "key, value", [("select", "STRR"), ("ignore", "multiple-top"), ("severity", "STR999")]
)
def test_unknown_rule_names_are_errors(tmp_path, key, value):
    settings = f'{key} = {{{value} = "error"}}\n' if key == "severity" else f'{key} = ["{value}"]\n'
    with pytest.raises(ConfigError, match=f"`{key}`: `{value}` names no rule"):
        check(ORG, tmp_path, settings)


def test_org_severity_cannot_be_changed(tmp_path):
    with pytest.raises(
        ConfigError,
        match=r"`severity.ORG004`: ORG rules report broken input and "
        "are always errors",
    ):
        check(ORG, tmp_path, 'severity = {ORG004 = "info"}\n')
    findings = run(
        ORG + "  - {id: x, type: product, members: [nobody]}\n",
        tmp_path,
        'severity = {ALL = "info"}\n',
    )
    assert [(f.code, f.severity) for f in findings] == [("STR002", "info"), ("ORG004", "error")]
