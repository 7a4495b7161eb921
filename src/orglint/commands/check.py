"""`orglint check`: discover roots, run the pipeline on each, report, exit."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from orglint.config import Config, find_config, load_config
from orglint.discover import roots_for
from orglint.lint import Result, check_root, fails
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


def run_results(paths, config_path, select=(), extend_select=(), ignore=(), fail_on=None):
    roots = roots_for(paths)
    configs = configs_for(roots, config_path)
    rules_cache: dict[tuple, dict] = {}
    results: list[tuple[Result, Config]] = []
    for root in roots:
        config = apply_cli(configs[root], select, extend_select, ignore, fail_on)
        key = tuple(map(str, config.rule_dirs))
        if key not in rules_cache:
            rules_cache[key] = load_rules(config.rule_dirs)
        results.append((check_root(root, config, rules_cache[key]), config))
    all_rules = {}
    for rules in rules_cache.values():
        all_rules.update(rules)
    if not rules_cache:
        all_rules = load_rules(())
    return results, all_rules


def build_report(results, rules, color=False) -> Report:
    findings = [f for result, _ in results for f in result.findings]
    sources = {}
    for result, _ in results:
        sources.update(result.loaded.sources())
    return Report(findings, sources, rules, files=len(sources), orgs=len(results), color=color)


def emit(text: str, output_file: str | None) -> None:
    if output_file:
        with open(output_file, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        click.echo(text, nl=False)


def use_color(color: bool | None, output_file: str | None) -> bool:
    if color is not None:
        return color
    return not output_file and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def run_check(paths, output_format, output_file, fail_on, config_path, select, extend_select,
              ignore, color, options) -> int:
    results, rules = run_results(paths, config_path, select, extend_select, ignore, fail_on)
    report = build_report(results, rules, use_color(color, output_file))
    emit(render(output_format, report), output_file)
    failed = any(fails(result.findings, config.fail_on) for result, config in results)
    return 1 if failed else 0
