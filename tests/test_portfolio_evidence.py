"""Portfolio evidence is the learner's own: every kind of refusal, attachments only with an interpretation,
written answers read from the saved notebook, the authenticity declaration, and the metadata and contents page."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from course import evidence_rules, portfolio
from course.evidence_rules import EVIDENCE_PLACEHOLDER

PROMPT = ("### Your service plan in your own words\n\nAn assessor looks for measurable standards, who is "
          "responsible for each, and what happens at peak times.")
OWN = ("Saturday afternoons need three of us on the tills because footfall doubles after lunch. Priya owns the "
       "queue standard of five minutes, and if someone calls in sick we move the stockroom colleague forward.")


@pytest.fixture
def active(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start_learner):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    return start_learner("port", start="2025-01-01", end="2025-03-31", notebook="1-planning/9.9-test")


def _notebook(tmp_path: Path, answer: str, *, min_words: int = 20, tag: str = "evidence:002:MP8",
              task: str = "nb-plan") -> Path:
    cells = [{"cell_type": "markdown", "id": "intro", "metadata": {}, "source": PROMPT},
             {"cell_type": "markdown", "id": task, "source": answer,
              "metadata": {"tags": [tag], "evidence": {"title": "your service plan", "min_words": min_words}}}]
    path = tmp_path / "9.9-test.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


@pytest.mark.parametrize("text, says", [
    ("Write one or two sentences here about what you noticed in your daily sales chart.", "placeholder"),
    ("(Write two or three sentences: was PR01 worth running, and what evidence shows it?) It was fine.",
     "placeholder"),
    (EVIDENCE_PLACEHOLDER, "placeholder"),
    ("Footfall rose in March.", "has 4 words of your own"),
    ("", "does not have your own words"),
])
def test_text_that_is_not_the_learners_own_is_refused_and_nothing_is_written(active, capsys, text: str,
                                                                             says: str) -> None:
    portfolio.save("notes.md", OWN)
    before = (portfolio.folder() / "notes.md").read_text()
    portfolio.save("notes.md", text)
    out = capsys.readouterr().out
    assert says in out and "Nothing has been saved" in out
    assert (portfolio.folder() / "notes.md").read_text() == before
    assert "notes.previous.md" not in _files(portfolio.folder())


def test_own_words_leave_out_the_words_of_the_question() -> None:
    assert evidence_rules.own_words("An assessor looks for standards at peak times", PROMPT) == 0
    assert evidence_rules.own_words("Priya owns each queue", PROMPT) == 3  # "each" is in the prompt
    with pytest.raises(evidence_rules.EvidenceRefused, match="question, copied"):
        evidence_rules.check(PROMPT, supplied=EVIDENCE_PLACEHOLDER, prompt=PROMPT, min_words=5)


def test_a_table_or_chart_needs_the_learners_interpretation(active, capsys) -> None:
    import matplotlib
    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    table = pd.DataFrame({"hour": [9, 10], "colleagues": [2, 3]})
    portfolio.save("rota.csv", table)
    fig, _ = plt.subplots()
    portfolio.save_figure("chart.png", fig)
    portfolio.save("rota.csv", table, interpretation="(Write two or three sentences here: what the table shows.)")
    assert capsys.readouterr().out.count("only with your own interpretation") == 2
    assert _files(portfolio.folder()) == set()
    portfolio.save("rota.csv", table, interpretation=OWN)
    portfolio.save_figure("chart.png", fig, interpretation=OWN)
    plt.close(fig)
    assert (portfolio.folder() / "rota.interpretation.md").read_text() == OWN + "\n"
    assert (portfolio.folder() / "chart.png").read_bytes()[:4] == b"\x89PNG"
    assert "with your interpretation in rota.interpretation.md" in capsys.readouterr().out


def test_save_written_when_unsaved_placeholder_and_real(active, tmp_path: Path, capsys) -> None:
    portfolio.save_written("service-plan.md", task="nb-plan")
    assert "save the notebook (Ctrl+S)" in capsys.readouterr().out
    _notebook(tmp_path, EVIDENCE_PLACEHOLDER)
    portfolio.save_written("service-plan.md", task="nb-plan")
    assert "save the notebook (Ctrl+S)" in capsys.readouterr().out
    _notebook(tmp_path, OWN + "\n\n" + EVIDENCE_PLACEHOLDER)
    portfolio.save_written("service-plan.md", task="nb-plan")
    assert "still has the notebook's placeholder" in capsys.readouterr().out
    _notebook(tmp_path, "Three on the tills on Saturdays.", min_words=20)
    portfolio.save_written("service-plan.md", task="nb-plan")
    assert "needs at least 20" in capsys.readouterr().out
    assert _files(portfolio.folder()) == set()
    _notebook(tmp_path, OWN)
    portfolio.save_written("service-plan.md", task="nb-plan")
    assert (portfolio.folder() / "service-plan.md").read_text() == OWN + "\n"
    with pytest.raises(ValueError, match="no written-evidence cell 'nb-nope'"):
        portfolio.save_written("x.md", task="nb-nope")


def test_metadata_and_contents_page_name_notebook_task_and_marking_point(active, tmp_path: Path) -> None:
    _notebook(tmp_path, OWN)
    portfolio.save("rota.csv", pd.DataFrame({"hour": [9]}), task="nb-plan")
    portfolio.save_written("service-plan.md", task="nb-plan")
    meta = json.loads((portfolio.folder() / ".meta.json").read_text())["artefacts"]
    assert meta["rota.csv"] == {"notebook": "1-planning/9.9-test", "task": "nb-plan", "marking_points": ["002:MP8"],
                                "kind": "made by the notebook", "interpretation": "rota.interpretation.md"}
    assert meta["service-plan.md"]["kind"] == "own words" and meta["rota.interpretation.md"]["task"] == "nb-plan"
    index = (portfolio.folder() / "index.md").read_text()
    assert "| service-plan.md | 1-planning/9.9-test | nb-plan | 002:MP8 | own words |" in index
    assert "your interpretation: rota.interpretation.md" in index and "not signed yet" in index
    assert not list(portfolio.folder().glob(".*.tmp"))


@pytest.mark.parametrize("text, fine", [
    ("I declare that this work is my own and written in my own words, 3 March 2026. Sam Patel.", True),
    ("I declare that this work is my own and written in my own words. Sam Patel.", False),  # no date
    ("Mine, 03/03/2026.", False),  # too short
])
def test_the_declaration_needs_own_words_and_a_date(active, tmp_path: Path, capsys, text: str, fine: bool) -> None:
    _notebook(tmp_path, text, tag="evidence:declaration", task="nb-declare")
    portfolio.sign_declaration("nb-declare")
    assert ("declaration.md" in _files(portfolio.folder())) is fine
    if fine:
        assert "signed, see declaration.md" in (portfolio.folder() / "index.md").read_text()
    else:
        assert "Not saved yet" in capsys.readouterr().out


def test_reserved_names_are_refused(active) -> None:
    for name in ("index.md", "plan.interpretation.md"):
        with pytest.raises(ValueError, match="kept for the portfolio"):
            portfolio.save(name, OWN)


ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [*sorted((ROOT / "notebooks").glob("[0-9]*/*.ipynb")), ROOT / "notebooks" / "0-start-here.ipynb"]


def _calls(source: str, name: str) -> list[str]:
    """The text of every call of `name` in a code cell, up to its closing bracket."""
    import re

    found = []
    for match in re.finditer(re.escape(name) + r"\(", source):
        end, depth = match.end(), 1
        while depth:
            depth += {"(": 1, ")": -1}.get(source[end], 0)
            end += 1
        found.append(source[match.start():end])
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_notebook_saves_prose_that_is_not_the_learners(path: Path) -> None:
    import re

    from course import written

    nb = json.loads(path.read_text(encoding="utf-8"))
    tasks = {cell.task: cell for cell in written.cells(nb)}
    for cell in tasks.values():
        assert cell.text == EVIDENCE_PLACEHOLDER and cell.prompt and cell.min_words >= 12, cell.task
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    edit_me = re.findall(r'^\s*\w+\s*=\s*\(?\s*f?"\(?\s*Write\b.*$', code, re.M)  # a text for the learner to edit
    assert edit_me == [], f"{path.name}: the learner writes in an evidence: cell, not in a Python string: {edit_me}"
    saves = _calls(code, "course.portfolio.save") + _calls(code, "course.portfolio.save_figure")
    assert saves
    for call in saves:
        assert "task=" in call or "interpretation=" in call, call
    named = set(re.findall(r'TASK = "([\w-]+)"', code)) | set(re.findall(r'task="([\w-]+)"', code)) \
        | set(re.findall(r'(?:ready|sign_declaration)\("([\w-]+)"\)', code))
    assert named <= set(tasks), f"{path.name} names evidence cells it does not have: {named - set(tasks)}"
