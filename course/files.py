"""Atomic file writes for everything the kit saves (store exports, results, gradebook CSV, reports,
portfolio artefacts, sealed banks): write a temporary file in the same folder, flush it to disk, then
rename it over the target. A crash or a full disk never leaves a half-written file behind.

Also the one rule for names Windows cannot open (`is_windows_device_name`), shared by learner ids
(folders) and portfolio files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Names Windows reserves for devices: a folder called "con" or a file "nul.csv" cannot be opened there.
_WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                              *(f"lpt{i}" for i in range(1, 10))})


def is_windows_device_name(name: str) -> bool:
    """Return True when `name` (before its first '.') is a device name Windows reserves, in any case."""
    return name.split(".")[0].lower() in _WINDOWS_DEVICES


def write_text_atomic(path: str | os.PathLike[str], text: str | bytes, *, mode: int = 0o644) -> Path:
    """Write `text` (UTF-8, or raw bytes) to `path` atomically and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)  # mkstemp makes files private; these are for reading
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
