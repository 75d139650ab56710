"""The ``ScenarioView`` a notebook cell shows, and finding and loading the sealed scenarios in the package.

A view displays as ONE output bundle: the deterministic text/plain and text/html opening (what papermill,
nbval and nbconvert keep) plus the conversation widget that JupyterLab renders live.
"""

from __future__ import annotations

import importlib.resources
import warnings
from functools import lru_cache
from typing import Any

from course import keyboard, progress, session
from course.scenario import contexts, record
from course.scenario.play import Play
from course.scenario.schema import Scenario
from course.scenario.seal import read_sealed_text
from course.scenario.static import render_html, render_text
from course.scenario.widgets import ConversationWidget

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _folder() -> Any:
    return importlib.resources.files("course.scenario").joinpath("sealed")


def ids() -> list[str]:
    """Return the ids of the sealed scenarios shipped in course/scenario/sealed/, sorted."""
    folder = _folder()
    if not folder.is_dir():
        return []
    return sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".yaml"))


@lru_cache(maxsize=64)
def load(scenario_id: str) -> Scenario:
    """Return the shipped scenario ``scenario_id``, unsealed in memory; ValueError if there is none."""
    known = ids()
    if scenario_id not in known:
        raise ValueError(f"There is no conversation scenario '{scenario_id}'. Scenarios: {', '.join(known) or 'none'}.")
    file = f"{scenario_id}.yaml"
    return read_sealed_text(_folder().joinpath(file).read_text(encoding="utf-8"), file=file)


class ScenarioView:
    """One scenario for the session's learner: live widgets in JupyterLab, a static opening elsewhere."""

    def __init__(self, scenario: Scenario, active: session.Session) -> None:
        self.scenario, self.learner_id = scenario, active.learner_id
        facts = contexts.facts(scenario.context, active.data)
        self.play = Play(scenario, facts, learner_id=active.learner_id)
        self._opening = Play(scenario, facts, learner_id=active.learner_id)  # never moves: the static rendering
        self.result = self._logged_result(active)
        if self.result["status"] != "not_attempted":  # a tutor's re-run reports the learner's finished play
            record.remember(active, self.result)
        self._widget: ConversationWidget | None = None

    def _logged_result(self, active: session.Session) -> dict[str, Any]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", progress.ProgressLogWarning)
            attempts = progress.read_attempts(active.progress_path)
        return record.scenario_result(self.scenario.id, record.plays(attempts, self.scenario.id, self.learner_id))

    @property
    def widget(self) -> ConversationWidget:
        """The live conversation, built on first use."""
        if self._widget is None:
            self._widget = ConversationWidget(self.play, on_step=record.log_step, on_end=record.log_end)
        return self._widget

    def to_text(self) -> str:
        """The deterministic text/plain rendering (no answers)."""
        return render_text(self._opening, self.result)

    def to_html(self) -> str:
        """The deterministic text/html rendering (no answers)."""
        return render_html(self._opening, self.result)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/plain": self.to_text(), "text/html": self.to_html()}
        keyboard.enable_arrow_keys()  # radio buttons answer to the arrow keys in JupyterLab (course.keyboard)
        widget_bundle = self.widget.box._repr_mimebundle_() or {}
        if WIDGET_MIME in widget_bundle:
            bundle[WIDGET_MIME] = widget_bundle[WIDGET_MIME]
        return bundle

    def __repr__(self) -> str:
        return f"<Scenario {self.scenario.id}: {len(self.scenario.decision_nodes())} decision points>"


def scenario(scenario_id: str) -> ScenarioView:
    """Return the conversation ``scenario_id`` for the session's learner (run course.start(...) first)."""
    return ScenarioView(load(scenario_id), session.current())
