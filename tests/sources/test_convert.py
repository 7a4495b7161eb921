"""`orglint convert`: org v1 from sources, and `check` gives the same findings on both."""

from __future__ import annotations

import pytest
import yaml
from helpers import SHARED, cwd, show
from test_backstage import entity

from orglint.config import Config
from orglint.pipeline import check_root

ACME = SHARED / "real-world" / "backstage-acme"


def findings(result) -> list[tuple[str, str | None]]:
    """(code, entity) of the findings that do not depend on where they were written; a
    source's own form (a login's capitals, parent/children both written) is not carried
    over: the converted file has one spelling and one `parent`."""
    own = result.loaded.reported
    return sorted(
        (f.code, f.entity)
        for f in result.active
        if (f.location.path, f.location.line, f.location.column) not in own
    )


CATALOG = (
    entity("Group", "ml", "type: ml\nchildren: []")
    + entity("Group", "web", "type: team\nchildren: []")
    + entity("User", "Ana_B", "memberOf: [ml]")
    + entity("User", "bo", "memberOf: [web]")
    + entity("User", "bo", "memberOf: [web]")
    + entity(
        "Component",
        "ranker",
        "type: ml-model\nlifecycle: production\nowner: ml",
        "  annotations:\n    orglint.dev/deployed-by: group:wbe\n",
    )
    + entity("Component", "scorer", "type: model\nlifecycle: experimental\nowner: ml")
)


@pytest.mark.parametrize("split", [False, True], ids=["one-file", "split"])
def test_check_gives_the_same_findings_on_the_converted_files(tmp_path, orglint, split):
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "all.yaml").write_text(CATALOG)
    with cwd(tmp_path):
        args = ["convert", "catalog", "-o", "out/org.yaml"] + (["--split"] if split else [])
        (tmp_path / "out").mkdir()
        code, _, err = orglint(*args)
        assert code == 0, err
        source = check_root("catalog", Config())
        converted = check_root("out/org.yaml", Config())
    # the duplicate `bo` (ORG003), `wbe` (ORG004), MON001 for ranker, and more rules
    assert ("ORG003", "bo") in findings(source) and ("ORG004", "ranker") in findings(source)
    assert ("MON001", "ranker") in findings(source)
    assert findings(converted) == findings(source), show(converted.active)
    assert converted.org.unknown_facts == source.org.unknown_facts == {"reporting-lines", "skills"}
    written = (tmp_path / "out" / ("org-people.yaml" if split else "org.yaml")).read_text()
    people = yaml.safe_load(written)["people"]
    assert {"id": "ana_b", "name": "Ana_B"} in people  # the written id is kept as the name


@pytest.mark.skipif(not ACME.is_dir(), reason="shared/real-world/backstage-acme is absent")
def test_acme_round_trip(tmp_path, orglint):
    with cwd(ACME.parent):
        source = check_root("backstage-acme", Config())
        code, _, err = orglint("convert", "backstage-acme", "-o", str(tmp_path / "org.yaml"))
    assert code == 0 and "1 problem(s) of their own" in err
    converted = check_root(str(tmp_path / "org.yaml"), Config())
    assert findings(converted) == findings(source) == [("ORG003", "guest")]


def test_convert_refuses_what_is_not_a_source_and_existing_files(tmp_path, orglint):
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n")
    (tmp_path / "org.yaml").write_text("x")
    with cwd(tmp_path):
        code, _, err = orglint("convert", "notes.csv", "-o", "out.yaml")
        assert code == 2 and "is not a source orglint reads" in err
        (tmp_path / "p.csv").write_text("Employee ID,Name,Manager ID\na,A,\n")
        code, _, err = orglint("convert", "p.csv", "-o", "org.yaml")
        assert code == 2 and "`org.yaml` exists" in err
        assert (tmp_path / "org.yaml").read_text() == "x"


def test_an_unknown_fact_name_is_org002(tmp_path):
    from helpers import run

    text = "version: 1\norg: {name: X}\nx-orglint-unknown-facts: [skills, reporting-line]\n"
    found = run(text, tmp_path)
    assert [(f.code, f.location.line, f.location.column) for f in found] == [("ORG002", 3, 35)]
