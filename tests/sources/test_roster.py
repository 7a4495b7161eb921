"""HR rosters (CSV): presets, positions (row and the cell's column), bad input, the
Sourcegraph roster, and a mixed org (roster people, org v1 models)."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from helpers import SHARED, check, cwd, dedent, one, show, where

from orglint.config import Config
from orglint.pipeline import check_root
from orglint.sources.roster import title_skill

ROSTER = SHARED / "real-world" / "sourcegraph-handbook" / "roster-2022-06-14.csv"

PLAIN = """\
Employee ID,Name,Job Title,Manager ID,Department
ceo,Ada,CEO,,
mia,Mia,Engineering Manager,ceo,Search
bo,Bo,Machine Learning Engineer,mia,Search
cy,Cy,"SRE, Search",mia,Search
dan,Dan,Software Engineer,mai,
"""


def test_people_teams_and_positions(tmp_path):
    result = check({"people.csv": PLAIN}, tmp_path, root="people.csv")
    org = result.org
    assert sorted(org.people) == ["bo", "ceo", "cy", "dan", "mia"]
    assert org.people["bo"].reports_to == "mia"
    team = org.teams["search"]
    # the member most of the department reports to leads it
    assert team.lead == "mia" and team.name == "Search" and team.type == "product"
    assert org.skills["bo"] == {"ml"} and org.skills["cy"] == {"devops"}
    # `mai` (row 6, Manager ID is the 4th cell: column 27) is nobody; did you mean `mia`?
    assert [where(f) for f in result.active if f.code == "ORG004"] == [
        ("ORG004", "people.csv", 6, 27)
    ], show(result.active)
    assert "did you mean `mia`?" in one(result.active, "ORG004").message


def test_titles_map_to_skills_through_aliases():
    assert title_skill("Senior Machine Learning Engineer") == "ml"
    assert title_skill("SRE, Search") == "devops"
    assert title_skill("Product Marketing Lead") is None  # `product` does not end the title
    assert title_skill("Software Engineer") is None


def test_ragged_rows_and_bad_encoding(tmp_path):
    ragged = PLAIN.replace("bo,Bo,Machine", "bo,Bo,Extra,Machine")
    found = check({"people.csv": ragged}, tmp_path, root="people.csv").active
    # row 4 has 6 cells: the first cell past the header's 5 (`Search`) starts at column 43
    assert ("ORG001", "people.csv", 4, 43) in [where(f) for f in found], show(found)
    (tmp_path / "latin.csv").write_bytes(PLAIN.replace("Ada", "Ad\xe9").encode("latin-1"))
    found = check({}, tmp_path, root="latin.csv").active
    assert [where(f) for f in found] == [("ORG001", "latin.csv", 2, 7)], show(found)


def test_configured_columns_the_header_lacks(tmp_path):
    config = {"sources": {"roster": {"columns": {"skills": "Expertise"}}}}
    found = check({"people.csv": PLAIN}, tmp_path, config, root="people.csv").active
    assert ("ORG002", "people.csv", 1, 1) in [where(f) for f in found], show(found)
    assert "`Expertise`" in found[0].message


BAMBOO = """\
Employee #,First Name,Last Name,Job Title,Department,Reports To,Work Email
1,Ada,Lee,CEO,,,ada@x.io
2,Mo,Ray,Data Scientist,Data,Ada Lee,mo@x.io
"""
HIBOB = """\
Email,First name,Last name,Job Title,Department,Manager email
ada@x.io,Ada,Lee,CEO,,
mo@x.io,Mo,Ray,Data Engineer,Data,ada@x.io
"""


@pytest.mark.parametrize("text", [BAMBOO, HIBOB], ids=["bamboohr", "hibob"])
def test_hr_system_presets(tmp_path, text):
    org = check({"hr.csv": text}, tmp_path, root="hr.csv").org
    mo = next(p for p in org.people.values() if p.name == "Mo Ray")
    boss = org.people[mo.reports_to]
    assert boss.name == "Ada Lee"
    assert org.teams["data"].type == "data"


def test_a_mixed_org_roster_people_and_v1_models(tmp_path):
    files = {
        "org.yaml": """\
            version: 1
            org: {name: Mixed}
            include: [people.csv]
            models:
              - {id: ranker, stage: production, built_by: search, monitoring: {drift: true}}
              - {id: typo, stage: idea, built_by: serch}
            """,
        "people.csv": PLAIN,
    }
    result = check(files, tmp_path)
    assert result.org.built_by["ranker"] == "search"  # a roster department, from org v1
    refs = [where(f) for f in result.active if f.code == "ORG004"]
    line = dedent(files["org.yaml"]).splitlines()[5]
    # `serch` in org.yaml (line 6) and `mai` in the roster
    assert refs == [
        ("ORG004", "org.yaml", 6, line.index("serch") + 1),
        ("ORG004", "people.csv", 6, 27),
    ], show(result.active)
    # in the org v1 file, the suggestion is the id to write there
    assert (
        "did you mean `search`?"
        in next(f for f in result.active if f.path == "org.yaml" and f.code == "ORG004").message
    )


@pytest.mark.skipif(not ROSTER.is_file(), reason="shared/real-world roster is absent")
def test_the_sourcegraph_roster():
    with cwd(ROSTER.parent):
        result = check_root(ROSTER.name, Config())
    with open(ROSTER, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(result.org.people) == len(rows) == 271
    reports = Counter(r["Manager ID"] for r in rows if r["Manager ID"])
    wide = {m for m, n in reports.items() if n > 10}  # STR003 at the default of 10
    spans = {f.entity for f in result.active if f.code == "STR003"}
    assert spans == wide, show(result.active)
    departments = {r["Department"] for r in rows if r["Department"]}
    assert len(result.org.teams) == len(departments)
    assert not [f for f in result.active if f.code.startswith("ORG")], show(result.active)
    # rule messages quote ids as the roster wrote them: the department `Code Intelligence`
    assert any("`Code Intelligence`" in f.message for f in result.active if f.code == "STR004")
    # 174 rows have no department: their team is unknown, so STR005 waits
    assert result.org.unknown_facts == {"membership"}
    assert not [f for f in result.active if f.code == "STR005"]


def test_check_takes_a_roster_folder(tmp_path, orglint):
    (tmp_path / "hr").mkdir()
    (tmp_path / "hr" / "people.csv").write_text(dedent(PLAIN))
    (tmp_path / "hr" / "notes.csv").write_text("a,b\n1,2\n")
    with cwd(tmp_path):
        code, out, _ = orglint("check", "hr")
    assert code == 1 and "hr/people.csv:6:27: ORG004" in out
    assert "notes.csv" not in out


def test_add_suppressions_leaves_a_roster_alone(tmp_path, orglint):
    (tmp_path / "people.csv").write_text(dedent(PLAIN))
    with cwd(tmp_path):
        orglint("check", "people.csv", "--add-suppressions")
    assert (tmp_path / "people.csv").read_text() == dedent(PLAIN)


def test_a_named_csv_that_is_no_roster_says_why(tmp_path):
    found = check({"notes.csv": "a,b\n1,2\n"}, tmp_path, root="notes.csv").active
    assert [where(f) for f in found] == [("ORG002", "notes.csv", 1, 1)], show(found)
    assert "the header names no id or email column" in found[0].message
    (tmp_path / "utf16.csv").write_bytes(dedent(PLAIN).encode("utf-16"))
    found = check({}, tmp_path, root="utf16.csv").active
    assert [where(f) for f in found] == [("ORG001", "utf16.csv", 1, 1)], show(found)
    assert "UTF-16" in found[0].message


def test_membership_is_known_when_every_row_has_a_department(tmp_path):
    text = "Employee ID,Name,Manager ID,Department,Skills\na,A,,Exec,pm\nb,B,a,Exec,\n"
    assert check({"p.csv": text}, tmp_path, root="p.csv").org.unknown_facts == set()
    text += "c,C,a,,\n"
    assert check({"p.csv": text}, tmp_path, root="p.csv").org.unknown_facts == {"membership"}


def test_old_mac_line_ends_are_rows(tmp_path):
    (tmp_path / "p.csv").write_bytes(b"Employee ID,Name,Manager ID\ra,A,\rb,B,a\r")
    org = check({}, tmp_path, root="p.csv").org
    assert org.people["b"].reports_to == "a"
