"""The two sides of `orglint diff`, each a root file or `REV:path`.

Each side is a root file, or `REV:path` read from git without touching the working tree:
the root and the files its `include` globs can match are copied out of the revision into
a temporary folder (so includes resolve exactly as in a checkout), checked there, and
every path is shown again as the given one.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import tempfile
from dataclasses import dataclass

from orglint.config import Config
from orglint.errors import GitError
from orglint.findings import Finding, Location
from orglint.pipeline import Result, check_root
from orglint.read.discover import glob_regex, include_globs


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


def git(args: list[str], cwd: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True)
    except FileNotFoundError:
        raise GitError("`REV:path` needs git, which is not installed") from None
    if done.returncode:
        raise GitFailed(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


class GitFailed(Exception):
    pass


def repo_top(given: str) -> tuple[str, str]:
    """The repository's top folder, and the current folder's path inside it."""
    cwd = os.getcwd()
    try:
        top = git(["rev-parse", "--show-toplevel"], cwd).decode().strip()
        prefix = git(["rev-parse", "--show-prefix"], cwd).decode().strip()
    except GitFailed:
        raise GitError(
            f"`{given}`: reading `REV:path` needs a git repository, and `{cwd}` is not in one"
        ) from None
    return top, prefix


def in_repo(prefix: str, path: str, given: str) -> str:
    inside = os.path.normpath(os.path.join(prefix, path)).replace(os.sep, "/")
    if inside.startswith(("../", "/")) or inside == "..":
        raise GitError(f"`{given}`: `{path}` is outside the repository")
    return inside


def materialise(side: Side, folder: str) -> str:
    """Copy the root file of ``side.rev`` and the files its includes may match into
    ``folder``; return the root's path there."""
    top, prefix = repo_top(side.given)
    try:
        commit = (
            git(["rev-parse", "--verify", "--quiet", f"{side.rev}^{{commit}}"], top)
            .decode()
            .strip()
        )
    except GitFailed:
        raise GitError(
            f"`{side.given}`: `{side.rev}` is not a revision of this repository "
            "(a branch, tag or commit; did you fetch it?)"
        ) from None
    inside = in_repo(prefix, side.path, side.given)
    try:
        found = org_files(top, commit, inside)
        if found is None:
            raise GitError(f"`{side.given}`: there is no file `{inside}` in revision `{side.rev}`")
        write_files(top, folder, *found)
    except GitFailed as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "git failed"
        raise GitError(f"`{side.given}`: cannot read it from git ({reason})") from None
    return os.path.join(folder, *inside.split("/"))


Entries = dict[str, tuple[str, str, str]]  # path -> (mode, kind, object id)


def org_files(top: str, commit: str, inside: str) -> tuple[Entries, list[str]] | None:
    """The tree entries of the root's folder at ``commit``, and the paths of the root and
    of the files its includes may match; None when the root is not a file there."""
    folder_in_repo = os.path.dirname(inside)
    listing = git(
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
    entries: Entries = {}
    for item in listing.split(b"\0"):
        if item:
            meta, _, raw = item.partition(b"\t")
            mode, kind, obj = meta.decode().split()
            entries[raw.decode("utf-8", "surrogateescape")] = (mode, kind, obj)
    if inside not in entries or entries[inside][1] != "blob":
        return None
    root_data = blobs(top, [entries[inside][2]])[0]
    wanted = [inside]
    base = f"{folder_in_repo}/" if folder_in_repo else ""
    globs = include_globs(root_data)
    if globs:
        regexes = [glob_regex(g) for g in globs if g.strip()]
        for name, (_mode, kind, _obj) in entries.items():
            if (
                kind == "blob"
                and name != inside
                and name.startswith(base)
                and any(r.match(name[len(base) :]) for r in regexes)
            ):
                wanted.append(name)
    return entries, wanted


def write_files(top: str, folder: str, entries: Entries, wanted: list[str]) -> None:
    contents = blobs(top, [entries[n][2] for n in wanted])
    for name, data in zip(wanted, contents):
        target = os.path.join(folder, *name.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if entries[name][0] == "120000":  # a symlink: the confinement check must see it
            os.symlink(data.decode("utf-8", "surrogateescape"), target)
        else:
            with open(target, "wb") as handle:
                handle.write(data)


def blobs(top: str, objects: list[str]) -> list[bytes]:
    """Read many objects with one `git cat-file --batch`."""
    out = git(["cat-file", "--batch"], top, "".join(o + "\n" for o in objects).encode())
    found, pos = [], 0
    for _ in objects:
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split()[2])
        found.append(out[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1
    return found


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
