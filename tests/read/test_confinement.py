"""Confinement (issue 5): `include` stays inside the root file's folder, no output quotes a
file outside it, and rule files never run code nor read files or URLs."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers import cwd

from orglint.report import format_names

TOKEN = "7f3c9e"  # in every value of the secret file; must never reach an output
SECRET = f"""\
version: 1
org:
  name: org-{TOKEN}
people:
  - id: Person-{TOKEN}
    name: [{TOKEN}]
    reports_to: nobody-{TOKEN}
x-{TOKEN}: {TOKEN}
"""
HEAD = "version: 1\norg:\n  name: Acme\n"


@pytest.fixture
def escape(tmp_path) -> Path:
    """`acme/` tries every way out to `outside/`, which holds the secret."""
    (tmp_path / ".orglint.toml").write_text("")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(SECRET)
    acme = tmp_path / "acme"
    acme.mkdir()
    (acme / "org.yaml").write_text(
        HEAD
        + f"""\
include:
  - {outside / "secret.yaml"}
  - ../outside/secret.yaml
  - parts/../../outside/*.yaml
  - ~/secret.yaml
  - linked.yaml
  - linkdir/*.yaml
  - '**/secret.yaml'
people:
  - id: ceo
"""
    )
    (acme / "linked.yaml").symlink_to(outside / "secret.yaml")
    (acme / "linkdir").symlink_to(outside)
    (acme / "leak.yaml").symlink_to("../outside/secret.yaml")  # a root, for `check acme`
    return tmp_path


EXPECTED = [  # (line, column, words): every way out is ORG005 at its glob
    (5, 5, "is an absolute path"),
    (6, 5, "leads outside the org's folder with `..`"),
    (7, 5, "leads outside the org's folder with `..`"),
    (8, 5, "is an absolute path"),
    (9, 5, "matches `linked.yaml`, which leads outside the org's folder (a symlink?)"),
    # by the link's own name: not even the name of a file outside reaches the output
    (10, 5, "goes through `linkdir`, a symlink that leads outside the org's folder"),
    # `**` does not descend into the symlinked folder: nothing under `acme/` is called that
    (11, 5, "include `**/secret.yaml` matches no file"),
]


def test_every_way_out_is_org005(escape, orglint):
    with cwd(escape):
        code, out, err = orglint("check", "--output-format", "json", "acme/org.yaml")
    import json

    findings = json.loads(out)["findings"]
    assert (code, err) == (1, "")
    assert [(f["code"], f["path"], f["line"], f["column"]) for f in findings] == [
        ("ORG005", "acme/org.yaml", line, column) for line, column, _ in EXPECTED
    ]
    for finding, (_, _, words) in zip(findings, EXPECTED):
        assert words in finding["message"]


@pytest.mark.parametrize("fmt", format_names())
@pytest.mark.parametrize("target", ["acme/org.yaml", "acme", "acme/linked.yaml"])
def test_no_output_quotes_the_file_outside(escape, orglint, fmt, target):
    with cwd(escape):
        code, out, err = orglint("check", "--output-format", fmt, target)
    assert code == 1 and TOKEN not in out + err
    assert "7f3c" not in out + err


def test_the_secret_would_be_quoted_if_it_were_read(escape, orglint):
    """The check above can fail: the same file inside the folder is quoted."""
    (escape / "acme" / "inside.yaml").write_text(SECRET.split("people:")[1].join(["people:", ""]))
    (escape / "acme" / "org.yaml").write_text(HEAD + "include: [inside.yaml]\n")
    with cwd(escape):
        code, out, _ = orglint("check", "acme/org.yaml")
    assert code == 1 and TOKEN in out


def test_the_root_may_itself_be_a_symlink(tmp_path, orglint):
    """What the user names on the command line is theirs to name: the folder of the link
    is the org's folder, its includes stay there."""
    (tmp_path / ".orglint.toml").write_text("")
    real = tmp_path / "real"
    real.mkdir()
    (real / "org.yaml").write_text(HEAD + "include: [part.yaml]\n")
    (real / "part.yaml").write_text(f"people:\n  - id: a-{TOKEN}\n")
    (tmp_path / "org.yaml").symlink_to(real / "org.yaml")
    with cwd(tmp_path):
        code, out, _ = orglint("check", "org.yaml")
    assert code == 1
    assert out.splitlines()[0].startswith(
        "org.yaml:4:11: ORG005 include `part.yaml` matches no file"
    )


# -- rule files ---------------------------------------------------------------------------------

RULE = """\
code: XSEC001
name: secure-rule
severity: warning
given: people
assert: {properties: {name: {type: string}}}
message: "{id} has no name"
"""


def lint_with_rules(folder: Path, orglint, rule: str, extra: dict[str, str] | None = None):
    (folder / "rules").mkdir(exist_ok=True)
    (folder / "rules" / "XSEC001.yaml").write_text(rule)
    for name, text in (extra or {}).items():
        (folder / name).write_text(text)
    (folder / ".orglint.toml").write_text('rule-dirs = ["rules"]\n')
    (folder / "org.yaml").write_text(HEAD + "people:\n  - id: ceo\n")
    with cwd(folder):
        return orglint("check", "org.yaml")


def test_a_plain_rule_file_works(tmp_path, orglint):
    code, out, err = lint_with_rules(tmp_path, orglint, RULE)
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == "org.yaml:5:5: XSEC001 ceo has no name [warning: secure-rule]"


def test_a_python_tag_in_a_rule_file_is_refused_not_run(tmp_path, orglint):
    rule = RULE + 'x-note: !!python/object/apply:builtins.open ["pwned-by-rule.txt", "w"]\n'
    code, out, err = lint_with_rules(tmp_path, orglint, rule)
    assert (code, out) == (2, "")
    assert "XSEC001.yaml:7:9: cannot read rule file" in err and "python/object/apply" in err
    assert not (tmp_path / "pwned-by-rule.txt").exists()


@pytest.mark.parametrize(
    "template", ["{id.__class__}", "{org.__class__.__mro__}", "{id.__init__.__globals__}"]
)
def test_a_message_template_cannot_reach_python_objects(tmp_path, orglint, template):
    code, out, err = lint_with_rules(tmp_path, orglint, RULE.replace("{id} has no name", template))
    assert (code, out) == (2, "")
    assert f"placeholder `{template}` is not a field of the people view" in err
    assert "<class" not in err and "object at 0x" not in err


@pytest.mark.parametrize("template", ["{0}", "{id!r}", "{{id}}", "%(id)s"])
def test_other_brace_syntax_is_left_as_written(tmp_path, orglint, template):
    code, out, err = lint_with_rules(
        tmp_path, orglint, RULE.replace("{id} has no name", f"{template} has no name")
    )
    assert (code, err) == (1, "")
    shown = template.replace("{{id}}", "{ceo}")  # the inner `{id}` is a placeholder
    assert (
        out.splitlines()[0] == f"org.yaml:5:5: XSEC001 {shown} has no name [warning: secure-rule]"
    )


def test_a_ref_to_a_file_outside_is_refused(tmp_path, orglint):
    secret = tmp_path / "secret.json"
    secret.write_text(f'{{"required": ["{TOKEN}"]}}')
    rule = RULE.replace(
        "assert: {properties: {name: {type: string}}}", f'assert: {{"$ref": "{secret.as_uri()}"}}'
    )
    code, out, err = lint_with_rules(tmp_path, orglint, rule)
    assert (code, out) == (2, "")
    assert (
        f"`assert` refers to `{secret.as_uri()}`: a `$ref` in a rule file may only point inside it"
        in err
    )
    assert TOKEN not in err


def test_a_ref_to_a_url_makes_no_request(tmp_path, orglint):
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/schema.json"
        rule = RULE.replace(
            "assert: {properties: {name: {type: string}}}",
            f'assert: {{allOf: [{{"$dynamicRef": "#x"}}, {{"$ref": "{url}"}}]}}',
        )
        code, out, err = lint_with_rules(tmp_path, orglint, rule)
    finally:
        server.shutdown()
        server.server_close()
    assert (code, out, hits) == (2, "", [])
    assert f"`assert` refers to `{url}`" in err


def test_local_refs_still_work(tmp_path, orglint):
    rule = RULE.replace(
        "assert: {properties: {name: {type: string}}}",
        'assert: {"$ref": "#/$defs/named", "$defs": {named: {properties: {name: {type: string}}}}}',
    )
    code, out, err = lint_with_rules(tmp_path, orglint, rule)
    assert (code, err) == (1, "")
    assert out.splitlines()[0].startswith("org.yaml:5:5: XSEC001 ceo has no name")


def test_python_files_next_to_rules_or_orgs_are_never_imported(tmp_path, orglint):
    payload = "open({!r}, 'w').close()\n"
    witnesses = [tmp_path / f"imported-{n}" for n in range(4)]
    extra = {
        "orglint_rules.py": payload.format(str(witnesses[0])),
        "conftest.py": payload.format(str(witnesses[1])),
        "rules/__init__.py": payload.format(str(witnesses[2])),
        "rules/XSEC002.py": payload.format(str(witnesses[3])),
    }
    (tmp_path / "rules").mkdir()
    code, _out, err = lint_with_rules(tmp_path, orglint, RULE, extra)
    assert (code, err) == (1, "")
    assert [w.exists() for w in witnesses] == [False] * 4


def test_a_rule_file_cannot_claim_a_python_implementation(tmp_path, orglint):
    rule = "code: XSEC001\nname: secure-rule\nseverity: warning\nimplementation: python\n"
    code, out, err = lint_with_rules(tmp_path, orglint, rule)
    assert (code, out) == (2, "")
    assert "rule XSEC001 has no `given`/`assert` and no Python implementation" in err


# -- issue 15: confinement through links, and rule files bounded --------------------------------


def test_a_rule_file_linked_to_a_secret_outside_is_refused_by_its_own_name(tmp_path, orglint):
    secret = tmp_path / "home" / "id_rsa"
    secret.parent.mkdir()
    secret.write_text(f"-----BEGIN KEY-----\n{TOKEN}\n-----END KEY-----\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "rules").mkdir()
    (repo / "rules" / "evil.yaml").symlink_to(secret)
    code, out, err = lint_with_rules(repo, orglint, RULE)
    assert (code, out) == (2, "")
    assert "rules/evil.yaml: a symlink that leads outside the rule folder" in err
    assert TOKEN not in err and "id_rsa" not in err and "home" not in err


def test_a_rule_folder_quotes_no_content_of_a_bad_rule_file(tmp_path, orglint):
    """Even inside the repository, a rule file's values never reach an error message."""
    code, out, err = lint_with_rules(tmp_path, orglint, f"just some text {TOKEN}\n")
    assert (code, out) == (2, "")
    assert "XSEC001.yaml: invalid rule file at `top level`: must be of type object" in err
    assert TOKEN not in err


def test_an_include_through_a_link_to_the_root_folder_is_one_finding(tmp_path, orglint):
    """`rootlink -> /` with `rootlink/**` walked the whole machine (270,675 ORG005 lines)."""
    folder = tmp_path / "acme"
    folder.mkdir()
    (tmp_path / ".orglint.toml").write_text("")
    (folder / "org.yaml").write_text(HEAD + "include: ['rootlink/**', 'rootlink/etc/*']\n")
    (folder / "rootlink").symlink_to("/")
    with cwd(folder):
        code, out, err = orglint("check", "--output-format", "json", "org.yaml")
    import json

    findings = json.loads(out)["findings"]
    assert (code, err) == (1, "")
    assert [(f["code"], f["line"]) for f in findings] == [("ORG005", 4), ("ORG005", 4)]
    for finding in findings:
        assert "goes through `rootlink`, a symlink that leads outside" in finding["message"]
    assert "etc" not in out.replace("rootlink/etc/*", "")


@pytest.mark.parametrize(
    ("schema", "words"),
    [
        ('{"$ref": "#"}', "5:18: this `$ref` leads back to itself"),
        (
            '{"$defs": {a: {"$ref": "#/$defs/b"}, b: {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}',
            "leads back to itself (a reference loop)",
        ),
        ('{"$ref": "#/$defs/none"}', "5:18: this `$ref` points to nothing"),
        ('{"$dynamicRef": "#meta"}', "5:25: `$dynamicRef` is not supported in rule files"),
        ('{"$anchor": "x"}', "`$anchor` is not supported"),
        ('{"properties": {name: {pattern: "(a)\\\\1"}}}', "is not a regular expression orglint"),
        ("{not: " * 500 + "{}" + "}" * 500, "nesting deeper than 40 levels"),
    ],
)
def test_a_rule_schema_that_would_never_finish_is_a_located_config_error(
    tmp_path, orglint, schema, words
):
    rule = RULE.replace("assert: {properties: {name: {type: string}}}", f"assert: {schema}")
    code, out, err = lint_with_rules(tmp_path, orglint, rule)
    assert (code, out) == (2, "")
    assert err.startswith("orglint: error: ") and "XSEC001.yaml:" in err
    assert words in err, err
    assert "internal error" not in err


def test_a_backtracking_pattern_runs_in_linear_time(tmp_path):
    """`(a+)+$` against 30,000 `a`s and a `!`: Python's `re` would take longer than the age
    of the universe; the check must finish (well) within the subprocess timeout."""
    rule = RULE.replace(
        "assert: {properties: {name: {type: string}}}",
        'assert: {properties: {name: {pattern: "^(a+)+$"}}}',
    )
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "XSEC001.yaml").write_text(rule)
    (tmp_path / ".orglint.toml").write_text('rule-dirs = ["rules"]\n')
    (tmp_path / "org.yaml").write_text(
        HEAD + "people:\n  - id: ceo\n    name: " + "a" * 30_000 + "!\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "orglint", "check", "org.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert "org.yaml:5:5: XSEC001 ceo has no name" in done.stdout


def test_an_alias_bomb_in_a_rule_file_is_a_located_config_error(tmp_path, orglint):
    bomb = 'x-a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        bomb += f"x-{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
    code, out, err = lint_with_rules(tmp_path, orglint, RULE + bomb)
    assert (code, out) == (2, "")
    assert "XSEC001.yaml:" in err and "is this an alias bomb?" in err
