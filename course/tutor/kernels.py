"""Kernels for the tutor's batch runs: forked from a pre-imported parent where possible, started with a chosen
environment, their own output kept out of the tutor's terminal.

Kernels are forked by course.tutor.forked (a fork server per process that has imported pandas, matplotlib,
seaborn, ipykernel and `course` once), or started as ordinary processes where that is unavailable.

ipykernel prints warnings on every start ("Kernel is running over TCP without encryption") and, when a
kernel is stopped at once, "KeyboardInterrupt caught in kernel". They mean nothing to a tutor, so each
kernel's stdout and stderr go to a log file beside its work instead, where they help when a kernel dies.

Two waits of jupyter_client's are shortened, because a cohort pays them once per notebook: its client waits for
0.2 s of silence on IOPub after the kernel's first reply (`ReadyClient` waits for that request's own "idle"
status instead), and its manager checks every 0.1 s whether a killed kernel has ended (here every 0.01 s).
"""

from __future__ import annotations

import os
import time
import uuid
from queue import Empty
from typing import Any, ClassVar

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import Type

from course.tutor import forked

INLINE = forked.INLINE  # kernels keep their figures in the executed copy
IOPUB_SECONDS = 0.2  # as jupyter_client: no IOPub message this long after the reply means IOPub is not connected
WELCOME_SECONDS = 1.0  # at most this long for IOPub's welcome (ipykernel 7 sends one; older kernels do not)
ENDED_POLL_SECONDS = 0.01  # how often to look whether a killed kernel has ended (jupyter_client: 0.1 s)


class ReadyClient(AsyncKernelClient):
    """An async kernel client whose `wait_for_ready` returns as soon as the kernel is ready.

    jupyter_client sends kernel_info requests until one is answered on the shell channel and some IOPub message
    arrives (proof that IOPub is connected), then reads IOPub until it has been silent for 0.2 s. Here the
    client first waits (up to WELCOME_SECONDS) for the kernel's "iopub_welcome", which ipykernel sends when a
    client's IOPub subscription arrives, so the request's messages are not published before anyone listens
    (else they are lost, and jupyter_client waits 0.2 s before it asks again). Then IOPub is read until the
    "idle" status of the answered request itself: its messages are all read, which is what the silence stood for.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Return when the kernel has answered kernel_info and IOPub carries its messages; raise RuntimeError
        when the kernel dies first or `timeout` seconds pass (as jupyter_client does)."""
        deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
        await self._welcomed(min(WELCOME_SECONDS, deadline - time.monotonic()))
        while True:
            request = self.kernel_info()
            reply = await self._reply_to(request)
            if reply is not None and await self._idle_after(request):
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    async def _welcomed(self, seconds: float) -> None:
        """Read IOPub until the kernel's welcome arrives, the kernel ends, or `seconds` pass (a kernel without
        welcomes: the loop after this still works, as jupyter_client's does)."""
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            try:
                if (await self.get_iopub_msg(timeout=0.05))["msg_type"] == "iopub_welcome":
                    return
            except Empty:
                if not await self._async_is_alive():
                    return

    async def _reply_to(self, request: str) -> dict[str, Any] | None:
        """The kernel_info reply to `request` within a second, or None."""
        try:
            while True:
                msg = await self.get_shell_msg(timeout=1)
                if msg["msg_type"] == "kernel_info_reply" and msg["parent_header"].get("msg_id") == request:
                    return msg
        except Empty:
            return None

    async def _idle_after(self, request: str) -> bool:
        """Read IOPub up to `request`'s "idle" status; False if IOPub falls silent for IOPUB_SECONDS first."""
        try:
            while True:
                msg = await self.get_iopub_msg(timeout=IOPUB_SECONDS)
                if (msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle"
                        and msg["parent_header"].get("msg_id") == request):
                    return True
        except Empty:
            return False


class LoggedKernelManager(AsyncKernelManager):
    """Starts its kernel with `kernel_env`, sending the kernel's own output to `kernel_log`."""
    kernel_env: ClassVar[dict[str, str]] = {}  # set per subclass by logged_manager
    kernel_log: str = os.devnull
    fork: ClassVar[bool] = True  # fork the kernel from this process's fork server where that is available
    client_factory = Type(ReadyClient, klass=AsyncKernelClient)

    async def _async_wait(self, pollinterval: float = ENDED_POLL_SECONDS) -> None:
        """Return when the kernel has ended, looking every ENDED_POLL_SECONDS (the caller sets a time limit)."""
        await super()._async_wait(pollinterval=min(pollinterval, ENDED_POLL_SECONDS))

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:  # jupyter_client makes its provisioner here
        if self.provisioner is None and self.fork:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = forked.ForkProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                                      parent=self)
        return await super()._async_pre_start_kernel(**kw)

    async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]  # the base declares a Callable attribute
        kw.setdefault("env", dict(self.kernel_env))
        with open(self.kernel_log, "ab") as log:
            kw.setdefault("stdout", log)
            kw.setdefault("stderr", log)
            await super().start_kernel(**kw)


def logged_manager(*, log: str | os.PathLike[str], extra_env: dict[str, str] | None = None,
                   base: type[LoggedKernelManager] = LoggedKernelManager, **attributes: Any) -> type:
    """Return a kernel manager class (for papermill's kernel_manager_class) logging to `log`.

    Kernels get this process's environment plus inline figures plus `extra_env`.
    """
    env = {**os.environ, "MPLBACKEND": INLINE, **(extra_env or {})}
    absolute = os.path.abspath(log)  # papermill may chdir before the kernel starts
    return type(base.__name__, (base,), {"kernel_env": env, "kernel_log": absolute, **attributes})
