"""Every file orglint writes goes through `write_file`: nothing the user had is ever lost.

The new content goes to a temporary file in the target's folder, is flushed and fsynced,
and only then renamed over the target (rename is atomic within one file system), so a
full disk, a file size limit or a kill mid-write leaves the old file whole. The target
keeps its mode. Files orglint read as org input in this run are never overwritten unless
the caller edits them on purpose (`--add-suppressions`), and then only if they still hold
what was read.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from typing import TextIO

from orglint.errors import WriteError

_CHUNK = 1 << 20
_INPUTS_KEY = "orglint.inputs"


def note_input(path: str) -> None:
    """Remember that ``path`` was read as org input by the command now running."""
    inputs = _inputs()
    if inputs is not None:
        inputs.add(os.path.realpath(path))


def _inputs() -> set[str] | None:
    try:
        import click
    except ImportError:  # pragma: no cover
        return None
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return None
    found: set[str] = ctx.meta.setdefault(_INPUTS_KEY, set())
    return found


# What is written: the bytes, or a function that writes text to the stream it is given
# (a report of a million findings is written as it is made, never held whole in memory).
Content = bytes | Callable[[TextIO], None]


def write_file(
    path: str,
    data: Content,
    *,
    what: str = "file",
    make_folder: bool = False,
    expected: bytes | None = None,
    protect: Iterable[str] = (),
) -> None:
    """Replace ``path`` with ``data`` atomically, or raise WriteError leaving it untouched.

    ``expected``: the bytes the caller read from ``path``; the write stops if the file
    changed since. ``protect``: more paths (besides this run's org input) never to
    overwrite. ``make_folder``: create the target's folder when missing.
    """
    if not path:
        raise WriteError(f"cannot write the {what}: the path is empty")
    target = os.path.abspath(path)
    folder = os.path.dirname(target)
    if make_folder:
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise WriteError(
                f"cannot create the folder of {path}: {_reason(exc)}; choose another path"
            ) from None
    elif not os.path.isdir(folder):
        raise WriteError(f"cannot write {path}: its folder does not exist")
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = 0
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or _own_stream(target, mode):
        # a pipe or a terminal, or `-o /dev/stdout` redirected to a file by the shell:
        # the stream is the caller's, nothing there can be lost, nor renamed
        _write_stream(path, target, data)
        return
    real = _confined(path, target, folder)
    if expected is None:
        inputs = set(_inputs() or ()) | {os.path.realpath(p) for p in protect}
        if real in inputs:
            raise WriteError(
                f"{path} is an org file this command read; orglint will not overwrite "
                f"it with a {what}: choose another path"
            )
    try:
        info: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {_reason(exc)}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise WriteError(f"cannot write {path}: it is a folder")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise WriteError(f"cannot write {path}: it is not a regular file")
    _replace(path, real, data, info, expected)


def _confined(path: str, target: str, folder: str) -> str:
    """The file a write to ``target`` lands in; refuses a symlink on the way (the file
    itself, even dangling, or one of the folders given) that leads out of its own folder:
    orglint writes only where the path says."""
    given = os.path.normpath(path)
    parts = given.split(os.sep)
    for i in range(len(parts), 0, -1):
        step = os.sep.join(parts[:i]) or os.sep
        if step in (".", "..", os.sep) or not os.path.islink(step):
            continue
        inside = os.path.realpath(os.path.dirname(os.path.abspath(step)))
        real = os.path.realpath(step)
        if os.path.commonpath([real, inside]) != inside:
            what = "is a symlink" if i == len(parts) else f"goes through `{step}`, a symlink"
            raise WriteError(
                f"{path} {what} that leads outside its folder; orglint does not write "
                "through it: remove the link or choose another path"
            )
    return os.path.realpath(target)


def _own_stream(target: str, mode: int) -> bool:
    return target in ("/dev/stdout", "/dev/stderr") and stat.S_ISREG(mode)


def _write_stream(path: str, real: str, data: Content) -> None:
    fd = {"/dev/stdout": 1, "/dev/stderr": 2}.get(real)
    if callable(data):
        data = _text_of(data)
    try:
        if fd is not None:  # the open stream itself: reopening would truncate a redirect
            import sys

            (sys.stdout if fd == 1 else sys.stderr).flush()
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            return
        with open(real, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {_reason(exc)}") from None


def _text_of(write: Callable[[TextIO], None]) -> bytes:
    buffer = io.StringIO()
    write(buffer)
    return buffer.getvalue().encode("utf-8", "backslashreplace")


def _replace(
    path: str, real: str, data: Content, info: os.stat_result | None, expected: bytes | None
) -> None:
    folder = os.path.dirname(real)
    name = os.path.basename(real)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".orglint-tmp", dir=folder)
    except OSError as exc:
        raise WriteError(
            f"cannot write {path}: {_reason(exc)}; the existing file is unchanged"
        ) from None
    try:
        try:
            if callable(data):
                with open(
                    fd, "w", encoding="utf-8", errors="backslashreplace", closefd=False
                ) as text:
                    data(text)
            else:
                view = memoryview(data)
                while view:
                    written = os.write(fd, view[:_CHUNK])
                    view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp, stat.S_IMODE(info.st_mode) if info is not None else _default_mode())
        if expected is not None and _changed(real, expected):
            raise WriteError(
                f"{path} changed since orglint read it; nothing was written: run the "
                "command again on the saved file"
            )
        os.replace(temp, real)
    except WriteError:
        _remove(temp)
        raise
    except OSError as exc:
        _remove(temp)
        raise WriteError(
            f"cannot write {path}: {_reason(exc)}; the existing file is unchanged"
        ) from None
    except BaseException:
        _remove(temp)
        raise
    _sync_folder(folder)


def _changed(real: str, expected: bytes) -> bool:
    try:
        with open(real, "rb") as handle:
            return handle.read(len(expected) + 1) != expected
    except FileNotFoundError:
        return True


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _remove(temp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temp)


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable; some file systems cannot, which costs nothing."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    if exc.errno == errno.EFBIG:
        return "the file would exceed the file size limit"
    return exc.strerror or type(exc).__name__
