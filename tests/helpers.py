"""Helpers shared by several test modules: run the `course` command in-process, find a run's processes, and let the
`course run`s of a test session share the store work their tutor's process repeats."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import os
import pickle
import subprocess
import sys
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pytest

from course.cli import main as cli
from course.store import StoreData, signed, simulate
from course.store.profile import parse_period
from course.tutor import integrity_answers


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


# ---- store work shared by the session's `course run`s (per process: each pytest-xdist worker has its own) ----
_stores: dict[tuple[str, str, object], StoreData] = {}
_fits: dict[str, integrity_answers.StoreFit] = {}
_store_fit = integrity_answers.store_fit


def _simulated(learner_id: str, *, sector: str = "apparel", start: str | date | None = None,
               end: str | date | None = None) -> StoreData:
    key = (learner_id, sector, parse_period(start, end))
    if key not in _stores:
        _stores[key] = simulate(learner_id, sector=sector, start=start, end=end)
    return _stores[key]


def _fitted(data: StoreData) -> integrity_answers.StoreFit:
    """`store_fit`, worked out once per store content: the key is a hash of everything in the store, so a store
    that differs in anything (another learner, sector, period, an own-data folder, a changed table) is fitted
    afresh, and the same store loaded from a run's cache and simulated (which pickle differently) is fitted once."""
    key = _content_key(data)
    if key not in _fits:
        _fits[key] = _store_fit(data)
    return _fits[key]


def _content_key(data: StoreData) -> str:
    """A hash of the store's content: each field in order, a table by its columns, dtypes, index and values
    (pandas' own row hashes); the whole pickled store when a table holds values pandas cannot hash."""
    digest = hashlib.sha256()
    try:
        for spec in dataclasses.fields(data):
            value = getattr(data, spec.name)
            digest.update(spec.name.encode())
            if isinstance(value, pd.DataFrame):
                digest.update(repr((list(value.columns), [str(t) for t in value.dtypes])).encode())
                digest.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
            else:
                digest.update(repr(value).encode())
    except TypeError:  # e.g. a list in a cell
        return "pickle:" + hashlib.sha256(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
    return digest.hexdigest()


@contextlib.contextmanager
def shared_store_work() -> Iterator[None]:
    """Within it, a `course run` in this process reuses what earlier runs of the session worked out: a learner's
    simulated store when the tutor's process must simulate it (course.store.signed; it still writes and signs the
    run's own entry, which the kernels load), and each store's integrity fit (course.tutor.integrity_answers).
    Both are pure functions of their inputs, so the run's results are the same; the shared stores must not be
    changed. Kernels and the run's worker processes are untouched: they do their own work, as in any run."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(signed, "simulate", _simulated)
        patch.setattr(integrity_answers, "store_fit", _fitted)
        yield


# ---- nbval in a pytest of its own, as quick to start as it can be ----
# nbval's pytest, started without rfc3987-syntax: jsonschema (through nbformat) builds its IRI grammars at import,
# about 3 s of CPU per run, for a format check no notebook uses. Without it jsonschema skips that check. Its pytest
# loads nbval alone (PYTEST_DISABLE_PLUGIN_AUTOLOAD, then `-p nbval.plugin`), not hypothesis, xdist or playwright.
NBVAL_PYTEST = "import sys; sys.modules['rfc3987_syntax'] = None; import pytest; raise SystemExit(pytest.main())"


def run_nbval(notebook: Path, *options: str, timeout: float = 300,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`pytest --nbval NOTEBOOK OPTIONS...` in a new process (its own kernel), from the notebook's folder, with only
    the nbval plugin; `env` is added to this process's environment. Return what it did."""
    command = [sys.executable, "-c", NBVAL_PYTEST, "-p", "no:cacheprovider", "-p", "nbval.plugin", "--nbval", "-q",
               *options, str(notebook)]
    return subprocess.run(command, cwd=notebook.parent, capture_output=True, text=True, timeout=timeout, check=False,
                          env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", **(env or {})})
