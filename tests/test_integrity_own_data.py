"""Integrity checks and a learner's own data: an answer worked out on their own import is never a foreign answer.

A learner who brings their own till export answers some exercises on it (course.store.partial). No classmate's
simulated store holds that data, so if such a figure happened to fit a classmate's right answer it would be a
coincidence; the foreign-answer check leaves those answers out, and keeps the ones worked out on a simulated store.
"""

from __future__ import annotations

from course.tutor import integrity_answers as ia

FITS = {"ann": ia.StoreFit({"kpi-atv": 20.0}, {"kpi-atv": ()}),
        "bob": ia.StoreFit({"kpi-atv": 31.5}, {"kpi-atv": ()}),
        "cat": ia.StoreFit({"kpi-atv": 44.0}, {"kpi-atv": ()})}


def _result(source: str | None) -> dict:
    entry = {"item_id": "kpi-atv", "status": "incorrect", "misconception": None, "answer": 31.5}
    return {"exercises": [entry | ({"source": source} if source else {})]}


def test_an_answer_on_a_simulated_store_that_fits_a_classmate_is_flagged() -> None:
    for source in (None, "practice"):
        answers = {"ann": ia.answers_in_result(_result(source))}
        assert [(f.learner_id, f.other_learner) for f in ia.foreign_answers(answers, FITS)] == [("ann", "bob")], source


def test_an_answer_on_the_learners_own_import_is_never_compared_with_classmates_stores() -> None:
    answers = {"ann": ia.answers_in_result(_result("own"))}
    assert answers == {"ann": {}}
    assert ia.foreign_answers(answers, FITS) == []
