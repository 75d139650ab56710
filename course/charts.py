"""Accessible charts: the kit's colour-blind-safe palette, a second cue besides colour, and a chart in words.

- `OKABE_ITO`: the Okabe-Ito palette (Okabe and Ito, "Color Universal Design", 2008), blue first, set once for
  every chart by `course.style()`.
- `add_second_cue(fig)`: where colour tells series apart, bars get hatching and lines get markers, in the
  legend too, so a chart reads in greyscale or with any colour-vision deficiency.
- `chart_sentence(ax)`: one sentence stating a chart's main point (where it is highest and lowest, and for a
  line whether it ends higher or lower than it starts), computed from what is plotted, so it is true for
  every learner and sector.
- `install()` (called by `course.style()` in a running kernel): every chart a notebook cell displays gets
  its second cue, and the cell's output then ends with each chart's sentence.
A sentence names no figure: the chart and its tables give the figures. A figure in it, even rounded, could be an
exercise's answer shown before the exercise asks for it (the learner-edition leak scan found two such in 2.2).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "++", "--"]
WORDS = "In words:"  # leads each chart's sentence (course.tutor.leaks knows it by this)
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
_pending: list[str] = []  # sentences of the charts shown by the running cell


def add_second_cue(fig: Figure) -> None:
    """Hatch the bars and mark the lines of every axes of `fig` where more than one colour tells series apart."""
    for ax in fig.axes:
        _hatch_bars(ax)
        _mark_lines(ax)


def _colour(artist: Any) -> tuple[float, ...]:
    from matplotlib.colors import to_rgba

    getter = getattr(artist, "get_facecolor", None) if not isinstance(artist, Line2D) else artist.get_color
    colour = getter() if getter else "none"
    if getattr(colour, "ndim", 1) == 2:  # a collection (e.g. an error bar's legend handle): one row per member
        colour = colour[0] if len(colour) else "none"
    try:
        return tuple(round(c, 3) for c in to_rgba(colour))
    except ValueError:  # not a single colour: nothing to match a hatch to
        return ()


def _hatch_bars(ax: Axes) -> None:
    bars = [c for c in ax.containers if isinstance(c, BarContainer) and len(c.patches)]
    colours = list(dict.fromkeys(_colour(c.patches[0]) for c in bars))
    if len(colours) < 2 or len(bars) < 2:
        return
    hatch = {colour: HATCHES[i % len(HATCHES)] for i, colour in enumerate(colours)}
    for container in bars:
        for patch in container.patches:
            if not patch.get_hatch():
                patch.set_hatch(hatch[_colour(patch)])
                patch.set_edgecolor("#333333")
    legend = ax.get_legend()
    for handle in getattr(legend, "legend_handles", []) if legend else []:
        if hasattr(handle, "set_hatch") and _colour(handle) in hatch:
            handle.set_hatch(hatch[_colour(handle)])
            handle.set_edgecolor("#333333")


def _series(ax: Axes) -> list[Line2D]:
    """The data lines of `ax`: no reference lines (axvline, axhline) and at least three points."""
    lines = []
    for line in ax.get_lines():
        x, y = _floats(line.get_xdata()), _floats(line.get_ydata())
        if len(x) >= 3 and len(set(y)) > 1:
            lines.append(line)
    return lines


def _mark_lines(ax: Axes) -> None:
    lines = _series(ax)
    colours = list(dict.fromkeys(_colour(line) for line in lines))
    if len(colours) < 2:
        return
    marker = {colour: MARKERS[i % len(MARKERS)] for i, colour in enumerate(colours)}
    for line in lines:
        if line.get_marker() in (None, "", "None", " "):
            line.set_marker(marker[_colour(line)])
            line.set_markevery(max(1, len(_floats(line.get_xdata())) // 12))
            line.set_markersize(5)
    legend = ax.get_legend()
    for handle in getattr(legend, "legend_handles", []) if legend else []:
        if isinstance(handle, Line2D) and _colour(handle) in marker and handle.get_marker() in (None, "", "None"):
            handle.set_marker(marker[_colour(handle)])


def _floats(values: Any) -> list[float]:
    """The finite numbers among `values` (dates as matplotlib's day numbers)."""
    out = []
    for value in values:
        try:
            number = float(value)
        except (TypeError, ValueError):
            try:
                from matplotlib.dates import date2num

                number = float(date2num(value))  # type: ignore[no-untyped-call]  # matplotlib leaves it untyped
            except (TypeError, ValueError):
                continue
        if math.isfinite(number):
            out.append(number)
    return out


def _tick_label(axis: Any, position: float, width: float) -> str:
    """The category of the bar centred on `position` (the nearest tick of a category axis), or else the
    range of values the bar covers (a histogram)."""
    from matplotlib.category import StrCategoryFormatter
    from matplotlib.ticker import FixedFormatter

    formatter = axis.get_major_formatter()
    if isinstance(formatter, (FixedFormatter, StrCategoryFormatter)):
        ticks = [(abs(float(t) - position), lab.get_text()) for t, lab in
                 zip(axis.get_majorticklocs(), axis.get_majorticklabels()) if lab.get_text().strip()]
        if ticks:
            return " ".join(min(ticks)[1].split())
    low, high = (str(formatter(position + side * width / 2)).strip() for side in (-1, 1))
    return f"the range {low} to {high}"


def _legend_names(ax: Axes) -> dict[tuple[float, ...], str]:
    """The legend's text for each colour (how seaborn names the series of a hue)."""
    legend = ax.get_legend()
    if legend is None:
        return {}
    return {_colour(h): t.get_text() for h, t in zip(getattr(legend, "legend_handles", []), legend.get_texts())
            if h is not None and hasattr(h, "get_facecolor")}


def _bar_points(ax: Axes) -> list[tuple[str, float]]:
    """(label, value) of every bar: category (and series, when there are several) and its length."""
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    several, names = len(bars) > 1, _legend_names(ax)
    points = []
    for container in bars:
        vertical = getattr(container, "orientation", "vertical") != "horizontal"
        series = ""
        if several and container.patches:
            own = str(container.get_label())
            series = own if own and not own.startswith("_") else names.get(_colour(container.patches[0]), "")
        for patch in container.patches:
            if vertical:
                centre, size, value = patch.get_x() + patch.get_width() / 2, patch.get_width(), patch.get_height()
                label = _tick_label(ax.xaxis, centre, size)
            else:
                centre, size, value = patch.get_y() + patch.get_height() / 2, patch.get_height(), patch.get_width()
                label = _tick_label(ax.yaxis, centre, size)
            if math.isfinite(value):
                points.append((f"{label} ({series})" if series else label, float(value)))
    return points


def _line_clause(ax: Axes) -> str | None:
    lines = _series(ax)
    if not lines:
        return None
    line = max(lines, key=lambda item: len(_floats(item.get_xdata())))
    x, y = _floats(line.get_xdata()), _floats(line.get_ydata())
    if len(x) != len(y) or len(y) < 2:
        return None
    top, low = max(range(len(y)), key=y.__getitem__), min(range(len(y)), key=y.__getitem__)
    where = _tick_format(ax)
    name = str(line.get_label())
    lead = f"the line “{name}”" if len(lines) > 1 and not name.startswith("_") else "the line"
    trend = "higher" if y[-1] > y[0] else "lower" if y[-1] < y[0] else "level"
    ends = f"it ends {trend} than it starts" if trend != "level" else "it ends where it starts"
    return f"{lead} is highest at {where(x[top])} and lowest at {where(x[low])}; {ends}"


def _tick_format(ax: Axes) -> Any:
    formatter = ax.xaxis.get_major_formatter()
    labels = {round(float(t), 6): lab.get_text() for t, lab in zip(ax.get_xticks(), ax.get_xticklabels())}

    def where(value: float) -> str:
        text = labels.get(round(value, 6)) or str(formatter(value))
        return " ".join(text.split()) or f"{value:g}"
    return where


def chart_sentence(ax: Axes) -> str:
    """Return one sentence stating the main point of the chart on `ax`, from what it plots."""
    title = " ".join(ax.get_title().split()) or "This chart"
    value_axis = ax.get_ylabel()
    points = [p for p in _bar_points(ax) if p[1] != 0] or _bar_points(ax)
    if len(points) >= 2:
        top, low = max(points, key=lambda p: p[1]), min(points, key=lambda p: p[1])
        if any(getattr(c, "orientation", "") == "horizontal" for c in ax.containers):
            value_axis = ax.get_xlabel()
        unit = f" ({' '.join(value_axis.split())})" if value_axis else ""
        return f"{title}{unit}: the highest is {top[0]}; the lowest is {low[0]}."
    clause = _line_clause(ax)
    if clause:
        unit = f" ({' '.join(value_axis.split())})" if value_axis else ""
        return f"{title}{unit}: {clause}."
    return f"{title}: read the values from the chart or the table beside it."


def figure_sentences(fig: Figure) -> list[str]:
    """Return one sentence per axes of `fig` that has something plotted (a colour bar has not)."""
    plotted = [ax for ax in fig.axes if ax.containers or _series(ax) or (ax.collections and ax.get_title())]
    return [chart_sentence(ax) for ax in plotted]


def words_html(sentences: Sequence[str]) -> str:
    """Return the sentences as HTML paragraphs, each led by "In words:"."""
    return "".join(f'<p class="course-chart-words"><strong>In words:</strong> {html.escape(s)}</p>' for s in sentences)


def install() -> bool:
    """In a running IPython with inline figures: give every displayed chart its second cue and, after the
    cell, its sentence in words. Idempotent; return True when installed."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    png = shell.display_formatter.formatters["image/png"]
    try:
        import matplotlib.pyplot as plt

        plt._get_backend_mod()  # matplotlib picks its backend lazily; the inline one registers its formatter then
    except (ImportError, AttributeError):
        pass
    try:
        draw = png.lookup_by_type(Figure)
    except KeyError:  # figures are not drawn inline here (a script, or another backend)
        return False
    if getattr(draw, "_course_charts", False):
        return True

    def draw_accessibly(fig: Figure, *args: Any, **kwargs: Any) -> Any:
        add_second_cue(fig)
        _pending.extend(figure_sentences(fig))
        return draw(fig, *args, **kwargs)

    draw_accessibly._course_charts = True  # type: ignore[attr-defined]  # marks the wrapper as ours
    png.for_type(Figure, draw_accessibly)
    shell.events.register("post_run_cell", _show_sentences)
    return True


def _show_sentences(*_args: Any) -> None:
    if not _pending:
        return
    from IPython.display import display

    sentences = list(_pending)
    _pending.clear()
    display({"text/plain": "\n".join(f"{WORDS} {s}" for s in sentences), "text/html": words_html(sentences)},
            raw=True)
