"""The live conversation UI (ipywidgets 8, JupyterLab 4): one decision at a time, then a debrief.

The customer's words, then the replies as a labelled, numbered radio group and a "Say this" button. A keyboard
user Tabs to the replies and moves the choice with the arrow keys (course.keyboard keeps JupyterLab's command
mode from taking them), or types the reply's number in the box under the replies (a text field, which JupyterLab
leaves its keys to), then Tabs to "Say this" and presses Enter (course.keyboard holds it until the kernel has the
reply and the number on screen: ipywidgets may send a quick choice after the click). Feedback is in words in a
status area that screen readers announce: the verdict, why, the misconception named with its fix, and the
reaction. At an end: the debrief and "Play again". Qualities and feedback stay in Python until a reply is chosen.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from course.keyboard import track_choice, track_typed
from course.scenario.play import ENDINGS, Debrief, Play, Step

LIVE = 'role="status" aria-live="polite"'
KEYS = ("Choose a reply, then press Say this. With the keyboard: Tab to the replies and choose one with the arrow "
        "keys (or type its number in the box under them), then Tab to Say this and press Enter.")


def step_html(step: Step, note: str | None = None) -> str:
    """Return the feedback on one reply as escaped HTML (the verdict in bold, words not colour)."""
    esc = html.escape
    parts = [f"<p><strong>You said:</strong> {esc(step.said)}</p>",
             f"<p><strong>{esc(step.verdict)}</strong> {esc(step.feedback)}</p>"]
    if step.misconception_name:
        parts.append(f"<p><strong>This shows a misconception:</strong> {esc(step.misconception_name)}. "
                     f"<strong>Fix:</strong> {esc(step.fix or '')}</p>")
    if step.reaction:
        parts.append(f"<p><em>{esc(step.reaction)}</em></p>")
    if note:
        parts.append(f"<p><em>{esc(note)}</em></p>")
    return "".join(parts)


def debrief_html(debrief: Debrief) -> str:
    """Return the debrief as escaped HTML: outcome, the path taken, what went well, what to practise next."""
    esc = html.escape
    path = "".join(f"<li>{esc(line)}</li>" for line in debrief.path)
    well = "".join(f"<li>{esc(line)}</li>" for line in debrief.went_well) or "<li>Not yet: have another go.</li>"
    return (f"<h4>Debrief: {esc(ENDINGS[debrief.outcome])}</h4><p>{esc(debrief.summary)}</p>"
            f"<p><strong>The path you took:</strong></p><ol>{path}</ol>"
            f"<p><strong>What went well:</strong></p><ul>{well}</ul>"
            f"<p><strong>The one thing to practise next:</strong> {esc(debrief.practise_next)}</p>")


class ConversationWidget:
    """The widgets of one play; ``on_step`` and ``on_end`` log (each returns a note if logging failed)."""

    def __init__(self, play: Play, *, on_step: Callable[[Play, Step], str | None],
                 on_end: Callable[[Play], str | None]) -> None:
        self.play, self._on_step, self._on_end = play, on_step, on_end
        plain = w.Layout(width="auto")
        self.header = w.HTML(f"<h3>{html.escape(play.scenario.title)}</h3>"
                             f"<p>{html.escape(play.text(play.scenario.introduction))}</p>", layout=plain)
        self.history = w.HTML("", layout=plain)
        self.prompt = w.HTML("", layout=plain)
        self.replies = w.RadioButtons(options=[], value=None, description="Your reply:",
                                      style={"description_width": "initial"}, layout=w.Layout(width="auto"))
        self.number = w.Text(value="", description="Or type its number:", placeholder="e.g. 2",
                             continuous_update=False, style={"description_width": "initial"},
                             layout=w.Layout(width="16em"))
        self.number.observe(self._on_number, names="value")
        self.say_button = w.Button(description="Say this", icon="comment", tooltip="Say the reply you chose",
                                   layout=w.Layout(width="auto"))
        self.feedback = w.HTML("", layout=plain)  # the latest feedback (above the next question), or the debrief
        self.notice = w.HTML("", layout=plain)  # under the button: "Reply 2 chosen.", "Choose a reply first."
        self.again_button = w.Button(description="Play again", icon="refresh", tooltip="Start this conversation "
                                     "again from the beginning", layout=w.Layout(display="none"))
        track_choice(self.replies, self.say_button)  # Say this waits until the kernel has the reply on screen
        track_typed(self.number, self.say_button)  # and the number typed in the box
        self.say_button.on_click(lambda _b: self.say())
        self.again_button.on_click(lambda _b: self.restart())
        self.box = w.VBox([self.header, self.history, self.feedback, self.prompt, self.replies, self.number,
                           self.say_button, self.notice, self.again_button], layout=plain)
        self.box.add_class("course-keys")  # arrow keys reach its radio buttons in JupyterLab (course.keyboard)
        self._history: list[str] = []
        self._show_decision()

    def _show_decision(self) -> None:
        play = self.play
        scene = f"<p><em>{html.escape(play.scene)}</em></p>" if play.scene else ""
        self.prompt.value = (f"{scene}<p><strong>They say:</strong> {html.escape(play.words)}</p>"
                             f"<p><em>{html.escape(KEYS)}</em></p>")
        self.replies.options = [f"{n}. {choice}" for n, choice in enumerate(play.choices(), start=1)]
        self.replies.value = None
        self.number.value = ""

    def _on_number(self, change: dict[str, object]) -> None:
        """Choose the reply whose number was typed (the keyboard's way to choose in JupyterLab)."""
        typed = str(change["new"]).strip().rstrip(".")
        if not typed:
            return
        count = len(self.replies.options)
        if typed.isdigit() and 1 <= int(typed) <= count:
            self.replies.index = int(typed) - 1
            self.notice.value = f"<div {LIVE}><p>Reply {typed} chosen. Tab to Say this and press Enter.</p></div>"
        else:
            self.notice.value = f"<div {LIVE}><p>Type a number from 1 to {count}.</p></div>"

    def say(self, index: int | None = None) -> Step | None:
        """Say the selected reply (or reply ``index``, 0-based, as a test would choose it); None if none chosen."""
        if index is not None:
            self.replies.index = index
        if self.play.finished:
            return None
        if self.replies.index is None:
            self.notice.value = f"<div {LIVE}><p>Choose a reply first, then press Say this.</p></div>"
            return None
        self.notice.value = ""
        step = self.play.choose(self.replies.index)
        note = self._on_step(self.play, step)
        self.history.value = "<hr>".join(self._history)  # the steps before this one; this one is the feedback
        self._history.append(step_html(step, note))
        if self.play.finished:
            self._finish()
        else:
            self.feedback.value = f"<div {LIVE}>{step_html(step, note)}<p>The conversation goes on below.</p></div>"
            # the feedback sits above the next question, so the conversation reads top to bottom
            self._show_decision()
        return step

    def _finish(self) -> None:
        note = self._on_end(self.play)
        self.history.value = "<hr>".join(self._history)
        self.prompt.value = ""
        self.replies.options = []
        self.replies.layout.display = self.say_button.layout.display = self.number.layout.display = "none"
        extra = f"<p><em>{html.escape(note)}</em></p>" if note else ""
        self.feedback.value = f"<div {LIVE}>{debrief_html(self.play.debrief())}{extra}</div>"
        self.again_button.layout.display = None

    def restart(self) -> None:
        """Start the conversation again (the earlier plays stay in the progress log)."""
        self.play.restart()
        self._history = []
        self.history.value = self.feedback.value = self.notice.value = ""
        self.replies.layout.display = self.say_button.layout.display = self.number.layout.display = None
        self.again_button.layout.display = "none"
        self._show_decision()
