"""`orglint diff --graph`: the neighbourhood of what a reorg changes, before and after."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from orglint.cli import cli

BEFORE = """\
version: 1
org: {name: Acme}
people:
  - {id: ceo}
  - {id: ana, reports_to: ceo, skills: [mle, pm, fe, ux, sre, de, sme]}
  - {id: bo, reports_to: ceo}
teams:
  - {id: ml, type: ml, lead: ana, works_with: [web]}
  - {id: web, type: product, lead: ceo, members: [bo]}
  - {id: far, type: business, lead: ceo}
"""
AFTER = (
    BEFORE.replace("members: [bo]", "members: []").replace(
        "lead: ana, works_with", "lead: ana, members: [bo], works_with"
    )
    + """\
models:
  - {id: churn, stage: production, built_by: ml, monitoring: {escalation: [ml]}}
"""
)


def run(tmp_path, *args):
    (tmp_path / "before.yaml").write_text(BEFORE)
    (tmp_path / "after.yaml").write_text(AFTER)
    return CliRunner().invoke(
        cli, ["diff", str(tmp_path / "before.yaml"), str(tmp_path / "after.yaml"), *args]
    )


def test_json_carries_before_and_after_graphs_of_the_changed_neighbourhood(tmp_path):
    result = run(tmp_path, "--output-format", "json", "--graph", "mermaid")
    data = json.loads(result.output)
    assert result.exit_code == 1  # the new model is unmonitored (MON001)
    assert "MON001" in {f["code"] for f in data["introduced"]}
    before, after = data["graph"]["before"], data["graph"]["after"]
    assert before.startswith("flowchart") and after.startswith("flowchart")
    assert "churn" in after and "churn" not in before  # the new model, only after
    assert "MON001" in after
    assert '"far' not in after and "far ·" not in after  # not next to anything that changed


def test_markdown_embeds_mermaid_blocks_for_a_pull_request(tmp_path):
    result = run(tmp_path, "--output-format", "markdown", "--graph", "mermaid")
    blocks = re.findall(r"### (Before|After)\n\n```mermaid\n(flowchart.*?)```", result.output, re.S)
    assert [name for name, _ in blocks] == ["Before", "After"]


def test_without_changes_there_is_nothing_to_draw(tmp_path):
    (tmp_path / "a.yaml").write_text(BEFORE)
    (tmp_path / "b.yaml").write_text("# moved lines only\n\n" + BEFORE)
    result = CliRunner().invoke(
        cli, ["diff", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "--graph", "dot"]
    )
    assert result.exit_code == 0
    assert result.output.rstrip().endswith("Nothing changed to draw.")
