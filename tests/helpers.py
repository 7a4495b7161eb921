"""Shared helpers: write small org files to a folder, lint them in-process, and run the
command line in-process (`run_orglint`, also the `orglint` fixture)."""

from __future__ import annotations

import io
import os
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import orglint.cli
from orglint.config import Config, find_config, load_config, parse_config
from orglint.findings import Finding
from orglint.pipeline import Result, check_root
from orglint.rules import load_rules

ROOT = "org.yaml"
TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
# The team's shared reference files (RULES.md, seeds, real-world data): beside the checkout,
# as on every developer machine and in CI; ORGLINT_SHARED names another place.
SHARED = Path(os.environ.get("ORGLINT_SHARED", REPO.parent / "shared"))


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def write(tmp_path: Path, files: str | dict[str, str]) -> Path:
    """Write ``files`` (one text means `org.yaml`) under ``tmp_path``; return the folder."""
    if isinstance(files, str):
        files = {ROOT: files}
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dedent(text), encoding="utf-8")
    return tmp_path


@contextmanager
def cwd(path: Path):
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


# git as the tests run it: no user or system configuration, a fixed author and committer
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


class Run(NamedTuple):
    """One run of the command line: exit code, stdout and stderr as text."""

    code: int
    out: str
    err: str

    @property
    def out_bytes(self) -> bytes:
        """stdout exactly as written, for binary output (`graph --format png`)."""
        return self.out.encode("utf-8", "surrogateescape")


class _Kept(io.BytesIO):
    def close(self) -> None:  # a command that closes its stream leaves what it wrote readable
        pass


def run_orglint(*args: str, input: str | bytes | None = None, cwd: str | Path | None = None) -> Run:
    """Run `orglint ARGS` in-process, as the console script does (same error path and exit
    codes), and return its exit code, stdout and stderr (captured apart).

    ``input`` is the standard input (without it, `sys.stdin` is left as it is); ``cwd`` the
    folder to run in. Text is UTF-8; bytes that are not (binary output) are kept as
    surrogates in ``out``, so ``out_bytes`` gives back exactly what was written. Any
    exception but SystemExit reaches the caller.
    """
    out, err = _Kept(), _Kept()
    stdout = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", newline="", write_through=True)
    streams = sys.stdin, sys.stdout, sys.stderr
    before = os.getcwd()
    code = 0
    try:
        if input is not None:
            data = input.encode("utf-8") if isinstance(input, str) else input
            sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
        sys.stdout, sys.stderr = stdout, stderr
        if cwd is not None:
            os.chdir(cwd)
        try:
            orglint.cli.main(list(args))
        except SystemExit as exited:
            code = exited.code if isinstance(exited.code, int) else 1
        stdout.flush()
        stderr.flush()
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
        os.chdir(before)
    text = [b.getvalue().decode("utf-8", "surrogateescape") for b in (out, err)]
    return Run(code, *text)


def check(
    files: str | dict[str, str],
    tmp_path: Path,
    config: str | dict | Config | None = None,
    root: str = ROOT,
) -> Result:
    """Lint the org whose root is ``root``, run from ``tmp_path`` so paths stay relative.

    ``config`` is TOML text (written to `.orglint.toml`), a dict of settings, or a Config;
    without it the configuration is found upwards from the root as the CLI does.
    """
    write(tmp_path, files)
    if isinstance(config, str):
        (tmp_path / ".orglint.toml").write_text(dedent(config), encoding="utf-8")
        config = None
    with cwd(tmp_path):
        if isinstance(config, dict):
            config = parse_config(config, None)
        elif config is None:
            config = load_config(find_config(Path(root).resolve().parent))
        key = tuple(map(str, config.rule_dirs))
        if key not in _RULES:
            _RULES[key] = load_rules(config.rule_dirs)
        return check_root(root, config, _RULES[key])


_RULES: dict[tuple, dict] = {}  # loading the rule files once per test session is enough


def run(
    files: str | dict[str, str], tmp_path: Path, config=None, root: str = ROOT
) -> list[Finding]:
    """The active (unsuppressed) findings of one org, sorted by path and line."""
    return check(files, tmp_path, config, root).active


def where(finding: Finding) -> tuple[str, str, int, int]:
    loc = finding.location
    return finding.code, loc.path, loc.line, loc.column


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def one(findings: list[Finding], code: str) -> Finding:
    found = only(findings, code)
    assert len(found) == 1, f"expected one {code}, got {[(where(f), f.message) for f in findings]}"
    return found[0]


def show(findings: list[Finding]) -> str:
    """For assertion messages."""
    return "\n".join(
        f"{f.path}:{f.location.line}:{f.location.column}: {f.code} {f.message}" for f in findings
    )
