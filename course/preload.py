"""What a tutor's fork server can load once, before it forks a kernel per notebook (course/tutor/forkserver.py).

`import course` leaves the quiz and scenario packages to a notebook's first quiz or scenario cell, and those
import pydantic and ipywidgets, then read and check a bank or a scenario: about 0.15 to 0.25 s in every
notebook's kernel. ``shipped()`` does all of that once in the parent, so each forked kernel finds the modules
imported and every shipped bank and scenario in the loaders' caches (``course.quiz.view._load_package_bank``,
``course.scenario.view.load``: both cached per process, and the same for every learner).

It runs kit code only, never a notebook's: nothing it loads depends on a learner, and afterwards ``course.quiz``
and ``course.scenario`` are their callable packages, as after a notebook's first quiz or scenario cell.
"""

from __future__ import annotations

__all__ = ["shipped"]


def shipped() -> int:
    """Import the quiz and scenario packages and load every shipped bank and scenario; return how many."""
    from course.quiz import banks, load
    from course.scenario import ids
    from course.scenario import load as load_scenario

    names = banks()
    for bank in names:
        load(bank)
    scenarios = ids()
    for scenario_id in scenarios:
        load_scenario(scenario_id)
    return len(names) + len(scenarios)
