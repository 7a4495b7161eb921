"""`check --show-settings`: the configuration a run would use and where each value came from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from orglint.config import Config, config_file, load_config, toml
from orglint.read.parse import Limits
from orglint.report.escape import terminal

DEFAULT = "default"


def _table(path: Path | None) -> dict:
    """The keys the configuration file itself sets (`[tool.orglint]` in pyproject.toml)."""
    if path is None:
        return {}
    data = toml().loads(path.read_text(encoding="utf-8"))  # load_config already parsed it
    return data.get("tool", {}).get("orglint", {}) if path.name == "pyproject.toml" else data


def settings(config: Config, cli: dict[str, Any]) -> list[tuple[str, object, str]]:
    """(key, value, source) for every setting; ``cli`` holds the command-line values given."""
    table = _table(config.path)
    where = str(config.path) if config.path else DEFAULT

    def source(key: str, flag: str | None = None) -> str:
        if flag and cli.get(flag):
            return f"command line (--{flag.replace('_', '-')})"
        return where if key in table else DEFAULT

    rows: list[tuple[str, object, str]] = [
        ("select", list(cli.get("select") or config.select), source("select", "select")),
        (
            "extend-select",
            [*config.extend_select, *(cli.get("extend_select") or [])],
            source("extend-select", "extend_select"),
        ),
        ("ignore", [*config.ignore, *(cli.get("ignore") or [])], source("ignore", "ignore")),
        ("fail-on", cli.get("fail_on") or config.fail_on, source("fail-on", "fail_on")),
        ("per-file-ignores", config.per_file_ignores, source("per-file-ignores")),
        ("severity", config.severity, source("severity")),
        ("skill-aliases", config.skill_aliases, source("skill-aliases")),
        ("rule-dirs", [str(p) for p in config.rule_dirs], source("rule-dirs")),
    ]
    rows += [(key, config.thresholds[key], source(key)) for key in sorted(config.thresholds)]
    limits = table.get("limits", {}) if isinstance(table.get("limits"), dict) else {}
    for name in Limits.field_names():
        value = getattr(config.limits, name.replace("-", "_"))
        rows.append((f"limits.{name}", value, where if name in limits else DEFAULT))
    return rows


def configs(paths: list[str], config_path: str | None) -> list[Config]:
    """Each distinct configuration the given paths use (the current folder's without paths)."""
    found: dict[str, Config] = {}
    for path in paths or ["."]:
        where = config_file(path, config_path)
        if str(where) not in found:
            found[str(where)] = load_config(where)
    return list(found.values())


def show(paths: list[str], config_path: str | None, cli: dict[str, Any], output_format: str) -> str:
    chosen = configs(paths, config_path)
    if output_format == "json":
        data = [
            {
                "config": str(c.path) if c.path else None,
                "settings": {k: {"value": v, "source": s} for k, v, s in settings(c, cli)},
            }
            for c in chosen
        ]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    blocks = []
    for config in chosen:
        head = f"# configuration: {terminal(config.path) if config.path else '(none: defaults)'}"
        rows = settings(config, cli)
        width = max(len(key) for key, _, _ in rows)
        lines = [head]
        lines += [
            f"{key:<{width}} = {terminal(json.dumps(value, ensure_ascii=False))}  "
            f"# {terminal(source)}"
            for key, value, source in rows
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
