"""Limits (`[tool.orglint.limits]` / `limits` in `.orglint.toml`): each breach is a located
diagnostic, each limit is configurable end to end, and the defaults admit a 100k-person org."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, cwd
from yaml._yaml import CParser

from orglint.read.parse import Limits

HEAD = "version: 1\norg:\n  name: Acme\n"
TEAMS = (
    HEAD
    + """\
people:
  - id: ceo
teams:
  - id: core
    type: engineering
    members: [ceo]
    kpis:
      - name: uptime
        kind: product
"""
)


def check(
    orglint,
    folder: Path,
    config: str,
    text: str = TEAMS,
    extra: dict | None = None,
    config_name: str = ".orglint.toml",
    *args: str,
) -> tuple[int, list[tuple]]:
    """`orglint check ARGS --output-format json org.yaml` in ``folder``; (exit code, findings)."""
    (folder / config_name).write_text(config)
    (folder / "org.yaml").write_text(text)
    for name, content in (extra or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content)
    with cwd(folder):
        code, out, err = orglint("check", *args, "--output-format", "json", "org.yaml")
    assert err == ""
    return code, [
        (f["code"], f["path"], f["line"], f["column"], f["message"])
        for f in json.loads(out)["findings"]
    ]


def test_the_normal_file_passes_the_default_limits(tmp_path, orglint):
    assert check(orglint, tmp_path, "") == (0, [])


def test_max_depth(tmp_path, orglint):
    # the top mapping, `teams`, the team, `kpis`: the kpi mapping is the fifth level
    code, found = check(orglint, tmp_path, "limits = {max-depth = 4}\n")
    assert code == 1
    assert found == [
        (
            "ORG001",
            "org.yaml",
            11,
            9,
            "nesting deeper than 4 levels (limits.max-depth); an org file needs only a few",
        )
    ]


def test_max_depth_from_pyproject(tmp_path, orglint):
    # the first fourth level: `members: [ceo]` inside a team inside `teams`
    code, found = check(
        orglint, tmp_path, "[tool.orglint.limits]\nmax-depth = 3\n", config_name="pyproject.toml"
    )
    assert (code, [f[:4] for f in found]) == (1, [("ORG001", "org.yaml", 9, 14)])


def test_max_nodes(tmp_path, orglint):
    # the top mapping, `version`, `1`, `org`, its mapping, `name`, `Acme`, `people`: 8 nodes;
    # the ninth is the `people` list, starting at its first `-`
    code, found = check(orglint, tmp_path, "limits = {max-nodes = 8}\n")
    assert (code, found) == (
        1,
        [("ORG001", "org.yaml", 5, 3, "more than 8 YAML nodes (limits.max-nodes)")],
    )


def test_max_nodes_in_one_long_flat_list(tmp_path, orglint):
    """No container starts after the breach: it is caught where the list ends."""
    code, found = check(
        orglint,
        tmp_path,
        "limits = {max-nodes = 50}\n",
        HEAD + "x-names: [" + ", ".join(["a"] * 100) + "]\n",
    )
    assert code == 1
    assert found == [
        (
            "ORG001",
            "org.yaml",
            4,
            10,
            "more than 50 YAML nodes (limits.max-nodes), "
            "counted up to the end of the list or mapping that starts here",
        )
    ]


def test_max_alias_expansion(tmp_path, orglint):
    text = (
        HEAD + "x-skills: &skills [ml, backend, frontend]\npeople:\n  - id: ceo\n"
        "    skills: *skills\n  - id: ana\n    reports_to: ceo\n    skills: *skills\n"
    )
    code, found = check(orglint, tmp_path, "limits = {max-alias-expansion = 5}\n", text)
    assert code == 1
    # the anchored list weighs 4 nodes: the second alias brings 8
    assert found == [
        (
            "ORG001",
            "org.yaml",
            10,
            13,
            "alias `*skills` brings the nodes reached "
            "through aliases past 5 (limits.max-alias-expansion); is this an alias bomb?",
        )
    ]
    code, found = check(orglint, tmp_path, "limits = {max-alias-expansion = 8}\n", text)
    assert "ORG001" not in [f[0] for f in found]


def test_max_scalar_length(tmp_path, orglint):
    # keys count too: `version` (7 characters) is within the limit
    code, found = check(
        orglint,
        tmp_path,
        "limits = {max-scalar-length = 8}\n",
        HEAD.replace("Acme", "Acme Corporation") + "people:\n  - id: ceo\n",
    )
    assert (code, found) == (
        1,
        [
            (
                "ORG001",
                "org.yaml",
                3,
                9,
                "a value of 16 characters exceeds the limit of 8 (limits.max-scalar-length)",
            )
        ],
    )


def test_max_file_size_of_the_root_and_of_an_included_file(tmp_path, orglint):
    size = len((HEAD + "include: [big.yaml]\n").encode())
    code, found = check(
        orglint,
        tmp_path,
        f"limits = {{max-file-size = {size}}}\n",
        HEAD + "include: [big.yaml]\n",
        {"big.yaml": "people:\n  - id: ceo\n    name: " + "x" * size + "\n"},
    )
    assert code == 1
    assert found == [
        (
            "ORG001",
            "big.yaml",
            1,
            1,
            f"the file is larger than the limit of {size} "
            "bytes (limits.max-file-size); raise the limit in the configuration if "
            "this really is one org file",
        )
    ]
    code, found = check(
        orglint,
        tmp_path,
        f"limits = {{max-file-size = {size - 1}}}\n",
        HEAD + "include: [big.yaml]\n",
    )
    assert [f[:4] for f in found] == [("ORG001", "org.yaml", 1, 1)]


def test_max_includes(tmp_path, orglint):
    parts = {f"parts/{n}.yaml": f"people:\n  - id: p{n}\n" for n in range(3)}
    code, found = check(
        orglint,
        tmp_path,
        "limits = {max-includes = 2}\n",
        HEAD + "include: [parts/*.yaml]\n",
        parts,
        ".orglint.toml",
        "--select",
        "ORG",
    )
    assert code == 1
    assert [f[:4] for f in found] == [("ORG005", "org.yaml", 4, 11)]
    assert "more than 2 included files (limits.max-includes)" in found[0][4]


def test_a_bad_limit_is_a_configuration_error(tmp_path, orglint):
    (tmp_path / ".orglint.toml").write_text('limits = {max-depth = "deep"}\n')
    (tmp_path / "org.yaml").write_text(TEAMS)
    with cwd(tmp_path):
        code, out, err = orglint("check", "org.yaml")
    assert (code, out) == (2, "")
    assert "`limits.max-depth` must be a whole number >= 1" in err


def test_every_limit_is_a_setting():
    assert Limits.field_names() == [
        "max-file-size",
        "max-nodes",
        "max-alias-expansion",
        "max-depth",
        "max-scalar-length",
        "max-includes",
        "max-org-size",
    ]


@pytest.fixture(scope="module")
def org_10k(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("org10k")
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), "10000", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return Path(done.stdout.strip())


def _shape(data: bytes) -> tuple[int, int, int, int]:
    """(nodes, deepest nesting, longest scalar, aliases) of a YAML file."""
    parser = CParser(data)
    nodes = depth = deepest = longest = aliases = 0
    while True:
        event = parser.get_event()
        kind = type(event).__name__
        if kind == "ScalarEvent":
            nodes += 1
            longest = max(longest, len(event.value))
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            nodes += 1
            depth += 1
            deepest = max(deepest, depth)
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            depth -= 1
        elif kind == "AliasEvent":
            aliases += 1
        elif kind == "StreamEndEvent":
            return nodes, deepest, longest, aliases


def test_the_defaults_admit_a_100k_person_org(org_10k):
    """Size and nodes grow linearly with people (benchmarks/generate.py): 10x a 10k-person
    org must fit the defaults (measured: 14 MB, 1.38M nodes, 229 MB of memory). The
    defaults are that low so that any input within them stays under 1 GB (issue 15)."""
    data = org_10k.read_bytes()
    nodes, deepest, longest, aliases = _shape(data)
    limits = Limits()
    assert 10 * len(data) * 2 < limits.max_file_size
    assert 10 * nodes < limits.max_nodes
    assert deepest < limits.max_depth and longest < limits.max_scalar_length and aliases == 0


def test_the_defaults_scaled_down_10x_admit_a_10k_person_org(org_10k, orglint):
    """The same proportion, through the real pipeline and a configuration file."""
    limits = Limits()
    (org_10k.parent / ".orglint.toml").write_text(
        f"limits = {{max-file-size = {limits.max_file_size // 10}, "
        f"max-nodes = {limits.max_nodes // 10}}}\n"
    )
    with cwd(org_10k.parent):
        code, out, err = orglint(
            "check", "--select", "ORG", "--output-format", "json", org_10k.name
        )
    assert (code, err, json.loads(out)["findings"]) == (0, "", [])


# -- issue 15: budgets per org, not per glob or file; only regular files -----------------------


def test_the_walk_budget_is_shared_by_every_glob_of_the_org(tmp_path, orglint, monkeypatch):
    """Twenty globs of a few entries each: each alone is under the budget, together over."""
    import orglint.read.load as load

    monkeypatch.setattr(load, "MAX_GLOB_VISITS", 100)
    for i in range(10):
        (tmp_path / f"part{i}.yaml").write_text("")
    globs = "".join(f"  - 'part{i}*.yaml'\n" for i in range(20))
    code, found = check(
        orglint, tmp_path, "", HEAD + "include:\n" + globs + "people:\n  - id: ceo\n"
    )
    assert code == 1
    assert [f[0] for f in found] == ["ORG005"]
    assert "past 100 " in found[0][4] and "the remaining includes were not followed" in found[0][4]


def test_the_node_budget_is_for_the_whole_org(tmp_path, orglint):
    """Each file has 12 nodes or fewer; the three together have more than 30."""
    (tmp_path / "a.yaml").write_text("people:\n  - id: a1\n  - id: a2\n  - id: a3\n")
    (tmp_path / "b.yaml").write_text("people:\n  - id: b1\n  - id: b2\n  - id: b3\n")
    code, found = check(
        orglint,
        tmp_path,
        "limits = {max-nodes = 30}\n",
        HEAD + "include: [a.yaml, b.yaml]\npeople:\n  - id: ceo\n",
        None,
        ".orglint.toml",
        "--select",
        "ORG",
    )
    assert code == 1
    assert [(f[0], f[1]) for f in found] == [("ORG001", "b.yaml")]
    assert "more than 30 YAML nodes in the org's files together" in found[0][4]


def test_the_byte_budget_is_for_the_whole_org(tmp_path, orglint):
    (tmp_path / "a.yaml").write_text("people:\n  - id: a1\n" + "# padding\n" * 10)
    (tmp_path / "b.yaml").write_text("people:\n  - id: b1\n" + "# padding\n" * 10)
    root = HEAD + "include: [a.yaml, b.yaml]\npeople:\n  - id: ceo\n"
    config = f"limits = {{max-org-size = {len(root) + 150}}}\n"
    code, found = check(orglint, tmp_path, config, root, None, ".orglint.toml", "--select", "ORG")
    assert code == 1
    assert [(f[0], f[1]) for f in found] == [("ORG001", "b.yaml")]
    assert "the org's files together are larger than the limit" in found[0][4]


def test_once_the_node_budget_is_spent_later_files_are_not_read(tmp_path, orglint):
    """One ORG001, on the file that crossed the budget; the files after it wait unread
    (they used to get an ORG001 each, hundreds of lines for one cause)."""
    for name in "abcd":
        (tmp_path / f"{name}.yaml").write_text(
            f"people:\n  - id: {name}1\n  - id: {name}2\n  - id: {name}3\n"
        )
    code, found = check(
        orglint,
        tmp_path,
        "limits = {max-nodes = 30}\n",
        HEAD + "include: [a.yaml, b.yaml, c.yaml, d.yaml]\npeople:\n  - id: ceo\n",
        None,
        ".orglint.toml",
        "--select",
        "ORG",
    )
    assert code == 1
    assert [(f[0], f[1]) for f in found] == [("ORG001", "b.yaml")]
    out = orglint("check", "org.yaml", cwd=tmp_path).out
    assert "`b.yaml`, `c.yaml`, `d.yaml` could not be parsed" in out


def _catalog_user(name: str) -> str:
    return (
        "apiVersion: backstage.io/v1alpha1\nkind: User\n"
        f"metadata:\n  name: {name}\nspec:\n  memberOf: []\n"
    )


@pytest.mark.parametrize(
    ("limit", "words", "waiting"),
    [
        # d was read, not parsed: the node budget is spent in the parser
        ("max-nodes = 30", "more than 30 YAML nodes in the org's files together", "c, d"),
        # the walk stops at c: d is never opened
        ("max-org-size = 250", "the org's files together are larger than the limit of 250", "c"),
    ],
)
def test_a_catalog_folder_has_one_budget_for_all_its_files(
    tmp_path, orglint, limit, words, waiting
):
    """Each catalog file is within the limits: 86 bytes, and 13 nodes (every scalar, keys
    too, and every mapping and list: the document's mapping, apiVersion and its value, kind
    and User, metadata, its mapping, name and its value, spec, its mapping, memberOf, the
    empty list). a and b fit both budgets (26 nodes, 172 bytes); c crosses them (39 > 30,
    258 > 250). The configuration is found in the catalog folder."""
    (tmp_path / ".orglint.toml").write_text(f"limits = {{{limit}}}\n")
    for name in "abcd":
        (tmp_path / f"{name}.yaml").write_text(_catalog_user(name))
    code, out, err = orglint("check", ".", "--output-format", "json", cwd=tmp_path)
    assert (code, err) == (1, "")
    found = [(f["code"], f["path"]) for f in json.loads(out)["findings"]]
    assert found == [("ORG001", "c.yaml")], found
    assert words in json.loads(out)["findings"][0]["message"]
    text = orglint("check", ".", cwd=tmp_path).out
    named = ", ".join(f"`{name}.yaml`" for name in waiting.split(", "))
    assert f"because {named} could not be parsed" in text


def test_a_catalog_file_over_the_file_size_limit_is_reported(tmp_path, orglint):
    """Found by walking the folder, it is known by its start (it used to be skipped without
    a word, its entities missing); the other files are read."""
    (tmp_path / ".orglint.toml").write_text("limits = {max-file-size = 150}\n")
    (tmp_path / "a.yaml").write_text(_catalog_user("a"))  # 86 bytes
    big = _catalog_user("big").replace(
        "metadata:\n", "metadata:\n  description: " + "x" * 80 + "\n"
    )
    assert len(big) > 150
    (tmp_path / "big.yaml").write_text(big)
    (tmp_path / "other.yaml").write_text("just: data\n" * 20)  # over the limit, not a catalog
    code, out, err = orglint("check", ".", "--output-format", "json", cwd=tmp_path)
    assert (code, err) == (1, "")
    found = [(f["code"], f["path"], f["line"], f["column"]) for f in json.loads(out)["findings"]]
    assert found == [("ORG001", "big.yaml", 1, 1)]
    message = json.loads(out)["findings"][0]["message"]
    assert "the file is larger than the limit of 150 bytes (limits.max-file-size)" in message


def test_a_github_org_config_shares_the_byte_budget_with_its_teams_files(tmp_path, orglint):
    """The config fits and so would each `teams.yaml` alone; with the first one the org's
    files pass the limit: one ORG001 there, and the second is not read."""
    org = "members:\n  - alice\n  - bob\n"
    teams = "teams:\n  a:\n    members: [alice]\n"
    (tmp_path / ".orglint.toml").write_text(f"limits = {{max-org-size = {len(org) + 10}}}\n")
    (tmp_path / "org.yaml").write_text(org)
    for sig in ("sig-a", "sig-b"):
        (tmp_path / sig).mkdir()
        (tmp_path / sig / "teams.yaml").write_text(teams)
    code, out, err = orglint("check", "org.yaml", "--output-format", "json", cwd=tmp_path)
    assert (code, err) == (1, "")
    found = [(f["code"], f["path"], f["line"]) for f in json.loads(out)["findings"]]
    assert found == [("ORG001", "sig-a/teams.yaml", 1)]
    assert "the org's files together are larger" in json.loads(out)["findings"][0]["message"]


def test_a_github_org_config_folder_1100_levels_deep(tmp_path, orglint):
    """Its `teams.yaml` files are found as discovery finds files: iteratively, 64 levels
    down at most (the walk used to recurse and end in an internal error)."""
    (tmp_path / ".orglint.toml").write_text("")
    (tmp_path / "org.yaml").write_text("members:\n  - alice\n")
    (tmp_path / "sig").mkdir()
    (tmp_path / "sig" / "teams.yaml").write_text("teams:\n  a:\n    members: [alice, zed]\n")
    deep = tmp_path
    for _ in range(1100):
        deep = deep / "d"
        deep.mkdir()
    (deep / "teams.yaml").write_text("teams:\n  far:\n    members: [nobody]\n")
    try:
        code, out, err = orglint("check", "org.yaml", "--output-format", "json", cwd=tmp_path)
        assert "internal error" not in err and code in (0, 1), err
        messages = " ".join(f["message"] for f in json.loads(out)["findings"])
        assert "`zed`" in messages  # sig/teams.yaml was read: zed is no member of the org
        assert "nobody" not in messages  # the far one was not
    finally:  # pytest's own clean-up (shutil.rmtree) would recurse too deeply
        (deep / "teams.yaml").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent


def test_a_file_over_the_limit_is_not_read_past_it(tmp_path):
    """A sparse 600 MiB file costs no disk; discovery reads no more of it than the limit."""
    from orglint.read.discover import _head

    path = tmp_path / "sparse.yaml"
    with open(path, "wb") as handle:
        handle.write(b"version: 1\n")
        handle.truncate(600 * 1024 * 1024)
    assert len(_head(str(path))) == Limits().max_file_size + 1


def _process(args: list[str], folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "orglint", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_fifo_as_the_root_is_org005_not_a_hang(tmp_path):
    import os

    (tmp_path / ".orglint.toml").write_text("")
    os.mkfifo(tmp_path / "org.yaml")
    done = _process(["check", "org.yaml"], tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("org.yaml:1:1: ORG005 cannot read `org.yaml`: it is not a ")


@pytest.mark.parametrize("args", [["check", "/dev/zero"], ["check", "--orgs-only", "/dev/zero"]])
def test_a_device_is_never_read(tmp_path, args):
    (tmp_path / ".orglint.toml").write_text("")
    done = _process(args, tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert "internal error" not in done.stderr
    if "--orgs-only" not in args:
        assert "ORG005 cannot read `/dev/zero`: it is not a regular file" in done.stdout


@pytest.mark.parametrize("value", ["9223372036854775807", "1" * 5000])
def test_a_huge_limit_is_a_configuration_error(tmp_path, orglint, value):
    (tmp_path / ".orglint.toml").write_text(f"limits = {{max-file-size = {value}}}\n")
    (tmp_path / "org.yaml").write_text(TEAMS)
    with cwd(tmp_path):
        code, out, err = orglint("check", "org.yaml")
    assert (code, out) == (2, "")
    assert err.startswith("orglint: error: ") and ".orglint.toml" in err
    assert "must be at most 1,099,511,627,776" in err or "a number too large" in err
