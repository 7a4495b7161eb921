"""Diagnostics through LSP: every file of the org, on open and on (unsaved) change."""

from __future__ import annotations

import pytest
from conftest import ML, MODELS, ROOT
from lsprotocol import types

pytestmark = pytest.mark.slow  # each test starts a server process


def test_opening_a_fragment_checks_the_whole_org(lsp, org):
    (org / "teams/ml.yaml").write_text(ML.replace("lead: nirant", "lead: nirnt"))
    session = lsp(org)
    session.open("teams/ml.yaml")
    found = session.diagnostics("teams/ml.yaml")
    assert [d.code for d in found] == ["ORG004"]
    diag = found[0]
    # `    lead: nirnt` is line 5 (0-based 4); the id starts after `    lead: `
    assert diag.range == types.Range(types.Position(4, 10), types.Position(4, 15))
    assert "did you mean `nirant`?" in diag.message
    assert diag.severity == types.DiagnosticSeverity.Error
    assert diag.code_description.href.endswith("rules.md#org004-unknown-reference")
    # the root and the other fragments were checked too, and are clean
    for name in ("org.yaml", "teams/product.yaml", "models.yaml"):
        assert session.diagnostics(name) == []


def test_an_unsaved_change_counts_and_the_disk_does_not_change(lsp, org):
    session = lsp(org)
    session.open("models.yaml")
    assert session.diagnostics("models.yaml") == []
    session.change("models.yaml", MODELS.replace("built_by: ml", "built_by: nirant"))
    found = session.diagnostics("models.yaml")
    assert [d.code for d in found] == ["ORG004"]
    assert "`built_by` names `nirant`, which is a person" in found[0].message
    assert (org / "models.yaml").read_text() == MODELS


def test_a_duplicate_id_points_at_the_first_definition(lsp, org):
    # `omar` is a person in org.yaml (`id: omar` on line 30, 0-based 29, from column 4);
    # models.yaml is read after it
    (org / "models.yaml").write_text(MODELS + "  - id: omar\n    stage: idea\n")
    session = lsp(org)
    session.open("models.yaml")
    found = [d for d in session.diagnostics("models.yaml") if d.code == "ORG003"]
    assert len(found) == 1
    related = found[0].related_information
    assert related is not None and len(related) == 1
    assert related[0].location.uri == session.uri("org.yaml")
    assert related[0].location.range.start == types.Position(29, 4)


def test_an_unused_suppression_is_tagged_unnecessary(lsp, org):
    text = ROOT.replace("  - id: lin\n", "  - id: lin  # orglint: ignore[STR001] -- no reason\n")
    (org / "org.yaml").write_text(text)
    session = lsp(org)
    session.open("org.yaml")
    found = [d for d in session.diagnostics("org.yaml") if d.code == "SUP002"]
    assert len(found) == 1
    assert list(found[0].tags) == [types.DiagnosticTag.Unnecessary]


def test_an_edit_sequence_through_invalid_yaml(lsp, org):
    session = lsp(org)
    session.open("teams/ml.yaml")
    assert session.diagnostics("teams/ml.yaml") == []
    steps = [
        ML.replace("members: [asha, tomas]", "members: [asha, tom"),  # unclosed flow list
        ML.replace("members: [asha, tomas]", "members: [asha, tomas]\n  - id"),  # half an entry
        ML.replace("    lead: nirant\n", "    lead: \n"),  # a key without its value yet
        ML.replace("members: [asha, tomas]", "members: [asha, tomas, ghost]"),
    ]
    seen = []
    for text in steps:
        session.change("teams/ml.yaml", text)
        seen.append({d.code for d in session.diagnostics("teams/ml.yaml")})
    assert "ORG001" in seen[0]
    assert seen[1] and seen[1] <= {"ORG001", "ORG002"}
    assert seen[3] == {"ORG004"}
    session.change("teams/ml.yaml", ML)
    assert session.diagnostics("teams/ml.yaml") == []
    # and the server still answers
    hover = session.run(
        session.client.text_document_hover_async(
            types.HoverParams(
                session.doc("teams/ml.yaml"), session.position("teams/ml.yaml", "nirant")
            )
        )
    )
    assert hover is not None and "`nirant`" in hover.contents.value
