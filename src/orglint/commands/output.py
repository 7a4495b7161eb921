"""Where a command's text goes: standard output, or a file."""

from __future__ import annotations

import os
import sys

import click


def emit(text: str, output_file: str | None) -> None:
    if output_file:
        with open(output_file, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        # color=True: click would strip ANSI from a pipe even under --color; the reporters
        # already colour only when asked, and clean() keeps org content free of escapes.
        click.echo(text, nl=False, color=True)


def use_color(color: bool | None, output_file: str | None) -> bool:
    if color is not None:
        return color
    return not output_file and sys.stdout.isatty() and "NO_COLOR" not in os.environ
