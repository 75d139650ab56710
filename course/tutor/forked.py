"""Kernels forked from a pre-imported parent: the client of course.tutor.forkserver and a kernel provisioner.

`ForkProvisioner` is a jupyter_client kernel provisioner: the kernel manager writes the connection file as
usual, and instead of starting `python -m ipykernel_launcher -f FILE` the provisioner asks this process's
fork server for a child that runs exactly that (course.tutor.kernels.LoggedKernelManager installs it).
papermill and nbclient drive the kernel unchanged. The provisioner knows the child by its pid (the
watchdog's to kill) and a pidfd, which says when it has ended; interrupts and kills go to the child's
process group, as jupyter_client's LocalProvisioner sends them.

Each process that runs notebooks (a pool worker, a Dask worker, the report's workers, a test) has its own
fork server, ended with it, and started at its first kernel, or in the background by `prepare()`, when
`course run`'s tasks start (kernels start as ordinary processes until it is ready). A server found dead is
started again (once per request); one that cannot start turns forking off for the process, with a one-line
notice, and its kernels start as ordinary processes. So do all kernels where forking is unavailable: off Linux, or with
COURSE_FORK_KERNELS=0 (`availability()` says why; `notice()` prints it once).
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import select
import signal
import subprocess
import sys
import threading
from contextlib import suppress
from pathlib import Path
from typing import IO, Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning.local_provisioner import LocalProvisioner

SWITCH = "COURSE_FORK_KERNELS"  # "0" turns forking off
READY_SECONDS = 120  # the server's imports take about 2 s; much longer on a machine that is very busy
REPLY_SECONDS = 30
INLINE = "module://matplotlib_inline.backend_inline"
# ipykernel's parent poller would watch the fork server; each child watches this process instead. 1 turns the
# poller off (ipykernel never polls for init) without the banner a kernel with no parent at all prints.
NO_PARENT_POLL = "--IPKernelApp.parent_handle=1"
ROOT = Path(__file__).resolve().parents[2]  # the folder holding this `course` package: the server imports it
# Run as a file, not `-m course.tutor.forkserver`: that would import `course`, and with it pandas, before the
# server's own imports (forkserver._preload).
SERVER = str(Path(__file__).with_name("forkserver.py"))


class ForkServerError(Exception):
    """The fork server could not be started or stopped answering; the message says why."""


def availability() -> str | None:
    """Return why kernels cannot be forked here, or None when they can."""
    if os.environ.get(SWITCH, "").strip() == "0":
        return f"{SWITCH}=0"
    if not sys.platform.startswith("linux") or not hasattr(os, "pidfd_open"):
        return f"kernels are forked only on Linux, and this is {sys.platform}"
    if _broken:
        return _broken
    return None


_noticed = False


def notice(stream: IO[str] | None = None) -> bool:
    """Say once per process, in one line, when kernels start as ordinary processes; return whether they are forked."""
    global _noticed
    reason = availability()
    if reason and not _noticed:
        _noticed = True
        print(f"course: kernels start as ordinary processes ({reason})", file=stream or sys.stderr)
    return reason is None


class ForkServer:
    """This process's fork server: started on first use; a dead one is started again (one retry per request)."""

    def __init__(self) -> None:
        self.owner = os.getpid()
        self.restarts = 0  # servers started after the first (found dead, or stopped answering)
        self._started = False
        self._warming: threading.Thread | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def fork(self, *, argv: list[str], env: dict[str, str], cwd: str, log: str) -> int:
        """Return the pid of a new kernel child running ipykernel with `argv`."""
        reply = self._ask({"op": "fork", "argv": argv, "env": env, "cwd": cwd, "log": log, "watch": os.getpid()},
                          start=True)
        return int(reply["pid"])

    @property
    def warming(self) -> bool:
        """Whether `warm` is starting the server in the background right now."""
        return self._warming is not None

    def warm(self) -> None:
        """Start the server in the background, unless it has been started before in this process."""
        if self._started or self._warming is not None:
            return
        self._warming = threading.Thread(target=self._warm, name="course-fork-server-start", daemon=True)
        self._warming.start()

    def _warm(self) -> None:
        try:
            self.start()
        except ForkServerError as err:
            _turn_off(f"the fork server failed: {err}")
        finally:
            self._warming = None

    def start(self) -> None:
        """Start the server now if it is not running (its imports take a few seconds)."""
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                try:
                    self._start()
                except (OSError, ValueError, ForkServerError) as err:
                    self._stop()
                    raise ForkServerError(str(err) or type(err).__name__) from None

    def status(self, pid: int) -> int | None:
        """Return the exit code of an ended child (None while it runs, or when the server no longer knows it)."""
        try:
            exit_code = self._ask({"op": "status", "pid": pid}, start=False).get("exit")
        except ForkServerError:
            return None
        return int(exit_code) if exit_code is not None else None

    def _ask(self, request: dict[str, Any], *, start: bool) -> dict[str, Any]:
        with self._lock:
            for attempt in (1, 2):
                try:
                    if self._process is None or self._process.poll() is not None:
                        if not start:
                            raise ForkServerError("the fork server has stopped")
                        self._start()
                    reply = self._exchange(request)
                    break
                except (OSError, ValueError, ForkServerError) as err:
                    self._stop()
                    if attempt == 2 or not start:
                        raise ForkServerError(str(err) or type(err).__name__) from None
            if "error" in reply:
                raise ForkServerError(str(reply["error"]))
            return reply

    def _start(self) -> None:
        self.restarts += self._started
        self._started = True
        self._stop()  # a dead one's pipes
        path = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
        env = {**os.environ, "MPLBACKEND": INLINE, "PYTHONPATH": path}  # each child sets its own backend
        self._process = subprocess.Popen(
            [sys.executable, "-P", SERVER, str(os.getpid())], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd="/", env=env, start_new_session=True)
        reply = self._read(READY_SECONDS)
        if not reply.get("ready"):
            raise ForkServerError(f"it would not start: {reply.get('error', reply)}")

    def _exchange(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self._process is not None and self._process.stdin is not None
        self._process.stdin.write((json.dumps(request) + "\n").encode())
        self._process.stdin.flush()
        return self._read(REPLY_SECONDS)

    def _read(self, seconds: float) -> dict[str, Any]:
        assert self._process is not None and self._process.stdout is not None
        if not select.select([self._process.stdout], [], [], seconds)[0]:
            raise ForkServerError(f"it did not answer within {seconds:g} s")
        line = self._process.stdout.readline()
        if not line:
            raise ForkServerError("it has stopped")
        reply = json.loads(line)
        if not isinstance(reply, dict):
            raise ValueError(f"it answered {line[:80]!r}")
        return reply

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        with suppress(OSError):
            if process.stdin is not None:
                process.stdin.close()  # the server leaves when its requests end
        try:
            process.wait(2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()

    def close(self) -> None:
        """Stop the server (kernels it started carry on: each ends with this process)."""
        with self._lock:
            self._stop()


_server: ForkServer | None = None
_broken: str | None = None  # why forking was turned off for this process
_server_lock = threading.Lock()


def server() -> ForkServer:
    """Return this process's fork server (a new one in a child process: never its parent's)."""
    global _server
    with _server_lock:
        if _server is None or _server.owner != os.getpid():
            _server = ForkServer()
            atexit.register(_server.close)
        return _server


def prepare() -> None:
    """Start this process's fork server in the background the first time (where kernels are forked).

    Its imports take a few seconds; until it is ready, kernels start as ordinary processes, so its start
    delays no notebook and counts against no notebook's time limit. A task runner calls this before each
    notebook; anything else that asks for a kernel first waits for the server instead."""
    if availability() is None:
        server().warm()


class ForkProvisioner(LocalProvisioner):
    """A LocalProvisioner whose kernels are forked by the fork server; ordinary ones when they cannot be."""

    forked = False
    pidfd: int | None = None  # open while the forked kernel is tracked
    exit_code: int | None = None

    @property
    def has_process(self) -> bool:
        return self.process is not None or self.pidfd is not None

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        """Fork the kernel `cmd` would start (the python3 kernel of this Python), else start `cmd`."""
        if availability() or server().warming or cmd[:3] != [sys.executable, "-m", "ipykernel_launcher"]:
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        try:
            pid = server().fork(argv=[*cmd[3:], NO_PARENT_POLL], env=dict(kwargs["env"]),
                                cwd=cwd, log=_log_path(kwargs.get("stdout")))
        except ForkServerError as err:
            _turn_off(f"the fork server failed: {err}")
            return await super().launch_kernel(cmd, **kwargs)
        self.forked, self.exit_code = True, None
        self.pid = self.pgid = pid  # the child starts its own session, so its group is its pid
        self.cwd = cwd
        with suppress(ProcessLookupError):  # ended already: poll() says so
            self.pidfd = os.pidfd_open(pid)
        return self.connection_info

    async def poll(self) -> int | None:
        if not self.forked:
            return await super().poll()
        if self.exit_code is None:
            if self.pidfd is not None and not select.select([self.pidfd], [], [], 0)[0]:
                return None
            known = server().status(self.pid) if self.pid else None
            self.exit_code = known if known is not None else 1  # ended; how, the server no longer knows
        return self.exit_code

    async def wait(self) -> int | None:
        if not self.forked:
            return await super().wait()
        while (exit_code := await self.poll()) is None:
            await asyncio.sleep(0.05)
        self._close_pidfd()
        return exit_code

    async def send_signal(self, signum: int) -> None:
        if not self.forked:
            return await super().send_signal(signum)
        if self.pidfd is None or self.pid is None or await self.poll() is not None:
            return  # ended: its pid may be another process's by now
        try:
            os.killpg(self.pid, signum)  # the kernel and whatever it started: its group
        except ProcessLookupError:
            signal.pidfd_send_signal(self.pidfd, signum)  # not yet in its own group

    async def kill(self, restart: bool = False) -> None:
        if not self.forked:
            return await super().kill(restart)
        with suppress(ProcessLookupError):
            await self.send_signal(signal.SIGKILL)

    async def terminate(self, restart: bool = False) -> None:
        if not self.forked:
            return await super().terminate(restart)
        with suppress(ProcessLookupError):
            await self.send_signal(signal.SIGTERM)

    async def cleanup(self, restart: bool = False) -> None:
        self._close_pidfd()
        await super().cleanup(restart)

    def _close_pidfd(self) -> None:
        fd, self.pidfd = self.pidfd, None
        if fd is not None:
            os.close(fd)


def _log_path(stdout: object) -> str:
    """Where the kernel's own output goes: the file the manager opened for it, else nowhere."""
    name = getattr(stdout, "name", None)
    return name if isinstance(name, str) and os.path.isabs(name) else os.devnull


def _turn_off(reason: str) -> None:
    global _broken
    _broken = reason
    notice()
