"""Every rule's documented examples are executable: `fires` fires exactly at the lines
marked `# <- CODE`, `fixed` stays silent. Also checks the catalog is complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import SHARED

from orglint.config import Config
from orglint.pipeline import check_root
from orglint.rules import load_rules

RULES = load_rules()
RULES_MD = SHARED / "RULES.md"
CATALOG_CODES = (
    sorted(set(re.findall(r"^\| ([A-Z]{3}\d{3}) \|", RULES_MD.read_text(), re.M)))
    if RULES_MD.exists()
    else []
)
DOCUMENTED = [r for r in RULES.values() if r.docs.get("fires")]


def marked_lines(text: str, code: str) -> list[int]:
    lines = text.splitlines()
    out = []
    for number, line in enumerate(lines, 1):
        if f"# <- {code}" not in line:
            continue
        # SUP rules mark the line below (a line holds one comment)
        if line.strip().startswith(f"# <- {code}"):
            out.append(number + 1)
        else:
            out.append(number)
    return out


def findings_of(tmp_path: Path, text: str, code: str):
    path = tmp_path / "org.yaml"
    path.write_text(text, encoding="utf-8")
    result = check_root(str(path), Config(), RULES)
    return [f for f in result.findings if f.code == code and f.suppressed is None]


@pytest.mark.parametrize("rule", DOCUMENTED, ids=lambda r: r.code)
def test_fires_example_fires_at_marked_lines(rule, tmp_path):
    text = rule.docs["fires"]
    expected = marked_lines(text, rule.code)
    assert expected, f"{rule.code}: the `fires` example marks no line with `# <- {rule.code}`"
    got = sorted(f.location.line for f in findings_of(tmp_path, text, rule.code))
    assert got == sorted(expected)


@pytest.mark.parametrize(
    "rule", [r for r in DOCUMENTED if r.docs.get("fixed")], ids=lambda r: r.code
)
def test_fixed_example_is_silent(rule, tmp_path):
    assert findings_of(tmp_path, rule.docs["fixed"], rule.code) == []


@pytest.mark.skipif(not CATALOG_CODES, reason="shared/RULES.md not beside the repository")
def test_every_catalog_rule_is_implemented_and_documented():
    missing = [c for c in CATALOG_CODES if c not in RULES]
    assert missing == []
    for code in CATALOG_CODES:
        rule = RULES[code]
        assert rule.docs.get("what") and rule.docs.get("why") and rule.docs.get("fires"), code
        if not code.startswith(("ORG", "SUP")):
            assert rule.check is not None, f"{code} has no implementation"
