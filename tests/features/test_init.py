"""`orglint init`: starter org files per design that check clean and keep their comments."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers import REPO, cwd

from orglint.features.init import SCHEMA_URL, STARTERS

# What each starter is meant to show, as `orglint describe` names it.
INTENDED = {
    "embedded": ("search-ml", "embedded", "embedded"),
    "central": ("data-science", "productized", "independent"),
    "pillar": ("ml", "full-stack", "independent"),
    "consultant": ("data-science", "consultant", "independent"),
    "rnd": ("lab", "rnd-lab", "rnd"),
}


@pytest.mark.parametrize("design", sorted(INTENDED))
def test_each_design_checks_clean_and_describes_as_intended(design, tmp_path, orglint):
    with cwd(tmp_path):
        code, _, err = orglint("init", "org.yaml", "--design", design)
        assert code == 0, err
        assert err == (
            f"Wrote org.yaml ({design} design). Edit it, then run `orglint check "
            "org.yaml` and `orglint describe org.yaml`.\n"
        )
        code, out, _ = orglint("check", "org.yaml", "--output-format", "json", "--fail-on", "info")
        assert json.loads(out)["findings"] == [], out
        assert code == 0
        code, out, _ = orglint("describe", "org.yaml", "--output-format", "json")
    (team,) = json.loads(out)["orgs"][0]["ml_teams"]
    assert (team["id"], team["design"]["name"], team["archetype"]["name"]) == INTENDED[design]


@pytest.mark.parametrize("design", sorted(INTENDED))
def test_output_is_valid_against_the_json_schema(design, tmp_path, orglint):
    with cwd(tmp_path):
        assert orglint("init", "org.yaml", "--design", design)[0] == 0
        data = yaml.safe_load(Path("org.yaml").read_text(encoding="utf-8"))
    schema = json.loads((REPO / "schemas" / "org-v1.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


def test_the_first_line_is_the_schema_modeline(tmp_path, orglint):
    with cwd(tmp_path):
        assert orglint("init", "org.yaml").code == 0
        first = Path("org.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SCHEMA_URL}"


def test_a_schema_found_upwards_is_named_by_a_relative_path(tmp_path, orglint):
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "org-v1.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "orgs" / "acme").mkdir(parents=True)
    with cwd(tmp_path):
        assert orglint("init", "orgs/acme/org.yaml", "--design", "rnd")[0] == 0
        first = Path("orgs/acme/org.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/org-v1.schema.json"


def test_refuses_to_overwrite_without_force(tmp_path, orglint):
    target = tmp_path / "org.yaml"
    target.write_text("mine\n", encoding="utf-8")
    with cwd(tmp_path):
        code, out, err = orglint("init", "org.yaml", "--design", "central")
        assert code == 2 and out == ""
        assert "org.yaml already exists: choose another path, or add --force to overwrite it" in err
        assert target.read_text(encoding="utf-8") == "mine\n"
        assert orglint("init", "org.yaml", "--design", "central", "--force")[0] == 0
    assert "Head of Data Science" in target.read_text(encoding="utf-8")


def test_a_missing_folder_is_a_usage_error(tmp_path, orglint):
    with cwd(tmp_path):
        code, _, err = orglint("init", "no/such/org.yaml")
    assert code == 2 and "no/such: no such folder" in err


def test_name_is_set_and_every_comment_kept(tmp_path, orglint):
    code, plain, _ = orglint("init", "-", "--design", "consultant")
    assert code == 0
    name = 'Acme: "Services" #1 — ünïcode'
    code, named, _ = orglint("init", "-", "--design", "consultant", "--name", name)
    assert code == 0
    assert yaml.safe_load(named)["org"]["name"] == name
    comments = [line.split("#", 1)[1] for line in plain.splitlines() if "#" in line]
    kept = [
        line.split("#", 1)[1] for line in named.splitlines() if "#" in line and "Acme" not in line
    ]
    assert comments == kept
    written = [
        line.split("#", 1)[1]
        for line in (STARTERS / "consultant.yaml").read_text().splitlines()
        if "#" in line
    ]
    assert comments[1:] == written  # the template's own comments, after the modeline
    # the consultant starter explains why its business is not saas
    assert "ARC002 warns about `engagement: consulting` there" in plain
    assert yaml.safe_load(plain)["org"]["business"] == "services"


def test_rnd_explains_its_stage(orglint):
    code, text, _ = orglint("init", "-", "--design", "rnd")
    assert code == 0
    assert yaml.safe_load(text)["org"]["stage"] == "growth"
    assert "ARC001 warns about one at `pre-pmf` or `early`" in text


def test_an_unknown_design_lists_the_choices(orglint):
    code, _, err = orglint("init", "-", "--design", "matrix")
    assert code == 2
    assert "'embedded', 'central', 'pillar', 'consultant', 'rnd'" in err
