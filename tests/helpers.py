"""Helpers shared by several test modules: run the `course` command in-process, find a run's processes."""

from __future__ import annotations

import contextlib
import io
import os
import warnings
from pathlib import Path
from typing import NamedTuple

from course.cli import main as cli


class Ran(NamedTuple):
    """What a `course` command did: its exit status and what it printed."""
    status: int
    out: str
    err: str


def course_cmd(*argv: str | Path) -> Ran:
    """Run the `course` command in this process; argparse's own exits count as a status too."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            status = cli([str(a) for a in argv])
        except SystemExit as stop:
            status = stop.code if isinstance(stop.code, int) else 1
    return Ran(status, out.getvalue(), err.getvalue())


def processes_working_in(folder: Path) -> list[int]:
    """Pids of processes whose working directory is under `folder` (a run's kernels work in RUN/scratch)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if str(folder.resolve()) in os.readlink(entry / "cwd"):
                    found.append(int(entry.name))
    return found
