"""Suppression comments: `# orglint: ignore[...] -- reason`, `file-ignore`, SUP001/SUP002,
and `check --add-suppressions`."""

from __future__ import annotations

import time

from helpers import check, cwd, dedent, only, show, where, write

from orglint.suppress.comments import scan

# Two tops (STR002 on `b`), three people in no team (STR005 on `c`, `d`, `e`).
BASE = """\
    version: 1
    org: {{name: X}}
    people:
      - id: a
      - id: b{b}
      - id: c{c}
        reports_to: a{c_body}
      - id: d
        reports_to: a
      - {{id: e, reports_to: a}}{e}
    teams:
      - id: t
        type: product
        members: [a, b]
    """


def org(b="", c="", c_body="", e="") -> str:
    return dedent(BASE.format(b=b, c=c, c_body=c_body, e=e))


def suppressed(result) -> list[tuple[str, str | None, str]]:
    return [(f.code, f.entity, f.suppressed) for f in result.findings if f.suppressed is not None]


def test_ignore_on_the_id_line_suppresses_that_entity_only_and_keeps_the_reason(tmp_path):
    result = check(org(b="  # orglint: ignore[STR002] -- second founder, on purpose"), tmp_path)
    assert suppressed(result) == [("STR002", "b", "second founder, on purpose")]
    assert [where(f) for f in result.active] == [
        ("STR005", "org.yaml", 6, 5),
        ("STR005", "org.yaml", 8, 5),
        ("STR005", "org.yaml", 10, 6),
    ]


def test_ignore_on_any_line_of_the_entity_and_by_rule_name(tmp_path):
    result = check(org(c_body="  # orglint: ignore[person-without-team] -- contractor"), tmp_path)
    assert suppressed(result) == [("STR005", "c", "contractor")]
    assert not only(result.findings, "SUP001") and not only(result.findings, "SUP002")


def test_comment_line_directly_above_the_id_line_belongs_to_the_entity_below(tmp_path):
    text = org().replace(
        "  - id: d\n",
        "  # orglint: ignore[STR005] -- leaves in May\n"
        "  # (the reason may wrap onto a second comment line)\n"
        "  - id: d\n",
    )
    result = check(text, tmp_path)
    assert suppressed(result) == [("STR005", "d", "leaves in May")]


def test_comment_line_indented_like_the_body_above_belongs_to_that_entity(tmp_path):
    text = org().replace(
        "    reports_to: a\n  - id: d\n",
        "    reports_to: a\n    # orglint: ignore[STR005] -- contractor\n  - id: d\n",
    )
    result = check(text, tmp_path)
    assert suppressed(result) == [("STR005", "c", "contractor")]


def test_flow_mapping_entity_on_one_line(tmp_path):
    result = check(org(e="  # orglint: ignore[STR005] -- intern"), tmp_path)
    assert suppressed(result) == [("STR005", "e", "intern")]


def test_sup001_without_reason_points_at_the_comment_and_still_suppresses(tmp_path):
    result = check(org(b="    # orglint: ignore[STR002]"), tmp_path)
    sup = only(result.active, "SUP001")
    assert [where(f) for f in sup] == [("SUP001", "org.yaml", 5, 14)]
    assert sup[0].entity == "b" and sup[0].location.end_column == 39
    assert "gives no reason" in sup[0].message
    assert suppressed(result) == [("STR002", "b", "no reason given")]
    # `--` with nothing after it is no reason either
    result = check(org(b="  # orglint: ignore[STR002] --  "), tmp_path)
    assert [where(f) for f in only(result.active, "SUP001")] == [("SUP001", "org.yaml", 5, 12)]


def test_sup002_for_each_code_that_did_not_fire_on_the_entity(tmp_path):
    result = check(
        org(b="  # orglint: ignore[STR002, STR005, reporting-cycle] -- founders"), tmp_path
    )
    assert suppressed(result) == [("STR002", "b", "founders")]
    sup = only(result.active, "SUP002")
    assert [where(f) for f in sup] == [("SUP002", "org.yaml", 5, 12)] * 2, show(result.active)
    assert sorted(f.message for f in sup) == [
        "`STR005` suppresses nothing: STR005 (person-without-team) did not fire on person `b`; "
        "remove it from the comment",
        "`reporting-cycle` suppresses nothing: STR001 (reporting-cycle) did not fire on person "
        "`b`; remove it from the comment",
    ]


def test_unknown_code_org_code_and_sup_code_are_sup002_and_org_findings_stay(tmp_path):
    text = org(b="  # orglint: ignore[STR002, XYZ123, ORG004, SUP001] -- why").replace(
        "  - id: d\n    reports_to: a\n", "  - id: d\n    reports_to: zed\n"
    )
    result = check(text, tmp_path)
    messages = sorted(f.message for f in only(result.active, "SUP002"))
    assert messages == [
        "ORG004 cannot be suppressed: ORG findings report broken input; fix the file instead",
        'SUP001 cannot be suppressed by a comment: turn it off with `ignore = ["SUP001"]` in '
        "the configuration",
        "`XYZ123` names no rule, so it suppresses nothing: fix the code or name (see `orglint "
        "rule --all`)",
    ]
    assert [where(f) for f in only(result.active, "ORG004")] == [("ORG004", "org.yaml", 9, 17)]
    # ORG findings cannot be suppressed by any comment
    text = text.replace("reports_to: zed", "reports_to: zed  # orglint: ignore[ORG004] -- x")
    assert [where(f) for f in only(check(text, tmp_path).active, "ORG004")] == [
        ("ORG004", "org.yaml", 9, 17)
    ]


def test_file_ignore_in_the_leading_comments_covers_the_whole_file(tmp_path):
    text = "# Our org.\n# orglint: file-ignore[STR005] -- nobody has a team yet\n\n" + org()
    result = check(text, tmp_path)
    assert sorted(suppressed(result)) == [("STR005", e, "nobody has a team yet") for e in "cde"]
    assert [f.code for f in result.active] == ["STR002"]


def test_file_ignore_after_the_first_key_is_sup002_and_suppresses_nothing(tmp_path):
    text = org().replace("org: {name: X}", "org: {name: X}\n# orglint: file-ignore[STR005] -- x")
    result = check(text, tmp_path)
    assert not suppressed(result)
    sup = only(result.active, "SUP002")
    assert [where(f) for f in sup] == [("SUP002", "org.yaml", 3, 1)]
    assert "before the first key" in sup[0].message


def test_comment_outside_every_entity_and_malformed_comment_are_sup002(tmp_path):
    text = org().replace("teams:\n", "teams:  # orglint: ignore[STR005] -- x\n")
    text = text.replace("  - id: d\n", "  - id: d  # orglint: ignroe STR005\n")
    sup = only(check(text, tmp_path).active, "SUP002")
    assert [(f.location.line, f.message.split(":")[0]) for f in sup] == [
        (8, "`# orglint"),
        (11, "this suppression is on no entity's lines, so it suppresses nothing"),
    ]


def test_orglint_in_a_value_or_prose_comment_is_not_a_suppression(tmp_path):
    text = org().replace(
        "  - id: a\n",
        '  - id: a\n    title: "CEO # orglint: ignore[STR005]"\n'
        "    # see orglint: ignore[x] in the docs\n",
    )
    result = check(text, tmp_path)
    assert not only(result.findings, "SUP002") and not suppressed(result)


def test_suppression_in_an_included_file(tmp_path):
    files = {
        "org.yaml": """\
        version: 1
        org: {name: X}
        include: [people/*.yaml]
        people:
          - id: a
        """,
        "people/more.yaml": """\
        people:
          - id: z  # orglint: ignore[STR002] -- co-founder
        """,
    }
    result = check(files, tmp_path)
    assert suppressed(result) == [("STR002", "z", "co-founder")]
    assert not only(result.findings, "SUP002")


def test_sup_rules_are_selected_ignored_and_overridden_like_other_rules(tmp_path):
    text = org(b="  # orglint: ignore[STR002, STR005]")
    result = check(text, tmp_path, {"ignore": ["SUP002"], "severity": {"SUP001": "error"}})
    assert [(f.code, f.severity) for f in result.active if f.code.startswith("SUP")] == [
        ("SUP001", "error")
    ]
    result = check(text, tmp_path, {"select": ["STR"]})
    assert not [f for f in result.findings if f.code.startswith("SUP")]
    assert suppressed(result) == [("STR002", "b", "no reason given")]  # still applies
    result = check(text, tmp_path, {"per-file-ignores": {"org.yaml": ["SUP"]}})
    assert not [f for f in result.findings if f.code.startswith("SUP")]


def test_a_rule_this_run_does_not_evaluate_is_not_reported_unused(tmp_path):
    result = check(
        org(b="  # orglint: ignore[STR002, STR003] -- x"), tmp_path, {"ignore": ["STR003"]}
    )
    assert not only(result.findings, "SUP002")


def test_scan_is_cheap_on_a_large_file_and_counts_lines_right():
    filler = b"  - id: p\n    reports_to: a\n" * 500_000  # ~14 MB
    data = b"people:\n" + filler + b"  - id: q  # orglint: ignore[STR005] -- x\n" + filler
    started = time.perf_counter()
    found = scan(data, "big.yaml")
    elapsed = time.perf_counter() - started
    assert [(d.line, d.column, d.kind, d.tokens, d.reason) for d in found] == [
        (1_000_002, 12, "ignore", ["STR005"], "x")
    ]
    assert elapsed < 1.0, elapsed


# -- --add-suppressions -------------------------------------------------------------------

ODD = (
    "# Our org: comments, flow lists and odd indentation stay as they are.\r\n"
    "version: 1\r\n"
    "org: {name: X}   # trailing comment\r\n"
    "\r\n"
    "people:\r\n"
    "  - id: a\r\n"
    "  -   id: b    # second founder\r\n"
    '      skills: [ ml,  "data-science" ]\r\n'
    "  - {id: c, reports_to: a}\r\n"
    "  - id: d\r\n"
    "    reports_to: 'a'\r\n"
    "teams:\r\n"
    "    - id: t\r\n"
    "      type: product\r\n"
    "      members: [a,b]\r\n"
)


def test_add_suppressions_adds_only_comments_and_then_the_check_passes(tmp_path, orglint):
    (tmp_path / "org.yaml").write_bytes(ODD.encode())
    with cwd(tmp_path):
        code, out, err = orglint("check", "org.yaml", "--add-suppressions", "--select", "STR,SUP")
        assert code == 0, (out, err)
        assert "Added 3 suppression comments in org.yaml (3)" in err
        assert "All checks passed (1 org, 1 file; 3 suppressed)." in out
        again = orglint("check", "org.yaml", "--select", "STR,SUP")
    assert again.code == 0 and "SUP001" not in again.out + again.err, again
    after = (tmp_path / "org.yaml").read_bytes().decode()
    expected = (
        ODD.replace("  -   id: b", "  # orglint: ignore[STR002] -- TODO: reason\r\n  -   id: b")
        .replace(
            "  - {id: c, reports_to: a}\r\n",
            "  - {id: c, reports_to: a}  # orglint: ignore[STR005] -- TODO: reason\r\n",
        )
        .replace("  - id: d\r\n", "  - id: d  # orglint: ignore[STR005] -- TODO: reason\r\n")
    )
    assert after == expected


def test_add_suppressions_with_nothing_to_add_changes_nothing(tmp_path, orglint):
    write(tmp_path, org(b="  # orglint: ignore[STR002] -- x"))
    before = (tmp_path / "org.yaml").read_bytes()
    code, _, err = orglint(
        "check", "org.yaml", "--add-suppressions", "--select", "STR002", cwd=tmp_path
    )
    assert code == 0
    assert "No suppression comments added" in err
    assert (tmp_path / "org.yaml").read_bytes() == before


def test_add_suppressions_never_changes_the_data_when_a_line_ends_inside_a_value(tmp_path):
    from orglint.suppress.add import edit

    text = 'people:\n  - {id: a, title: "two\n      lines"}\n  - id: b\n'
    # the end of `- {id: a` is inside a quoted value: the comment goes on its own line
    assert edit(text.encode(), {2: ["STR002"]}, []) == (
        b'people:\n  # orglint: ignore[STR002] -- TODO: reason\n  - {id: a, title: "two\n'
        b'      lines"}\n  - id: b\n'
    )
    # findings about no entity get a `file-ignore` at the top, after a byte order mark
    bom = b"\xef\xbb\xbfpeople:\n  - id: b\n"
    assert edit(bom, {2: ["STR005"]}, ["ARC004"]) == (
        b"\xef\xbb\xbf# orglint: file-ignore[ARC004] -- TODO: reason\npeople:\n"
        b"  - id: b  # orglint: ignore[STR005] -- TODO: reason\n"
    )


LONE_TEAM = """\
version: 1
org: {name: Acme}
people:
  - {id: ceo, skills: [management]}
  - {id: ana, reports_to: ceo, skills: [ml]}
teams:
  - {id: ml, type: ml, lead: ana}
models:
  - {id: ranker, stage: development, built_by: ml, user_facing: true}
"""


def test_add_suppressions_covers_every_code_a_merged_finding_stands_for(orglint, tmp_path):
    # By hand: `ml` works with no other team and builds an active user-facing model, so it
    # lacks product-management (SKL001), frontend (SKL002), design (SKL004) and
    # domain-expertise (SKL005): one finding, SKL001, stands for all four (RULES.md v2).
    write(tmp_path, LONE_TEAM)
    with cwd(tmp_path):
        code, out, _ = orglint("check", "org.yaml", "--select", "SKL")
        assert code == 1 and [line.split(" ")[1] for line in out.splitlines()[:-1]] == ["SKL001"]
        orglint("check", "org.yaml", "--select", "SKL", "--add-suppressions")
        once = (tmp_path / "org.yaml").read_text()
        assert "# orglint: ignore[SKL001,SKL002,SKL004,SKL005] -- " in once
        code, out, _ = orglint("check", "org.yaml", "--select", "SKL", "--add-suppressions")
        assert (tmp_path / "org.yaml").read_text() == once  # twice is a no-op
        assert orglint("check", "org.yaml", "--select", "SKL,SUP002").code == 0
