"""`orglint schema`: the JSON Schema of the org file format v1."""

from __future__ import annotations

import json

import click


@click.command("schema")
@click.option("--included", is_flag=True, help="The schema of a file named by `include`.")
def schema(included: bool) -> None:
    """Print the JSON Schema of the org file format v1."""
    from orglint.validate.schema import json_schema

    click.echo(json.dumps(json_schema(included), indent=2))
