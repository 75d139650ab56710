"""Conversation scenarios: the play state machine, sealing, the static rendering, logging and results."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import course
from course import keyboard, progress, session
from course.scenario import contexts, load, record
from course.scenario.play import Play
from course.scenario.schema import read_source
from course.scenario.seal import read_sealed_text, sealed_yaml, stale

ROOT = Path(__file__).resolve().parents[1]
SOURCES, SEALED = ROOT / "solutions" / "scenarios", ROOT / "course" / "scenario" / "sealed"
PRIVACY = "privacy-caller-and-access"


def _source(scenario_id: str = PRIVACY):
    return read_source(SOURCES / f"{scenario_id}.yaml")


def _play(start: Callable[..., session.Session], learner: str = "amara", sector: str = "apparel") -> Play:
    active = start(learner, sector)
    scenario = load(PRIVACY)
    return Play(scenario, contexts.facts(scenario.context, active.data), learner_id=learner)


def _pick(play: Play, quality: str) -> int:
    """The index (in the learner's order) of the first reply of ``quality`` at the current node."""
    replies = {play.text(r.say): r.quality for r in play.node.replies or []}
    return next(i for i, text in enumerate(play.choices()) if replies[text] == quality)


# --- sealing -------------------------------------------------------------------------------

def test_sealed_scenarios_are_up_to_date_with_their_sources() -> None:
    assert sorted(p.stem for p in SOURCES.glob("*.yaml")), "no scenario sources"
    assert stale(SOURCES, SEALED) == []


def test_sealing_is_deterministic_and_round_trips() -> None:
    source = _source()
    text = sealed_yaml(source)
    assert text == sealed_yaml(_source())
    unsealed = read_sealed_text(text, file="x.yaml")
    assert unsealed.misconceptions == source.misconceptions
    for node_id, node in source.nodes.items():
        back = unsealed.nodes[node_id]
        assert sorted((r.say, r.quality, r.next) for r in back.replies or []) == \
            sorted((r.say, r.quality, r.next) for r in node.replies or [])
        assert (back.end, back.debrief, back.branch) == (node.end, node.debrief, node.branch)


def test_the_sealed_file_shows_no_quality_feedback_or_misconception() -> None:
    source, text = _source(), (SEALED / f"{PRIVACY}.yaml").read_text(encoding="utf-8")
    assert "quality:" not in text and "feedback:" not in text and "misconception:" not in text
    for entry in source.misconceptions.values():
        assert entry.fix.split()[0:6] and " ".join(entry.fix.split()[:6]) not in text
    for node in source.nodes.values():
        for reply in node.replies or []:
            assert " ".join(reply.feedback.split()[:6]) not in text
        if node.debrief:
            assert " ".join(node.debrief.split()[:6]) not in text


# --- the state machine -----------------------------------------------------------------------

def test_the_all_best_path_ends_good_and_correct(start_learner: Callable[..., session.Session]) -> None:
    play = _play(start_learner)
    decisions = 0
    while not play.finished:
        step = play.choose(_pick(play, "best"))
        assert step.status == "correct" and step.misconception is None and step.verdict == "The best reply."
        decisions += 1
    assert decisions >= 4 and play.outcome == "good" and play.status == "correct"
    debrief = play.debrief()
    assert len(debrief.path) == decisions and all(line.endswith("(the best reply)") for line in debrief.path)
    assert debrief.practise_next == debrief.summary  # no misconception shown: the ending's debrief


def test_a_wrong_move_names_its_misconception_and_can_be_recovered(
        start_learner: Callable[..., session.Session]) -> None:
    play = _play(start_learner)
    first = play.choose(_pick(play, "wrong"))
    assert first.status == "incorrect" and first.misconception and first.fix
    assert first.misconception_name == play.scenario.misconceptions[first.misconception].name
    while not play.finished:
        play.choose(_pick(play, "best"))
    assert play.outcome == "good"  # recovered ...
    assert play.status == "incorrect" and play.misconceptions[0] == first.misconception  # ... but not clean
    assert play.debrief().practise_next.endswith(play.text(play.scenario.misconceptions[first.misconception].fix))


def test_the_branch_follows_the_learners_own_consent(start_learner: Callable[..., session.Session]) -> None:
    seen = set()
    for learner, sector in [("amara", "apparel"), ("ben", "grocery"), ("chen", "electronics"), ("dylan", "homeware"),
                            ("eve", "apparel"), ("finn", "grocery")]:
        play = _play(start_learner, learner, sector)
        while not play.finished and play.node_id not in ("stop-marketing", "already-opted-out"):
            play.choose(_pick(play, "best"))
        expected = "stop-marketing" if play.facts["has_marketing_consent"] else "already-opted-out"
        assert play.node_id == expected
        seen.add(expected)
    assert seen == {"stop-marketing", "already-opted-out"}  # both sides occur among real learners


def test_reply_order_is_per_learner_and_stable(start_learner: Callable[..., session.Session]) -> None:
    orders = {learner: [r.quality for r in (lambda p: [
        {p.text(x.say): x for x in p.node.replies or []}[t] for t in p.choices()])(_play(start_learner, learner))]
        for learner in ("amara", "ben", "chen", "dylan", "eve")}
    assert len({tuple(o) for o in orders.values()}) > 1  # the best reply is not always in the same place
    assert orders["amara"] == [r.quality for r in (lambda p: [
        {p.text(x.say): x for x in p.node.replies or []}[t] for t in p.choices()])(_play(start_learner, "amara"))]


def test_choosing_out_of_range_or_after_the_end_is_refused(start_learner: Callable[..., session.Session]) -> None:
    play = _play(start_learner)
    with pytest.raises(ValueError, match="choose a reply from 1 to"):
        play.choose(9)
    while not play.finished:
        play.choose(0)
    with pytest.raises(ValueError, match="Play again"):
        play.choose(0)
    play.restart()
    assert not play.finished and play.steps == [] and play.node_id == "caller-asks"


# --- the notebook view: static rendering, logging, results -------------------------------------

def test_the_static_rendering_is_deterministic_and_shows_no_answer(
        start_learner: Callable[..., session.Session]) -> None:
    start_learner("amara", "apparel")
    first = course.scenario(PRIVACY)
    bundle = first._repr_mimebundle_()
    again = course.scenario(PRIVACY)._repr_mimebundle_()
    assert (bundle["text/plain"], bundle["text/html"]) == (again["text/plain"], again["text/html"])
    text = bundle["text/plain"]
    assert "Open this notebook in JupyterLab to play" in text and first.play.words in text
    assert all(choice in text for choice in first.play.choices())
    source = _source()
    for secret in [r.feedback for n in source.nodes.values() for r in n.replies or []] + \
            [m.fix for m in source.misconceptions.values()]:
        assert " ".join(secret.split()[:5]) not in text + bundle["text/html"]
    assert "best" not in text.lower() and "0x" not in text


def test_each_choice_and_the_end_are_logged_and_results_include_the_scenario(
        start_learner: Callable[..., session.Session], tmp_path: Path) -> None:
    active = start_learner("amara", "apparel")
    view = course.scenario(PRIVACY)
    widget, play = view.widget, view.play
    wrong = widget.say(_pick(play, "wrong"))
    assert wrong is not None and wrong.misconception_name
    assert html.escape(wrong.misconception_name) in widget.feedback.value
    while not play.finished:
        widget.say(_pick(play, "best"))
    assert "Debrief" in widget.feedback.value and widget.again_button.description == "Play again"
    records = [a for a in progress.read_attempts(active.progress_path) if a.kind == "scenario"]
    assert [r.node for r in records[:-1]] == [s.node for s in play.steps]
    assert records[0].misconception == wrong.misconception and records[0].status == "incorrect"
    assert records[-1].outcome == play.outcome and records[-1].node == play.node_id
    assert all(r.outcome is None for r in records[:-1])
    result = active.results[PRIVACY]
    assert result["kind"] == "scenario" and result["status"] == "incorrect"
    assert result["misconception"] == wrong.misconception and result["outcome"] == "good"
    # a re-run (the tutor's) shows the finished play in the static rendering
    shown = course.scenario(PRIVACY).to_text()
    assert "Your result so far (1 finished play): a good outcome." in shown
    assert play.scenario.misconceptions[wrong.misconception].name in shown


def test_a_clean_good_play_is_correct_and_stays_correct_after_a_worse_one(
        start_learner: Callable[..., session.Session]) -> None:
    active = start_learner("ben", "grocery")
    view = course.scenario(PRIVACY)
    while not view.play.finished:
        view.widget.say(_pick(view.play, "best"))
    assert active.results[PRIVACY]["status"] == "correct"
    view.widget.restart()
    while not view.play.finished:
        view.widget.say(_pick(view.play, "wrong") if any(
            r.quality == "wrong" for r in view.play.node.replies or []) else 0)
    result = record.scenario_result(PRIVACY, record.plays(progress.read_attempts(active.progress_path), PRIVACY))
    assert result["status"] == "correct" and result["plays"] == 2 and result["misconceptions"]
    assert active.results[PRIVACY]["status"] == "correct"


def test_say_this_without_a_choice_asks_for_one(start_learner: Callable[..., session.Session]) -> None:
    start_learner("amara", "apparel")
    view = course.scenario(PRIVACY)
    assert view.widget.say() is None and "Choose a reply first" in view.widget.notice.value
    assert view.play.steps == []


def test_typing_a_reply_number_chooses_it(start_learner: Callable[..., session.Session]) -> None:
    start_learner("amara", "apparel")
    widget = course.scenario(PRIVACY).widget
    widget.number.value = "2"
    assert widget.replies.index == 1 and "Reply 2 chosen" in widget.notice.value
    assert widget.replies.options[1].startswith("2. ")
    widget.number.value = "9"
    assert widget.replies.index == 1 and "Type a number from 1 to 4" in widget.notice.value
    step = widget.say()
    assert step is not None and step.node == "caller-asks" and widget.number.value == ""


def test_the_widget_state_holds_no_feedback_before_a_choice(start_learner: Callable[..., session.Session]) -> None:
    start_learner("amara", "apparel")
    view = course.scenario(PRIVACY)
    state = json.dumps([child.get_state() for child in view.widget.box.children], default=str)
    for node in _source().nodes.values():
        for reply in node.replies or []:
            assert " ".join(reply.feedback.split()[:5]) not in state


def test_an_old_log_without_scenario_fields_still_reads(tmp_path: Path) -> None:
    log = tmp_path / "old.jsonl"
    log.write_text(json.dumps({"timestamp": "2025-01-01T00:00:00Z", "learner_id": "a", "item_id": "kpi-atv",
                               "kind": "exercise", "status": "correct", "correct": True, "misconception": None,
                               "attempt": 1}) + "\n", encoding="utf-8")
    progress.record(learner_id="a", item_id=PRIVACY, kind="scenario", status="incorrect",
                    misconception="disclosing-personal-data", node="caller-asks", path=log)
    attempts = progress.read_attempts(log)
    assert [(a.kind, a.node) for a in attempts] == [("exercise", None), ("scenario", "caller-asks")]
    assert "node" not in log.read_text(encoding="utf-8").splitlines()[0]
    with pytest.raises(ValueError, match="needs the node"):
        progress.record(learner_id="a", item_id=PRIVACY, kind="scenario", status="correct", path=log)
    with pytest.raises(ValueError, match="only a scenario record"):
        progress.record(learner_id="a", item_id="kpi-atv", kind="exercise", status="correct", node="x", path=log)


def test_the_kernel_acknowledges_each_reply_chosen_for_say_this_to_wait_on(
        start_learner: Callable[..., session.Session]) -> None:
    """course.keyboard's script holds Say this until this class on it matches the reply checked on screen."""
    start_learner("amara", "apparel")
    widget = course.scenario(PRIVACY).widget
    acks = lambda: [c for c in widget.say_button._dom_classes if c.startswith(keyboard.ACK)]  # noqa: E731
    assert keyboard.TRACKED in widget.say_button._dom_classes and acks() == [keyboard.ack_class(None)]
    widget.replies.index = 2
    assert acks() == [keyboard.ack_class(2)]
    widget.number.value = "1"
    assert acks() == [keyboard.ack_class(0)]
    assert widget.say() is not None and acks() == [keyboard.ack_class(None)]  # the next decision: nothing chosen
    typed = lambda: [c for c in widget.say_button._dom_classes if c.startswith(keyboard.TYPED_ACK)]  # noqa: E731
    assert keyboard.TYPED in widget.number._dom_classes and widget.number.continuous_update is False
    assert typed() == [keyboard.TYPED_ACK + keyboard.typed_key("")]  # the next decision empties the number box
    widget.number.value = "2"  # Say this also waits until the kernel has the number typed
    assert typed() == [keyboard.TYPED_ACK + keyboard.typed_key("2")] and acks() == [keyboard.ack_class(1)]
