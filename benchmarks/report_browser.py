#!/usr/bin/env python3
"""The HTML report in headless Chromium: its size, and how long the page takes to draw
itself, at 1k and 10k people, as ratios to the 24-person consultant example in the same
run; with --screenshots DIR, a picture of every example's report.

    pip install -e '.[browser]'     # and Debian's chromium
    python benchmarks/report_browser.py [--sizes 1000,10000] [--repeat 3] [--screenshots docs/img]

"First render" is the time from navigation start to the end of the page's script (the
`orglint-ready` performance mark: every section built and the picture laid out), and the
wall time from `goto` until that mark is seen. Nothing is asserted: the numbers are printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EXAMPLES = [
    *sorted(p for p in (REPO / "examples" / "designs").glob("*.yaml") if ".expected" not in p.name),
    REPO / "examples" / "clean.yaml",
    REPO / "examples" / "mistakes.yaml",
]


def report(root: Path, out: Path, *diff: str) -> float:
    start = time.perf_counter()
    args = ["--diff", *diff] if diff else [str(root)]
    subprocess.run([sys.executable, "-m", "orglint", "report", *args, "-o", str(out)], check=True)
    return time.perf_counter() - start


def reorg(folder: Path) -> tuple[str, str]:
    """The consultant example and a reorg of it (as in the tests): the consulting team
    embedded in the inbox team, one ML engineer moved into that team."""
    text = (REPO / "examples" / "designs" / "consultant.yaml").read_text(encoding="utf-8")
    after = (
        text.replace(
            "    engagement: consulting\n", "    engagement: embedded\n    embedded_in: inbox\n"
        )
        .replace("members: [ahmed, julia, marco, yuki]", "members: [ahmed, julia, marco]")
        .replace("members: [lina, noah, ana, kai]", "members: [lina, noah, ana, kai, yuki]")
    )
    for name, body in (("before", text), ("after", after)):
        (folder / name).mkdir()
        (folder / name / "org.yaml").write_text(body, encoding="utf-8")
    return "before/org.yaml", "after/org.yaml"


def render(
    context, path: Path, screenshot: Path | None = None, whole: bool = False
) -> tuple[float, float]:
    page = context.new_page()
    page.set_viewport_size({"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=60000)
    wall = time.perf_counter() - start
    mark = page.evaluate("performance.getEntriesByName('orglint-ready')[0].startTime") / 1000
    if errors:
        raise SystemExit(f"{path}: script errors: {errors}")
    if screenshot is not None:
        page.locator("#picture").scroll_into_view_if_needed()
        # The team with the worst findings, opened, as a reader would first click.
        for picked in ("error", "warning", "info"):
            teams = page.locator(f"svg.picture g.node.team.sev-{picked}")
            if teams.count():
                teams.first.click()
                break
        if whole:  # a reorg: the changes above the two pictures
            page.set_viewport_size({"width": 1600, "height": 1100})
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(screenshot))
        else:
            page.locator("#picture").screenshot(path=str(screenshot))
    page.close()
    return mark, wall


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--screenshots", metavar="DIR", help="write report-<example>.png here")
    args = ap.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("no chromium on PATH (apt-get install chromium)")
        return 1
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="orglint-report-bench-"))
    try:
        cases = [("consultant (24 people)", REPO / "examples" / "designs" / "consultant.yaml")]
        for n in (int(x) for x in args.sizes.split(",") if x):
            out = work / f"org-{n}"
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), str(n), str(out)],
                check=True,
                capture_output=True,
            )
            cases.append((f"{n:,} people", out / "org.yaml"))
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(work / "profile"), executable_path=chromium, args=ARGS, headless=True
            )
            rows = []
            for name, root in cases:
                html = work / f"{root.parent.name}-{root.stem}.html"
                build = report(root, html)
                marks, walls = zip(*(render(context, html) for _ in range(args.repeat)))
                rows.append(
                    (
                        name,
                        html.stat().st_size,
                        build,
                        statistics.median(marks),
                        statistics.median(walls),
                    )
                )
            if args.screenshots:
                os.makedirs(args.screenshots, exist_ok=True)
                for root in EXAMPLES:
                    html = work / f"example-{root.stem}.html"
                    report(root, html)
                    render(context, html, Path(args.screenshots) / f"report-{root.stem}.png")
                html = work / "diff.html"
                cwd = os.getcwd()
                os.chdir(work)  # the page shows the paths as given
                try:
                    report(Path(), html, *reorg(work))
                finally:
                    os.chdir(cwd)
                render(context, html, Path(args.screenshots) / "report-diff-consultant.png", True)
            context.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = rows[0][3]
    print(f"Chromium: {chromium}; median of {args.repeat} loads\n")
    print(
        "| org | page size | `orglint report` | first render | goto to ready | render vs example |"
    )
    print("|---|---|---|---|---|---|")
    for name, size, build, mark, wall in rows:
        print(
            f"| {name} | {size / 1e6:.2f} MB | {build:.2f} s | {mark:.2f} s | {wall:.2f} s "
            f"| {mark / base:.1f}x |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
