"""Completion, rename and code actions through LSP; a failing request is logged."""

from __future__ import annotations

import sys

import pytest
from conftest import ML, MODELS, PRODUCT, ROOT
from lsprotocol import types

pytestmark = pytest.mark.slow

PEOPLE = {"gaurav", "maya", "nirant", "asha", "tomas", "lin", "omar"}
TEAMS = {"ml", "support-bot", "platform"}


def complete(session, name: str, text: str, needle: str) -> set[str]:
    """Labels offered right after ``needle`` in ``text`` (sent as an unsaved change)."""
    session.change(name, text)
    at = text.index(needle) + len(needle)
    line = text.count("\n", 0, at)
    column = at - (text.rfind("\n", 0, at) + 1)
    found = session.run(
        session.client.text_document_completion_async(
            types.CompletionParams(
                text_document=session.doc(name),
                position=types.Position(line=line, character=column),
            )
        )
    )
    items = found.items if isinstance(found, types.CompletionList) else found
    return {item.label for item in items}


@pytest.fixture
def session(lsp, org):
    started = lsp(org)
    for name in ("org.yaml", "teams/ml.yaml", "models.yaml"):
        started.open(name)
        started.diagnostics(name)
    return started


def test_completion_offers_ids_of_the_kind_a_field_takes(session):
    assert complete(session, "org.yaml", ROOT, "reports_to: ") == PEOPLE
    assert complete(session, "models.yaml", MODELS, "built_by: ") == TEAMS
    flow = ML.replace("members: [asha, tomas]", "members: [asha, ")
    assert complete(session, "teams/ml.yaml", flow, "members: [asha, ") == PEOPLE
    assert complete(session, "teams/ml.yaml", ML, "works_with: [") == TEAMS
    # a block list item under `escalation:` takes teams and people
    block = MODELS.replace("        - nirant\n", "        - \n")
    assert complete(session, "models.yaml", block, "- ml\n        - ") == TEAMS | PEOPLE
    assert complete(session, "models.yaml", MODELS, "data: [") == {"chat-logs"}


def test_completion_of_skills_enums_and_rule_codes(session):
    skills = complete(session, "org.yaml", ROOT, "skills: [")
    assert {"ml", "data-science", "mle", "ds", "sre"} <= skills
    assert complete(session, "teams/ml.yaml", ML, "type: ") >= {"ml", "product", "platform"}
    stages = complete(session, "models.yaml", MODELS, "stage: ")
    assert stages == {"idea", "research", "development", "production", "retired"}
    org_stages = complete(session, "org.yaml", ROOT, "stage: ")
    assert {"growth", "pre-pmf", "enterprise"} <= org_stages and "production" not in org_stages
    commented = ROOT.replace("  - id: lin\n", "  - id: lin  # orglint: ignore[\n")
    codes = complete(session, "org.yaml", commented, "ignore[")
    assert {"STR001", "SKL001", "ORG004"} <= codes


def test_completion_in_a_file_that_does_not_parse(session):
    broken = ML.replace("members: [asha, tomas]", "members: [asha, tomas\n    lead: ")
    session.change("teams/ml.yaml", broken)
    assert "ORG001" in {d.code for d in session.diagnostics("teams/ml.yaml")}
    # the ids still come from the last complete check
    assert complete(session, "teams/ml.yaml", broken, "    lead: ") == PEOPLE


def rename(session, name, needle, new, nth=0):
    return session.run(
        session.client.text_document_rename_async(
            types.RenameParams(
                text_document=session.doc(name),
                position=session.position(name, needle, nth),
                new_name=new,
            )
        )
    )


def apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        start = offsets[edit.range.start.line] + edit.range.start.character
        end = offsets[edit.range.end.line] + edit.range.end.character
        text = text[:start] + edit.new_text + text[end:]
    return text


def test_rename_a_team_in_every_file(session, org):
    found = rename(session, "models.yaml", "built_by: ml", "ml-core")
    assert found is None  # the cursor is on `built_by`, not on an id
    edit = rename(session, "models.yaml", "ml", "ml-core", nth=1)
    changed = {uri.rsplit("/", 1)[1]: edits for uri, edits in edit.changes.items()}
    assert set(changed) == {"ml.yaml", "models.yaml"}
    assert apply(ML, changed["ml.yaml"]) == ML.replace("id: ml\n", "id: ml-core\n")
    expected = (
        MODELS.replace("owner: ml", "owner: ml-core")
        .replace("built_by: ml", "built_by: ml-core")
        .replace("- ml\n", "- ml-core\n")
    )
    assert apply(MODELS, changed["models.yaml"]) == expected
    assert (org / "teams/product.yaml").read_text() == PRODUCT  # nothing written by the server


def test_rename_records_the_old_id_when_asked(lsp, org):
    session = lsp(org, {"renameRecordsPrevious": True})
    session.open("teams/product.yaml")
    session.diagnostics("teams/product.yaml")
    edit = rename(session, "teams/product.yaml", "platform", "infra")
    changed = {uri.rsplit("/", 1)[1]: edits for uri, edits in edit.changes.items()}
    after = apply(PRODUCT, changed["product.yaml"])
    assert "  - id: infra\n    previously: [platform]\n    name: Platform\n" in after
    assert apply(ML, changed["ml.yaml"]) == ML.replace(
        "works_with: [platform]", "works_with: [infra]"
    )


def test_rename_to_a_taken_or_malformed_id_is_refused(session):
    for new in ("nirant", "Not An Id"):
        with pytest.raises(Exception) as refused:
            rename(session, "models.yaml", "ml", new, nth=1)
        assert f"`{new}`" in str(refused.value)


def code_actions(session, name, needle, nth=0):
    at = session.position(name, needle, nth)
    return session.run(
        session.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=session.doc(name),
                range=types.Range(start=at, end=at),
                context=types.CodeActionContext(diagnostics=[]),
            )
        )
    )


def test_quick_fixes_replace_with_the_suggestion(lsp, org):
    broken = {
        "teams/ml.yaml": ML.replace("lead: nirant", "lead: nirnt"),
        "teams/product.yaml": PRODUCT.replace("type: platform", "type: platfrom"),
        "models.yaml": MODELS.replace("built_by: ml", "biult_by: ml"),
    }
    for name, text in broken.items():
        (org / name).write_text(text)
    session = lsp(org)
    fixed = {
        "teams/ml.yaml": ("nirnt", ML),  # ORG004: unknown reference
        "teams/product.yaml": ("platfrom", PRODUCT),  # ORG002: enum value
        "models.yaml": ("biult_by", MODELS),  # ORG002: unknown key
    }
    for name, (needle, original) in fixed.items():
        session.open(name)
        session.diagnostics(name)
        found = code_actions(session, name, needle)
        fixes = [a for a in found if a.is_preferred]
        assert len(fixes) == 1, name
        [edits] = fixes[0].edit.changes.values()
        assert apply(broken[name], edits) == original


def test_suppress_with_a_reason(lsp, org):
    # without `lead: omar` the platform team is empty, so no one the ml team works with
    # (itself, support-bot, platform) has devops skills while it builds a production
    # model: SKL003 on `- id: ml`
    (org / "teams/product.yaml").write_text(PRODUCT.replace("    lead: omar\n", ""))
    session = lsp(org)
    session.open("teams/ml.yaml")
    [target] = [d for d in session.diagnostics("teams/ml.yaml") if d.code == "SKL003"]
    assert target.range.start.line == 1
    actions = session.run(
        session.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=session.doc("teams/ml.yaml"),
                range=target.range,
                context=types.CodeActionContext(diagnostics=[target]),
            )
        )
    )
    [suppress] = [a for a in actions if a.title == "Suppress SKL003 with a reason"]
    [edits] = suppress.edit.changes.values()
    text = apply(ML, edits)
    assert text.split("\n")[1] == "  - id: ml  # orglint: ignore[SKL003] -- TODO: reason"
    session.change("teams/ml.yaml", text)
    assert session.diagnostics("teams/ml.yaml") == []


# The server with hover broken on purpose: the describe step raises.
FAULTY = (
    "import orglint.server.navigation as nav\n"
    "def broken(org, ident):\n"
    "    raise RuntimeError('injected fault')\n"
    "nav.describe = broken\n"
    "from orglint.cli import main\n"
    "main(['server'])\n"
)


def test_a_failing_request_is_logged_and_the_server_goes_on(lsp, org):
    session = lsp(org, command=[sys.executable, "-c", FAULTY])
    session.open("models.yaml")
    session.diagnostics("models.yaml")
    at = session.position("models.yaml", "nirant")
    found = session.run(
        session.client.text_document_hover_async(
            types.HoverParams(text_document=session.doc("models.yaml"), position=at)
        )
    )
    assert found is None
    assert any("injected fault" in line and "hover" in line for line in session.logs)
    # other requests and checks go on
    where = session.run(
        session.client.text_document_definition_async(
            types.DefinitionParams(text_document=session.doc("models.yaml"), position=at)
        )
    )
    assert where.uri == session.uri("org.yaml")
    session.change("models.yaml", MODELS.replace("built_by: ml", "built_by: mll"))
    assert [d.code for d in session.diagnostics("models.yaml")] == ["ORG004"]
