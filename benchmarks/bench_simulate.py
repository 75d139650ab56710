"""Benchmark: simulate a full year of a large store, and the same footfall + transactions work done by a
plain row-by-row Python loop; and, per sector, a typical store simulated against the same store saved to and
loaded from the run's store cache (course.store.cache). Prints figures; asserts nothing (speed targets live
here, not in tests).

Run with `make bench`, or `python benchmarks/bench_simulate.py` from any folder. Each measurement runs in a
fresh subprocess so peak memory is its own.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LARGE_SCALE = 3.0  # an apparel store about three times the typical size: ~165,000 sales a year
REPEATS = 3


def vectorised() -> dict[str, float]:
    """Return the wall time and sizes of one full simulated year (all tables)."""
    from course.store import simulate

    started = time.perf_counter()
    data = simulate("bench-large", sector="apparel", scale=LARGE_SCALE)
    seconds = time.perf_counter() - started
    rows = sum(len(t) for t in data.tables().values())
    return {"seconds": seconds, "rows": rows, "transactions": len(data.transactions),
            "lines": len(data.transaction_lines), "footfall_rows": len(data.footfall)}


def vectorised_footfall_and_sales() -> dict[str, float]:
    """Return the time of just the footfall and transactions steps, for the like-for-like comparison."""
    from course.store import calendar, people, sales
    from course.store.profile import learner_seed, parse_period, profile, story_dates, stream

    prof = profile("apparel")
    first, last = parse_period(None, None)
    seed = learner_seed("bench-large|apparel")
    started = time.perf_counter()
    stories = story_dates(seed, first, last)
    days = calendar.day_factors(calendar.trading_days(first, last), stories, stream(seed, "weather"))
    hours = calendar.open_hours(days, prof)
    visitors = calendar.hourly_footfall(hours, days, prof.daily_footfall * LARGE_SCALE, stream(seed, "footfall"))
    staff = people.staff_table(prof, stream(seed, "staff"), hours["timestamp"].iloc[0])
    on_floor = people.staff_on_floor(people.rota_table(days, staff, prof, stories, stream(seed, "rota")))
    queue, _ = sales.queue_minutes(hours, visitors, on_floor, stream(seed, "queue"))
    per_hour = sales.hourly_transactions(visitors, queue, prof, stream(seed, "conversion"))
    tx = sales.transactions_frame(hours["timestamp"].to_numpy(), per_hour, on_floor, stream(seed, "tx"))
    return {"seconds": time.perf_counter() - started, "transactions": len(tx)}


def python_loop() -> dict[str, float]:
    """The same footfall and transactions steps, one day, shift, hour and visitor at a time.

    Same model as the vectorised code: day factors (weekday, month, weather, noise), a weighted rota,
    staff on the floor per hour, a queue from visitors per colleague, conversion that falls with the
    queue, each visitor arriving at a random time, and a colleague on the floor serving each sale.
    """
    import datetime as dt
    import math

    import pandas as pd

    from course.store import calendar
    from course.store.profile import profile

    prof = profile("apparel")
    rng = random.Random(1)
    share = list(calendar._HOUR_SHARE)
    staff_hours = [40.0, 37.5, 37.5, 37.5] + [rng.choice([37.5, 30.0, 24.0, 16.0]) for _ in range(prof.staff - 4)]
    started = time.perf_counter()
    footfall, transactions = [], []
    day = dt.date(2025, 1, 1)
    while day.year == 2025:
        weather = 0.62 if rng.random() < 0.02 else (0.88 if rng.random() < 0.35 else 1.0)
        factor = (calendar._DOW_FACTOR[day.weekday()] * calendar._MONTH_FACTOR[day.month - 1] * weather
                  * math.exp(rng.gauss(0, 0.07)))
        on_shift = []  # weighted choice without replacement, one colleague at a time
        pool = list(range(prof.staff))
        for _ in range(max(3, round(sum(staff_hours) / 7.5 / 7 * factor))):
            pick = rng.choices(pool, weights=[staff_hours[i] for i in pool])[0]
            pool.remove(pick)
            on_shift.append((pick, len(on_shift) % 3))
            if not pool:
                break
        for h, h_share in enumerate(share):
            hour = prof.open_hour + h
            floor = [f"S{i + 1:02d}" for i, kind in on_shift
                     if (kind == 0 and hour < prof.open_hour + 8) or (kind == 1 and hour >= prof.close_hour - 8)
                     or (kind == 2 and 11 <= hour < 19)] or ["S01"]
            rate = prof.daily_footfall * LARGE_SCALE * factor * h_share / 3600
            arrivals, t = [], rng.expovariate(rate)
            while t < 3600:  # each visitor arrives at a random moment in the hour
                arrivals.append(t)
                t += rng.expovariate(rate)
            queue = 1.3 * (len(arrivals) / len(floor) / 25) ** 2
            conversion = prof.conversion * min(1.0, max(0.55, 1 - 0.025 * max(queue - 3, 0)))
            stamp = dt.datetime.combine(day, dt.time(hour))
            footfall.append({"timestamp": stamp, "visitors": len(arrivals), "queue_minutes": round(queue, 1)})
            for arrival in arrivals:
                if rng.random() < conversion:
                    transactions.append({"timestamp": stamp + dt.timedelta(seconds=int(arrival)),
                                         "staff_id": rng.choice(floor)})
        day += dt.timedelta(days=1)
    for i, row in enumerate(transactions, start=1):
        row["transaction_id"] = f"T{i:07d}"
    tables = pd.DataFrame(footfall), pd.DataFrame(transactions)  # the same output: two tables
    return {"seconds": time.perf_counter() - started, "transactions": len(tables[1])}


def cache_round_trip(sector: str) -> dict[str, float]:
    """Return, for a typical store of `sector`, the best of three: simulate, write to the cache, load from it."""
    from course.store import cache, simulate

    best = {"simulate": float("inf"), "write": float("inf"), "load": float("inf")}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(REPEATS):
            started = time.perf_counter()
            data = simulate("bench-cache", sector=sector)
            best["simulate"] = min(best["simulate"], time.perf_counter() - started)
            key = cache.cache_key("bench-cache", sector=sector, start=None, end=None)
            path = cache.entry_path(Path(folder), key)
            started = time.perf_counter()
            cache.write_entry(path, key, data)
            best["write"] = min(best["write"], time.perf_counter() - started)
            started = time.perf_counter()
            loaded = cache.read_entry(path, key)
            best["load"] = min(best["load"], time.perf_counter() - started)
            assert loaded is not None
        best["mb"] = path.stat().st_size / 1e6
    return best


def _run_child(name: str, *args: str) -> dict[str, float]:
    call = f"b.{name}({', '.join(map(repr, args))})"
    code = (f"import json, resource, benchmarks.bench_simulate as b; r = {call}; "
            "r['peak_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; print(json.dumps(r))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    full = min((_run_child("vectorised") for _ in range(REPEATS)), key=lambda r: r["seconds"])
    part = min((_run_child("vectorised_footfall_and_sales") for _ in range(REPEATS)), key=lambda r: r["seconds"])
    loop = _run_child("python_loop")
    print(f"Full year, large apparel store (scale {LARGE_SCALE}), best of {REPEATS}:")
    print(f"  transactions {full['transactions']:,.0f}, lines {full['lines']:,.0f}, "
          f"all tables {full['rows']:,.0f} rows")
    print(f"  wall time {full['seconds']:.2f} s, {full['rows'] / full['seconds']:,.0f} rows/s, "
          f"peak memory {full['peak_mb']:.0f} MB (whole process)")
    print("Footfall + transactions only:")
    print(f"  vectorised  {part['seconds']:.3f} s for {part['transactions']:,.0f} transactions")
    print(f"  Python loop {loop['seconds']:.3f} s for {loop['transactions']:,.0f} transactions "
          f"(peak {loop['peak_mb']:.0f} MB)")
    print(f"  speed-up    {loop['seconds'] / part['seconds']:.1f}x")
    print(f"A typical store per sector: simulate, or save to and load from the store cache (best of {REPEATS}):")
    from course.store import SECTORS

    for sector in SECTORS:
        c = _run_child("cache_round_trip", sector)
        print(f"  {sector:12s} simulate {c['simulate']:.3f} s, write {c['write']:.3f} s, load {c['load']:.3f} s "
              f"({c['simulate'] / c['load']:.1f}x faster), {c['mb']:.1f} MB on disk")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
