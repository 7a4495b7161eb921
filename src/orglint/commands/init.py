"""`orglint init`: write a commented starter org file for one design."""

from __future__ import annotations

import os
from pathlib import Path

import click

from orglint.errors import UsageError
from orglint.features.init import DESIGNS
from orglint.write import write_file


@click.command("init")
@click.argument("path", default="org.yaml", type=click.Path(dir_okay=False))
@click.option(
    "--design",
    type=click.Choice(DESIGNS),
    default="embedded",
    show_default=True,
    help="embedded: ML in a product team; central: a productized data science team; "
    "pillar: a full-stack ML pillar; consultant: data science as an internal "
    "consultancy; rnd: a research lab.",
)
@click.option("--name", help="The organisation's name (default: Example Co).")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def init_command(path, design, name, force):
    """Write a commented starter org file (default: org.yaml) that passes `orglint check`.
    PATH `-` writes to standard output."""
    from orglint.features.init import SCHEMA_URL, schema_ref, starter

    if path == "-":
        click.echo(starter(design, name, SCHEMA_URL), nl=False)
        return
    target = Path(path)
    # lexists: a dangling symlink "does not exist", yet writing would create its target
    if os.path.lexists(target) and not force:
        raise UsageError(
            f"{path} already exists: choose another path, or add --force to overwrite it"
        )
    if not target.parent.is_dir():
        raise UsageError(f"{target.parent}: no such folder")
    text = starter(design, name, schema_ref(target))
    write_file(path, text.encode("utf-8"), what="starter org file")
    click.echo(
        f"Wrote {path} ({design} design). Edit it, then run `orglint check {path}` "
        f"and `orglint describe {path}`.",
        err=True,
    )
