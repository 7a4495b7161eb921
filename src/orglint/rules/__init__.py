"""The rule registry: built-in Python rules, declarative YAML rules and plugins.

Every rule, whatever its kind, is a ``Rule`` and produces ``Finding``s through a
``Context``; the registry is the only place that knows where rules come from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from orglint.findings import Finding, Location, is_org_code

Check = Callable[["Context"], Iterable[Finding]]

THRESHOLDS = {
    "max-direct-reports": 10,
    "max-team-size": 9,
    "max-models-per-lead": 6,
    "min-embedded-for-platform": 3,
}


@dataclass
class Rule:
    code: str
    name: str
    severity: str
    summary: str = ""
    sources: list[dict] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    docs: dict[str, str] = field(default_factory=dict)
    check: Check | None = None  # None for ORG rules: the load/model/resolve stages emit them
    origin: str = "builtin"  # builtin | declarative file path | plugin distribution
    definition: dict = field(default_factory=dict)  # the rule file, for declarative rules

    @property
    def configurable(self) -> bool:
        return not is_org_code(self.code)


class Context:
    """What a rule sees: the org, its thresholds, and a way to report."""

    def __init__(
        self,
        org,
        rule: Rule,
        thresholds: dict[str, int],
        severity: str | None = None,
        shared: dict | None = None,
    ):
        self.org = org
        self.shared = shared  # per-run cache shared by rules (e.g. entity views)
        self.rule = rule
        self.thresholds = thresholds
        self.severity = severity or rule.severity

    def option(self, name: str) -> int:
        return self.thresholds[name]

    def finding(
        self,
        entity: str | None,
        message: str,
        field: str | None = None,
        index: int | None = None,
        location: Location | None = None,
    ) -> Finding:
        if location is None:
            location = self.org.at(entity, field, index)
        rule = self.rule
        return Finding(rule.code, rule.name, self.severity, message, location, entity, field)


_PYTHON_RULES: dict[str, Rule] = {}


def python_rule(
    code: str, name: str | None = None, severity: str | None = None, options: Iterable[str] = ()
) -> Callable[[Check], Check]:
    """Register a rule written in Python. A built-in rule gives only its code: its name,
    severity, options and docs live in its `rules/<code>-<name>.yaml`, which must exist.
    A plugin rule, which has no file there, gives its name and severity too."""

    def register(check: Check) -> Check:
        _PYTHON_RULES[code] = Rule(
            code,
            name or "",
            severity or "",
            options=list(options),
            check=check,
            summary=(check.__doc__ or "").strip().splitlines()[0] if check.__doc__ else "",
        )
        return check

    return register


def describe_check(rule: Rule) -> str:
    """Where a Python rule is written, for messages that name it."""
    check = rule.check
    if check is None:
        return rule.code
    return f'`@python_rule("{rule.code}")` on {check.__module__}.{check.__qualname__}'


def builtin_rules_dir():
    """`rules/` of the source tree, or its copy inside the installed wheel."""
    from pathlib import Path

    here = Path(__file__).resolve().parent.parent
    packaged = here / "_builtin_rules"
    return packaged if packaged.is_dir() else here.parent.parent / "rules"


def load_rules(rule_dirs=()) -> dict[str, Rule]:
    """Every rule known to this run: built-in, declarative (built-in and `rule-dirs`), plugins."""
    from orglint.rules import declarative, plugins
    from orglint.rules.builtin import design, drift_and_data, skills, structure  # noqa: F401

    rules: dict[str, Rule] = {}
    for code, rule in _PYTHON_RULES.items():
        rules[code] = Rule(**{**rule.__dict__})
    folder = builtin_rules_dir()
    declarative.load_dir(folder, rules, builtin=True)
    unbound = [r for r in rules.values() if r.check is not None and not r.definition]
    if unbound:
        from orglint.errors import RuleFileError

        rule = unbound[0]
        raise RuleFileError(
            f"{describe_check(rule)} has no rule file: add `{folder}/{rule.code}-<name>.yaml` "
            "with its name, severity, options and docs"
        )
    plugins.load_entry_points(rules)
    for extra in rule_dirs:
        declarative.load_dir(extra, rules, builtin=False)
    return dict(sorted(rules.items()))
