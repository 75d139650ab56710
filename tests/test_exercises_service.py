"""Structured checks of the recording and reviewing sections, and their dated exercises."""

from __future__ import annotations

import pandas as pd
import pytest

import course
from course.exercises.nb_2_1_recording_systems import MEASURE_KINDS


@pytest.fixture
def active(start_learner):
    return start_learner("svc", "homeware")


def test_output_and_outcome_labels(active) -> None:
    assert course.check("rec-output-outcome", dict(MEASURE_KINDS)).status == "correct"
    swapped = dict(MEASURE_KINDS, **{"complaints handled": "outcome"})
    result = course.check("rec-output-outcome", swapped)
    assert result.misconception == "output-vs-outcome" and "'complaints handled' is not outcome" in result.message
    missing = {k: v for k, v in MEASURE_KINDS.items() if k != "calls answered"}
    assert "Label 'calls answered'" in course.check("rec-output-outcome", missing).message
    assert course.check("rec-output-outcome", "output").status == "invalid"


def test_extract_refuses_personal_data_and_real_ids(active) -> None:
    d = active.data
    safe = d.interactions.head(20)[["timestamp", "channel", "reason", "resolved_first_contact"]].assign(
        customer=[f"P-{i:04d}" for i in range(20)])
    assert course.check("rec-portfolio-extract", safe).status == "correct"
    named = safe.assign(name="Aisha Khan")
    assert course.check("rec-portfolio-extract", named).misconception == "extract-personal-data"
    real_ids = safe.assign(customer=d.customers["customer_id"].head(20).to_list())
    assert course.check("rec-portfolio-extract", real_ids).misconception == "extract-real-ids"
    emails = safe.assign(contact=d.customers["email"].head(20).to_list())
    assert course.check("rec-portfolio-extract", emails).misconception == "extract-personal-data"


def test_action_log_needs_owner_date_measure_and_status(active) -> None:
    rows = [{"action": f"Action {i}", "owner": "Team leader", "due": "2025-08-31", "measure": "complaint rate",
             "status": "open"} for i in range(3)]
    assert course.check("rev-action-log", pd.DataFrame(rows)).status == "correct"
    no_owner = course.check("rev-action-log", pd.DataFrame(rows).drop(columns="owner"))
    assert no_owner.misconception == "review-no-owner"
    vague_dates = course.check("rev-action-log", pd.DataFrame(rows).assign(due="soon"))
    assert "as a date" in vague_dates.message


def test_heat_response(active) -> None:
    good = {"hear": "Let the customer explain the whole problem without interrupting them",
            "empathise": "I can see how frustrating a long wait at the tills must have been",
            "apologise": "I am sorry you waited so long today",
            "take_action": "I will open a second till now and call you back within 24 hours"}
    assert course.check("rev-heat-response", good).status == "correct"
    assert course.check("rev-heat-response", dict(good, take_action="We will look into it somehow")
                        ).misconception == "heat-vague-action"
    assert course.check("rev-heat-response", {k: v for k, v in good.items() if k != "empathise"}
                        ).misconception == "heat-step-missing"
    assert course.check("rev-heat-response", ["hear"]).status == "invalid"


def test_subject_access_deadline_is_one_calendar_month(active) -> None:
    from course.exercises.nb_2_2_data_protection import latest_complaint_day
    day = latest_complaint_day(active.data)
    answer = (day + pd.DateOffset(months=1)).strftime("%Y-%m-%d")
    assert course.check("rec-sar-deadline", answer).status == "correct"
    assert course.check("rec-sar-deadline", (day + pd.Timedelta(days=40)).strftime("%Y-%m-%d")
                        ).misconception == "sar-40-days"


def test_improvement_shows_as_a_fall_in_the_complaint_rate(active) -> None:
    from course.exercises.nb_3_2_review_cycle import complaint_rate_split
    before, after = complaint_rate_split(active.data)
    assert after < before
    change = (after / before - 1) * 100
    assert course.check("rev-complaint-change", change).status == "correct"
    assert course.check("rev-complaint-change", after - before).misconception == "points-not-percent"
