"""Fixtures of the reliability and security suites: `tally(kind, n=1)` counts what a test tries."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.reliability import tally as _tally


@pytest.fixture
def tally(request: pytest.FixtureRequest) -> Callable[..., None]:
    """Return `tally(kind, n=1)`: record that this test tried `n` things of `kind` (e.g. "bad input",
    "fault injected", "security probe", "data lost"). The totals are printed at the end of the run."""
    suite = request.node.module.__name__.rsplit(".", 1)[-1]
    return lambda kind, n=1: _tally.record(suite, kind, n)
