"""Data nobody on this team wrote: Backstage's example org, as is and translated by hand."""

from __future__ import annotations

import json

import pytest
from helpers import TESTS, cwd, show
from jsonschema import Draft202012Validator

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
def test_a_backstage_file_alone_is_read_as_a_catalog(name):
    # each file is a source now (orglint.sources); alone, its refs to other files dangle,
    # but nothing is called "not an org file" and every document of the file is read
    with cwd(BACKSTAGE):
        result = check_root(name, Config())
    assert all(f.code in ("ORG003", "ORG004") for f in result.active), show(result.active)
    assert not any("not an org file" in f.message for f in result.active)


def test_the_backstage_folder_is_one_catalog_with_its_two_quirks(orglint):
    # README of backstage-acme: the second `guest` (team-a-group.yaml line 67, `name: guest`
    # at column 3) and team-e's `parent: boxoffice` (line 12, the value at column 11) that
    # boxoffice's `children` does not list
    code, out, err = orglint("check", ".", "--format", "json", cwd=BACKSTAGE)
    data = json.loads(out)
    assert (code, err) == (1, "")
    got = [(f["code"], f["path"], f["line"], f["column"]) for f in data["findings"]]
    assert got == [
        ("ORG003", "team-a-group.yaml", 67, 3),
        ("ORG004", "team-e-big-name-group.yaml", 12, 11),
    ]
    assert data["summary"]["orgs"] == 1


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
