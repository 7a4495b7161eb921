"""Configuration: `.orglint.toml` or `[tool.orglint]` in `pyproject.toml`, found upwards."""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from orglint.errors import ConfigError
from orglint.findings import FAIL_ON, SEVERITIES
from orglint.read.parse import Limits
from orglint.rules import THRESHOLDS

if TYPE_CHECKING:  # imported when a configuration has a `[sources]` table
    from orglint.sources.settings import SourceSettings


@dataclass
class Config:
    path: Path | None = None  # the file it came from
    select: list[str] = field(default_factory=lambda: ["ALL"])
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    thresholds: dict[str, int] = field(default_factory=lambda: dict(THRESHOLDS))
    skill_aliases: dict[str, str] = field(default_factory=dict)
    rule_dirs: list[Path] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)
    fail_on: str = "warning"
    derive_members: bool = True  # RULES.md derived members through `reports_to`
    exclude: list[str] = field(default_factory=list)  # globs of files `check` skips
    sources: SourceSettings | None = None  # from the `[sources]` table

    @property
    def folder(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


_LIST_KEYS = {"select", "extend-select", "ignore"}
_GLOB_KEYS = {"exclude"}
_KEYS = (
    _LIST_KEYS
    | _GLOB_KEYS
    | {
        "per-file-ignores",
        "severity",
        "skill-aliases",
        "rule-dirs",
        "limits",
        "fail-on",
        "derive-members",
    }
    | {"sources"}
    | set(THRESHOLDS)
)


def config_file(root: str | Path, explicit: str | None = None) -> Path | None:
    """The configuration file for the org at ``root`` (a root file, or a folder root such
    as a Backstage catalog): ``explicit`` when given (`--config`), else the nearest one."""
    return Path(explicit) if explicit else find_config(Path(root))


def find_config(start: Path) -> Path | None:
    """The nearest `.orglint.toml`, or `pyproject.toml` with `[tool.orglint]`, upwards from
    ``start``: a file's folder, or a folder itself (a Backstage catalog is a folder root)."""
    folder = start.resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        dotfile = candidate / ".orglint.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            try:
                if "orglint" not in pyproject.read_text(encoding="utf-8", errors="replace"):
                    continue  # no [tool.orglint]: not worth parsing
                data = _parse(pyproject)
            except (OSError, ConfigError):
                continue
            tool = data.get("tool", {})
            if isinstance(tool, dict) and "orglint" in tool:
                return pyproject
    return None


def toml():
    """tomllib, imported when a configuration file is read (start-up time)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        # not installed where mypy runs (3.11+), though mypy checks for 3.10
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    return tomllib


MAX_SIZE = 1024 * 1024  # bytes; a configuration is a screenful
MAX_NUMBER = 2**40  # any limit or threshold above this is a typo, not a need


def _parse(path: Path) -> dict:
    """The file's TOML, bounded: a regular file inside its folder (through links), at
    most MAX_SIZE bytes, not nested past Python's stack. No error quotes its content."""
    folder = os.path.realpath(path.parent)
    if os.path.islink(path) and os.path.commonpath([os.path.realpath(path), folder]) != folder:
        raise ConfigError(
            f"{path}: a symlink that leads outside its folder, which orglint does not "
            "read; use the file itself"
        )
    try:
        with open(path, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ConfigError(f"{path}: not a regular file")
            raw = handle.read(MAX_SIZE + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    tomllib = toml()
    if len(raw) > MAX_SIZE:
        raise ConfigError(f"{path}: larger than {MAX_SIZE:,} bytes; is it a configuration?")
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:  # its message gives a line and column, no content
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except (RecursionError, ValueError):  # nesting past the stack; a 5,000-digit number
        raise ConfigError(
            f"{path}: invalid TOML: nested too deeply or a number too large to use"
        ) from None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    data = _parse(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("orglint", {})
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: `tool.orglint` must be a table")
        prefix = "tool.orglint."
    else:
        prefix = ""
    return parse_config(data, path, prefix)


def parse_config(data: dict, path: Path | None, prefix: str = "") -> Config:
    where = str(path) if path else "configuration"
    config = Config(path=path)

    def fail(key: str, problem: str) -> None:
        raise ConfigError(f"{where}: `{prefix}{key}` {problem}")

    for key, value in data.items():
        if key not in _KEYS:
            import difflib

            close = difflib.get_close_matches(key, sorted(_KEYS), n=1)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            fail(key, f"is not a known setting{hint}")
        if key in _LIST_KEYS:
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                fail(key, 'must be a list of rule codes or names, e.g. ["STR", "DEP001"]')
            setattr(config, key.replace("-", "_"), list(value))
        elif key in _GLOB_KEYS:
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                fail(key, 'must be a list of globs, e.g. ["docker-compose*.yml", "ci/**"]')
            config.exclude = list(value)
        elif key in THRESHOLDS:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                fail(key, "must be a whole number >= 0")
            if value > MAX_NUMBER:
                fail(key, f"must be at most {MAX_NUMBER:,}")
            config.thresholds[key] = value
        elif key == "derive-members":
            if not isinstance(value, bool):
                fail(key, "must be true or false")
            config.derive_members = value
        elif key == "fail-on":
            if value not in FAIL_ON:
                fail(key, f"must be one of {', '.join(FAIL_ON)}")
            config.fail_on = value
        elif key == "severity":
            if not isinstance(value, dict):
                fail(key, 'must be a table of rule = "error" | "warning" | "info"')
            for rule, sev in value.items():
                if sev not in SEVERITIES:
                    fail(f"{key}.{rule}", f"must be one of {', '.join(SEVERITIES)}, not {sev!r}")
            config.severity = dict(value)
        elif key == "per-file-ignores":
            if not isinstance(value, dict) or not all(
                isinstance(v, list) and all(isinstance(c, str) for c in v) for v in value.values()
            ):
                fail(key, 'must be a table of "glob" = [codes]')
            config.per_file_ignores = {k: list(v) for k, v in value.items()}
        elif key == "skill-aliases":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                fail(key, 'must be a table of alias = "canonical-skill"')
            config.skill_aliases = {k.lower(): v.lower() for k, v in value.items()}
        elif key == "rule-dirs":
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                fail(key, "must be a list of folders")
            base = config.folder.resolve()
            for folder in value:
                if not (base / folder).resolve().is_relative_to(base):
                    # rule files are read and quoted in errors: keep them in the repository
                    fail(
                        key,
                        f"`{folder}` leads outside `{base}`; rule folders must be inside "
                        "the configuration file's folder",
                    )
            config.rule_dirs = [(config.folder / v) for v in value]
        elif key == "sources":
            from orglint.sources.settings import parse_settings

            config.sources = parse_settings(value, where)
        elif key == "limits":
            names = Limits.field_names()
            if not isinstance(value, dict):
                fail(key, f"must be a table with keys {', '.join(names)}")
            for name, number in value.items():
                if name not in names:
                    fail(f"limits.{name}", f"is not a known limit ({', '.join(names)})")
                if not isinstance(number, int) or isinstance(number, bool) or number < 1:
                    fail(f"limits.{name}", "must be a whole number >= 1")
                if number > MAX_NUMBER:
                    fail(f"limits.{name}", f"must be at most {MAX_NUMBER:,}")
                setattr(config.limits, name.replace("-", "_"), number)
    return config
