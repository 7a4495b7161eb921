"""Graphviz failing, hanging or facing a huge picture is a user error that says what to do."""

from __future__ import annotations

import os
import stat

import pytest
from helpers import cwd, write

from orglint.errors import GraphvizError
from orglint.features.graph import graphviz

ORG = """\
version: 1
org: {name: Acme}
people:
  - {id: ceo}
teams:
  - {id: ml, type: ml, lead: ceo}
"""


def fake_dot(tmp_path, script: str) -> str:
    path = tmp_path / "dot"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_a_graphviz_failure_exits_2_and_says_what_to_do(tmp_path, monkeypatch, orglint):
    exe = fake_dot(
        tmp_path,
        "cat >/dev/null\necho '\tn1 1' >&2\necho 'Error: trouble in init_rank' >&2\nexit 1\n",
    )
    monkeypatch.setattr(graphviz.shutil, "which", lambda name: exe)
    write(tmp_path, ORG)
    with cwd(tmp_path):
        code, out, err = orglint("graph", "org.yaml", "--output-format", "svg", "-o", "o.svg")
    assert (code, out) == (2, "")
    assert err.startswith(
        "orglint: error: Graphviz could not lay out this picture (`dot` said: Error: trouble "
        "in init_rank): draw less with `--focus ID --depth N`"
    )
    assert "internal error" not in err and not os.path.exists(tmp_path / "o.svg")


def test_a_graphviz_timeout_is_a_user_error(tmp_path, monkeypatch):
    exe = fake_dot(tmp_path, "sleep 5\n")
    monkeypatch.setattr(graphviz.shutil, "which", lambda name: exe)
    with pytest.raises(GraphvizError, match=r"took more than 0\.2 s .*`--focus ID"):
        graphviz.image("digraph {}", "svg", timeout=0.2)


def test_a_picture_too_large_to_lay_out_is_refused_before_graphviz_runs(tmp_path, monkeypatch):
    ran = tmp_path / "ran"
    exe = fake_dot(tmp_path, f"touch {ran}\n")
    monkeypatch.setattr(graphviz.shutil, "which", lambda name: exe)
    with pytest.raises(GraphvizError, match=r"2,001 boxes even at team level"):
        graphviz.image("digraph {}", "svg", nodes=graphviz.MAX_NODES + 1)
    assert not ran.exists()
