"""A learner's simulated store, cached on disk so a tutor's run simulates it once and every notebook loads it.

`course run` and `course report` set $COURSE_STORE_CACHE in each kernel to RUN/store-cache/;
`course.start` (and the report template) then call `simulate_cached`, which loads the learner's store from
there, or simulates it and saves it for the learner's next notebook. Without the variable (a learner's own
JupyterLab) it simply simulates, as before.

Correct by construction: the file name is a hash of everything the tables depend on (learner id, sector,
period, the kit version, every file of course/store, and the Python, pandas, numpy and PyYAML versions),
and the file holds that key too; any change of code, parameters or library misses. A file that is not
whole (wrong header, length or checksum, or not the tables the key says) is ignored and rebuilt. Writes
are atomic (a temporary file, then os.replace), so readers never see half a file and concurrent writers
are safe; a lock file (POSIX) makes a learner's second notebook wait for the first one's simulation
instead of repeating it.

The format is pickle (protocol 5) of the tables, behind a header with the payload's length and CRC-32:
loading is several times faster than simulating (benchmarks/bench_simulate.py prints both; parquet would
need pyarrow, which the kit does not install). Pickle runs code when it loads, so the folder must be the
tutor's own: RUN/ is, and the only other code that can write there is a learner's notebook running in the
run's kernels, which already runs with the tutor's rights (kernels are not a sandbox), so the cache gives
it no new power.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import struct
import sys
import tempfile
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from course.store.data import StoreData
from course.store.profile import parse_period
from course.store.schema import TABLES
from course.store.simulate import simulate

ENV = "COURSE_STORE_CACHE"  # the folder a tutor's run keeps the stores in; unset or empty: no cache
FOLDER = "store-cache"      # RUN/store-cache/
FORMAT = 1                  # this file layout; change it when the layout changes
_MAGIC = b"COURSE-STORE\n"
_HEADER = struct.Struct(">QI")  # payload length, CRC-32 of the payload
_SOURCES = Path(__file__).resolve().parent


def folder(run_dir: str | os.PathLike[str]) -> Path:
    """Return the store cache of a RUN folder."""
    return Path(run_dir) / FOLDER


def kernel_env(run_dir: str | os.PathLike[str]) -> dict[str, str]:
    """Return the environment a run's kernels need to use RUN/store-cache/."""
    return {ENV: str(folder(Path(run_dir).resolve()))}


def simulate_cached(learner_id: str, *, sector: str = "apparel", start: str | date | None = None,
                    end: str | date | None = None) -> StoreData:
    """Return `simulate(learner_id, ...)`, through the cache in $COURSE_STORE_CACHE when it is set."""
    cache = from_env()
    if cache is None:
        return simulate(learner_id, sector=sector, start=start, end=end)
    return load_or_simulate(cache, learner_id, sector=sector, start=start, end=end)


def from_env() -> Path | None:
    """Return the cache folder a tutor's run named in $COURSE_STORE_CACHE, or None (no cache)."""
    where = os.environ.get(ENV, "")
    return Path(where) if where else None


def load_or_simulate(cache: Path, learner_id: str, *, sector: str = "apparel", start: str | date | None = None,
                     end: str | date | None = None) -> StoreData:
    """Return the learner's store from `cache`, simulating and saving it first when it is not there.

    A cache that cannot be read or written never stops the learner: the store is then simply simulated.
    """
    key = cache_key(learner_id, sector=sector, start=start, end=end)
    path = entry_path(cache, key)
    found = read_entry(path, key)
    if found is not None:
        return found
    with _locked(path):
        found = read_entry(path, key)  # another kernel may have made it while this one waited
        if found is not None:
            return found
        data = simulate(learner_id, sector=sector, start=start, end=end)
        with contextlib.suppress(OSError):  # a full disk or a read-only folder: no cache, same data
            write_entry(path, key, data)
            _remove_outdated(path, key)
    return data


def _remove_outdated(path: Path, key: dict[str, Any]) -> None:
    """Delete this learner's entries (and lock files) of other kit versions, so the folder does not grow."""
    for old in path.parent.glob(f"{_stem(key)}.*"):
        if old.stem != path.stem and old.suffix in (".pickle", ".lock"):
            old.unlink(missing_ok=True)


def cache_key(learner_id: str, *, sector: str, start: str | date | None, end: str | date | None) -> dict[str, Any]:
    """Return everything a store's tables depend on (the period as the simulation resolves it)."""
    import course

    first, last = parse_period(start, end)
    return {"format": FORMAT, "learner_id": learner_id, "sector": sector, "start": first.isoformat(),
            "end": last.isoformat(), "kit": course.__version__, "sources": sources_digest(),
            "libraries": library_versions()}


def entry_path(cache: Path, key: dict[str, Any]) -> Path:
    """Return the file of a key: <learner>.<sector>.<start>_<end>.<digest of the whole key>.pickle."""
    digest = hashlib.sha256(repr(sorted(key.items())).encode("utf-8")).hexdigest()[:32]
    return cache / f"{_stem(key)}.{digest}.pickle"


def _stem(key: dict[str, Any]) -> str:
    readable = "".join(c if c.isalnum() or c in "._-" else "_" for c in str(key["learner_id"]))[:64]
    return f"{readable}.{key['sector']}.{key['start']}_{key['end']}"


@functools.cache
def sources_digest() -> str:
    """Return a SHA-256 of every file of course/store (names and bytes): any change of code or data misses."""
    digest = hashlib.sha256()
    for path in sorted(p for p in _SOURCES.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and p.suffix not in (".pyc", ".pyo")):
        digest.update(path.relative_to(_SOURCES).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def library_versions() -> str:
    """Return the versions that shape the tables and their pickled form."""
    import yaml

    python = ".".join(map(str, sys.version_info[:3]))
    return f"python {python}; pandas {pd.__version__}; numpy {np.__version__}; pyyaml {yaml.__version__}"


def write_entry(path: Path, key: dict[str, Any], data: StoreData) -> Path:
    """Write a store to `path` atomically: a temporary file in the same folder, then os.replace."""
    meta = {"learner_id": data.learner_id, "sector": data.sector, "start": data.start, "end": data.end}
    payload = pickle.dumps({"key": key, "meta": meta, "tables": data.tables()}, protocol=5)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC + _HEADER.pack(len(payload), zlib.crc32(payload)))
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_entry(path: Path, key: dict[str, Any]) -> StoreData | None:
    """Return the store saved at `path` for exactly `key`, or None when it is missing or not whole."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return entry_from_bytes(raw, key)


def entry_from_bytes(raw: bytes, key: dict[str, Any]) -> StoreData | None:
    """Return the store a cache file's bytes hold for exactly `key`, or None when they are not whole."""
    start = len(_MAGIC) + _HEADER.size
    if len(raw) < start or not raw.startswith(_MAGIC):
        return None
    length, crc = _HEADER.unpack_from(raw, len(_MAGIC))
    payload = memoryview(raw)[start:]
    if len(payload) != length or zlib.crc32(payload) != crc:
        return None
    try:
        saved = pickle.loads(payload)  # noqa: S301 - RUN/ is the tutor's own (see the module docstring)
        if saved["key"] != key or list(saved["tables"]) != [t.name for t in TABLES]:
            return None
        if not all(isinstance(frame, pd.DataFrame) for frame in saved["tables"].values()):
            return None
        return StoreData(**saved["meta"], **saved["tables"])
    except Exception:  # noqa: BLE001 - a damaged or foreign file: rebuild it, never fail the learner
        return None


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path`'s lock file while the block runs (POSIX; elsewhere, no lock)."""
    try:
        import fcntl
    except ImportError:  # Windows: concurrent writers are still safe, they may just both simulate
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path.with_suffix(".lock"), "a+b")  # noqa: SIM115 - closed in the finally below
    except OSError:
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # closing releases the lock
