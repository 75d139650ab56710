"""What the learner's data holds, in words, for 0-start-here's tour of "your store".

A simulated store counts its footfall hour by hour, with the queue at the tills and the day's weather; a door
counter's export, as `course import` writes it, has one count a day, and the import fills the queue with 0 and
the weather with "dry" only to complete the columns (course.importer.derive). The tour's sentences about the
footfall are printed from the data (`footfall_words`), and its chart colours the days by weather only when the
weather was recorded (`has_weather`), so every sentence is true of a simulated store and of an import alike.
The test is the one that decides whether an exercise may use the learner's own footfall counts by the hour
(course.store.partial.REQUIREMENTS["hourly-footfall"]).
"""

from __future__ import annotations

from course.store.data import StoreData
from course.store.partial import REQUIREMENTS


def has_weather(data: StoreData) -> bool:
    """True when the store's footfall is counted hour by hour, with the queue and the weather (a simulated store);
    False for a door counter's export, one count a day with neither."""
    return len(data.footfall) > 0 and REQUIREMENTS["hourly-footfall"].met(data)


def footfall_words(data: StoreData) -> str:
    """Say in one plain sentence what the store's footfall counts hold."""
    if len(data.footfall) == 0:
        return "Your data has no footfall counts."
    if has_weather(data):
        return ("Your door counter recorded the visitors who came in during each hour the store was open, with the "
                "average queue at the tills and that day's weather.")
    return ("Your door counter's export has one count of visitors a day: no hours, queue times or weather (the "
            "import puts 0 and 'dry' in those columns only to fill them).")
