"""The pipeline: read -> validate -> resolve -> rules -> suppressions, for one root
(`check_root`) or for every root a command names (`run_results`)."""

from __future__ import annotations

import fnmatch
import gc
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orglint import sources
from orglint.config import Config, config_file, find_config, load_config
from orglint.errors import ConfigError
from orglint.findings import SEVERITY_RANK, Finding, is_org_code
from orglint.read.discover import Discovery, Excluder, Found
from orglint.read.load import Files, Loaded, load_org
from orglint.report import Report
from orglint.resolve.org import Org, resolve
from orglint.rules import Context, Rule, load_rules
from orglint.rules.rootcause import merge_root_causes, waits
from orglint.sources.common import waiting_rules
from orglint.suppress import comments as suppress
from orglint.validate.validation import validate


@dataclass
class Result:
    """One organisation's check."""

    root: str
    loaded: Loaded
    org: Org
    findings: list[Finding] = field(default_factory=list)  # suppressed ones included, marked
    selected: dict[str, Rule] = field(default_factory=dict)  # the rules that ran
    waiting: list[str] = field(default_factory=list)  # selected rules not evaluated (broken file)

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is None]


def select_rules(rules: dict[str, Rule], config: Config) -> dict[str, Rule]:
    """Rules this run evaluates: `select` + `extend-select` - `ignore`; ORG always."""
    chosen = set()
    for token in [*config.select, *config.extend_select]:
        chosen |= match_rules(rules, token, "select")
    for token in config.ignore:
        matched = match_rules(rules, token, "ignore")
        if any(is_org_code(code) for code in matched) and token.upper() != "ALL":
            raise ConfigError(
                f"{config.path or 'ignore'}: `{token}`: ORG rules report broken "
                "input and cannot be turned off"
            )
        chosen -= matched
    for code in rules:
        if is_org_code(code):
            chosen.add(code)
    for token in config.severity:
        matched = match_rules(rules, token, "severity")
        if any(is_org_code(code) for code in matched) and token.upper() != "ALL":
            raise ConfigError(
                f"{config.path or 'severity'}: `severity.{token}`: ORG rules report "
                "broken input and are always errors"
            )
    return {code: rule for code, rule in rules.items() if code in chosen}


def match_rules(rules: dict[str, Rule], token: str, key: str) -> set[str]:
    """A code, a name, a code prefix (`STR`, `SKL00`) or `ALL`."""
    if token.upper() == "ALL":
        return set(rules)
    upper = token.upper()
    found = {code for code, rule in rules.items() if code.startswith(upper) or rule.name == token}
    if not found:
        import difflib

        names = list(rules) + [r.name for r in rules.values()]
        close = difflib.get_close_matches(token, names, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        raise ConfigError(f"`{key}`: `{token}` names no rule{hint} (see `orglint rule --all`)")
    return found


def check_root(
    path: str,
    config: Config,
    rules: dict[str, Rule] | None = None,
    data: bytes | None = None,
    files: Files | None = None,
) -> Result:
    """Everything about one organisation whose root file is ``path``."""
    # Millions of small acyclic objects: a collection pass mid-run walks them all, again and
    # again (2-3x the run time at 100k people). Nothing here creates garbage cycles.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _check_root(path, config, rules, data, files)
    finally:
        if enabled:
            gc.enable()


def _check_root(
    path: str,
    config: Config,
    rules: dict[str, Rule] | None,
    data: bytes | None,
    files: Files | None = None,
) -> Result:
    if rules is None:
        rules = load_rules(config.rule_dirs)
    selected = select_rules(rules, config)
    loaded = load_org(path, config.limits, data, config.sources, files)
    validated = validate(loaded, files.validated if files else None)
    org, ref_findings = resolve(
        validated, config.skill_aliases, loaded.complete, config.derive_members
    )
    org.unknown_facts = frozenset(loaded.unknown_facts)
    # rules that need a fact the org's sources cannot express wait (docs/sources.md)
    selected = {c: r for c, r in selected.items() if c not in waiting_rules(org.unknown_facts)}
    findings = [*loaded.findings, *sources.not_repeated(validated.findings, loaded), *ref_findings]
    # RULES.md: a finding must hold whatever an unreadable file says
    waiting = [] if loaded.complete else [c for c in selected if waits(c)]
    running = {c: r for c, r in selected.items() if c not in waiting}
    shared: dict[str, Any] = {}
    severity = {}
    for token, sev in config.severity.items():
        for code in match_rules(rules, token, "severity"):
            severity[code] = sev
    for code, rule in running.items():
        if rule.check is None:
            continue
        ctx = Context(org, rule, config.thresholds, severity.get(code), shared)
        findings.extend(rule.check(ctx))
    findings = [f for f in findings if f.code in running]
    sources.as_written(findings, loaded)  # ids in messages as the source files wrote them
    # after the comments, so that per-file-ignores also covers the SUP findings they cause
    findings = suppress.apply(findings, loaded, org, running, severity, rules)
    findings = merge_root_causes(findings, org)  # suppressed findings stay as they are
    findings = _per_file_ignores(findings, config, rules)
    findings.sort(key=Finding.sort_key)
    return Result(path, loaded, org, findings, selected, waiting)


def _per_file_ignores(
    findings: list[Finding], config: Config, rules: dict[str, Rule]
) -> list[Finding]:
    if not config.per_file_ignores:
        return findings
    table = [
        (pattern, set().union(*(match_rules(rules, t, "per-file-ignores") for t in tokens)))
        for pattern, tokens in config.per_file_ignores.items()
    ]
    base = config.folder.resolve()

    def ignored(finding: Finding) -> bool:
        if is_org_code(finding.code):
            return False
        try:
            rel = Path(finding.path).resolve().relative_to(base).as_posix()
        except ValueError:
            rel = finding.path
        return any(
            finding.code in codes
            and (fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(rel), pattern))
            for pattern, codes in table
        )

    return [f for f in findings if not ignored(f)]


def fails(findings: list[Finding], fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[f.severity] >= threshold for f in findings if f.suppressed is None)


# -- several roots at once: what every command runs -------------------------------------


def configs_for(roots: list[str], config_path: str | None) -> dict[str, Config]:
    """Each root's configuration: the explicit one, or the nearest one upwards."""
    loaded: dict[str, Config] = {}
    out = {}
    for root in roots:
        where = config_file(root, config_path)
        key = str(where)
        if key not in loaded:
            loaded[key] = load_config(where)
        out[root] = loaded[key]
    return out


def apply_cli(
    config: Config,
    select: Sequence[str],
    extend_select: Sequence[str],
    ignore: Sequence[str],
    fail_on: str | None,
) -> Config:
    import copy

    config = copy.copy(config)
    if select:
        config.select = list(select)
    config.extend_select = [*config.extend_select, *extend_select]
    config.ignore = [*config.ignore, *ignore]
    if fail_on:
        config.fail_on = fail_on
    return config


def run_results(
    paths: Sequence[str],
    config_path: str | None,
    select: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_on: str | None = None,
    orgs_only: bool = False,
    exclude: Sequence[str] = (),
    deleted: Sequence[str] = (),
    found: Found | None = None,
) -> tuple[list[tuple[Result, Config]], dict[str, Rule]]:
    """``found``, when given, receives the roots and the YAML files that were skipped."""
    where = Path(config_path) if config_path else find_config(Path.cwd())
    patterns = [*load_config(where).exclude, *exclude]
    base = where.parent if where else Path.cwd()
    discovered = Discovery(Excluder(patterns, base)).discover(list(paths), orgs_only, list(deleted))
    if found is not None:
        found.roots, found.skipped = discovered.roots, discovered.skipped
        found.excluded = discovered.excluded
    roots = discovered.roots
    configs = configs_for(roots, config_path)
    rules_cache: dict[tuple[str, ...], dict[str, Rule]] = {}
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


def _check_selectors(rules: dict[str, Rule], config: Config) -> None:
    """Rule names in a configuration file are reported with that file's path."""
    try:
        select_rules(rules, config)
    except ConfigError as exc:
        if config.path is None or str(config.path) in str(exc):
            raise
        raise ConfigError(f"{config.path}: {exc}") from None


def build_report(
    results: list[tuple[Result, Config]], rules: dict[str, Rule], color: bool = False
) -> Report:
    findings = sorted((f for result, _ in results for f in result.findings), key=Finding.sort_key)
    sources = {}
    selected: dict[str, Rule] = {}
    for result, _ in results:
        sources.update(result.loaded.sources())
        selected.update(result.selected)  # reporters describe the rules that ran
    if not results:
        selected = dict(rules)
    return Report(
        findings,
        sources,
        dict(sorted(selected.items())),
        files=len(sources),
        orgs=len(results),
        color=color,
        notes=[note for result, _ in results if (note := incomplete_note(result))],
    )


_NAMED = 5  # files named in the note on rules not evaluated


def incomplete_note(result: Result) -> str | None:
    """What a second run may add once the unreadable file is fixed: the rules that waited
    for it, and the entities that took no part because of their own ORG errors (RULES.md,
    broken input)."""
    if not result.waiting:
        return None
    unread = [d.path for d in result.loaded.documents if not d.parsed]
    named = ", ".join(f"`{p}`" for p in unread[:_NAMED])
    if len(unread) > _NAMED:  # the files' own ORG001 findings name every one
        named += f" and {len(unread) - _NAMED:,} more files"
    why = f"{named} could not be parsed" if unread else "an included file could not be read"
    count = len(result.waiting)
    parts = [f"{count} rule{'s' if count != 1 else ''} not evaluated because {why}"]
    invalid = sum(1 for e in result.org.entities.values() if e.value is None)
    twice = sum(1 for f in result.findings if f.code == "ORG003")
    if invalid or twice:
        reasons = [
            *([f"{invalid} with errors in their own fields (ORG002)"] if invalid else []),
            *([f"{twice} defined a second time (ORG003)"] if twice else []),
        ]
        total = invalid + twice
        parts.append(
            f"{total} entit{'ies' if total != 1 else 'y'} took no part in the rules "
            f"({'; '.join(reasons)})"
        )
    return f"{result.root}: {'; '.join(parts)}: fix the ORG errors and run again to see the rest."
