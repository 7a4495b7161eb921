"""`previously`: former ids of a renamed entity stay reserved, and references to them say
the new id (ORG-FORMAT.md, "Renames")."""

from __future__ import annotations

import json

from helpers import REPO, check

BASE = """\
version: 1
org: {name: Acme}
people:
  - id: ceo
  - id: ana
    previously: [ana-old]
    reports_to: ceo
teams:
  - id: platform
    previously: [infra, ops]
    type: platform
    lead: ceo
    members: [ana]
"""


def codes(result) -> list[tuple[str, int, str]]:
    return [(f.code, f.location.line, f.message) for f in result.active]


def test_a_renamed_entity_is_valid(tmp_path):
    assert codes(check(BASE, tmp_path)) == []


def test_a_reference_to_a_former_id_says_the_new_one(tmp_path):
    text = (
        BASE + "  - id: web\n    type: product\n    works_with: [infra]\n    members: [ana-old]\n"
    )
    found = codes(check(text, tmp_path))
    assert (
        "ORG004",
        16,
        "`works_with` names `infra`, which was renamed to `platform`: write `platform`",
    ) in found
    assert any(c == "ORG004" and line == 17 and "renamed to `ana`" in m for c, line, m in found)


def test_defining_a_former_id_again_is_org003(tmp_path):
    text = BASE + "  - id: ops\n    type: it\n"
    found = codes(check(text, tmp_path))
    assert [(c, line) for c, line, _ in found] == [("ORG003", 14)]
    assert "`ops` was renamed to `platform`" in found[0][2]


def test_one_former_id_claimed_by_two_entities_is_org003(tmp_path):
    text = BASE.replace("previously: [ana-old]", "previously: [infra]")
    found = codes(check(text, tmp_path))
    assert [(c, line) for c, line, _ in found] == [("ORG003", 10)]
    assert "already a former id of `ana`" in found[0][2]


def test_a_former_id_must_be_a_list_of_ids(tmp_path):
    found = codes(check(BASE.replace("[ana-old]", "ana-old"), tmp_path))
    assert [c for c, _, _ in found] == ["ORG002"]
    found = codes(check(BASE.replace("[ana-old]", "[Ana Old]"), tmp_path))
    assert [c for c, _, _ in found] == ["ORG002"]


def test_the_json_schema_has_previously_for_every_kind():
    schema = json.loads((REPO / "schemas" / "org-v1.schema.json").read_text())
    for name in ("Person", "Team", "Data", "Model"):
        assert "previously" in schema["$defs"][name]["properties"], name
