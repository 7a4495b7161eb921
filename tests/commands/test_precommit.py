"""The pre-commit hook, through the real pre-commit framework in a scratch org repository.

Two ways in: the published hook (`.pre-commit-hooks.yaml`) installed by pre-commit from a
one-commit copy of this package (pip installs it and its dependencies into pre-commit's
own environment: a few seconds, and the environment is cached between test runs while the
code does not change), and a `repo: local` hook with the same entry run from this venv
(no network). Each blocks a bad commit, passes a good one, and lints a changed fragment
in the context of the org that includes it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import helpers
import pytest
import yaml
from helpers import REPO

BIN = Path(sys.executable).parent
HOOK = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0]
FIXED_DATE = "2024-01-01T00:00:00+00:00"
GIT_ENV = {
    **helpers.GIT_ENV,
    "GIT_AUTHOR_DATE": FIXED_DATE,
    "GIT_COMMITTER_DATE": FIXED_DATE,
}

ROOT = """\
version: 1
org: {name: Scratch}
include: [teams/*.yaml]
people:
  - id: ceo
  - id: ana
    reports_to: ceo
    skills: [ml, devops, product-management, domain-expertise, data-engineering]
"""
TEAMS = """\
teams:
  - id: ml
    type: ml
    lead: ceo
    members: [ana]
"""


def git(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def cache(pytestconfig, tmp_path_factory) -> Path:
    """pytest's cache folder (kept between runs), or a temporary one without it."""
    if getattr(pytestconfig, "cache", None) is not None:
        return Path(pytestconfig.cache.mkdir("orglint-pre-commit"))
    return tmp_path_factory.mktemp("orglint-pre-commit")


@pytest.fixture(scope="module")
def env(cache) -> dict:
    out = {**os.environ, **GIT_ENV, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    out.pop("GITHUB_ACTIONS", None)
    out["PRE_COMMIT_HOME"] = str(cache / "home")
    return out


@pytest.fixture(scope="module")
def hook_repo(cache, env) -> tuple[Path, str]:
    """A one-commit copy of this package, as `repo:` of a pre-commit config. Its folder is
    named by its content and its commit has fixed dates, so the next run with the same code
    (or a concurrent one) gets the same repo and commit and pre-commit reuses its
    environment."""
    names = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml"]
    files = [REPO / n for n in names] + sorted(
        p
        for folder in ("src", "rules", "schemas")
        for p in (REPO / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes() + b"\0")
    target = cache / f"hook-repo-{digest.hexdigest()[:16]}"
    if not (target / ".git").is_dir():
        # environments of earlier runs whose scratch repositories are gone
        subprocess.run([str(BIN / "pre-commit"), "gc"], env=env, capture_output=True)
        for old in cache.glob("hook-repo-*"):
            if time.time() - old.stat().st_mtime > 3600:
                shutil.rmtree(old, ignore_errors=True)
        building = Path(tempfile.mkdtemp(prefix="hook-repo-build-", dir=cache))
        for path in files:
            (building / path.relative_to(REPO)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, building / path.relative_to(REPO))
        git(building, "init", "-q", env=env)
        git(building, "add", "-A", env=env)
        assert git(building, "commit", "-qm", "orglint", env=env).returncode == 0
        try:
            building.rename(target)
        except OSError:  # a concurrent run made it first: same content, same commit
            shutil.rmtree(building, ignore_errors=True)
    return target, git(target, "rev-parse", "HEAD", env=env).stdout.strip()


def scratch(tmp_path: Path, env: dict, config: str) -> Path:
    org = tmp_path / "scratch"
    (org / "teams").mkdir(parents=True)
    assert git(org, "init", "-q", env=env).returncode == 0
    (org / ".pre-commit-config.yaml").write_text(config)
    done = subprocess.run(
        [str(BIN / "pre-commit"), "install"], cwd=org, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return org


def commit(org: Path, env: dict, files: dict[str, str], message: str) -> tuple[int, str]:
    """`git commit` (which runs the hook): its exit code and its output (hooks write to
    standard error)."""
    for name, text in files.items():
        (org / name).write_text(text)
    git(org, "add", *files, env=env)
    done = git(org, "commit", "-m", message, env=env)
    return done.returncode, done.stdout + done.stderr


def commits(org: Path, env: dict) -> int:
    done = git(org, "rev-list", "--count", "HEAD", env=env)
    return int(done.stdout) if done.returncode == 0 else 0


def local_config() -> str:
    # The published hook's entry and file filter, run from this venv.
    return (
        f"repos:\n  - repo: local\n    hooks:\n      - id: orglint\n        name: orglint\n"
        f"        entry: {BIN / HOOK['entry'].split()[0]} {' '.join(HOOK['entry'].split()[1:])}\n"
        f"        language: system\n        files: '{HOOK['files']}'\n"
        f"        require_serial: true\n        always_run: true\n"
    )


@pytest.fixture(params=["published", "local"])
def scratch_repo(request, tmp_path, env) -> Path:
    if request.param == "local":
        return scratch(tmp_path, env, local_config())
    path, rev = request.getfixturevalue("hook_repo")
    org = scratch(
        tmp_path, env, f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks: [{{id: orglint}}]\n"
    )
    done = subprocess.run(
        [str(BIN / "pre-commit"), "install-hooks"],
        cwd=org,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0 and "pip" in done.stdout + done.stderr:
        pytest.skip(
            "pre-commit could not pip-install the hook (no package index?): "
            + (done.stdout + done.stderr)[-300:]
        )
    assert done.returncode == 0, done.stdout + done.stderr
    return org


def test_the_hook_definition():
    assert HOOK["id"] == "orglint"
    assert HOOK["entry"] == "orglint check --orgs-only --staged-deletions"
    assert HOOK["language"] == "python" and HOOK["pass_filenames"] is True
    # pre-commit passes no deleted file: without always_run a deletion skips the hook
    assert HOOK["always_run"] is True
    assert HOOK["files"] == r"\.(ya?ml)$"


def test_passes_a_clean_org_and_blocks_a_bad_one(scratch_repo, env):
    org = scratch_repo
    code, output = commit(org, env, {"org.yaml": ROOT, "teams/ml.yaml": TEAMS}, "clean org")
    assert code == 0, output
    assert "orglint....." in output and "Passed" in output
    bad = ROOT.replace("    reports_to: ceo\n", "    reports_to: cto\n")
    code, output = commit(org, env, {"org.yaml": bad}, "bad org")
    assert code != 0
    assert "Failed" in output
    assert "org.yaml:7:17: ORG004 `reports_to` names `cto`" in output
    assert commits(org, env) == 1


def test_a_fragment_is_linted_in_the_context_of_its_root(scratch_repo, env):
    org = scratch_repo
    assert commit(org, env, {"org.yaml": ROOT, "teams/ml.yaml": TEAMS}, "base")[0] == 0
    # Only the fragment changes; its references to `ana` and `ceo` resolve through the root.
    moved = TEAMS.replace("    lead: ceo\n", "    lead: ana\n")
    code, output = commit(org, env, {"teams/ml.yaml": moved}, "ana leads ml")
    assert code == 0, output
    assert "Passed" in output
    # A fragment that breaks the org is blocked, at the fragment's line.
    code, output = commit(org, env, {"teams/ml.yaml": moved.replace("[ana]", "[ana, bob]")}, "bob?")
    assert code != 0
    assert "teams/ml.yaml:5:20: ORG004 `members` names `bob`" in output
    assert "in 1 org, 2 files." in output
    assert commits(org, env) == 2


def test_yaml_files_that_are_not_org_files_do_not_fail(scratch_repo, env):
    org = scratch_repo
    (org / ".github").mkdir()
    code, output = commit(
        org, env, {".github/ci.yml": "on: push\njobs: {}\n", "config.yaml": "a: 1\n"}, "ci"
    )
    assert code == 0, output
    assert "Passed" in output


# -- docs/ci.md and examples/ci -----------------------------------------------------------

CI_FILES = {
    "github-workflow.yml": REPO / "examples" / "ci" / "github-workflow.yml",
    ".gitlab-ci.yml": REPO / "examples" / "ci" / ".gitlab-ci.yml",
    ".pre-commit-hooks.yaml": REPO / ".pre-commit-hooks.yaml",
}


def test_docs_ci_shows_the_example_files_as_they_are():
    doc = (REPO / "docs" / "ci.md").read_text()
    blocks = [b.split("\n", 1)[1] for b in doc.split("```")[1::2] if b.startswith("yaml\n")]
    for name, path in CI_FILES.items():
        assert path.read_text() in blocks, f"docs/ci.md does not show {name} as it is"


def test_the_commands_in_the_ci_examples_run(tmp_path, env, orglint):
    """Every `orglint` command of the CI examples, on a clean org in a git repository
    (expressions of the CI systems replaced by plain values)."""
    shutil.copy(REPO / "examples" / "clean.yaml", tmp_path / "org.yaml")
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-qm", "org")):
        git(tmp_path, *args, env=env)
    replace = {
        "${{ github.event_name == 'pull_request' && 'never' || 'warning' }}": "warning",
        '"$BASE:org.yaml"': "HEAD:org.yaml",
        '"origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME:org.yaml"': "HEAD:org.yaml",
        ">-\n          orglint": "orglint",
        "\n          --fail-on": " --fail-on",
    }
    commands = []
    for path in list(CI_FILES.values())[:2]:
        text = path.read_text()
        for key, value in replace.items():
            text = text.replace(key, value)
        for line in text.splitlines():
            line = line.strip().removeprefix("- ").removeprefix("run: ")
            line = line.split(" >> ")[0].split(" || ")[0]
            if line.startswith("orglint "):
                commands.append(line)
    assert len(commands) == 8, commands
    for command in commands:
        code, out, err = orglint(*command.split()[1:], cwd=tmp_path)
        assert code == 0, (command, out, err)


# -- issue 14: other YAML of a real repository, and deleted or renamed included files -----

DEPENDABOT = """\
version: 2
updates:
  - package-ecosystem: pip
    directory: /
    schedule: {interval: weekly}
"""
COMPOSE = """\
version: "3.8"
services:
  web: {image: nginx}
"""
PRODUCT = """\
teams:
  - id: product
    type: product
    members: [ana]
    works_with: [ml]
"""


def test_only_a_bad_org_is_blocked_among_other_yaml(scratch_repo, env):
    """dependabot and docker-compose files have a top-level `version:` too; neither is an
    org (no `org:`), so the hook neither checks nor reports them."""
    org = scratch_repo
    (org / ".github").mkdir()
    files = {
        "org.yaml": ROOT,
        "teams/ml.yaml": TEAMS,
        ".github/dependabot.yml": DEPENDABOT,
        "docker-compose.yml": COMPOSE,
    }
    code, output = commit(org, env, files, "repo")
    assert code == 0, output
    assert "ORG002" not in output
    code, output = commit(org, env, {"docker-compose.yml": COMPOSE + "  db: {image: x}\n"}, "db")
    assert code == 0, output
    bad = TEAMS.replace("lead: ceo", "lead: nobody")
    code, output = commit(org, env, {"teams/ml.yaml": bad, "docker-compose.yml": COMPOSE}, "x")
    assert code != 0
    assert "teams/ml.yaml:4:11: ORG004 `lead` names `nobody`" in output
    assert "dependabot" not in output and "docker-compose" not in output
    assert commits(org, env) == 2


def test_deleting_an_included_file_checks_its_org(scratch_repo, env):
    org = scratch_repo
    files = {"org.yaml": ROOT, "teams/ml.yaml": TEAMS, "teams/product.yaml": PRODUCT}
    assert commit(org, env, files, "base")[0] == 0
    # `product` works with `ml`: deleting ml's file leaves a reference to nothing
    git(org, "rm", "-q", "teams/ml.yaml", env=env)
    done = git(org, "commit", "-m", "drop ml", env=env)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "teams/product.yaml:5:18: ORG004 `works_with` names `ml`" in output
    assert commits(org, env) == 1
    # a rename out of the include glob is a deletion too
    git(org, "reset", "-q", "--hard", env=env)
    git(org, "mv", "teams/ml.yaml", "ml.yaml.old", env=env)
    done = git(org, "commit", "-m", "move ml", env=env)
    assert done.returncode != 0, done.stdout + done.stderr
    assert "ORG004 `works_with` names `ml`" in done.stdout + done.stderr
    # deleting a file no org includes passes
    git(org, "reset", "-q", "--hard", env=env)
    assert commit(org, env, {"notes.yml": "a: 1\n"}, "notes")[0] == 0
    git(org, "rm", "-q", "notes.yml", env=env)
    done = git(org, "commit", "-m", "drop notes", env=env)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_version_of_the_installed_hook_says_where_it_came_from(hook_repo, env, tmp_path):
    """pre-commit pip-installs the hook repository: `--version` names that install."""
    path, rev = hook_repo
    org = scratch(
        tmp_path, env, f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks: [{{id: orglint}}]\n"
    )
    done = subprocess.run(
        [str(BIN / "pre-commit"), "install-hooks"], cwd=org, env=env, capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("pre-commit could not install the hook (no package index?)")
    found = sorted(Path(env["PRE_COMMIT_HOME"]).glob("repo*/py_env-*/bin/orglint"))
    assert found
    outputs = [subprocess.run([str(b), "--version"], capture_output=True, text=True) for b in found]
    lines = [o.stdout for o in outputs if o.returncode == 0]
    assert any(
        line.startswith("orglint ") and "installed from file://" in line and "site-packages" in line
        for line in lines
    ), lines
