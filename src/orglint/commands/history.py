"""`orglint history ROOT [REV-RANGE]`: how the org and its findings changed over commits."""

from __future__ import annotations

import click

from orglint.commands import options
from orglint.commands.output import emit
from orglint.config import config_file, load_config


@click.command("history")
@click.argument("root", type=click.Path(dir_okay=False))
@click.argument("rev_range", default="HEAD", required=False)
@options.output_format(
    ("text", "json", "csv", "svg"), "text", "text, json, csv, or svg (a trend picture)."
)
@options.output_file
@options.config
@options.rule_selection
def history_command(
    root, rev_range, output_format, output_file, config_path, select, extend_select, ignore
):
    """For each commit in REV-RANGE (default: HEAD, all of its history) that changed the
    org (its root file ROOT or a file the root includes), count people, teams, active
    models, findings by rule and severity, the widest span of control, and unowned
    models and data. Read through git without a checkout, e.g.
    `orglint history org.yaml main~50..main --output-format svg -o trend.svg`.
    """
    from orglint.features.history import RENDER, history
    from orglint.pipeline import apply_cli
    from orglint.rules import load_rules

    config = apply_cli(
        load_config(config_file(root, config_path)), select, extend_select, ignore, None
    )
    points = history(root, rev_range, config, load_rules(config.rule_dirs))
    emit(RENDER[output_format](root, rev_range, points), output_file)
