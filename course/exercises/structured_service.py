"""Kept only for notebook 2.1, which imports MEASURES from here; the exercises are in nb_2_1_recording_systems.

Remove once notebooks/2-recording/2.1-recording-systems.ipynb imports from course.exercises.nb_2_1_recording_systems.
"""

from course.exercises.nb_2_1_recording_systems import MEASURE_KINDS, MEASURES

__all__ = ["MEASURES", "MEASURE_KINDS"]
