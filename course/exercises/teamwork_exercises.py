"""Kept only for notebook 5.2, which imports its scenario texts from here; they are in nb_5_2_scenarios.

Remove once notebooks/5-promotion-teamwork/5.2-teamwork-and-performance.ipynb imports from
course.exercises.nb_5_2_scenarios.
"""

from course.exercises.nb_5_2_scenarios import style_scenario, tuckman_scenario

__all__ = ["style_scenario", "tuckman_scenario"]
