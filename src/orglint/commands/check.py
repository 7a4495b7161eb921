"""`orglint check`: discover roots, run the pipeline on each, report, exit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from orglint.commands import options
from orglint.commands.output import emit, emit_bytes, use_color
from orglint.errors import UsageError
from orglint.pipeline import build_report, fails, run_results
from orglint.report import STREAMED, Report, format_names, render, write
from orglint.report.escape import terminal
from orglint.report.paths import normal, normal_keys, normalise

if TYPE_CHECKING:
    from collections.abc import Sequence

    # run_results' positional arguments: paths, config, select, extend-select, ignore,
    # fail-on, orgs-only
    _Args = tuple[
        Sequence[str], str | None, Sequence[str], Sequence[str], Sequence[str], str | None, bool
    ]


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, allow_dash=True))
@options.output_format(
    format_names(), None, "Output format (default: text; github under GitHub Actions)."
)
@options.output_file
@options.fail_on
@options.config
@options.rule_selection
@click.option(
    "--color/--no-color", default=None, help="Colour the output (default: on a terminal)."
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    help="Findings recorded in this baseline file do not fail (matched by code, entity "
    "and field, not line); entries that match nothing are reported as stale.",
)
@click.option(
    "--write-baseline",
    "write_baseline",
    type=click.Path(dir_okay=False),
    help="Record the current findings in this baseline file (for --baseline).",
)
@click.option(
    "--add-suppressions",
    is_flag=True,
    help="Write `# orglint: ignore[...] -- TODO: reason` comments for the current "
    "findings into the org files, keeping everything else byte for byte.",
)
@click.option(
    "--orgs-only",
    is_flag=True,
    help="Skip given YAML files that are neither a root nor included by one (for "
    "pre-commit, which passes every changed YAML file).",
)
@click.option(
    "--exclude",
    multiple=True,
    callback=options._tokens,
    help="Files or folders to skip (globs, like ruff's), in addition to `exclude` in the "
    "configuration.",
)
@click.option(
    "--staged-deletions",
    is_flag=True,
    help="Also check the orgs whose `include` named a file that the staged commit deletes "
    "or renames away (the pre-commit hook passes it: pre-commit passes no deleted files).",
)
@options.stdin_filename
@options.statistics
@options.group_by
@options.show_settings
@options.quiet
@click.pass_context
def check(
    ctx,
    paths,
    output_format,
    output_file,
    fail_on,
    config_path,
    select,
    extend_select,
    ignore,
    color,
    **more,
):
    """Check org files (roots, folders of roots, or files included by a root).

    `-` reads one file from standard input: give its path with --stdin-filename, and it is
    checked in its org's context, as if the file on disk held what standard input holds."""
    output_format = output_format or options.default_format()
    if more["show_settings"]:
        from orglint.commands.settings import show

        emit(show(list(paths), config_path, ctx.params, output_format), output_file)
        ctx.exit(0)
    if not paths and not more.get("staged_deletions"):
        raise UsageError("give the org files or folders to check (or --show-settings)")
    ctx.exit(
        run_check(
            paths=list(paths),
            output_format=output_format,
            output_file=output_file,
            fail_on=fail_on,
            config_path=config_path,
            select=select,
            extend_select=extend_select,
            ignore=ignore,
            color=color,
            options=ctx.params,
        )
    )


TEXT_FORMATS = ("text", "concise", "full")


def _stdin_paths(paths: list[str], options: dict) -> list[str]:
    """`-` becomes the --stdin-filename path, whose bytes are read from standard input."""
    name = options.get("stdin_filename")
    if "-" not in paths:
        if name:
            raise UsageError("--stdin-filename names the file `-` stands for; give `-`")
        return paths
    if not name:
        raise UsageError(
            "`-` reads an org file from standard input: say where it lives with "
            "--stdin-filename PATH, so that it is checked in its org's context"
        )
    for flag in ("add_suppressions", "write_baseline"):
        if options.get(flag):
            raise UsageError(
                f"--{flag.replace('_', '-')} writes files, and standard input is not one: "
                "check the file itself"
            )
    from orglint.read import load
    from orglint.read.parse import Limits

    # No more than the default size limit plus one byte: the loader reports a bigger file.
    data = sys.stdin.buffer.read(Limits().max_file_size + 1)
    load.STDIN[Path(name).resolve()] = data
    return [name if p == "-" else p for p in dict.fromkeys(paths)]


def _check_rollups(output_format: str, options: dict) -> None:
    for flag in ("statistics", "group_by"):
        if options.get(flag) and output_format not in (*TEXT_FORMATS, "json"):
            raise UsageError(
                f"--{flag.replace('_', '-')} writes text or JSON, not {output_format}: "
                "add --output-format text or json"
            )
    if options.get("statistics") and options.get("group_by"):
        raise UsageError("give --statistics or --group-by, not both")


def run_check(
    paths,
    output_format,
    output_file,
    fail_on,
    config_path,
    select,
    extend_select,
    ignore,
    color,
    options,
) -> int:
    options = options or {}
    _check_rollups(output_format, options)
    paths = _stdin_paths(paths, options)
    args = (paths, config_path, select, extend_select, ignore, fail_on, options.get("orgs_only"))
    try:
        return _run(args, output_format, output_file, color, options)
    finally:
        from orglint.read import load

        load.STDIN.clear()


def _run(args: _Args, output_format: str, output_file, color, options: dict) -> int:
    from orglint.read.discover import Found, staged_deletions

    deleted = staged_deletions() if options.get("staged_deletions") else []
    if not args[0] and not deleted:
        return 0  # the hook on a commit that neither changes nor deletes YAML
    discovered = Found()
    exclude = options.get("exclude") or ()
    quiet = bool(options.get("quiet"))
    results, rules = run_results(*args, exclude=exclude, deleted=deleted, found=discovered)
    if discovered.skipped and not options.get("orgs_only") and not quiet:
        click.echo(skipped_line(discovered.skipped), err=True)
    if options.get("add_suppressions"):
        from orglint.suppress.add import add_suppressions

        added = add_suppressions([result for result, _ in results])
        if not quiet:
            click.echo(added.summary(), err=True)
        if added.changed:
            results, rules = run_results(*args, exclude=exclude, deleted=deleted)
    # Before the baseline: its entries must match however the path was spelt.
    normalise(f for result, _ in results for f in result.findings)
    stale = []
    if options.get("write_baseline"):
        from orglint.suppress import baseline

        found = [f for result, _ in results for f in result.findings]
        count = baseline.write(options["write_baseline"], found)
        baseline.apply(found, baseline.read(options["write_baseline"]))
        if not quiet:
            click.echo(
                f"Wrote {count} finding{'s' if count != 1 else ''} to the baseline "
                f"{terminal(options['write_baseline'])}.",
                err=True,
            )
    elif options.get("baseline_path"):
        from orglint.suppress import baseline

        entries = baseline.read(options["baseline_path"])
        stale = baseline.apply([f for result, _ in results for f in result.findings], entries)
    report = build_report(results, rules, use_color(color, output_file))
    report.sources = normal_keys(report.sources)
    report.stale_baseline = stale
    report.quiet = quiet
    text = _rollup(report, results, output_format, options)
    if text is None and output_format in STREAMED:  # finding by finding, not one big string
        if output_file is None:
            write(output_format, report, _Echo())
        else:
            emit_bytes(lambda out: write(output_format, report, out), output_file)
    else:
        if text is None:
            text = render(output_format, report)
        if stale and output_format in TEXT_FORMATS and not quiet:
            from orglint.suppress.baseline import stale_line

            text += stale_line(stale, options["baseline_path"]) + "\n"
        emit(text, output_file)
    failed = any(fails(result.findings, config.fail_on) for result, config in results)
    return 1 if failed else 0


def _rollup(report: Report, results, output_format: str, options: dict) -> str | None:
    """--statistics or --group-by output, or None for the plain report."""
    from orglint.report import rollup

    json_out = output_format == "json"
    if options.get("statistics"):
        return (
            rollup.statistics_json(report)
            if json_out
            else rollup.statistics_text(report, report.quiet)
        )
    by = options.get("group_by")
    if not by:
        return None
    orgs = {
        id(f): (result.org, normal(result.root)) for result, _ in results for f in result.findings
    }
    groups = rollup.group(report, by, orgs)
    if json_out:
        return rollup.grouped_json(report, by, groups)
    return rollup.grouped_text(report, by, groups, report.quiet)


class _Echo:
    """Standard output as a stream for the reporters (click.echo, as `emit` writes it)."""

    def write(self, text: str) -> int:
        click.echo(text, nl=False, color=True)
        return len(text)


def skipped_line(skipped: list[str]) -> str:
    shown = ", ".join(f"`{terminal(p)}`" for p in skipped[:3]) + (
        ", ..." if len(skipped) > 3 else ""
    )
    count = len(skipped)
    return (
        f"Skipped {count} YAML file{'s' if count != 1 else ''} that {'are' if count != 1 else 'is'}"
        f" not part of an org (no top-level `version` and `org`, not included by a root): "
        f"{shown}; `exclude` in the configuration silences this."
    )
