"""The server's pure parts, without a process: positions, completion context, quick fixes."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("pygls")

from lsprotocol import types

from orglint.findings import Finding, Location
from orglint.server.actions import quick_fix
from orglint.server.completion import context
from orglint.server.text import Lines


def test_columns_count_utf16_units_after_astral_characters():
    lines = Lines("name: 🙂 é x\n")
    # `x` is the 11th character (index 10) and the 12th UTF-16 unit: 🙂 takes two
    assert lines.to_units(0, 10) == 11
    assert lines.to_chars(0, 11) == 10
    assert Lines("name: 🙂 é x\n", types.PositionEncodingKind.Utf8).to_units(0, 10) == 14


@pytest.mark.parametrize(
    ("before", "above", "expected"),
    [
        ("    reports_to: ma", [], ("value", "reports_to")),
        ("    members: [asha, ", [], ("value", "members")),
        ("  - id: x  # orglint: ignore[STR", [], ("codes", "")),
        ("        - ", ["      escalation:", "        - ml"], ("value", "escalation")),
        ("  - ", ["people:"], None),  # a new entity, not a value
        ("    name: x  # a comment ", [], None),
    ],
)
def test_completion_context(before, above, expected):
    lines = [*above, before]
    assert context(lines, len(above), before) == expected


def test_skl007_quick_fix_from_a_crafted_finding():
    # the catalog's SKL007 points at the misspelt skill and names the intended one
    text = "people:\n  - id: asha\n    skills: [machine-learnig, ds]\n"
    finding = Finding(
        "SKL007",
        "misspelt-skill",
        "warning",
        "skill `machine-learnig` is not a known skill: did you mean `machine-learning`?",
        Location("org.yaml", 3, 14, 3, 29),
        entity="asha",
        field="skills",
    )
    fix = quick_fix(finding, Lines(text))
    [edits] = fix.edit.changes.values()
    assert edits[0].new_text == "machine-learning"
    assert edits[0].range == types.Range(types.Position(2, 13), types.Position(2, 28))
    assert text.split("\n")[2][13:28] == "machine-learnig"


def test_no_quick_fix_without_a_suggestion():
    finding = Finding(
        "ORG004",
        "unknown-reference",
        "error",
        "`lead` names `zz`, but no person has this id",
        Location("org.yaml", 3, 11, 3, 13),
    )
    assert quick_fix(finding, Lines("a\nb\n    lead: zz\n")) is None


def test_server_without_pygls_says_what_to_install(orglint, monkeypatch):
    monkeypatch.delitem(sys.modules, "orglint.server.app", raising=False)
    monkeypatch.setitem(sys.modules, "lsprotocol", None)  # as if not installed
    code, _, err = orglint("server")
    assert code == 2
    assert err.startswith("orglint: error: `orglint server` needs pygls and lsprotocol")
    assert "pip install 'orglint[server]'" in err
