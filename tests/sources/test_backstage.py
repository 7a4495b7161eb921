"""Backstage catalogs read where they are: the mapping, the checks Backstage users ask for,
and acme's known quirks at their lines."""

from __future__ import annotations

import subprocess

import pytest
from helpers import SHARED, check, cwd, dedent, show, where

from orglint.config import Config
from orglint.pipeline import check_root
from orglint.sources.backstage import parse_ref

ACME = SHARED / "real-world" / "backstage-acme"


def entity(kind: str, name: str, spec: str, extra: str = "") -> str:
    return (
        f"---\napiVersion: backstage.io/v1alpha1\nkind: {kind}\nmetadata:\n  name: {name}\n"
        f"{extra}spec:\n" + "".join(f"  {line}\n" for line in dedent(spec).splitlines())
    )


def test_refs_take_backstage_defaults():
    assert parse_ref("team-a", "group", "default") == parse_ref(
        "group:default/team-a", None, "x"
    ).__class__("group", "default", "team-a", "team-a")
    ref = parse_ref("user:development/guest", "group", "default")
    assert (ref.kind, ref.namespace, ref.name, ref.id) == ("user", "development", "guest", "guest")
    # the namespace defaults to the referring entity's own
    assert parse_ref("team-b", "group", "ops").namespace == "ops"
    assert parse_ref("Group:Team_B", None, "default").id == "team_b"


@pytest.mark.skipif(not ACME.is_dir(), reason="shared/real-world/backstage-acme is absent")
def test_acme_quirks_at_their_lines():
    with cwd(ACME.parent):
        result = check_root("backstage-acme", Config())
    # README: `guest` defined twice (second at team-a-group.yaml line 67, `name: guest`);
    # team-e's `parent: boxoffice` (line 12, value at column 11) not among boxoffice's children
    assert [where(f) for f in result.active] == [
        ("ORG003", "backstage-acme/team-a-group.yaml", 67, 3),
        ("ORG004", "backstage-acme/team-e-big-name-group.yaml", 12, 11),
    ], show(result.active)
    assert "boxoffice-group.yaml:13" in result.active[1].message
    org = result.org
    # 17 Users, one of them a duplicate; 9 Groups, one the organisation itself
    assert len(org.people) == 16 and len(org.teams) == 8
    assert org.info is not None and org.info.name == "ACME Corp"
    assert org.unknown_facts == {"reporting-lines", "skills"}
    assert org.teams["team-e"].parent == "boxoffice" and org.members["team-e"] == []
    assert "STR002" not in result.selected  # no reporting lines: not evaluated, not reported


def test_dangling_refs_with_did_you_mean(tmp_path):
    files = {
        "groups.yaml": entity("Group", "ml-team", "type: team\nchildren: [ml-platfrom]")
        + entity("Group", "ml-platform", "type: team\nparent: ml-team\nchildren: []"),
        "users.yaml": entity("User", "ana", "memberOf: [group:default/ml-tem]"),
    }
    result = check(files, tmp_path, root=".")
    # each entity: `---`, apiVersion, kind, metadata, name, spec, then its spec lines
    # (line 7 on); the misspelt child leaves ml-platform's `parent` unmatched (line 16)
    assert [where(f) for f in result.active] == [
        ("ORG004", "groups.yaml", 8, 14),
        ("ORG004", "groups.yaml", 16, 11),
        ("ORG004", "users.yaml", 7, 14),
    ], show(result.active)
    assert "did you mean `ml-platform`?" in result.active[0].message
    assert "does not list `ml-platform` in its `children`" in result.active[1].message
    assert "did you mean `ml-team`?" in result.active[2].message


def test_members_and_member_of_that_disagree(tmp_path):
    files = {
        "catalog.yaml": entity("Group", "search", "type: team\nchildren: []\nmembers: [bo]")
        + entity("User", "bo", "memberOf: [other]")
        + entity("Group", "other", "type: team\nchildren: []\nmembers: [cy]")
        + entity("User", "cy", "memberOf: [other]")
        + entity("User", "di", "memberOf: [other]"),
    }
    found = check(files, tmp_path, root=".").active
    # search lists bo, whose memberOf lacks search (line 9 `  members: [bo]`, column 13);
    # bo (line 16) and di (line 39) name other, whose members list only cy (column 14)
    assert [where(f) for f in found] == [
        ("ORG004", "catalog.yaml", 9, 13),
        ("ORG004", "catalog.yaml", 16, 14),
        ("ORG004", "catalog.yaml", 39, 14),
    ], show(found)


def test_unknown_group_type_is_one_org002_at_the_type(tmp_path):
    files = {"c.yaml": entity("Group", "x", "type: pod\nchildren: []")}
    found = check(files, tmp_path, root=".").active
    assert [where(f) for f in found] == [("ORG002", "c.yaml", 7, 9)], show(found)
    assert "group-types" in found[0].message


def test_a_broken_envelope_is_org002_at_its_line(tmp_path):
    text = entity("User", "ok", "memberOf: []") + (
        "---\napiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {}\nspec: {}\n"
    )
    found = check({"c.yaml": text}, tmp_path, root=".").active
    assert [where(f) for f in found] == [("ORG002", "c.yaml", 11, 11)], show(found)


MODELS = (
    entity("Group", "ml", "type: ml\nchildren: []")
    + entity("User", "ana", "memberOf: [ml]")
    + entity(
        "Component",
        "ranker",
        "type: ml-model\nlifecycle: production\nowner: user:ana\ndependsOn: [resource:clicks]",
        "  annotations:\n    orglint.dev/drift-monitoring: 'true'\n"
        "    orglint.dev/escalation: group:ml\n",
    )
    + entity("Resource", "clicks", "type: dataset\nowner: group:ml")
)


def test_models_and_data_from_components_and_resources(tmp_path):
    result = check({"c.yaml": MODELS}, tmp_path, root=".")
    model = result.org.models["ranker"]
    assert model.stage == "production" and model.data == ["clicks"]
    assert model.monitoring is not None and model.monitoring.drift is True
    assert result.org.data["clicks"].owner == "ml"
    # the owner is a User where a Group is expected (`  owner: user:ana`, line 27, column 10)
    assert [where(f) for f in result.active] == [("ORG004", "c.yaml", 27, 10)], show(result.active)
    assert "which is a person" in result.active[0].message


def test_a_user_owner_may_stand_for_its_only_group(tmp_path):
    config = {"sources": {"backstage": {"user-owners": "team"}}}
    result = check({"c.yaml": MODELS}, tmp_path, config, root=".")
    assert result.org.owned_by["ranker"] == "ml"
    # now the ML team owns a production model and works with no product or engineering
    # team: COL001 at its `name:` line (5, column 3)
    assert not [f for f in result.active if f.code.startswith("ORG")], show(result.active)
    assert ("COL001", "c.yaml", 5, 3) in [where(f) for f in result.active]


def test_reporting_lines_are_evaluated_once_annotated(tmp_path):
    users = entity("Group", "t", "type: team\nchildren: []")
    users += entity("User", "a", "memberOf: [t]")
    users += entity("User", "b", "memberOf: [t]")
    assert check({"c.yaml": users}, tmp_path, root=".").active == []
    annotated = users.replace(
        "name: b\n", "name: b\n  annotations:\n    orglint.dev/reports-to: user:c\n"
    )
    found = check({"c.yaml": annotated}, tmp_path, root=".").active
    # b reports to c, who is not in the catalog: ORG004 at the annotation's value
    assert [f.code for f in found] == ["ORG004"], show(found)


def test_precommit_in_a_catalog_repository(tmp_path, orglint):
    (tmp_path / "teams").mkdir()
    (tmp_path / "teams" / "ml.yaml").write_text(entity("Group", "ml", "type: ml\nchildren: []"))
    (tmp_path / "people.yaml").write_text(entity("User", "ana", "memberOf: [ml]"))
    (tmp_path / "README.md").write_text("a catalog\n")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    with cwd(tmp_path):
        # the changed file alone: its refs resolve across the repository's catalog
        code, out, _ = orglint("check", "--orgs-only", "people.yaml")
        assert code == 0, out
        (tmp_path / "people.yaml").write_text(entity("User", "ana", "memberOf: [mll]"))
        code, out, _ = orglint("check", "--orgs-only", "people.yaml", "README.md")
        assert code == 1
        assert out.startswith("people.yaml:7:14: ORG004"), out


def test_an_org_v1_root_includes_catalog_files(tmp_path):
    files = {
        "org.yaml": "version: 1\norg: {name: Mixed}\ninclude: [catalog/*.yaml]\n"
        "models:\n  - {id: ranker, stage: development, built_by: ml, owned_by: ml-tem}\n",
        "catalog/groups.yaml": entity("Group", "ml", "type: ml\nchildren: []"),
        "catalog/users.yaml": entity("User", "Ana", "memberOf: [ml]"),
    }
    result = check(files, tmp_path)
    assert result.org.built_by["ranker"] == "ml" and result.org.members["ml"] == ["ana"]
    refs = [where(f) for f in result.active if f.code == "ORG004"]
    line = files["org.yaml"].splitlines()[4]
    assert refs == [("ORG004", "org.yaml", 5, line.index("ml-tem") + 1)], show(result.active)


def test_refs_of_the_wrong_shape_are_org002(tmp_path):
    text = entity("Group", "g", "type: team\nmembers: [1]\nparent: [a]")
    found = check({"c.yaml": text}, tmp_path, root=".").active
    # `  members: [1]` (line 8): the item at column 13; `  parent: [a]` (line 9): column 11
    assert [where(f) for f in found] == [
        ("ORG002", "c.yaml", 8, 13),
        ("ORG002", "c.yaml", 9, 11),
    ], show(found)
