"""Hover, go to definition, references and document symbols through LSP."""

from __future__ import annotations

import pytest
from lsprotocol import types

pytestmark = pytest.mark.slow


@pytest.fixture
def session(lsp, org):
    started = lsp(org)
    started.open("models.yaml")
    started.diagnostics("models.yaml")  # the org has been checked
    return started


def hover(session, name, needle, nth=0):
    return session.run(
        session.client.text_document_hover_async(
            types.HoverParams(
                text_document=session.doc(name), position=session.position(name, needle, nth)
            )
        )
    )


def test_hover_on_a_team_says_what_it_is(session):
    # `built_by: ml` in models.yaml; the team `ml` is led by nirant, has asha and tomas as
    # members (the lead counts: 3), builds intent-classifier and, by default, owns and
    # deploys it too (owned_by and deployed_by default to built_by)
    found = hover(session, "models.yaml", "ml", nth=1)
    text = found.contents.value
    assert "**team** `ml`: Machine learning" in text
    assert "lead: `nirant`" in text
    assert "members: 3" in text
    for verb in ("builds", "owns", "deploys"):
        assert f"{verb}: `intent-classifier`" in text


def test_hover_on_a_person_gives_manager_and_teams(session):
    found = hover(session, "models.yaml", "nirant")  # an escalation item
    text = found.contents.value
    assert "**person** `nirant`: Nirant" in text
    assert "manager: `gaurav`" in text
    assert "teams: `ml`" in text
    assert "direct reports: 2" in text  # asha and tomas


def test_hover_on_a_rule_code_in_a_suppression_comment(lsp, org):
    text = (
        (org / "org.yaml")
        .read_text()
        .replace("  - id: omar\n", "  - id: omar  # orglint: ignore[STR001, SKL001] -- fine\n")
    )
    (org / "org.yaml").write_text(text)
    session = lsp(org)
    session.open("org.yaml")
    session.diagnostics("org.yaml")
    found = hover(session, "org.yaml", "SKL001")
    assert found.contents.value.startswith("**SKL001 ")
    summary = found.contents.value.split("\n\n", 1)[1]
    assert summary  # the rule's summary, whatever it says
    code_end = session.position("org.yaml", "SKL001", offset=6)
    assert found.range.end == code_end


def test_definition_jumps_across_files(session):
    found = session.run(
        session.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=session.doc("models.yaml"),
                position=session.position("models.yaml", "ml", nth=1),
            )
        )
    )
    assert found.uri == session.uri("teams/ml.yaml")
    # `  - id: ml` is line 2 (0-based 1); the id is columns 8-10
    assert found.range == types.Range(types.Position(1, 8), types.Position(1, 10))


def test_references_of_a_person_in_every_file(session):
    found = session.run(
        session.client.text_document_references_async(
            types.ReferenceParams(
                text_document=session.doc("models.yaml"),
                position=session.position("models.yaml", "nirant"),
                context=types.ReferenceContext(include_declaration=True),
            )
        )
    )
    where = sorted((loc.uri.rsplit("/", 1)[1], loc.range.start.line) for loc in found)
    # defined in org.yaml line 16 (0-based 15); asha (line 22) and tomas (25) report to
    # nirant; the ml team's lead (ml.yaml line 5); the model's escalation (models.yaml 15)
    assert where == [
        ("ml.yaml", 4),
        ("models.yaml", 14),
        ("org.yaml", 15),
        ("org.yaml", 21),
        ("org.yaml", 24),
    ]
    without = session.run(
        session.client.text_document_references_async(
            types.ReferenceParams(
                text_document=session.doc("models.yaml"),
                position=session.position("models.yaml", "nirant"),
                context=types.ReferenceContext(include_declaration=False),
            )
        )
    )
    assert len(without) == 4


def test_document_symbols_outline_the_file(session):
    session.open("teams/product.yaml")
    found = session.run(
        session.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=session.doc("teams/product.yaml"))
        )
    )
    assert [(s.name, s.kind) for s in found] == [
        ("support-bot", types.SymbolKind.Class),
        ("platform", types.SymbolKind.Class),
    ]
    assert found[1].selection_range.start == types.Position(8, 8)  # `  - id: platform`
