"""Which organisations a command line names: roots, folders, and included fragments."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from orglint.errors import ConfigError
from orglint.read.load import MAX_WALK_DEPTH, TooManyPaths, include_glob, is_root_file
from orglint.read.parse import Limits, Reader, YList, YMap

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox"}
_MAX_UP = 20


def yaml_files(folder: str) -> list[str]:
    """The YAML files under ``folder``, in walk order, at most MAX_WALK_DEPTH levels down
    (iteratively: a tree 1,000 levels deep must not overflow the stack) and never through
    a symlinked folder."""
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
            elif entry.name.endswith((".yaml", ".yml")):
                found.append(os.path.join(current, entry.name))
        stack.extend((d, depth + 1) for d in reversed(dirs))
    return found


def _head(path: str) -> bytes:
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


def roots_for(paths: list[str]) -> list[str]:
    """Root files to check, in order, each once. A folder means every root under it; a file
    without `version:` means the org(s) whose root includes it (pre-commit passes those)."""
    roots: list[str] = []
    seen: set[Path] = set()

    def add(path: str) -> None:
        real = Path(path).resolve()
        if real not in seen:
            seen.add(real)
            roots.append(path)

    for given in paths:
        if os.path.isdir(given):
            inside = _real(Path(given))
            # a symlink leading out of the folder is not one of its org files (nor read)
            found = [
                os.path.normpath(p)
                for p in sorted(yaml_files(given))
                if _real(Path(p)).is_relative_to(inside) and is_root_file(_head(p))
            ]
            if not found:
                # "All checks passed" on a folder with nothing to check would hide a wrong path
                raise ConfigError(
                    f"`{given}` holds no org file: a root is a .yaml or .yml file "
                    "whose top level has `version:`"
                )
            for path in found:  # sorted, so reports come out sorted by path
                add(path)
            continue
        if is_root_file(_head(given)):
            add(given)
            continue
        including = including_roots(given)
        for root in including or [given]:
            add(root)
    return roots


def including_roots(fragment: str) -> list[str]:
    """Root files in the fragment's folder or above (up to the repository's top) whose
    `include` globs match it."""
    target = Path(fragment).resolve()
    relative = not os.path.isabs(fragment)
    found = []
    folder = target.parent
    for _ in range(_MAX_UP):
        for candidate in sorted(folder.glob("*.y*ml")):
            if candidate.suffix not in (".yaml", ".yml") or _real(candidate) == target:
                continue
            data = _head(str(candidate))
            if not is_root_file(data) or b"include" not in data:
                continue
            if target in _included(candidate, data):
                shown = os.path.relpath(candidate) if relative else str(candidate)
                found.append(shown)
        if found or (folder / ".git").exists() or folder.parent == folder:
            break
        folder = folder.parent
    return found


def _included(root: Path, data: bytes) -> set[Path]:
    reader = Reader(str(root), Limits())
    doc = reader.read(data)
    if not isinstance(doc, YMap) or not isinstance(doc.get("include"), YList):
        return set()
    base = root.parent
    out = set()
    for pattern in doc["include"]:
        if (
            isinstance(pattern, str)
            and not os.path.isabs(pattern)
            and ".." not in Path(pattern).parts
        ):
            try:
                matches = include_glob(base, pattern)
            except TooManyPaths:
                continue
            out.update(_real(base / match) for match in matches)
    return out


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))  # unlike Path.resolve, no error on a symlink loop
