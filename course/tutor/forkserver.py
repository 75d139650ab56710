"""The parent that notebook kernels are forked from: it imports the heavy modules once and never runs notebook code.

A fresh kernel spends about 2 s importing pandas, matplotlib, seaborn, ipykernel and `course` before the
notebook's first cell can run. This process imports them once; each kernel is then a fork of it, which
starts in a fraction of that. course.tutor.forked starts it (`python -P .../course/tutor/forkserver.py
CLIENT_PID`, one per process that runs notebooks) and talks to it over its stdin and stdout, one JSON
object per line:

    {"op": "fork", "argv": [...], "env": {...}, "cwd": "...", "log": "...", "watch": PID}  ->  {"pid": N}
    {"op": "status", "pid": N}  ->  {"exit": CODE or null}      (null: still running, or not ours)

and says {"ready": true, ...} (or {"error": "..."}) once its imports are done.

The parent stays clean, so every child starts from the same state a fresh kernel would reach after the
same imports: it is single-threaded when it forks (numpy's OpenBLAS pool is shut down by OpenBLAS itself
before every fork), has no ZMQ context, no IPython shell or kernel application, and has not resolved
matplotlib's backend. It does not import matplotlib_inline: that module sets up the inline backend for the
IPython shell that exists when it is imported, so each child imports it (1 ms) when it first draws, as a
fresh kernel does. The parent calls gc.freeze() before forking, so the children's collections leave the
shared pages alone. It reaps its children as they end, and leaves when its client does.

Each child (in `_become_kernel`) gets its own session and process group, its own stdin, stdout and stderr
(the kernel's log), the kernel's working directory and environment, a reseeded numpy, the matplotlib
backend its environment asks for, and a thread that ends it when the client ends (as ipykernel's parent
poller does for an ordinary kernel); then it runs `IPKernelApp.launch_instance` with the kernel's own
arguments, which reads the connection file and opens the kernel's own sockets and threads.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import json
import os
import select
import signal
import sys
import threading
import time
import traceback
from contextlib import suppress
from typing import Any, NoReturn

INLINE = "module://matplotlib_inline.backend_inline"
# What a notebook's first cell imports, and the kernel itself. `course` is imported exactly as a notebook's
# `import course` does: importing its submodules here would replace attributes of the package (course.quiz
# is a function until course.quiz the module is imported).
# The rest is what ipykernel imports while it starts (its debugger imports debugpy: 0.2 s).
PRELOAD = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "matplotlib.backends.backend_agg", "seaborn",
           "IPython.core.pylabtools", "IPython.display", "course", "ipykernel.kernelapp", "ipykernel.ipkernel",
           "ipykernel.zmqshell", "ipykernel.debugger", "IPython.core.completerlib", "IPython.core.debugger",
           "IPython.core.oinspect", "IPython.extensions.storemagic", "IPython.core.logger", "sqlite3", "psutil",
           "tornado.platform.asyncio",
           # what the workbook's cells import on first use, in every notebook or most (a dump of sys.modules at
           # each notebook's end, 2026-12-03): about 0.3 s a kernel. Each is import-time code only: none reads the
           # environment or the working folder, which the child sets after the fork.
           "course.quiz", "course.quiz.view", "course.quiz.widgets", "course.quiz.rules", "course.quiz.validation",
           "course.scenario", "course.scenario.view",
           "course.records", "course.charts", "course.syllabus", "pandas.io.formats.html",
           "pandas.io.formats.string", "pandas.core.methods.to_dict", "pandas.core.reshape.reshape",
           "importlib.resources.readers", "PIL.PngImagePlugin", "PIL.JpegImagePlugin", "PIL.GifImagePlugin",
           "PIL.BmpImagePlugin", "PIL.PpmImagePlugin")
REAPED_KEPT = 1000  # exit codes remembered for `status`


def main(argv: list[str]) -> int:
    """Import everything, say ready, then fork kernels on request until the client goes away."""
    client = int(argv[0])
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the client's to handle
    replies = os.dup(1)
    os.dup2(2, 1)  # a stray print during the imports must not land in the replies
    gc.disable()  # no collections while importing: fewer holes in the pages the children share
    started = time.perf_counter()
    try:
        _preload()
        problem = unsafe_state()
    except Exception as err:  # noqa: BLE001 - told to the client, which starts ordinary kernels instead
        problem = f"{type(err).__name__}: {err}"
    if problem:
        _send(replies, {"error": problem})
        return 1
    gc.freeze()
    reaped: dict[int, int] = {}
    signal.signal(signal.SIGCHLD, lambda *_: _reap(reaped))
    _send(replies, {"ready": True, "pid": os.getpid(), "seconds": round(time.perf_counter() - started, 3)})
    _serve(replies, client, reaped)
    return 0


class _KernelShell:
    """What `get_ipython()` answers inside a Jupyter kernel, as far as import-time checks look (it has a kernel)."""
    kernel = True


def _preload() -> None:
    """Import PRELOAD as a kernel would. pandas decides at import whether it runs in a terminal (`get_ipython`
    missing: it shows every column of a wide table) or in a kernel (20 columns at most): it is imported while
    that name answers as in a kernel, so its tables look as they do in a fresh kernel."""
    import builtins

    builtins.get_ipython = lambda: _KernelShell()  # type: ignore[attr-defined]  # IPython's own name for it
    try:
        importlib.import_module("pandas")
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]  # set just above
    for name in PRELOAD:
        importlib.import_module(name)
    importlib.import_module("course.preload").shipped()  # every shipped quiz bank and scenario, read and checked


def unsafe_state() -> str | None:
    """Return why forking from this process would not give clean kernels, or None when it would."""
    import zmq
    from ipykernel.kernelapp import IPKernelApp
    from IPython.core.interactiveshell import InteractiveShell

    matplotlib_pyplot = sys.modules.get("matplotlib.pyplot")
    checks = {
        "a thread is running": threading.active_count() != 1,
        "a ZMQ context exists": zmq.Context._instance is not None,
        "an IPython shell exists": InteractiveShell.initialized(),
        "a kernel application exists": IPKernelApp.initialized(),
        "matplotlib_inline is imported": "matplotlib_inline.backend_inline" in sys.modules,
        "matplotlib's backend is chosen": getattr(matplotlib_pyplot, "_backend_mod", None) is not None,
    }
    found = [why for why, bad in checks.items() if bad]
    return "; ".join(found) or None


def _serve(replies: int, client: int, reaped: dict[int, int]) -> None:
    watch = _pidfd(client)
    if watch is None:
        return  # the client has already gone
    buffer = b""
    while True:
        readable = select.select([0, watch], [], [])[0]
        if watch in readable:
            return  # the client has gone; its kernels see that too, and end
        chunk = os.read(0, 1 << 16)
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            _send(replies, _handle(json.loads(line), replies, watch, reaped))


def _handle(request: dict[str, Any], replies: int, watch: int, reaped: dict[int, int]) -> dict[str, Any]:
    if request.get("op") == "status":
        return {"exit": _exit_code(int(request["pid"]), reaped)}
    if request.get("op") != "fork":
        return {"error": f"unknown request {request.get('op')!r}"}
    if threading.active_count() != 1:
        return {"error": "the fork server has a thread running; it cannot fork safely"}
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        _become_kernel(request, close=(replies, watch))
    return {"pid": pid}


def _reap(reaped: dict[int, int]) -> None:
    """Collect every child that has ended (SIGCHLD), so none is left a zombie; keep their exit codes."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        reaped[pid] = os.waitstatus_to_exitcode(status)
        while len(reaped) > REAPED_KEPT:
            del reaped[next(iter(reaped))]


def _exit_code(pid: int, reaped: dict[int, int]) -> int | None:
    _reap(reaped)
    return reaped.get(pid)


def _become_kernel(request: dict[str, Any], *, close: tuple[int, ...]) -> NoReturn:
    """In the child: become an ordinary IPython kernel with the request's arguments; never return."""
    code = 1
    try:
        _detach(request["log"], close)
        _apply(request)
        _end_with(int(request["watch"]))
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=list(request["argv"]))
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    except BaseException:  # noqa: BLE001 - the kernel's log says why it would not start
        traceback.print_exc()
    finally:
        with suppress(BaseException):
            atexit._run_exitfuncs()
        with suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _detach(log: str, close: tuple[int, ...]) -> None:
    """The child's own session, signal handlers and standard streams (its log), as a launched kernel has."""
    os.setsid()  # its own process group: an interrupt or kill reaches it and whatever it starts
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel's own subprocesses are its to wait for
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for fd in close:
        os.close(fd)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)
    gc.enable()


def _apply(request: dict[str, Any]) -> None:
    """The kernel's working directory, environment and arguments, and what the imports read from them."""
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = [sys.executable, *request["argv"]]
    import matplotlib
    import numpy

    # matplotlib read MPLBACKEND when the parent imported it; the kernel's own choice wins, and with none
    # ipykernel's default (inline) applies, as it would in a fresh kernel. pyplot resolves it when first used.
    with suppress(ValueError):  # an unknown backend fails when the notebook draws, as it would anyway
        matplotlib.rcParams["backend"] = os.environ.get("MPLBACKEND") or INLINE
    numpy.random.seed()  # the legacy global generator, from fresh entropy as in a new process (random reseeds itself)


def _end_with(client: int) -> None:
    """End this kernel when the client that asked for it ends (ipykernel's parent poller watches its parent,
    which here is the fork server, so the kernel is started without one)."""
    watch = _pidfd(client)
    if watch is None:
        os._exit(1)

    def wait() -> None:
        select.select([watch], [], [])
        os._exit(1)

    threading.Thread(target=wait, name="course-client-watch", daemon=True).start()


def _pidfd(pid: int) -> int | None:
    """A descriptor that becomes readable when `pid` ends; None if it has already ended."""
    try:
        return os.pidfd_open(pid)
    except ProcessLookupError:
        return None


def _send(fd: int, message: dict[str, Any]) -> None:
    data = (json.dumps(message) + "\n").encode()
    while data:
        data = data[os.write(fd, data):]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
