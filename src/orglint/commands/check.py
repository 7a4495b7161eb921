"""`orglint check`: discover roots, run the pipeline on each, report, exit."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from orglint.config import Config, ConfigError, find_config, load_config
from orglint.findings import Finding
from orglint.discover import roots_for
from orglint.lint import Result, check_root, fails, select_rules
from orglint.report import Report, render
from orglint.rules import load_rules


def configs_for(roots: list[str], config_path: str | None) -> dict[str, Config]:
    """Each root's configuration: the explicit one, or the nearest one upwards."""
    loaded: dict[str, Config] = {}
    out = {}
    for root in roots:
        where = Path(config_path) if config_path else find_config(Path(root).resolve().parent)
        key = str(where)
        if key not in loaded:
            loaded[key] = load_config(where)
        out[root] = loaded[key]
    return out


def apply_cli(config: Config, select, extend_select, ignore, fail_on) -> Config:
    import copy

    config = copy.copy(config)
    if select:
        config.select = list(select)
    config.extend_select = [*config.extend_select, *extend_select]
    config.ignore = [*config.ignore, *ignore]
    if fail_on:
        config.fail_on = fail_on
    return config


def org_paths(paths: list[str]) -> list[str]:
    """The given paths without YAML files that are neither a root nor included by one."""
    from orglint.discover import including_roots
    from orglint.load import is_root_file

    kept = []
    for path in paths:
        if os.path.isdir(path):
            kept.append(path)
            continue
        try:
            with open(path, "rb") as handle:
                head = handle.read()
        except OSError:
            kept.append(path)  # let the check report it
            continue
        if is_root_file(head) or including_roots(path):
            kept.append(path)
    return kept


def run_results(paths, config_path, select=(), extend_select=(), ignore=(), fail_on=None,
                orgs_only=False):
    roots = roots_for(org_paths(paths) if orgs_only else paths)
    configs = configs_for(roots, config_path)
    rules_cache: dict[tuple, dict] = {}
    results: list[tuple[Result, Config]] = []
    for root in roots:
        key = tuple(map(str, configs[root].rule_dirs))
        if key not in rules_cache:
            rules_cache[key] = load_rules(configs[root].rule_dirs)
        _check_selectors(rules_cache[key], configs[root])
        config = apply_cli(configs[root], select, extend_select, ignore, fail_on)
        results.append((check_root(root, config, rules_cache[key]), config))
    all_rules = {}
    for rules in rules_cache.values():
        all_rules.update(rules)
    if not rules_cache:
        all_rules = load_rules(())
    return results, all_rules


def _check_selectors(rules, config: Config) -> None:
    """Rule names in a configuration file are reported with that file's path."""
    try:
        select_rules(rules, config)
    except ConfigError as exc:
        if config.path is None or str(config.path) in str(exc):
            raise
        raise ConfigError(f"{config.path}: {exc}") from None


def build_report(results, rules, color=False) -> Report:
    findings = sorted((f for result, _ in results for f in result.findings), key=Finding.sort_key)
    sources = {}
    selected: dict = {}
    for result, _ in results:
        sources.update(result.loaded.sources())
        selected.update(result.selected)  # reporters describe the rules that ran
    if not results:
        selected = dict(rules)
    return Report(findings, sources, dict(sorted(selected.items())), files=len(sources),
                  orgs=len(results), color=color)


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


def run_check(paths, output_format, output_file, fail_on, config_path, select, extend_select,
              ignore, color, options) -> int:
    options = options or {}
    args = (paths, config_path, select, extend_select, ignore, fail_on, options.get("orgs_only"))
    results, rules = run_results(*args)
    if options.get("add_suppressions"):
        from orglint.addsuppress import add_suppressions

        added = add_suppressions([result for result, _ in results])
        click.echo(added.summary(), err=True)
        if added.changed:
            results, rules = run_results(*args)
    stale = []
    if options.get("write_baseline"):
        from orglint import baseline

        found = [f for result, _ in results for f in result.findings]
        count = baseline.write(options["write_baseline"], found)
        baseline.apply(found, baseline.read(options["write_baseline"]))
        click.echo(f"Wrote {count} finding{'s' if count != 1 else ''} to the baseline "
                   f"{options['write_baseline']}.", err=True)
    elif options.get("baseline_path"):
        from orglint import baseline

        entries = baseline.read(options["baseline_path"])
        stale = baseline.apply([f for result, _ in results for f in result.findings], entries)
    report = build_report(results, rules, use_color(color, output_file))
    report.stale_baseline = stale
    text = render(output_format, report)
    if stale and output_format in ("text", "concise", "full"):
        from orglint.baseline import stale_line

        text += stale_line(stale, options["baseline_path"]) + "\n"
    emit(text, output_file)
    failed = any(fails(result.findings, config.fail_on) for result, config in results)
    return 1 if failed else 0
