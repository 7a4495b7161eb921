"""One spelling per path, so fingerprints do not depend on how a path was typed."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable

from orglint.findings import Finding, Location


def normal(path: str) -> str:
    """`./org.yaml`, `teams/../org.yaml` and `org.yaml` are one file: `org.yaml`. Absolute
    stays absolute and relative stays relative (a path is shown as the user gave it)."""
    if path in ("", "-"):
        return path
    shown = os.path.normpath(path)
    return shown.replace(os.sep, "/") if os.sep != "/" else shown


def normalise(findings: Iterable[Finding]) -> None:
    """Rewrite every finding's location (and related locations) to the normal spelling."""
    cache: dict[str, str] = {}

    def fix(loc: Location) -> Location:
        shown = cache.get(loc.path)
        if shown is None:
            shown = cache[loc.path] = normal(loc.path)
        return loc if shown == loc.path else dataclasses.replace(loc, path=shown)

    for f in findings:
        f.location = fix(f.location)
        if f.related:
            f.related = [(message, fix(where)) for message, where in f.related]


def normal_keys(sources: dict[str, bytes]) -> dict[str, bytes]:
    return {normal(path): data for path, data in sources.items()}
