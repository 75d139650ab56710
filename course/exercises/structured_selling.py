"""Structured checks for selling and promotions (5.1): features turned into benefits for the promoted
product, and which law or guidance covers each pricing scenario."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from course.exercises.answers import AnswerProblem
from course.exercises.registry import Problem
from course.exercises.structured import as_table, find_column
from course.store import StoreData


def _norm(text: Any) -> str:
    return " ".join(str(text).casefold().replace("’", "'").split()).rstrip(".")


def product_features(data: StoreData, product_id: str) -> list[str]:
    """Return the product's features as listed in products.csv (two or three)."""
    row = data.products.set_index("product_id").loc[product_id]
    return [str(row[f"feature_{i}"]) for i in (1, 2, 3) if pd.notna(row.get(f"feature_{i}"))
            and str(row[f"feature_{i}"]).strip()]


def _known(feature: str, features: list[str]) -> str | None:
    given = _norm(feature)
    for real in features:
        if given == _norm(real) or (len(given) >= 8 and given in _norm(real)):
            return real
    return None


def review_feature_benefit(data: StoreData, answer: Any, *, product_of: Callable[[StoreData], str]) -> list[Problem]:
    """Return what a features-to-benefits table lacks: real features, benefits for the customer, tailoring.

    `product_of(data)` names the product being sold (looked up only once the table's columns are right).
    """
    table = as_table(answer)
    cols = {need: find_column(table, words) for need, words in
            (("customer", ("customer", "need", "cue", "says")), ("feature", ("feature",)), ("benefit", ("benefit",)))}
    if None in cols.values():
        return [Problem("Use the columns 'customer_says', 'feature' and 'benefit'.", None)]
    product = product_of(data)
    features = product_features(data, product)
    problems = [] if len(table) >= 2 else [Problem("Write one row for each of two different customers.",
                                                   "not-tailored")]
    matched = []
    text = {k: table[c].where(table[c].notna(), "").astype(str).tolist() for k, c in cols.items()}
    for i, (cue, feature, benefit) in enumerate(zip(text["customer"], text["feature"], text["benefit"]), start=1):
        real = _known(feature, features)
        matched.append(real)
        if real is None:
            problems.append(Problem(f"Row {i}: {feature[:40]!r} is not one of {product}'s features in "
                                    "data.products; copy one from the table above.", "no-product-knowledge"))
        if len(cue.split()) < 3:
            problems.append(Problem(f"Row {i}: write what this customer told you (their need or cue).",
                                    "not-tailored"))
        if len(benefit.split()) < 4 or _known(benefit, features) or _norm(benefit) == _norm(feature):
            problems.append(Problem(f"Row {i}: say what the feature does for this customer ('so you ...'), "
                                    "not what the product has.", "features-not-benefits"))
    if len(table) >= 2 and None not in matched and len(set(matched)) == 1:
        problems.append(Problem("Every customer got the same feature: lead with the one that meets each "
                                "customer's own need.", "not-tailored"))
    return problems


RULE_FOR = {"was_now_label": "ctsi", "advert_claim": "cap", "checkout_fee": "dmcc", "staff_reviews": "dmcc",
            "multibuy_offer": "hfss"}
_RULE_WORDS = (("ctsi", r"ctsi|pricing practices|guidance for traders"), ("dmcc", r"dmcc|digital markets"),
               ("cap", r"\bcap\b|\basa\b|advertising standards"), ("hfss", r"hfss|less.healthy|food \(promotion"),
               ("brc", r"\bbrc\b|british retail consortium"), ("cprs", r"\bcprs?\b|unfair trading|2008"))


def _rule(text: Any) -> str | None:
    for rule, pattern in _RULE_WORDS:
        if re.search(pattern, str(text), re.IGNORECASE):
            return rule
    return None


def review_pricing_law(_data: StoreData, answer: Any) -> list[Problem]:
    """Return the scenarios matched to the wrong law or guidance (answer: {scenario: rule})."""
    if not isinstance(answer, dict):
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; give a dict like "
                            "{'was_now_label': 'CTSI pricing guidance', ...}")
    given = {str(k).strip().casefold(): v for k, v in answer.items()}
    problems = []
    for scenario, rule in RULE_FOR.items():
        named = _rule(given.get(scenario, ""))
        if scenario not in given:
            problems.append(Problem(f"Name a rule for '{scenario}' too.", None))
        elif named == "brc":
            problems.append(Problem(f"'{scenario}': there is no current BRC Code of Practice for sales "
                                    "promotions; the syllabus is out of date here.", "brc-code"))
        elif named == "cprs":
            problems.append(Problem(f"'{scenario}': the 2008 unfair trading regulations were replaced by the "
                                    "DMCC Act 2024 on 6 April 2025.", "outdated-cprs"))
        elif named == "dmcc" and rule == "ctsi":
            problems.append(Problem(f"'{scenario}': the DMCC Act is the law behind it, but the guidance written "
                                    "for 'was' prices is the one to check first.", "law-mismatch"))
        elif named != rule:
            problems.append(Problem(f"'{scenario}': {'name one of the four rules' if named is None else 'not that one'}"
                                    "; ask which rule is written for exactly this situation.", "law-mismatch"))
    return problems
