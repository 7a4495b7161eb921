"""Each example org reports exactly the findings derived by hand in its `.expected.yaml`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from helpers import REPO

from orglint.config import Config
from orglint.pipeline import check_root
from orglint.rules import load_rules

EXAMPLES = REPO / "examples"
DESIGNS = sorted((EXAMPLES / "designs").glob("*.expected.yaml"))
RULES = load_rules()


def org_file(expected: Path) -> Path:
    return expected.with_name(expected.name.replace(".expected.yaml", ".yaml"))


@pytest.mark.parametrize("expected", DESIGNS, ids=lambda p: p.name.split(".")[0])
def test_example_reports_exactly_its_documented_findings(expected):
    want = yaml.safe_load(expected.read_text(encoding="utf-8"))["findings"] or []
    result = check_root(str(org_file(expected)), Config(), RULES)
    got = Counter((f.code, f.location.line) for f in result.findings)
    assert got == Counter((w["code"], w["line"]) for w in want)


def test_every_design_of_the_sources_has_an_example():
    names = {p.name.split(".")[0] for p in DESIGNS}
    assert names >= {
        "rnd-lab",
        "embedded",
        "consultant",
        "productized-central",
        "full-stack-pillar",
        "nascent",
        "independent-ml-org",
        "ml-first",
        "central-handoff-to-it",
        "embedded-with-platform",
        "feature-team",
        "spotify-squads-chapters",
    }


def test_clean_example_is_clean():
    result = check_root(str(EXAMPLES / "clean.yaml"), Config(), RULES)
    assert [(f.code, f.location.line) for f in result.findings] == []
