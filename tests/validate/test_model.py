"""ORG002: every validation error at its exact node, and what an invalid entity costs."""

from __future__ import annotations

import pytest
from helpers import codes, only, run, show, where

HEAD = "version: 1\norg: {name: Acme}\n"


def org002(tmp_path, body: str, head: str = HEAD):
    findings = run(head + body, tmp_path)
    return [
        (f.location.line, f.location.column, f.field, f.message) for f in only(findings, "ORG002")
    ], findings


@pytest.mark.parametrize(
    "body, line, col, field, words",
    [
        # unknown key: at the key, with the closest name
        (
            "people:\n  - id: ana\n    reportsto: bo\n",
            5,
            5,
            "reportsto",
            "unknown key `reportsto` in person `ana`: did you mean `reports_to`?",
        ),
        (
            "teams:\n  - id: t\n    type: ml\n    member: [a]\n",
            6,
            5,
            "member",
            "did you mean `members`?",
        ),
        (
            "peple: []\n",
            3,
            1,
            "peple",
            "unknown key `peple` at the top level: did you mean `people`?",
        ),
        (
            "models:\n  - id: m\n    stage: idea\n    monitoring: {drift: true, escalate: [x]}\n",
            6,
            31,
            "escalate",
            "did you mean `escalation`?",
        ),
        # enum: at the value, with the allowed values
        (
            "teams:\n  - id: t\n    type: prodct\n",
            5,
            11,
            "type",
            "`type: prodct` in team `t` is not allowed: use one of `product`, `engineering`, "
            "`platform`, `ml`, `data`, `research`, `it`, `design`, `business`, `leadership`, "
            "`chapter`; did you mean `product`?",
        ),
        (
            "models:\n  - id: m\n    stage: prod\n",
            5,
            12,
            "stage",
            "`idea`, `research`, `development`",
        ),
        (
            "teams:\n  - id: t\n    type: ml\n    engagement: embeded\n",
            6,
            17,
            "engagement",
            "did you mean `embedded`?",
        ),
        (
            "teams:\n  - id: t\n    type: ml\n    kpis:\n      - {name: a, kind: model}\n"
            "      - {name: b, kind: money}\n",
            8,
            25,
            "kpis",
            "`kpis.1.kind: money` in team `t`",
        ),
        # wrong type: at the value
        (
            "people:\n  - id: ana\n    reports_to: 5\n",
            5,
            17,
            "reports_to",
            "`reports_to` in person `ana` must be a string (a person id), not a number `5`",
        ),
        (
            "people:\n  - id: ana\n    skills: ml\n",
            5,
            13,
            "skills",
            "`skills` in person `ana` must be a list (a list of skill names), not a string `ml`",
        ),
        (
            "teams:\n  - id: t\n    type: ml\n    members: [a, 7]\n",
            6,
            18,
            "members",
            "`members.1` in team `t` must be a string",
        ),
        (
            "data:\n  - id: d\n    available_in_production: yes\n",
            5,
            30,
            "available_in_production",
            "must be `true` or `false`, not a string `yes`",
        ),
        (
            "models:\n  - id: m\n    stage: idea\n    user_facing: 1\n",
            6,
            18,
            "user_facing",
            "must be `true` or `false`, not a number `1`",
        ),
        (
            "models:\n  - id: m\n    stage: idea\n    monitoring:\n      drift: 'true'\n",
            7,
            14,
            "monitoring",
            "`monitoring.drift` in model `m` must be `true` or `false`",
        ),
        # missing required field: at the entity's `- id:` line
        (
            "teams:\n  - id: t\n    name: T\n",
            4,
            5,
            "type",
            "team `t` is missing required `type` (one of: product, engineering",
        ),
        ("models:\n  - id: m\n", 4, 5, "stage", "model `m` is missing required `stage`"),
        ("people:\n  - name: Ana\n", 4, 5, "id", "this person is missing required `id`"),
        # malformed ids
        (
            "people:\n  - id: Ana Lee\n",
            4,
            9,
            "id",
            "malformed id `Ana Lee` in this person: ids use "
            "lowercase letters, digits, `.`, `_` and `-`, start with a letter or digit, at most 64 "
            "characters (e.g. `ana-lee`)",
        ),
        ("people:\n  - id: -ana\n", 4, 9, "id", "malformed id `-ana`"),
        ("people:\n  - id: " + "a" * 65 + "\n", 4, 9, "id", "at most 64 characters"),
        (
            "people:\n  - id: 42\n",
            4,
            9,
            "id",
            "`id` in this person must be a string, not a number `42`",
        ),
        # shapes
        (
            "people:\n  - ana\n",
            4,
            5,
            None,
            "each entry of `people` must be a mapping starting with `- id:`, not a string",
        ),
        ("teams: {id: t}\n", 3, 8, "teams", "`teams` must be a list of team entries"),
    ],
)
def test_org002_points_at_the_exact_node(tmp_path, body, line, col, field, words):
    found, findings = org002(tmp_path, body)
    assert len(found) == 1, show(findings)
    got_line, got_col, got_field, message = found[0]
    assert (got_line, got_col, got_field) == (line, col, field), message
    assert words in message


@pytest.mark.parametrize(
    "head, line, col, field, words",
    [
        ("org: {name: Acme}\n", 1, 1, "version", "missing `version`: add `version: 1`"),
        ("version: 2\norg: {name: Acme}\n", 1, 10, "version", "unsupported `version: 2`"),
        ("version: true\norg: {name: Acme}\n", 1, 10, "version", "unsupported `version: true`"),
        ("version: 1\n", 1, 1, "org", "missing `org`: add `org: {name: <your organisation>}`"),
        ("version: 1\norg: Acme\n", 2, 6, "org", "`org` must be a mapping"),
        ("version: 1\norg: {stage: growth}\n", 2, 6, "name", "`org` is missing required `name`"),
        (
            "version: 1\norg:\n  name: Acme\n  stage: seed\n",
            4,
            10,
            "stage",
            "`stage: seed` in `org` is not allowed: use one of `pre-pmf`, `early`, `growth`, "
            "`scale`, `enterprise`",
        ),
        (
            "version: 1\norg:\n  name: Acme\n  busines: saas\n",
            4,
            3,
            "busines",
            "unknown key `busines` in `org`: did you mean `business`?",
        ),
    ],
)
def test_org002_in_the_header(tmp_path, head, line, col, field, words):
    found, findings = org002(tmp_path, "", head=head)
    assert [(line, col, fld) for line, col, fld, _ in found] == [(line, col, field)], show(findings)
    assert words in found[0][3]


def test_org002_top_level_not_a_mapping(tmp_path):
    found, _findings = org002(tmp_path, "", head="- id: ana\n")
    assert [(line, col) for line, col, _, _ in found] == [(1, 1)]
    assert "must be a mapping of keys" in found[0][3] and "not a list" in found[0][3]


def test_x_keys_are_free_everywhere(tmp_path):
    findings = run(
        """\
        version: 1
        x-owner: hr@acme.example
        org: {name: Acme, x-region: eu}
        people:
          - id: ceo
            x-slack: "@ceo"
        teams:
          - id: t
            type: product
            lead: ceo
            x-budget: 3
            kpis: [{name: revenue, kind: business, x-target: 10}]
        models:
          - id: m
            stage: idea
            monitoring: {drift: false, x-tool: grafana}
        """,
        tmp_path,
    )
    assert codes(findings) == [], show(findings)


def test_empty_sections_and_nulls_are_accepted(tmp_path):
    findings = run(HEAD + "people:\nteams: []\ndata:\nmodels: []\n", tmp_path)
    assert findings == []
    findings = run(HEAD + "org2: null\n", tmp_path)
    assert codes(findings) == ["ORG002"]


def test_every_error_of_one_entity_is_reported(tmp_path):
    found, _ = org002(
        tmp_path, "teams:\n  - id: t\n    type: prodct\n    membrs: [a]\n    works_with: x\n"
    )
    assert [(line, col, fld) for line, col, fld, _ in found] == [
        (5, 11, "type"),
        (6, 5, "membrs"),
        (7, 17, "works_with"),
    ]


# -- what an entity with ORG002 costs -------------------------------------------------------


def test_invalid_entity_id_still_counts_as_defined(tmp_path):
    findings = run(
        HEAD
        + """\
people:
  - id: ceo
  - id: ana
    reports_to: ceo
    skils: [ml]
teams:
  - id: t
    type: product
    lead: ceo
    members: [ana]
""",
        tmp_path,
    )
    # `ana` is invalid (typo'd key): no ORG004 for `members: [ana]`, and no rule reports on her.
    assert [where(f) for f in findings] == [("ORG002", "org.yaml", 7, 5)], show(findings)


def test_invalid_entity_takes_no_part_in_other_rules(tmp_path):
    # `b` has a bad field, so it is neither a second top (STR002) nor a person without team.
    findings = run(
        HEAD
        + """\
people:
  - id: a
  - id: b
    title: 5
teams:
  - id: t
    type: product
    lead: a
""",
        tmp_path,
    )
    assert [where(f) for f in findings] == [("ORG002", "org.yaml", 6, 12)], show(findings)


def test_people_named_by_an_invalid_team_are_not_reported_as_teamless(tmp_path):
    findings = run(
        HEAD
        + """\
people:
  - id: a
  - id: b
    reports_to: a
teams:
  - id: t
    type: prodct
    lead: a
    members: [b]
""",
        tmp_path,
    )
    assert [where(f) for f in findings] == [("ORG002", "org.yaml", 9, 11)], show(findings)


def test_a_second_definition_still_gets_its_own_errors(tmp_path):
    findings = run(HEAD + "people:\n  - id: a\n  - id: a\n    nme: x\n", tmp_path)
    assert [where(f) for f in findings] == [
        ("ORG003", "org.yaml", 5, 5),
        ("ORG002", "org.yaml", 6, 5),
    ]
