"""The hint ladder: each exercise's hints, from a nudge to the method step by step, shown one at a time.

`course.hint("kpi-atv")` shows the learner's next hint of an exercise (after the last, the last again);
the live check output of a wrong answer, or of a skeleton with blanks ___ left, offers the same as a
"Need a hint?" button. The count per exercise lives in the learner's session, and each hint shown is
logged (kind "hint", with its rung) so the tutor's report can say "solved with 2 hints". Hints never
change a score.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from course import progress, session
from course.exercises.registry import Exercise, get
from course.exercises.scaffold import skeleton

MIN_RUNGS = 3  # a shorter ladder gets FIRST_RUNG before it (if it has under two hints) and LAST_RUNG after
FIRST_RUNG = ("Read the exercise again, one sentence at a time. Which figures does it ask for, from which table, "
              "and for which period or which customers? Say your answer in words before you fill in the cell.")
LAST_RUNG = ("Look back at the teaching just above this exercise. If it has a worked example, follow it line by "
             "line with your own store's figures; if not, take its explanation one step at a time and do each "
             "step in your answer cell. If a step is still unclear, ask your tutor: that is what they are for.")
NOT_SAVED = ("This hint was not saved: there is no learner session yet. Run the notebook's first cells, which "
             "call course.start(...), so that your tutor can see the hints you used.")
SKELETON_RUNG = "Here are all the steps. Copy them into your answer cell and replace each ___ with your choice:"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

_unsaved: dict[str, int] = {}  # hints shown with no session (so not logged): exercise id -> rung last shown


def ladder(exercise: Exercise) -> tuple[str, ...]:
    """Return an exercise's hints in order, from a nudge to the method step by step.

    Its own ladder, else its one hint; a ladder shorter than MIN_RUNGS gets the general rungs around it.
    An exercise with a code skeleton ends with it: all the steps, with the blanks still to fill.
    """
    rungs = exercise.hints or ((exercise.hint,) if exercise.hint else ())
    if len(rungs) < MIN_RUNGS - 1:
        rungs = (FIRST_RUNG, *rungs)
    steps = skeleton(exercise.id)
    if steps is not None:
        rungs = (*rungs, f"{SKELETON_RUNG}\n\n{steps}")
    return rungs if len(rungs) >= MIN_RUNGS else (*rungs, LAST_RUNG)


def next_rung(exercise: Exercise) -> tuple[int, int]:
    """Return (the hint number course.hint would show next for this learner, how many hints there are)."""
    total = len(ladder(exercise))
    return min(_counts().get(exercise.id, 0) + 1, total), total


def pointer(exercise: Exercise) -> str:
    """Return the sentence sending a learner to their next hint, e.g. 'Need a hint? ... shows hint 2 of 3.'"""
    rung, total = next_rung(exercise)
    return f'Need a hint? course.hint("{exercise.id}") shows hint {rung} of {total}.'


@dataclass(frozen=True)
class HintShown:
    """One hint as shown to the learner, with a deterministic text and HTML display."""
    exercise_id: str
    text: str
    rung: int = 0        # which hint of the ladder (1 = first); 0 when none could be shown
    total: int = 0
    again: bool = False  # the learner had already seen every hint: this is the last one again
    note: str = ""       # e.g. that the hint was not saved

    @property
    def headline(self) -> str:
        if not self.rung:
            return f"No hint ({self.exercise_id})"
        lead = "That was the last hint, so here it is again. " if self.again else ""
        return f"{lead}Hint {self.rung} of {self.total} ({self.exercise_id})"

    def __str__(self) -> str:
        return f"{self.headline}: {self.text}" + (f" ({self.note})" if self.note else "")

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        note = f"<br><em>{html.escape(self.note)}</em>" if self.note else ""
        return (f'<div class="course-hint" role="status" style="border-left:4px solid #2166ac;padding:4px 10px;'
                f'margin:4px 0"><strong>{html.escape(self.headline)}</strong><br>{_as_html(self.text)}{note}</div>')


def hint(exercise_id: str) -> HintShown:
    """Show the next hint of an exercise for this learner (after the last, the last again) and log it."""
    if not isinstance(exercise_id, str):
        return HintShown("?", f"The exercise id is not text (it is {type(exercise_id).__name__}); give it in "
                              'quotes, as in course.hint("kpi-atv").')
    try:
        exercise = get(exercise_id)
    except KeyError as err:
        return HintShown(exercise_id, str(err.args[0]))
    rungs = ladder(exercise)
    counts = _counts()
    before = counts.get(exercise.id, 0)
    rung = min(before + 1, len(rungs))
    counts[exercise.id] = rung
    return HintShown(exercise.id, rungs[rung - 1], rung, len(rungs), again=before >= len(rungs),
                     note=_save(exercise.id, rung))


def _counts() -> dict[str, int]:
    active = session.current_or_none()
    return active.hints_shown if active is not None else _unsaved


def _save(exercise_id: str, rung: int) -> str:
    """Log the hint for the session's learner; return a note for the learner when it was not saved."""
    active = session.current_or_none()
    if active is None:
        return NOT_SAVED
    try:
        progress.record(learner_id=active.learner_id, item_id=exercise_id, kind=progress.HINT,
                        status=progress.HINT_STATUS, notebook=active.notebook, path=active.progress_path, rung=rung)
    except OSError as err:  # a full disk or a log path that is a folder: the learner still sees the hint
        return (f"This hint could not be saved in your progress log {active.progress_path}: "
                f"{err.strerror or err}.")
    return ""


# --- the live "Need a hint?" button ------------------------------------------------------------

def live_kernel() -> bool:
    """Return True inside a running Jupyter kernel, where a widget can talk to the page."""
    from IPython import get_ipython

    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def hint_button(exercise_id: str, verdict_html: str = "") -> Any:
    """Return the check's verdict, the "Need a hint?" button and the place its hints appear (a VBox).

    JupyterLab shows a widget instead of the output's HTML, so the widget carries the verdict too.
    A Button is a real <button>: Tab reaches it, Enter or Space presses it, and its text is its name.
    """
    import ipywidgets as w

    verdict = w.HTML(value=verdict_html)
    shown = w.HTML(value="")
    button = w.Button(description="Need a hint?", icon="",
                      tooltip=f'Show your next hint for {exercise_id} (the same as course.hint("{exercise_id}"))')
    button.add_class("course-hint-button")

    def on_click(_button: Any) -> None:
        shown.value = hint(exercise_id)._repr_html_()
        button.description = "Next hint"

    button.on_click(on_click)
    return w.VBox([verdict, button, shown])


def widget_view(exercise_id: str, verdict_html: str = "") -> dict[str, Any] | None:
    """Return the widget-view MIME data of the verdict with a new hint button, or None outside a live kernel."""
    if not live_kernel():
        return None
    try:
        bundle = hint_button(exercise_id, verdict_html)._repr_mimebundle_() or {}
    except ImportError:  # no ipywidgets in this kernel: the message's course.hint(...) still works
        return None
    view = bundle.get(WIDGET_MIME)
    return view if isinstance(view, dict) else None


def _as_html(text: str) -> str:
    """Return a hint as HTML: one paragraph, or a paragraph and its code (a skeleton) kept as written."""
    lead, _, code = text.partition("\n\n")
    if not code:
        return html.escape(text)
    return f'{html.escape(lead)}<pre style="margin:4px 0"><code>{html.escape(code)}</code></pre>'
