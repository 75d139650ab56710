"""The syllabus coverage map: every key concept, exam tip, misconception and marking point of the five
syllabus files, and where the workbook teaches, exercises and assesses it.

- items.yaml: the syllabus items, numbered in file order (e.g. "000:MP1").
- map.yaml: where each item is *taught* (notebook and heading), or which section it is planned for
  while that section is not yet written.
- Where an item is *exercised* and *assessed* is not typed twice: it is read from the exercises',
  quiz questions' and conversation scenarios' own `marking_point` and `covers` fields (a scenario
  assesses, like a quiz question). Where a marking point is *written* (evidenced by a written task) is
  read from the notebooks' Markdown cells tagged `evidence:<code>` (course.written), which `course run`
  collects for a tutor to mark.
- interpersonal.yaml: the checked exercises that assess interpersonal skills; with every scenario, they
  are the "interpersonal" count of `counts`. Only required exercises count: a
  stretch exercise (optional free coding) evidences nothing, so every item must be covered without it.
- A Markdown cell that teaches an item (a common mistake or an assessment tip, say) notes its code in
  its metadata, `"syllabus": ["002:CM1"]`, never in the text a learner reads; `cell_codes` reads them.

`course syllabus --check` fails when an item has no place, or a mapped notebook, heading, exercise,
question or cell note does not exist; `course syllabus --table` prints the map.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course import sections
from course.yamlfast import load_packaged

CELL_KEY = "syllabus"  # a cell's metadata key for the syllabus codes it teaches
KIND_NAMES = {"KC": "key concept", "ET": "exam tip", "CM": "misconception", "MP": "marking point"}


@dataclass
class Coverage:
    """Where one syllabus item is taught, exercised and assessed (or the section it is planned for)."""
    code: str
    kind: str
    text: str
    taught: list[tuple[str, str]] = field(default_factory=list)  # (notebook, heading)
    exercised: list[str] = field(default_factory=list)
    assessed: list[str] = field(default_factory=list)
    planned: str | None = None
    written: list[str] = field(default_factory=list)  # "notebook › evidence cell id" of each written task


def _read(name: str) -> dict[str, Any]:
    """Return a shipped syllabus YAML file as a mapping (empty if the file is empty)."""
    data: dict[str, Any] = load_packaged("course.syllabus", name) or {}
    return data


@functools.cache
def items() -> dict[str, tuple[str, str]]:
    """Return {code: (kind, text)} for every syllabus item."""
    return {item["code"]: (item["kind"], item["text"])
            for part in _read("items.yaml").values() for item in part["items"]}


def coverage(notebooks: Path) -> dict[str, Coverage]:
    """Return the coverage of every item, from map.yaml plus the exercise and question registries."""
    from course import exercises
    from course.quiz import banks, load

    table = {code: Coverage(code, kind, text) for code, (kind, text) in items().items()}
    for code, entry in (_read("map.yaml") or {}).items():
        if code not in table:
            table[code] = Coverage(code, "unknown", "")
        table[code].planned = entry.get("planned")
        table[code].taught = [(t["notebook"], t["heading"]) for t in entry.get("taught", [])]
    for exercise_id in exercises.ids():
        ex = exercises.get(exercise_id)
        if ex.stretch:
            continue  # optional: it counts towards no score or evidence (course/tutor/plan.py)
        for code in {ex.marking_point, *ex.covers}:
            table.setdefault(code, Coverage(code, "unknown", "")).exercised.append(exercise_id)
    for bank in banks():
        for q in load(bank).questions:
            for code in {q.marking_point, *q.covers}:
                table.setdefault(code, Coverage(code, "unknown", "")).assessed.append(q.id)
    for scenario_id in scenario_ids():
        played = load_scenario(scenario_id)
        for code in {played.marking_point, *played.covers}:
            table.setdefault(code, Coverage(code, "unknown", "")).assessed.append(scenario_id)
    for notebook, tasks in written_tasks(notebooks).items():
        for task, code in tasks:
            table.setdefault(code, Coverage(code, "unknown", "")).written.append(f"{notebook} › {task}")
    return table


def written_tasks(notebooks: Path) -> dict[str, list[tuple[str, str]]]:
    """Return {notebook path relative to notebooks/: [(evidence cell id, marking point)]} of its written tasks
    (the authenticity declaration is not a syllabus item, so it is left out)."""
    from course import written
    from course.notebooks import workbook

    return {str(path.relative_to(notebooks)): [(cell.task, code) for cell in
                                                written.cells(written.read_notebook(path) or {})
                                                for code in cell.marking_points if code != written.DECLARATION]
            for path in workbook(notebooks)}


def scenario_ids() -> list[str]:
    """Return the ids of the conversation scenarios the package ships."""
    from course.scenario import ids

    return ids()


def load_scenario(scenario_id: str) -> Any:
    """Return a shipped conversation scenario (unsealed in memory)."""
    from course.scenario import load

    return load(scenario_id)


def interpersonal_items() -> list[str]:
    """Return the checked items that assess interpersonal skills: the listed exercises, then every scenario."""
    from course import exercises

    listed = _read("interpersonal.yaml").get("exercises") or []
    known = set(exercises.ids())
    required = [e for e in listed if e in known and not exercises.get(e).stretch]
    return [*dict.fromkeys(required), *scenario_ids()]


def problems(notebooks: Path) -> list[str]:
    """Return every coverage problem: unknown codes, missing places, headings that do not exist."""
    found = _scenario_problems(notebooks)
    headings = _headings(notebooks)
    known = items()
    for notebook, codes in cell_codes(notebooks).items():
        found += [f"{code}: noted in a cell of {notebook}, but not a syllabus item (check the cell's metadata)"
                  for code in sorted(set(codes) - set(known))]
    for code, cov in sorted(coverage(notebooks).items()):
        if cov.kind == "unknown":
            found.append(f"{code}: not a syllabus item (check map.yaml, exercises and quiz banks)")
            continue
        if cov.planned:
            folder = next((s.folder for s in sections.SECTIONS if s.key == cov.planned), None)
            if folder is None:
                found.append(f"{code}: planned for unknown section {cov.planned!r} (see course/sections.py)")
            elif (notebooks / folder).is_dir():
                found.append(f"{code}: planned for {cov.planned}, but that section exists: map where it is taught")
            continue
        if not cov.taught:
            found.append(f"{code}: not taught anywhere (add a notebook and heading to map.yaml)")
        for notebook, heading in cov.taught:
            if notebook not in headings:
                found.append(f"{code}: notebook {notebook} does not exist")
            elif heading not in headings[notebook]:
                found.append(f"{code}: {notebook} has no heading {heading!r}")
        if cov.kind != "exam_tip" and not (cov.exercised or cov.assessed or cov.written):
            found.append(f"{code}: taught but neither exercised, assessed nor written")
        if cov.written and cov.kind != "marking_point":
            found.append(f"{code}: a written task (evidence: cell) names it, but only marking points are evidenced")
    return found


def _scenario_problems(notebooks: Path) -> list[str]:
    """Each shipped scenario is played in the notebook it names; each scenario cell plays a shipped scenario;
    each exercise listed in interpersonal.yaml exists and is not a stretch exercise."""
    from course import exercises
    from course.notebooks import read, workbook
    from course.tutor.plan import scenario_ids as played_in

    found = []
    shipped = set(scenario_ids())
    placed: dict[str, set[str]] = {}
    for path in workbook(notebooks):
        rel = str(path.relative_to(notebooks).with_suffix(""))
        for cell in read(path).cells:
            for scenario_id in played_in(cell.source, rel) if cell.cell_type == "code" else []:
                placed.setdefault(scenario_id, set()).add(rel)
    for scenario_id in sorted(set(placed) - shipped):
        found.append(f"{scenario_id}: played in {', '.join(sorted(placed[scenario_id]))}, but no such scenario is "
                     "shipped (run `course seal-scenarios`)")
    for scenario_id in sorted(shipped):
        where = load_scenario(scenario_id).notebook
        if where not in placed.get(scenario_id, set()):
            found.append(f"{scenario_id}: a scenario for {where}, but no course.scenario(\"{scenario_id}\") cell there")
    for exercise_id in _read("interpersonal.yaml").get("exercises") or []:
        if exercise_id not in exercises.ids() or exercises.get(exercise_id).stretch:
            found.append(f"{exercise_id}: listed in interpersonal.yaml but not a required exercise")
    return found


def _headings(notebooks: Path) -> dict[str, set[str]]:
    """Return {notebook path relative to notebooks/: set of its Markdown headings, without the #s}."""
    from course.notebooks import read, workbook

    out = {}
    for path in workbook(notebooks):
        text = "\n".join(c.source for c in read(path).cells if c.cell_type == "markdown")
        out[str(path.relative_to(notebooks))] = {m.group(1).strip() for m in re.finditer(r"^#+\s+(.+)$", text, re.M)}
    return out


def cell_codes(notebooks: Path) -> dict[str, list[str]]:
    """Return {notebook path relative to notebooks/: the syllabus codes its cells note in their metadata}.

    The codes are for tutors and this map, so they live in a cell's metadata (`"syllabus": [...]`),
    never in the Markdown a learner reads.
    """
    from course.notebooks import read, workbook

    return {str(path.relative_to(notebooks)): [str(code) for cell in read(path).cells
                                                for code in cell.get("metadata", {}).get(CELL_KEY, [])]
            for path in workbook(notebooks)}


def counts(notebooks: Path) -> dict[str, int]:
    """Return how many items are mapped, planned, taught, exercised and assessed; how many conversation
    scenarios there are, and how many checked items assess interpersonal skills."""
    table = coverage(notebooks).values()
    real = [c for c in table if c.kind != "unknown"]
    return {"items": len(real), "taught": sum(bool(c.taught) for c in real),
            "planned": sum(bool(c.planned) for c in real), "exercised": sum(bool(c.exercised) for c in real),
            "assessed": sum(bool(c.assessed) for c in real), "written": sum(bool(c.written) for c in real),
            "scenarios": len(scenario_ids()),
            "interpersonal checked items": len(interpersonal_items())}
