"""Third-party rules from installed packages (entry-point group `orglint.rules`)."""

from __future__ import annotations

from importlib.metadata import entry_points

from orglint.rules import _PYTHON_RULES, Rule

GROUP = "orglint.rules"


def load_entry_points(rules: dict[str, Rule]) -> None:
    """Each entry point names a module (or callable) that registers rules with
    ``orglint.rules.python_rule`` when loaded. Only installed packages can add Python
    rules: nothing inside a linted repository is ever imported."""
    for ep in entry_points(group=GROUP):
        before = set(_PYTHON_RULES)
        loaded = ep.load()
        if callable(loaded) and not isinstance(loaded, type):
            loaded()
        for code in set(_PYTHON_RULES) - before:
            rule = _PYTHON_RULES[code]
            rules[code] = Rule(**{**rule.__dict__, "origin": f"plugin {ep.dist.name if ep.dist else ep.value}"})
