"""simulate(): build one learner's store, table by table, from a seed made from their learner id.

The pipeline: calendar -> footfall -> rota -> queues -> sales and baskets -> service log, complaints
and feedback -> benchmarks, prices, mystery shops -> diary. Each step is vectorised numpy/pandas and
draws from its own named random stream (see profile.stream).
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from course.store import calendar, diary, feedback, market, people, promotions, sales, service
from course.store.data import StoreData
from course.store.profile import (
    SectorProfile,
    Stories,
    learner_seed,
    parse_period,
    profile,
    sequential_ids,
    story_dates,
    stream,
)
from course.store.schema import TABLES_BY_NAME, SchemaError, conform
from course.yamlfast import load_packaged


def simulate(learner_id: str, *, sector: str = "apparel", start: str | date | None = None,
             end: str | date | None = None, scale: float = 1.0) -> StoreData:
    """Return the simulated store of `learner_id` (same id and arguments -> identical data anywhere).

    `start` and `end` are ISO dates or dates (inclusive; default: the 2025 calendar year). `scale`
    multiplies footfall (1.0 is a typical store of the sector; the benchmark uses a large one).
    """
    if not isinstance(learner_id, str) or not learner_id.strip():
        raise SchemaError("learner_id must be a non-empty string, e.g. 'ab12'")
    if not (0.05 <= scale <= 20):
        raise SchemaError(f"scale {scale!r} is out of range; use a number from 0.05 to 20")
    prof = profile(sector)
    first, last = parse_period(start, end)
    seed = learner_seed(f"{learner_id}|{sector}")
    stories = story_dates(seed, first, last)
    t0, t1 = pd.Timestamp(first), pd.Timestamp(last)

    days, hours, visitors = _calendar(seed, prof, first, last, stories, scale)
    staff = people.staff_table(prof, stream(seed, "staff"), t0)
    rota = people.rota_table(days, staff, prof, stories, stream(seed, "rota"))
    on_floor = people.staff_on_floor(rota)
    queue, _ = sales.queue_minutes(hours, visitors, on_floor, stream(seed, "queue"))
    hourly_tx = sales.hourly_transactions(visitors, queue, prof, stream(seed, "conversion"))
    hour_ts = hours["timestamp"].to_numpy()

    products = catalogue(sector)
    windows = promotions.plan_promotions(products, stories, first, last, stream(seed, "promotions"))
    members = prof.members(scale, (last - first).days + 1)
    customers = people.customers_table(prof, members, t0, t1, stream(seed, "customers"))
    lapse = people.lapse_dates(customers, t0, t1, stream(seed, "lapse"))
    skill = people.calibrated_skill(staff, on_floor, rota, hour_ts, hourly_tx)
    tx = sales.transactions_frame(hour_ts, hourly_tx, on_floor, stream(seed, "transactions"), skill)
    tx["customer_id"] = sales.assign_customers(tx["timestamp"].to_numpy(), customers, lapse, prof.loyalty_share,
                                               stream(seed, "loyalty"))
    lines, line_tx = sales.basket_lines(tx, products, windows, prof, stream(seed, "baskets"))
    tx["units"], tx["net_value"], tx["promotion"] = sales.basket_totals(lines, line_tx, len(tx))

    phase = _phases(hour_ts, stories)
    interactions, complaints = _service_log(hour_ts, hourly_tx, phase, on_floor, customers, seed, t1)
    surveyed = customers[customers["join_date"] <= t0]
    surveys = _with_ids(feedback.survey_rows(hour_ts, hourly_tx, queue, phase, surveyed["customer_id"].to_numpy(),
                                             stream(seed, "surveys"),
                                             people.by_segment(surveyed["segment"].to_numpy(), people.SEGMENT_MOOD)),
                        "response_id", "R")
    weeks = market.full_weeks(t0, t1)
    footfall = pd.DataFrame({"timestamp": hour_ts, "visitors": visitors, "queue_minutes": queue,
                             "weather": days["weather"].to_numpy()[hours["day_idx"]]})
    own = market.own_weekly(tx, footfall, weeks)
    promo_table = promotions.promotions_table(windows, products)
    absent_peak = int(rota[(rota["date"] == pd.Timestamp(stories.shortage_start))]["absent"].sum()) or 2
    return _conformed(
        learner_id=learner_id, sector=sector, start=first, end=last,
        footfall=footfall, transactions=tx, transaction_lines=lines,
        products=products.drop(columns=SIMULATION_ONLY), customers=customers,
        interactions=interactions, complaints=complaints, surveys=surveys, staff=staff.drop(columns="skill"), rota=rota,
        promotions=promo_table,
        mystery_shops=market.mystery_shops(t0, t1, _shop_quality(t0, t1, stories, seed), stream(seed, "mystery")),
        benchmarks=market.benchmarks_table(own, pd.Timestamp(stories.competitor_open), stream(seed, "benchmarks"),
                                           calendar.seasonal_shape(days)),
        competitor_prices=market.competitor_prices(products, weeks, pd.Timestamp(stories.competitor_open),
                                                   stream(seed, "prices")),
        events=diary.diary(stories, days, promo_table, products, absent_peak),
    )


def _conformed(**parts: Any) -> StoreData:  # StoreData's fields: tables and the learner's settings
    """Return StoreData with every table in schema column order and canonical dtypes."""
    tables = {name: conform(TABLES_BY_NAME[name], frame) for name, frame in parts.items()
              if name in TABLES_BY_NAME}
    return StoreData(**{**parts, **tables})


def stories_of(learner_id: str, *, sector: str = "apparel", start: str | date | None = None,
               end: str | date | None = None) -> Stories:
    """Return when the stories happen in a learner's store (for tests and tutors, not learners)."""
    first, last = parse_period(start, end)
    profile(sector)
    return story_dates(learner_seed(f"{learner_id}|{sector}"), first, last)


def daily_weather(learner_id: str, *, sector: str = "apparel", start: str | date | None = None,
                  end: str | date | None = None, scale: float = 1.0) -> pd.DataFrame:
    """Return the store's days (day, open, weather, visitors) exactly as `simulate` makes them, without
    simulating the rest of the store: the weather story checked for many stores in a few seconds."""
    prof = profile(sector)
    first, last = parse_period(start, end)
    seed = learner_seed(f"{learner_id}|{sector}")
    days, hours, visitors = _calendar(seed, prof, first, last, story_dates(seed, first, last), scale)
    per_day = np.bincount(hours["day_idx"], weights=visitors, minlength=len(days)).astype(int)
    return days[["day", "open", "weather"]].assign(visitors=per_day)


def _calendar(seed: int, prof: SectorProfile, first: date, last: date, stories: Stories,
              scale: float) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """Return (days with weather and factors, open hours, visitors per open hour)."""
    days = calendar.day_factors(calendar.trading_days(first, last), stories, stream(seed, "weather"))
    hours = calendar.open_hours(days, prof)
    return days, hours, calendar.hourly_footfall(hours, days, prof.daily_footfall * scale, stream(seed, "footfall"))


SIMULATION_ONLY = ["popularity", "goes_with"]  # catalogue columns the simulation uses but the products table hides


@functools.cache
def _catalogue_rows() -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = load_packaged("course.store", "catalogue.yaml")
    return rows


def catalogue(sector: str) -> pd.DataFrame:
    """Return the sector's products: the products table plus the simulation-only columns `popularity` (pick
    weight) and `goes_with` (the product id often added to a basket holding this one, or None).

    A copy of the sector's table, built once per process: every store of the sector starts from it."""
    return _catalogue_frame(sector).copy()


@functools.cache
def _catalogue_frame(sector: str) -> pd.DataFrame:
    """The sector's catalogue as `catalogue` returns it, built from catalogue.yaml (callers get copies)."""
    rows = []
    for item in _catalogue_rows()[sector]:
        feats = item["features"] + [{"feature": None, "benefit": None}] * (3 - len(item["features"]))
        row = {"product_id": item["id"], "name": item["name"], "category": item["category"],
               "price": float(item["price"]), "cost": float(item["cost"]), "hfss": bool(item["hfss"]),
               "neighbour_id": item.get("neighbour"), "popularity": float(item["popularity"]),
               "goes_with": item.get("goes_with")}
        for i, pair in enumerate(feats[:3], start=1):
            row[f"feature_{i}"], row[f"benefit_{i}"] = pair["feature"], pair["benefit"]
        rows.append(row)
    columns = TABLES_BY_NAME["products"].column_names + SIMULATION_ONLY
    return pd.DataFrame(rows)[columns]


def _phases(hour_ts: np.ndarray, stories: Stories) -> dict[str, np.ndarray]:
    day = hour_ts.astype("datetime64[D]")
    return {
        "shortage": (day >= np.datetime64(stories.shortage_start)) & (day <= np.datetime64(stories.shortage_end)),
        "improved": day >= np.datetime64(stories.improvement),
    }


def _service_log(hour_ts: np.ndarray, hourly_tx: np.ndarray, phase: dict[str, np.ndarray],
                 on_floor: pd.DataFrame, customers: pd.DataFrame, seed: int, t1: pd.Timestamp
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (interactions, complaints) with ids, links and who handled each contact."""
    period_end = (t1 + pd.Timedelta(days=1)).to_datetime64()
    first = service.contacts(hour_ts, hourly_tx, phase, stream(seed, "contacts"))
    log = service.resolve_and_repeat(first, phase, period_end, stream(seed, "repeats"))
    log = service.contact_details(log, phase, _members_by(customers, pd.Timestamp(hour_ts[0])),
                                  stream(seed, "contact-details"))
    repeat_customer = np.where(log["repeat_row"] >= 0, log["customer_id"].to_numpy()[np.maximum(log["repeat_row"], 0)],
                               log["customer_id"].to_numpy())
    log["customer_id"] = repeat_customer
    handler = sales.transactions_frame(hour_ts, np.bincount(log["hour_idx"], minlength=len(hour_ts)), on_floor,
                                       stream(seed, "handlers"))["staff_id"].to_numpy()
    log = log.sort_values(["hour_idx"], kind="stable")
    log["handled_by"] = handler
    log = log.sort_values(["timestamp"], kind="stable")
    ids = pd.Series(sequential_ids("I", len(log), 6), index=log.index)
    log["interaction_id"] = ids
    log["repeat_of"] = np.where(  # type: ignore[call-overload]  # numpy's stubs reject None (an object scalar)
        log["repeat_row"] >= 0, ids.reindex(log["repeat_row"].clip(lower=0)).to_numpy(), None)
    complaints = service.complaint_rows(log[(log["reason"] == "complaint") & (log["repeat_row"] < 0)], phase,
                                        period_end, stream(seed, "complaints"))
    complaints.insert(1, "interaction_id", ids.reindex(complaints.pop("interaction_row")).to_numpy())
    complaints = _with_ids(complaints.sort_values("received", kind="stable"), "complaint_id", "K")
    columns = TABLES_BY_NAME["interactions"].column_names
    return log.reset_index(drop=True)[columns], complaints


def _with_ids(frame: pd.DataFrame, column: str, prefix: str) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    frame.insert(0, column, sequential_ids(prefix, len(frame), 6))
    return frame


def _members_by(customers: pd.DataFrame, when: pd.Timestamp) -> np.ndarray:
    return customers.loc[customers["join_date"] <= when, "customer_id"].to_numpy()


def _shop_quality(t0: pd.Timestamp, t1: pd.Timestamp, stories: Stories, seed: int) -> dict[str, np.ndarray | float]:
    """Return each store's mystery-shop pass chance: ours moves with the shortage and the improvement."""
    rng = stream(seed, "shop-quality")
    months = pd.date_range(t0.replace(day=1), t1, freq="MS")
    ours = np.where(months >= pd.Timestamp(stories.improvement), 0.87, 0.76)
    in_shortage = (months.to_period("M") >= pd.Timestamp(stories.shortage_start).to_period("M")) & \
                  (months.to_period("M") <= pd.Timestamp(stories.shortage_end).to_period("M"))
    ours = np.where(in_shortage, 0.66, ours)
    quality: dict[str, np.ndarray | float] = {"Our store": ours}
    quality.update({name: float(rng.uniform(0.66, 0.9)) for name in market.CHAIN_STORES})
    return quality
