"""Machine outputs at a million findings: time and peak memory of each format, streamed
(as `orglint check` writes them) against the whole document built first (as before).

    python benchmarks/outputs.py                       # 1M findings, json sarif gitlab junit
    python benchmarks/outputs.py --findings 100000 --formats json,sarif

Each measurement runs in a fresh process that first builds the findings (synthetic, all
distinct, about what a large legacy org gives), then writes one format to /dev/null.
Reported as ratios measured in the same run:
  memory  extra peak memory of the output / memory of the findings themselves
  time    output time / time to build the findings; and streamed time / whole-document time
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

FORMATS = ("json", "sarif", "gitlab", "junit")
CODES = [("ORG004", "unknown-reference", "error"), ("STR005", "person-without-team", "info")]
CODES += [("SKL001", "missing-product-management", "warning")]


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    """The peak since `reset_peak` (Linux's VmHWM), else since the process started."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> None:
    """So that the output's peak is not hidden under the build's (Linux 4.0+)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
    except OSError:
        pass


def build(n: int):
    from orglint.findings import Finding, Location
    from orglint.report import Report

    findings = []
    for i in range(n):
        code, name, severity = CODES[i % 3]
        path = f"teams/part-{i // 20_000:03d}.yaml"
        findings.append(
            Finding(
                code,
                name,
                severity,
                f"`members` of team `team-{i // 8}` names `person-{i:07d}`, but no person has "
                "this id: define a person with this id or fix the reference",
                Location(path, i % 20_000 + 1, 17, i % 20_000 + 1, 31),
                f"team-{i // 8}",
                "members",
                "baseline" if i % 50 == 0 else None,
            )
        )
    findings.sort(key=Finding.sort_key)
    from orglint.rules import load_rules

    return Report(findings, rules=load_rules(()), files=n // 20_000 + 1, orgs=1)


def whole(fmt: str, report) -> str:
    """The document built in memory first: for JSON, SARIF and GitLab exactly what the
    previous release did (one `json.dumps(indent=2)`); JUnit as one string."""
    from orglint.report import render

    if fmt == "json":
        data = {
            "findings": [f.to_dict() for f in report.active],
            "suppressed": [{**f.to_dict(), "reason": f.suppressed} for f in report.suppressed],
            "summary": report.summary(),
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "gitlab":
        from orglint.report import unique_fingerprints
        from orglint.report.gitlab import issue

        active = report.active
        prints = unique_fingerprints(active, with_path=True)
        issues = [issue(f, p) for f, p in zip(active, prints)]
        return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        from orglint.report import sarif, unique_fingerprints

        codes = sorted(report.rules)
        index = {code: i for i, code in enumerate(codes)}
        prints = unique_fingerprints(report.findings)
        results = [sarif.result(f, index[f.code], p) for f, p in zip(report.findings, prints)]
        rules = [sarif.descriptor(report.rules[code]) for code in codes]
        log = {"version": "2.1.0", "runs": [{"tool": {"driver": {"rules": rules}}}]}
        log["runs"][0]["results"] = results
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    return render(fmt, report)  # JUnit: the streamed writer into one string


def child(fmt: str, mode: str, n: int) -> dict:
    start_rss = rss_mb()
    t0 = time.perf_counter()
    report = build(n)
    built = time.perf_counter() - t0
    findings_mb = rss_mb() - start_rss
    before = rss_mb()
    reset_peak()
    t0 = time.perf_counter()
    with open("/dev/null", "w", encoding="utf-8") as out:
        if mode == "streamed":
            from orglint.report import write

            write(fmt, report, out)
        elif mode == "whole":
            out.write(whole(fmt, report))
    took = time.perf_counter() - t0
    extra = max(peak_mb() - before, 0.0)
    return {"build_s": built, "output_s": took, "findings_mb": findings_mb, "extra_mb": extra}


def measure(fmt: str, mode: str, n: int) -> dict:
    cmd = [sys.executable, __file__, "--child", fmt, mode, str(n)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--findings", type=int, default=1_000_000)
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--no-whole", action="store_true", help="skip the whole-document runs")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        fmt, mode, n = args.child
        print(json.dumps(child(fmt, mode, int(n))))
        return 0
    n = args.findings
    print(f"{n:,} findings; extra peak memory and time as ratios (see the docstring)\n")
    print("| format | mode | output s | extra MB | findings MB | memory ratio | time / build |")
    print("|---|---|---:|---:|---:|---:|---:|")
    rows = {}
    for fmt in args.formats.split(","):
        for mode in ("streamed", *(() if args.no_whole else ("whole",))):
            r = rows[fmt, mode] = measure(fmt, mode, n)
            print(
                f"| {fmt} | {mode} | {r['output_s']:.1f} | {r['extra_mb']:.0f} | "
                f"{r['findings_mb']:.0f} | {r['extra_mb'] / r['findings_mb']:.2f} | "
                f"{r['output_s'] / r['build_s']:.2f} |",
                flush=True,
            )
    if not args.no_whole:
        print()
        for fmt in args.formats.split(","):
            s, w = rows[fmt, "streamed"], rows[fmt, "whole"]
            print(
                f"{fmt}: streamed takes {s['output_s'] / w['output_s']:.2f}x the time and "
                f"{s['extra_mb'] / max(w['extra_mb'], 1):.3f}x the extra memory of the whole "
                "document"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
