"""One source of truth per rule: a Python rule's name, severity, options and docs come from
its `rules/<code>-<name>.yaml`; a missing, extra or mismatched file fails at load time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import REPO, write

import orglint.rules as registry
from orglint.config import Config
from orglint.errors import RuleFileError
from orglint.pipeline import check_root
from orglint.rules import load_rules


@pytest.fixture
def rules_dir(tmp_path, monkeypatch) -> Path:
    """A copy of the built-in rule files that load_rules reads instead of `rules/`."""
    folder = tmp_path / "rules"
    shutil.copytree(REPO / "rules", folder)
    monkeypatch.setattr(registry, "builtin_rules_dir", lambda: folder)
    return folder


def set_severity(path: Path, severity: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("severity: warning", f"severity: {severity}", 1), "utf-8")


ORG = """\
version: 1
org: {name: Acme}
people:
  - {id: ceo}
""" + "".join(f"  - {{id: p{i}, reports_to: ceo}}\n" for i in range(11))


def test_editing_the_yaml_severity_changes_rule_and_check(rules_dir, tmp_path, orglint):
    set_severity(rules_dir / "STR003-span-of-control.yaml", "error")
    assert load_rules()["STR003"].severity == "error"
    shown = orglint("rule", "STR003")
    assert shown.code == 0 and "Severity: **error**" in shown.out, shown.out
    folder = write(tmp_path / "org", {"org.yaml": ORG})
    found = [
        f for f in check_root(str(folder / "org.yaml"), Config()).findings if f.code == "STR003"
    ]
    assert [(f.location.line, f.severity) for f in found] == [(4, "error")]


def test_the_yaml_names_the_rule(rules_dir):
    path = rules_dir / "ARC004-embedded-without-platform.yaml"
    path.rename(rules_dir / "ARC004-embedded-without-a-platform.yaml")
    with pytest.raises(RuleFileError) as err:
        load_rules()
    assert "ARC004-embedded-without-a-platform" in str(err.value)
    assert "`embedded-without-platform`" in str(err.value)


def test_a_python_rule_without_its_file_fails(rules_dir):
    (rules_dir / "ARC004-embedded-without-platform.yaml").unlink()
    with pytest.raises(RuleFileError) as err:
        load_rules()
    message = str(err.value)
    assert '@python_rule("ARC004")' in message and "embedded_without_platform" in message
    assert "ARC004-<name>.yaml" in message


def test_a_rule_file_without_implementation_fails(rules_dir):
    text = (rules_dir / "ARC006-nascent-ml-in-production.yaml").read_text(encoding="utf-8")
    text = text.replace("code: ARC006", "code: ARC099").replace(
        "name: nascent-ml-in-production", "name: nascent-again"
    )
    (rules_dir / "ARC099-nascent-again.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        load_rules()
    assert "ARC099-nascent-again.yaml" in str(err.value)
    assert '@python_rule("ARC099")' in str(err.value)


def test_a_decorator_that_disagrees_with_the_file_fails(rules_dir, monkeypatch):
    rule = registry._PYTHON_RULES["STR002"]
    monkeypatch.setattr(rule, "severity", "info")
    with pytest.raises(RuleFileError) as err:
        load_rules()
    assert "STR002-multiple-tops.yaml" in str(err.value) and "multiple_tops" in str(err.value)


def test_a_declarative_file_claimed_by_python_fails(rules_dir):
    path = rules_dir / "STR002-multiple-tops.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "implementation: python", "implementation: declarative"
        ),
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError, match="implementation: declarative"):
        load_rules()
