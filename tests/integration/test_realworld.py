"""Data nobody on this team wrote: Backstage's example org, as is and translated by hand."""

from __future__ import annotations

import json

import pytest
from helpers import TESTS, cwd, show, where
from jsonschema import Draft202012Validator

from orglint.cli import main
from orglint.config import Config
from orglint.pipeline import check_root
from orglint.read.parse import Limits, Reader

DATA = TESTS / "data"
BACKSTAGE = DATA / "backstage-acme"
TRANSLATED = DATA / "backstage-acme-org.yaml"
NOT_AN_ORG = "this is not an org file: `apiVersion` and `kind` are the keys of a Backstage"

# file -> line of the second YAML document (None: the file holds one document)
FILES = {
    "backstage-group.yaml": None,
    "boxoffice-group.yaml": None,
    "infrastructure-group.yaml": None,
    "org.yaml": 18,
    "team-a-group.yaml": 14,
    "team-b-group.yaml": 14,
    "team-c-group.yaml": 14,
    "team-d-group.yaml": 14,
    "team-e-big-name-group.yaml": None,
}


def test_the_copy_is_complete_and_attributed():
    assert sorted(p.name for p in BACKSTAGE.glob("*.yaml")) == sorted(FILES)
    readme = (BACKSTAGE / "README.md").read_text()
    assert "Apache License, Version 2.0" in readme and "backstage/backstage" in readme


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_backstage_file_is_told_it_is_not_an_org_file(name):
    with cwd(BACKSTAGE):
        result = check_root(name, Config())
    got = [where(f) for f in result.active]
    expected = [("ORG002", name, 1, 1)]
    if FILES[name]:
        expected.append(("ORG001", name, FILES[name], 1))
    assert got == expected, show(result.active)
    assert result.active[0].message.startswith(NOT_AN_ORG)
    if FILES[name]:
        assert "a second YAML document starts here" in result.active[1].message


def test_the_backstage_folder_holds_no_org_file(capsys):
    with cwd(BACKSTAGE), pytest.raises(SystemExit) as exited:
        main(["check", "."])
    _, err = capsys.readouterr()
    assert exited.value.code == 2
    assert err == (
        "orglint: error: `.` holds no org file: a root is a .yaml or .yml file whose "
        "top level has `version` and `org`\n"
    )


def test_every_backstage_file_checked_at_once(capsys):
    with cwd(BACKSTAGE), pytest.raises(SystemExit) as exited:
        main(["check", *sorted(FILES), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert exited.value.code == 1
    assert data["summary"]["error"] == 9 + 5 and data["summary"]["orgs"] == 9
    assert {f["code"] for f in data["findings"]} == {"ORG001", "ORG002"}


# -- the hand translation into format v1 -------------------------------------------------------


def test_translation_is_a_valid_org_file():
    schema = json.loads((DATA.parent.parent / "schemas/org-v1.schema.json").read_text())
    reader = Reader(str(TRANSLATED), Limits())
    document = reader.read(TRANSLATED.read_bytes())
    assert reader.findings == []
    assert list(Draft202012Validator(schema).iter_errors(document)) == []


def test_translation_findings():
    with cwd(DATA):
        result = check_root(TRANSLATED.name, Config())
    org = result.org
    assert len(org.people) == 17 and len(org.teams) == 8
    assert org.members["team-a"] == [
        "breanna.davison",
        "janelle.dawe",
        "nigel.manning",
        "guest",
        "development.guest",
    ]
    assert org.members["team-e"] == []
    # Backstage records no reporting lines: seventeen tops, one STR002 for each but the first
    assert org.tops[0] == "breanna.davison" and len(org.tops) == 17
    assert [(f.code, f.location.line) for f in result.active] == [
        ("STR002", line) for line in range(49, 65)
    ], show(result.active)
    assert result.active[0].message == (
        "`janelle.dawe` has no `reports_to`, like `breanna.davison`: an org has one top; add "
        "`reports_to` (e.g. `reports_to: breanna.davison`)"
    )
