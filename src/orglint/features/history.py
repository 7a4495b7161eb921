"""`orglint history`: the org at each commit that changed it, counted.

A commit changed the org when it touched the root or a path the root's `include` globs
name (at that commit or the one before: a deleted fragment counts). Each such commit is
read through git without a checkout (the same copy as `diff REV:path`), checked, and
reduced to counts; commits are checked in parallel on as many cores as there are.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import re
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field

from orglint.config import Config
from orglint.errors import GitError
from orglint.features.diff.git import GitFailed, git, in_repo, org_files, repo_top, write_files
from orglint.features.diff.sides import cores
from orglint.findings import SEVERITIES
from orglint.pipeline import Result, check_root
from orglint.read.discover import glob_regex, include_globs
from orglint.resolve.org import ACTIVE

SEVERITY_ORDER = SEVERITIES


@dataclass
class Point:
    commit: str
    date: str  # committer date, ISO 8601
    subject: str
    people: int = 0
    teams: int = 0
    active_models: int = 0
    widest_span: int = 0  # most direct reports of one person
    widest_span_of: str | None = None
    unowned_models: int = 0  # not retired, and no team owns it
    unowned_data: int = 0
    severities: dict[str, int] = field(default_factory=dict)
    rules: dict[str, int] = field(default_factory=dict)

    @property
    def findings(self) -> int:
        return sum(self.severities.values())


def measure(result: Result, point: Point) -> Point:
    org = result.org
    active = [f for f in result.findings if f.suppressed is None]
    point.people, point.teams = len(org.people), len(org.teams)
    point.active_models = sum(1 for m in org.models.values() if m.stage in ACTIVE)
    if org.reports:
        boss = max(org.reports, key=lambda p: len(org.reports[p]))
        point.widest_span, point.widest_span_of = len(org.reports[boss]), boss
    point.unowned_models = sum(
        1 for mid, m in org.models.items() if m.stage != "retired" and not org.owned_by.get(mid)
    )
    owned = {d for ds in org.data_owned.values() for d in ds}
    point.unowned_data = sum(1 for d in org.data if d not in owned)
    by_severity = Counter(f.severity for f in active)
    point.severities = {s: by_severity[s] for s in SEVERITY_ORDER}
    point.rules = dict(sorted(Counter(f.code for f in active).items()))
    return point


def _log(top: str, folder: str, rev_range: str) -> list[tuple[str, str, str, list[str]]]:
    if rev_range.startswith("-"):
        raise GitError(f"`{rev_range}` is not a revision range (e.g. `main`, `v1..HEAD`)")
    try:
        out = git(
            [
                "-c",
                "core.quotePath=false",
                "log",
                "--reverse",
                "--no-renames",
                "--format=%x01%H%x00%cI%x00%s",
                "--name-only",
                rev_range,
                "--",
                folder or ".",
            ],
            top,
        )
    except GitFailed:
        raise GitError(
            f"`{rev_range}` is not a revision range of this repository "
            "(e.g. `main`, `v1..HEAD`; did you fetch it?)"
        ) from None
    commits = []
    for record in out.decode("utf-8", "surrogateescape").split("\x01")[1:]:
        head, _, names = record.partition("\n")
        sha, date, subject = head.split("\x00", 2)
        commits.append((sha, date, subject, [n for n in names.split("\n") if n]))
    return commits


def _roots(top: str, shas: list[str], inside: str) -> list[bytes | None]:
    """The root file's text at each commit (None where it is not a file)."""
    data = "".join(f"{sha}:{inside}\n" for sha in shas).encode()
    out = git(["cat-file", "--batch"], top, data)
    found: list[bytes | None] = []
    pos = 0
    for _ in shas:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if len(header) != 3 or header[1] != b"blob":
            found.append(None)
            pos = end + 1
            continue
        size = int(header[2])
        found.append(out[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1
    return found


def _include_regexes(data: bytes | None) -> list[re.Pattern[str]]:
    return [glob_regex(g) for g in include_globs(data or b"") if g.strip()]


def org_commits(top: str, inside: str, rev_range: str) -> list[tuple[str, str, str]]:
    """(sha, date, subject) of the commits in ``rev_range`` that changed the org, oldest first."""
    folder = os.path.dirname(inside)
    base = f"{folder}/" if folder else ""
    log = _log(top, folder, rev_range)
    roots = _roots(top, [c[0] for c in log], inside)
    out: list[tuple[str, str, str]] = []
    before: list[re.Pattern[str]] = []
    for (sha, date, subject, names), data in zip(log, roots):
        now = _include_regexes(data)
        regexes = now + before
        if inside in names or any(
            n.startswith(base) and any(r.match(n[len(base) :]) for r in regexes) for n in names
        ):
            out.append((sha, date, subject))
        before = now
    return out


_JOB: tuple | None = None


def _point(index: int) -> Point | None:
    assert _JOB is not None
    top, inside, commits, config, rules = _JOB
    sha, date, subject = commits[index]
    found = org_files(top, sha, inside)
    if found is None:  # the root was deleted in this commit
        return None
    with tempfile.TemporaryDirectory(prefix="orglint-history-") as folder:
        write_files(top, folder, *found)
        result = check_root(os.path.join(folder, *inside.split("/")), config, rules)
        return measure(result, Point(sha, date, subject))


def history(root: str, rev_range: str, config: Config, rules: dict) -> list[Point]:
    global _JOB
    top, prefix = repo_top(root)
    inside = in_repo(prefix, root, root)
    commits = org_commits(top, inside, rev_range)
    _JOB = (top, inside, commits, config, rules)
    try:
        workers = min(cores(), len(commits))
        if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            points = [_point(i) for i in range(len(commits))]
        else:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                chunk = max(1, len(commits) // (4 * workers))
                points = list(pool.map(_point, range(len(commits)), chunksize=chunk))
    finally:
        _JOB = None
    return [p for p in points if p is not None]


# -- output -------------------------------------------------------------------------------

COLUMNS = (
    "commit",
    "date",
    "people",
    "teams",
    "active_models",
    "errors",
    "warnings",
    "infos",
    "widest_span",
    "unowned_models",
    "unowned_data",
    "subject",
)


def _row(p: Point) -> dict[str, object]:
    return {
        "commit": p.commit[:12],
        "date": p.date,
        "people": p.people,
        "teams": p.teams,
        "active_models": p.active_models,
        "errors": p.severities.get("error", 0),
        "warnings": p.severities.get("warning", 0),
        "infos": p.severities.get("info", 0),
        "widest_span": p.widest_span,
        "unowned_models": p.unowned_models,
        "unowned_data": p.unowned_data,
        "subject": p.subject,
    }


def render_text(root: str, rev_range: str, points: list[Point]) -> str:
    from orglint.report.text import clean

    if not points:
        return f"No commit in `{clean(rev_range)}` changed the org `{clean(root)}`.\n"
    rows = [_row(p) for p in points]
    heads = [c.replace("_", " ") for c in COLUMNS]
    cells = [[clean(str(r[c])) for c in COLUMNS] for r in rows]
    cells = [[c[0], c[1][:10], *c[2:]] for c in cells]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(heads)]
    lines = [f"orglint history {clean(root)} ({len(points)} commits changed the org)", ""]
    for line in [heads, *cells]:
        lines.append("  ".join(v.ljust(w) for v, w in zip(line, widths)).rstrip())
    last = points[-1]
    if last.rules:
        rules = ", ".join(f"{code} {n}" for code, n in last.rules.items())
        lines += ["", f"Findings at {last.commit[:12]} by rule: {rules}"]
    return "\n".join(lines) + "\n"


def render_json(root: str, rev_range: str, points: list[Point]) -> str:
    data = {
        "root": root,
        "range": rev_range,
        "commits": [{**asdict(p), "findings": p.findings} for p in points],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _cell(value: object) -> object:
    """A commit subject that starts like a formula stays text in a spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def render_csv(root: str, rev_range: str, points: list[Point]) -> str:
    codes = sorted({c for p in points for c in p.rules})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*COLUMNS, *codes])
    for p in points:
        row = _row(p)
        writer.writerow([_cell(row[c]) for c in COLUMNS] + [p.rules.get(c, 0) for c in codes])
    return buffer.getvalue()


def render_svg(root: str, rev_range: str, points: list[Point]) -> str:
    from orglint.features.history_svg import trend

    return trend(root, points)


RENDER = {"text": render_text, "json": render_json, "csv": render_csv, "svg": render_svg}
