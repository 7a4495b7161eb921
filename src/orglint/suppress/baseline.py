"""Baselines: accept today's findings, fail only on new ones.

Entries are matched by ``Finding.fingerprint()`` (code + entity + field), never by line,
so edits that shift lines keep matching. A fingerprint seen twice is kept with a count,
and at most that many findings match it. ORG findings are never baselined: they report
broken input.
"""

from __future__ import annotations

import json
from collections import Counter

from orglint.errors import BaselineError
from orglint.findings import Finding

FORMAT = 1
REASON = "baseline"


def eligible(finding: Finding) -> bool:
    return finding.suppressed is None and not finding.code.startswith("ORG")


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
    """Write the baseline; return how many findings it holds."""
    data = build(findings)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    return sum(e["count"] for e in data["findings"])


def read(path: str) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(
            f"{path}: not a baseline (invalid JSON: {exc}); write one with "
            "`orglint check --write-baseline FILE`"
        ) from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("orglint-baseline") != FORMAT
        or not isinstance(entries, list)
        or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries)
    ):
        raise BaselineError(
            f"{path}: not an orglint baseline (format {FORMAT}); write one with "
            "`orglint check --write-baseline FILE`"
        )
    for entry in entries:
        count = entry.get("count", 1)
        entry["count"] = count if isinstance(count, int) and count > 0 else 1
    return entries


def apply(findings: list[Finding], entries: list[dict]) -> list[dict]:
    """Mark findings the baseline knows as suppressed ("baseline"); return the stale
    entries (those that matched fewer findings than they count)."""
    left = Counter()
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
