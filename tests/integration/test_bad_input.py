"""Hostile and broken input (issue 5): every file in `tests/bad/` gets its located
diagnostic and exit code 1, never a traceback; big inputs are generated at run time and
checked in a subprocess for time (a generous timeout, not a benchmark) and memory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from helpers import GIT_ENV, TESTS, cwd, show

from orglint.config import Config
from orglint.pipeline import check_root

CORPUS = TESTS / "bad"
GB = 1024 * 1024  # ru_maxrss is in KiB on Linux

# file -> every finding it yields: (code, line, column, words of the message)
EXPECTED = {
    "unclosed-quote.yaml": [
        ("ORG001", 6, 1, "starts at line 3, column 9); is a closing quote missing?")
    ],
    "unclosed-bracket.yaml": [
        (
            "ORG001",
            7,
            7,
            "did not find expected ',' or ']' (parsing a flow "
            "sequence that starts at line 6, column 13)",
        )
    ],
    "unclosed-brace.yaml": [("ORG001", 3, 7, "did not find expected ',' or '}'")],
    "tab-indentation.yaml": [("ORG001", 6, 1, "tab character that violates indentation")],
    "bad-escape.yaml": [("ORG001", 3, 15, "found unknown escape character")],
    "empty.yaml": [("ORG002", 1, 1, "the file is empty")],
    "comments-only.yaml": [("ORG002", 1, 1, "the file is empty")],
    "top-level-list.yaml": [
        ("ORG002", 1, 1, "must be a mapping of keys (`version`, `org`, `people`, ...), not a list")
    ],
    "top-level-scalar.yaml": [
        (
            "ORG002",
            1,
            1,
            "must be a mapping of keys (`version`, `org`, `people`, ...), not a string",
        )
    ],
    "version-2.yaml": [
        ("ORG002", 1, 10, "unsupported `version: 2`: this orglint knows org format version 1 only")
    ],
    "version-string.yaml": [
        ("ORG002", 1, 10, '`version: "1"` is a string: write the number without quotes')
    ],
    "version-true.yaml": [("ORG002", 1, 10, "unsupported `version: true`")],
    "version-float.yaml": [("ORG002", 1, 10, "unsupported `version: 1.0`")],
    "version-missing.yaml": [("ORG002", 1, 1, "missing `version`: add `version: 1`")],
    "wrong-types.yaml": [
        ("ORG002", 3, 9, "`name` in `org` must be a string, not a number `42`"),
        ("ORG002", 4, 10, "`stage: big` in `org` is not allowed: use one of `pre-pmf`"),
        ("ORG002", 7, 11, "`name` in person `ceo` must be a string, not a list"),
        ("ORG002", 8, 13, "`skills` in person `ceo` must be a list"),
        ("ORG002", 9, 9, "`id` in this person must be a string, not a number `7`"),
        ("ORG002", 10, 9, "malformed id `Ana Lopez`"),
        (
            "ORG002",
            11,
            17,
            "`reports_to` in this person must be a string (a person id), not a mapping",
        ),
        (
            "ORG002",
            12,
            5,
            "each entry of `people` must be a mapping starting with `- id:`, not a string",
        ),
        ("ORG002", 13, 8, "`teams` must be a list of team entries"),
        (
            "ORG002",
            17,
            18,
            "`user_facing` in model `churn` must be `true` or `false`, not a string",
        ),
        ("ORG002", 18, 17, "`monitoring` in model `churn` must be a mapping, not a string `yes`"),
    ],
    "duplicate-keys.yaml": [
        ("ORG001", 8, 5, "duplicate key `name` (first written at line 6)"),
        ("ORG001", 9, 1, "duplicate key `org` (first written at line 2)"),
    ],
    # YAML 1.2 core schema: `yes`/`no`/`on`/`off` are strings (`skills: [no, on]` is fine)
    "yaml11-booleans.yaml": [
        (
            "ORG002",
            9,
            30,
            "`available_in_production` in data `logs` must be `true` or `false`, not a string `no`",
        ),
        (
            "ORG002",
            13,
            18,
            "`user_facing` in model `churn` must be `true` or `false`, not a string `yes`",
        ),
    ],
    "invalid-utf8.yaml": [("ORG001", 6, 14, "not valid UTF-8: byte 0xe9 at line 6")],
    "nul-byte.yaml": [("ORG001", 5, 10, "the file contains a NUL byte")],
    "control-character.yaml": [("ORG001", 3, 13, "the control character U+0007")],
    "binary-garbage.yaml": [("ORG001", 1, 1, "not valid UTF-8: byte 0x89 at line 1")],
    "utf16.yaml": [("ORG001", 1, 1, "the file is UTF-16; org files must be UTF-8")],
    # a CRLF file and a UTF-8 byte order mark do not shift lines or columns
    "crlf.yaml": [("ORG002", 6, 5, "unknown key `titel` in person `ceo`: did you mean `title`?")],
    "bom.yaml": [("ORG002", 6, 5, "unknown key `titel` in person `ceo`: did you mean `title`?")],
    # refused, never constructed; the fields they replace are not also reported missing
    "python-object.yaml": [
        ("ORG001", 6, 11, "the tag `!!python/object/apply:builtins.open` is not allowed"),
        ("ORG001", 7, 12, "the tag `!!python/object/apply:os.system` is not allowed"),
        ("ORG001", 8, 9, "the tag `!!python/name:os.getcwd` is not allowed"),
    ],
    "other-tags.yaml": [
        ("ORG001", 3, 9, "the tag `!!binary` is not allowed"),
        ("ORG001", 5, 5, "the tag `!!set` is not allowed"),
        ("ORG001", 7, 12, "the tag `!custom` is not allowed"),
    ],
    "merge-key.yaml": [("ORG001", 10, 5, "YAML merge keys (`<<`) are not supported")],
    "alias-bomb.yaml": [
        (
            "ORG001",
            9,
            10,
            "alias `*e` brings the nodes reached through aliases "
            "past 100,000 (limits.max-alias-expansion)",
        )
    ],
    "alias-undefined.yaml": [("ORG001", 6, 13, "alias `*skills` names no anchor")],
    "alias-recursive.yaml": [("ORG001", 5, 5, "alias `*loop` refers to a node that contains it")],
    # the ids are malformed (ORG002) but still defined: no ORG004 for references to them
    "unicode-ids.yaml": [
        ("ORG002", 5, 9, "malformed id `zoë` in this person"),
        ("ORG002", 10, 9, "malformed id `ｂｏｂ` in this person"),
    ],
    "include-nothing.yaml": [("ORG005", 5, 5, "include `teams/*.yaml` matches no file")],
    "numeric-keys.yaml": [
        ("ORG002", 6, 5, "unknown key `1` in person `ceo`"),
        ("ORG002", 7, 1, "unknown key `2024` at the top level"),
    ],
    "complex-keys.yaml": [
        ("ORG001", 4, 1, "a key must be a plain string, not a list, mapping or alias"),
        ("ORG001", 5, 3, "a key must be a plain string, not a list, mapping or alias"),
    ],
    "two-documents.yaml": [("ORG001", 4, 1, "a second YAML document starts here (`---`)")],
    # issue 15: NEL, U+2028 and U+2029 inside a value end no line; a lone CR ends one
    "nel-in-value.yaml": [("ORG002", 4, 10, "`stage: big` in `org` is not allowed")],
    "line-separator-in-value.yaml": [("ORG002", 4, 10, "`stage: big` in `org` is not allowed")],
    "lone-cr-invalid-utf8.yaml": [("ORG001", 4, 10, "byte 0xff at line 4 cannot be decoded")],
}


def isolated(tmp_path: Path) -> Path:
    """A folder whose (empty) configuration stops the search upwards into the repository."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / ".orglint.toml").write_text("")
    return tmp_path


def lint(path: Path, config: Config | None = None) -> list:
    with cwd(path.parent):
        return check_root(path.name, config or Config()).findings


def run_measured(args: list[str], cwd: Path, timeout: float = 60) -> tuple[int, str, str, int]:
    """Run a command; return (exit code, stdout, stderr, peak RSS in KiB) of that child alone."""
    out_path, err_path = cwd / ".stdout", cwd / ".stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(
            args, cwd=cwd, stdout=out, stderr=err, env={**os.environ, "NO_COLOR": "1"}
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode != -9, f"{args} did not finish within {timeout} s"
    return (
        proc.returncode,
        out_path.read_text("utf-8", "replace"),
        err_path.read_text("utf-8", "replace"),
        usage.ru_maxrss,
    )


def orglint_process(path: Path, *extra: str) -> tuple[int, str, str, int]:
    return run_measured([sys.executable, "-m", "orglint", "check", *extra, path.name], path.parent)


# -- the committed corpus -----------------------------------------------------------------------


def test_every_corpus_file_has_an_expectation():
    assert sorted(p.name for p in CORPUS.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_yields_its_located_diagnostic(orglint, name, tmp_path):
    path = isolated(tmp_path) / name
    shutil.copyfile(CORPUS / name, path)
    findings = lint(path)
    expected = EXPECTED[name]
    assert [(f.code, f.location.line, f.location.column) for f in findings] == [
        (code, line, column) for code, line, column, _ in expected
    ], show(findings)
    for finding, (_, _, _, words) in zip(findings, expected):
        assert words in finding.message
        assert finding.path == name
    with cwd(tmp_path):
        code, out, err = orglint("check", name)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert [line.split(" ")[:2] for line in lines[:-1]] == [
        [f"{name}:{line}:{column}:", code] for code, line, column, _ in expected
    ]
    assert lines[-1].startswith(f"Found {len(expected)} problem")


@pytest.mark.parametrize(
    "name", ["binary-garbage.yaml", "nul-byte.yaml", "unclosed-quote.yaml", "python-object.yaml"]
)
def test_corpus_file_through_a_real_process(name, tmp_path):
    path = isolated(tmp_path) / name
    shutil.copyfile(CORPUS / name, path)
    code, out, err, _ = orglint_process(path, "--output-format", "json")
    assert code == 1 and "Traceback" not in err and err == ""
    import json

    found = [(f["code"], f["line"], f["column"]) for f in json.loads(out)["findings"]]
    assert found == [(c, line, col) for c, line, col, _ in EXPECTED[name]]


def test_python_tags_are_never_constructed(orglint, tmp_path):
    """The payload is live (an unsafe loader runs it and creates the file); orglint refuses it
    in-process and through the command line, and the file never appears."""
    payload = (CORPUS / "python-object.yaml").read_bytes()
    witness = tmp_path / "control"
    witness.mkdir()
    with cwd(witness):
        yaml.load(payload, Loader=yaml.UnsafeLoader)
    assert (witness / "pwned-by-orglint.txt").exists()
    assert (witness / "pwned-by-orglint-2.txt").exists()

    folder = isolated(tmp_path / "org")
    path = folder / "org.yaml"
    path.write_bytes(payload)
    assert [f.code for f in lint(path)] == ["ORG001"] * 3
    with cwd(folder):
        assert orglint("check", "org.yaml")[0] == 1
    assert orglint_process(path)[0] == 1
    assert sorted(p.name for p in folder.iterdir()) == [
        ".orglint.toml",
        ".stderr",
        ".stdout",
        "org.yaml",
    ]


def test_a_refused_value_takes_its_entity_out_of_the_other_rules(tmp_path):
    """`reports_to` refused (ORG001) must not make `ana` a second top (STR002)."""
    path = isolated(tmp_path) / "org.yaml"
    path.write_text(
        "version: 1\norg:\n  name: Acme\npeople:\n  - id: ceo\n  - id: ana\n"
        "    reports_to: !!python/name:os.getcwd\n"
        "teams:\n  - {id: core, type: engineering, members: [ceo, ana]}\n"
    )
    findings = lint(path)
    assert [(f.code, f.location.line, f.location.column) for f in findings] == [("ORG001", 7, 17)]


def test_a_duplicate_of_a_refused_key_is_still_a_duplicate(tmp_path):
    path = isolated(tmp_path) / "org.yaml"
    path.write_text("version: 1\norg: !!set {a}\norg:\n  name: Acme\n")
    findings = lint(path)
    assert [(f.code, f.location.line) for f in findings] == [("ORG001", 2), ("ORG001", 3)]
    assert "duplicate key `org` (first written at line 2)" in findings[1].message


def test_a_number_beyond_pythons_digit_limit_is_a_diagnostic_not_a_crash(orglint, tmp_path):
    path = isolated(tmp_path) / "org.yaml"
    path.write_text("version: 1" + "0" * 5000 + "\norg:\n  name: Acme\n")
    findings = lint(path)
    assert [(f.code, f.location.line, f.location.column) for f in findings] == [("ORG002", 1, 10)]
    assert "unsupported `version:" in findings[0].message
    with cwd(tmp_path):
        assert orglint("check", "org.yaml")[:3:2] == (1, "")


# -- includes that are not files ----------------------------------------------------------------

HEAD = "version: 1\norg:\n  name: Acme\n"


def test_include_of_a_symlink_loop(orglint, tmp_path):
    folder = isolated(tmp_path)
    (folder / "org.yaml").write_text(HEAD + "include: [a.yaml, '*.yml']\n")
    (folder / "a.yaml").symlink_to("b.yaml")
    (folder / "b.yaml").symlink_to("a.yaml")
    (folder / "c.yml").symlink_to("c.yml")
    findings = lint(folder / "org.yaml")
    assert [(f.code, f.location.line, f.location.column) for f in findings] == [
        ("ORG005", 4, 11),
        ("ORG005", 4, 19),
    ], show(findings)
    assert "`a.yaml`, a symlink that loops back to itself" in findings[0].message
    assert "`c.yml`, a symlink that loops back to itself" in findings[1].message
    with cwd(folder):
        code, _, err = orglint("check", ".")
    assert (code, err) == (1, "")


def test_include_of_a_folder(tmp_path):
    folder = isolated(tmp_path)
    (folder / "org.yaml").write_text(HEAD + "include:\n  - teams.yaml\n  - people\n")
    (folder / "teams.yaml").mkdir()
    (folder / "people").mkdir()
    (folder / "people" / "a.yaml").write_text("people: []\n")
    findings = lint(folder / "org.yaml")
    assert [(f.code, f.location.line, f.location.column) for f in findings] == [
        ("ORG005", 5, 5),
        ("ORG005", 6, 5),
    ]
    assert "include `teams.yaml` matches only folders (`teams.yaml`)" in findings[0].message
    assert "such as `people/*.yaml`" in findings[1].message


def test_include_of_a_pipe_does_not_block(tmp_path):
    folder = isolated(tmp_path)
    (folder / "org.yaml").write_text(HEAD + "include: ['*.yaml']\n")
    os.mkfifo(folder / "pipe.yaml")
    code, out, err, _ = orglint_process(folder / "org.yaml", "--output-format", "json")
    assert (code, err) == (1, "")
    assert "cannot read included file `pipe.yaml`: it is not a regular file" in out
    code, out, err, _ = run_measured([sys.executable, "-m", "orglint", "check", "."], folder)
    assert (code, err) == (1, "") and "org.yaml:4:11: ORG005" in out


def test_symlinks_that_loop_into_the_folder_do_not_explode_a_glob(tmp_path):
    """Two links to `.` make the standard glob walk 2^40 paths; `**` does not follow links
    into folders and a glob looks at a bounded number of entries."""
    folder = isolated(tmp_path)
    (folder / "org.yaml").write_text(
        HEAD + "include:\n  - '**/*.yaml'\n  - '" + "*/" * 30 + "*.yaml'\n"
    )
    (folder / "part.yaml").write_text("people:\n  - id: ceo\n")
    (folder / "a").symlink_to(".")
    (folder / "b").symlink_to(".")
    start = time.monotonic()
    code, out, err, _ = orglint_process(folder / "org.yaml")
    assert (code, err) == (1, "")
    assert out.splitlines()[:-1] == [
        "org.yaml:6:5: ORG005 include `"
        + "*/" * 30
        + "*.yaml` brings the paths the includes look at "
        "past 500,000 (symlinks that loop back into the folder?); use narrower globs (the "
        "remaining includes were not followed) [error: include-error]"
    ]
    assert time.monotonic() - start < 60


# -- big inputs, generated here (time: a generous timeout; memory: under 1 GB) --------------------


def big(tmp_path: Path, data: bytes) -> Path:
    path = isolated(tmp_path) / "org.yaml"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_deep_flow_nesting(tmp_path, depth):
    path = big(
        tmp_path, b"version: 1\norg:\n  name: Acme\nx-deep: " + b"[" * depth + b"]" * depth + b"\n"
    )
    code, out, err, rss = orglint_process(path)
    assert (code, err) == (1, "") and rss < GB
    assert out.splitlines()[0] == (
        "org.yaml:4:108: ORG001 nesting deeper than 100 levels (limits.max-depth); an org file "
        "needs only a few [error: invalid-yaml]"
    )


def test_deep_block_nesting_and_an_unclosed_deep_flow(tmp_path):
    path = big(
        tmp_path,
        b"version: 1\norg:\n  name: Acme\nx-deep:\n"
        + b"".join(b"  " * i + b"- \n" for i in range(1, 1001)),
    )
    findings = lint(path)
    assert [(f.code, f.location.line, f.location.column) for f in findings] == [
        ("ORG001", 104, 201)
    ]
    path.write_bytes(b"version: 1\norg: " + b"{a: [" * 50_000)
    findings = lint(path)
    assert [(f.code, f.location.line, f.location.column) for f in findings] == [("ORG001", 2, 255)]


def test_billion_laughs(tmp_path):
    lines = [
        b"version: 1",
        b"org:",
        b"  name: Acme",
        b"x-0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]",
    ]
    lines += [
        b"x-%d: &l%d [%s]" % (i, i, b", ".join([b"*l%d" % (i - 1)] * 10)) for i in range(1, 10)
    ]
    code, out, err, rss = orglint_process(
        big(tmp_path, b"\n".join(lines) + b"\n"), "--output-format", "json"
    )
    assert (code, err) == (1, "") and rss < GB
    import json

    (finding,) = json.loads(out)["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("ORG001", 8, 46)
    assert finding["message"].startswith(
        "alias `*l3` brings the nodes reached through aliases past 100,000"
    )


def test_30_mb_scalar(tmp_path):
    path = big(tmp_path, b"version: 1\norg:\n  name: " + b"x" * (30 * 1024 * 1024) + b"\n")
    code, out, err, rss = orglint_process(path)
    assert (code, err) == (1, "") and rss < GB
    assert out.splitlines() == [
        "org.yaml:3:9: ORG001 a value of 31,457,280 characters exceeds the limit of 1,048,576 "
        "(limits.max-scalar-length) [error: invalid-yaml]",
        "Found 1 problem (1 error) in 1 org, 1 file.",
    ]


def test_million_item_lists(tmp_path):
    path = big(tmp_path, b"version: 1\norg:\n" + b"  - x\n" * 1_000_000)
    code, out, err, rss = orglint_process(path)
    assert (code, err) == (1, "") and rss < GB
    assert out.splitlines()[0].startswith(
        "org.yaml:3:3: ORG002 `org` must be a mapping with `name`, `stage` and `business`, "
        "not a list"
    )

    path = big(
        tmp_path,
        b"version: 1\norg:\n  name: Acme\npeople:\n  - id: ceo\n    reports_to: nobody\n"
        b"    skills: [" + b"ml, " * 1_000_000 + b"ml]\n",
    )
    code, out, err, rss = orglint_process(path, "--select", "ORG")
    assert (code, err) == (1, "") and rss < GB
    assert out.splitlines()[0].startswith("org.yaml:6:17: ORG004 `reports_to` names `nobody`")


# -- issue 15: internal errors that became diagnostics or a clear exit 2 ------------------------

TWO_TOPS = "version: 1\norg: {name: X}\npeople:\n  - id: a\n  - id: b\n"  # STR002 on `b`


@pytest.mark.parametrize("fmt", sorted(__import__("orglint.report").report.format_names()))
def test_a_file_name_that_is_not_utf8_in_every_format(tmp_path, fmt):
    folder = isolated(tmp_path)
    name = os.fsdecode(b"caf\xe9.yaml")  # Latin-1 on disk: not UTF-8
    (folder / name).write_text(TWO_TOPS)
    code, out, err, _ = run_measured(
        [sys.executable, "-m", "orglint", "check", "--output-format", fmt, "."], folder
    )
    assert code == 1 and "internal error" not in err and "Traceback" not in err, err
    assert "STR002" in out


def test_a_folder_tree_1100_levels_deep(tmp_path):
    folder = isolated(tmp_path)
    (folder / "org.yaml").write_text(TWO_TOPS.replace("people:", "include: ['**/*.yaml']\npeople:"))
    deep = folder
    for _ in range(1100):  # os.makedirs would itself recurse too deeply
        deep = deep / "d"
        deep.mkdir()
    (deep / "far.yaml").write_text("people:\n  - id: far\n")
    try:
        for args in (["check", "org.yaml"], ["check", "."]):
            code, out, err, _ = run_measured([sys.executable, "-m", "orglint", *args], folder)
            assert code == 1 and "internal error" not in err, err
            assert "ORG005 include `**/*.yaml` reaches folders more than 64 levels deep" in out
    finally:  # pytest's own clean-up (shutil.rmtree) would recurse too deeply
        (deep / "far.yaml").unlink()
        while deep != folder:
            deep.rmdir()
            deep = deep.parent


def _user(name: str) -> str:
    head = "apiVersion: backstage.io/v1alpha1\nkind: User\n"
    return f"{head}metadata: {{name: {name}}}\nspec: {{}}\n"


def test_a_catalog_folder_1100_levels_deep(tmp_path):
    """A Backstage catalog is walked as discovery walks: iteratively, at most 64 levels
    down (the walk used to recurse and end in an internal error)."""
    folder = isolated(tmp_path)
    (folder / "users.yaml").write_text(_user("ann") + "---\n" + _user("bob"))
    (folder / "a" / "b").mkdir(parents=True)
    (folder / "a" / "b" / "again.yaml").write_text(_user("ann"))  # read: a duplicate
    deep = folder
    for _ in range(1100):
        deep = deep / "d"
        deep.mkdir()
    (deep / "far.yaml").write_text(_user("bob"))  # never read: no duplicate
    try:
        code, out, err, _ = run_measured([sys.executable, "-m", "orglint", "check", "."], folder)
        assert code == 1 and "internal error" not in err, err
        assert "ORG003 id `ann` is already defined" in out
        assert "`bob`" not in out
    finally:
        (deep / "far.yaml").unlink()
        while deep != folder:
            deep.rmdir()
            deep = deep.parent


def test_a_100k_deep_config_is_a_config_error(tmp_path, orglint):
    folder = isolated(tmp_path)
    (folder / ".orglint.toml").write_text("select = " + "[" * 100_000 + "]" * 100_000 + "\n")
    (folder / "org.yaml").write_text(TWO_TOPS)
    with cwd(folder):
        code, out, err = orglint("check", "org.yaml")
    assert (code, out) == (2, "")
    assert err.startswith("orglint: error: ") and "nested too deeply" in err


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ('{"fingerprint": "STR002:b:", "code": ["x"]}', "finding 1 of the baseline has a `code`"),
        ('{"fingerprint": "STR002:b:", "count": ' + "9" * 5000 + "}", "a number or a nesting"),
        ('{"fingerprint": "STR002:b:", "count": 0}', "has a `count` that is not a whole number"),
        ('{"fingerprint": "STR002:b:", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nesting"),
        ("3", "finding 1 of the baseline is not an object"),
    ],
)
def test_a_hostile_baseline_is_a_clear_error(tmp_path, orglint, entry, words):
    folder = isolated(tmp_path)
    (folder / "org.yaml").write_text(TWO_TOPS)
    (folder / "base.json").write_text('{"orglint-baseline": 1, "findings": [' + entry + "]}")
    with cwd(folder):
        code, out, err = orglint("check", "--baseline", "base.json", "org.yaml")
    assert (code, out) == (2, "")
    assert err.startswith("orglint: error: base.json: ") and words in err, err


def test_a_baseline_linked_outside_is_not_read(tmp_path, orglint):
    folder = isolated(tmp_path / "repo")
    secret = tmp_path / "token.json"
    secret.write_text('{"orglint-baseline": 1, "findings": [], "token": "s3cr3t"}')
    (folder / "org.yaml").write_text(TWO_TOPS)
    (folder / "base.json").symlink_to(secret)
    with cwd(folder):
        code, out, err = orglint("check", "--baseline", "base.json", "org.yaml")
    assert (code, out) == (2, "")
    assert "base.json: the baseline is a symlink that leads outside its folder" in err
    assert "token" not in err and "s3cr3t" not in err


@pytest.fixture
def git_repo(tmp_path, monkeypatch):
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    folder = isolated(tmp_path / "repo")
    (folder / "org.yaml").write_text(
        TWO_TOPS.replace("people:", "include: ['[z-a].yaml']\npeople:")
    )
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)
    return folder


def test_diff_with_an_empty_glob_range_in_the_old_revision(git_repo, orglint):
    with cwd(git_repo):
        code, _out, err = orglint("diff", "main:org.yaml", "org.yaml")
    assert code in (0, 1) and "internal error" not in err, err


@pytest.mark.parametrize("path", ["/etc/passwd", "../outside.yaml"])
def test_diff_with_a_path_outside_the_repository(git_repo, orglint, path):
    with cwd(git_repo):
        code, out, err = orglint("diff", f"main:{path}", "org.yaml")
    assert (code, out) == (2, "")
    assert err.startswith("orglint: error: ") and "is outside the repository" in err


def test_a_million_broken_entries_cost_a_thousand_findings(tmp_path):
    """A finding costs ~1 KB: one per entry of 25M was 25 GB. Past 1,000 problems in one
    section of a file, the rest is one finding."""
    path = big(tmp_path, b"version: 1\norg: {name: X}\npeople: [" + b"1," * 1_000_000 + b"1]\n")
    code, out, err, rss = orglint_process(path, "--select", "ORG", "--output-format", "json")
    import json

    findings = json.loads(out)["findings"]
    assert (code, err) == (1, "") and rss < GB
    assert len(findings) == 1001
    assert findings[-1]["message"].startswith(
        "more than 1,000 problems in `people` of this file; the 999,001 entries from here on"
    )
