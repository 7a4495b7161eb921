"""Sources against org v1: `orglint check` on a roster CSV, a Backstage catalog and a GitHub
org config, each against the same org written in org v1 (made from it by `orglint
convert`), in fresh processes, in the same run. Reports the ratios (target: within 3x).

    python benchmarks/sources.py                      # 100k roster, 100k catalog, 10k GitHub
    python benchmarks/sources.py --scale 0.1 --repeat 1   # a quick look
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

TITLES = ("Software Engineer", "Machine Learning Engineer", "Product Manager", "SRE", "Analyst")


def roster(n: int, folder: str) -> str:
    path = os.path.join(folder, "roster.csv")
    with open(path, "w", encoding="utf-8") as out:
        out.write("Employee ID,Name,Job Title,Manager ID,Department\n")
        for i in range(n):
            boss = f"p{(i - 1) // 8}" if i else ""
            team = f"Team {(i - 1) // 8}" if i else ""
            out.write(f"p{i},Person {i},{TITLES[i % len(TITLES)]},{boss},{team}\n")
    return path


def catalog(n: int, folder: str) -> str:
    root = os.path.join(folder, "catalog")
    os.makedirs(root, exist_ok=True)
    groups = max(1, n // 10)
    entities = []
    for g in range(groups):
        parent = f"  parent: g{(g - 1) // 8}\n" if g else ""
        entities.append(
            f"apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: g{g}\n"
            f"spec:\n  type: team\n{parent}"
        )
    for u in range(n - groups):
        entities.append(
            f"apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: u{u}\n"
            f"spec:\n  profile: {{displayName: User {u}}}\n  memberOf: [g{u % groups}]\n"
        )
    for start in range(0, len(entities), 1000):
        with open(os.path.join(root, f"part-{start // 1000:04d}.yaml"), "w") as out:
            out.write("---\n".join(entities[start : start + 1000]))
    return root


def github(n: int, folder: str) -> str:
    root = os.path.join(folder, "github")
    os.makedirs(root, exist_ok=True)
    lines = ["name: Example", "admins:", "- Admin0", "members:"]
    lines += [f"- login{i}" for i in range(1, n)]
    lines.append("teams:")
    for t in range(n // 10):
        lines += [f"  team-{t}:", "    maintainers:", f"    - login{t * 10 + 1}", "    members:"]
        lines += [f"    - login{t * 10 + k}" for k in range(2, 10)]
        lines.append("    privacy: closed")
    with open(os.path.join(root, "org.yaml"), "w") as out:
        out.write("\n".join(lines) + "\n")
    return os.path.join(root, "org.yaml")


def timed(args: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True)
        runs.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(args)} failed:\n{done.stderr.decode()}")
    return statistics.median(runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply the sizes")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "out", "sources"))
    opts = ap.parse_args()
    orglint = [sys.executable, "-m", "orglint"]
    cases = [
        ("roster CSV", roster, int(100_000 * opts.scale)),
        ("Backstage catalog", catalog, int(100_000 * opts.scale)),
        ("GitHub org config", github, int(10_000 * opts.scale)),
    ]
    print("| source | size | source (s) | org v1 (s) | ratio |")
    print("|---|---|---|---|---|")
    worst = 0.0
    for name, make, n in cases:
        folder = os.path.join(opts.out, f"{make.__name__}-{n}")
        os.makedirs(folder, exist_ok=True)
        source = make(n, folder)
        v1 = os.path.join(folder, "org-v1.yaml")
        subprocess.run([*orglint, "convert", source, "-o", v1, "--force"], check=True)
        t_source = timed([*orglint, "check", source, "--format", "json"], opts.repeat)
        t_v1 = timed([*orglint, "check", v1, "--format", "json"], opts.repeat)
        ratio = t_source / t_v1
        worst = max(worst, ratio)
        print(f"| {name} | {n:,} | {t_source:.2f} | {t_v1:.2f} | {ratio:.2f}x |")
    print(f"\n{'PASS' if worst <= 3 else 'FAIL'}: worst ratio {worst:.2f}x (target: within 3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
