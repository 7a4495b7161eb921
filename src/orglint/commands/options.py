"""Click options that several commands share, each declared once."""

from __future__ import annotations

import os

import click

from orglint.findings import FAIL_ON


def split_tokens(values: tuple[str, ...]) -> list[str]:
    """`--select A,B --select C` -> [A, B, C]."""
    return [t.strip() for v in values for t in v.split(",") if t.strip()]


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


paths = click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))

output_file = click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False),
    help="Write to this file instead of standard output (its folder is created).",
)

config = click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Configuration file (default: .orglint.toml or pyproject.toml found upwards).",
)

fail_on = click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Lowest severity that makes the exit code 1 (default: the configured one, warning).",
)


def rule_selection(f):
    """--select, --extend-select and --ignore, passed on as lists of tokens."""
    for option in reversed(
        [
            click.option(
                "--select",
                multiple=True,
                callback=_tokens,
                help="Rules to run (codes, names or prefixes), replacing the configured ones.",
            ),
            click.option(
                "--extend-select",
                multiple=True,
                callback=_tokens,
                help="Rules to run in addition to the configured ones.",
            ),
            click.option(
                "--ignore",
                multiple=True,
                callback=_tokens,
                help="Rules not to run, in addition to the configured ones.",
            ),
        ]
    ):
        f = option(f)
    return f


def _tokens(ctx, param, value):
    return split_tokens(value)


def output_format(choices, default: str | None, help_text: str):
    return click.option(
        "--output-format",
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=default,
        show_default=default is not None,
        help=help_text,
    )


stdin_filename = click.option(
    "--stdin-filename",
    metavar="PATH",
    help="With `-` as the path: the file standard input stands for. It is checked in its "
    "org's context (the org that includes it), as if the file held standard input.",
)

statistics = click.option(
    "--statistics",
    is_flag=True,
    help="Show the number of findings per rule instead of the findings.",
)

group_by = click.option(
    "--group-by",
    type=click.Choice(["team", "rule", "file"]),
    help="Show the findings grouped: per owning team (of the person, team, model or data "
    "they are about), per rule or per file.",
)

show_settings = click.option(
    "--show-settings",
    is_flag=True,
    help="Show the resolved configuration and where each value comes from, then exit.",
)

quiet = click.option(
    "-q", "--quiet", is_flag=True, help="Only the findings: no summary and no notes."
)
