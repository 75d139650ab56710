"""Wrong identity: a notebook handed in with another learner's parameters, or whose results name another learner.

`course assign` writes each learner's parameters (learner_id, sector, data_dir) into their notebooks'
`injected-parameters` cell, and the first code cell passes them to `course.start`. A notebook handed in by one
learner that carries another's parameters (a classmate's notebook, or one edited to load another store), or
whose `course.start(...)` names another learner, sector or data folder in the code itself, or whose results
output (`course.results()`, saved in the notebook handed in, or in the run's executed copy) names another
learner, is flagged. Another roster learner's id is a strong flag; an id on no roster row (such as the
template's own "demo-learner", in a copy that was never assigned), or only a different sector or data folder,
is weak.

`course run` always runs the notebook with the roster's learner_id, sector and data_dir (papermill replaces the
injected parameters), so a notebook carrying another learner's parameters is still marked on the roster's store.
Code that calls `course.start` with another learner's id in its own cell is what the executed copy's results
output reveals. Everything here reads notebooks as JSON and source text: nothing a learner wrote is run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import nbformat

from course import progress
from course.tutor import results
from course.tutor.integrity import Flag

PARAMETERS = ("learner_id", "sector", "data_dir")


def notebook_parameters(nb: Any) -> dict[str, object]:
    """Return the literal values the notebook's parameters cells set (injected ones win over the defaults)."""
    found: dict[str, object] = {}
    for tag in ("parameters", "injected-parameters"):
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "code" and tag in (cell.get("metadata", {}).get("tags") or []):
                found.update(_assignments(_source(cell)))
    return {k: v for k, v in found.items() if k in PARAMETERS}


def start_arguments(nb: Any) -> dict[str, object]:
    """Return the literal arguments of the notebook's `course.start(...)` calls (names passed are left out)."""
    found: dict[str, object] = {}
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        for call in _calls(_source(cell), "start"):
            if call.args and isinstance(call.args[0], ast.Constant):
                found["learner_id"] = call.args[0].value
            for keyword in call.keywords:
                if keyword.arg in PARAMETERS and isinstance(keyword.value, ast.Constant):
                    found[keyword.arg] = keyword.value.value
    return found


def results_learners(nb: Any) -> list[str]:
    """Return the learner ids the notebook's saved results outputs name, in order."""
    try:
        payloads = progress.read_results(nb)
    except ValueError:
        return []
    return [p["learner_id"] for p in payloads if isinstance(p.get("learner_id"), str)]


def notebook_identity(learner: Any, notebook: str, submitted: Any, executed: Any | None,
                      roster_ids: Sequence[str]) -> Flag | None:
    """Return a wrong_identity flag for one handed-in notebook (and its executed copy), or None."""
    roster = {"learner_id": learner.learner_id, "sector": learner.sector,
              "data_dir": getattr(learner, "data_dir", None)}  # a roster without a data folder: the simulated store
    differences, others = [], []
    for where, values in (("its parameters", notebook_parameters(submitted)),
                          ("its course.start(...) call", start_arguments(submitted))):
        for name in PARAMETERS:
            if name in values and values[name] != roster[name]:
                differences.append(f"{where} set {name} = {values[name]!r} (the roster says {roster[name]!r})")
                if name == "learner_id":
                    others.append(str(values[name]))
    for where, nb in (("the notebook handed in", submitted), ("the run's executed copy", executed)):
        named = [n for n in dict.fromkeys(results_learners(nb) if nb is not None else []) if n != learner.learner_id]
        if named:
            differences.append(f"{where} holds a results output for {', '.join(repr(n) for n in named)}")
            others += named
    if not differences:
        return None
    classmate = next((o for o in others if o in roster_ids), None)
    other = classmate or (others[0] if others else None)
    return Flag(learner.learner_id, "wrong_identity", "strong" if classmate else "weak", other, notebook,
                "; ".join(differences) + ". It was marked on the roster's store.")


def cohort_identity(learners: Sequence[Any], submissions: Path, run_dir: Path) -> list[Flag]:
    """Return the wrong_identity flags of every notebook every learner handed in."""
    roster_ids = [lr.learner_id for lr in learners]
    return [flag for learner in learners for flag in learner_identity(learner, submissions, run_dir, roster_ids)]


def learner_identity(learner: Any, submissions: Path, run_dir: Path, roster_ids: Sequence[str]) -> list[Flag]:
    """Return the wrong_identity flags of every notebook one learner handed in (`roster_ids`: the whole class)."""
    flags = []
    for path, notebook in _handed_in(Path(submissions) / learner.learner_id):
        submitted = _read(path)
        if submitted is None:
            continue  # `course run` already reports it as corrupt
        executed = _read(results.executed_path(run_dir, learner.learner_id, notebook))
        flag = notebook_identity(learner, notebook, submitted, executed, roster_ids)
        if flag is not None:
            flags.append(flag)
    return flags


def _handed_in(folder: Path) -> Iterable[tuple[Path, str]]:
    """Yield (path, notebook relative to the folder) for each notebook really inside the learner's folder."""
    if not folder.is_dir():
        return
    root = folder.resolve()
    for path in sorted(folder.rglob("*.ipynb")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue  # .ipynb_checkpoints and other hidden copies
        try:
            inside = path.resolve().is_relative_to(root)
        except (OSError, RuntimeError):
            inside = False
        if inside:
            yield path, relative.as_posix()


def _read(path: Path) -> Any | None:
    try:
        return nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - missing or damaged: nothing to compare
        return None


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _tree(source: str) -> ast.Module | None:
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]  # IPython magics
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def _assignments(source: str) -> dict[str, object]:
    tree = _tree(source)
    found: dict[str, object] = {}
    for node in tree.body if tree else []:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def _calls(source: str, name: str) -> list[ast.Call]:
    tree = _tree(source)
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and ((isinstance(node.func, ast.Attribute) and node.func.attr == name
                  and isinstance(node.func.value, ast.Name) and node.func.value.id == "course")
                 or (isinstance(node.func, ast.Name) and node.func.id == name))] if tree else []
