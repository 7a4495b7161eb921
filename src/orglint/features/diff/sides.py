"""Checking the two sides of `diff`: in two processes when there are two cores, since each
side is a whole check (at 100k people, `diff` in a row costs 1.9 checks)."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from orglint.config import Config
from orglint.features.diff.git import Side, check_side
from orglint.features.diff.snapshot import Snapshot, snapshot
from orglint.findings import Finding
from orglint.pipeline import Result


@dataclass
class Checked:
    findings: list[Finding]
    snapshot: Snapshot
    result: Result | None = None  # kept in-process only (the pictures need the graph)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover (macOS, Windows)
        return os.cpu_count() or 1


def checked(side: Side, config: Config, rules: dict, keep: bool = False) -> Checked:
    result = check_side(side, config, rules)
    return Checked(result.findings, snapshot(result.org), result if keep else None)


# A forked worker inherits this instead of receiving it pickled: rules hold functions.
_JOB: tuple | None = None


def _base_in_worker() -> Checked:
    assert _JOB is not None
    return checked(*_JOB)


def check_both(
    base: Side, head: Side, config: Config, rules: dict, keep: bool = False
) -> tuple[Checked, Checked]:
    """Both sides checked; the base in a forked process while this one checks the head,
    unless the results must be kept (``keep``), or there is one core, or no fork."""
    global _JOB
    if keep or cores() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return checked(base, config, rules, keep), checked(head, config, rules, keep)
    _JOB = (base, config, rules)
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            future = pool.submit(_base_in_worker)
            after = checked(head, config, rules)
            return future.result(), after
    finally:
        _JOB = None
