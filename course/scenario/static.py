"""Deterministic static rendering of a scenario (text/plain and text/html), without answers.

This is what papermill, nbval and nbconvert keep from a scenario cell: the title, the introduction, the first
decision point's words and replies (in the learner's order, with no quality or feedback), and a line saying to
open the notebook in JupyterLab to play. If the learner's progress log holds a finished play, its outcome and
the misconceptions shown are added, so a tutor's re-run shows the result. No ids, no timestamps.
"""

from __future__ import annotations

import html
from typing import Any

from course.scenario.play import ENDINGS, Play

OPEN_TO_PLAY = "Open this notebook in JupyterLab to play this conversation."


def headline(play: Play) -> str:
    """Return the first line, e.g. "Conversation: A caller asks ... — open this notebook in JupyterLab ..."."""
    return f"Conversation: {play.scenario.title}. {OPEN_TO_PLAY}"


def result_lines(play: Play, result: dict[str, Any] | None) -> list[str]:
    """Return the lines saying how the learner's finished plays went (none without a finished play)."""
    if not result or result.get("status") == "not_attempted":
        return []
    noun = "play" if result["plays"] == 1 else "plays"
    lines = [f"Your result so far ({result['plays']} finished {noun}): {ENDINGS[result['outcome']]}."]
    names = [play.text(play.scenario.misconceptions[m].name) for m in result["misconceptions"]
             if m in play.scenario.misconceptions]
    lines.append("Misconceptions shown: " + ("; ".join(names) if names else "none") + ".")
    return lines


def render_text(play: Play, result: dict[str, Any] | None = None) -> str:
    """Return the text/plain rendering of a scenario's opening (``play`` must be at its start)."""
    lines = [headline(play), "", play.text(play.scenario.introduction), ""]
    if play.scene:
        lines += [play.scene, ""]
    lines += [f"They say: {play.words}", "", "Your possible replies:"]
    lines += [f"  {number}. {choice}" for number, choice in enumerate(play.choices(), start=1)]
    extra = result_lines(play, result)
    return "\n".join(lines + (["", *extra] if extra else []))


def render_html(play: Play, result: dict[str, Any] | None = None) -> str:
    """Return the text/html rendering of a scenario's opening (a self-contained fragment)."""
    esc = html.escape
    parts = [f"<p><strong>Conversation: {esc(play.scenario.title)}.</strong> {esc(OPEN_TO_PLAY)}</p>",
             f"<p>{esc(play.text(play.scenario.introduction))}</p>"]
    if play.scene:
        parts.append(f"<p><em>{esc(play.scene)}</em></p>")
    parts.append(f"<p><strong>They say:</strong> {esc(play.words)}</p>")
    items = "".join(f"<li>{esc(choice)}</li>" for choice in play.choices())
    parts.append(f"<p>Your possible replies:</p><ol>{items}</ol>")
    parts += [f"<p>{esc(line)}</p>" for line in result_lines(play, result)]
    return f'<div class="course-scenario course-scenario-static">{"".join(parts)}</div>'
