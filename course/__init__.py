"""The course kit's helper package, imported by every notebook.

    import course
    course.start("ab12", sector="grocery")     # your own simulated store
    data = course.data_for("kpi-conversion")     # the data an exercise runs on (your own, or practice)
    course.check("kpi-conversion", answer)       # feedback that names the mistake
    course.hint("kpi-conversion")                # your next hint for an exercise
    course.quiz("planning")                      # a self-check quiz
    course.scenario("privacy-caller-and-access")  # a conversation to practise, from your own store
    course.results()                             # this notebook's results, for your tutor
    course.help()                                # the learner guide: data.total, data.per, blanks ___
"""

from __future__ import annotations

from typing import Any

from course import kpi, money, portfolio, progress, tour
from course.blank import ___, holds_blank
from course.exercises import check
from course.exercises.hints import hint
from course.session import current, start

__version__ = "0.1.0"


def data_for(exercise_id: str | None) -> Any:
    """Return the store an exercise runs on. On your simulated store that is your store, as always. On your own
    imported data it is your data when it has everything the exercise needs, else your practice store, and one
    line says which (course.store.partial). None gives the notebook's store, for its text and charts."""
    active = current()
    data = active.data_for(exercise_id)
    note = active.data_note(exercise_id) if exercise_id is not None else ""
    if note:
        print(note)
    return data


def quiz(bank: str, **kwargs: Any) -> Any:
    """Return the self-check quiz of a question bank (see course.quiz.quiz)."""
    from course.quiz import quiz as make_quiz

    return make_quiz(bank, **kwargs)


def scenario(scenario_id: str) -> Any:
    """Return the conversation scenario ``scenario_id`` for your store (see course.scenario.scenario)."""
    from course.scenario import scenario as make_scenario

    return make_scenario(scenario_id)


def help() -> None:  # course.help(), as learners expect; the builtin help() is untouched outside course
    """Show the learner guide (the data vocabulary and how blanks ___ work) in the notebook."""
    from course.guide import show_guide

    show_guide()


def style() -> None:
    """Set the course's chart style: the Okabe-Ito colour-blind-safe palette on a light grid; in a notebook,
    every chart also gets a second cue besides colour and a sentence in words after it (course.charts)."""
    import seaborn as sns

    from course import charts

    sns.set_theme(style="whitegrid", palette=charts.OKABE_ITO, rc={"figure.figsize": (8, 4), "figure.dpi": 80})
    charts.install()


def results() -> None:
    """Display this run's results as a custom MIME output that a tutor's runner reads back."""
    from IPython.display import display

    active = current()
    items = [active.results[k] for k in sorted(active.results)]
    display(progress.results_bundle(items, learner_id=active.learner_id, notebook=active.notebook or ""), raw=True)


__all__ = ["___", "check", "current", "data_for", "help", "hint", "holds_blank", "kpi", "money", "portfolio",
           "progress", "quiz", "results", "scenario", "start", "style", "tour"]
