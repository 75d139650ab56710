"""The `notebooks` marker's guard (tests/kernel_guard.py): when is it on, and does it catch every kind of kernel?

The run in a subprocess starts kernels the three ways the kit does (jupyter_client in the test's process, papermill
with the run's forked kernels, and a pool worker of `course run`'s executor) from tests lacking the marker, and
checks that each fails naming the marker, that a `browser` test's kernel is left alone, and that a `notebooks`
test is deselected as in `make test-fast`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.kernel_guard import leaves_out_notebooks

ROOT = Path(__file__).resolve().parents[1]
INI = """[pytest]
markers =
    notebooks: executes notebooks in a kernel
    browser: drives JupyterLab
"""
HELPERS = '''import nbformat
from jupyter_client.manager import start_new_kernel

from course.tutor.kernels import logged_manager


def reply():
    """Start an ordinary kernel, have it work out 6 * 7, and return the reply's status."""
    manager, client = start_new_kernel(kernel_name="python3", startup_timeout=60)
    try:
        return client.execute_interactive("6 * 7", timeout=60)["content"]["status"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def papermill_forked(tmp):
    """Execute a one-cell notebook with papermill in a kernel forked as `course run` forks them."""
    import papermill
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("6 * 7")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp / "in.ipynb")
    papermill.execute_notebook(str(tmp / "in.ipynb"), str(tmp / "out.ipynb"), kernel_name="python3",
                               progress_bar=False, kernel_manager_class=logged_manager(log=tmp / "kernel.log"))
'''
KERNELS = '''import pytest
from kernel_helpers import papermill_forked, reply

from course.tutor import executors


def test_plain_kernel_unmarked():
    reply()


def test_forked_kernel_unmarked(tmp_path):
    papermill_forked(tmp_path)


def test_kernel_in_a_pool_worker_unmarked():
    with executors.open_executor("local", jobs=1) as pool:
        pool.submit(reply).result(timeout=120)


def test_no_kernel_unmarked():
    assert 6 * 7 == 42


@pytest.mark.browser
def test_plain_kernel_in_a_browser_test():
    assert reply() == "ok"


@pytest.mark.notebooks
def test_plain_kernel_in_a_notebook_test():
    assert reply() == "ok"
'''


@pytest.mark.parametrize(("markexpr", "guarded"), [
    ("not notebooks and not browser", True), ("not notebooks", True), ("not browser and not notebooks", True),
    ("browser", True), ("slow", True), ("", False), ("notebooks", False), ("not browser", False),
    ("notebooks or not notebooks", False)])
def test_the_guard_is_on_exactly_when_the_run_leaves_out_notebook_tests(markexpr: str, guarded: bool) -> None:
    assert leaves_out_notebooks(markexpr) is guarded


@pytest.mark.notebooks
def test_a_test_starting_a_kernel_without_the_marker_fails_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text(INI, encoding="utf-8")
    (tmp_path / "kernel_helpers.py").write_text(HELPERS, encoding="utf-8")
    (tmp_path / "test_kernels.py").write_text(KERNELS, encoding="utf-8")
    path = [str(tmp_path), str(ROOT), os.environ.get("PYTHONPATH")]  # pool workers import the helpers too
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, path))}
    env.pop("PYTHONSTARTUP", None)
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.kernel_guard", "-p", "no:cacheprovider",
                           "-m", "not notebooks", "-rA", "--rootdir", str(tmp_path), str(tmp_path / "test_kernels.py")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    summary = done.stdout[done.stdout.rfind("short test summary"):]
    outcomes = {name: outcome for outcome, name in re.findall(r"^(PASSED|FAILED|ERROR) \S+::(\w+)", summary, re.M)}
    assert outcomes == {"test_plain_kernel_unmarked": "FAILED", "test_forked_kernel_unmarked": "FAILED",
                        "test_kernel_in_a_pool_worker_unmarked": "FAILED", "test_no_kernel_unmarked": "PASSED",
                        "test_plain_kernel_in_a_browser_test": "PASSED"}, done.stdout[-4000:] + done.stderr[-2000:]
    assert "1 deselected" in done.stdout, done.stdout[-2000:]
    for name in ("plain_kernel", "forked_kernel", "kernel_in_a_pool_worker"):
        said = f"test_kernels.py::test_{name}_unmarked started 1 Jupyter kernel(s) but is not marked `notebooks`"
        assert said in done.stdout, done.stdout[-4000:]
