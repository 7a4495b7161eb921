"""Test-wide fixtures. Other test modules may add theirs here (keep additions small)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # `import helpers`


@pytest.fixture
def repo() -> Path:
    """The repository's top folder (examples/, schemas/, rules/)."""
    return REPO


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    """The CLI reads these; a developer's shell must not change test outcomes."""
    monkeypatch.delenv("ORGLINT_DEBUG", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
