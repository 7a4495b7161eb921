"""The `[sources]` configuration: mapping overrides, and mistakes named with their key."""

from __future__ import annotations

import pytest
from helpers import check, cwd
from test_backstage import entity

from orglint.errors import ConfigError
from orglint.sources.settings import parse_settings


@pytest.mark.parametrize(
    ("table", "wanted"),
    [
        ({"backstage": {"group-types": {"pod": "squad"}}}, "`sources.backstage.group-types.pod`"),
        ({"backstage": {"user-owners": "yes"}}, "`sources.backstage.user-owners`"),
        ({"roster": {"columns": {"boss": "Manager"}}}, "`sources.roster.columns.boss`"),
        ({"roster": {"preset": "workday"}}, "`sources.roster.preset`"),
        ({"gitlab": {}}, "`sources.gitlab`"),
    ],
)
def test_mistakes_name_their_key(table, wanted):
    with pytest.raises(ConfigError, match=wanted.replace(".", r"\.")):
        parse_settings(table, ".orglint.toml")


def test_a_group_type_mapped_in_the_configuration(tmp_path):
    files = {"c.yaml": entity("Group", "lab", "type: pod")}
    toml = '[sources.backstage]\ngroup-types = {pod = "research"}\n'
    result = check(files, tmp_path, toml, root="c.yaml")
    assert result.active == [] and result.org.teams["lab"].type == "research"


def test_a_bad_sources_table_exits_2(tmp_path, orglint):
    (tmp_path / ".orglint.toml").write_text('[sources.github]\nteam-type = "squad"\n')
    (tmp_path / "org.yaml").write_text("members: [a]\n")
    with cwd(tmp_path):
        code, _, err = orglint("check", "org.yaml")
    assert code == 2 and err.startswith("orglint: error: ") and "team-type" in err
