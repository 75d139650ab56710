"""Kernels for the tutor's batch runs: started with a chosen environment, their own output kept out of the
tutor's terminal.

ipykernel prints warnings on every start ("Kernel is running over TCP without encryption") and, when a
kernel is stopped at once, "KeyboardInterrupt caught in kernel". They mean nothing to a tutor, so each
kernel's stdout and stderr go to a log file beside its work instead, where they help when a kernel dies.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

from jupyter_client.manager import AsyncKernelManager

INLINE = "module://matplotlib_inline.backend_inline"  # kernels keep their figures in the executed copy


class LoggedKernelManager(AsyncKernelManager):
    """Starts its kernel with `kernel_env`, sending the kernel's own output to `kernel_log`."""
    kernel_env: ClassVar[dict[str, str]] = {}  # set per subclass by logged_manager
    kernel_log: str = os.devnull

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
