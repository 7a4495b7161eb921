"""Where a command's text goes: standard output, or a file (written atomically)."""

from __future__ import annotations

import os
import sys

import click

from orglint.write import Content, write_file


def emit(text: str, output_file: str | None) -> None:
    if output_file:
        emit_bytes(text.encode("utf-8", "backslashreplace"), output_file)
    else:
        # color=True: click would strip ANSI from a pipe even under --color; the reporters
        # already colour only when asked, and clean() keeps org content free of escapes.
        click.echo(text, nl=False, color=True)


def emit_bytes(data: Content, output_file: str) -> None:
    """``-o FILE``: its folder is created; an org file this run read is never overwritten.
    ``data`` may be a function that writes the text as it is made (a streamed report)."""
    write_file(output_file, data, what="report", make_folder=True)


def use_color(color: bool | None, output_file: str | None) -> bool:
    if color is not None:
        return color
    return not output_file and sys.stdout.isatty() and "NO_COLOR" not in os.environ
