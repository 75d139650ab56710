"""Every notebook runs under a non-inline matplotlib backend (issue 14, part 7).

The inline backend starts a fresh figure for every cell, which hides a chart that draws on "whatever
figure is current" instead of making its own (`fig, ax = plt.subplots(...)`, then seaborn with
`ax=ax`). Under any other backend (agg here; a learner's ipympl widgets behave the same way) such a
chart lands on the previous cell's axes: 2.2's countplot on a date axis raised "ConversionError". So
every notebook runs once more, for one learner in the solution edition, with MPLBACKEND=agg, and no cell
may have an error output. The figures are not shown and the outputs are not compared.

It reuses the harness of test_notebooks_run.py (papermill, same parameters), one run per notebook:
about a minute of CPU for the whole workbook. A static check beside it fails fast, without a kernel,
on a seaborn call without `ax=` or a pyplot call that draws on the current figure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course.notebooks import read
from tests.test_notebooks_run import BUILD, NOTEBOOKS, ROOT, _execute, _record_time

LEARNER = ("nb-agg", "electronics")
EDITION = "solutions"
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


@pytest.mark.notebooks
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_under_agg(editions: dict[str, Path], name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "agg")
    learner_id, sector = LEARNER
    relative = Path(name)
    run_dir = BUILD / "agg" / learner_id
    target = run_dir / "executed" / relative
    work = run_dir / "work" / relative.with_suffix("")
    target.unlink(missing_ok=True)
    seconds, cpu = _execute(editions[EDITION] / relative, target, relative, EDITION, learner_id, sector, work)
    _record_time("agg", learner_id, relative, seconds, cpu)
    errors = [f"cell {index}: {output.get('ename')}: {output.get('evalue')}"
              for index, cell in enumerate(read(target).cells) if cell.cell_type == "code"
              for output in cell.get("outputs", []) if output.get("output_type") == "error"]
    assert not errors, f"{relative} under MPLBACKEND=agg, learner {learner_id!r}:\n" + "\n".join(errors)
