"""`orglint diff BASE HEAD`: what a reorg changes and which findings it introduces."""

from __future__ import annotations

import os

import click

from orglint.commands import options
from orglint.commands.output import emit
from orglint.config import config_file, load_config


@click.command()
@click.argument("base")
@click.argument("head")
@options.output_format(
    ("text", "json", "markdown"), "text", "text, json, or markdown (a pull-request comment)."
)
@options.output_file
@options.fail_on
@options.config
@options.rule_selection
@click.option(
    "--graph",
    "graph_format",
    type=click.Choice(["mermaid", "dot"]),
    default=None,
    help="Also draw the neighbourhood of what changed, before and after (Mermaid "
    "renders in GitHub and GitLab Markdown).",
)
@click.option(
    "--graph-depth",
    type=click.IntRange(0, 5),
    default=1,
    show_default=True,
    help="Steps around each changed entity to draw.",
)
def diff(
    base,
    head,
    output_format,
    output_file,
    fail_on,
    config_path,
    select,
    extend_select,
    ignore,
    graph_format,
    graph_depth,
):
    """Compare two versions of an org: structural changes (every field; renames through
    `previously`), and findings introduced, resolved, newly suppressed and unchanged
    (matched by code, entity and field, not by line, and followed across renames).

    BASE and HEAD are root files or `REV:path` read from git without a checkout, e.g.
    `orglint diff origin/main:org.yaml org.yaml`. Exit 1 only when an introduced finding
    reaches --fail-on.
    """
    from orglint.features.diff.compare import changes, match_findings, renames
    from orglint.features.diff.git import parse_side
    from orglint.features.diff.render import RENDER, with_graphs
    from orglint.features.diff.sides import check_both
    from orglint.pipeline import apply_cli, fails
    from orglint.rules import load_rules

    sides = parse_side(base), parse_side(head)
    config = apply_cli(
        load_config(config_file(sides[1].path, config_path)), select, extend_select, ignore, fail_on
    )
    rules = load_rules(config.rule_dirs)
    before, after = check_both(*sides, config, rules, keep=graph_format is not None)
    found = changes(before.snapshot, after.snapshot)
    findings = match_findings(
        before.findings,
        after.findings,
        os.path.dirname(sides[0].path),
        os.path.dirname(sides[1].path),
        renames(before.snapshot, after.snapshot),
    )
    text = RENDER[output_format](*sides, found, findings)
    if graph_format and before.result and after.result:
        text = with_graphs(
            text,
            output_format,
            graph_format,
            graph_depth,
            before.result,
            after.result,
            found,
            findings,
        )
    emit(text, output_file)
    raise click.exceptions.Exit(1 if fails(findings.introduced, config.fail_on) else 0)
