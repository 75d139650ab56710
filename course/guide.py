"""The learner guide: the one-page cheat sheet of the data vocabulary and blanks, shown by course.help().

The page ships inside the package (course/learner_guide.md); docs/learner-guide.md is the same text,
which a test keeps identical.
"""

from __future__ import annotations

from importlib.resources import files

GUIDE_FILE = "learner_guide.md"


def guide_text() -> str:
    """Return the learner guide as Markdown text."""
    return files("course").joinpath(GUIDE_FILE).read_text(encoding="utf-8")


def show_guide() -> None:
    """Display the guide as formatted Markdown in a notebook, or print it in a plain Python shell."""
    from IPython import get_ipython
    from IPython.display import Markdown, display

    text = guide_text()
    if get_ipython() is None:
        print(text)
    else:
        display(Markdown(text))
