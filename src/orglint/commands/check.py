"""`orglint check`: discover roots, run the pipeline on each, report, exit."""

from __future__ import annotations

import click

from orglint.commands import options
from orglint.commands.output import emit, use_color
from orglint.pipeline import build_report, fails, run_results
from orglint.report import format_names, render


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
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
    """Check org files (roots, folders of roots, or files included by a root)."""
    if not paths and not more.get("staged_deletions"):
        raise click.UsageError("Missing argument 'PATHS...'.")
    ctx.exit(
        run_check(
            paths=list(paths),
            output_format=output_format or options.default_format(),
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
    from orglint.read.discover import Found, staged_deletions

    deleted = staged_deletions() if options.get("staged_deletions") else []
    if not paths and not deleted:
        return 0  # the hook on a commit that neither changes nor deletes YAML
    discovered = Found()
    args = (paths, config_path, select, extend_select, ignore, fail_on, options.get("orgs_only"))
    exclude = options.get("exclude") or ()
    results, rules = run_results(*args, exclude=exclude, deleted=deleted, found=discovered)
    if discovered.skipped and not options.get("orgs_only"):
        click.echo(skipped_line(discovered.skipped), err=True)
    if options.get("add_suppressions"):
        from orglint.suppress.add import add_suppressions

        added = add_suppressions([result for result, _ in results])
        click.echo(added.summary(), err=True)
        if added.changed:
            results, rules = run_results(*args, exclude=exclude, deleted=deleted)
    stale = []
    if options.get("write_baseline"):
        from orglint.suppress import baseline

        found = [f for result, _ in results for f in result.findings]
        count = baseline.write(options["write_baseline"], found)
        baseline.apply(found, baseline.read(options["write_baseline"]))
        click.echo(
            f"Wrote {count} finding{'s' if count != 1 else ''} to the baseline "
            f"{options['write_baseline']}.",
            err=True,
        )
    elif options.get("baseline_path"):
        from orglint.suppress import baseline

        entries = baseline.read(options["baseline_path"])
        stale = baseline.apply([f for result, _ in results for f in result.findings], entries)
    report = build_report(results, rules, use_color(color, output_file))
    report.stale_baseline = stale
    text = render(output_format, report)
    if stale and output_format in ("text", "concise", "full"):
        from orglint.suppress.baseline import stale_line

        text += stale_line(stale, options["baseline_path"]) + "\n"
    emit(text, output_file)
    failed = any(fails(result.findings, config.fail_on) for result, config in results)
    return 1 if failed else 0


def skipped_line(skipped: list[str]) -> str:
    shown = ", ".join(f"`{p}`" for p in skipped[:3]) + (", ..." if len(skipped) > 3 else "")
    count = len(skipped)
    return (
        f"Skipped {count} YAML file{'s' if count != 1 else ''} that {'are' if count != 1 else 'is'}"
        f" not part of an org (no top-level `version` and `org`, not included by a root): "
        f"{shown}; `exclude` in the configuration silences this."
    )
