"""Which organisations a command line names: roots, folders, and included fragments.

Each folder is listed, and each candidate root read and its includes globbed, at most once
per run, so that a thousand fragments in one folder cost a thousand reads, not a million.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
import subprocess
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from orglint.errors import ConfigError
from orglint.read.load import MAX_WALK_DEPTH, TooManyPaths, include_glob
from orglint.read.parse import Limits

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox"}
_MAX_UP = 20
_VERSION = re.compile(rb"^[\"']?version[\"']?[ \t]*:", re.MULTILINE)
_ORG = re.compile(rb"^[\"']?org[\"']?[ \t]*:", re.MULTILINE)
_YAML = (".yaml", ".yml")


def is_org_root(data: bytes) -> bool:
    """An org root: its top level has `version` and `org`. Anything else (a dependabot or
    docker-compose file, which also have `version:`) is not checked unless named."""
    return _VERSION.search(data) is not None and _ORG.search(data) is not None


def yaml_files(folder: str, suffixes: tuple[str, ...] = _YAML) -> list[str]:
    """The YAML files (or those ending in ``suffixes``) under ``folder``, in walk order, at
    most MAX_WALK_DEPTH levels down (iteratively: a tree 1,000 levels deep must not overflow
    the stack) and never through a symlinked folder."""
    found = []
    stack = [(folder, 0)]
    while stack:
        current, depth = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        dirs = []
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                name = entry.name
                if name not in _SKIP_DIRS and not name.startswith(".") and depth < MAX_WALK_DEPTH:
                    dirs.append(entry.path)
            elif entry.name.endswith(suffixes):
                found.append(os.path.join(current, entry.name))
        stack.extend((d, depth + 1) for d in reversed(dirs))
    return found


def _head(path: str | Path) -> bytes:
    """The file's bytes, up to the default size limit; nothing from a pipe or a device."""
    limit = Limits().max_file_size
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe named x.yaml would block
            return b""
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return b""
            size = os.fstat(handle.fileno()).st_size
            return handle.read(min(size, limit) + 1)
    except (OSError, ValueError):
        return b""


@dataclass
class Found:
    roots: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # YAML under a folder that is no org's
    excluded: int = 0


class Excluder:
    """`exclude` globs, like ruff's: matched against the path relative to ``base`` and
    each of its parent folders, and a pattern without `/` against each name."""

    def __init__(self, patterns: list[str], base: Path) -> None:
        self.patterns = [p.rstrip("/") for p in patterns if p.strip()]
        self.base = base.resolve()

    def __call__(self, path: str) -> bool:
        if not self.patterns:
            return False
        try:
            rel = Path(os.path.abspath(path)).relative_to(self.base).as_posix()
        except ValueError:
            rel = Path(path).as_posix()
        parts = rel.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        for pattern in self.patterns:
            if "/" in pattern:
                if any(fnmatch.fnmatchcase(p, pattern) for p in prefixes):
                    return True
            elif any(fnmatch.fnmatchcase(name, pattern) for name in parts):
                return True
        return False


class Discovery:
    """Roots found from paths, with each folder's candidate roots read once."""

    def __init__(self, exclude: Excluder | None = None) -> None:
        self.exclude = exclude or Excluder([], Path.cwd())
        self._folders: dict[Path, list[tuple[Path, bytes]]] = {}
        self._included: dict[Path, set[Path]] = {}

    def roots_in_folder(self, folder: Path) -> list[tuple[Path, bytes]]:
        """The org roots directly in ``folder`` that have an `include`, with their text."""
        cached = self._folders.get(folder)
        if cached is None:
            cached = []
            try:
                names = sorted(e.name for e in os.scandir(folder) if e.name.endswith(_YAML))
            except OSError:
                names = []
            for name in names:
                data = _head(folder / name)
                if b"include" in data and is_org_root(data):
                    cached.append((folder / name, data))
            self._folders[folder] = cached
        return cached

    def included(self, root: Path, data: bytes) -> set[Path]:
        if root not in self._included:
            self._included[root] = _included(root, data)
        return self._included[root]

    def including_roots(self, fragment: str) -> list[str]:
        """Root files in the fragment's folder or above (up to the repository's top) whose
        `include` globs match it."""
        target = Path(fragment).resolve()
        relative = not os.path.isabs(fragment)
        found: list[str] = []
        folder = target.parent
        for _ in range(_MAX_UP):
            for candidate, data in self.roots_in_folder(folder):
                if _real(candidate) != target and target in self.included(candidate, data):
                    found.append(os.path.relpath(candidate) if relative else str(candidate))
            if found or (folder / ".git").exists() or folder.parent == folder:
                break
            folder = folder.parent
        return found

    def deleted_including_roots(self, deleted: str) -> list[str]:
        """Roots whose `include` globs name ``deleted``, a file that no longer exists (its
        folder may be gone too): matched on the globs' text, not on the files."""
        target = Path(os.path.abspath(deleted))
        relative = not os.path.isabs(deleted)
        found: list[str] = []
        folder = target.parent
        for _ in range(_MAX_UP):
            for candidate, data in self.roots_in_folder(folder):
                rel = target.relative_to(folder).as_posix()
                if any(regex.match(rel) for regex in _include_regexes(candidate, data)):
                    found.append(os.path.relpath(candidate) if relative else str(candidate))
            if found or (folder / ".git").exists() or folder.parent == folder:
                break
            folder = folder.parent
        return found

    def discover(
        self, paths: list[str], orgs_only: bool = False, deleted: Sequence[str] = ()
    ) -> Found:
        """Root files to check, in order, each once. A folder means every root under it;
        a file that is not a root means the org(s) whose root includes it (pre-commit passes
        those). With ``orgs_only``, a file that is neither is skipped; ``deleted`` files
        bring in the roots that included them."""
        out = Found()
        seen: set[Path] = set()

        def add(path: str) -> None:
            real = Path(path).resolve()
            if real not in seen:
                seen.add(real)
                out.roots.append(path)

        for given in paths:
            if os.path.isdir(given):
                self._folder(given, out, add)
                continue
            if self.exclude(given):
                out.excluded += 1
                continue
            if is_org_root(_head(given)):
                add(given)
                continue
            including = self.including_roots(given)
            if not including:
                from orglint.sources import root_for

                source_root = root_for(given)  # a source file: its catalog or org config
                including = [source_root] if source_root else []
            if including or not orgs_only:
                for root in including or [given]:
                    add(root)
        for path in deleted:
            if path.endswith(_YAML) and not self.exclude(path):
                for root in self.deleted_including_roots(path):
                    add(root)
        return out

    def _folder(self, given: str, out: Found, add: Callable[[str], None]) -> None:
        inside = _real(Path(given))
        roots: list[tuple[str, bytes]] = []
        others: list[str] = []
        for p in yaml_files(given):
            # a symlink leading out of the folder is not one of its org files (nor read)
            if not _real(Path(p)).is_relative_to(inside):
                continue
            if self.exclude(p):
                out.excluded += 1
                continue
            data = _head(p)
            if is_org_root(data):
                roots.append((os.path.normpath(p), data))
            else:
                others.append(os.path.normpath(p))
        if not roots:
            from orglint.sources import roots_in

            found = roots_in(given)  # a Backstage catalog, GitHub org configs, rosters
            for path in found:
                add(path)
            if found:
                return
            # "All checks passed" on a folder with nothing to check would hide a wrong path
            raise ConfigError(
                f"`{given}` holds no org file: a root is a .yaml or .yml file whose top "
                "level has `version` and `org`, or a source orglint reads (a Backstage "
                "catalog, a GitHub org config, a roster CSV: see docs/sources.md)"
                + (f" ({out.excluded} excluded by `exclude`)" if out.excluded else "")
            )
        included: set[Path] = set()
        for path, data in roots:  # sorted, so reports come out sorted by path
            add(path)
            if b"include" in data:
                included |= self.included(Path(path).resolve(), data)
        # a symlink loop or a dangling link is no file: not "skipped YAML"
        out.skipped += [p for p in others if _real(Path(p)) not in included and os.path.isfile(p)]


def roots_for(paths: list[str]) -> list[str]:
    return Discovery().discover(paths).roots


def including_roots(fragment: str) -> list[str]:
    return Discovery().including_roots(fragment)


def staged_deletions() -> list[str]:
    """Files the staged commit deletes or renames away, relative to the current folder
    (pre-commit passes only files that exist). Outside a git repository: none."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], capture_output=True, check=True
        )
        done = subprocess.run(
            ["git", "diff", "--cached", "--name-only", "--no-renames", "--diff-filter=D", "-z"],
            capture_output=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return []
    base = os.fsdecode(top.stdout.strip())
    names = [os.fsdecode(n) for n in done.stdout.split(b"\0") if n]
    return [os.path.relpath(os.path.join(base, n)) for n in names]


def include_globs(data: bytes) -> list[str]:
    """The root's top-level `include` globs, read from the event stream up to them, without
    building the document (a 1,000-person root parsed twice more per commit made
    `history` three times slower)."""
    if b"include" not in data:
        return []
    depth, expect_key, is_include = 0, True, False
    try:
        events = yaml.parse(data, Loader=yaml.CSafeLoader)
        for event in events:
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if depth == 0 and isinstance(event, yaml.SequenceStartEvent):
                    return []  # not a mapping: orglint reports it
                if depth == 1:
                    if not expect_key and is_include:
                        return (
                            _sequence(events) if isinstance(event, yaml.SequenceStartEvent) else []
                        )
                    expect_key = not expect_key
                depth += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
                if depth == 0:
                    return []
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)) and depth == 1:
                if expect_key:
                    is_include = isinstance(event, yaml.ScalarEvent) and event.value == "include"
                elif is_include:
                    return []  # `include: one-glob`: orglint reports it (ORG002)
                expect_key = not expect_key
    except yaml.YAMLError:
        return []  # the check reports it
    return []


def _sequence(events: Iterator[yaml.Event]) -> list[str]:
    out: list[str] = []
    for event in events:
        if not isinstance(event, yaml.ScalarEvent):
            return out
        out.append(event.value)
    return out


def _include_patterns(data: bytes, root: Path) -> list[str]:
    return [
        p
        for p in include_globs(data)
        if p.strip() and not os.path.isabs(p) and ".." not in Path(p).parts
    ]


def _included(root: Path, data: bytes) -> set[Path]:
    base = root.parent
    out: set[Path] = set()
    for pattern in _include_patterns(data, root):
        try:
            matches = include_glob(base, pattern)
        except TooManyPaths:
            continue
        out.update(_real(base / match) for match in matches)
    return out


def _include_regexes(root: Path, data: bytes) -> list[re.Pattern[str]]:
    return [glob_regex(p) for p in _include_patterns(data, root) if p.strip()]


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A loose regex for an include glob over relative paths: it may match more than the
    glob, never less."""
    out = []
    for part in [p for p in pattern.split("/") if p not in ("", ".")]:
        if part == "**":
            out.append("(?:.*/)?")
            continue
        piece = ""
        i = 0
        while i < len(part):
            ch = part[i]
            if ch == "*":
                piece += "[^/]*"
            elif ch == "?":
                piece += "[^/]"
            elif ch == "[":
                end = part.find("]", i + 2 if part[i + 1 : i + 2] in ("!", "]") else i + 1)
                if end == -1:
                    piece += re.escape(ch)
                else:
                    body = part[i + 1 : end].replace("\\", "\\\\")
                    piece += "[" + ("^" + body[1:] if body.startswith("!") else body) + "]"
                    i = end
            else:
                piece += re.escape(ch)
            i += 1
        out.append(piece + "/")
    regex = "".join(out)
    regex = regex[:-1] if regex.endswith("/") else regex
    try:
        return re.compile(regex + "(?:/.*)?\\Z")
    except re.error:  # e.g. `[z-a]`, an empty range: matching more is allowed
        return re.compile(".*")


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))  # unlike Path.resolve, no error on a symlink loop
