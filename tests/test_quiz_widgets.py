"""The ipywidgets quiz UI through its Python API: set a value, click Check, read the feedback."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import ipywidgets as w
import pytest

from course import keyboard
from course.quiz import Quiz, context, quiz
from course.quiz.canonical import reveal
from course.quiz.context import SESSION_MESSAGE

FIXTURE = Path(__file__).parent / "fixtures" / "banks" / "sampler.yaml"
RIGHT_MATCH = {"Assertive": "States needs clearly while respecting the other person",
               "Passive": "Puts others' needs first and avoids conflict",
               "Aggressive": "Puts own needs first at others' expense"}


def _link(monkeypatch: pytest.MonkeyPatch, **stand_ins: Any) -> None:
    """Give the quiz stand-ins for some of its links to the course package (session, exercises, log)."""
    monkeypatch.setattr(context, "LINKS", dataclasses.replace(context.LINKS, **stand_ins))


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    _link(monkeypatch, record=lambda **kw: calls.append(kw))
    _link(monkeypatch, current_session=lambda: None)
    return calls


@pytest.fixture
def sampler(recorded: list[dict[str, Any]]) -> Quiz:
    return quiz("sampler", path=FIXTURE)


def _walk(widget: w.Widget) -> list[w.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _walk(child)
    for name in ("layout", "style"):
        if isinstance(getattr(widget, name, None), w.Widget):
            found.append(getattr(widget, name))
    return found


def _state_json(q: Quiz) -> str:
    return json.dumps([widget.get_state() for widget in _walk(q.view.box)], default=str)


def test_correct_answer_says_correct_and_explains(sampler: Quiz,
                                                 recorded: list[dict[str, Any]]) -> None:
    widget = sampler.widget_for("smp-smart-m")
    assert widget.feedback_text == "" and widget.feedback.value == ""
    widget.input.widget.value = "Measurable"  # what a click on the radio button does
    widget.button.click()
    assert widget.status == "correct"
    assert widget.feedback_text.startswith("Correct.")
    assert "Explanation: Measurable means" in widget.feedback_text
    assert "<strong>Correct.</strong>" in widget.feedback.value
    assert recorded == [dict(learner_id="anonymous", item_id="smp-smart-m", kind="quiz",  # with the choice made,
                             status="correct", misconception=None, notebook=None, path=None,  # which a tutor's
                             choice="Measurable")]  # run regrades


def test_wrong_answer_names_the_misconception(sampler: Quiz,
                                              recorded: list[dict[str, Any]]) -> None:
    widget = sampler.widget_for("smp-smart-m")
    widget.set_response("Motivating")
    outcome = widget.check()
    assert outcome.status == "incorrect"
    assert widget.feedback_text.startswith("Not quite. Motivation matters")
    assert "smart-vague" not in widget.feedback_text  # ids are for the tutor's log, not the learner
    assert "Explanation: Measurable means" in widget.feedback_text
    assert "<strong>Not quite.</strong>" in widget.feedback.value
    assert recorded[-1]["status"] == "incorrect"
    assert recorded[-1]["misconception"] == "smart-vague"


def test_running_score_updates(sampler: Quiz) -> None:
    labels = sampler.view.score_labels
    assert [label.value for label in labels] == ["Score: 0 of 7 correct"] * 2
    sampler.widget_for("smp-pdca-letter").set_response("checking")
    sampler.widget_for("smp-pdca-letter").check()
    sampler.widget_for("smp-nps").set_response(45)
    sampler.widget_for("smp-nps").check()
    assert str(sampler.score) == "Score: 2 of 7 correct"
    assert labels[0].value == labels[1].value == "Score: 2 of 7 correct"
    sampler.widget_for("smp-nps").set_response(50)
    sampler.widget_for("smp-nps").check()
    assert (sampler.score.correct, sampler.score.attempted) == (1, 2)
    assert labels[1].value == "Score: 1 of 7 correct"


def test_every_input_type_through_widgets(sampler: Quiz) -> None:
    kpis = sampler.widget_for("smp-kpis")
    for box in kpis.input.boxes:
        box.value = box.description in ("Conversion rate", "Average transaction value")
    order = sampler.widget_for("smp-pdca-order")
    for dropdown, item in zip(order.input.dropdowns, ["Plan", "Do", "Check", "Act"]):
        dropdown.value = item
    match = sampler.widget_for("smp-styles-match")
    for dropdown, term in zip(match.input.dropdowns, match.question.terms):
        dropdown.value = RIGHT_MATCH[term]
    nps = sampler.widget_for("smp-nps")
    nps.input.box.value = "45.2"  # what a learner types
    for widget in (kpis, order, match, nps):
        assert widget.check().status == "correct", widget.question.id
    match.set_response(dict(RIGHT_MATCH, Passive=RIGHT_MATCH["Aggressive"],
                            Aggressive=RIGHT_MATCH["Passive"]))
    assert match.check().status == "incorrect"


def test_not_attempted_is_not_logged_and_invalid_is(sampler: Quiz,
                                                    recorded: list[dict[str, Any]]) -> None:
    widget = sampler.widget_for("smp-pdca-order")
    assert widget.check().status == "not_attempted"
    assert widget.feedback_text.startswith("No answer yet")
    assert "Explanation" not in widget.feedback_text
    assert recorded == []
    widget.set_response(["Plan", None, None, None])
    assert widget.check().status == "invalid"
    assert [call["status"] for call in recorded] == ["invalid"]


def test_expected_from_without_session_says_start_first(sampler: Quiz) -> None:
    widget = sampler.widget_for("smp-conversion-own")
    widget.set_response(12.3)
    widget.check()
    assert widget.status == "invalid"
    assert widget.feedback_text == SESSION_MESSAGE


def test_session_learner_is_logged(sampler: Quiz, recorded: list[dict[str, Any]],
                                   monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    learner = SimpleNamespace(learner_id="L007", data={"conversion": 9.5},
                              progress_path=tmp_path / "p.jsonl", notebook="nb.ipynb")
    _link(monkeypatch, current_session=lambda: learner)
    _link(monkeypatch, reference_value=lambda exercise_id, data: data["conversion"])
    widget = sampler.widget_for("smp-conversion-own")
    widget.set_response("9.45")
    assert widget.check().status == "correct"
    assert recorded[-1] == dict(learner_id="L007", item_id="smp-conversion-own", kind="quiz",
                                status="correct", misconception=None, notebook="nb.ipynb",
                                path=tmp_path / "p.jsonl", choice="9.45")


def test_failed_logging_still_shows_feedback(sampler: Quiz,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**_kw: Any) -> None:
        raise OSError("disk full")
    _link(monkeypatch, record=broken)
    widget = sampler.widget_for("smp-pdca-letter")
    widget.set_response("Check")
    assert widget.check().status == "correct"
    assert "not saved to your progress log (OSError: disk full)" in widget.feedback_text


def test_no_answer_or_hash_in_any_widget_state(sampler: Quiz) -> None:
    bank = sampler.bank
    state = _state_json(sampler)
    assert "sha256" not in state and bank.salt not in state
    for question in bank.questions:
        digests = [getattr(question, "answer_sha256", "")]
        for digest in digests + getattr(question, "answers_sha256", []):
            if digest:
                assert digest not in state
        explanation = reveal(bank.salt, question.id, "explanation", question.explanation_sealed)
        assert explanation not in state
    assert "checking" not in state.lower().replace("check your answer", "")
    assert "correct\": true" not in state


def test_keyboard_and_words(sampler: Quiz) -> None:
    buttons = [x for x in _walk(sampler.view.box) if isinstance(x, w.Button)]
    assert len(buttons) == 7
    assert all(b.description == "Check" for b in buttons)
    assert all(b.tooltip.startswith("Check your answer to question") for b in buttons)
    assert all(not b.disabled for b in buttons)
    radios = sampler.widget_for("smp-smart-m").input.widget
    assert radios.value is None and radios.options == ("Measurable", "Motivating", "Manageable")


def test_an_empty_number_box_is_not_attempted_rather_than_zero(sampler: Quiz,
                                                               recorded: list[dict[str, Any]]) -> None:
    nps = sampler.widget_for("smp-nps")
    assert nps.input.box.value == ""
    assert nps.check().status == "not_attempted"
    nps.input.box.value = "forty"
    assert nps.check().status == "invalid"
    assert "not a number" in nps.feedback_text


def test_the_kernel_acknowledges_each_choice_for_the_check_button_to_wait_on(sampler: Quiz) -> None:
    """course.keyboard's script holds Check until this class on it matches the radio button checked on screen."""
    question = sampler.widget_for("smp-smart-m")
    acks = lambda: [c for c in question.button._dom_classes if c.startswith(keyboard.ACK)]  # noqa: E731
    assert keyboard.TRACKED in question.button._dom_classes and acks() == [keyboard.ack_class(None)]
    for answer, index in (("Manageable", 2), ("Measurable", 0), (None, None)):
        question.set_response(answer)
        assert acks() == [keyboard.ack_class(index)], (answer, question.button._dom_classes)
    assert not question.input.widget._dom_classes  # a change to the radio group would redraw it (and lose focus)
    assert not [c for c in question.button._dom_classes if c.startswith(keyboard.TYPED_ACK)]  # no text box
    assert f"'{keyboard.ACK}' + (index < 0 ? 'none' : index)" in keyboard.SCRIPT  # the script reads the same class


def test_the_kernel_acknowledges_the_text_typed_for_the_check_button_to_wait_on(sampler: Quiz) -> None:
    """A number box sends its value as the learner leaves it, and Check waits until the kernel has that text."""
    for qid, typed in (("smp-nps", ["45.5", " 45.5", "", "forty"]), ("smp-pdca-letter", ["checking", "café", ""])):
        question = sampler.widget_for(qid)
        box = question.input.typed
        acks = lambda q=question: [c for c in q.button._dom_classes if c.startswith(keyboard.TYPED_ACK)]  # noqa: E731
        assert box.continuous_update is False and keyboard.TYPED in box._dom_classes
        assert keyboard.TRACKED in question.button._dom_classes and acks() == [keyboard.TYPED_ACK + "811c9dc5"]
        keys = []
        for text in typed:
            box.value = text
            assert acks() == [keyboard.TYPED_ACK + keyboard.typed_key(text)], (qid, text)
            keys.append(keyboard.typed_key(text))
        assert len(set(keys)) == len(keys)  # each text its own key
        assert not [c for c in question.button._dom_classes if c.startswith(keyboard.ACK)]  # no radio group
    assert f"'{keyboard.TYPED_ACK}' + typedKey(typed.value)" in keyboard.SCRIPT  # the script reads the same class
