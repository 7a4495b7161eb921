"""Escaping from one place: each output syntax against the hostile names that broke it."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from helpers import cwd, write

from orglint.features.diff.compare import Change, FindingDiff
from orglint.features.diff.git import Side
from orglint.features.diff.render import render_markdown as diff_markdown
from orglint.features.diff.render import render_text as diff_text
from orglint.report import escape
from orglint.suppress.baseline import stale_line

DIRECTIVE = "%%{init: {'theme': 'dark', 'securityLevel': 'loose'}}%%"
WORKFLOW = "x\n::error file=a.yaml::forged"
ANSI = "\x1b[2J\x1b]0;title\x07red"
BIDI = "admin\u202e\u2066txt.exe\u2069"
SEPARATORS = "a\u2028b\u2029c\ufeffd\x85e"
HOSTILE = [DIRECTIVE, WORKFLOW, ANSI, BIDI, SEPARATORS]
# Characters that must never reach a terminal, a log or a viewer as themselves.
HIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")


def test_terminal_shows_every_hidden_character_and_keeps_the_rest():
    assert escape.terminal(ANSI) == "\\e[2J\\e]0;title\\x07red"
    assert escape.terminal(BIDI) == "admin\\u202e\\u2066txt.exe\\u2069"
    assert escape.terminal(SEPARATORS) == "a\\u2028b\\u2029c\\ufeffd\\x85e"
    assert escape.terminal(WORKFLOW) == "x\\n::error file=a.yaml::forged"
    assert escape.terminal("tab\there, café 中文") == "tab\there, café 中文"
    # C1's CSI (0x9b) starts a sequence on some terminals just like ESC [
    assert escape.terminal("\x9b31m") == "\\x9b31m"


@pytest.mark.parametrize("name", HOSTILE)
def test_no_syntax_lets_a_hidden_character_through(name):
    for fn in (
        escape.terminal,
        escape.mermaid,
        escape.dot,
        escape.markdown,
        escape.workflow_data,
        escape.workflow_property,
        escape.xml_text,
        escape.xml_attr,
    ):
        assert not HIDDEN.search(fn(name)), fn.__name__


def test_mermaid_cannot_hold_a_directive_or_a_comment():
    out = escape.mermaid(DIRECTIVE)
    assert "%" not in out and out.startswith("#37;#37;{init: {'theme': 'dark'")
    assert escape.mermaid('a "b" <c> #d &e `f`') == (
        "a #quot;b#quot; #lt;c#gt; #35;d #amp;e #96;f#96;"
    )


def test_dot_escapes_ampersand_quotes_and_backslashes():
    assert escape.dot("R&amp;D") == "R&amp;amp;D"  # Graphviz shows `R&amp;D`, as written
    assert escape.dot('say "\\N"') == 'say \\"\\\\N\\"'


def test_workflow_commands_stay_one_command():
    data = escape.workflow_data(WORKFLOW)
    assert "\n" not in data and data == "x%0A::error file=a.yaml::forged"
    prop = escape.workflow_property(WORKFLOW)
    assert ":" not in prop and "," not in prop


def test_xml_text_and_attributes_parse_back():
    value = 'a<b>&"c"\tz' + ANSI
    element = ET.fromstring(f'<x a="{escape.xml_attr(value)}">{escape.xml_text(value)}</x>')
    shown = escape.terminal(value)
    assert element.get("a") == shown and element.text == shown


def test_markdown_is_inert():
    out = escape.markdown("**b** [l](http://e.test) @team #12 <i>")
    assert out == "\\*\\*b\\*\\* \\[l\\](http\\://e.test) @\u200bteam \\#12 &lt;i&gt;"


def test_stale_baseline_line_cannot_forge_a_workflow_command():
    stale = [{"fingerprint": "x", "code": "\x1b[31m" + WORKFLOW, "count": 1}]
    line = stale_line(stale, "base\u202e.json")
    assert "\n" not in line and "\x1b" not in line and "\u202e" not in line
    assert "\\e[31mx\\n::error" in line and "base\\u202e.json" in line


def test_stale_baseline_line_end_to_end(orglint, tmp_path):
    write(tmp_path, "version: 1\norg: {name: A}\npeople:\n  - id: a\n")
    baseline = {
        "orglint-baseline": 1,
        "findings": [{"fingerprint": "STR001:a:", "code": "\x1b[2J" + WORKFLOW, "count": 1}],
    }
    (tmp_path / "base.json").write_text(json.dumps(baseline), encoding="utf-8")
    with cwd(tmp_path):
        code, out, _ = orglint("check", "org.yaml", "--baseline", "base.json")
    assert code == 0
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "\x1b" not in out and "matched no finding (\\e[2Jx\\n::error" in out


def test_graph_with_hostile_team_names(orglint, tmp_path):
    teams = "\n".join(
        f"  - {{id: t{i}, type: ml, name: {json.dumps(name)}}}" for i, name in enumerate(HOSTILE)
    )
    write(tmp_path, f"version: 1\norg: {{name: {json.dumps(DIRECTIVE)}}}\nteams:\n{teams}\n")
    with cwd(tmp_path):
        code, mermaid, _ = orglint("graph", "org.yaml")
        assert code == 0
        code, dot, _ = orglint("graph", "org.yaml", "--output-format", "dot")
        assert code == 0
    assert "admin\\u202e\\u2066txt.exe" in mermaid and "#37;#37;{init" in mermaid
    assert "admin\\\\u202e" in dot  # the backslash of `\u202e` doubled inside a DOT string
    assert "%" not in mermaid and not HIDDEN.search(mermaid.replace("\n", ""))
    assert not HIDDEN.search(dot.replace("\n", ""))
    # Every DOT label is one quoted string: its quotes pair up on each line.
    assert all(line.replace('\\"', "").count('"') % 2 == 0 for line in dot.splitlines())


def test_diff_renderers_escape_what_comes_from_the_org():
    side = Side(given="old\x1b[31m.yaml", path="org.yaml")
    change = Change("team", "t", None, None, f"team `{BIDI}` added {WORKFLOW}")
    text = diff_text(side, side, [change], FindingDiff([], [], []))
    assert not HIDDEN.search(text.replace("\n", ""))
    assert "\\u202e" in text and "\\e[31m" in text
    markdown = diff_markdown(side, side, [change], FindingDiff([], [], []))
    assert not HIDDEN.search(markdown.replace("\n", "")) and "\\u202e" in markdown
