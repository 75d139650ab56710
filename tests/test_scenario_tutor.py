"""Scenario results on the tutor's side: what the run marks, the results file, the gradebook, the learner
report and the class summary (outcome, misconceptions shown, the most common wrong moves)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest

from course import progress
from course.scenario import load, record
from course.store import simulate
from course.tutor import gradebook, plan, regrade, report, results
from course.tutor import gradebook_view as gv
from course.tutor.scenario_view import scenario_results, wrong_moves
from course.tutor.summary import render_class_summary

ROOT = Path(__file__).resolve().parents[1]
PRIVACY = "privacy-caller-and-access"
NB = "2-recording/2.2-data-protection-and-evidence.ipynb"
LEARNERS = [("ann-1", "Ann Lee", "grocery"), ("bo-2", "Bo Chan", "apparel"), ("cy-3", "Cy Ode", "homeware")]


class _Learner:
    def __init__(self, learner_id: str, name: str, sector: str) -> None:
        self.learner_id, self.name, self.sector = learner_id, name, sector


def _log(path: Path, learner: str, plays: list[list[tuple[str, str | None]]], outcomes: list[str]) -> Path:
    """Write plays (each a list of (node, misconception or None)) and their outcomes to a progress log."""
    for steps, outcome in zip(plays, outcomes):
        for node, misconception in steps:
            progress.record(learner_id=learner, item_id=PRIVACY, kind="scenario", path=path, node=node,
                            status="incorrect" if misconception else "correct", misconception=misconception)
        shown = [m for _n, m in steps if m]
        progress.record(learner_id=learner, item_id=PRIVACY, kind="scenario", path=path, node="end-good",
                        status="correct" if outcome == "good" and not shown else "incorrect",
                        misconception=shown[0] if shown else None, outcome=outcome)
    return path


def _logged(log: Path | None) -> dict[str, Any]:
    """The scenario's result as its log lines state it (a tutor's run replays them: course.tutor.regrade)."""
    attempts = progress.read_attempts(log) if log else []
    return record.scenario_result(PRIVACY, record.plays(attempts, PRIVACY))


def test_the_workbook_plan_marks_the_scenario_cell() -> None:
    plans = plan.plan_workbook(ROOT / "notebooks")
    owner = next(p for p in plans if p.notebook == NB)
    assert PRIVACY in owner.scenario_ids
    item = next(i for i in plan.items(plans) if i.item_id == PRIVACY)
    scenario = load(PRIVACY)
    assert (item.kind, item.notebook, item.marking_point, item.covers) == (
        plan.SCENARIO, NB, scenario.marking_point, tuple(scenario.covers))
    assert plan.scenario_ids('course.scenario("a-b")\nscenario("c-d")') == ["a-b", "c-d"]
    with pytest.raises(ValueError, match="with the id in quotes"):
        plan.scenario_ids("course.scenario(name)")


@pytest.fixture
def run(tmp_path: Path) -> Path:
    """A RUN folder with one notebook holding the privacy scenario, for three learners."""
    out = tmp_path / "run"
    out.mkdir()
    nb_plan = plan.NotebookPlan(NB, "recording", (), (), (PRIVACY,))
    conn = gradebook.connect(out / "gradebook.sqlite")
    gradebook.set_catalogue(conn, [_Learner(*row) for row in LEARNERS], [nb_plan], plan.items([nb_plan]))
    logs = {
        "ann-1": _log(tmp_path / "a.jsonl", "ann-1", [[("caller-asks", None), ("member-visits", None)]], ["good"]),
        "bo-2": _log(tmp_path / "b.jsonl", "bo-2", [[("caller-asks", "disclosing-personal-data"),
                                                    ("member-visits", "form-required")],
                                                   [("caller-asks", "disclosing-personal-data")]], ["mixed", "poor"]),
        "cy-3": None,
    }
    for learner, log in logs.items():
        played = [_logged(log)]
        gradebook.write_result(conn, results.make_result(learner, NB, sha=None, failure=None, seconds=1.0,
                                                         exercises=[], quiz=[], scenarios=played))
    conn.close()
    return out


def test_results_file_entries_hold_outcome_and_misconceptions(tmp_path: Path) -> None:
    log = _log(tmp_path / "log.jsonl", "bo-2", [[("caller-asks", "disclosing-personal-data")], [("caller-asks", None)]],
               ["poor", "good"])
    entry = _logged(log)
    assert entry == {"item_id": PRIVACY, "kind": "scenario", "status": "correct", "misconception": None,
                     "outcome": "good", "misconceptions": ["disclosing-personal-data"], "plays": 2}
    assert _logged(None)["status"] == "not_attempted"


def test_the_gradebook_and_its_views_show_each_scenario_result(run: Path) -> None:
    gb = gv.read_gradebook(run)
    played = scenario_results(gb).set_index("learner_id")
    assert played.at["ann-1", "status"] == "correct" and played.at["ann-1", "outcome"] == "A good outcome"
    assert played.at["bo-2", "status"] == "incorrect" and played.at["bo-2", "outcome"] == "A poor outcome"
    assert played.at["bo-2", "misconceptions"] == ["disclosing-personal-data", "form-required"]
    assert played.at["bo-2", "plays"] == 2 and played.at["cy-3", "outcome"] == "Not finished"
    scenario = load(PRIVACY)
    assert scenario.misconceptions["form-required"].fix in gv.misconception_info("form-required", PRIVACY)
    assert gv.item_title(PRIVACY, "scenario", "recording") == f"Conversation: {scenario.title}"
    assert gv.section_scores(gb, "ann-1")["score"].tolist() == [100.0]
    assert gv.section_scores(gb, "bo-2")["score"].tolist() == [0.0]
    moves = wrong_moves(gb)
    assert moves["misconception"].tolist() == ["disclosing-personal-data", "form-required"]
    assert moves["learners"].tolist() == [1, 1]


def test_the_class_summary_lists_outcomes_and_the_most_common_wrong_moves(run: Path) -> None:
    gb = gv.read_gradebook(run)
    page = render_class_summary(gb, report.people(run, gb, pseudonymise=False), pseudonymised=False)
    section = page[page.index("7. Conversation scenarios"):]
    name = load(PRIVACY).misconceptions["disclosing-personal-data"].name
    assert html.escape(name[:1].upper() + name[1:]) in section
    assert "A good outcome: 1" in section and "A poor outcome: 1" in section and "Not finished: 1" in section


@pytest.mark.notebooks
@pytest.mark.slow
def test_the_learner_report_shows_outcome_and_misconceptions_shown(run: Path) -> None:
    gb = gv.read_gradebook(run)
    person = report.people(run, gb, pseudonymise=False)["bo-2"]
    page = report.write_report(run, "bo-2", "Bo Chan", "apparel", person, template=report.default_template(),
                               pseudonymise=False).read_text("utf-8")
    section = page[page.index("Conversation scenarios"):]
    assert "A poor outcome" in section
    names = [gv.misconception_info(m, PRIVACY)[0] for m in ("disclosing-personal-data", "form-required")]
    assert names[1] == "Insisting on a form or a letter for a subject access request"
    assert f"personal data with someone else; {names[1]}" in section  # both, in the order shown


def test_simulated_learners_play_each_scenario_their_workbook_shows(tmp_path: Path) -> None:
    from course.tutor.simulated_learner import Persona, scenario_plays

    folder = tmp_path / "ann"
    (folder / "2-recording").mkdir(parents=True)
    (folder / NB).write_bytes((ROOT / "notebooks" / NB).read_bytes())
    strong, weak = tmp_path / "strong.jsonl", tmp_path / "weak.jsonl"
    assert scenario_plays(folder, Persona("ann", 1.0), strong, "grocery") >= 5
    scenario_plays(folder, Persona("ann", 0.0), weak, "grocery")
    data = simulate("ann", sector="grocery")
    (best,), best_signs = regrade.scenario_results(progress.read_attempts(strong), (PRIVACY,), data, "ann")
    (worst,), worst_signs = regrade.scenario_results(progress.read_attempts(weak), (PRIVACY,), data, "ann")
    assert best_signs == worst_signs == []  # the replies recorded, replayed, make the plays the log states
    assert (best["status"], best["outcome"], best["misconceptions"]) == ("correct", "good", [])
    assert worst["status"] == "incorrect" and worst["misconceptions"] and worst["plays"] == 1
