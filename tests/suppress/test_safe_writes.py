"""Issue 15: no write loses a byte of the user's file. Faults are injected into real runs
(a full disk, a file size limit, a kill mid-write) and the original bytes must survive;
`-o`, `--write-baseline` and `init` never overwrite an org file or write through a link
that leaves the folder; an edit saved during `--add-suppressions` is never overwritten."""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import cwd

# Two tops (STR002: `a` and `b` report to nobody) and people enough to make the file
# larger than a write limit set below its new size.
ORG = "version: 1\norg: {name: X}\npeople:\n  - id: a\n  - id: b\n" + "".join(
    f"  - id: p{i}\n    reports_to: a\n" for i in range(300)
)


@pytest.fixture
def org(tmp_path) -> Path:
    (tmp_path / ".orglint.toml").write_text("")
    (tmp_path / "repo").mkdir()
    path = tmp_path / "repo" / "org.yaml"
    path.write_text(ORG)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".orglint-tmp"))


# -- injected faults ---------------------------------------------------------------------


def test_a_full_disk_leaves_the_org_file_whole(org, orglint, monkeypatch):
    import orglint.write as write

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(write.os, "write", full)
    with cwd(org.parent):
        code, _out, err = orglint("check", "--add-suppressions", "org.yaml")
    assert code == 2
    assert "orglint: error: cannot write org.yaml: no space left on the device" in err
    assert org.read_text() == ORG
    assert leftovers(org.parent) == []


def test_a_full_disk_leaves_an_existing_baseline_whole(org, orglint, monkeypatch):
    import orglint.write as write

    old = '{"orglint-baseline": 1, "findings": []}\n'
    (org.parent / "baseline.json").write_text(old)
    monkeypatch.setattr(
        write.os, "write", lambda fd, data: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full"))
    )
    with cwd(org.parent):
        code, _out, err = orglint("check", "--write-baseline", "baseline.json", "org.yaml")
    assert code == 2 and "no space left on the device" in err
    assert (org.parent / "baseline.json").read_text() == old


def _run(args: list[str], folder: Path, limit: int | None = None, script: str = ""):
    """The command line in a subprocess (optionally under a file size limit, or after
    ``script`` has patched something), as a user's shell would run it."""

    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    code = script + "\nfrom orglint.cli import main\nmain()\n"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limited,
    )


def test_a_file_size_limit_leaves_the_org_file_whole(org):
    done = _run(["check", "--add-suppressions", "org.yaml"], org.parent, limit=len(ORG))
    assert done.returncode == 2, done.stderr
    assert "the file would exceed the file size limit" in done.stderr
    assert org.read_text() == ORG
    assert leftovers(org.parent) == []


def test_a_file_size_limit_leaves_the_baseline_whole(org):
    old = json.dumps({"orglint-baseline": 1, "findings": []}) + "\n"
    (org.parent / "baseline.json").write_text(old)
    done = _run(["check", "--write-baseline", "baseline.json", "org.yaml"], org.parent, limit=80)
    assert done.returncode == 2, done.stderr
    assert (org.parent / "baseline.json").read_text() == old


KILL_AFTER_FIRST_WRITE = """
import os, signal
import orglint.write as write
real = os.write
def half(fd, data):
    real(fd, bytes(data[: len(data) // 2]))
    os.kill(os.getpid(), signal.SIGKILL)
write.os.write = half
"""
KILL_BEFORE_RENAME = """
import os, signal
import orglint.write as write
write.os.replace = lambda a, b: os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("script", [KILL_AFTER_FIRST_WRITE, KILL_BEFORE_RENAME])
def test_a_kill_mid_write_leaves_the_org_file_whole(org, script):
    done = _run(["check", "--add-suppressions", "org.yaml"], org.parent, script=script)
    assert done.returncode == -signal.SIGKILL
    assert org.read_text() == ORG


def test_the_same_run_unhindered_does_write(org):
    """The fault tests' control: without a fault, the file does change."""
    done = _run(["check", "--add-suppressions", "org.yaml"], org.parent)
    assert done.returncode == 0, done.stderr
    assert org.read_text() != ORG and "# orglint: ignore[STR002]" in org.read_text()


def test_an_edit_saved_during_the_run_is_not_overwritten(org, orglint, monkeypatch):
    import orglint.suppress.add as add

    saved = ORG.replace("  - id: b\n", "  - id: b\n    name: Saved meanwhile\n")
    real_edit = add.edit

    def edit_then_save(*args):
        org.write_text(saved)  # the user's editor saves while orglint works
        return real_edit(*args)

    monkeypatch.setattr(add, "edit", edit_then_save)
    with cwd(org.parent):
        code, _out, err = orglint("check", "--add-suppressions", "org.yaml")
    assert code == 2 and "org.yaml changed since orglint read it; nothing was written" in err
    assert org.read_text() == saved


def test_the_mode_is_kept(org, orglint):
    org.chmod(0o640)
    with cwd(org.parent):
        code, _out, _err = orglint("check", "--add-suppressions", "org.yaml")
    assert code == 0
    assert stat.S_IMODE(org.stat().st_mode) == 0o640


# -- what may be written where -------------------------------------------------------------


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_the_org_file_itself_is_never_the_output(org, orglint, option):
    with cwd(org.parent):
        code, out, err = orglint("check", option, "org.yaml", "org.yaml")
    assert (code, out) == (2, "")
    assert "org.yaml is an org file this command read; orglint will not overwrite it" in err
    assert org.read_text() == ORG


def test_nor_an_included_file(org, orglint):
    org.write_text(ORG.replace("people:\n", "include: [team.yaml]\npeople:\n", 1))
    (org.parent / "team.yaml").write_text("teams:\n  - id: t\n    members: [a]\n")
    with cwd(org.parent):
        code, _out, err = orglint("check", "-o", "team.yaml", "org.yaml")
    assert code == 2 and "team.yaml is an org file this command read" in err
    assert (org.parent / "team.yaml").read_text() == "teams:\n  - id: t\n    members: [a]\n"


def test_output_creates_its_folder(org, orglint):
    with cwd(org.parent):
        code, out, _err = orglint("check", "-o", "reports/today/check.txt", "org.yaml")
    assert (code, out) == (1, "")
    assert "STR002" in (org.parent / "reports" / "today" / "check.txt").read_text()


@pytest.fixture
def outside(tmp_path) -> Path:
    victim = tmp_path / "outside" / "victim.txt"
    victim.parent.mkdir()
    victim.write_text("precious\n")
    return victim


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_no_write_through_a_link_that_leaves_the_folder(org, orglint, outside, option):
    (org.parent / "report.txt").symlink_to(outside)
    with cwd(org.parent):
        code, _out, err = orglint("check", option, "report.txt", "org.yaml")
    assert code == 2
    assert "report.txt is a symlink that leads outside its folder" in err
    assert "victim" not in err and "outside" not in err.replace("outside its folder", "")
    assert outside.read_text() == "precious\n"


def test_a_link_inside_the_folder_is_written_through(org, orglint):
    (org.parent / "real.txt").write_text("old\n")
    (org.parent / "report.txt").symlink_to("real.txt")
    with cwd(org.parent):
        code, _out, _err = orglint("check", "-o", "report.txt", "org.yaml")
    assert code == 1
    assert (org.parent / "report.txt").is_symlink()
    assert "STR002" in (org.parent / "real.txt").read_text()


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_init_never_follows_a_dangling_link_out(tmp_path, orglint, force):
    target = tmp_path / "outside" / "planted.yaml"
    target.parent.mkdir()
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "org.yaml").symlink_to(target)
    with cwd(folder):
        code, _out, err = orglint("init", *force, "org.yaml")
    assert code == 2 and "org.yaml" in err
    assert not target.exists()


def test_init_writes_a_new_file_with_the_usual_mode(tmp_path, orglint):
    with cwd(tmp_path):
        code, _out, _err = orglint("init", "org.yaml")
    assert code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "org.yaml").stat().st_mode) == 0o666 & ~umask


def test_graph_output_goes_through_the_same_write(org, orglint):
    with cwd(org.parent):
        code, _out, err = orglint("graph", "-o", "org.yaml", "org.yaml")
    assert code == 2 and "org.yaml is an org file this command read" in err
    assert org.read_text() == ORG


def test_no_write_through_a_linked_folder_that_leaves(org, orglint, outside):
    (org.parent / "reports").symlink_to(outside.parent)
    with cwd(org.parent):
        code, _out, err = orglint("check", "-o", "reports/check.txt", "org.yaml")
    assert code == 2 and "goes through `reports`, a symlink that leads outside" in err
    assert sorted(p.name for p in outside.parent.iterdir()) == ["victim.txt"]


def test_dev_stdout_redirected_to_a_file_is_appended_to_not_refused(org):
    log = org.parent / "log.txt"
    with open(log, "w") as handle:
        handle.write("before\n")
        handle.flush()
        done = subprocess.run(
            [sys.executable, "-m", "orglint", "check", "-o", "/dev/stdout", "org.yaml"],
            cwd=org.parent,
            stdout=handle,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1, done.stderr
    text = log.read_text()
    assert text.startswith("before\n") and "STR002" in text
