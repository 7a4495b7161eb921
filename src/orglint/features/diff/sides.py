"""Checking the two sides of `diff`: in two processes when there are two cores, since each
side is a whole check (at 100k people, `diff` in a row costs 1.9 checks).

The forked worker checks the base and sends a summary (findings, ids, one digest per
entity); this process answers with the ids whose digests differ from the head's, and the
worker sends those entities' fields alone. Sending the whole base snapshot cost more than a
second of pickling at 100k people; the digests and a few changed entities cost a tenth."""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from multiprocessing.connection import Connection

from orglint.config import Config
from orglint.features.diff.compare import renames
from orglint.features.diff.git import Side, check_side
from orglint.features.diff.snapshot import Snapshot, differing, digests, snapshot
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


def _worker(conn: Connection, side: Side, config: Config, rules: dict) -> None:
    """In the forked process: the base's summary, then the fields of the ids asked for."""
    try:
        try:
            base = checked(side, config, rules)
        except BaseException:  # the parent checks the base itself and raises the same error
            conn.send(None)
            return
        conn.send((base.findings, base.snapshot.summary(), digests(base.snapshot)))
        conn.send(base.snapshot.part(conn.recv()))
    except Exception:  # the parent stopped waiting (its own side failed), or sees the pipe
        pass  # close and checks the base itself; nothing is printed from here
    finally:
        conn.close()


def _base_from(conn: Connection, after: Checked) -> Checked | None:
    """The base as the worker checked it, or None when it failed or died."""
    after_digests = digests(after.snapshot)  # while the worker may still be checking
    try:
        message = conn.recv()
        if message is None:
            return None
        findings, summary, before_digests = message
        wanted = (
            None
            if renames(summary, after.snapshot)  # ids are mapped: compare every entity
            else differing(summary, before_digests, after.snapshot, after_digests)
        )
        conn.send(wanted)
        return Checked(findings, summary.with_part(conn.recv()))
    except (EOFError, BrokenPipeError):  # killed, out of memory
        return None


def check_both(
    base: Side, head: Side, config: Config, rules: dict, keep: bool = False
) -> tuple[Checked, Checked]:
    """Both sides checked; the base in a forked process while this one checks the head,
    unless the results must be kept (``keep``), or there is one core, or no fork."""
    if keep or cores() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return checked(base, config, rules, keep), checked(head, config, rules, keep)
    context = multiprocessing.get_context("fork")
    conn, theirs = context.Pipe()
    # forked, so the rules (which hold functions) are inherited, not pickled
    worker = context.Process(target=_worker, args=(theirs, base, config, rules), daemon=True)
    worker.start()
    theirs.close()
    try:
        after = checked(head, config, rules)
        before = _base_from(conn, after)
    finally:
        conn.close()
        worker.kill()  # done or not needed any more (this side failed)
        worker.join()
    # a base the worker could not check fails here in the same way, in this process
    return before if before is not None else checked(base, config, rules), after
