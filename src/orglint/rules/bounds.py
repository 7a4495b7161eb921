"""Rule files from `rule-dirs` are input like org files: bounded in size, nesting, aliases,
references and regular expressions, and reported at a file:line:col that names nothing
outside the rule folder. Nothing of a rule file's content is quoted in these errors."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from orglint.errors import RuleFileError
from orglint.read.parse import Limits, Reader, YList, YMap, unpack

MAX_SIZE = 1024 * 1024  # bytes; a rule file is a page or two
LIMITS = Limits(
    max_file_size=MAX_SIZE,
    max_nodes=100_000,
    max_alias_expansion=10_000,
    max_depth=40,
    max_scalar_length=64 * 1024,
)
MAX_PATTERN = 1000  # characters in one regular expression
# Keywords that name or reach another schema by a URI: a rule file's schema is one
# document, referred to only with JSON pointers (`#/...`) that `check_refs` can follow.
_REFUSED = ("$id", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor")


def rule_files(folder: Path) -> list[Path]:
    """The folder's `*.yaml`/`*.yml` files; a link that leads out of it is refused by its
    own name, before anything of its target is read."""
    inside = os.path.realpath(folder)
    found = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    for path in found:
        real = os.path.realpath(path)
        if os.path.commonpath([real, inside]) != inside:
            raise RuleFileError(
                f"{path}: a symlink that leads outside the rule folder `{folder}`; "
                "rule files must be inside it (copy the file instead)"
            )
    return found


def read_rule_file(path: Path) -> Any:
    """The rule file's data (YMap/YList with positions), through the same bounded reader
    as org files: no tags, no alias bombs, no deep nesting."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise RuleFileError(f"{path}: not a regular file; a rule file must be one")
        if info.st_size > MAX_SIZE:
            raise RuleFileError(f"{path}: larger than {MAX_SIZE:,} bytes; is it a rule file?")
        with open(path, "rb") as handle:
            data = handle.read(MAX_SIZE + 1)
    except OSError as exc:
        raise RuleFileError(f"{path}: cannot read rule file: {exc.strerror}") from None
    if len(data) > MAX_SIZE:
        raise RuleFileError(f"{path}: larger than {MAX_SIZE:,} bytes; is it a rule file?")
    reader = Reader(str(path), LIMITS)
    root = reader.read(data)
    if reader.findings:
        first = reader.findings[0]
        raise RuleFileError(
            f"{path}:{first.location.line}:{first.location.column}: cannot read rule file: "
            f"{first.message}"
        )
    return root


def where(path: Path, data: Any, at: list) -> str:
    """``path:line:col`` of the value at ``at`` (keys and indexes) in ``data``."""
    pos = data.start if isinstance(data, (YMap, YList)) else 0
    node = data
    for step in at:
        if isinstance(node, YMap) and step in node:
            pos = node.pos[step][1]
            node = node[step]
        elif isinstance(node, YList) and isinstance(step, int) and 0 <= step < len(node):
            pos = node.pos[step][0]
            node = node[step]
        else:
            break
    if not pos:
        return str(path)
    line, column = unpack(pos)
    return f"{path}:{line}:{column}"


def check_schema(path: Path, data: Any, key: str) -> None:
    """`where`/`assert` bounds: references stay inside the schema and never loop, no
    keyword reaches another document, every regular expression runs in linear time."""
    schema = data[key]
    refs: list[tuple[list, list]] = []  # (location, target) of every `$ref`
    for at, node in _walk(schema, [key]):
        for name in _REFUSED:
            if name in node:
                raise RuleFileError(
                    f"{where(path, data, [*at, name])}: `{name}` is not supported in rule "
                    "files; refer to a part of the same schema with `$ref: '#/...'`"
                )
        if "$ref" in node:
            refs.append((at, _target(path, data, at, node["$ref"], schema)))
        if isinstance(node.get("pattern"), str):
            _regex(path, data, [*at, "pattern"], node["pattern"])
        if isinstance(node.get("patternProperties"), dict):
            for pattern in node["patternProperties"]:
                _regex(path, data, [*at, "patternProperties", pattern], pattern)
    _no_loops(path, data, key, refs)


def _walk(schema: Any, at: list) -> Iterator[tuple[list, dict]]:
    """Every mapping in ``schema`` that sits where a schema may be, with its location."""
    stack = [(at, schema)]
    while stack:
        here, node = stack.pop()
        if isinstance(node, dict):
            yield here, node
            for name, value in node.items():
                if isinstance(value, (dict, list)) and name not in ("enum", "const"):
                    stack.append(([*here, name], value))
        elif isinstance(node, list):
            stack.extend(([*here, i], value) for i, value in enumerate(node))


def _target(path: Path, data: Any, at: list, ref: Any, schema: Any) -> list:
    """The location a `$ref` points to, relative to the schema; it must exist."""
    if not isinstance(ref, str) or not (ref == "#" or ref.startswith("#/")):
        raise RuleFileError(
            f"{where(path, data, [*at, '$ref'])}: a `$ref` in a rule file must be a JSON "
            "pointer into the same schema (`#/$defs/name`); rule files never read other "
            "files or the network"
        )
    steps: list = []
    node = schema
    for raw in ref[2:].split("/") if ref != "#" else []:
        step = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and step in node:
            steps.append(step)
            node = node[step]
        elif isinstance(node, list) and step.isdigit() and int(step) < len(node):
            steps.append(int(step))
            node = node[int(step)]
        else:
            raise RuleFileError(
                f"{where(path, data, [*at, '$ref'])}: this `$ref` points to nothing in "
                "the schema; fix the pointer"
            )
    return steps


def _no_loops(path: Path, data: Any, key: str, refs: list[tuple[list, list]]) -> None:
    """A `$ref` whose target holds a `$ref` leading back to it would never finish."""
    prefix = len([key])

    def inside(location: list, target: list) -> bool:
        return location[prefix:][: len(target)] == target

    following = {
        i: [j for j, (other, _) in enumerate(refs) if inside(other, target)]
        for i, (_, target) in enumerate(refs)
    }
    state: dict[int, int] = {}  # 1: on the path being followed, 2: finished
    for start in range(len(refs)):
        if state.get(start):
            continue
        stack = [(start, iter(following[start]))]
        state[start] = 1
        while stack:
            node, nexts = stack[-1]
            step = next(nexts, None)
            if step is None:
                state[node] = 2
                stack.pop()
            elif state.get(step) == 1:
                raise RuleFileError(
                    f"{where(path, data, [*refs[step][0], '$ref'])}: this `$ref` leads back "
                    "to itself (a reference loop); a rule's schema must be finite"
                )
            elif not state.get(step):
                state[step] = 1
                stack.append((step, iter(following[step])))


def _regex(path: Path, data: Any, at: list, pattern: str) -> None:
    from orglint.rules.predicate import regex

    problem = None
    if len(pattern) > MAX_PATTERN:
        problem = f"is longer than {MAX_PATTERN:,} characters"
    else:
        try:
            regex(pattern)
        except Exception:  # re2.error, or whatever the engine raises for a bad pattern
            problem = (
                "is not a regular expression orglint can run in linear time "
                "(back-references and look-arounds are not supported)"
            )
    if problem:
        raise RuleFileError(f"{where(path, data, at)}: the pattern {problem}")
