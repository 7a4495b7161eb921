"""`orglint rule`: what a rule checks, why, an example and the fix."""

from __future__ import annotations

import json
from pathlib import Path

import click

from orglint.commands import options
from orglint.config import find_config, load_config
from orglint.errors import ConfigError, UsageError


@click.command("rule")
@click.argument("rule", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule.")
@click.option(
    "--output-format",
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
)
@options.config
def rule(rule: str | None, show_all: bool, output_format: str, config_path: str | None) -> None:
    """Explain a rule (by code or name): what, why, an example, options."""
    from orglint.pipeline import match_rules
    from orglint.rules import docs as ruledocs
    from orglint.rules import load_rules

    config = load_config(Path(config_path)) if config_path else load_config(find_config(Path.cwd()))
    rules = load_rules(config.rule_dirs)
    if show_all or not rule:
        chosen = list(rules.values())
        if output_format == "json":
            click.echo(json.dumps([ruledocs.as_dict(r) for r in chosen], indent=2))
        else:
            click.echo(ruledocs.table(chosen))
        return
    try:
        codes = match_rules(rules, rule, "rule")
    except ConfigError as exc:
        raise UsageError(str(exc).replace("`rule`: ", "")) from None
    exact = [c for c in codes if c == rule.upper() or rules[c].name == rule]
    chosen = [rules[c] for c in (exact or sorted(codes))]
    if output_format == "json":
        data = [ruledocs.as_dict(r) for r in chosen]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2))
    else:
        click.echo("\n\n".join(ruledocs.text(r) for r in chosen))
