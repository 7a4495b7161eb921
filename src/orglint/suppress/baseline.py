"""Baselines: accept today's findings, fail only on new ones.

Entries are matched by ``Finding.fingerprint()`` (code + entity + field), never by line,
so edits that shift lines keep matching. A fingerprint seen twice is kept with a count,
and at most that many findings match it. ORG findings are never baselined: they report
broken input.
"""

from __future__ import annotations

import json
import os
import stat
from collections import Counter

from orglint.errors import BaselineError
from orglint.findings import Finding, is_org_code
from orglint.write import write_file

FORMAT = 1
REASON = "baseline"


def eligible(finding: Finding) -> bool:
    return finding.suppressed is None and not is_org_code(finding.code)


def build(findings: list[Finding]) -> dict:
    entries: dict[str, dict] = {}
    for f in findings:
        if not eligible(f):
            continue
        key = f.fingerprint()
        if key in entries:
            entries[key]["count"] += 1
        else:
            entries[key] = {
                "fingerprint": key,
                "code": f.code,
                "path": f.path,
                "message": f.message,
                "count": 1,
            }
    return {
        "orglint-baseline": FORMAT,
        "findings": sorted(entries.values(), key=lambda e: (e["path"], e["fingerprint"])),
    }


def write(path: str, findings: list[Finding]) -> int:
    """Write the baseline atomically; return how many findings it holds."""
    data = build(findings)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_file(path, text.encode("utf-8", "backslashreplace"), what="baseline")
    return sum(e["count"] for e in data["findings"])


MAX_SIZE = 256 * 1024 * 1024  # bytes; a baseline of a million findings is ~250 MB
MAX_COUNT = 1_000_000_000
_TEXT_FIELDS = ("fingerprint", "code", "path", "message")


def read(path: str) -> list[dict]:
    """The baseline's entries. Nothing of the file's content is quoted in an error: a
    baseline path may be a link to a secret."""
    data = _load(path, _read_bytes(path))
    entries = data.get("findings") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("orglint-baseline") != FORMAT
        or not isinstance(entries, list)
    ):
        raise BaselineError(
            f"{path}: not an orglint baseline (format {FORMAT}); write one with "
            "`orglint check --write-baseline FILE`"
        )
    for number, entry in enumerate(entries, 1):
        problem = _entry_problem(entry)
        if problem:
            raise BaselineError(
                f"{path}: finding {number} of the baseline {problem}; write the baseline "
                "again with `orglint check --write-baseline FILE`"
            )
        entry.setdefault("count", 1)
    return entries


def _read_bytes(path: str) -> bytes:
    folder = os.path.realpath(os.path.dirname(os.path.abspath(path)))
    real = os.path.realpath(path)
    if os.path.islink(path) and os.path.commonpath([real, folder]) != folder:
        raise BaselineError(
            f"{path}: the baseline is a symlink that leads outside its folder, which "
            "orglint does not read; use the file itself"
        )
    try:
        with open(real, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise BaselineError(f"{path}: the baseline is not a regular file")
            data = handle.read(MAX_SIZE + 1)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror}") from None
    if len(data) > MAX_SIZE:
        raise BaselineError(f"{path}: the baseline is larger than {MAX_SIZE:,} bytes")
    return data


def _load(path: str, data: bytes) -> object:
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        problem = "it is not UTF-8"
    except json.JSONDecodeError as exc:  # its message names a position, never the content
        problem = f"invalid JSON at line {exc.lineno}, column {exc.colno}"
    except (ValueError, RecursionError):  # a 5,000-digit number, nesting past Python's stack
        problem = "it holds a number or a nesting too large for a baseline"
    raise BaselineError(
        f"{path}: not a baseline ({problem}); write one with `orglint check --write-baseline FILE`"
    ) from None


def _entry_problem(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return "is not an object"
    if not isinstance(entry.get("fingerprint"), str):
        return "has no `fingerprint` string"
    for key in _TEXT_FIELDS[1:]:
        if key in entry and not isinstance(entry[key], str):
            return f"has a `{key}` that is not a string"
    count = entry.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_COUNT:
        return f"has a `count` that is not a whole number from 1 to {MAX_COUNT:,}"
    return None


def apply(findings: list[Finding], entries: list[dict]) -> list[dict]:
    """Mark findings the baseline knows as suppressed ("baseline"); return the stale
    entries (those that matched fewer findings than they count)."""
    left: Counter[str] = Counter()
    for entry in entries:
        left[entry["fingerprint"]] += entry["count"]
    for f in findings:
        if eligible(f):
            key = f.fingerprint()
            if left[key] > 0:
                left[key] -= 1
                f.suppressed = REASON
    stale = []
    for entry in entries:
        key = entry["fingerprint"]
        if left[key] > 0:
            unmatched = min(left[key], entry["count"])
            left[key] -= unmatched
            stale.append(
                {k: entry[k] for k in ("fingerprint", "code", "path", "message") if k in entry}
                | {"count": unmatched}
            )
    return stale


def stale_line(stale: list[dict], path: str) -> str:
    from orglint.report.escape import terminal  # codes and paths are the baseline's, not ours

    count = sum(e["count"] for e in stale)
    codes = ", ".join(sorted({terminal(e.get("code", "?")) for e in stale}))
    path = terminal(path)
    return (
        f"{count} baseline entr{'y' if count == 1 else 'ies'} in {path} matched no finding "
        f"({codes}): fixed? Run with `--write-baseline {path}` to drop "
        f"{'it' if count == 1 else 'them'}."
    )
