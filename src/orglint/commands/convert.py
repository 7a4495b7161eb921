"""`orglint convert SOURCE... -o org.yaml`: write org v1 from Backstage, GitHub or roster data."""

from __future__ import annotations

import os

import click

from orglint.commands import options


@click.command("convert")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The org v1 root file to write.",
)
@click.option(
    "--split",
    is_flag=True,
    help="Write people, teams, data and models to their own files, included by the root.",
)
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
@options.config
def convert_command(sources, output, split, force, config_path) -> None:
    """Convert a Backstage catalog folder, a GitHub org config or a roster CSV to org v1."""

    from orglint.config import config_file, load_config
    from orglint.errors import UsageError
    from orglint.features.convert import convert

    config = load_config(config_file(sources[0], config_path))
    result = convert(list(sources), output, config, split)
    existing = [p for p in result.files if os.path.exists(p)]
    if existing and not force:
        raise UsageError(
            f"`{existing[0]}` exists; pass --force to overwrite it or choose another --output"
        )
    for path, text in result.files.items():
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    counts = ", ".join(f"{n} {s}" for s, n in result.counts.items() if n)
    click.echo(f"Wrote {', '.join(result.files)} ({counts or 'no entities'}).", err=True)
    if result.problems:
        click.echo(
            f"The sources have {len(result.problems)} problem(s) of their own (ORG findings): "
            f"run `orglint check {' '.join(sources)}` to see them at their lines.",
            err=True,
        )
