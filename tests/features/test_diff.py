"""`orglint diff BASE HEAD`: structural changes, and findings introduced / resolved /
unchanged matched by fingerprint (never by line); `REV:path` read from git."""

from __future__ import annotations

import json
import subprocess

import pytest
from helpers import GIT_ENV, REPO, Run

CLEAN = (REPO / "examples" / "clean.yaml").read_text()
# One finding to carry over unchanged: `kurt` is in no team (STR005).
BASE = CLEAN.replace("teams:\n", "  - id: kurt\n    reports_to: gaurav\n\nteams:\n", 1)


def line_of(text: str, line: str) -> int:
    """1-based number of the line ``line`` in ``text`` (found by text, not by orglint)."""
    return text.splitlines().index(line) + 1


# `orglint *DIFF` run in tmp_path, after `sides`
DIFF = ("diff", "base/org.yaml", "head/org.yaml")


def sides(tmp_path, base_text, head_text) -> None:
    (tmp_path / "base").mkdir(exist_ok=True)
    (tmp_path / "head").mkdir(exist_ok=True)
    (tmp_path / "base" / "org.yaml").write_text(base_text)
    (tmp_path / "head" / "org.yaml").write_text(head_text)


def as_json(run: Run) -> dict:
    assert run.code in (0, 1), run.err
    return json.loads(run.out)


def test_shifted_lines_introduce_nothing(tmp_path, orglint):
    head = "# Proposal: nothing changes but the layout.\n\n" + BASE.replace(
        "people:\n", "people:\n\n  # the founders\n\n"
    ).replace("teams:\n", "# -- teams --\n\n\nteams:\n").replace(
        "  - id: kurt\n", "\n  # hired last week\n  - id: kurt\n"
    )
    sides(tmp_path, BASE, head)
    result = orglint(*DIFF, "--output-format", "json", cwd=tmp_path)
    data = as_json(result)
    assert result.code == 0
    assert (data["changes"], data["introduced"], data["resolved"]) == ([], [], [])
    assert line_of(head, "  - id: kurt") != line_of(BASE, "  - id: kurt")
    assert [(f["code"], f["entity"], f["line"], f["path"]) for f in data["unchanged"]] == [
        ("STR005", "kurt", line_of(head, "  - id: kurt"), "head/org.yaml")
    ]  # the head's line


MOVED = BASE.replace("members: [nirant, asha, tomas]", "members: [nirant, tomas]").replace(
    "members: [maya, lin]", "members: [maya, lin, asha]"
)
FRAUD = """\
  - id: fraud-detector
    stage: production
    built_by: ml
"""


def test_moving_a_person_and_adding_an_unmonitored_production_model(tmp_path, orglint):
    head = MOVED + FRAUD
    sides(tmp_path, BASE, head)
    result = orglint(*DIFF, "--output-format", "json", cwd=tmp_path)
    assert result.code == 1
    data = as_json(result)
    assert data["changes"] == [
        {
            "kind": "person-moved",
            "id": "asha",
            "before": ["ml"],
            "after": ["support-bot"],
            "message": "person `asha` moved from team `ml` to team `support-bot`",
        },
        {
            "kind": "model-added",
            "id": "fraud-detector",
            "before": None,
            "after": {
                "stage": "production",
                "built_by": "ml",
                "owned_by": "ml",
                "deployed_by": "ml",
            },
            "message": "model `fraud-detector` added (stage production, built by `ml`)",
        },
    ]
    introduced = [(f["code"], f["entity"], f["line"]) for f in data["introduced"]]
    at = line_of(head, "  - id: fraud-detector")
    # no ARC005 for asha (RULES.md v2): her manager nirant has ML skill, and support-bot
    # hosts the embedded ml team
    assert introduced == [
        ("MON001", "fraud-detector", at),
        ("MON002", "fraud-detector", at),
    ]
    assert [f["fingerprint"] for f in data["unchanged"]] == ["STR005:kurt:"]
    assert data["resolved"] == []


def test_a_new_second_top_is_introduced_and_fails(tmp_path, orglint):
    head = BASE.replace(
        "    reports_to: gaurav\n    skills: [sre, backend]", "    skills: [sre, backend]"
    )
    sides(tmp_path, BASE, head)
    code, out, _ = orglint(*DIFF, cwd=tmp_path)
    assert code == 1
    lines = out.splitlines()
    assert lines[:7] == [
        "orglint diff base/org.yaml -> head/org.yaml",
        "",
        "Changes (1):",
        "  ~ person `omar` now reports to no one (top of the org) (was `gaurav`)",
        "",
        "Introduced findings (1):",
        f"  head/org.yaml:{line_of(head, '  - id: omar')}:5: STR002 `omar` has no "
        "`reports_to`, like `gaurav`: an org has one top; add `reports_to` (e.g. "
        "`reports_to: gaurav`) [warning: multiple-tops]",
    ]
    assert lines[-1] == "1 introduced, 0 resolved, 1 unchanged."
    # the gate is on introduced findings only, at --fail-on
    assert orglint(*DIFF, "--fail-on", "error", cwd=tmp_path).code == 0


def test_resolved_findings_and_no_failure_when_only_fixing(tmp_path, orglint):
    head = BASE.replace("  - id: kurt\n    reports_to: gaurav\n", "")
    sides(tmp_path, BASE, head)
    data = as_json(orglint(*DIFF, "--output-format", "json", cwd=tmp_path))
    assert [(f["code"], f["path"], f["line"]) for f in data["resolved"]] == [
        ("STR005", "base/org.yaml", line_of(BASE, "  - id: kurt"))
    ]
    assert data["introduced"] == [] and data["unchanged"] == []
    assert data["changes"] == [
        {
            "kind": "person-removed",
            "id": "kurt",
            "before": {"teams": []},
            "after": None,
            "message": "person `kurt` removed",
        }
    ]


def test_every_kind_of_structural_change(tmp_path, orglint):
    base = (
        BASE
        + """\
  - id: churn
    stage: development
    built_by: ml
  - id: old-ranker
    stage: production
    built_by: ml
    monitoring: {drift: true, escalation: [ml]}
"""
    )
    head = (
        base.replace(
            "    reports_to: nirant\n    skills: [ds, de]",
            "    reports_to: maya\n    skills: [ds, de]",
        )
        .replace("    owner: ml\n", "    owner: platform\n")
        .replace(
            "    built_by: ml\n    deployed_by: ml\n",
            "    built_by: ml\n    deployed_by: platform\n",
        )
        .replace(
            "  - id: churn\n    stage: development\n",
            "  - id: churn\n    stage: production\n    owned_by: support-bot\n",
        )
        .replace(
            "  - id: old-ranker\n    stage: production\n",
            "  - id: old-ranker\n    stage: retired\n",
        )
        .replace("  - id: platform\n", "  - id: growth\n    type: product\n  - id: platform\n")
    )
    sides(tmp_path, base, head)
    data = as_json(orglint(*DIFF, "--output-format", "json", cwd=tmp_path))
    assert [(c["kind"], c["id"], c["before"], c["after"]) for c in data["changes"]] == [
        ("reports-to", "asha", "nirant", "maya"),
        ("team-added", "growth", None, {"members": []}),
        ("data-owner", "chat-logs", "ml", "platform"),
        ("deployed-by", "intent-classifier", "ml", "platform"),
        ("model-stage", "churn", "development", "production"),
        ("owned-by", "churn", "ml", "support-bot"),
        ("deployed-by", "churn", "ml", "support-bot"),
        ("model-retired", "old-ranker", "production", "retired"),
    ]
    assert data["changes"][3]["message"] == (
        "model `intent-classifier` is now deployed by team `platform` (was team `ml`)"
    )


def test_markdown_escapes_what_an_org_file_can_write(tmp_path, orglint):
    head = BASE.replace("    title: CEO\n", "    title: CEO\n    x<b>|y`: 1\n")
    sides(tmp_path, BASE, head)
    code, text, _ = orglint(*DIFF, "--output-format", "markdown", cwd=tmp_path)
    assert code == 1
    assert text.startswith("## orglint: what this change does to the org\n")
    assert (
        ":x: **1 new finding** (1 error) · 0 resolved · 1 unchanged · 0 structural changes" in text
    )
    row = next(line for line in text.splitlines() if "ORG002" in line)
    assert "<b>" not in row and "&lt;b&gt;" in row
    assert row.count(" | ") == 3  # `|` from the file is escaped, the table keeps its columns


def test_a_missing_side_is_exit_2(tmp_path, orglint):
    sides(tmp_path, BASE, BASE)
    result = orglint(*DIFF, cwd=tmp_path)
    with_missing = orglint("diff", str(tmp_path / "nope.yaml"), str(tmp_path / "base" / "org.yaml"))
    assert result.code == 0
    assert with_missing.code == 2
    assert "nope.yaml`: no such file" in with_missing.err


# -- REV:path ---------------------------------------------------------------------------


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    org = tmp_path / "org"
    (org / "teams").mkdir(parents=True)
    root = BASE.replace("\npeople:\n", "\ninclude: [teams/*.yaml]\n\npeople:\n")
    teams_at = root.index("teams:\n")
    (org / "org.yaml").write_text(root[:teams_at] + root[root.index("data:\n") :])
    (org / "teams" / "all.yaml").write_text(root[teams_at : root.index("data:\n")])
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_rev_path_reads_the_revision_and_its_includes_without_a_checkout(repo, orglint):
    teams = repo / "org" / "teams" / "all.yaml"
    teams.write_text(
        teams.read_text()
        .replace("members: [nirant, asha, tomas]", "members: [nirant, tomas]")
        .replace("members: [maya, lin]", "members: [maya, lin, asha]")
    )
    data = as_json(orglint("diff", "main:org/org.yaml", "org/org.yaml", "--output-format", "json"))
    assert [c["message"] for c in data["changes"]] == [
        "person `asha` moved from team `ml` to team `support-bot`"
    ]
    assert [(f["fingerprint"], f["path"]) for f in data["unchanged"]] == [
        ("STR005:kurt:", "org/org.yaml")
    ]
    # both sides from git, from inside the org's folder (paths relative to it, as in git's
    # `REV:./path`)
    git(repo, "commit", "-qam", "move asha")
    data = as_json(
        orglint(
            "diff", "main~1:org.yaml", "main:org.yaml", "--output-format", "json", cwd=repo / "org"
        )
    )
    assert [c["id"] for c in data["changes"]] == ["asha"]
    assert {f["path"] for f in data["unchanged"]} == {"org.yaml"}


def test_rev_path_findings_in_included_files_show_the_given_paths(repo, orglint):
    teams = repo / "org" / "teams" / "all.yaml"
    text = teams.read_text().replace("    lead: omar\n", "    lead: omar\n    bogus: 1\n")
    teams.write_text(text)
    git(repo, "commit", "-qam", "break it")
    data = as_json(
        orglint("diff", "main~1:org/org.yaml", "main:org/org.yaml", "--output-format", "json")
    )
    # the platform team is invalid now, so the ML team lost its devops reach (SKL003)
    assert [(f["code"], f["path"], f["line"]) for f in data["introduced"]] == [
        ("SKL003", "org/teams/all.yaml", line_of(text, "  - id: ml")),
        ("ORG002", "org/teams/all.yaml", line_of(text, "    bogus: 1")),
    ]


def test_bad_revision_or_path_is_exit_2_with_a_clear_message(repo, orglint):
    code, _, err = orglint("diff", "nosuch:org/org.yaml", "org/org.yaml")
    assert code == 2
    assert "`nosuch` is not a revision of this repository" in err
    code, _, err = orglint("diff", "main:org/missing.yaml", "org/org.yaml")
    assert code == 2
    assert "there is no file `org/missing.yaml` in revision `main`" in err


def test_rev_path_outside_a_repository_is_exit_2(tmp_path, monkeypatch, orglint):
    (tmp_path / "org.yaml").write_text(BASE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, _, err = orglint("diff", "main:org.yaml", "org.yaml")
    assert code == 2
    assert "needs a git repository" in err
