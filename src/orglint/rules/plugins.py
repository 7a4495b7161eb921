"""Third-party rules from installed packages (entry-point group `orglint.rules`).

Each entry point names a module (or a callable) that registers rules with
``orglint.rules.python_rule`` when loaded. Only installed packages can add Python rules:
nothing inside a linted repository is ever imported.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from orglint.errors import PluginError
from orglint.rules import _PYTHON_RULES, Rule

GROUP = "orglint.rules"
_loaded: dict[str, Rule] | None = None


def load_entry_points(rules: dict[str, Rule]) -> None:
    global _loaded
    if _loaded is None:
        _loaded = {}
        for ep in entry_points(group=GROUP):
            dist = ep.dist.name if ep.dist else ep.value
            before = set(_PYTHON_RULES)
            try:
                target = ep.load()
                if callable(target) and not isinstance(target, type):
                    target()
            except Exception as exc:  # a broken plugin must not look like an orglint bug
                raise PluginError(
                    f"plugin `{dist}` (entry point `{ep.name}`) failed to load: "
                    f"{type(exc).__name__}: {exc}"
                ) from exc
            for code in set(_PYTHON_RULES) - before:
                rule = _PYTHON_RULES.pop(code)  # plugin rules stay out of the built-in set
                rule.origin = f"plugin {dist}"
                _loaded[code] = rule
    for code, rule in _loaded.items():
        if code in rules:
            raise PluginError(
                f"{rule.origin}: rule code {code} is already used by "
                f"`{rules[code].name}`; the plugin must pick another code"
            )
        rules[code] = Rule(**rule.__dict__)
