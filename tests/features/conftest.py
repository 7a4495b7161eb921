"""Fixtures of the feature tests."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from orglint.features.diff import sides


@pytest.fixture
def worker_pid(monkeypatch, tmp_path) -> Callable[[], int | None]:
    """Spies on `diff`'s forked worker: the function returned gives the id of the process
    that checked a base side in a worker, or None while no worker ran."""
    mark = tmp_path / ".worker-pid"
    real = sides._worker

    def worker(*args):
        mark.write_text(str(os.getpid()))
        real(*args)

    monkeypatch.setattr(sides, "_worker", worker)
    return lambda: int(mark.read_text()) if mark.exists() else None
