"""Which files are orgs: roots have top-level `version` and `org`; other YAML is skipped
(counted by `check DIR`), `exclude` globs, and discovery that reads each file once."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import cwd, write

from orglint.read import discover
from orglint.read.discover import Discovery, Excluder, include_globs, is_org_root

ORG = """\
version: 1
org: {name: Acme}
include: [teams/*.yaml]
people:
  - id: ceo
"""
TEAM = """\
teams:
  - id: t{n}
    type: product
    lead: ceo
"""
COMPOSE = 'version: "3.8"\nservices:\n  web: {image: nginx}\n'
DEPENDABOT = "version: 2\nupdates: []\n"


def test_a_root_needs_version_and_org():
    assert is_org_root(ORG.encode())
    assert is_org_root(b'"version": 1\n"org": {name: A}\n')
    assert not is_org_root(COMPOSE.encode())
    assert not is_org_root(DEPENDABOT.encode())
    assert not is_org_root(b"people:\n  - id: a\n    org: x\n")  # `org` not at the top


def test_check_dir_skips_other_yaml_and_counts_it(tmp_path, orglint):
    write(
        tmp_path,
        {
            "org.yaml": ORG,
            "teams/a.yaml": TEAM.format(n=1),
            "docker-compose.yml": COMPOSE,
            "ci/dependabot.yml": DEPENDABOT,
        },
    )
    with cwd(tmp_path):
        run = orglint("check", ".")
    assert run.code == 0, run.out + run.err
    assert "ORG002" not in run.out
    assert "Skipped 2 YAML files" in run.err
    assert "`docker-compose.yml`" in run.err and "`ci/dependabot.yml`" in run.err
    assert "teams/a.yaml" not in run.err  # included by the org: part of it, not skipped


def test_exclude_in_the_configuration_and_on_the_command_line(tmp_path, orglint):
    write(
        tmp_path,
        {
            "org.yaml": ORG,
            "teams/a.yaml": TEAM.format(n=1),
            "docker-compose.yml": COMPOSE,
            "old/org.yaml": ORG.replace("ceo", "boss") + "    reports_to: nobody\n",
            ".orglint.toml": 'exclude = ["docker-compose*.yml"]\n',
        },
    )
    with cwd(tmp_path):
        run = orglint("check", ".")
        assert run.code == 1 and "old/org.yaml" in run.out  # the bad org is checked
        assert "Skipped" not in run.err  # the compose file is excluded, not skipped
        run = orglint("check", ".", "--exclude", "old")
        assert run.code == 0, run.out
        assert "old/org.yaml" not in run.out
        run = orglint("check", "--exclude", "old/*.yaml", "old/org.yaml", "org.yaml")
        assert run.code == 0, run.out


def test_the_exclude_setting_must_be_a_list_of_globs(tmp_path, orglint):
    write(tmp_path, {"org.yaml": ORG, ".orglint.toml": 'exclude = "x"\n'})
    with cwd(tmp_path):
        run = orglint("check", "org.yaml")
    assert run.code == 2
    assert "`exclude` must be a list of globs" in run.err


def test_excluder_matches_names_folders_and_paths(tmp_path):
    ex = Excluder(["docker-compose*.yml", "vendor", "ci/**/*.yaml"], tmp_path)
    assert ex(str(tmp_path / "docker-compose.prod.yml"))
    assert ex(str(tmp_path / "a" / "vendor" / "x.yaml"))
    assert ex(str(tmp_path / "ci" / "deep" / "x.yaml"))
    assert not ex(str(tmp_path / "org.yaml"))
    assert not ex(str(tmp_path / "vendored.yaml"))


def test_orgs_only_reads_each_file_a_bounded_number_of_times(tmp_path, monkeypatch):
    """pre-commit passing n fragments of one folder: each file is read a few times at most,
    whatever n (it was n times each: 750 files took 137 s)."""
    n = 120
    files = {"org.yaml": ORG.replace("teams/*.yaml", "t*.yaml")}
    files |= {f"t{i}.yaml": TEAM.format(n=i) for i in range(n)}
    files |= {f"other{i}.yaml": "a: 1\n" for i in range(n)}
    write(tmp_path, files)
    reads: dict[str, int] = {}
    real = discover._head

    def counting(path):
        reads[str(path)] = reads.get(str(path), 0) + 1
        return real(path)

    monkeypatch.setattr(discover, "_head", counting)
    with cwd(tmp_path):
        found = Discovery().discover(sorted(files), orgs_only=True)
    assert found.roots == ["org.yaml"]
    assert max(reads.values()) <= 2
    assert sum(reads.values()) <= 4 * len(files)


def test_a_deleted_file_brings_in_the_org_that_included_it(tmp_path):
    write(tmp_path, {"org.yaml": ORG, "teams/a.yaml": TEAM.format(n=1), "x.yaml": "a: 1\n"})
    with cwd(tmp_path):
        found = Discovery().discover([], orgs_only=True, deleted=["teams/b.yaml"])
        assert found.roots == ["org.yaml"]
        found = Discovery().discover([], orgs_only=True, deleted=["gone/b.yaml", "x.txt"])
        assert found.roots == []
        # the whole folder is gone: still the root's glob names it
        found = Discovery().discover([], orgs_only=True, deleted=[str(Path("teams/z.yml"))])
        assert found.roots == []  # `teams/*.yaml` does not match `.yml`


@pytest.mark.parametrize(
    ("text", "globs"),
    [
        (ORG, ["teams/*.yaml"]),
        (
            "version: 1\ninclude:\n  - a/*.yaml\n  - 'b/**/*.yml'\norg: {name: A}\n",
            ["a/*.yaml", "b/**/*.yml"],
        ),
        ("version: 1\npeople:\n  - {id: include}\ninclude: [x.yaml]\n", ["x.yaml"]),
        ("version: 1\norg: {name: include}\n", []),
        ("version: 1\ninclude: one.yaml\n", []),
        ("- include\n- [a]\n", []),
        ("version: 1\ninclude: [a.yaml\n", []),  # broken YAML: the check reports it
        ("version: 1\nx: {include: [a.yaml]}\n", []),  # not at the top level
    ],
)
def test_include_globs_reads_only_the_top_level_include(text, globs):
    assert include_globs(text.encode()) == globs
