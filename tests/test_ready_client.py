"""course.tutor.kernels.ReadyClient: a kernel client that is ready when the kernel has answered and IOPub carries
that answer's messages, without jupyter_client's 0.2 s wait for silence. Scripted channels, no kernel."""

from __future__ import annotations

import asyncio
from queue import Empty
from typing import Any

import pytest

from course.tutor import kernels


class Scripted(kernels.ReadyClient):
    """A client whose channels replay what a kernel would send; `sent` counts kernel_info requests."""

    def __init__(self, script: Any, *, alive: bool = True) -> None:
        super().__init__()
        self.script, self.alive, self.sent, self.handled = script, alive, 0, None
        self.shell: list[dict[str, Any]] = []
        self.iopub: list[dict[str, Any]] = []

    def kernel_info(self) -> str:  # type: ignore[override]  # the base wraps it
        self.sent += 1
        request = f"req-{self.sent}"
        shell, iopub = self.script(request, self.sent)
        self.shell += shell
        self.iopub += iopub
        return request

    async def get_shell_msg(self, timeout: float | None = None) -> dict[str, Any]:  # type: ignore[override]
        return self._next(self.shell)

    async def get_iopub_msg(self, timeout: float | None = None) -> dict[str, Any]:  # type: ignore[override]
        return self._next(self.iopub)

    async def _async_is_alive(self) -> bool:
        return self.alive

    def _handle_kernel_info_reply(self, msg: dict[str, Any]) -> None:
        self.handled = msg["parent_header"]["msg_id"]

    @staticmethod
    def _next(queue: list[dict[str, Any]]) -> dict[str, Any]:
        if not queue:
            raise Empty
        return queue.pop(0)


def reply(request: str) -> dict[str, Any]:
    return {"msg_type": "kernel_info_reply", "parent_header": {"msg_id": request}, "content": {}}


def status(request: str, state: str) -> dict[str, Any]:
    return {"msg_type": "status", "parent_header": {"msg_id": request}, "content": {"execution_state": state}}


WELCOME = {"msg_type": "iopub_welcome", "parent_header": {}, "content": {"subscription": ""}}


def test_ready_at_the_idle_of_the_answered_request() -> None:
    client = Scripted(lambda r, n: ([reply(r)], [WELCOME, status(r, "busy"), status(r, "idle")]))
    asyncio.run(client.wait_for_ready(timeout=5))
    assert (client.sent, client.handled) == (1, "req-1")


def test_asks_again_while_iopub_is_not_connected_and_ignores_stale_messages() -> None:
    def script(request: str, n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        if n == 1:  # answered, but IOPub's messages were published before the client subscribed: lost
            return [reply(request)], []
        return [reply("req-1"), reply(request)], [status("req-1", "idle"), status(request, "busy"),
                                                  status(request, "idle")]
    client = Scripted(script)
    asyncio.run(client.wait_for_ready(timeout=5))
    assert (client.sent, client.handled) == (2, "req-2")


def test_a_kernel_that_dies_before_answering_is_an_error() -> None:
    client = Scripted(lambda r, n: ([], []), alive=False)
    with pytest.raises(RuntimeError, match="died before replying"):
        asyncio.run(client.wait_for_ready(timeout=5))
    assert client.sent == 1


def test_a_kernel_that_never_answers_times_out() -> None:
    client = Scripted(lambda r, n: ([], []))
    with pytest.raises(RuntimeError, match="didn't respond"):
        asyncio.run(client.wait_for_ready(timeout=0))


def test_the_run_kernels_use_this_client() -> None:
    manager = kernels.logged_manager(log="/dev/null")()
    assert isinstance(manager.client(), kernels.ReadyClient)
