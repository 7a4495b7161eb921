"""STR001-STR005: reporting lines and team shape, each at its exact line."""

from __future__ import annotations

from helpers import codes, run, show, where

HEAD = "version: 1\norg: {name: Acme}\n"


def people(*rows: str) -> str:
    return "people:\n" + "".join(f"  - {row}\n" for row in rows)


def team(tid: str, members: list[str], type_: str = "product", lead: str | None = None) -> str:
    lead_line = f"    lead: {lead}\n" if lead else ""
    return f"  - id: {tid}\n    type: {type_}\n{lead_line}    members: [{', '.join(members)}]\n"


# -- STR001 reporting-cycle --------------------------------------------------------------------

CYCLE = (
    HEAD
    + """\
people:
  - id: ceo
  - id: cto
    reports_to: vp
  - id: vp
    reports_to: lead
  - id: lead
    reports_to: cto
  - id: dev
    reports_to: lead
teams:
  - id: t
    type: engineering
    lead: ceo
    members: [cto, vp, lead, dev]
"""
)


def test_str001_one_finding_per_cycle_at_the_member_written_first(tmp_path):
    findings = run(CYCLE, tmp_path)
    assert [where(f) for f in findings] == [("STR001", "org.yaml", 6, 17)], show(findings)
    finding = findings[0]
    assert finding.severity == "error" and finding.name == "reporting-cycle"
    assert finding.message.startswith("reporting cycle: `cto` -> `vp` -> `lead` -> `cto`;")
    assert (finding.entity, finding.field) == ("cto", "reports_to")


def test_str001_found_from_any_starting_point(tmp_path):
    # `dev` (outside the cycle) is written first and leads into it; the finding is still
    # about the cycle, at its first-written member `vp`.
    findings = run(
        HEAD
        + people(
            "id: ceo",
            "{id: dev, reports_to: lead}",
            "{id: vp, reports_to: lead}",
            "{id: lead, reports_to: vp}",
        )
        + "teams:\n"
        + team("t", ["dev", "vp", "lead"], lead="ceo"),
        tmp_path,
    )
    assert [where(f) for f in findings] == [("STR001", "org.yaml", 6, 26)], show(findings)
    assert "`vp` -> `lead` -> `vp`" in findings[0].message


def test_str001_self_report_and_two_cycles(tmp_path):
    findings = run(
        HEAD
        + people(
            "id: ceo", "{id: a, reports_to: a}", "{id: b, reports_to: c}", "{id: c, reports_to: b}"
        )
        + "teams:\n"
        + team("t", ["a", "b", "c"], lead="ceo"),
        tmp_path,
    )
    assert [(f.code, f.location.line) for f in findings] == [("STR001", 5), ("STR001", 6)]
    assert "`a` -> `a`" in findings[0].message and "`b` -> `c` -> `b`" in findings[1].message


def test_str001_across_files_the_root_is_written_first(tmp_path):
    # `a.yaml` sorts before `org.yaml` and `ann` is on line 2, but the root is written first
    findings = run(
        {
            "a.yaml": people("{id: ann, reports_to: bo}"),
            "org.yaml": HEAD
            + "include: [a.yaml]\n"
            + people("id: ceo", "{id: bo, reports_to: ann}")
            + "teams:\n"
            + team("t", ["ann", "bo"], lead="ceo"),
        },
        tmp_path,
    )
    assert [where(f) for f in findings] == [("STR001", "org.yaml", 6, 26)], show(findings)
    assert "`bo` -> `ann` -> `bo`" in findings[0].message


def test_str001_silent_when_fixed(tmp_path):
    fixed = CYCLE.replace("reports_to: cto\n", "reports_to: ceo\n")
    assert run(fixed, tmp_path) == []


# -- STR002 multiple-tops -----------------------------------------------------------------------


def test_str002_points_at_each_top_but_the_first(tmp_path):
    findings = run(
        HEAD
        + people("id: ann", "{id: bo, reports_to: ann}", "id: cy", "id: di")
        + "teams:\n"
        + team("t", ["bo", "cy", "di"], lead="ann"),
        tmp_path,
    )
    assert [where(f) for f in findings] == [
        ("STR002", "org.yaml", 6, 5),
        ("STR002", "org.yaml", 7, 5),
    ]
    assert findings[0].severity == "warning"
    assert findings[0].message == (
        "`cy` has no `reports_to`, like `ann`: an org has one top; "
        "add `reports_to` (e.g. `reports_to: ann`)"
    )


def test_str002_silent_with_one_top_or_reports_to_null(tmp_path):
    findings = run(
        HEAD
        + people("id: ann", "{id: bo, reports_to: ann}", "{id: cy, reports_to: bo}")
        + "teams:\n"
        + team("t", ["bo", "cy"], lead="ann"),
        tmp_path,
    )
    assert findings == []
    findings = run(
        HEAD
        + people("{id: ann, reports_to: null}", "{id: bo, reports_to: ann}")
        + "teams:\n"
        + team("t", ["bo"]),
        tmp_path,
    )
    assert findings == []


# -- STR003 span-of-control ---------------------------------------------------------------------


def span(n: int) -> str:
    rows = ["id: boss"] + [f"{{id: r{i}, reports_to: boss}}" for i in range(n)]
    teams = (
        "teams:\n"
        + team("a", [f"r{i}" for i in range(0, n, 2)])
        + team("b", [f"r{i}" for i in range(1, n, 2)])
    )
    return HEAD + people(*rows) + teams


def test_str003_more_than_ten_direct_reports(tmp_path):
    findings = run(span(11), tmp_path)
    assert [where(f) for f in findings] == [("STR003", "org.yaml", 4, 5)], show(findings)
    assert findings[0].severity == "warning"
    assert findings[0].message.startswith("`boss` has 11 direct reports (more than 10)")
    assert run(span(10), tmp_path) == []


def test_str003_threshold_from_configuration(tmp_path):
    findings = run(span(4), tmp_path, config="max-direct-reports = 3\n")
    assert [where(f) for f in findings] == [("STR003", "org.yaml", 4, 5)]
    assert "(more than 3)" in findings[0].message
    assert run(span(3), tmp_path, config="max-direct-reports = 3\n") == []


# -- STR004 team-too-large ----------------------------------------------------------------------


def big(n_members: int, type_: str = "product", lead: bool = False) -> str:
    rows = ["id: boss"] + [f"{{id: p{i}, reports_to: boss}}" for i in range(10)]
    members = [f"p{i}" for i in range(n_members)]
    return (
        HEAD
        + people(*rows)
        + "teams:\n"
        + team("big", members, type_, lead="boss" if lead else None)
        + team("rest", [f"p{i}" for i in range(10)], "chapter")
    )


def test_str004_more_than_nine_members(tmp_path):
    findings = run(big(10), tmp_path)
    assert [where(f) for f in findings] == [("STR004", "org.yaml", 16, 5)], show(findings)
    assert findings[0].severity == "warning"
    assert findings[0].message.startswith("team `big` has 10 members (more than 9)")
    assert run(big(9), tmp_path) == []


def test_str004_the_lead_counts_as_a_member(tmp_path):
    findings = run(big(9, lead=True), tmp_path)
    assert [where(f) for f in findings] == [("STR004", "org.yaml", 16, 5)]
    # boss + p0..p8, and p9: in no team but a chapter, reporting to boss, who leads `big`,
    # so a derived member (RULES.md v2)
    assert "has 11 members" in findings[0].message


def test_str004_chapters_and_leadership_are_not_sized(tmp_path):
    assert run(big(10, "chapter"), tmp_path) == []
    assert run(big(10, "leadership"), tmp_path) == []


def test_str004_threshold_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.orglint]\nmax-team-size = 10\n")
    assert run(big(10), tmp_path) == []
    (tmp_path / "pyproject.toml").write_text("[tool.orglint]\nmax-team-size = 4\n")
    findings = run(big(5), tmp_path)
    assert [where(f) for f in findings] == [("STR004", "org.yaml", 16, 5)]


# -- STR005 person-without-team -----------------------------------------------------------------


def test_str005_people_other_than_tops_in_no_team(tmp_path):
    findings = run(
        HEAD
        + people(
            "id: ceo",
            "{id: ana, reports_to: ceo}",
            "{id: bo, reports_to: ceo}",
            "{id: cy, reports_to: ceo}",
        )
        + "teams:\n"
        + team("t", ["bo"], lead="cy"),
        tmp_path,
    )
    assert [where(f) for f in findings] == [("STR005", "org.yaml", 5, 6)], show(findings)
    assert findings[0].severity == "info"
    assert findings[0].message == "`ana` belongs to no team: add them to a team's `members`"
    fixed = run(
        HEAD
        + people(
            "id: ceo",
            "{id: ana, reports_to: ceo}",
            "{id: bo, reports_to: ceo}",
            "{id: cy, reports_to: ceo}",
        )
        + "teams:\n"
        + team("t", ["bo", "ana"], lead="cy"),
        tmp_path,
    )
    assert fixed == []


def test_str005_silent_while_a_member_reference_is_unresolved(tmp_path):
    findings = run(
        HEAD + people("id: ceo", "{id: ana, reports_to: ceo}") + "teams:\n" + team("t", ["anna"]),
        tmp_path,
    )
    assert [where(f) for f in findings] == [("ORG004", "org.yaml", 9, 15)], show(findings)


# -- all at once ----------------------------------------------------------------------------------


def test_every_str_rule_in_one_run(tmp_path):
    rows = [
        "id: ceo",
        "id: second",
        "{id: a, reports_to: b}",
        "{id: b, reports_to: a}",
        "{id: loner, reports_to: ceo}",
    ] + [f"{{id: r{i}, reports_to: ceo}}" for i in range(11)]
    findings = run(
        HEAD
        + people(*rows)
        + "teams:\n"
        + team("t", ["a", "b", "second"] + [f"r{i}" for i in range(11)]),
        tmp_path,
    )
    assert sorted(set(codes(findings))) == ["STR001", "STR002", "STR003", "STR004", "STR005"]
    assert [where(f) for f in findings] == [
        ("STR003", "org.yaml", 4, 5),
        ("STR002", "org.yaml", 5, 5),
        ("STR001", "org.yaml", 6, 25),
        ("STR005", "org.yaml", 8, 6),
        ("STR004", "org.yaml", 21, 5),
    ], show(findings)


def test_str005_still_fires_when_a_member_names_an_invalid_person(tmp_path):
    # `bo` is defined (with an ORG002 error): the team's member is known to be `bo`, so
    # `ana` is certainly in no team (a leadership team's lead gives no derived members)
    findings = run(
        HEAD
        + people("id: ceo", "{id: ana, reports_to: ceo}", "{id: bo, reports_to: 5}")
        + "teams:\n"
        + team("t", ["bo"], "leadership", lead="ceo"),
        tmp_path,
    )
    assert [where(f) for f in findings] == [
        ("STR005", "org.yaml", 5, 6),
        ("ORG002", "org.yaml", 6, 26),
    ], show(findings)


def test_str005_trusts_the_members_of_a_team_with_an_org002_error(tmp_path):
    # team `u` has a bad type (ORG002) and takes no part, but it names `bo`: saying `bo`
    # is in no team would be a second finding about the same mistake; `ana` is in none
    findings = run(
        HEAD
        + people("id: ceo", "{id: ana, reports_to: ceo}", "{id: bo, reports_to: ceo}")
        + "teams:\n"
        + team("t", ["ceo"])
        + team("u", ["bo"], type_="squad"),
        tmp_path,
    )
    assert [where(f) for f in findings] == [
        ("STR005", "org.yaml", 5, 6),
        ("ORG002", "org.yaml", 12, 11),
    ], show(findings)
