"""`orglint --version`: the version, and where this orglint was installed from."""

from __future__ import annotations

import json
import os
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

import orglint


def origin() -> str:
    """An editable checkout's folder, a git URL and commit, or the folder installed into
    (pip writes `direct_url.json` for the first two: PEP 610)."""
    package = Path(orglint.__file__).resolve().parent
    try:
        dist = metadata.distribution("orglint")
    except metadata.PackageNotFoundError:
        return f"not installed, imported from {package}"
    located = Path(str(dist.locate_file(""))).resolve()
    try:
        direct = json.loads(dist.read_text("direct_url.json") or "null")
    except ValueError:
        direct = None
    direct = direct if isinstance(direct, dict) else {}
    url = str(direct.get("url", ""))
    if direct.get("dir_info", {}).get("editable"):
        checkout = Path(unquote(urlparse(url).path)) if url.startswith("file:") else Path(url)
        if package.is_relative_to(checkout.resolve()):
            return f"editable checkout {checkout}"
    if not package.is_relative_to(located):
        return f"imported from {package}, not from the installed copy in {located}"
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict):
        commit = vcs.get("commit_id", "")
        at = vcs.get("requested_revision") or commit
        return f"installed from {vcs.get('vcs', 'git')}+{url}@{at} (commit {commit}) in {located}"
    if url:
        return f"installed from {url} in {located}"
    return f"installed in {located}"


def version_line() -> str:
    return f"orglint {orglint.__version__}, {origin()}{os.linesep}"
