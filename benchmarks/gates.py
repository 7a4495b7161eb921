#!/usr/bin/env python3
"""Benchmarks of the gates (issue 14, issue 18 item 4), each as a ratio to a baseline
measured in the same run, every command in a fresh process (wall time, median of R).

    python benchmarks/gates.py [discover] [hook] [diff] [history] [--repeat R]
                               [--diff-size N] [--markdown FILE]

* discover - `check --orgs-only` given N files of one folder (as pre-commit passes them:
  half are fragments of one org, half other YAML), for N = 750 and 1,500: linear when the
  1,500 run costs about twice the 750 one (it was quadratic: 137 s and 268 s);
  baseline: `check` of the org's root alone.
* hook     - the pre-commit hook's command in a git repository of 1,000 YAML files: a
  commit without YAML, a commit deleting an included file, and `pre-commit run
  --all-files` (all 1,000 files); baseline: the start of Python and of orglint.
* diff     - `diff` of two N-person orgs (default 100k) with the sides in parallel and in
  a row; baseline: one `check` of the same org.
* history  - `history` over 100 commits of a 1,000-person org; baseline: one `check`.
Generated inputs go to benchmarks/out/gates/ (git-ignored). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out", "gates")
PY = sys.executable
ORGLINT = [PY, "-m", "orglint"]
GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "b",
    "GIT_AUTHOR_EMAIL": "b@example.com",
    "GIT_COMMITTER_NAME": "b",
    "GIT_COMMITTER_EMAIL": "b@example.com",
}
# `diff` with its two sides in a row: the same command with one core declared
SERIAL_DIFF = (
    "import sys; from orglint.features.diff import sides; sides.cores = lambda: 1; "
    "sys.argv[0] = 'orglint'; from orglint.cli import main; main()"
)


CPU: dict[float, float] = {}  # wall -> CPU seconds of the same median run


def timed(cmd: list[str], cwd: str | None = None, repeat: int = 1) -> float:
    """Median wall time; its run's CPU time (user + system, children included) is kept in
    CPU: on a shared machine CPU time is the steadier figure, wall the one users wait."""
    runs = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, env=GIT_ENV)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        runs.append((wall, cpu))
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    wall, cpu = sorted(runs)[len(runs) // 2]
    CPU[wall] = cpu
    return wall


def git(cwd: str, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=GIT_ENV)


def generate(n: int, folder: str) -> str:
    root = os.path.join(folder, "org.yaml")
    if not os.path.exists(root):
        subprocess.run(
            [PY, os.path.join(HERE, "generate.py"), str(n), folder], check=True, capture_output=True
        )
    return root


TEAM = "teams:\n  - id: t{i}\n    type: product\n    lead: p0\n    members: [p{j}]\n"
OTHER = "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /d{i}\n"


def many_files(folder: str, n: int) -> list[str]:
    """One org root including n/2 team fragments, and n/2 other YAML files, in one folder."""
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    half = n // 2
    people = "".join(f"  - id: p{i}\n    reports_to: p0\n" for i in range(1, half + 1))
    with open(os.path.join(folder, "org.yaml"), "w") as handle:
        handle.write(
            f"version: 1\norg: {{name: Bench}}\ninclude: [t*.yaml]\npeople:\n  - id: p0\n{people}"
        )
    names = ["org.yaml"]
    for i in range(half):
        with open(os.path.join(folder, f"t{i:05}.yaml"), "w") as handle:
            handle.write(TEAM.format(i=i, j=i + 1))
        with open(os.path.join(folder, f"other{i:05}.yaml"), "w") as handle:
            handle.write(OTHER.format(i=i))
        names += [f"t{i:05}.yaml", f"other{i:05}.yaml"]
    return names


def bench_discover(repeat: int) -> list[tuple[str, float, str]]:
    rows = []
    base = {}
    for n in (750, 1500):
        folder = os.path.join(OUT, f"discover-{n}")
        names = many_files(folder, n)
        check = timed([*ORGLINT, "check", "org.yaml"], folder, repeat)
        hook = timed([*ORGLINT, "check", "--orgs-only", *names], folder, repeat)
        base[n] = hook
        rows.append(
            (
                f"`check --orgs-only` of {n} files of one folder",
                hook,
                f"{hook / check:.2f}x `check org.yaml`",
            )
        )
    rows.append(("1,500 files / 750 files", base[1500] / base[750], "linear = 2.0x"))
    return rows


def bench_hook(repeat: int) -> list[tuple[str, float, str]]:
    repo = os.path.join(OUT, "hook-1000")
    names = many_files(repo, 1000)  # one root, 500 fragments, 499 other YAML files
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    floor = timed([PY, "-c", "import orglint.cli"], repo, repeat)
    check = timed([*ORGLINT, "check", "org.yaml"], repo, repeat)
    hook = [*ORGLINT, "check", "--orgs-only", "--staged-deletions"]
    none = timed(hook, repo, repeat)
    git(repo, "rm", "-q", "t00007.yaml")
    deleted = timed(hook, repo, repeat)
    git(repo, "reset", "-q", "--hard")
    everything = timed([*hook, *names], repo, repeat)
    return [
        ("start of Python + orglint (import)", floor, "baseline"),
        ("`check org.yaml` (the org: 1 root + 500 fragments)", check, f"{check / floor:.2f}x"),
        ("hook, commit without YAML", none, f"{none / floor:.2f}x"),
        ("hook, commit deleting an included file", deleted, f"{deleted / check:.2f}x check"),
        (
            "hook, all 1,000 files (`run --all-files`)",
            everything,
            f"{everything / check:.2f}x check",
        ),
    ]


def bench_diff(n: int, repeat: int) -> list[tuple[str, float, str]]:
    folder = os.path.join(OUT, f"diff-{n}")
    root = generate(n, os.path.join(folder, "base"))
    head_dir = os.path.join(folder, "head")
    os.makedirs(head_dir, exist_ok=True)
    head = os.path.join(head_dir, "org.yaml")
    if not os.path.exists(head):
        with open(root) as src, open(head, "w") as dst:
            dst.write(src.read().replace("stage: development", "stage: production", 3))
    check = timed(
        [*ORGLINT, "check", root, "--output-format", "json", "-o", os.devnull], repeat=repeat
    )
    args = ["diff", root, head, "--output-format", "json", "-o", os.devnull]
    parallel = timed([*ORGLINT, *args], repeat=repeat)
    serial = timed([PY, "-c", SERIAL_DIFF, *args], repeat=repeat)
    return [
        (f"`check` at {n:,} people", check, "baseline"),
        ("`diff`, sides in a row", serial, f"{serial / check:.2f}x check"),
        ("`diff`, sides in parallel", parallel, f"{parallel / check:.2f}x check"),
    ]


def _history_repo(name: str, split: int) -> tuple[str, str]:
    """100 commits of a 1,000-person org (one file, or a root and ``split`` parts of which
    each commit edits one); returns the repository and the root's path in it."""
    repo = os.path.join(OUT, name)
    shutil.rmtree(repo, ignore_errors=True)
    source = os.path.join(OUT, f"gen-1000-{split}")
    if split and not os.path.exists(os.path.join(source, "org.yaml")):
        subprocess.run(
            [PY, os.path.join(HERE, "generate.py"), "1000", source, "--split", str(split)],
            check=True,
            capture_output=True,
        )
    root = generate(1000, source)
    shutil.copytree(source, repo)
    files = sorted(
        os.path.relpath(os.path.join(d, f), repo)
        for d, _, names in os.walk(repo)
        for f in names
        if f.endswith(".yaml")
    )
    texts = {}
    for f in files:
        with open(os.path.join(repo, f)) as handle:
            texts[f] = handle.read()
    parts = [f for f in files if f != "org.yaml"] or ["org.yaml"]
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "commit 0")
    for i in range(1, 100):
        part = parts[i % len(parts)]
        with open(os.path.join(repo, part), "w") as handle:
            handle.write(texts[part].replace("name: ", f"name: v{i} ", 1 + i % 7))
        git(repo, "commit", "-qam", f"commit {i}")
    return repo, os.path.relpath(root, source)


def bench_history(repeat: int) -> list[tuple[str, float, str]]:
    rows = []
    for name, split in (("one file", 0), ("a root and 10 included parts", 10)):
        repo, root = _history_repo(f"history-1000-{split}", split)
        out = ["--output-format", "json", "-o", os.devnull]
        check = timed([*ORGLINT, "check", root, *out], repo, repeat)
        history = timed([*ORGLINT, "history", root, *out], repo, repeat)
        rows += [
            (f"`check` of the 1,000-person org ({name})", check, "baseline"),
            (
                "`history` over its 100 commits",
                history,
                f"{history / check:.1f}x check ({history / 100 * 1000:.0f} ms/commit)",
            ),
        ]
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("which", nargs="*", default=["discover", "hook", "diff", "history"])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--diff-size", type=int, default=100_000)
    parser.add_argument("--markdown")
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    lines = [f"cores: {len(os.sched_getaffinity(0))}, Python {sys.version.split()[0]}", ""]
    lines += ["| benchmark | what | wall s | CPU s | ratio (wall) |", "|---|---|---:|---:|---|"]
    for which in args.which:
        if which == "diff":
            rows = bench_diff(args.diff_size, args.repeat)
        else:
            rows = globals()[f"bench_{which}"](args.repeat)
        for what, seconds, ratio in rows:
            cpu = f"{CPU[seconds]:.2f}" if seconds in CPU else ""
            lines.append(f"| {which} | {what} | {seconds:.2f} | {cpu} | {ratio} |")
            print(lines[-1], flush=True)
    text = "\n".join(lines) + "\n"
    if args.markdown:
        with open(args.markdown, "w") as handle:
            handle.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
