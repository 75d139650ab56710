"""course.charts: the Okabe-Ito palette, a second cue besides colour, and each chart's main point in words.

The sentence is checked against the learner's own data, computed here with pandas, for several learners
and every sector: it must name the right day or hour and a value that rounds to the true one.
"""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt
import pytest
import seaborn as sns

from course import charts

LEARNERS = [("ab12", "grocery"), ("zz9", "apparel"), ("kc-07", "electronics"), ("m4", "homeware")]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize(("learner", "sector"), LEARNERS)
def test_a_bar_chart_sentence_names_this_learners_busiest_and_quietest_day(store_of, learner: str, sector: str) -> None:
    footfall = store_of(learner, sector=sector).footfall
    daily = footfall.groupby(footfall["timestamp"].dt.normalize())["visitors"].sum().rename_axis("date").reset_index()
    daily["weekday"] = daily["date"].dt.day_name()
    _fig, ax = plt.subplots()
    sns.barplot(data=daily, x="weekday", y="visitors", order=DAYS, errorbar=None, ax=ax)
    ax.set(title="Average visitors per day", ylabel="Visitors per day (average)")
    means = daily.groupby("weekday")["visitors"].mean()
    sentence = charts.chart_sentence(ax)
    assert sentence.startswith("Average visitors per day (Visitors per day (average)): ")
    assert f"the highest is {means.idxmax()}; the lowest is {means.idxmin()}." in sentence
    assert not re.search(r"\d", sentence.split(":", 1)[1]), sentence  # no figure: it could be an answer


@pytest.mark.parametrize(("learner", "sector"), LEARNERS[:3])
def test_a_line_chart_sentence_names_the_peak_hour_and_the_trend(store_of, learner: str, sector: str) -> None:
    footfall = store_of(learner, sector=sector).footfall
    hours = footfall.groupby(footfall["timestamp"].dt.hour)["visitors"].mean()
    fig, ax = plt.subplots()
    sns.lineplot(x=hours.index, y=hours.to_numpy(), ax=ax)
    ax.set(title="Visitors by hour", ylabel="Visitors per hour")
    fig.canvas.draw()  # tick labels are set when the chart is drawn, as in a notebook
    sentence = charts.chart_sentence(ax)
    assert f"highest at {hours.idxmax()} and lowest at {hours.idxmin()};" in sentence
    trend = "higher" if hours.iloc[-1] > hours.iloc[0] else "lower"
    assert f"it ends {trend} than it starts" in sentence


def test_series_told_apart_by_colour_get_hatching_and_markers_in_the_legend_too() -> None:
    fig, (bars, lines) = plt.subplots(1, 2)
    sns.barplot(x=["a", "b", "a", "b"], y=[1, 2, 3, 4], hue=["x", "x", "y", "y"], ax=bars)
    lines.plot([1, 2, 3], [1, 3, 2], label="one")
    lines.plot([1, 2, 3], [2, 1, 3], label="two")
    lines.axhline(2, color="black")  # a reference line is not a series
    lines.legend()
    charts.add_second_cue(fig)
    assert [c.patches[0].get_hatch() for c in bars.containers] == ["", "//"]
    assert [h.get_hatch() for h in bars.get_legend().legend_handles] == ["", "//"]
    assert [line.get_marker() for line in lines.get_lines()[:2]] == ["o", "s"]
    assert [h.get_marker() for h in lines.get_legend().legend_handles] == ["o", "s"]
    assert "the highest is b (y);" in charts.chart_sentence(bars)


def test_one_colour_gets_no_extra_cue_and_the_palette_is_okabe_ito() -> None:
    fig, ax = plt.subplots()
    ax.bar(["a", "b"], [1, 2])
    charts.add_second_cue(fig)
    assert [p.get_hatch() for p in ax.patches] == [None, None]
    assert charts.OKABE_ITO[:3] == ["#0072B2", "#E69F00", "#009E73"] and len(set(charts.OKABE_ITO)) == 8


def test_sentences_are_escaped_html_led_by_in_words() -> None:
    assert charts.words_html(["A < B"]) == '<p class="course-chart-words"><strong>In words:</strong> A &lt; B</p>'


def test_bars_with_an_error_bar_in_the_legend_get_their_cue() -> None:
    """4.3's chart: bars coloured by hue and an error bar with a label (its legend handle is a collection)."""
    import matplotlib.pyplot as plt
    import pandas as pd
    import seaborn as sns

    frame = pd.DataFrame({"group": ["a", "b", "c"], "nps": [10.0, 20.0, -5.0], "margin": [5.0, 6.0, 7.0]})
    fig, ax = plt.subplots()
    sns.barplot(data=frame, x="group", y="nps", hue="group", legend=False, ax=ax)
    ax.errorbar(x=range(3), y=frame["nps"], yerr=frame["margin"], fmt="none", ecolor="black", label="margin")
    ax.legend(loc="lower right")
    charts.add_second_cue(fig)
    assert len({container.patches[0].get_hatch() for container in ax.containers[:3]}) == 3  # one cue per colour
    plt.close(fig)
