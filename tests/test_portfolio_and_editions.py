"""Portfolio artefacts (atomic, never silently lost) and building the learner and solution editions."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from course import portfolio
from course.cli import main
from course.notebooks import PLACEHOLDER, build_edition, exercise_cells, is_learner_cell

ROOT = Path(__file__).resolve().parents[1]
MINE = ("The plan puts Amir in charge of the queue standard, because he trains new starters on the tills, and "
        "we check it every Monday at the team huddle.")  # the learner's own interpretation of a table or chart


@pytest.fixture
def active(start_learner):
    return start_learner("port", start="2025-01-01", end="2025-03-31")


def test_saves_tables_and_text_and_keeps_the_previous_version(active, capsys) -> None:
    portfolio.save("plan.csv", pd.DataFrame({"objective": ["a"], "owner": ["b"]}), interpretation=MINE)
    portfolio.save("plan.csv", pd.DataFrame({"objective": ["c"], "owner": ["d"]}), interpretation=MINE)
    portfolio.save("notes.md", "First thoughts on the store: footfall is highest on Saturday afternoons, and the "
                   "queue at the tills is longest then, so that is when we need an extra colleague on the floor.")
    folder = portfolio.folder()
    assert (folder / "plan.csv").read_text() == "objective,owner\nc,d\n"
    assert (folder / "plan.previous.csv").read_text() == "objective,owner\na,b\n"
    assert (folder / "notes.md").read_text().startswith("First thoughts on the store")
    assert "Saved to your portfolio: portfolio/notes.md" in capsys.readouterr().out
    assert not list(folder.glob(".*.tmp"))


@pytest.mark.parametrize("name", ["../escape.csv", "/etc/passwd.csv", "plan.exe", "", ".hidden.csv", "a/b.csv"])
def test_refuses_names_that_could_escape_or_are_not_csv_or_md(active, name: str) -> None:
    with pytest.raises(ValueError, match="not allowed"):
        portfolio.save(name, "text")


def test_refuses_the_wrong_kind_of_content(active) -> None:
    with pytest.raises(ValueError, match="needs a table"):
        portfolio.save("plan.csv", "not a table")
    with pytest.raises(ValueError, match="needs text"):
        portfolio.save("plan.md", pd.DataFrame())


def test_solution_edition_fills_every_exercise_cell_and_learner_edition_keeps_placeholders(tmp_path: Path) -> None:
    answers = ROOT / "solutions" / "exercises"
    solved = build_edition("solutions", src=ROOT / "notebooks", out=tmp_path / "s", solutions=answers)
    plain = build_edition("learner", src=ROOT / "notebooks", out=tmp_path / "l", solutions=answers)
    assert len(solved) == len(plain) >= 3
    for path in solved:
        for cell in exercise_cells(path):
            assert PLACEHOLDER not in cell.source
            assert cell.source == (ROOT / "solutions" / "exercises" / f"{cell.exercise_id}.py").read_text().rstrip("\n")
    for path in plain:
        assert all(is_learner_cell(c.source) for c in exercise_cells(path))


def test_build_refuses_to_write_over_the_sources() -> None:
    with pytest.raises(ValueError, match="inside"):
        build_edition("solutions", src=ROOT / "notebooks", out=ROOT / "notebooks" / "x", solutions=ROOT / "solutions")


def test_build_names_a_missing_solution(tmp_path: Path) -> None:
    src = tmp_path / "nb"
    src.mkdir()
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(PLACEHOLDER)
    cell.metadata["tags"] = ["exercise:kpi-atv"]
    nb.cells.append(cell)
    nbformat.write(nb, src / "a.ipynb")
    with pytest.raises(ValueError, match=r"kpi-atv.*does not exist"):
        build_edition("solutions", src=src, out=tmp_path / "out", solutions=tmp_path / "none")


def test_build_verb(tmp_path: Path, capsys) -> None:
    assert main(["build", "--edition", "solutions", "--out", str(tmp_path / "sol")]) == 0
    assert "solutions edition:" in capsys.readouterr().out


def test_saves_a_figure_as_png(active) -> None:
    import matplotlib
    matplotlib.use("agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    portfolio.save_figure("chart.png", fig, interpretation=MINE)
    assert (portfolio.folder() / "chart.png").read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match=r"saved as .png"):
        portfolio.save_figure("chart.csv", fig)
    with pytest.raises(ValueError, match="save_figure"):
        portfolio.save("chart.png", "text")
