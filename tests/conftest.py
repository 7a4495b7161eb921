"""Test-wide fixtures. Other test modules may add theirs here (keep additions small)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `import helpers`

from helpers import REPO, Run, run_orglint


@pytest.fixture
def repo() -> Path:
    """The repository's top folder (examples/, schemas/, rules/)."""
    return REPO


@pytest.fixture
def orglint() -> Callable[..., Run]:
    """`orglint(*args, input=None, cwd=None)` runs the command line in-process, as the console
    script does (same error path and exit codes), and returns Run(exit code, stdout, stderr);
    `helpers.run_orglint` where a fixture does not fit (Hypothesis tests)."""
    return run_orglint


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    """The CLI reads these; a developer's shell must not change test outcomes."""
    monkeypatch.delenv("ORGLINT_DEBUG", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)  # the github format appends to it
    monkeypatch.setenv("NO_COLOR", "1")


# Hypothesis: a bounded run in the normal suite; `HYPOTHESIS_PROFILE=fuzz` for a long
# session (docs/robustness.md). Tests with their own `max_examples` keep it.
import os  # noqa: E402

from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20000")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
