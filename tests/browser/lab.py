"""A throwaway JupyterLab server for the browser tests: its own workspace, port, token and Jupyter dirs.

`start_lab(root)` runs `jupyter lab` on 127.0.0.1 with a random token, serving `root` (a temporary
workspace, never notebooks/), with its config, data, runtime and settings dirs under `root/.jupyter-*`
and kernels drawing figures inline. `LabServer.stop()` ends the server and every kernel it started,
by process id, and is safe to call twice.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

INLINE = "module://matplotlib_inline.backend_inline"
# Settings that keep the page predictable: every cell stays in the DOM, no news or update pop-ups.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def jupyter_env(root: Path) -> dict[str, str]:
    """Return the environment for the server and for `course assign`: Jupyter dirs under `root`.

    `course assign` must share JUPYTER_DATA_DIR with the server: the notary database that records
    signed (trusted) notebooks lives there.
    """
    dirs = {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data", "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTERLAB_SETTINGS_DIR": "lab-settings", "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
            "IPYTHONDIR": "ipython"}
    env = {**os.environ, **{name: str(root / f".jupyter-{sub}") for name, sub in dirs.items()}}
    env["MPLBACKEND"] = INLINE  # figures inline, as a learner sees them (never agg)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env.pop("JUPYTER_PATH", None)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    """A running `jupyter lab`; `url(path)` gives an address with the token."""
    root: Path
    port: int
    token: str
    process: subprocess.Popen
    log: Path
    runtime_dir: Path
    _stopped: bool = field(default=False, repr=False)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "lab") -> str:
        return f"{self.base}/{path.lstrip('/')}?token={self.token}"

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def stop(self) -> None:
        """End the server (its process group), then any kernel it left behind; idempotent."""
        if self._stopped:
            return
        self._stopped = True
        _end_group(self.process, grace=20)
        for pid in kernel_pids(self.runtime_dir):  # kernels run in their own sessions
            _kill_pid(pid)


def write_lab_settings(settings_dir: Path) -> None:
    for relative, values in LAB_SETTINGS.items():
        path = settings_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def start_lab(root: Path, *, timeout: float = 120) -> LabServer:
    """Start `jupyter lab` serving `root`; return once it answers, or raise RuntimeError with its log."""
    env = jupyter_env(root)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
                 "JUPYTERLAB_WORKSPACES_DIR"):
        Path(env[name]).mkdir(parents=True, exist_ok=True)
    write_lab_settings(Path(env["JUPYTERLAB_SETTINGS_DIR"]))
    port, token = free_port(), secrets.token_hex(24)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
               "--ServerApp.terminals_enabled=False",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = root / "jupyter-lab.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=sink, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    server = LabServer(root, port, token, process, log, Path(env["JUPYTER_RUNTIME_DIR"]))
    try:
        _wait_until_up(server, timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_until_up(server: LabServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with status {server.process.returncode} before it "
                               f"answered; its log ({server.log}) ends:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(server.url("api/status"), timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"jupyter lab did not answer on port {server.port} within {timeout:g} s; "
                       f"its log ({server.log}) ends:\n{server.log_tail()}")


def kernel_pids(runtime_dir: Path) -> list[int]:
    """Return the ids of live processes started with a connection file in `runtime_dir` (our kernels)."""
    marker = str(runtime_dir).encode()
    pids = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if marker in (entry / "cmdline").read_bytes():
                pids.append(int(entry.name))
        except OSError:
            continue
    return [pid for pid in pids if pid != os.getpid()]


def _end_group(process: subprocess.Popen, *, grace: float) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)  # the server shuts its kernels down on SIGTERM
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _kill_pid(pid: int) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        for _ in range(20):
            if not Path(f"/proc/{pid}").exists():
                return
            time.sleep(0.1)
