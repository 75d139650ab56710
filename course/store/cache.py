"""A learner's simulated store, cached on disk so a tutor's run simulates it once and every notebook loads it.

`course run` simulates each learner's store once, in the tutor's process, before their first notebook's kernel
starts, and writes it here signed (course.store.signed); `course run` and `course report` set
$COURSE_STORE_CACHE in each kernel to RUN/store-cache/, and `course.start` (and the report template) then call
`simulate_cached`, which loads the learner's store from there without checking the signature (a kernel has no
key to check it with). A kernel that finds no entry simulates the store and saves it unsigned, which the
tutor's process never trusts. Without the variable (a learner's own JupyterLab) it simply simulates, as before.

Correct by construction: the file name is a hash of everything the tables depend on (learner id, sector,
period, the kit version, every file of course/store, and the Python, pandas, numpy and PyYAML versions),
and the file holds that key too; any change of code, parameters or library misses. A file that is not
whole (wrong header, length or checksum, or not the tables the key says) is ignored and rebuilt. Writes
are atomic (a temporary file, then os.replace), so readers never see half a file and concurrent writers
are safe; a lock file (POSIX) makes a second reader wait for the first one's simulation instead of
repeating it.

The format is pickle (protocol 5) of the tables, behind a header with the payload's length and CRC-32, the
run mark and the HMAC-SHA256 tag of the run that signed it (zeros: unsigned): loading is several times faster
than simulating (benchmarks/bench_simulate.py prints both; parquet would need pyarrow, which the kit does not
install). Pickle runs code when it loads, so the folder must be the tutor's own: RUN/ is, and the only other
code that can write there is a learner's notebook running in the run's kernels, which already runs with the
tutor's rights (kernels are not a sandbox), so the cache gives it no new power. The tutor's process checks
the tag before it unpickles anything (`signed_entry`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
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
FORMAT = 2                  # this file layout; change it when the layout changes
_MAGIC = b"COURSE-STORE\n"
_HEADER = struct.Struct(">QI16s32s")  # payload length, CRC-32 of the payload, run mark, HMAC-SHA256 tag
_UNSIGNED = (bytes(16), bytes(32))
HEADER_END = len(_MAGIC) + _HEADER.size
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
    with locked(path):
        found = read_entry(path, key)  # another kernel may have made it while this one waited
        if found is not None:
            return found
        data = simulate(learner_id, sector=sector, start=start, end=end)
        with contextlib.suppress(OSError):  # a full disk or a read-only folder: no cache, same data
            write_entry(path, key, data)
            remove_outdated(path, key)
    return data


def remove_outdated(path: Path, key: dict[str, Any]) -> None:
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


def write_entry(path: Path, key: dict[str, Any], data: StoreData, *, secret: str = "") -> Path:
    """Write a store to `path` atomically: a temporary file in the same folder, then os.replace.

    With `secret` (a tutor's run's key, course.store.signed) the entry carries that run's mark and tag."""
    meta = {"learner_id": data.learner_id, "sector": data.sector, "start": data.start, "end": data.end}
    payload = pickle.dumps({"key": key, "meta": meta, "tables": data.tables()}, protocol=5)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            mark, tag = (run_mark(secret), sign(secret, payload)) if secret else _UNSIGNED
            handle.write(_MAGIC + _HEADER.pack(len(payload), zlib.crc32(payload), mark, tag))
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
    payload = _whole_payload(raw)
    return None if payload is None else _unpickled(payload, key)


def _whole_payload(raw: bytes) -> memoryview | None:
    """Return the payload of a cache file's bytes, or None when the header, length or CRC-32 is wrong."""
    if len(raw) < HEADER_END or not raw.startswith(_MAGIC):
        return None
    length, crc, _mark, _tag = _HEADER.unpack_from(raw, len(_MAGIC))
    payload = memoryview(raw)[HEADER_END:]
    if len(payload) != length or zlib.crc32(payload) != crc:
        return None
    return payload


def _unpickled(payload: memoryview, key: dict[str, Any]) -> StoreData | None:
    try:
        saved = pickle.loads(payload)  # noqa: S301 - RUN/ is the tutor's own (see the module docstring)
        if saved["key"] != key or list(saved["tables"]) != [t.name for t in TABLES]:
            return None
        if not all(isinstance(frame, pd.DataFrame) for frame in saved["tables"].values()):
            return None
        return StoreData(**saved["meta"], **saved["tables"])
    except Exception:  # noqa: BLE001 - a damaged or foreign file: rebuild it, never fail the learner
        return None


def run_mark(secret: str) -> bytes:
    """Return the public mark of the run whose key is `secret`: which run signed an entry (not a secret)."""
    return hashlib.sha256(b"course-store-run-mark\0" + secret.encode()).digest()[:16]


def sign(secret: str, payload: bytes | memoryview) -> bytes:
    """Return the HMAC-SHA256 tag of an entry's payload under `secret`."""
    digest = hmac.new(secret.encode(), run_mark(secret), hashlib.sha256)
    digest.update(payload)  # no copy of the payload
    return digest.digest()


def signature_ok(raw: bytes, secret: str) -> bool | None:
    """Check a cache file's bytes against the run's key `secret`, reading nothing but bytes.

    True: whole and signed with `secret`. False: it bears this run's mark but not its tag, or is not whole:
    written by this run's tutor process and changed since. None: not this run's (unsigned, as a kernel writes
    it, signed by an earlier run, or not a cache file at all).
    """
    if not secret or len(raw) < HEADER_END or not raw.startswith(_MAGIC):
        return None
    mark, tag = _HEADER.unpack_from(raw, len(_MAGIC))[2:]
    if mark != run_mark(secret):
        return None
    payload = _whole_payload(raw)
    return payload is not None and hmac.compare_digest(tag, sign(secret, payload))


def signed_entry(raw: bytes, key: dict[str, Any], secret: str) -> tuple[StoreData | None, bool]:
    """Return (the store, False) when the bytes are signed with `secret` and hold exactly `key`'s store, checked
    before anything is unpickled; else (None, changed), `changed` as `signature_ok` says False."""
    ok = signature_ok(raw, secret)
    if not ok:
        return None, ok is False
    found = entry_from_bytes(raw, key)
    return found, found is None


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
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
