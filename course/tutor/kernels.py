"""Kernels for the tutor's batch runs: forked from a pre-imported parent where possible, started with a chosen
environment, their own output kept out of the tutor's terminal.

Kernels are forked by course.tutor.forked (a fork server per process that has imported pandas, matplotlib,
seaborn, ipykernel and `course` once), or started as ordinary processes where that is unavailable.

ipykernel prints warnings on every start ("Kernel is running over TCP without encryption") and, when a
kernel is stopped at once, "KeyboardInterrupt caught in kernel". They mean nothing to a tutor, so each
kernel's stdout and stderr go to a log file beside its work instead, where they help when a kernel dies.
"""

from __future__ import annotations

import os
import uuid
from typing import Any, ClassVar

from jupyter_client.manager import AsyncKernelManager

from course.tutor import forked

INLINE = forked.INLINE  # kernels keep their figures in the executed copy


class LoggedKernelManager(AsyncKernelManager):
    """Starts its kernel with `kernel_env`, sending the kernel's own output to `kernel_log`."""
    kernel_env: ClassVar[dict[str, str]] = {}  # set per subclass by logged_manager
    kernel_log: str = os.devnull
    fork: ClassVar[bool] = True  # fork the kernel from this process's fork server where that is available

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
