"""Third-party rules from installed packages (entry-point group `orglint.rules`).

Each entry point names a module (or a callable) that registers rules with
``orglint.rules.python_rule`` when loaded. Only installed packages can add Python rules:
nothing inside a linted repository is ever imported.
"""

from __future__ import annotations

import os
import sys

from orglint.errors import PluginError
from orglint.rules import _PYTHON_RULES, Rule

GROUP = "orglint.rules"
_loaded: dict[str, Rule] | None = None


def load_entry_points(rules: dict[str, Rule]) -> None:
    global _loaded
    if _loaded is None:
        _loaded = {}
        if not _may_have_plugins():
            return
        from importlib.metadata import entry_points

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


def _may_have_plugins() -> bool:
    """False when no installed distribution on ``sys.path`` declares the entry-point group:
    a look at each `entry_points.txt` costs far less than importing importlib.metadata,
    the largest part of a small check's start-up. Anything it cannot read counts as yes."""
    marker = f"[{GROUP}]".encode()
    for entry in sys.path:
        folder = entry or "."
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                return True  # a zip on sys.path: let importlib.metadata look inside
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                meta = os.path.join(folder, name)
            elif name.endswith(".egg"):
                meta = os.path.join(folder, name, "EGG-INFO")
            else:
                continue
            try:
                with open(os.path.join(meta, "entry_points.txt"), "rb") as handle:
                    if marker in handle.read():
                        return True
            except FileNotFoundError:
                continue
            except OSError:
                return True
    return False
