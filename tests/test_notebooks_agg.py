"""Every chart makes its own figure, so notebooks work under any matplotlib backend (issue 14, part 7).

The inline backend starts a fresh figure for every cell, which hides a chart that draws on "whatever
figure is current" instead of making its own (`fig, ax = plt.subplots(...)`, then seaborn with
`ax=ax`). Under any other backend (agg; a learner's ipympl widgets behave the same way) such a chart
lands on the previous cell's axes: 2.2's countplot on a date axis raised "ConversionError".

Two checks keep it so. This static one fails fast, without a kernel, on a seaborn call without `ax=` or
a pyplot call that draws on the current figure. And the notebook harness (test_notebooks_run.py) runs one
learner's solution edition of every notebook under MPLBACKEND=agg (its `AGG`), where no cell may fail.
"""

from __future__ import annotations

import re

import pytest

from course.notebooks import read
from tests.test_notebooks_run import NOTEBOOKS, ROOT

# A chart call that draws on the current figure: a seaborn axes-level plot without ax=, or pyplot's own
# plotting functions (plt.plot, plt.bar ...). Figure-level seaborn (catplot, relplot ...) makes its own figure.
SEABORN_AXES_LEVEL = ("scatterplot", "lineplot", "histplot", "kdeplot", "ecdfplot", "rugplot", "barplot", "countplot",
                      "pointplot", "boxplot", "violinplot", "boxenplot", "stripplot", "swarmplot", "heatmap",
                      "regplot", "residplot")
PYPLOT_DRAWING = re.compile(r"\bplt\.(plot|bar|barh|hist|scatter|pie|boxplot|imshow|axvline|axhline|title|xlabel|"
                            r"ylabel|legend|gca)\(")


def _calls(source: str, name: str) -> list[str]:
    """The full text of every `sns.<name>(...)` call in `source` (brackets matched)."""
    calls = []
    for match in re.finditer(rf"\bsns\.{name}\(", source):
        depth, end = 0, match.end() - 1
        for end in range(match.end() - 1, len(source)):
            depth += {"(": 1, ")": -1}.get(source[end], 0)
            if depth == 0:
                break
        calls.append(source[match.start():end + 1])
    return calls


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_chart_makes_its_own_figure(name: str) -> None:
    nb = read(ROOT / "notebooks" / name)
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        found += [f"cell {index}: {call.splitlines()[0]}" for plot in SEABORN_AXES_LEVEL
                  for call in _calls(cell.source, plot) if not re.search(r"\bax\s*=", call)]
        found += [f"cell {index}: {m.group(0)}" for m in PYPLOT_DRAWING.finditer(cell.source)]
    assert not found, (f"{name}: a chart draws on whatever figure is current; make its own with "
                       "`fig, ax = plt.subplots()` and pass `ax=ax`:\n" + "\n".join(found))
