"""The store cache of a tutor's run (course.store.cache): a loaded store is the simulated store exactly, any
change of learner, parameters, code or library version misses, damaged files are rebuilt, and writers
never leave half a file, however many run at once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import course
from course import session
from course.store import SECTORS, StoreData, simulate
from course.store import cache as store_cache

SHORT = {"start": "2025-03-01", "end": "2025-04-30"}  # a short period keeps the tests quick
ROOT = Path(__file__).resolve().parents[1]


class Counter:
    """Wraps simulate, counting calls: a cache hit must not simulate."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, *args, **kwargs) -> StoreData:
        self.calls += 1
        return simulate(*args, **kwargs)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter:
    counter = Counter()
    monkeypatch.setattr(store_cache, "simulate", counter)
    return counter


def assert_same_store(loaded: StoreData, fresh: StoreData) -> None:
    assert (loaded.learner_id, loaded.sector, loaded.start, loaded.end) == \
        (fresh.learner_id, fresh.sector, fresh.start, fresh.end)
    assert list(loaded.tables()) == list(fresh.tables())
    for name, frame in fresh.tables().items():
        pd.testing.assert_frame_equal(loaded.tables()[name], frame, check_exact=True, obj=name)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


@pytest.mark.parametrize(("learner_id", "sector", "period"),
                         [("cache-a1", s, {}) for s in SECTORS]
                         + [("b-2", "grocery", SHORT), ("c.3", "apparel", SHORT), ("d_4", "homeware", SHORT)])
def test_a_loaded_store_is_identical_to_a_fresh_simulation(tmp_path: Path, counted: Counter, learner_id: str,
                                                           sector: str, period: dict[str, str]) -> None:
    made = store_cache.load_or_simulate(tmp_path, learner_id, sector=sector, **period)
    loaded = store_cache.load_or_simulate(tmp_path, learner_id, sector=sector, **period)
    assert counted.calls == 1, "the second call must load, not simulate"
    assert len(entries(tmp_path)) == 1
    fresh = simulate(learner_id, sector=sector, **period)
    assert_same_store(made, fresh)
    assert_same_store(loaded, fresh)


def test_each_learner_sector_and_period_has_its_own_entry(tmp_path: Path, counted: Counter) -> None:
    calls = [("e1", "apparel", SHORT), ("e2", "apparel", SHORT), ("e1", "grocery", SHORT),
             ("e1", "apparel", {"start": "2025-03-01", "end": "2025-05-01"})]
    for learner_id, sector, period in calls:
        data = store_cache.load_or_simulate(tmp_path, learner_id, sector=sector, **period)
        assert (data.learner_id, data.sector, data.end.isoformat()) == (learner_id, sector, period["end"])
    assert counted.calls == 4 and len(entries(tmp_path)) == 4


@pytest.mark.parametrize("change", ["kit version", "library version", "course/store source"])
def test_a_new_kit_library_or_source_misses_and_replaces_the_old_entry(tmp_path: Path, counted: Counter,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       change: str) -> None:
    store_cache.load_or_simulate(tmp_path, "v1", sector="electronics", **SHORT)
    old = entries(tmp_path)
    if change == "kit version":
        monkeypatch.setattr(course, "__version__", course.__version__ + ".1")
    elif change == "library version":
        monkeypatch.setattr(pd, "__version__", pd.__version__ + "+changed")
    else:
        monkeypatch.setattr(store_cache, "sources_digest", lambda: "0" * 64)
    store_cache.load_or_simulate(tmp_path, "v1", sector="electronics", **SHORT)
    assert counted.calls == 2, f"a changed {change} must miss"
    assert len(entries(tmp_path)) == 1 and entries(tmp_path) != old, "the outdated entry is removed"


@pytest.mark.parametrize("edit", ["simulate.py", "catalogue.yaml", "new file"])
def test_the_source_digest_covers_every_file_of_the_store_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  edit: str) -> None:
    copy = tmp_path / "store"
    shutil.copytree(ROOT / "course" / "store", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(store_cache, "_SOURCES", copy)
    store_cache.sources_digest.cache_clear()
    try:
        before = store_cache.sources_digest()
        if edit == "new file":
            (copy / "extra.py").write_text("X = 1\n", encoding="utf-8")
        else:
            (copy / edit).write_bytes((copy / edit).read_bytes().replace(b"0", b"1", 1))
        store_cache.sources_digest.cache_clear()
        assert store_cache.sources_digest() != before
    finally:
        store_cache.sources_digest.cache_clear()


def test_a_file_moved_to_another_key_is_not_trusted(tmp_path: Path, counted: Counter) -> None:
    store_cache.load_or_simulate(tmp_path, "f1", sector="apparel", **SHORT)
    key = store_cache.cache_key("f2", sector="apparel", **SHORT)
    target = store_cache.entry_path(tmp_path, key)
    entries(tmp_path)[0].rename(target)  # f1's tables under f2's name
    data = store_cache.load_or_simulate(tmp_path, "f2", sector="apparel", **SHORT)
    assert counted.calls == 2 and data.learner_id == "f2"
    assert_same_store(data, simulate("f2", sector="apparel", **SHORT))


@pytest.mark.parametrize("damage", ["truncated", "one byte changed", "empty", "not ours", "header only"])
def test_a_damaged_file_is_ignored_and_rebuilt(tmp_path: Path, counted: Counter, damage: str) -> None:
    store_cache.load_or_simulate(tmp_path, "g1", sector="homeware", **SHORT)
    path = entries(tmp_path)[0]
    raw = path.read_bytes()
    damaged = {"truncated": raw[: len(raw) // 2], "empty": b"", "not ours": b"PK\x03\x04 a zip file",
               "header only": raw[:25],
               "one byte changed": raw[:len(raw) // 2] + bytes([raw[len(raw) // 2] ^ 0xFF]) + raw[len(raw) // 2 + 1:]}
    path.write_bytes(damaged[damage])
    data = store_cache.load_or_simulate(tmp_path, "g1", sector="homeware", **SHORT)
    assert counted.calls == 2, "a damaged entry must be simulated again"
    assert_same_store(data, simulate("g1", sector="homeware", **SHORT))
    assert path.read_bytes() == raw, "the rebuilt entry replaces the damaged one"


def test_a_failed_write_leaves_no_temporary_file_and_the_old_entry_whole(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    data = store_cache.load_or_simulate(tmp_path, "h1", sector="apparel", **SHORT)
    path = entries(tmp_path)[0]
    before = path.read_bytes()

    def no_rename(*args: object) -> None:
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(store_cache.os, "replace", no_rename)
    with pytest.raises(OSError):
        store_cache.write_entry(path, store_cache.cache_key("h1", sector="apparel", **SHORT), data)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, path.with_suffix(".lock").name])
    assert path.read_bytes() == before


def test_an_unusable_cache_folder_never_stops_the_learner(tmp_path: Path, counted: Counter) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    data = store_cache.load_or_simulate(not_a_folder / "cache", "i1", sector="grocery", **SHORT)
    assert counted.calls == 1
    assert_same_store(data, simulate("i1", sector="grocery", **SHORT))


def test_start_uses_the_cache_only_when_the_run_names_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          counted: Counter) -> None:
    monkeypatch.setattr(session, "simulate", counted)
    monkeypatch.delenv(store_cache.ENV, raising=False)
    course.start("j1", sector="electronics", progress_path=tmp_path / "log.jsonl", **SHORT)
    assert counted.calls == 1 and not (tmp_path / "cache").exists()
    monkeypatch.setenv(store_cache.ENV, str(tmp_path / "cache"))
    first = course.start("j1", sector="electronics", progress_path=tmp_path / "log.jsonl", **SHORT)
    again = course.start("j1", sector="electronics", progress_path=tmp_path / "log.jsonl", **SHORT)
    assert counted.calls == 2 and len(entries(tmp_path / "cache")) == 1
    assert_same_store(again.data, first.data)
    assert_same_store(again.data, simulate("j1", sector="electronics", **SHORT))
    session.end()


_WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from course.store import cache
    calls = []
    real = cache.simulate
    cache.simulate = lambda *a, **k: calls.append(1) or real(*a, **k)
    sys.stdin.readline()  # all writers start together
    data = cache.load_or_simulate(Path(sys.argv[1]), "k1", sector="grocery", start="2025-03-01", end="2025-04-30")
    key = cache.cache_key("k1", sector="grocery", start="2025-03-01", end="2025-04-30")
    for _ in range(5):  # then rewrite it over and over while the others read it
        cache.write_entry(cache.entry_path(Path(sys.argv[1]), key), key, data)
        assert cache.read_entry(cache.entry_path(Path(sys.argv[1]), key), key) is not None
    print(len(calls), len(data.transactions))
""")


def test_concurrent_writers_simulate_once_and_readers_never_see_half_a_file(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, env=env) for _ in range(4)]
    for writer in writers:  # each waits, imports done, for this line: they all start at once
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    outputs = [w.communicate(timeout=240)[0].split() for w in writers]
    assert all(w.returncode == 0 for w in writers)
    assert sorted(int(simulated) for simulated, _ in outputs) == [0, 0, 0, 1], "the lock lets one writer simulate"
    assert len({rows for _, rows in outputs}) == 1
    assert [p.suffix for p in sorted(tmp_path.iterdir())] == [".lock", ".pickle"], "no temporary file is left"
    key = store_cache.cache_key("k1", sector="grocery", **SHORT)
    assert_same_store(store_cache.read_entry(entries(tmp_path)[0], key), simulate("k1", sector="grocery", **SHORT))
