"""GitHub org configs (peribolos) read where they are, and the Kubernetes orgs."""

from __future__ import annotations

import json
import re

import pytest
from helpers import SHARED, check, cwd, show, where

from orglint.config import Config
from orglint.pipeline import check_root
from orglint.validate.schema import Team

K8S = SHARED / "real-world" / "kubernetes-org" / "config"

ORG = """\
name: Example
admins:
- Alice
members:
- bob
- carol
teams:
  ml:
    description: ML
    maintainers:
    - alice
    members:
    - bob
    - dave
    teams:
      ml-infra:
        members:
        - Carol
"""
SIG = """\
teams:
  sig-docs:
    members:
    - bob
"""


def test_people_teams_nesting_and_sig_folders(tmp_path):
    result = check({"org.yaml": ORG, "sig-docs/teams.yaml": SIG}, tmp_path, root="org.yaml")
    org = result.org
    assert sorted(org.people) == ["alice", "bob", "carol"]
    assert sorted(org.teams) == ["ml", "ml-infra", "sig-docs"]
    assert org.teams["ml"].lead == "alice" and org.teams["ml-infra"].parent == "ml"
    assert org.unknown_facts == {"reporting-lines", "skills", "work-teams"}
    # `alice` (line 11) is written `Alice` (line 3); so is `Carol` (line 18) against `carol`;
    # `dave` (line 14) is no member of the org: what peribolos refuses too
    assert [where(f) for f in result.active] == [
        ("ORG003", "org.yaml", 11, 7),
        ("ORG004", "org.yaml", 14, 7),
        ("ORG003", "org.yaml", 18, 11),
    ], show(result.active)
    assert result.active[0].message.startswith("`alice` is written `Alice` at org.yaml:3")


def test_a_login_twice_in_the_org_is_org003(tmp_path):
    text = "members:\n- Bob\n- bob\n"
    found = check({"org.yaml": text}, tmp_path, root="org.yaml").active
    assert [where(f) for f in found] == [("ORG003", "org.yaml", 3, 3)], show(found)


@pytest.mark.skipif("previously" not in Team.model_fields, reason="org format without renames")
def test_previously_names_former_ids(tmp_path):
    text = "members: [a]\nteams:\n  new:\n    members: [a]\n    previously: [Old]\n"
    org = check({"org.yaml": text}, tmp_path, root="org.yaml").org
    assert org.renamed == {"old": "new"}  # the former id, normalised, names the team


@pytest.mark.skipif(not K8S.is_dir(), reason="shared/real-world/kubernetes-org is absent")
def test_the_kubernetes_org():
    with cwd(K8S):
        result = check_root("kubernetes/org.yaml", Config())
    org = result.org
    assert len(org.people) == 1276 and len(org.teams) == 284  # as the data's README says
    # no noise from facts a GitHub config cannot hold: nothing but spellings of logins
    assert {f.code for f in result.active} == {"ORG003"}, show(result.active)
    members = (K8S / "kubernetes" / "org.yaml").read_text().splitlines()
    listed = {m.strip()[2:].strip('"') for m in members if m.startswith("- ")}
    by_lower = {m.lower(): m for m in listed}
    for finding in result.active:
        line = (K8S / finding.path).read_text().splitlines()[finding.location.line - 1]
        login = re.sub(r"^\s*-\s*", "", line).split("#")[0].strip()
        # each points at a login the org's lists spell with other capitals
        assert login.lower() in by_lower and by_lower[login.lower()] != login, line


@pytest.mark.skipif(not K8S.is_dir(), reason="shared/real-world/kubernetes-org is absent")
def test_the_config_folder_holds_one_org_per_org_yaml(orglint):
    with cwd(K8S):
        code, out, _ = orglint("check", ".", "--format", "json")
    data = json.loads(out)
    orgs = sorted(p.parent.name for p in K8S.glob("*/org.yaml"))
    assert data["summary"]["orgs"] == len(orgs)
    assert code == 1  # the spellings of logins are errors
    assert {f["code"] for f in data["findings"]} <= {"ORG003", "ORG004"}


def test_one_file_with_several_orgs(tmp_path):
    text = (
        "orgs:\n  a:\n    members: [x]\n  b:\n    members: [y]\n"
        "    teams:\n      t:\n        members: [x, z]\n"
    )
    result = check({"config.yaml": text}, tmp_path, root="config.yaml")
    assert sorted(result.org.people) == ["x", "y"]
    # both orgs form one org; `z` (line 8, `        members: [x, z]`, column 22) is in neither
    assert [where(f) for f in result.active] == [("ORG004", "config.yaml", 8, 22)], show(
        result.active
    )


def test_a_folder_with_nothing_to_check_says_what_a_root_is(tmp_path, orglint):
    (tmp_path / "notes.yaml").write_text("a: 1\n")
    code, _, err = orglint("check", str(tmp_path))
    assert code == 2 and "or a source orglint reads" in err


def test_lists_of_the_wrong_shape_are_org002(tmp_path):
    text = "members: x\nteams:\n  t:\n    maintainers: [1]\n"
    found = check({"org.yaml": text}, tmp_path, root="org.yaml").active
    # `members: x` (line 1, value at column 10); `    maintainers: [1]` (line 4, column 19)
    assert [where(f) for f in found] == [
        ("ORG002", "org.yaml", 1, 10),
        ("ORG002", "org.yaml", 4, 19),
    ], show(found)
