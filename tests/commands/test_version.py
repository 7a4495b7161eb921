"""`orglint --version` says the version and where orglint was installed from."""

from __future__ import annotations

import sys

from helpers import REPO

import orglint as package

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_version_and_origin(orglint):
    run = orglint("--version")
    assert run.code == 0
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert declared == package.__version__
    # the development set-up (README) is an editable install of this checkout
    assert run.out == f"orglint {declared}, editable checkout {REPO}\n"
