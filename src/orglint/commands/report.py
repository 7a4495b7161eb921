"""`orglint report`: one self-contained HTML page of an org (or of a reorg, with --diff)."""

from __future__ import annotations

import os

import click

from orglint.commands import options
from orglint.errors import UsageError


@click.command("report")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--diff",
    "as_diff",
    is_flag=True,
    help="Compare two versions, BASE HEAD (root files or `REV:path`, as `orglint diff`).",
)
@options.output_file
@options.config
def report_command(
    paths: tuple[str, ...], as_diff: bool, output_file: str | None, config_path: str | None
) -> None:
    """Write one HTML page that works offline: the org's summary and designs, a picture
    of its teams, models and data with the findings on them (pan, zoom, search, click a
    team for its people), the findings table with each rule's documentation, and a
    roll-up per team. With --diff BASE HEAD: the same for a reorg, before and after.

    PATH is one root (or a folder holding one). Exit 0 whatever the findings; use
    `check` or `diff` to gate CI."""
    from orglint.commands.output import emit
    from orglint.features import html

    if as_diff:
        if len(paths) != 2:
            raise UsageError("--diff takes two arguments, BASE and HEAD (files or `REV:path`)")
        data = _reorg(paths[0], paths[1], config_path)
    else:
        if len(paths) != 1:
            raise UsageError("give one org root (or --diff BASE HEAD to compare two)")
        data = _single(paths[0], config_path)
    if output_file:  # as -o promises; a CI job writes the artifact into a fresh folder
        os.makedirs(os.path.dirname(os.path.abspath(output_file)), exist_ok=True)
    emit(html.page(data), output_file)


def _single(path: str, config_path: str | None) -> dict:
    from orglint.features.html import single
    from orglint.pipeline import run_results

    if not os.path.exists(path):
        raise UsageError(f"`{path}`: no such file or folder")
    results, rules = run_results([path], config_path)
    if not results:
        raise UsageError(f"{path}: no org file (a root has `version: 1` at the top level)")
    if len(results) > 1:
        names = ", ".join(r.root for r, _ in results[:5]) + (", ..." if len(results) > 5 else "")
        raise UsageError(f"{path} holds {len(results)} orgs ({names}): name one root file")
    result = results[0][0]
    name = result.org.info.name if result.org.info else result.root
    return single(result.org, result.findings, rules, f"{name}: orglint report")


def _reorg(base: str, head: str, config_path: str | None) -> dict:
    from orglint.config import config_file, load_config
    from orglint.features.diff.compare import changes, match_findings
    from orglint.features.diff.git import check_side, parse_side
    from orglint.features.html import reorg
    from orglint.pipeline import apply_cli
    from orglint.rules import load_rules

    sides = parse_side(base), parse_side(head)
    config = apply_cli(load_config(config_file(sides[1].path, config_path)), (), (), (), None)
    rules = load_rules(config.rule_dirs)
    before, after = (check_side(side, config, rules) for side in sides)
    found = changes(before.org, after.org)
    findings = match_findings(
        before.findings,
        after.findings,
        os.path.dirname(sides[0].path),
        os.path.dirname(sides[1].path),
    )
    title = f"orglint report: {base} → {head}"
    return reorg(before, after, found, findings, rules, title, (base, head))
