"""Kernels forked from a pre-imported parent (course.tutor.forkserver, course.tutor.forked).

Isolation first: a notebook that sets globals, monkeypatches `course`, changes matplotlib's rcParams, leaves
files open, starts a thread or imports a module leaks none of it into the next notebook, of the same learner
or another. Then the kernel's life: inline figures and the kernel's own backend, interrupts, kills (the
child is reaped), a fork server that dies (started again), a client that dies (its server and kernels
end), and the fallback to ordinary kernels. Last, `course run` writes each executed copy once, and a
timed-out notebook still leaves what it reached.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import papermill
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from course.quiz import view as quiz_view
from course.tutor import execute, forked, kernels, results, run

ROOT = Path(__file__).resolve().parents[1]
PARAMS = 'learner_id = "demo"\nsector = "apparel"\ndata_dir = None\nprogress_path = None'
POLLUTE = """import builtins, os, sys, threading, time, types
import course, matplotlib
course.check = None
course.extra_attribute = "leaked"
matplotlib.rcParams["lines.linewidth"] = 9.5
secret_global = "leaked"
kept_open = open("left-open.txt", "w")
raw_fd = os.open("left-open-raw.txt", os.O_WRONLY | os.O_CREAT)
sys.modules["leaked_module"] = types.ModuleType("leaked_module")
import wave
os.environ["COURSE_LEAK"] = "1"
builtins.leaked_builtin = True
threading.Thread(target=time.sleep, args=(600,), name="leaked-thread", daemon=True).start()
from course.quiz import view as quizzes  # the parent read the shipped banks: this kernel's copy is its own
quizzes.load(quizzes.banks()[0]).questions.clear()"""
PROBE = """import builtins, json, os, sys, threading
preloaded = "course" in sys.modules
import course, matplotlib, numpy
from course.quiz import view as quizzes
def _target(fd):
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return ""
print(json.dumps({
    "pid": os.getpid(), "ppid": os.getppid(), "preloaded": preloaded, "secret": "secret_global" in globals(),
    "check": getattr(course.check, "__name__", repr(course.check)), "extra": hasattr(course, "extra_attribute"),
    "linewidth": matplotlib.rcParams["lines.linewidth"], "default": matplotlib.rcParamsDefault["lines.linewidth"],
    "modules": [m for m in ("leaked_module", "wave") if m in sys.modules], "env": os.environ.get("COURSE_LEAK"),
    "builtin": hasattr(builtins, "leaked_builtin"), "threads": [t.name for t in threading.enumerate()],
    "open": [p for p in map(_target, os.listdir("/proc/self/fd")) if "left-open" in p],
    "random": numpy.random.random(), "questions": len(quizzes.load(quizzes.banks()[0]).questions)}))"""
LOOP = "while True:\n    pass"

# Every test here is about kernels, and most start one (`notebooks`: `make test-fast` leaves the module out).
pytestmark = [pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kernels are forked only on Linux"),
              pytest.mark.notebooks]


def notebook(*sources: str) -> nbformat.NotebookNode:
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nb.cells = [new_code_cell(source) for source in sources]
    nb.cells[0].metadata["tags"] = ["parameters"]
    return nb


def task(tmp_path: Path, learner: str, name: str, *sources: str, timeout: float = 30) -> execute.Task:
    subs = tmp_path / "subs" / learner
    subs.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook(PARAMS, *sources), subs / name)
    return execute.Task(learner, "apparel", name, subs, tmp_path / "run", timeout, timeout * 3, (), ())


def probed(tmp_path: Path, learner: str, name: str) -> dict[str, Any]:
    """What the PROBE cell (the notebook's last) printed."""
    nb = nbformat.read(results.executed_path(tmp_path / "run", learner, name), as_version=4)
    return json.loads(nb.cells[-1].outputs[0].text)


def tasks_of(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def gone(pid: int, seconds: float = 10) -> bool:
    """Whether `pid` has ended and been reaped (no zombie) within `seconds`."""
    deadline = time.monotonic() + seconds
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not Path(f"/proc/{pid}").exists()


def dead(pid: int, seconds: float = 10) -> bool:
    """Whether `pid` has ended within `seconds` (a zombie counts: this process's child, reaped when next polled)."""
    def state() -> str:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return "gone"

    deadline = time.monotonic() + seconds
    while state() not in ("Z", "gone") and time.monotonic() < deadline:
        time.sleep(0.05)
    return state() in ("Z", "gone")


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> Iterator[forked.ForkServer]:
    monkeypatch.delenv(forked.SWITCH, raising=False)
    monkeypatch.setattr(forked, "_broken", None)
    assert forked.availability() is None
    forked.server().start()  # ready before the first kernel, so that every kernel in the test is forked
    yield forked.server()


# --- isolation ------------------------------------------------------------------------------------

def test_a_notebook_leaks_nothing_into_the_next_of_the_same_or_another_learner(tmp_path: Path,
                                                                               forking: forked.ForkServer) -> None:
    for learner, name, cells in (("ann", "1.ipynb", (POLLUTE, PROBE)), ("ann", "2.ipynb", (PROBE,)),
                                 ("bob", "1.ipynb", (PROBE,))):
        execute.run_task(task(tmp_path, learner, name, *cells))  # no results output: an error, after it ran
    polluter, same, other = (probed(tmp_path, *key) for key in (("ann", "1.ipynb"), ("ann", "2.ipynb"),
                                                                ("bob", "1.ipynb")))
    # the pollution took hold in its own kernel, so the probe can see it
    assert polluter["secret"] and polluter["check"] == "None" and polluter["extra"] and polluter["builtin"]
    assert polluter["linewidth"] == 9.5 and polluter["modules"] == ["leaked_module", "wave"]
    assert polluter["env"] == "1" and "leaked-thread" in polluter["threads"] and len(polluter["open"]) == 2
    assert polluter["questions"] == 0
    shipped = len(quiz_view.load(quiz_view.banks()[0]).questions)
    for clean in (same, other):
        assert clean["pid"] != polluter["pid"] and clean["ppid"] == forking.pid  # a new child of the fork server
        assert clean["preloaded"], "expected `course` imported already: the kernel is a fork of the parent"
        assert (clean["secret"], clean["check"], clean["extra"], clean["builtin"]) == (False, "check", False, False)
        assert clean["linewidth"] == clean["default"] != 9.5
        assert (clean["modules"], clean["env"], clean["open"]) == ([], None, [])
        assert "leaked-thread" not in clean["threads"]
        assert clean["questions"] == shipped > 0, "a kernel emptied its copy of a preloaded bank, not the next one's"
    assert len({polluter["random"], same["random"], other["random"]}) == 3, "numpy's generator is reseeded"
    server_files = [os.readlink(f"/proc/{forking.pid}/fd/{fd}") for fd in os.listdir(f"/proc/{forking.pid}/fd")]
    assert not [p for p in server_files if "left-open" in p]
    assert tasks_of(forking.pid) == 1, "the parent is single-threaded once it has forked"


def test_the_parent_refuses_to_fork_with_a_thread_running() -> None:
    code = ("import threading, time; threading.Thread(target=time.sleep, args=(30,), daemon=True).start(); "
            "from course.tutor.forkserver import unsafe_state; print(unsafe_state())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "a thread is running"


# --- the kernel's life -------------------------------------------------------------------------------

def run_cells(tmp_path: Path, *sources: str, **manager: Any) -> nbformat.NotebookNode:
    """Execute the cells through papermill in a kernel from kernels.logged_manager(**manager)."""
    return papermill.execute_notebook(
        notebook(PARAMS, *sources), str(tmp_path / "out.ipynb"), kernel_name="python3", progress_bar=False,
        request_save_on_cell_execute=False, cwd=str(tmp_path),
        kernel_manager_class=kernels.logged_manager(log=tmp_path / "kernel.log", **manager))


def test_figures_draw_inline_or_with_the_kernels_own_backend(tmp_path: Path, forking: forked.ForkServer) -> None:
    draw = "import matplotlib, matplotlib.pyplot as plt\nplt.plot([1, 2])\nprint(matplotlib.get_backend())"
    children = "import subprocess\nprint(subprocess.run(['sh', '-c', 'exit 3']).returncode)"  # its own SIGCHLD
    inline = run_cells(tmp_path, draw, children)
    assert "inline" in inline.cells[1].outputs[0].text
    assert any("image/png" in o.get("data", {}) for o in inline.cells[1].outputs)
    assert inline.cells[2].outputs[0].text.strip() == "3"
    agg = run_cells(tmp_path, draw, extra_env={"MPLBACKEND": "agg"})
    assert agg.cells[1].outputs[0].text.strip() == "agg"
    assert not any("image/png" in o.get("data", {}) for o in agg.cells[1].outputs)


async def _started(tmp_path: Path, **manager: Any) -> tuple[Any, Any]:
    km = kernels.logged_manager(log=tmp_path / "kernel.log", **manager)(kernel_name="python3")
    await km.start_kernel(cwd=str(tmp_path))
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=60)
    return km, kc


async def _reply(kc: Any, msg_id: str, seconds: float) -> dict[str, Any]:
    while True:
        reply = await kc.get_shell_msg(timeout=seconds)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def test_an_interrupt_stops_the_cell_and_the_kernel_carries_on(tmp_path: Path, forking: forked.ForkServer) -> None:
    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        km, kc = await _started(tmp_path)
        try:
            sleeping = kc.execute("import time\ntime.sleep(60)")
            await asyncio.sleep(1)
            await km.interrupt_kernel()
            interrupted = await _reply(kc, sleeping, 20)
            statuses = await _statuses_until_not_aborted(kc, "1 + 1", 20)
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)
        return interrupted, statuses

    interrupted, statuses = asyncio.run(scenario())
    assert interrupted["status"] == "error" and interrupted["ename"] == "KeyboardInterrupt", \
        f"the interrupted cell replied {interrupted}, not a KeyboardInterrupt error"
    assert statuses[-1] == "ok", f"after the interrupt the kernel did not run `1 + 1`: its replies were {statuses}"


async def _statuses_until_not_aborted(kc: Any, code: str, seconds: float) -> list[str]:
    """Execute `code` until a reply is not 'aborted' (or `seconds` pass); return every reply's status.

    After an error reply to a request sent with stop_on_error (the default), ipykernel aborts the requests that reach
    it before its abort window closes (kernelbase `_abort_queues`: a "stop aborting" message is queued behind
    them), so the first request after an interrupt can come back 'aborted' on a loaded machine. That is the
    kernel's design, not a kernel that stopped; one that stopped gives no reply at all, or only 'aborted' ones."""
    deadline = time.monotonic() + seconds
    statuses: list[str] = []
    while True:
        statuses.append((await _reply(kc, kc.execute(code), seconds))["status"])
        if statuses[-1] != "aborted" or time.monotonic() > deadline:
            return statuses
        await asyncio.sleep(0.1)


def test_a_killed_kernel_is_seen_dead_and_reaped(tmp_path: Path, forking: forked.ForkServer) -> None:
    async def scenario() -> tuple[int, bool, int | None]:
        km, kc = await _started(tmp_path)
        pid = km.provisioner.pid
        assert f"PPid:\t{forking.pid}" in Path(f"/proc/{pid}/status").read_text()
        os.kill(pid, signal.SIGKILL)
        for _ in range(100):
            if not await km.is_alive():
                break
            await asyncio.sleep(0.05)
        alive, code = await km.is_alive(), await km.provisioner.poll()
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
        return pid, alive, code

    pid, alive, code = asyncio.run(scenario())
    assert not alive and code == -signal.SIGKILL  # the exit code, as the fork server reaped it
    assert gone(pid), "expected the killed kernel reaped, not left a zombie"


def test_a_dead_fork_server_is_started_again(tmp_path: Path, forking: forked.ForkServer) -> None:
    run_cells(tmp_path, "x = 1")
    first, restarts = forking.pid, forking.restarts
    assert first is not None
    os.kill(first, signal.SIGKILL)
    assert dead(first)
    executed = run_cells(tmp_path, "import os\nprint(os.getppid())")
    assert forking.restarts == restarts + 1 and forking.pid not in (None, first)
    assert executed.cells[1].outputs[0].text.strip() == str(forking.pid)


def test_a_task_runner_never_waits_for_the_fork_server_to_start(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(forked.SWITCH, raising=False)
    monkeypatch.setattr(forked, "_broken", None)
    fresh = forked.ForkServer()
    monkeypatch.setattr(forked, "_server", fresh)
    try:
        execute.run_task(task(tmp_path, "ann", "1.ipynb", PROBE))  # the server starts in the background...
        first = probed(tmp_path, "ann", "1.ipynb")
        assert first["ppid"] == os.getpid() and not first["preloaded"]  # ...so this kernel started as before
        deadline = time.monotonic() + forked.READY_SECONDS
        while fresh.warming and time.monotonic() < deadline:
            time.sleep(0.1)
        execute.run_task(task(tmp_path, "ann", "2.ipynb", PROBE))
        second = probed(tmp_path, "ann", "2.ipynb")
        assert second["ppid"] == fresh.pid and second["preloaded"]
    finally:
        fresh.close()


def test_a_task_told_not_to_fork_runs_an_ordinary_kernel_and_starts_no_fork_server(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(forked.SWITCH, raising=False)
    monkeypatch.setattr(forked, "_broken", None)
    fresh = forked.ForkServer()
    monkeypatch.setattr(forked, "_server", fresh)
    one = dataclasses.replace(task(tmp_path, "ann", "1.ipynb", PROBE), fork_kernels=False)
    assert execute.run_task(one)["failure"] is None
    ran = probed(tmp_path, "ann", "1.ipynb")
    assert ran["ppid"] == os.getpid() and not ran["preloaded"]  # started by this process, not forked
    assert fresh.pid is None and not fresh.warming, "a fork server was started for a task told not to fork"


def test_a_run_forks_only_when_a_worker_has_a_second_notebook(tmp_path: Path, forking: forked.ForkServer) -> None:
    todo = [task(tmp_path, learner, "1.ipynb", "x = 1") for learner in ("ann", "bob", "cy")]
    assert [t.fork_kernels for t in run._with_kernels(todo, jobs=2)] == [True] * 3  # a worker runs two
    assert [t.fork_kernels for t in run._with_kernels(todo, jobs=3)] == [False] * 3  # one each
    assert [t.fork_kernels for t in run._with_kernels(todo[:1], jobs=1)] == [False]  # a regrade of one notebook
    assert run._kernels(forks_pay=False) == "ordinary (no worker has a second notebook to run)"


CLIENT = """import asyncio, sys, time
from course.tutor import forked, kernels
async def main():
    km = kernels.logged_manager(log=sys.argv[1])(kernel_name="python3")
    await km.start_kernel()
    print(km.provisioner.pid, forked.server().pid, flush=True)
    time.sleep(600)
asyncio.run(main())"""


def test_when_the_client_dies_its_fork_server_and_kernels_end(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(forked.SWITCH, None)
    client = subprocess.Popen([sys.executable, "-c", CLIENT, str(tmp_path / "kernel.log")], stdout=subprocess.PIPE,
                              text=True, env=env, cwd=tmp_path)
    try:
        kernel, server = map(int, client.stdout.readline().split())  # type: ignore[union-attr]  # a pipe was asked for
    finally:
        client.kill()
        client.wait()
    assert gone(server), "expected the fork server to leave with its client"
    assert gone(kernel), "expected the kernel to end with the process that asked for it"


# --- ordinary kernels where forking is unavailable ----------------------------------------------------

def test_the_switch_and_other_systems_fall_back_with_a_one_line_notice(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "_noticed", False)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert "only on Linux" in (forked.availability() or "")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv(forked.SWITCH, "0")
    assert run._kernels() == "ordinary (COURSE_FORK_KERNELS=0)"
    assert not forked.notice()
    assert capsys.readouterr().err == "course: kernels start as ordinary processes (COURSE_FORK_KERNELS=0)\n"
    executed = run_cells(tmp_path, "import os, sys\nprint(os.getppid(), 'course' in sys.modules)")
    assert executed.cells[1].outputs[0].text.split() == [str(os.getpid()), "False"]  # started, not forked


def test_a_fork_server_that_cannot_start_turns_forking_off(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(forked.SWITCH, raising=False)
    monkeypatch.setattr(forked, "_noticed", False)
    monkeypatch.setattr(forked, "_broken", None)
    monkeypatch.setattr(forked, "_server", forked.ForkServer())

    def cannot_start(self: forked.ForkServer) -> None:
        raise forked.ForkServerError("it would not start: ModuleNotFoundError: no pandas")

    monkeypatch.setattr(forked.ForkServer, "_start", cannot_start)
    executed = run_cells(tmp_path, "import os\nprint(os.getppid())")
    assert executed.cells[1].outputs[0].text.strip() == str(os.getpid())
    assert capsys.readouterr().err.count("course: kernels start as ordinary processes (the fork server failed") == 1
    assert forked.availability() is not None


def test_a_run_says_how_its_kernels_start(forking: forked.ForkServer) -> None:
    assert run._kernels() == "forked from a pre-imported parent"


# --- one write per executed copy --------------------------------------------------------------------------

class Writes:
    """papermill's notebook writes, counted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = papermill.execute.write_ipynb

        def write(*args: Any, **kwargs: Any) -> None:
            self.count += 1
            real(*args, **kwargs)

        for module in (papermill.execute, papermill.engines):
            monkeypatch.setattr(module, "write_ipynb", write, raising=False)


def test_a_notebook_is_written_once_and_a_timed_out_one_keeps_what_it_reached(
        tmp_path: Path, forking: forked.ForkServer, monkeypatch: pytest.MonkeyPatch) -> None:
    writes = Writes(monkeypatch)
    execute.run_task(task(tmp_path, "ann", "ok.ipynb", "print('one')", "print('two')", "print('three')"))
    assert writes.count == 1, "expected the executed copy written once, not after every cell"
    writes.count = 0
    outcome = execute.run_task(task(tmp_path, "ann", "slow.ipynb", "print('reached')", LOOP, "print('never')",
                                    timeout=3))
    assert outcome["failure"]["kind"] == "timeout" and writes.count == 0
    partial = nbformat.read(results.executed_path(tmp_path / "run", "ann", "slow.ipynb"), as_version=4)
    assert partial.metadata.papermill["end_time"]
    assert [o.get("text") for c in partial.cells for o in c.get("outputs", [])] == ["reached\n"]
