#!/usr/bin/env python3
"""Start-up: `orglint check` on a small org and `orglint --version` beside yamllint on the
same file, whole processes, median of N runs (default 20), run in alternation so that the
machine's load falls on all of them alike.

    python benchmarks/startup.py [--runs 20] [--baseline SRC] [--markdown FILE]

The org is examples/clean.yaml, copied to a temporary folder (no configuration file
above it, as in a fresh repository). `--baseline SRC` also times another checkout's
`src/` (e.g. `git archive main | tar -x -C /tmp/base` then `--baseline /tmp/base/src`)
run with this interpreter. Wall time comes from the parent's clock, CPU time (user +
sys) from ``os.wait4``. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BIN = os.path.dirname(sys.executable)


# As a user's machine has it: compiled modules cached (pip writes them at install time; an
# editable install writes them on first run). PYTHONDONTWRITEBYTECODE would make every
# run of the checkout compile orglint from source while yamllint's .pyc files exist.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(cmd: list[str], cwd: str) -> tuple[float, float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if code not in (0, 1) or "Traceback" in err:
        raise RuntimeError(f"{' '.join(cmd)} exited {code}: {err[-1000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def commands(baseline: str | None) -> dict[str, list[str]]:
    orglint = os.path.join(BIN, "orglint")
    yamllint = os.path.join(BIN, "yamllint")
    out = {
        "orglint check clean.yaml": [orglint, "check", "clean.yaml"],
        "yamllint clean.yaml": [yamllint, "clean.yaml"],
        "orglint --version": [orglint, "--version"],
        "yamllint --version": [yamllint, "--version"],
    }
    if baseline:
        shim = f"import sys; sys.path.insert(0, {baseline!r}); from orglint.cli import main; main()"
        out["baseline: orglint check clean.yaml"] = [
            sys.executable,
            "-c",
            shim,
            "check",
            "clean.yaml",
        ]
        out["baseline: orglint --version"] = [sys.executable, "-c", shim, "--version"]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--baseline", help="another checkout's src/ folder to time too")
    parser.add_argument("--markdown")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="orglint-startup-")
    try:
        shutil.copy(os.path.join(REPO, "examples", "clean.yaml"), folder)
        cmds = commands(args.baseline)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
        for cmd in cmds.values():  # one untimed run each: disk caches and .pyc files for all
            run(cmd, folder)
        for _ in range(args.runs):
            for name, cmd in cmds.items():
                times[name].append(run(cmd, folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    wall = {n: statistics.median(w for w, _ in t) for n, t in times.items()}
    cpu = {n: statistics.median(c for _, c in t) for n, t in times.items()}
    lines = [
        f"Start-up, {_dt.date.today()}: median of {args.runs} runs, whole process; "
        f"CPython {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end.",
        "",
        "| command | wall s | CPU s |",
        "|---|---:|---:|",
        *(f"| `{n}` | {wall[n]:.3f} | {cpu[n]:.3f} |" for n in cmds),
        "",
    ]
    for ours, theirs in (
        ("orglint check clean.yaml", "yamllint clean.yaml"),
        ("orglint --version", "yamllint --version"),
    ):
        ok = wall[ours] <= wall[theirs]
        lines.append(
            f"{'PASS' if ok else 'FAIL'} `{ours}` {wall[ours]:.3f} s wall ({cpu[ours]:.3f} s CPU) "
            f"vs `{theirs}` {wall[theirs]:.3f} s ({cpu[theirs]:.3f} s CPU): target at or below"
        )
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
