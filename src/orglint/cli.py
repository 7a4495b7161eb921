"""The command line: thin shells over the pipeline."""

from __future__ import annotations

import gc
import json
import os
import sys
import traceback
from pathlib import Path

import click

from orglint import __version__
from orglint.config import FAIL_ON, ConfigError, find_config, load_config
from orglint.rules.declarative import RuleFileError
from orglint.rules.plugins import PluginError

REPORT_URL = "https://github.com/orglint/orglint/issues"


class UsageProblem(click.ClickException):
    exit_code = 2


def split_tokens(values: tuple[str, ...]) -> list[str]:
    return [t.strip() for v in values for t in v.split(",") if t.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="orglint")
def cli() -> None:
    """orglint: lint organisations described as code.

    Add --debug to any command to see a traceback on an internal error.
    """


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def format_option(f):
    from orglint.report import format_names

    return click.option("--output-format", "--format", "output_format", default=None,
                        type=click.Choice(format_names()),
                        help="Output format (default: text; github under GitHub Actions).")(f)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@format_option
@click.option("-o", "--output-file", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file instead of standard output.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Lowest severity that makes the exit code 1 (default: warning).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              help="Configuration file (default: .orglint.toml or pyproject.toml found upwards).")
@click.option("--select", multiple=True, help="Rules to run (codes, names or prefixes), replacing the configured ones.")
@click.option("--extend-select", multiple=True, help="Rules to run in addition to the configured ones.")
@click.option("--ignore", multiple=True, help="Rules not to run, in addition to the configured ones.")
@click.option("--color/--no-color", default=None, help="Colour the output (default: on a terminal).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Findings recorded in this baseline file do not fail (matched by code, entity "
                   "and field, not line); entries that match nothing are reported as stale.")
@click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False, writable=True),
              help="Record the current findings in this baseline file (for --baseline).")
@click.option("--add-suppressions", is_flag=True,
              help="Write `# orglint: ignore[...] -- TODO: reason` comments for the current "
                   "findings into the org files, keeping everything else byte for byte.")
@click.option("--orgs-only", is_flag=True,
              help="Skip given YAML files that are neither a root nor included by one (for "
                   "pre-commit, which passes every changed YAML file).")
@click.pass_context
def check(ctx, paths, output_format, output_file, fail_on, config_path, select, extend_select,
          ignore, color, **more):
    """Check org files (roots, folders of roots, or files included by a root)."""
    from orglint.commands.check import run_check

    code = run_check(paths=list(paths), output_format=output_format or default_format(),
                     output_file=output_file, fail_on=fail_on, config_path=config_path,
                     select=split_tokens(select), extend_select=split_tokens(extend_select),
                     ignore=split_tokens(ignore), color=color, options=ctx.params)
    ctx.exit(code)


@cli.command()
@click.option("--included", is_flag=True, help="The schema of a file named by `include`.")
def schema(included: bool) -> None:
    """Print the JSON Schema of the org file format v1."""
    from orglint.model import json_schema

    click.echo(json.dumps(json_schema(included), indent=2))


@cli.command()
@click.argument("rule", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule.")
@click.option("--output-format", "--format", "output_format", type=click.Choice(["text", "json"]),
              default="text")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              help="Configuration whose `rule-dirs` add rules.")
def rule(rule: str | None, show_all: bool, output_format: str, config_path: str | None) -> None:
    """Explain a rule (by code or name): what, why, an example, options."""
    from orglint import ruledocs
    from orglint.lint import match_rules
    from orglint.rules import load_rules

    config = load_config(Path(config_path)) if config_path else load_config(
        find_config(Path.cwd()))
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
        raise UsageProblem(str(exc).replace("`rule`: ", "")) from None
    exact = [c for c in codes if c == rule.upper() or rules[c].name == rule]
    chosen = [rules[c] for c in (exact or sorted(codes))]
    if output_format == "json":
        data = [ruledocs.as_dict(r) for r in chosen]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2))
    else:
        click.echo("\n\n".join(ruledocs.text(r) for r in chosen))


# Larger commands live in orglint/commands/, each a thin shell over the pipeline.
from orglint.commands.describe import describe_command  # noqa: E402
from orglint.commands.diff import diff  # noqa: E402
from orglint.commands.graph import graph_command  # noqa: E402
from orglint.commands.init import init_command  # noqa: E402

for _command in (describe_command, diff, graph_command, init_command):
    cli.add_command(_command)


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
    except (ConfigError, RuleFileError, PluginError) as exc:
        click.echo(f"orglint: error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except Exception as exc:  # the last line of defence: never a bare traceback
        if debug:
            traceback.print_exc()
        click.echo(f"orglint: internal error: {type(exc).__name__}: {exc}\n"
                   f"This is a bug in orglint {__version__}. Please report it at {REPORT_URL} with "
                   "the command you ran and, if you can, the org file"
                   + ("." if debug else " (run again with --debug to see the traceback)."), err=True)
        sys.exit(2)
