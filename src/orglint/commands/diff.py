"""`orglint diff BASE HEAD`: what a reorg changes and which findings it introduces.

Each side is a root file, or `REV:path` read from git without touching the working tree:
the root and the files its `include` globs can match are copied out of the revision into
a temporary folder (so includes resolve exactly as in a checkout), checked there, and
every path is shown again as the given one.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click

from orglint.config import FAIL_ON, Config, find_config, load_config
from orglint.diff import Change, FindingDiff, changes, match_findings
from orglint.findings import Finding, Location
from orglint.lint import Result, check_root, fails
from orglint.yamlread import Limits, Reader, YList, YMap


class DiffError(click.ClickException):
    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"orglint: error: {self.message}", err=True)


@dataclass
class Side:
    given: str  # as on the command line
    path: str  # the root file as shown in findings
    rev: str | None = None


def parse_side(arg: str) -> Side:
    if os.path.exists(arg) or ":" not in arg:
        if os.path.isdir(arg):
            raise DiffError(f"`{arg}` is a folder: give the org's root file (the one with "
                            "`version:`), or `REV:path`")
        if not os.path.isfile(arg):
            raise DiffError(f"`{arg}`: no such file (give a root file, or `REV:path` to read "
                            "it from git, e.g. `origin/main:org.yaml`)")
        return Side(arg, arg)
    rev, _, path = arg.partition(":")
    if not rev or not path or rev.startswith("-"):
        raise DiffError(f"`{arg}`: write `REV:path`, e.g. `origin/main:org.yaml`")
    return Side(arg, os.path.normpath(path), rev)


# -- reading a revision -----------------------------------------------------------------

def _git(args: list[str], cwd: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True)
    except FileNotFoundError:
        raise DiffError("`REV:path` needs git, which is not installed") from None
    if done.returncode:
        raise _GitFailed(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


class _GitFailed(Exception):
    pass


def _glob_regex(pattern: str) -> re.Pattern:
    """A loose regex for an include glob over tree paths: it may match more than the glob
    (the real glob runs again on the copied files), never less."""
    out = []
    for part in [p for p in pattern.split("/") if p not in ("", ".")]:
        if part == "**":
            out.append("(?:.*/)?")
            continue
        piece = ""
        i = 0
        while i < len(part):
            ch = part[i]
            if ch == "*":
                piece += "[^/]*"
            elif ch == "?":
                piece += "[^/]"
            elif ch == "[":
                end = part.find("]", i + 2 if part[i + 1:i + 2] in ("!", "]") else i + 1)
                if end == -1:
                    piece += re.escape(ch)
                else:
                    body = part[i + 1:end].replace("\\", "\\\\")
                    piece += "[" + ("^" + body[1:] if body.startswith("!") else body) + "]"
                    i = end
            else:
                piece += re.escape(ch)
            i += 1
        out.append(piece + "/")
    regex = "".join(out)
    regex = regex[:-1] if regex.endswith("/") else regex
    return re.compile(regex + "(?:/.*)?\\Z")


def materialise(side: Side, folder: str) -> str:
    """Copy the root file of ``side.rev`` and the files its includes may match into
    ``folder``; return the root's path there."""
    cwd = os.getcwd()
    try:
        top = _git(["rev-parse", "--show-toplevel"], cwd).decode().strip()
        prefix = _git(["rev-parse", "--show-prefix"], cwd).decode().strip()
    except _GitFailed:
        raise DiffError(f"`{side.given}`: reading `REV:path` needs a git repository, and "
                        f"`{cwd}` is not in one") from None
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", f"{side.rev}^{{commit}}"],
                      top).decode().strip()
    except _GitFailed:
        raise DiffError(f"`{side.given}`: `{side.rev}` is not a revision of this repository "
                        "(a branch, tag or commit; did you fetch it?)") from None
    inside = os.path.normpath(os.path.join(prefix, side.path)).replace(os.sep, "/")
    if inside.startswith("../") or inside == "..":
        raise DiffError(f"`{side.given}`: `{side.path}` is outside the repository")
    folder_in_repo = os.path.dirname(inside)
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--",
                    *([folder_in_repo + "/"] if folder_in_repo else [])], top)
    entries = {}
    for item in listing.split(b"\0"):
        if item:
            meta, _, name = item.partition(b"\t")
            mode, kind, obj = meta.decode().split()
            entries[name.decode("utf-8", "surrogateescape")] = (mode, kind, obj)
    if inside not in entries or entries[inside][1] != "blob":
        raise DiffError(f"`{side.given}`: there is no file `{inside}` in revision `{side.rev}`")
    root_data = _blobs(top, [entries[inside][2]])[0]
    wanted = [inside]
    base = f"{folder_in_repo}/" if folder_in_repo else ""
    doc = Reader(inside, Limits()).read(root_data) if root_data else None
    globs = doc.get("include") if isinstance(doc, YMap) else None
    if isinstance(globs, YList):
        regexes = [_glob_regex(g) for g in globs if isinstance(g, str) and g.strip()]
        for name, (_mode, kind, _obj) in entries.items():
            if kind == "blob" and name != inside and name.startswith(base) and \
                    any(r.match(name[len(base):]) for r in regexes):
                wanted.append(name)
    blobs = _blobs(top, [entries[n][2] for n in wanted])
    for name, data in zip(wanted, blobs):
        target = os.path.join(folder, *name.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if entries[name][0] == "120000":  # a symlink: the confinement check must see it
            os.symlink(data.decode("utf-8", "surrogateescape"), target)
        else:
            with open(target, "wb") as handle:
                handle.write(data)
    return os.path.join(folder, *inside.split("/"))


def _blobs(top: str, objects: list[str]) -> list[bytes]:
    """Read many objects with one `git cat-file --batch`."""
    out = _git(["cat-file", "--batch"], top, "".join(o + "\n" for o in objects).encode())
    blobs, pos = [], 0
    for _ in objects:
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split()[2])
        blobs.append(out[end + 1:end + 1 + size])
        pos = end + 1 + size + 1
    return blobs


# -- checking a side ------------------------------------------------------------------

def _shown(path: str, real_dir: str, shown_dir: str) -> str:
    return os.path.normpath(os.path.join(shown_dir, os.path.relpath(path, real_dir)))


def _move(finding: Finding, real_dir: str, shown_dir: str) -> Finding:
    """The finding with paths of the temporary copy shown as the given ones."""
    def loc(where: Location) -> Location:
        return dataclasses.replace(where, path=_shown(where.path, real_dir, shown_dir))

    message = finding.message.replace(real_dir + os.sep, (shown_dir + "/") if shown_dir else "")
    return dataclasses.replace(finding, location=loc(finding.location), message=message,
                               related=[(text, loc(where)) for text, where in finding.related])


def check_side(side: Side, config: Config, rules) -> Result:
    if side.rev is None:
        return check_root(side.path, config, rules)
    with tempfile.TemporaryDirectory(prefix="orglint-diff-") as folder:
        root = materialise(side, folder)
        result = check_root(root, config, rules)
        real_dir, shown_dir = os.path.dirname(root), os.path.dirname(side.path)
        result.findings = [_move(f, real_dir, shown_dir) for f in result.findings]
        result.root = side.path
        return result


# -- output -------------------------------------------------------------------------

def render_text(base: Side, head: Side, found: list[Change], diff: FindingDiff) -> str:
    from orglint.report.text import clean, finding_line

    lines = [f"orglint diff {clean(base.given)} -> {clean(head.given)}", ""]
    lines.append(f"Changes ({len(found)}):" if found else "No structural changes.")
    lines += [f"  {c.sign} {clean(c.message)}" for c in found]
    for title, items in (("Introduced", diff.introduced), ("Resolved", diff.resolved)):
        lines += ["", f"{title} findings ({len(items)}):" if items else f"No {title.lower()} findings."]
        lines += [f"  {finding_line(f, False)}" for f in items]
    lines += ["", f"{len(diff.introduced)} introduced, {len(diff.resolved)} resolved, "
              f"{len(diff.unchanged)} unchanged."]
    return "\n".join(lines) + "\n"


def render_json(base: Side, head: Side, found: list[Change], diff: FindingDiff) -> str:
    data = {
        "base": base.given, "head": head.given,
        "changes": [c.to_dict() for c in found],
        "introduced": [f.to_dict() for f in diff.introduced],
        "resolved": [f.to_dict() for f in diff.resolved],
        "unchanged": [f.to_dict() for f in diff.unchanged],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


MAX_ROWS = 100


def render_markdown(base: Side, head: Side, found: list[Change], diff: FindingDiff) -> str:
    from orglint.report.markdown import ICONS, message, row

    def counts(items: list[Finding]) -> str:
        by = {k: sum(1 for f in items if f.severity == k) for k in ("error", "warning", "info")}
        parts = [f"{by[k]} {k}{'s' if by[k] != 1 and k != 'info' else ''}" for k in by if by[k]]
        return f" ({', '.join(parts)})" if parts else ""

    new = diff.introduced
    verdict = (f"{ICONS['error'] if any(f.severity == 'error' for f in new) else ICONS['warning']} "
               f"**{len(new)} new finding{'s' if len(new) != 1 else ''}**{counts(new)}"
               if new else ":white_check_mark: **No new findings**")
    lines = ["## orglint: what this change does to the org", "",
             f"Comparing {message(f'`{base.given}`')} with {message(f'`{head.given}`')}.", "",
             f"{verdict} · {len(diff.resolved)} resolved · {len(diff.unchanged)} unchanged · "
             f"{len(found)} structural change{'s' if len(found) != 1 else ''}", ""]
    if found:
        lines += ["### Structural changes", "", "| | Change |", "|---|---|"]
        signs = {"+": ":heavy_plus_sign:", "-": ":heavy_minus_sign:", "~": ":arrows_counterclockwise:"}
        lines += [f"| {signs[c.sign]} | {message(c.message)} |" for c in found[:MAX_ROWS]]
        if len(found) > MAX_ROWS:
            lines.append(f"\n…and {len(found) - MAX_ROWS} more (`orglint diff` shows all).")
        lines.append("")
    for title, items in (("New findings", new), ("Resolved findings", diff.resolved)):
        if items:
            lines += [f"### {title}", "", "| | Code | Message | Location |", "|---|---|---|---|"]
            lines += [row(f) for f in items[:MAX_ROWS]]
            if len(items) > MAX_ROWS:
                lines.append(f"\n…and {len(items) - MAX_ROWS} more.")
            lines.append("")
    return "\n".join(lines)


def changed_ids(found: list[Change], findings: FindingDiff) -> list[str]:
    """What a reviewer should see: changed entities and those of new or fixed findings."""
    ids = [c.id for c in found]
    ids += [f.entity for f in findings.introduced + findings.resolved if f.entity]
    return list(dict.fromkeys(ids))


def with_graphs(text: str, output_format: str, graph_format: str, depth: int, before: Result,
                after: Result, found: list[Change], findings: FindingDiff) -> str:
    from orglint.graph import neighbourhood_graph

    ids = changed_ids(found, findings)
    pictures = {name: neighbourhood_graph(result.org, ids, result.findings, graph_format, depth)
                if ids else "" for name, result in (("before", before), ("after", after))}
    if output_format == "json":
        data = json.loads(text)
        data["graph"] = {"format": graph_format, **pictures}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if not ids:
        return text + "\nNothing changed to draw.\n"
    if output_format == "markdown":
        fence = "mermaid" if graph_format == "mermaid" else "dot"
        parts = [f"\n### {name.title()}\n\n```{fence}\n{pictures[name].rstrip()}\n```\n"
                 for name in ("before", "after")]
        return text.rstrip("\n") + "\n" + "".join(parts)
    return text + "".join(f"\n--- graph {name} ({graph_format}) ---\n{pictures[name]}"
                          for name in ("before", "after"))


RENDER = {"text": render_text, "json": render_json, "markdown": render_markdown}


@click.command()
@click.argument("base")
@click.argument("head")
@click.option("--output-format", "--format", "output_format", type=click.Choice(list(RENDER)),
              default="text", help="text, json, or markdown (a pull-request comment).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file instead of standard output.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Lowest severity of an introduced finding that makes the exit code 1 "
                   "(default: the configured fail-on, warning).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              help="Configuration file (default: the one found from HEAD's folder upwards).")
@click.option("--select", multiple=True, help="Rules to run (codes, names or prefixes).")
@click.option("--extend-select", multiple=True, help="Rules to run in addition to the configured ones.")
@click.option("--ignore", multiple=True, help="Rules not to run.")
@click.option("--graph", "graph_format", type=click.Choice(["mermaid", "dot"]), default=None,
              help="Also draw the neighbourhood of what changed, before and after (Mermaid "
                   "renders in GitHub and GitLab Markdown).")
@click.option("--graph-depth", type=click.IntRange(0, 5), default=1, show_default=True,
              help="Steps around each changed entity to draw.")
def diff(base, head, output_format, output_file, fail_on, config_path, select, extend_select,
         ignore, graph_format, graph_depth):
    """Compare two versions of an org: structural changes, and findings introduced,
    resolved and unchanged (matched by code, entity and field, not by line).

    BASE and HEAD are root files or `REV:path` read from git without a checkout, e.g.
    `orglint diff origin/main:org.yaml org.yaml`. Exit 1 only when an introduced finding
    reaches --fail-on.
    """
    from orglint.cli import split_tokens
    from orglint.commands.check import apply_cli, emit
    from orglint.rules import load_rules

    sides = parse_side(base), parse_side(head)
    where = Path(config_path) if config_path else find_config(
        Path(os.path.dirname(os.path.abspath(sides[1].path))))
    config = apply_cli(load_config(where), split_tokens(select), split_tokens(extend_select),
                       split_tokens(ignore), fail_on)
    rules = load_rules(config.rule_dirs)
    before, after = (check_side(side, config, rules) for side in sides)
    found = changes(before.org, after.org)
    findings = match_findings(before.findings, after.findings,
                              os.path.dirname(sides[0].path), os.path.dirname(sides[1].path))
    text = RENDER[output_format](*sides, found, findings)
    if graph_format:
        text = with_graphs(text, output_format, graph_format, graph_depth, before, after, found,
                           findings)
    emit(text, output_file)
    raise click.exceptions.Exit(1 if fails(findings.introduced, config.fail_on) else 0)

