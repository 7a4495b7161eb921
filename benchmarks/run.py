#!/usr/bin/env python3
"""orglint performance benchmark.

    python benchmarks/run.py [--sizes 1000,10000,100000,1000000] [--repeat R] [--quick]
                             [--markdown FILE] [--json FILE] [--split K] [--seed S]

For each size N (people), generates a synthetic org file with benchmarks/generate.py
(cached in benchmarks/out/, git-ignored), then measures, each command in a fresh
subprocess, the wall time and the peak RSS (``ru_maxrss`` from ``os.wait4``) of:

* compose  - the floor: libyaml composing the node tree (PyYAML ``CSafeLoader``), gc paused
* load     - PyYAML C load to dicts, gc paused (the memory target)
* orglint  - ``python -m orglint check FILE --output-format json --output-file /dev/null``
* yamllint - ``python -m yamllint`` with its default config, only up to 10k people

and prints a Markdown table followed by the performance targets as PASS/FAIL lines.
Timings are never asserted: the exit status is 0 even when a target fails, and
non-zero only when a measured command crashed (or timed out) or a file could not be
generated. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import glob
import hashlib
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GENERATOR = os.path.join(HERE, "generate.py")
DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
YAMLLINT_MAX = 10_000

# The floor scripts. Files are read before the clock inside the child would start, but
# the parent times the whole process (start-up, import, read, parse), like orglint's.
# They keep every tree alive (orglint needs the whole org in memory too) and leave with
# os._exit so that freeing millions of objects at exit is not counted: a floor.
_FLOOR = r"""
import gc, os, sys, yaml
datas = []
for p in sys.argv[2:]:
    with open(p, 'rb') as fh:
        datas.append(fh.read())
gc.disable()
if sys.argv[1] == 'compose':
    keep = [yaml.compose(d, Loader=yaml.CSafeLoader) for d in datas]
else:
    keep = [yaml.load(d, Loader=yaml.CSafeLoader) for d in datas]
sys.stdout.flush()
os._exit(0)
"""

TOOLS = ("compose", "load", "orglint", "yamllint")


# --------------------------------------------------------------------------- running


class Result:
    __slots__ = ("cpu_s", "error", "rc", "rss_mb", "seconds")

    def __init__(self, seconds=None, rss_mb=None, cpu_s=None, rc=None, error=None):
        self.seconds, self.rss_mb, self.cpu_s, self.rc, self.error = (
            seconds,
            rss_mb,
            cpu_s,
            rc,
            error,
        )


def measure(
    cmd: list[str],
    ok_codes=(0,),
    timeout: float = 0,
    cwd: str = REPO,
    stdout_path: str | None = None,
) -> Result:
    """Run cmd once in a fresh process; wall time, peak RSS and CPU time of the child."""
    with tempfile.TemporaryFile() as err, open(stdout_path or os.devnull, "wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=cwd)
        timer = None
        timed_out = []
        if timeout:

            def _kill():
                timed_out.append(True)
                proc.kill()

            timer = threading.Timer(timeout, _kill)
            timer.start()
        _, status, ru = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        if timer:
            timer.cancel()
        rc = os.waitstatus_to_exitcode(status)
        proc.returncode = rc
        # ru_maxrss is in KiB on Linux, bytes on macOS
        rss = ru.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        res = Result(elapsed, rss, ru.ru_utime + ru.ru_stime, rc)
        if timed_out:
            res.error = f"timed out after {timeout:g} s"
        else:
            # Python exits 1 on an uncaught exception (or a missing module) too, and 1
            # also means "findings" for orglint: a traceback on stderr is a crash.
            err.seek(0)
            text = err.read().decode("utf-8", "replace")
            crashed = "Traceback (most recent call last)" in text or (
                rc == 1 and "No module named" in text
            )
            if rc not in ok_codes or crashed:
                res.error = f"exit code {rc}: {text[-2000:].strip()}"
        return res


def orglint_command(root: str, output: str) -> list[str]:
    """`orglint check` with JSON output to ``output``: exit 0 (clean) and 1 (findings) are ok."""
    return [
        sys.executable,
        "-m",
        "orglint",
        "check",
        root,
        "--output-format",
        "json",
        "--output-file",
        output,
    ]


def commands(tool: str, files: list[str], root: str) -> tuple[list[str], tuple[int, ...]]:
    py = sys.executable
    if tool in ("compose", "load"):
        return [py, "-c", _FLOOR, tool, *files], (0,)
    if tool == "orglint":
        return orglint_command(root, os.devnull), (0, 1)
    if tool == "yamllint":
        # default config, like the measurements in YAML-LOADING-FACTS.md; it exits 1 on
        # errors (e.g. line-length) and 2 on warnings only with --strict
        return [py, "-m", "yamllint", "-f", "parsable", *files], (0, 1, 2)
    raise ValueError(tool)


# --------------------------------------------------------------------------- generating


def _generator_stamp(split: int, seed: int) -> str:
    with open(GENERATOR, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()[:16]
    return f"generate.py {digest} split={split} seed={seed}\n"


def ensure_file(n: int, outroot: str, split: int, seed: int) -> tuple[str, list[str], float]:
    """Generate (or reuse) the org of n people; returns root, all files, generation s."""
    name = f"org-{n}-seed{seed}" + (f"-split{split}" if split else "")
    outdir = os.path.join(outroot, name)
    root = os.path.join(outdir, "org.yaml")
    stamp_path = os.path.join(outdir, ".stamp")
    stamp = _generator_stamp(split, seed)
    gen_s = 0.0
    try:
        with open(stamp_path, encoding="utf-8") as fh:
            fresh = fh.read() == stamp and os.path.exists(root)
    except OSError:
        fresh = False
    if not fresh:
        cmd = [sys.executable, GENERATOR, str(n), outdir, "--seed", str(seed)]
        if split:
            cmd += ["--split", str(split)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        gen_s = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError(f"generate.py {n} failed: {proc.stderr[-2000:]}")
        with open(stamp_path, "w", encoding="utf-8") as fh:
            fh.write(stamp)
    # the default limits stop at about 100k people (1 GB of memory); the benchmark goes further
    with open(os.path.join(outdir, ".orglint.toml"), "w", encoding="utf-8") as fh:
        fh.write(
            "limits = {max-file-size = 4294967296, max-org-size = 4294967296, "
            "max-nodes = 1000000000}\n"
        )
    files = [root]
    if split:
        files += sorted(glob.glob(os.path.join(outdir, "teams", "part-*.yaml")))
    return root, files, gen_s


# --------------------------------------------------------------------------- reporting


def _fmt_s(r: Result | None) -> str:
    if r is None:
        return "-"
    if r.error:
        return "ERROR"
    return f"{r.seconds:.3g}" if r.seconds < 10 else f"{r.seconds:.1f}"


def _fmt_mb(r: Result | None) -> str:
    if r is None or r.error:
        return ""
    return f" ({r.rss_mb:.0f})"


def _ratio(a: Result | None, b: Result | None, attr: str = "seconds") -> float | None:
    if a is None or b is None or a.error or b.error:
        return None
    x, y = getattr(a, attr), getattr(b, attr)
    return x / y if y else None


def _fmt_ratio(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


METRIC_CAPTION = {
    "wall": (
        "Wall-clock seconds of a fresh process (median of the runs); in parentheses its "
        "peak RSS in MB. `-` = not measured."
    ),
    "cpu": (
        "CPU seconds (user + sys) of the same runs (median); in parentheses peak RSS in "
        "MB. `-` = not measured."
    ),
}


def _cpu_view(row: dict) -> dict:
    """The row with each command's CPU time in place of its wall time."""
    res = {t: Result(r.cpu_s, r.rss_mb, r.cpu_s, r.rc, r.error) for t, r in row["results"].items()}
    return {**row, "results": res}


def table(rows: list[dict]) -> str:
    head = (
        "| people | file MB | compose s (MB) | PyYAML load s (MB) | orglint s (MB) "
        "| orglint / compose | orglint mem / PyYAML-load mem | yamllint s "
        "| yamllint / orglint |"
    )
    out = [head, "|" + "---:|" * 9]
    for row in rows:
        r = row["results"]
        c, ld, o, y = (r.get(t) for t in TOOLS)
        out.append(
            f"| {row['n']:,} | {row['mb']:.{2 if row['mb'] < 10 else 1}f} "
            f"| {_fmt_s(c)}{_fmt_mb(c)} "
            f"| {_fmt_s(ld)}{_fmt_mb(ld)} | {_fmt_s(o)}{_fmt_mb(o)} "
            f"| {_fmt_ratio(_ratio(o, c))} | {_fmt_ratio(_ratio(o, ld, 'rss_mb'))} "
            f"| {_fmt_s(y)} | {_fmt_ratio(_ratio(y, o))} |"
        )
    return "\n".join(out)


def targets(rows: list[dict]) -> list[str]:
    by_n = {row["n"]: row["results"] for row in rows}
    lines = []

    def get(n, tool):
        return by_n.get(n, {}).get(tool)

    # (a) 100k: time <= 3x compose, memory <= PyYAML C load
    c, ld, o = get(100_000, "compose"), get(100_000, "load"), get(100_000, "orglint")
    if o is None or c is None or ld is None:
        lines.append(
            "SKIP (a) 100k people: orglint <= 3x compose time and <= PyYAML-load "
            "memory (100k not measured)"
        )
    elif o.error or c.error or ld.error:
        lines.append("FAIL (a) 100k people: a measured command failed")
    else:
        t_ok = o.seconds <= 3 * c.seconds
        m_ok = o.rss_mb <= ld.rss_mb
        lines.append(
            f"{'PASS' if t_ok and m_ok else 'FAIL'} (a) 100k people: orglint "
            f"{o.seconds:.2f} s = {o.seconds / c.seconds:.2f}x compose {c.seconds:.2f} s "
            f"(target <= 3x: {'ok' if t_ok else 'over'}); memory {o.rss_mb:.0f} MB vs "
            f"PyYAML C load {ld.rss_mb:.0f} MB (target <=: {'ok' if m_ok else 'over'})"
        )
    # (b) 1M / 100k <= 11
    a, b = get(100_000, "orglint"), get(1_000_000, "orglint")
    if a is None or b is None:
        lines.append("SKIP (b) orglint 1M / 100k time <= 11 (1M or 100k not measured)")
    elif a.error or b.error:
        lines.append("FAIL (b) orglint 1M / 100k time <= 11: orglint failed")
    else:
        ratio = b.seconds / a.seconds
        lines.append(
            f"{'PASS' if ratio <= 11 else 'FAIL'} (b) orglint 1M / 100k time = "
            f"{b.seconds:.1f} / {a.seconds:.2f} = {ratio:.1f} (target <= 11)"
        )
    # (c) 10k: yamllint >= 10x orglint
    o, y = get(10_000, "orglint"), get(10_000, "yamllint")
    if o is None or y is None:
        lines.append("SKIP (c) 10k people: yamllint >= 10x orglint (not measured)")
    elif o.error or y.error:
        lines.append("FAIL (c) 10k people: yamllint >= 10x orglint: a command failed")
    else:
        ratio = y.seconds / o.seconds
        lines.append(
            f"{'PASS' if ratio >= 10 else 'FAIL'} (c) 10k people: yamllint "
            f"{y.seconds:.2f} s / orglint {o.seconds:.2f} s = {ratio:.1f}x "
            f"(target >= 10x)"
        )
    return lines


def _version(mod: str) -> str:
    try:
        from importlib.metadata import version

        return version(mod)
    except Exception:
        return "not installed"


def machine_info() -> list[tuple[str, str]]:
    try:
        import yaml

        pyyaml = f"{yaml.__version__} (libyaml: {getattr(yaml, '__with_libyaml__', False)})"
    except ImportError:
        pyyaml = "not installed"
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return [
        ("date", _dt.datetime.now().astimezone().isoformat(timespec="seconds")),
        ("platform", platform.platform()),
        ("machine", f"{platform.machine()} {platform.processor()}".strip()),
        ("cpu count", str(os.cpu_count())),
        ("python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("PyYAML", pyyaml),
        ("orglint", _version("orglint")),
        ("yamllint", _version("yamllint")),
        ("load average at start", load),
    ]


def findings_summary(n: int, root: str) -> str:
    """Run orglint once more (untimed) with JSON output and count findings per code."""
    fd, path = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        res = measure(orglint_command(root, path), ok_codes=(0, 1))
        if res.error:
            return f"{n:,} people: orglint failed: {res.error}"
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, ValueError) as exc:
        return f"{n:,} people: could not read orglint's JSON: {exc}"
    finally:
        os.unlink(path)
    items = doc
    if isinstance(doc, dict):
        for key in ("findings", "diagnostics", "results", "problems"):
            if isinstance(doc.get(key), list):
                items = doc[key]
                break
    if not isinstance(items, list):
        return f"{n:,} people: unrecognised JSON shape ({type(doc).__name__})"
    counts: dict[str, int] = {}
    for it in items:
        code = "?"
        if isinstance(it, dict):
            code = str(it.get("code") or it.get("rule") or it.get("rule_id") or "?")
        counts[code] = counts.get(code, 0) + 1
    total = sum(counts.values())
    parts = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    return f"{n:,} people: {total} findings = {100 * total / n:.2f} per 100 people ({parts})"


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="orglint performance benchmark (see docs/performance.md)"
    )
    ap.add_argument(
        "--sizes",
        default=None,
        help="comma-separated people counts (default 1000,10000,100000,1000000)",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=None,
        metavar="R",
        help="runs per measurement, median reported (default 3: single runs of the large sizes "
        "vary by 10%%, as much as the margin on the 1M/100k target)",
    )
    ap.add_argument(
        "--quick", action="store_true", help="sizes 1000,10000 with repeat 1 (CI smoke run)"
    )
    ap.add_argument("--markdown", metavar="FILE", help="also write table + machine info")
    ap.add_argument("--json", metavar="FILE", help="also write raw measurements as JSON")
    ap.add_argument(
        "--split",
        type=int,
        default=0,
        metavar="K",
        help="benchmark a root file with include: and K part files",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--out",
        default=os.path.join(HERE, "out"),
        help="directory for generated files (default benchmarks/out)",
    )
    ap.add_argument(
        "--timeout",
        type=float,
        default=0,
        help="seconds before a measured command is killed (default: none)",
    )
    ap.add_argument(
        "--yamllint-max",
        type=int,
        default=YAMLLINT_MAX,
        metavar="N",
        help="run yamllint only up to N people (default 10000)",
    )
    ap.add_argument(
        "--findings",
        action="store_true",
        help="after timing, run orglint once more per size and summarise "
        "its findings per 100 people (untimed)",
    )
    ap.add_argument(
        "--metric",
        choices=("wall", "cpu", "both"),
        default="wall",
        help="time used in the table and targets: wall-clock (default), CPU (user+sys of "
        "the process and its children: steadier on a busy machine), or both tables",
    )
    args = ap.parse_args(argv)

    if args.quick:
        sizes = [1_000, 10_000]
        repeat = 1
    else:
        sizes = (
            [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
            if args.sizes
            else list(DEFAULT_SIZES)
        )
        repeat = args.repeat
    tools = ["compose", "load", "orglint"]
    have_yamllint = importlib.util.find_spec("yamllint") is not None
    if have_yamllint:
        tools.append("yamllint")
    else:
        print(
            "note: yamllint is not installed (pip install yamllint); its columns show -",
            file=sys.stderr,
        )

    info = machine_info()
    failures: list[str] = []
    rows: list[dict] = []

    # warm-up (untimed): byte-compile orglint and friends on a tiny org
    try:
        root, files, _ = ensure_file(20, args.out, args.split, args.seed)
        for tool in tools:
            cmd, ok = commands(tool, files, root)
            measure(cmd, ok, timeout=args.timeout or 600)
    except RuntimeError as exc:
        failures.append(str(exc))

    for n in sizes:
        try:
            root, files, gen_s = ensure_file(n, args.out, args.split, args.seed)
        except RuntimeError as exc:
            failures.append(str(exc))
            print(f"[{n:,}] {exc}", file=sys.stderr)
            continue
        mb = sum(os.path.getsize(f) for f in files) / 1e6
        for f in files:  # warm the page cache so that no command pays for the disk
            with open(f, "rb") as fh:
                while fh.read(1 << 24):
                    pass
        reps = repeat if repeat else 3
        what = f"generated in {gen_s:.1f} s" if gen_s else "cached"
        print(f"[{n:,} people] {mb:.1f} MB ({what}), {reps} run(s) each", file=sys.stderr)
        runs: dict[str, list[Result]] = {t: [] for t in tools}
        for _ in range(reps):
            for tool in tools:
                if tool == "yamllint" and n > args.yamllint_max:
                    continue
                cmd, ok = commands(tool, files, root)
                res = measure(cmd, ok, timeout=args.timeout)
                runs[tool].append(res)
                status = res.error or (
                    f"{res.seconds:.3f} s wall, {res.cpu_s:.3f} s CPU, {res.rss_mb:.0f} MB"
                )
                print(f"  {tool:9s} {status}", file=sys.stderr)
        results: dict[str, Result] = {}
        for tool, rs in runs.items():
            if not rs:
                continue
            bad = [r for r in rs if r.error]
            if bad:
                results[tool] = bad[0]
                failures.append(f"{tool} at {n:,} people: {bad[0].error}")
            else:
                results[tool] = Result(
                    statistics.median(r.seconds for r in rs),
                    max(r.rss_mb for r in rs),
                    statistics.median(r.cpu_s for r in rs),
                    0,
                )
        rows.append({"n": n, "mb": mb, "files": len(files), "repeat": reps, "results": results})

    metrics = ("wall", "cpu") if args.metric == "both" else (args.metric,)
    blocks = []  # (caption, table, target lines) per metric
    for metric in metrics:
        view = rows if metric == "wall" else [_cpu_view(r) for r in rows]
        caption = METRIC_CAPTION[metric]
        blocks.append((caption, table(view), targets(view)))
    for caption, tbl, tgt in blocks:
        print()
        print(caption)
        print()
        print(tbl)
        print()
        for line in tgt:
            print(line)
    summaries = []
    if args.findings:
        for row in rows:
            root, _, _ = ensure_file(row["n"], args.out, args.split, args.seed)
            summaries.append(findings_summary(row["n"], root))
        print()
        for s in summaries:
            print(s)
    if failures:
        print("\nFailed commands:", file=sys.stderr)
        for f in failures:
            print("  " + f, file=sys.stderr)

    cmdline = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    if args.markdown:
        md = ["# orglint benchmark results", "", f"Command: `{cmdline.strip()}`", ""]
        md += [f"- {k}: {v}" for k, v in info]
        for caption, tbl, tgt in blocks:
            md += ["", caption, "", tbl, ""]
            md += [f"- {line}" for line in tgt]
        if summaries:
            md += ["", "Findings (untimed run):", ""] + [f"- {s}" for s in summaries]
        if failures:
            md += ["", "Failed commands:", ""] + [f"- {f}" for f in failures]
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write("\n".join(md) + "\n")
    if args.json:
        raw = {
            "command": cmdline.strip(),
            "machine": dict(info),
            "rows": [
                {
                    "people": r["n"],
                    "file_mb": r["mb"],
                    "files": r["files"],
                    "repeat": r["repeat"],
                    "results": {
                        t: {k: getattr(res, k) for k in Result.__slots__}
                        for t, res in r["results"].items()
                    },
                }
                for r in rows
            ],
            "targets": tgt,
            "failures": failures,
        }
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(raw, fh, indent=2)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
