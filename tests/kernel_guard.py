"""The `notebooks` marker, enforced: in a run that leaves the notebook tests out, no other test may start a kernel.

A notebook test is one that executes notebooks in a Jupyter kernel (papermill, nbval, nbclient, `course run`,
`course report`, `course demo`...): that is what `make test-fast` (`-m "not notebooks and not browser"`) leaves
out, and what makes the full suite slow. When a run's `-m` deselects the tests marked `notebooks`, this plugin
(registered by tests/conftest.py) sets PYTHONSTARTUP, for the whole run, to a script that every IPython kernel runs
as it starts, wherever it starts: in the test's process, in `course run`'s pool workers, as a child of a fork
server, under a `python -m course` subprocess or in a Dask worker (they all inherit the variable). Unless the test
running is allowed kernels, the script notes the kernel in a folder and ends it at once; the test then fails,
saying which marker it lacks. Tests marked `browser` are allowed them (JupyterLab's kernels are what they drive,
and the quick loop leaves them out too), and so are tests marked `notebooks` that a `-m` still selects. In a run
that selects the notebook tests (`make test`), the plugin does nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Generator
from pathlib import Path

import pytest
from _pytest.mark.expression import Expression  # how pytest itself reads `-m`; there is no public equivalent

STARTUP = "PYTHONSTARTUP"  # IPython runs this file in every kernel it starts (exec_PYTHONSTARTUP, on by default)
ALLOWED = ("notebooks", "browser")  # markers of the tests allowed to start kernels
# Run by the kernel as it starts, in its user namespace (so it binds no name): unless the folder says the running
# test is allowed kernels, note this kernel's pid and end the kernel.
SCRIPT = """(lambda os, folder: None if os.path.exists(os.path.join(folder, "allowed")) else (
    open(os.path.join(folder, "records", "kernel-%d" % os.getpid()), "w").close(), os._exit(70)))(
    __import__("os"), {folder!r})
"""
ADVICE = ("started {n} Jupyter kernel(s) but is not marked `notebooks`. A test that executes notebooks in a kernel "
          "(papermill, nbval, nbclient, `course run`, `course report`, `course demo`) must carry "
          "`pytest.mark.notebooks` (module `pytestmark` or on the test), so that `make test-fast` leaves it out. "
          "The kernel was ended as it started (tests/kernel_guard.py).")


def leaves_out_notebooks(markexpr: str) -> bool:
    """Return whether `-m markexpr` deselects a test whose only marker is `notebooks`."""
    if not markexpr.strip():
        return False
    return not Expression.compile(markexpr).evaluate(lambda name, /, **kwargs: name == "notebooks")


class KernelGuard:
    """The plugin: this process's folder (the kernels' startup script, their records, the `allowed` flag) and the
    check after each test's setup, call and teardown."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kernel-guard-"))
        self.records, self.allowed = self.folder / "records", self.folder / "allowed"
        self.records.mkdir()
        script = self.folder / "startup.py"
        script.write_text(SCRIPT.format(folder=str(self.folder)), encoding="utf-8")
        self.before = os.environ.get(STARTUP)
        os.environ[STARTUP] = str(script)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Generator[None, None, None]:
        if any(item.get_closest_marker(name) for name in ALLOWED):
            self.allowed.touch()
        yield from self._phase(item)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        yield from self._phase(item)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> Generator[None, None, None]:
        try:
            yield from self._phase(item)
        finally:
            self.allowed.unlink(missing_ok=True)

    def pytest_unconfigure(self) -> None:
        if self.before is None:
            os.environ.pop(STARTUP, None)
        else:
            os.environ[STARTUP] = self.before
        shutil.rmtree(self.folder, ignore_errors=True)

    def _phase(self, item: pytest.Item) -> Generator[None, None, None]:
        """Run a phase; then, if kernels noted themselves, fail it with the advice (their end was the cause of any
        other error the phase raised)."""
        try:
            yield
        finally:
            started = list(self.records.iterdir())
            for record in started:
                record.unlink()
            if started:
                pytest.fail(f"{item.nodeid} " + ADVICE.format(n=len(started)), pytrace=False)


def register(config: pytest.Config) -> None:
    """Install the guard when this run's `-m` leaves out the notebook tests (tests/conftest.py calls this)."""
    if leaves_out_notebooks(config.getoption("markexpr", "") or ""):
        config.pluginmanager.register(KernelGuard(), "kernel-guard")


pytest_configure = register  # so that `pytest -p tests.kernel_guard` installs it too (tests/test_kernel_guard.py)
