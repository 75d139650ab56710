"""Portfolio evidence: save a learner's artefact (a table or a Markdown text) in their output folder.

Saving is atomic, and an earlier, different version is kept beside the new one (name.previous.ext),
so a re-run never silently loses the learner's work.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from course import session
from course.files import is_windows_device_name, write_text_atomic

if TYPE_CHECKING:  # only for the annotation: saving a table must not import matplotlib
    from matplotlib.figure import Figure

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,80}\.(csv|md|png)")


def folder() -> Path:
    """Return the learner's portfolio folder (beside their progress log)."""
    return session.current().progress_path.parent / "portfolio"


def save_figure(name: str, figure: Figure) -> None:
    """Save a matplotlib figure as portfolio/<name>.png (e.g. a chart for a review report)."""
    path = _target(name)
    if path.suffix != ".png":
        raise ValueError(f"{name}: a figure is saved as .png, e.g. 'complaints-before-after.png'")
    image = io.BytesIO()
    figure.savefig(image, format="png", dpi=100, bbox_inches="tight")
    write_text_atomic(path, image.getvalue())
    print(f"Saved to your portfolio: portfolio/{name}")


def _target(name: str) -> Path:
    if not isinstance(name, str) or not _SAFE_NAME.fullmatch(name) or ".." in name:
        raise ValueError(f"portfolio file name {name!r} is not allowed; use letters, digits, '-' or '_' "
                         "and end in .csv (tables), .md (text) or .png (charts), e.g. 'service-plan.csv'")
    if is_windows_device_name(name):  # "con.csv" cannot be opened there, so the portfolio could not be handed in
        raise ValueError(f"portfolio file name {name!r} is a name Windows keeps for a device, so the file could "
                         "not be opened there; choose another name, e.g. 'service-plan.csv'")
    path = folder() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def save(name: str, content: pd.DataFrame | str) -> None:
    """Save `content` as portfolio/<name> (a .csv for a table, a .md for text) and say where.

    Returns None on purpose: a returned path would be displayed, and absolute paths differ between
    machines (use `course.portfolio.folder()` to find the file).
    """
    path = _target(name)
    if name.endswith(".csv"):
        if not isinstance(content, pd.DataFrame):
            raise ValueError(f"{name}: a .csv artefact needs a table (DataFrame), not {type(content).__name__}")
        text = content.to_csv(index=False, lineterminator="\n")
    elif name.endswith(".md"):
        if not isinstance(content, str):
            raise ValueError(f"{name}: a .md artefact needs text, not {type(content).__name__}")
        text = content if content.endswith("\n") else content + "\n"
    else:
        raise ValueError(f"{name}: save charts with course.portfolio.save_figure")
    if path.exists() and path.read_text(encoding="utf-8") != text:
        os.replace(path, path.with_name(f"{path.stem}.previous{path.suffix}"))
    write_text_atomic(path, text)
    print(f"Saved to your portfolio: portfolio/{name}")
