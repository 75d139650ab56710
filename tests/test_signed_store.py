"""One store per learner per run (course.store.signed): simulated once by the tutor's process, signed with a key no
kernel has, loaded by kernels unchecked and by the judge and the integrity checks only when the signature checks;
an entry changed after it was signed is simulated again and becomes a tampering sign."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from course.store import StoreData, signed, simulate
from course.store import cache as store_cache
from course.tutor import integrity, judge_data
from tests.test_store_cache import SHORT, Counter, assert_same_store, entries

KEY, OTHER_RUN = "a" * 64, "b" * 64


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> dict[str, Counter]:
    """Count the simulations of the tutor's process and of a kernel (course.store.cache's load_or_simulate)."""
    found = {"tutor": Counter(), "kernel": Counter()}
    monkeypatch.setattr(signed, "simulate", found["tutor"])
    monkeypatch.setattr(store_cache, "simulate", found["kernel"])
    monkeypatch.setattr(signed, "_memo", type(signed._memo)())
    return found


def trusted(folder: Path, learner_id: str = "s1", secret: str = KEY) -> signed.Trusted:
    return signed.trusted_store(folder, learner_id, sector="grocery", secret=secret, **SHORT)


def test_the_tutor_simulates_once_and_every_kernel_loads_that_entry(tmp_path: Path, counts: dict[str, Counter]) -> None:
    first = trusted(tmp_path)
    again = trusted(tmp_path)
    kernel = store_cache.load_or_simulate(tmp_path, "s1", sector="grocery", **SHORT)  # a kernel: no key, no check
    assert (counts["tutor"].calls, counts["kernel"].calls) == (1, 0)
    assert (first.simulated, again.simulated, first.changed, again.changed) == (True, False, None, None)
    assert len(entries(tmp_path)) == 1
    fresh = simulate("s1", sector="grocery", **SHORT)
    for data in (first.data, again.data, kernel):
        assert_same_store(data, fresh)


def test_a_check_of_an_unchanged_entry_reads_its_bytes_but_unpickles_once(tmp_path: Path, counts: dict[str, Counter],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    trusted(tmp_path)
    signed._memo.clear()  # another worker: it has not seen the entry yet
    unpickled: list[int] = []
    real = store_cache.entry_from_bytes
    monkeypatch.setattr(store_cache, "entry_from_bytes", lambda *a: unpickled.append(1) or real(*a))
    for _ in range(3):
        assert trusted(tmp_path).data.learner_id == "s1"
    assert counts["tutor"].calls == 1 and len(unpickled) == 1


@pytest.mark.parametrize("whose", ["a kernel's (unsigned)", "an earlier run's"])
def test_an_entry_this_run_did_not_sign_is_simulated_again_without_a_sign(tmp_path: Path, counts: dict[str, Counter],
                                                                        whose: str) -> None:
    if whose.startswith("a kernel"):
        store_cache.load_or_simulate(tmp_path, "s1", sector="grocery", **SHORT)
    else:
        trusted(tmp_path, secret=OTHER_RUN)
        signed._memo.clear()
    before = counts["tutor"].calls
    found = trusted(tmp_path)
    assert counts["tutor"].calls == before + 1 and found.simulated and found.changed is None
    raw = entries(tmp_path)[0].read_bytes()
    assert store_cache.signature_ok(raw, KEY) is True and store_cache.signature_ok(raw, OTHER_RUN) is None


def _forge(path: Path, data: StoreData, key: dict[str, object]) -> None:
    """What a kernel can do: write another store under the entry's name, copying the run's mark (not its tag)."""
    raw = path.read_bytes()
    store_cache.write_entry(path, key, data)
    forged = path.read_bytes()
    path.write_bytes(forged[:store_cache.HEADER_END - 48] + raw[store_cache.HEADER_END - 48:store_cache.HEADER_END - 32]
                     + bytes(32) + forged[store_cache.HEADER_END:])


@pytest.mark.parametrize("change", ["another store", "one byte", "deleted"])
def test_an_entry_changed_after_signing_is_simulated_again_and_said(tmp_path: Path, counts: dict[str, Counter],
                                                                   change: str) -> None:
    trusted(tmp_path)
    path = entries(tmp_path)[0]
    key = store_cache.cache_key("s1", sector="grocery", **SHORT)
    if change == "another store":
        other = simulate("s2", sector="grocery", **SHORT)
        _forge(path, StoreData(learner_id="s1", sector=other.sector, start=other.start, end=other.end,
                               **other.tables()), key)
        assert store_cache.read_entry(path, key) is not None  # a kernel would load the forged store
    elif change == "one byte":
        raw = bytearray(path.read_bytes())
        raw[-100] ^= 0xFF
        path.write_bytes(bytes(raw))
    else:
        path.unlink()
    found = trusted(tmp_path)
    assert counts["tutor"].calls == 2 and found.simulated
    assert found.changed is not None and ("deleted" if change == "deleted" else "changed") in found.changed
    assert_same_store(found.data, simulate("s1", sector="grocery", **SHORT))
    assert store_cache.signature_ok(path.read_bytes(), KEY) is True, "the signed store is written back"


def test_the_judge_notes_a_changed_store_as_a_sign_on_the_notebook(tmp_path: Path, counts: dict[str, Counter]) -> None:
    task = SimpleNamespace(learner_id="s1", sector="apparel", notebook="2-recording/b.ipynb", run_dir=tmp_path,
                           judge_secret=KEY, data_dir=None)
    before = judge_data.notebook_store(task)  # before the kernel starts
    assert judge_data.store_signs(before, task.notebook) == []
    entries(store_cache.folder(tmp_path))[0].write_bytes(b"not a store")  # changed while the notebook ran
    after = judge_data.notebook_store(task)
    [sign] = judge_data.store_signs(after, task.notebook)
    assert sign.item_id == task.notebook and "simulated the store again" in sign.detail
    pd.testing.assert_frame_equal(after.data.transactions, before.data.transactions)


def test_the_integrity_checks_flag_a_changed_store_and_a_clean_rerun_clears_the_flag(
        tmp_path: Path, counts: dict[str, Counter]) -> None:
    learner = SimpleNamespace(learner_id="s1", sector="apparel")
    found: list[integrity.Flag] = []
    load = integrity._signed_loader(tmp_path, KEY, found)
    load(learner)
    entries(store_cache.folder(tmp_path))[0].write_bytes(b"")
    signed._memo.clear()  # emptied, not deleted: seen without this process's memory of it
    assert load(learner).learner_id == "s1" and found == []  # not this run's mark: nothing to say
    path = entries(store_cache.folder(tmp_path))[0]
    raw = bytearray(path.read_bytes())
    raw[-100] ^= 0xFF
    path.write_bytes(bytes(raw))
    load(learner)
    assert [(f.learner_id, f.kind, f.strength, f.item_id) for f in found] == [("s1", "tampering", "strong", None)]
    conn = sqlite3.connect(":memory:")
    integrity.record(conn, [*found, integrity.Flag("s1", "tampering", "strong", None, "kpi-atv", "a judged sign")])
    integrity.replace_detected(conn, [])  # the next run's checks found the entry whole
    assert [(f.item_id, f.detail) for f in integrity.flags(conn)] == [("kpi-atv", "a judged sign")]


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    checks: list[int] = []
    real = store_cache.signature_ok
    monkeypatch.setattr(store_cache, "signature_ok", lambda *a: checks.append(1) or real(*a))
    return checks


def test_an_entry_unchanged_since_a_settled_check_is_not_read_again(tmp_path: Path, counts: dict[str, Counter],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    trusted(tmp_path)  # written, then checked at once: racy, so the next use reads it again
    checks = _count_checks(monkeypatch)
    trusted(tmp_path)
    assert len(checks) == 1, "an entry checked in the same moment it was written is checked again"
    monkeypatch.setattr(signed, "RACY_SECONDS", 0.0)
    time.sleep(0.05)  # past the file system's clock tick
    trusted(tmp_path)  # checked now that the entry has settled: its stat is kept
    for _ in range(3):
        assert trusted(tmp_path).data.learner_id == "s1"
    assert len(checks) == 2 and counts["tutor"].calls == 1


def test_a_change_with_its_modification_time_set_back_is_still_seen(tmp_path: Path, counts: dict[str, Counter],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(signed, "RACY_SECONDS", 0.0)
    trusted(tmp_path)
    time.sleep(0.05)
    trusted(tmp_path)  # a settled check: the stat is kept
    path = entries(tmp_path)[0]
    before = path.stat()
    time.sleep(0.05)
    raw = bytearray(path.read_bytes())
    raw[-100] ^= 0xFF
    path.write_bytes(bytes(raw))  # the same inode and size ...
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # ... and the modification time set back
    assert (path.stat().st_ino, path.stat().st_size, path.stat().st_mtime_ns) == \
        (before.st_ino, before.st_size, before.st_mtime_ns)
    found = trusted(tmp_path)
    assert found.simulated and found.changed is not None and "changed" in found.changed
    assert counts["tutor"].calls == 2
