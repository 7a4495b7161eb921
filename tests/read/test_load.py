"""Loading: ORG001 (the YAML itself), ORG005 (includes), positions of every node."""

from __future__ import annotations

import os

import pytest
from helpers import check, cwd, dedent, run, show, where, write

from orglint.read.load import load_org
from orglint.read.parse import Limits, Reader, YList, YMap, unpack

HEAD = "version: 1\norg: {name: Acme}\n"


def read(text: str | bytes, limits: Limits | None = None):
    data = dedent(text).encode() if isinstance(text, str) else text
    reader = Reader("f.yaml", limits or Limits())
    return reader.read(data), reader.findings


# -- positions -------------------------------------------------------------------------


def test_every_key_value_and_item_keeps_its_line_and_column():
    root, findings = read("""
        people:
          - id: ana
            skills: [ml,  de]
          - {id: bo, reports_to: ana}
        """)
    assert findings == []
    people = root["people"]
    assert isinstance(root, YMap) and isinstance(people, YList)
    assert [unpack(p) for p in root.pos["people"][:2]] == [(1, 1), (2, 3)]
    ana, bo = people
    assert [unpack(s) for s, _ in people.pos] == [(2, 5), (4, 5)]
    assert [unpack(p) for p in ana.pos["id"]] == [(2, 5), (2, 9), (2, 12)]  # key, value, end
    skills = ana["skills"]
    assert [unpack(s) for s, _ in skills.pos] == [(3, 14), (3, 19)]  # inside a flow sequence
    assert unpack(bo.pos["reports_to"][1]) == (4, 26)
    assert unpack(bo.start) == (4, 5)


def test_plain_scalars_follow_yaml_1_2_core_schema():
    root, findings = read("""
        a: yes
        b: no
        c: on
        d: true
        e: ~
        f: 012
        g: 0x1F
        h: 1.5
        i: 2024-01-01
        j: "true"
        k: !!str 7
        """)
    assert findings == []
    assert root == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": True,
        "e": None,
        "f": 12,
        "g": 31,
        "h": 1.5,
        "i": "2024-01-01",
        "j": "true",
        "k": "7",
    }


def test_keys_are_compared_as_written():
    root, findings = read("""
        1: one
        true: yes
        Reports_To: x
        """)
    assert findings == []
    assert list(root) == ["1", "true", "Reports_To"]


def test_aliases_reuse_the_anchored_value():
    root, findings = read("""
        base: &skills [ml, backend]
        other: *skills
        """)
    assert findings == []
    assert root["other"] == ["ml", "backend"]


# -- ORG001 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, col, words",
    [
        ("people:\n  - id: a\n   name: x\n", 3, 4, "invalid YAML"),
        ("people: [a, b\n", 2, 1, "invalid YAML"),
        ('org: {name: "Acme}\n', 2, 1, "closing quote"),
        ("people:\n\t- id: a\n", 2, 1, "tab"),
        ("a: 1\na: 2\n", 2, 1, "duplicate key `a` (first written at line 1)"),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", 3, 3, "merge keys"),
        (
            "a: !!python/object:os.system x\n",
            1,
            4,
            "tag `!!python/object:os.system` is not allowed",
        ),
        ("a: !custom x\n", 1, 4, "tag `!custom`"),
        ("a: !!int abc\n", 1, 4, "not a valid `!!int`"),
        ("version: 1\n---\nversion: 1\n", 2, 1, "second YAML document"),
        ("a: *nothing\n", 1, 4, "names no anchor"),
        ("? [a, b]\n: x\n", 1, 3, "key must be a plain string"),
    ],
)
def test_org001_points_at_the_problem(text, line, col, words):
    _, findings = read(text.encode())
    assert len(findings) == 1, show(findings)
    finding = findings[0]
    assert (finding.code, finding.location.line, finding.location.column) == (
        "ORG001",
        line,
        col,
    ), finding.message
    assert words in finding.message


def test_org001_invalid_utf8_names_the_line():
    _, findings = read(b"version: 1\norg:\n  name: caf\xe9\n")
    assert [where(f) for f in findings] == [("ORG001", "f.yaml", 3, 12)]
    assert "not valid UTF-8" in findings[0].message and "line 3" in findings[0].message


def test_org001_utf16_and_nul_bytes():
    _, findings = read("version: 1\n".encode("utf-16"))
    assert [where(f) for f in findings] == [("ORG001", "f.yaml", 1, 1)]
    assert "UTF-16" in findings[0].message
    _, findings = read(b"version: 1\nname: a\x00b\n")
    assert [where(f) for f in findings] == [("ORG001", "f.yaml", 2, 8)]
    assert "NUL byte" in findings[0].message


def test_org001_a_utf8_bom_is_fine():
    root, findings = read(b"\xef\xbb\xbfversion: 1\n")
    assert findings == [] and root == {"version": 1}


def test_limits_stop_deep_nesting_and_alias_bombs():
    _, findings = read(b"a: " + b"[" * 200 + b"]" * 200 + b"\n")
    assert [f.code for f in findings] == ["ORG001"] and "limits.max-depth" in findings[0].message
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for i, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[i]
        bomb += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
    _, findings = read(bomb.encode(), Limits(max_alias_expansion=10_000))
    assert [f.code for f in findings] == ["ORG001"]
    assert "limits.max-alias-expansion" in findings[0].message


def test_a_broken_included_file_does_not_cascade(tmp_path):
    # teams.yaml cannot be read, so `nobody` may be defined there and `x` may be in a team
    # of it: neither ORG004 nor STR005 may claim otherwise.
    findings = run(
        {
            "org.yaml": HEAD
            + "include: [teams.yaml]\npeople:\n  - id: boss\n  - id: x\n    reports_to: nobody\n",
            "teams.yaml": "teams:\n  - id: t\n    type: [product\n",
        },
        tmp_path,
    )
    assert [where(f) for f in findings] == [("ORG001", "teams.yaml", 4, 1)], show(findings)


def test_an_unreadable_org_file_is_org005_not_a_crash(tmp_path):
    (tmp_path / "org.yaml").mkdir()
    with cwd(tmp_path):
        loaded = load_org("org.yaml")
    assert [where(f) for f in loaded.findings] == [("ORG005", "org.yaml", 1, 1)]
    assert "it is a folder" in loaded.findings[0].message


def test_an_empty_root_is_org002_and_an_empty_included_file_is_fine(tmp_path):
    findings = run(
        {
            "org.yaml": "",
        },
        tmp_path,
    )
    assert [where(f) for f in findings] == [("ORG002", "org.yaml", 1, 1)]
    assert "the file is empty" in findings[0].message
    findings = run(
        {"org.yaml": HEAD + "include: [empty.yaml]\n", "empty.yaml": "# nothing yet\n"}, tmp_path
    )
    assert findings == []


# -- includes ----------------------------------------------------------------------------

MULTI = {
    "org.yaml": HEAD
    + """\
include:
  - teams/*.yaml
  - people.yaml
""",
    "people.yaml": """\
people:
  - id: ceo
  - id: ana
    reports_to: ceo
""",
    "teams/ml.yaml": """\
teams:
  - id: ml
    type: ml
    lead: ana
    members: [ana, bob]
""",
}


def test_references_resolve_across_files_and_findings_name_the_included_file(tmp_path):
    findings = run(MULTI, tmp_path)
    assert [where(f) for f in findings] == [("ORG004", os.path.join("teams", "ml.yaml"), 5, 20)]
    assert "`bob`" in findings[0].message


def test_included_paths_stay_relative_to_where_the_user_runs(tmp_path):
    write(tmp_path / "acme", MULTI)
    with cwd(tmp_path):
        result = check({}, tmp_path, root="acme/org.yaml")
    assert [where(f) for f in result.active] == [("ORG004", "acme/teams/ml.yaml", 5, 20)]
    assert [d.path for d in result.loaded.documents] == [
        "acme/org.yaml",
        "acme/teams/ml.yaml",
        "acme/people.yaml",
    ]


def test_fixed_includes_are_clean(tmp_path):
    fixed = {**MULTI, "teams/ml.yaml": MULTI["teams/ml.yaml"].replace("[ana, bob]", "[ana]")}
    assert run(fixed, tmp_path) == []


def test_org005_glob_matching_nothing_points_at_the_glob(tmp_path):
    findings = run(
        {
            "org.yaml": HEAD + "include:\n  - people.yaml\n  - team/*.yaml\n",
            "people.yaml": "people:\n  - id: ceo\n",
        },
        tmp_path,
    )
    assert [where(f) for f in findings] == [("ORG005", "org.yaml", 5, 5)]
    assert "`team/*.yaml` matches no file" in findings[0].message


@pytest.mark.parametrize(
    "key, text, line",
    [
        ("include", "people: []\ninclude: [more.yaml]\n", 2),
        ("version", "version: 1\npeople: []\n", 1),
        ("org", "people: []\norg: {name: B}\n", 2),
    ],
)
def test_org005_included_file_with_root_only_keys(tmp_path, key, text, line):
    findings = run(
        {
            "org.yaml": HEAD + "include: [part.yaml]\n",
            "part.yaml": text,
            "more.yaml": "people: []\n",
        },
        tmp_path,
    )
    assert [where(f) for f in findings] == [("ORG005", "part.yaml", line, 1)]
    assert f"cannot have `{key}`" in findings[0].message


@pytest.mark.parametrize(
    "pattern, words",
    [
        ("/etc/*.yaml", "absolute path"),
        ("../*.yaml", "outside the org's folder"),
    ],
)
def test_org005_includes_stay_inside_the_root_folder(tmp_path, pattern, words):
    findings = run(
        {"acme/org.yaml": HEAD + f"include: ['{pattern}']\n", "other.yaml": "people: []\n"},
        tmp_path,
        root="acme/org.yaml",
    )
    assert [where(f) for f in findings] == [("ORG005", "acme/org.yaml", 3, 11)]
    assert words in findings[0].message


def test_org005_symlink_out_of_the_folder_and_dangling_symlink(tmp_path):
    write(tmp_path, {"outside.yaml": "people: []\n"})
    write(tmp_path, {"acme/org.yaml": HEAD + "include: [parts/*.yaml]\n"})
    (tmp_path / "acme/parts").mkdir()
    (tmp_path / "acme/parts/a.yaml").symlink_to(tmp_path / "outside.yaml")
    (tmp_path / "acme/parts/b.yaml").symlink_to(tmp_path / "acme/missing.yaml")
    findings = run({}, tmp_path, root="acme/org.yaml")
    assert [where(f) for f in findings] == [("ORG005", "acme/org.yaml", 3, 11)] * 2, show(findings)
    dangling, outside = findings  # same place: sorted by message
    assert dangling.message == (
        "cannot read included file `acme/parts/b.yaml`: No such file or directory"
    )
    assert "matches `parts/a.yaml`, which leads outside the org's folder" in outside.message


def test_include_must_be_a_list(tmp_path):
    findings = run({"org.yaml": HEAD + "include: teams/*.yaml\n"}, tmp_path)
    assert [where(f) for f in findings] == [("ORG002", "org.yaml", 3, 10)]
    assert "must be a list of file globs" in findings[0].message


def test_a_file_matched_twice_is_loaded_once(tmp_path):
    result = check(
        {
            "org.yaml": HEAD + "include: ['*.yaml', part.yaml, org.yaml]\n",
            "part.yaml": "people:\n  - id: ceo\n",
        },
        tmp_path,
    )
    assert [d.path for d in result.loaded.documents] == ["org.yaml", "part.yaml"]
    assert result.active == []


def test_root_only_key_in_an_included_file_leaves_the_org_complete(tmp_path):
    # the file was read, so an unknown reference is still reported
    findings = run(
        {
            "org.yaml": HEAD + "include: [part.yaml]\npeople:\n  - id: ceo\n",
            "part.yaml": "org: {name: B}\npeople:\n  - {id: x, reports_to: cto}\n",
        },
        tmp_path,
        {"select": ["ORG"]},
    )
    assert [where(f) for f in findings] == [
        ("ORG005", "part.yaml", 1, 1),
        ("ORG004", "part.yaml", 3, 25),
    ], show(findings)


def test_a_glob_matching_nothing_leaves_the_org_complete(tmp_path):
    # no file was left unread, so `cto` is certainly undefined and `x` certainly in no team
    findings = run(
        {
            "org.yaml": HEAD + "include: [team/*.yaml]\npeople:\n  - id: ceo\n"
            "  - {id: x, reports_to: cto}\n"
        },
        tmp_path,
    )
    assert [where(f) for f in findings] == [
        ("ORG005", "org.yaml", 3, 11),
        ("STR005", "org.yaml", 6, 6),
        ("ORG004", "org.yaml", 6, 25),
    ], show(findings)


def test_an_include_refused_or_unread_makes_unknown_references_unreportable(tmp_path):
    # `teams` (a folder) holds files that may define `cto`: one ORG005, not a cascade
    findings = run(
        {
            "org.yaml": HEAD + "include: [teams]\npeople:\n  - id: ceo\n"
            "  - {id: x, reports_to: cto}\n",
            "teams/a.yaml": "people:\n  - id: cto\n",
        },
        tmp_path,
    )
    assert [where(f) for f in findings] == [("ORG005", "org.yaml", 3, 11)], show(findings)
    assert "matches only folders (`teams`)" in findings[0].message


def test_a_catalog_entity_is_read_as_a_catalog(tmp_path):
    # a Backstage entity is a source (orglint.sources): a Group without `spec.type` is ORG002
    findings = run(
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: x}\n", tmp_path
    )
    assert [where(f) for f in findings] == [("ORG002", "org.yaml", 1, 1)]
    assert findings[0].message.startswith("the Group `x` has no `spec.type`")


def test_a_kubernetes_manifest_is_not_an_org_file(tmp_path):
    findings = run("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", tmp_path)
    assert [where(f) for f in findings] == [("ORG002", "org.yaml", 1, 1)]
    assert findings[0].message.startswith("this is not an org file: `apiVersion` and `kind`")


# -- each ORG code fires, then is silent once the mistake is fixed -----------------------------

PEOPLE = (
    "people:\n  - id: ceo\n  - {id: ana, reports_to: ceo}\n"
    "teams:\n  - {id: t, type: product, lead: ceo, members: [ana]}\n"
)


@pytest.mark.parametrize(
    "code, broken, fixed, at",
    [
        (
            "ORG001",
            {"org.yaml": HEAD + "org: {name: B}\n" + PEOPLE},
            {"org.yaml": HEAD + PEOPLE},
            ("org.yaml", 3, 1),
        ),
        (
            "ORG002",
            {"org.yaml": HEAD + PEOPLE.replace("reports_to", "report_to")},
            {"org.yaml": HEAD + PEOPLE},
            ("org.yaml", 5, 15),
        ),
        (
            "ORG003",
            {"org.yaml": HEAD + PEOPLE + "  - {id: ana, type: ml}\n"},
            {"org.yaml": HEAD + PEOPLE + "  - {id: ana-ml, type: ml}\n"},
            ("org.yaml", 8, 6),
        ),
        (
            "ORG004",
            {"org.yaml": HEAD + PEOPLE.replace("lead: ceo", "lead: coe")},
            {"org.yaml": HEAD + PEOPLE},
            ("org.yaml", 7, 34),
        ),
        (
            "ORG005",
            {"org.yaml": HEAD + "include: [more.yaml]\n" + PEOPLE, "more.yaml": "version: 1\n"},
            {"org.yaml": HEAD + "include: [more.yaml]\n" + PEOPLE, "more.yaml": "people: []\n"},
            ("more.yaml", 1, 1),
        ),
    ],
)
def test_each_org_code_fires_then_is_silent_when_fixed(tmp_path, code, broken, fixed, at):
    findings = run(broken, tmp_path / "broken")
    assert [where(f) for f in findings] == [(code, *at)], show(findings)
    assert run(fixed, tmp_path / "fixed") == []
