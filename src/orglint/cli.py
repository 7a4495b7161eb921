"""The command line: a group whose commands are imported only when they run, so that
`orglint --version` and `orglint check` load no more than they need."""

from __future__ import annotations

import gc
import os
import sys

import click

from orglint import __version__
from orglint.errors import OrglintError

REPORT_URL = "https://github.com/orglint/orglint/issues"

# Every command: name -> "module:function" under orglint.commands, in the order `--help` lists them.
COMMANDS = {
    "check": "check:check",
    "convert": "convert:convert_command",
    "describe": "describe:describe_command",
    "diff": "diff:diff",
    "graph": "graph:graph_command",
    "history": "history:history_command",
    "init": "init:init_command",
    "report": "report:report_command",
    "rule": "rule:rule",
    "schema": "schema:schema",
    "server": "server:server",
}


class UserError(click.ClickException):
    """An OrglintError on its way out: one wording for every command."""

    # per instance (the error's own code); click declares it a ClassVar, which its own
    # instances then shadow here at run time
    exit_code: int  # type: ignore[misc]

    def __init__(self, error: OrglintError):
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:
        from orglint.report.escape import terminal  # keys and values quoted from user files

        message = "\n".join(terminal(line) for line in self.message.split("\n"))
        click.echo(f"orglint: error: {message}", err=True)


class LazyGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OrglintError as exc:
            raise UserError(exc) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        from importlib import import_module

        module, name = COMMANDS[cmd_name].split(":")
        command = getattr(import_module(f"orglint.commands.{module}"), name)
        assert isinstance(command, click.Command)
        return command


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _version(ctx) if value else None,
    help="Show the version and where orglint was installed from, and exit.",
)
def cli() -> None:
    """orglint: lint organisations described as code.

    Add --debug to any command to see a traceback on an internal error.
    """


def _version(ctx: click.Context) -> None:
    from orglint.version import version_line

    click.echo(version_line(), nl=False)
    ctx.exit()


def main(argv: list[str] | None = None) -> None:
    if argv is None:
        # The console script, a short run that builds one large, acyclic org graph: once a
        # check is done, a collection would scan all of it again (seconds at a million
        # people, while sorting and reporting findings), so the collector stays off...
        gc.disable()
        # ... and the process skips freeing millions of objects at exit (~10% of a large run).
        code = 0
        try:
            _main(sys.argv[1:])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if not isinstance(exc.code, (int, type(None))):
                print(exc.code, file=sys.stderr)
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (BrokenPipeError, ValueError):
            pass
        os._exit(code)
    _main(list(argv))


def _main(argv: list[str]) -> None:
    for stream in (sys.stdout, sys.stderr):
        # a file name that is not UTF-8 reaches output as `\udcff`, never as a crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    debug = "--debug" in argv or os.environ.get("ORGLINT_DEBUG") == "1"
    argv = [a for a in argv if a != "--debug"]
    try:
        code = cli.main(args=argv, prog_name="orglint", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code in (1, 2) else exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except Exception as exc:  # the last line of defence: never a bare traceback
        if debug:
            import traceback

            traceback.print_exc()
        click.echo(
            f"orglint: internal error: {type(exc).__name__}: {exc}\n"
            f"This is a bug in orglint {__version__}. Please report it at {REPORT_URL} with "
            "the command you ran and, if you can, the org file"
            + ("." if debug else " (run again with --debug to see the traceback)."),
            err=True,
        )
        sys.exit(2)
