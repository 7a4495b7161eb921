"""The two sides of `orglint diff`, each a root file or `REV:path`.

Each side is a root file, or `REV:path` read from git without touching the working tree:
the root and the files its `include` globs can match are copied out of the revision into
a temporary folder (so includes resolve exactly as in a checkout), checked there, and
every path is shown again as the given one.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass

from orglint.config import Config
from orglint.errors import GitError
from orglint.findings import Finding, Location
from orglint.pipeline import Result, check_root
from orglint.read.parse import Limits, Reader, YList, YMap


@dataclass
class Side:
    given: str  # as on the command line
    path: str  # the root file as shown in findings
    rev: str | None = None


def parse_side(arg: str) -> Side:
    if os.path.exists(arg) or ":" not in arg:
        if os.path.isdir(arg):
            raise GitError(
                f"`{arg}` is a folder: give the org's root file (the one with "
                "`version:`), or `REV:path`"
            )
        if not os.path.isfile(arg):
            raise GitError(
                f"`{arg}`: no such file (give a root file, or `REV:path` to read "
                "it from git, e.g. `origin/main:org.yaml`)"
            )
        return Side(arg, arg)
    rev, _, path = arg.partition(":")
    if not rev or not path or rev.startswith("-"):
        raise GitError(f"`{arg}`: write `REV:path`, e.g. `origin/main:org.yaml`")
    return Side(arg, os.path.normpath(path), rev)


# -- reading a revision -----------------------------------------------------------------


def _git(args: list[str], cwd: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True)
    except FileNotFoundError:
        raise GitError("`REV:path` needs git, which is not installed") from None
    if done.returncode:
        raise _GitFailed(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


class _GitFailed(Exception):
    pass


def _glob_regex(pattern: str) -> re.Pattern:
    """A loose regex for an include glob over tree paths: it may match more than the glob
    (the real glob runs again on the copied files), never less."""
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


def materialise(side: Side, folder: str) -> str:
    """Copy the root file of ``side.rev`` and the files its includes may match into
    ``folder``; return the root's path there."""
    cwd = os.getcwd()
    try:
        top = _git(["rev-parse", "--show-toplevel"], cwd).decode().strip()
        prefix = _git(["rev-parse", "--show-prefix"], cwd).decode().strip()
    except _GitFailed:
        raise GitError(
            f"`{side.given}`: reading `REV:path` needs a git repository, and `{cwd}` is not in one"
        ) from None
    try:
        commit = (
            _git(["rev-parse", "--verify", "--quiet", f"{side.rev}^{{commit}}"], top)
            .decode()
            .strip()
        )
    except _GitFailed:
        raise GitError(
            f"`{side.given}`: `{side.rev}` is not a revision of this repository "
            "(a branch, tag or commit; did you fetch it?)"
        ) from None
    inside = os.path.normpath(os.path.join(prefix, side.path)).replace(os.sep, "/")
    if inside.startswith(("../", "/")) or inside == "..":
        raise GitError(f"`{side.given}`: `{side.path}` is outside the repository")
    try:
        return _materialise(side, folder, top, commit, inside)
    except _GitFailed as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "git failed"
        raise GitError(f"`{side.given}`: cannot read it from git ({reason})") from None


def _materialise(side: Side, folder: str, top: str, commit: str, inside: str) -> str:
    folder_in_repo = os.path.dirname(inside)
    listing = _git(
        [
            "ls-tree",
            "-r",
            "-z",
            "--full-tree",
            commit,
            "--",
            *([folder_in_repo + "/"] if folder_in_repo else []),
        ],
        top,
    )
    entries = {}
    for item in listing.split(b"\0"):
        if item:
            meta, _, name = item.partition(b"\t")
            mode, kind, obj = meta.decode().split()
            entries[name.decode("utf-8", "surrogateescape")] = (mode, kind, obj)
    if inside not in entries or entries[inside][1] != "blob":
        raise GitError(f"`{side.given}`: there is no file `{inside}` in revision `{side.rev}`")
    root_data = _blobs(top, [entries[inside][2]])[0]
    wanted = [inside]
    base = f"{folder_in_repo}/" if folder_in_repo else ""
    doc = Reader(inside, Limits()).read(root_data) if root_data else None
    globs = doc.get("include") if isinstance(doc, YMap) else None
    if isinstance(globs, YList):
        regexes = [_glob_regex(g) for g in globs if isinstance(g, str) and g.strip()]
        for name, (_mode, kind, _obj) in entries.items():
            if (
                kind == "blob"
                and name != inside
                and name.startswith(base)
                and any(r.match(name[len(base) :]) for r in regexes)
            ):
                wanted.append(name)
    blobs = _blobs(top, [entries[n][2] for n in wanted])
    for name, data in zip(wanted, blobs):
        target = os.path.join(folder, *name.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if entries[name][0] == "120000":  # a symlink: the confinement check must see it
            os.symlink(data.decode("utf-8", "surrogateescape"), target)
        else:
            with open(target, "wb") as handle:
                handle.write(data)
    return os.path.join(folder, *inside.split("/"))


def _blobs(top: str, objects: list[str]) -> list[bytes]:
    """Read many objects with one `git cat-file --batch`."""
    out = _git(["cat-file", "--batch"], top, "".join(o + "\n" for o in objects).encode())
    blobs, pos = [], 0
    for _ in objects:
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split()[2])
        blobs.append(out[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1
    return blobs


# -- checking a side ------------------------------------------------------------------


def _shown(path: str, real_dir: str, shown_dir: str) -> str:
    return os.path.normpath(os.path.join(shown_dir, os.path.relpath(path, real_dir)))


def _move(finding: Finding, real_dir: str, shown_dir: str) -> Finding:
    """The finding with paths of the temporary copy shown as the given ones."""

    def loc(where: Location) -> Location:
        return dataclasses.replace(where, path=_shown(where.path, real_dir, shown_dir))

    message = finding.message.replace(real_dir + os.sep, (shown_dir + "/") if shown_dir else "")
    return dataclasses.replace(
        finding,
        location=loc(finding.location),
        message=message,
        related=[(text, loc(where)) for text, where in finding.related],
    )


def check_side(side: Side, config: Config, rules) -> Result:
    if side.rev is None:
        return check_root(side.path, config, rules)
    with tempfile.TemporaryDirectory(prefix="orglint-diff-") as folder:
        root = materialise(side, folder)
        result = check_root(root, config, rules)
        real_dir, shown_dir = os.path.dirname(root), os.path.dirname(side.path)
        result.findings = [_move(f, real_dir, shown_dir) for f in result.findings]
        result.root = side.path
        return result
