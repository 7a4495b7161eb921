"""RULES.md v2, "a finding must hold whatever the broken part says": while a file of the
org cannot be parsed, rules over the whole org wait, SUP002 is not reported, and the
summary says what was not evaluated."""

from __future__ import annotations

from helpers import check, codes, cwd, run, write

ROOT = """\
version: 1
org: {name: Acme, stage: growth, business: saas}
include: [teams/*.yaml]
people:
  - {id: ceo}
  - {id: ann, reports_to: ceo, skills: [ml]}
  - {id: loner, reports_to: ceo}
teams:
  - id: ml  # orglint: ignore[SKL002] -- the UI is someone else's
    type: ml
    lead: ann
    kpis: [{name: accuracy, kind: model}]
models:
  - id: m
    stage: production
    built_by: ml
    user_facing: true
"""
BROKEN = """\
teams:
  - id: product
    type: product
    lead: ceo
    members: [loner
"""
FIXED = BROKEN.replace("[loner", "[loner]\n    works_with: [ml]")


def test_rules_over_the_whole_org_wait_for_the_broken_file(tmp_path):
    found = run({"org.yaml": ROOT, "teams/product.yaml": BROKEN}, tmp_path)
    # ORG001 for the file; MON001 (m's own `monitoring`) and ARC007 (ml's own kpis) hold
    # whatever the broken file says. STR005 (loner), SKL*, COL001, MON002, ARC009 and the
    # SUP002 for the comment that SKL002 might have used all wait.
    assert sorted(codes(found)) == ["ARC007", "MON001", "ORG001"], codes(found)


def test_the_same_org_fixed_shows_the_rest(tmp_path):
    found = run({"org.yaml": ROOT, "teams/product.yaml": FIXED}, tmp_path)
    assert "MON002" in codes(found) and "SKL001" in codes(found)
    assert "ORG001" not in codes(found)


def test_the_summary_says_how_many_rules_waited_and_why(tmp_path, orglint):
    result = check({"org.yaml": ROOT, "teams/product.yaml": BROKEN}, tmp_path)
    waiting = len(result.waiting)
    assert waiting > 20 and "MON001" not in result.waiting and "STR005" in result.waiting
    with cwd(tmp_path):
        out = orglint("check", "org.yaml").out
    assert f"{waiting} rules not evaluated because `teams/product.yaml` could not be parsed" in out
    assert "run again" in out


def test_many_broken_files_are_named_five_and_counted(tmp_path, orglint):
    files = {"org.yaml": ROOT, **{f"teams/t{i}.yaml": BROKEN for i in range(8)}}
    write(tmp_path, files)
    out = orglint("check", "org.yaml", cwd=tmp_path).out
    # the root's include lists them in sorted order; each has its own ORG001 line above
    named = ", ".join(f"`teams/t{i}.yaml`" for i in range(5))
    assert f"not evaluated because {named} and 3 more files could not be parsed" in out
    assert "`teams/t5.yaml` could" not in out and out.count("ORG001") == 8


def test_entities_that_take_no_part_are_counted(tmp_path, orglint):
    text = ROOT.replace("  - {id: loner, reports_to: ceo}", "  - {id: loner, reports_to: 5}")
    write(tmp_path, {"org.yaml": text, "teams/product.yaml": BROKEN})
    with cwd(tmp_path):
        out = orglint("check", "org.yaml").out
    assert "1 entity took no part in the rules (1 with errors in their own fields (ORG002))" in out


def test_a_complete_org_adds_no_note(tmp_path, orglint):
    write(tmp_path, {"org.yaml": ROOT, "teams/product.yaml": FIXED})
    with cwd(tmp_path):
        summary = orglint("check", "org.yaml").out.splitlines()[-1]
    assert summary.startswith("Found ") and summary.endswith("suppressed.")
