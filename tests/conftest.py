"""Session hooks for the whole suite: the reliability tally is cleared at the start and printed at the end."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.reliability import tally


def _is_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")  # pytest-xdist workers have it


def pytest_sessionstart(session: pytest.Session) -> None:
    if _is_controller(session.config):
        tally.reset()


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    counts = tally.totals()
    if not _is_controller(config) or not counts:
        return
    terminalreporter.section("reliability and security: what was tried")
    for (suite, kind), n in sorted(counts.items()):
        terminalreporter.write_line(f"{suite:<28} {kind:<20} {n:>6}")
    by_kind: Counter[str] = Counter()
    for (_, kind), n in counts.items():
        by_kind[kind] += n
    terminalreporter.write_line("totals: " + ", ".join(f"{kind} {n}" for kind, n in sorted(by_kind.items())))
