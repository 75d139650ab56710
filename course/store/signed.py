"""A learner's store as the tutor's process uses it in a run: simulated once, signed, and checked on every use.

`course run` makes a key for each run (`new_secret`), held only by the tutor's processes (the run's parent and
its workers) and never given to a kernel. Before a learner's notebook starts, the worker calls `trusted_store`:
it loads the learner's entry from the run's store cache (course.store.cache) when the entry carries this run's
HMAC-SHA256 tag, or simulates the store and writes it there signed, atomically, under the entry's lock, so each
store is simulated once per run and every kernel of the learner then loads it. The judge (course.tutor.judge_data)
and the integrity checks (course.tutor.integrity) call `trusted_store` too, and so check the tag again: the
kernels can write to RUN/, so the tutor's process never uses an entry it cannot verify. The tag is checked
before anything is unpickled.

An entry that is missing, unsigned (written by a kernel), or signed by an earlier run is simulated again
silently: that is the once per run. An entry that bears this run's mark but not its tag, or is no longer
whole, or that this process had checked and is now different or gone, was changed after the tutor's process
wrote it: it is simulated again too, and `Trusted.changed` says what was seen, for the caller to record as a
tampering sign.

Each process keeps the last two stores it checked (`MEMO`), so a worker judging a learner's notebooks one after
another unpickles their store once. Each use reads the file and checks its tag again, unless the file's inode,
size and change times are exactly as they were when this process last checked its bytes, and that check came
more than RACY_SECONDS after the file last changed. That is git's rule for "racily clean" files: a kernel can
set a file's modification time back, but not its change time (ctime), and a change within the same clock tick
as the check could not show in the times, so such a file is read again. A grocery store's entry is about 50 MB,
whose HMAC cost about 0.1 s on every use, three uses a notebook. Memory stays flat in cohort size.
Without a key (a test building its own task) the store is simply simulated.
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from course.store import cache
from course.store.data import StoreData
from course.store.simulate import simulate

MEMO = 2  # stores each process keeps after checking them
RACY_SECONDS = 1.0  # a file checked sooner than this after it last changed is read and checked again next time
Seen = tuple[int, int, int, int]  # a file's inode, size, mtime and ctime (ns), as os.stat gave them


@dataclass(frozen=True)
class _Kept:
    """A store this process checked: its entry's tag, the store, and the entry's stat then (None: racy, check again)."""
    tag: bytes
    data: StoreData
    seen: Seen | None = None


_memo: OrderedDict[tuple[Path, str], _Kept] = OrderedDict()


@dataclass(frozen=True)
class Trusted:
    """A store the tutor's process can trust; `changed` says why its entry was not (None: nothing seen)."""
    data: StoreData
    simulated: bool = False
    changed: str | None = None


def new_secret() -> str:
    """Return a new run's key: 64 hex digits, for this run's tutor processes only."""
    return secrets.token_hex(32)


def trusted_store(folder: Path, learner_id: str, *, sector: str, secret: str, start: str | date | None = None,
                  end: str | date | None = None) -> Trusted:
    """Return the learner's store from the signed entry in `folder`, or simulated and written there signed."""
    if not secret:
        return Trusted(_unsigned(learner_id, sector, start, end), simulated=True)
    key = cache.cache_key(learner_id, sector=sector, start=start, end=end)
    path = cache.entry_path(folder, key)
    found, changed = _checked(path, key, secret)
    if found is not None:
        return Trusted(found, changed=changed)
    with cache.locked(path):  # another worker may be simulating it: wait for it, then look again
        found, _ = _checked(path, key, secret)
        if found is not None:
            return Trusted(found, changed=changed)
        data = simulate(learner_id, sector=sector, start=start, end=end)
        with contextlib.suppress(OSError):  # no cache (a full disk): the same store, simulated again next time
            cache.write_entry(path, key, data, secret=secret)
            cache.remove_outdated(path, key)
            with path.open("rb") as handle:
                _remember(path, secret, _tag_of(handle.read(cache.HEADER_END)), data)
    return Trusted(data, simulated=True, changed=changed)


def _checked(path: Path, key: dict[str, object], secret: str) -> tuple[StoreData | None, str | None]:
    """Return (the verified store, None), or (None, what was seen when the entry was changed after signing: it
    bears this run's mark but not its tag, or this process had checked it in this run and it is no longer so)."""
    kept = _memo.get((path, secret))
    seen = _seen(path)
    if kept is not None and kept.seen is not None and seen == kept.seen:
        _memo.move_to_end((path, secret))  # checked before, and not changed since: see the module's docstring
        return kept.data, None
    try:
        raw = path.read_bytes()
    except OSError:
        return None, "the run's signed copy of this learner's store had been deleted" if kept else None
    trusty = seen if seen is not None and time.time_ns() - max(seen[2], seen[3]) > RACY_SECONDS * 1e9 else None
    if kept is not None and _tag_of(raw) == kept.tag and cache.signature_ok(raw, secret):
        _remember(path, secret, kept.tag, kept.data, trusty)  # the same signed bytes as last time: not unpickled
        return kept.data, None
    found, changed = cache.signed_entry(raw, key, secret)
    if found is None:
        return None, ("the run's signed copy of this learner's store had been changed (its signature no longer "
                      "matched)") if changed or kept else None
    _remember(path, secret, _tag_of(raw), found, trusty)
    return found, None


def _seen(path: Path) -> Seen | None:
    """The file's inode, size, mtime and ctime, taken before its bytes are read (None: it cannot be read)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


@functools.lru_cache(maxsize=MEMO)
def _unsigned(learner_id: str, sector: str, start: str | date | None, end: str | date | None) -> StoreData:
    return simulate(learner_id, sector=sector, start=start, end=end)


def _tag_of(raw: bytes) -> bytes:
    return raw[:cache.HEADER_END][-32:]


def _remember(path: Path, secret: str, tag: bytes, data: StoreData, seen: Seen | None = None) -> None:
    _memo[(path, secret)] = _Kept(tag, data, seen)
    _memo.move_to_end((path, secret))
    while len(_memo) > MEMO:
        _memo.popitem(last=False)
