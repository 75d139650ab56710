"""Written-work checks of the 4.4 exercises (evidence to recommendation): SWOT and PESTLE tables backed by evidence,
and a recommendation with its monitoring plan.

They look for what an assessor looks for first: evidence from the data (a figure and its source)
behind every factor, internal and external factors in the right place, a link to service, and a plan
with a KPI, baseline, target, date, owner and checks.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import pandas as pd

from course.exercises.answers import AnswerProblem
from course.exercises.registry import Problem
from course.exercises.structured import METRIC_WORDS, as_table, blank

_FIGURE = re.compile(r"\d")
SOURCES = {  # where a figure can come from; a recommendation needs two different ones
    "surveys": r"survey|\bnps\b|csat|\bces\b|net promoter|satisf|comment|review|social media|stars?\b",
    "complaints": r"complain", "mystery shops": r"mystery",
    "CRM contacts": r"\bcrm\b|contacts?\b|interaction|first contact|\bfcr\b|repeat contact",
    "footfall": r"footfall|visitors?\b|door count|queue[_ ]minutes|minutes? (of )?(queue|wait)|average (queue|wait)",
    "sales": r"\bsales\b|\btills?\b|baskets?\b|conversion|\batv\b|transactions?\b|spend",
    "loyalty": r"loyalty|members?\b|repeat (customer|purchase|rate)|retention|churn|\bclv\b|lifetime",
    "benchmarks": r"benchmark|chain|other stores|year-on-year|like-for-like|\blfl\b|\byoy\b",
    "competitor": r"competitor|rival|price check", "diary": r"diary|events?\b|meeting",
    "rota": r"\brota\b|shifts?\b|absen", "weather": r"weather|storms?\b|\brain",
    "published": r"\bact\b|regulations?\b|\blaw\b|guidance|\bons\b|report|index|government|published",
}
_EXTERNAL = re.compile(
    r"\b(competitors?|rivals?|economy|economic|inflation|interest rates?|cost of living|energy (prices|bills|costs)|"
    r"laws?|legislation|regulations?|government|minimum wage|living wage|weather|storms?|rain|rainy|"
    r"heatwave|population|housing|council|roadworks|bank holidays?|school holidays?|market)\b", re.IGNORECASE)
_INTERNAL = re.compile(
    r"\b(staff|colleagues?|team|tills?|queues?|rota|training|trained|process(es)?|returns point|mystery[- ]shop\w*|"
    r"complaint handling|first contact resolution|fcr|service standards?|stock control|store layout)\b", re.IGNORECASE)
_OURS = re.compile(r"\b(our|ours|we|us)\b", re.IGNORECASE)
SWOT_COLUMNS = {"quadrant": ("quadrant", "swot", "type", "category"), "factor": ("factor", "finding", "item", "point"),
                "evidence": ("evidence", "source", "data"), "impact": ("impact", "service", "so what", "effect")}
PESTLE_COLUMNS = {"heading": ("heading", "pestle", "category", "area", "type"),
                  "factor": ("factor", "finding", "issue", "trend"),
                  **{k: SWOT_COLUMNS[k] for k in ("evidence", "impact")}}
PESTLE = {"pol": "political", "eco": "economic", "soc": "social", "tec": "technological", "leg": "legal",
          "env": "environmental", "p": "political", "s": "social", "t": "technological", "l": "legal"}


_PER_SALES = re.compile(r"per (1,?000|thousand) (transactions|sales)", re.IGNORECASE)  # a rate's unit, not a source


def sources_cited(text: str) -> list[str]:
    """Return the kinds of source a piece of evidence names (surveys, complaints, mystery shops, ...)."""
    text = _PER_SALES.sub(" ", text)
    return [name for name, pattern in SOURCES.items() if re.search(pattern, text, re.IGNORECASE)]


def _columns(table: pd.DataFrame, wanted: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for need, words in wanted.items():
        names = [c for c in table.columns if c not in found.values()]
        found[need] = next((c for c in names if any(str(c).casefold().startswith(w) for w in words)), None)
    return found


def _row_problems(table: pd.DataFrame, cols: dict[str, Any], tool: str) -> list[Problem]:
    problems = []
    for i, row in enumerate(table.itertuples(index=False), start=1):
        values = dict(zip(table.columns, row))
        evidence, impact = str(values[cols["evidence"]]), str(values[cols["impact"]])
        if blank(pd.Series([values[cols["factor"]]], dtype=object)).all():
            problems.append(Problem(f"Row {i}: name the factor.", f"{tool}-incomplete"))
        if not _FIGURE.search(evidence) or not sources_cited(evidence):
            problems.append(Problem(f"Row {i}: back the factor with evidence from your data: a figure and where it "
                                    "comes from, e.g. 'CSAT 78% from 224 answers (surveys)'.", f"{tool}-no-evidence"))
        if len(impact.split()) < 4:
            problems.append(Problem(f"Row {i}: say what it means for the service customers get (at least a short "
                                    "sentence).", f"{tool}-no-service-link"))
    return problems


def _missing_columns(table: pd.DataFrame, wanted: dict[str, tuple[str, ...]], tool: str) -> list[Problem]:
    cols = _columns(table, wanted)
    missing = [need for need, column in cols.items() if column is None]
    if not missing:
        return []
    names = ", ".join(f"'{need}'" for need in wanted)
    kind = {"evidence": "no-evidence", "impact": "no-service-link"}.get(missing[0], "incomplete")
    return [Problem(f"Use the columns {names}; missing: {', '.join(missing)}.", f"{tool}-{kind}")]


def review_swot_evidence(_data: Any, answer: Any) -> list[Problem]:
    """Return what a SWOT lacks: all four quadrants, internal and external factors in the right place,
    evidence (a figure and its source) behind every factor, and its impact on service."""
    table = as_table(answer)
    if problems := _missing_columns(table, SWOT_COLUMNS, "swot"):
        return problems
    cols = _columns(table, SWOT_COLUMNS)
    letters = table[cols["quadrant"]].astype(str).str.strip().str[:1].str.upper()
    problems = []
    for i, (letter, factor) in enumerate(zip(letters, table[cols["factor"]].astype(str)), start=1):
        outside, inside = _EXTERNAL.search(factor), _INTERNAL.search(factor)
        if not letter or letter not in "SWOT":
            problems.append(Problem(f"Row {i}: the quadrant must be S, W, O or T.", "swot-incomplete"))
        elif letter in "SW" and outside and not (inside or _OURS.search(factor)):
            problems.append(Problem(f"Row {i} is about the world outside the store ('{outside.group(0)}'): outside "
                                    "factors are opportunities or threats, not strengths or weaknesses.",
                                    "swot-internal-external"))
        elif letter in "OT" and inside and not outside:
            problems.append(Problem(f"Row {i} is about the store itself ('{inside.group(0)}'): that is a strength or "
                                    "a weakness. Opportunities and threats come from outside the store.",
                                    "swot-internal-external"))
    problems += [Problem(f"Add at least one {name}.", "swot-incomplete") for letter, name in
                 (("S", "strength"), ("W", "weakness"), ("O", "opportunity"), ("T", "threat"))
                 if letter not in set(letters)]
    return problems + _row_problems(table, cols, "swot")


def review_pestle(_data: Any, answer: Any) -> list[Problem]:
    """Return what a PESTLE lacks: four or more headings, outside factors only, evidence and service impact."""
    table = as_table(answer)
    if problems := _missing_columns(table, PESTLE_COLUMNS, "pestle"):
        return problems
    cols = _columns(table, PESTLE_COLUMNS)
    problems, headings = [], set()
    for i, (heading, factor) in enumerate(zip(table[cols["heading"]].astype(str), table[cols["factor"]].astype(str)),
                                          start=1):
        word = heading.strip().casefold()
        name = None if word == "e" else PESTLE.get(word[:3]) or PESTLE.get(word)
        if name is None:
            problems.append(Problem(f"Row {i}: '{heading}' is not a PESTLE heading; write Political, Economic, "
                                    "Social, Technological, Legal or Environmental in full.", "pestle-incomplete"))
        headings.add(name)
        inside, outside = _INTERNAL.search(factor), _EXTERNAL.search(factor)
        if inside and not outside:
            problems.append(Problem(f"Row {i} is about the store itself ('{inside.group(0)}'): PESTLE looks at the "
                                    "world outside the store; put it in your SWOT as a strength or weakness.",
                                    "pestle-internal-factor"))
    if len(headings - {None}) < 4:
        problems.insert(0, Problem(f"Cover at least four of the six headings (you have {len(headings - {None})}).",
                                   "pestle-incomplete"))
    return problems + _row_problems(table, cols, "pestle")


PLAN_KEYS = {"recommendation": ("recommendation", "action"), "evidence": ("evidence", "sources"),
             "service_impact": ("service_impact", "impact"), "kpi": ("kpi", "measure", "metric"),
             "baseline": ("baseline",), "target": ("target",), "by": ("by", "date", "deadline", "by_when"),
             "owner": ("owner", "who"), "check": ("check", "how_often", "frequency", "monitoring", "check_every")}
_VAGUE_OWNERS = {"everyone", "all staff", "all", "the team", "team", "staff", "us", "we", "management", "tbc", "tbd",
                 "all colleagues", "nobody", "none", "the store"}
_OFTEN = re.compile(r"daily|weekly|fortnightly|monthly|quarterly|\bevery\b|\beach\b"
                    r"|per (day|week|month)|a (day|week|month)", re.IGNORECASE)


def _plan(answer: Any) -> dict[str, Any]:
    if not isinstance(answer, dict):
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; give a dict with the keys "
                            + ", ".join(f"'{k}'" for k in PLAN_KEYS))
    given = {str(k).strip().casefold().replace(" ", "_").replace("-", "_"): v for k, v in answer.items()}
    return {key: next((given[a] for a in aliases if a in given), None) for key, aliases in PLAN_KEYS.items()}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return None if math.isnan(value) else float(value)
    match = re.search(r"-?\d[\d,]*\.?\d*", str(value))
    return float(match.group(0).replace(",", "")) if match else None


def _date(value: Any) -> pd.Timestamp | None:
    if isinstance(value, (pd.Timestamp, dt.date)):
        return pd.Timestamp(value)
    if isinstance(value, str) and _FIGURE.search(value):
        try:
            iso = re.match(r"\s*\d{4}-\d{1,2}-\d{1,2}", value)
            return pd.Timestamp(value.strip()) if iso else pd.Timestamp(pd.to_datetime(value, dayfirst=True))
        except (ValueError, TypeError):
            return None
    return None


def review_recommendation(data: Any, answer: Any) -> list[Problem]:
    """Return what a recommendation and its monitoring plan lack (see PLAN_KEYS for the parts)."""
    plan, problems = _plan(answer), []
    text = {k: "" if v is None else (" ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v))
            for k, v in plan.items()}
    if len(text["recommendation"].split()) < 8:
        problems.append(Problem("Say exactly what will change, where and when, in a full sentence.", "rec-vague"))
    if len(sources_cited(text["evidence"])) < 2 or not _FIGURE.search(text["evidence"]):
        problems.append(Problem("Give figures from at least two different sources (e.g. complaints and mystery "
                                "shops) so the recommendation does not rest on one source.", "rec-single-source"))
    if len(text["service_impact"].split()) < 5:
        problems.append(Problem("Say what the change will do for the service customers get.", "rec-no-service-impact"))
    if not any(word in text["kpi"].casefold() for word in METRIC_WORDS):
        problems.append(Problem("Name a measurable KPI to track, e.g. complaint rate, CSAT or FCR.", "rec-no-kpi"))
    baseline, target = _number(plan["baseline"]), _number(plan["target"])
    if baseline is None:
        problems.append(Problem("Give the baseline as a number from your data: where the KPI is now.",
                                "rec-no-baseline"))
    if target is None:
        problems.append(Problem("Give the target as a number: where the KPI should get to.", "rec-no-kpi"))
    elif baseline is not None and target == baseline:
        problems.append(Problem("The target equals the baseline: say how much better it should be.", "rec-no-kpi"))
    when = _date(plan["by"])
    if when is None:
        problems.append(Problem("Give the date by which the target should be met, e.g. '2026-03-31'.", "rec-no-date"))
    elif when <= pd.Timestamp(data.end):
        problems.append(Problem(f"{when:%d %B %Y} is not after the end of your data: the target date must lie ahead.",
                                "rec-no-date"))
    if not text["owner"].strip() or text["owner"].strip().casefold() in _VAGUE_OWNERS:
        problems.append(Problem("Name one owner (a person or a role), not 'everyone'.", "rec-no-owner"))
    if not _OFTEN.search(text["check"]):
        problems.append(Problem("Say how often the KPI will be checked, e.g. 'weekly at the Monday huddle'.",
                                "rec-no-monitoring"))
    return problems
