"""Reading and fully validating source scenarios (solutions/scenarios/*.yaml): structure, rules, facts.

``load_source`` is what ``course check-scenario`` and ``course seal-scenarios`` use: it raises one
ScenarioError listing every problem, each naming the file, scenario, node and field.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from course.scenario.errors import Problem, ScenarioError
from course.scenario.facts_rules import check_facts
from course.scenario.rules import check_scenario
from course.scenario.schema import Scenario, read_source
from course.store import StoreData


def taken_ids() -> dict[str, str]:
    """Return {id: "exercise" | "quiz question"} for the ids a scenario may not reuse."""
    from course import exercises
    from course.quiz import banks, load

    taken = {question.id: "quiz question" for bank in banks() for question in load(bank).questions}
    taken.update(dict.fromkeys(exercises.ids(), "exercise"))
    return taken


def load_source(path: Path | str, *, notebooks: Path | None = None,
                stores: Sequence[StoreData] | None = None) -> Scenario:
    """Read and validate the source scenario at ``path``; raise ScenarioError listing every problem.

    ``notebooks`` (the workbook folder) checks the scenario's notebook exists; ``stores`` are the stores
    its context runs on (default: the sample stores, one per sector).
    """
    path = Path(path)
    scenario = read_source(path)
    problems = check_scenario(scenario, file=path.name, stem=path.stem, notebooks=notebooks)
    kind = taken_ids().get(scenario.id)
    if kind is not None:
        problems.append(Problem(path.name, f"is already the id of an {kind}; scenario ids must be unique across "
                                           "scenarios, exercises and quiz questions", scenario.id, None, "id"))
    if not any(p.field == "context" for p in problems):
        problems += check_facts(scenario, file=path.name, stores=stores)
    if problems:
        raise ScenarioError(problems)
    return scenario


def load_sources(src_dir: Path | str, *, notebooks: Path | None = None,
                 stores: Sequence[StoreData] | None = None) -> list[tuple[Path, Scenario]]:
    """Validate every ``*.yaml`` scenario in ``src_dir`` (ids unique across them); raise ScenarioError."""
    src_dir = Path(src_dir)
    paths = sorted(src_dir.glob("*.yaml"))
    if not paths:
        raise ScenarioError.single(src_dir.name or str(src_dir), f"no *.yaml scenarios in {src_dir}; check the folder")
    problems: list[Problem] = []
    loaded: list[tuple[Path, Scenario]] = []
    for path in paths:
        try:
            loaded.append((path, load_source(path, notebooks=notebooks, stores=stores)))
        except ScenarioError as err:
            problems.extend(err.problems)
    if problems:
        raise ScenarioError(problems)
    return loaded
