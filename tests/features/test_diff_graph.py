"""`orglint diff --graph`: the neighbourhood of what a reorg changes, before and after."""

from __future__ import annotations

import json
import re

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


def sides(tmp_path) -> tuple[str, str]:
    """Write BEFORE and AFTER; return their paths."""
    (tmp_path / "before.yaml").write_text(BEFORE)
    (tmp_path / "after.yaml").write_text(AFTER)
    return str(tmp_path / "before.yaml"), str(tmp_path / "after.yaml")


def test_json_carries_before_and_after_graphs_of_the_changed_neighbourhood(tmp_path, orglint):
    code, out, _ = orglint(
        "diff", *sides(tmp_path), "--output-format", "json", "--graph", "mermaid"
    )
    data = json.loads(out)
    assert code == 1  # the new model is unmonitored (MON001)
    assert "MON001" in {f["code"] for f in data["introduced"]}
    before, after = data["graph"]["before"], data["graph"]["after"]
    assert before.startswith("flowchart") and after.startswith("flowchart")
    assert "churn" in after and "churn" not in before  # the new model, only after
    assert "MON001" in after
    assert '"far' not in after and "far ·" not in after  # not next to anything that changed


def test_markdown_embeds_mermaid_blocks_for_a_pull_request(tmp_path, orglint):
    _, out, _ = orglint(
        "diff", *sides(tmp_path), "--output-format", "markdown", "--graph", "mermaid"
    )
    blocks = re.findall(r"### (Before|After)\n\n```mermaid\n(flowchart.*?)```", out, re.S)
    assert [name for name, _ in blocks] == ["Before", "After"]


def test_without_changes_there_is_nothing_to_draw(tmp_path, orglint):
    (tmp_path / "a.yaml").write_text(BEFORE)
    (tmp_path / "b.yaml").write_text("# moved lines only\n\n" + BEFORE)
    code, out, _ = orglint(
        "diff", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "--graph", "dot"
    )
    assert code == 0
    assert out.rstrip().endswith("Nothing changed to draw.")
