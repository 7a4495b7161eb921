"""`orglint history`: counts per commit that changed the org, read through git.

The real history is generated: the Sourcegraph handbook gives one roster snapshot
(`real-world/sourcegraph-handbook/roster-2022-06-14.csv`, 271 entries), so the test
converts it into an org and grows it over five commits (managers before their reports),
with commits that do not touch the org in between, and one that deletes an included file.
Expected counts come from the CSV, not from orglint."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from helpers import GIT_ENV, SHARED

ROSTER = SHARED / "real-world" / "sourcegraph-handbook" / "roster-2022-06-14.csv"


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def roster() -> list[dict[str, str]]:
    """Entries ordered so that each manager comes before their reports."""
    with open(ROSTER, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    ids = {r["Employee ID"] for r in rows}
    ordered, placed = [], set()
    while len(ordered) < len(rows):
        for r in rows:
            boss = r["Manager ID"] if r["Manager ID"] in ids else ""
            if r["Employee ID"] not in placed and (not boss or boss in placed):
                ordered.append(r)
                placed.add(r["Employee ID"])
    return ordered


def org_files(people: list[dict[str, str]]) -> dict[str, str]:
    root = ["version: 1", "org: {name: Sourcegraph}", "include: [teams/*.yaml]", "people:"]
    ids = {r["Employee ID"] for r in people}
    for r in people:
        root.append(f"  - id: {slug(r['Employee ID'])}")
        root.append(f"    title: {json.dumps(r['Job Title'])}")
        if r["Manager ID"] in ids:
            root.append(f"    reports_to: {slug(r['Manager ID'])}")
    files = {"org.yaml": "\n".join(root) + "\n"}
    teams: dict[str, list[str]] = {}
    for r in people:
        if r["Department"]:
            teams.setdefault(r["Department"], []).append(slug(r["Employee ID"]))
    for name, members in teams.items():
        files[f"teams/{slug(name)}.yaml"] = (
            f"teams:\n  - id: {slug(name)}\n    type: product\n"
            f"    members: [{', '.join(members)}]\n"
        )
    return files


def git(cwd, *args):
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV}
    )


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory):
    """A repository whose history grows the Sourcegraph org; the expected counts per
    org commit, from the CSV."""
    if not ROSTER.exists():
        pytest.skip(f"{ROSTER} is not there")
    repo = tmp_path_factory.mktemp("sourcegraph")
    git(repo, "init", "-q", "-b", "main")
    rows = roster()
    assert len({slug(r["Employee ID"]) for r in rows}) == len(rows) == 271
    expected = []
    written: set[str] = set()
    for step in range(1, 6):
        people = rows[: len(rows) * step // 5]
        files = org_files(people)
        for name in written - set(files):
            (repo / name).unlink()
        for name, text in files.items():
            (repo / name).parent.mkdir(exist_ok=True)
            (repo / name).write_text(text)
        written = set(files)
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", f"=grow to {len(people)} people <b>&</b>")
        bosses = Counter(r["Manager ID"] for r in people if r["Manager ID"])
        expected.append((len(people), len(files) - 1, max(bosses.values())))
        (repo / "README.md").write_text(f"step {step}\n")  # not the org: no history point
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "docs")
    # deleting an included team file changes the org
    gone = sorted(n for n in written if n.startswith("teams/"))[0]
    git(repo, "rm", "-q", gone)
    git(repo, "commit", "-qm", "drop a team")
    expected.append((expected[-1][0], expected[-1][1] - 1, expected[-1][2]))
    return repo, expected


def test_history_counts_every_commit_that_changed_the_org(history_repo, orglint, monkeypatch):
    repo, expected = history_repo
    monkeypatch.chdir(repo)
    run = orglint("history", "org.yaml", "--output-format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    got = [(c["people"], c["teams"], c["widest_span"]) for c in data["commits"]]
    assert got == expected
    assert [c["subject"] for c in data["commits"]][-1] == "drop a team"
    for c in data["commits"]:
        assert c["findings"] == sum(c["severities"].values()) == sum(c["rules"].values())
    # a range: the last two org commits
    run = orglint("history", "org.yaml", "main~3..main", "--output-format", "json")
    assert [c["people"] for c in json.loads(run.out)["commits"]] == [
        expected[-2][0],
        expected[-1][0],
    ]


def test_history_as_csv_and_text(history_repo, orglint, monkeypatch):
    repo, expected = history_repo
    monkeypatch.chdir(repo)
    run = orglint("history", "org.yaml", "--output-format", "csv")
    rows = list(csv.DictReader(run.out.splitlines()))
    assert [int(r["people"]) for r in rows] == [e[0] for e in expected]
    # a subject that starts like a formula stays text in a spreadsheet
    assert rows[0]["subject"].startswith("'=grow to")
    run = orglint("history", "org.yaml")
    lines = run.out.splitlines()
    assert lines[0] == f"orglint history org.yaml ({len(expected)} commits changed the org)"
    assert len([line for line in lines if re.match(r"[0-9a-f]{12}  ", line)]) == len(expected)


def test_history_as_svg_is_a_picture_with_every_text_escaped(history_repo, orglint, monkeypatch):
    repo, expected = history_repo
    monkeypatch.chdir(repo)
    run = orglint("history", "org.yaml", "--output-format", "svg")
    assert "<b>" not in run.out
    svg = ET.fromstring(run.out)
    ns = "{http://www.w3.org/2000/svg}"
    lines = svg.findall(f"{ns}polyline")
    assert len(lines) == 9  # people, teams, active models, 3 severities, span, 2 unowned
    people_line = lines[0].get("points").split()
    assert len(people_line) == len(expected)
    ys = [float(p.split(",")[1]) for p in people_line]
    assert ys == sorted(ys, reverse=True)  # more people is higher up
    titles = [t.text for t in svg.iter(f"{ns}title")]
    assert any("=grow to 54 people <b>&</b>" in t for t in titles)


def test_history_errors_are_user_errors(history_repo, orglint, monkeypatch, tmp_path):
    repo, _ = history_repo
    monkeypatch.chdir(repo)
    run = orglint("history", "org.yaml", "nosuch..main")
    assert run.code == 2 and "is not a revision range" in run.err
    run = orglint("history", "org.yaml", "--all")
    assert run.code == 2
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    run = orglint("history", "org.yaml")
    assert run.code == 2 and "needs a git repository" in run.err
