#!/usr/bin/env python3
"""Performance at the edges, each case as a ratio to a baseline measured in the same run.

    python benchmarks/edges.py [--sizes 1000,100000] [--repeat 3] [--markdown FILE]

* typo   - the org with one unknown reference (a misspelt `reports_to`) against the same
           org without it: the cost of the "did you mean" suggestion.
* svg    - `orglint graph --output-format svg` of the whole org: how it fails on an org
           Graphviz cannot lay out (a clear user error with exit 2, never "internal error"),
           against the time of `check` on the same org.

Timings are never asserted; the exit status is non-zero only when a command crashed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from run import Result, ensure_file, measure, orglint_command

HERE = os.path.dirname(os.path.abspath(__file__))


def median(results: list[Result]) -> Result:
    ok = [r for r in results if not r.error] or results
    return Result(
        statistics.median(r.seconds for r in ok),
        statistics.median(r.rss_mb for r in ok),
        statistics.median(r.cpu_s for r in ok),
        ok[0].rc,
        ok[0].error,
    )


def with_typo(root: str, folder: str) -> str:
    """A copy of the root with one `reports_to` misspelt (the last character dropped)."""
    with open(root, encoding="utf-8") as fh:
        text = fh.read()
    at = text.index("reports_to: ") + len("reports_to: ")
    end = text.index("\n", at)
    target = text[at:end].strip().rstrip("}").strip()
    typo = text[:at] + target[:-1] + text[at + len(target) :]
    path = os.path.join(folder, "org-typo.yaml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(typo)
    return path


def typo_case(n: int, repeat: int, outroot: str) -> dict:
    root, _, _ = ensure_file(n, outroot, 0, 1)
    folder = os.path.dirname(root)
    typo = with_typo(root, folder)
    # interleaved, so that a change in the machine's load falls on both sides alike
    runs: dict[str, list[Result]] = {root: [], typo: []}
    for _ in range(repeat):
        for path in runs:
            runs[path].append(measure(orglint_command(path, os.devnull), (0, 1)))
    clean, typo_r = median(runs[root]), median(runs[typo])
    return {
        "case": f"one unknown reference, {n:,} people",
        "baseline": clean,
        "measured": typo_r,
    }


def svg_case(n: int, outroot: str) -> dict:
    root, _, _ = ensure_file(n, outroot, 0, 1)
    check = measure(orglint_command(root, os.devnull), (0, 1))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "org.svg")
        cmd = [sys.executable, "-m", "orglint", "graph", root, "--output-format", "svg", "-o", out]
        graph = measure(cmd, (0, 2), timeout=600)
    case = f"graph --output-format svg, {n:,} people"
    return {"case": case, "baseline": check, "measured": graph}


def row(case: dict) -> str:
    b, m = case["baseline"], case["measured"]
    status = m.error or f"exit {m.rc}"
    return (
        f"| {case['case']} | {b.seconds:.2f} s, {b.rss_mb:.0f} MB | {m.seconds:.2f} s, "
        f"{m.rss_mb:.0f} MB | {m.seconds / b.seconds:.3f} | {m.rss_mb - b.rss_mb:+.0f} MB | "
        f"{status} |"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--markdown", metavar="FILE")
    args = ap.parse_args(argv)
    outroot = os.path.join(HERE, "out")
    cases = []
    for n in (int(s) for s in args.sizes.split(",")):
        cases.append(typo_case(n, args.repeat, outroot))
        cases.append(svg_case(min(n, 10_000), outroot))
    lines = [
        "| case | baseline (check) | measured | time ratio | memory | outcome |",
        "|---|---|---|---|---|---|",
        *(row(c) for c in cases),
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write(text)
    crashed = [c for c in cases if c["measured"].error and "internal error" in c["measured"].error]
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
