"""Read-only views of RUN/gradebook.sqlite for the learner reports and the class summary.

The shapes are those of docs/tutor-data.md. Every score and piece of evidence is computed here, once,
so a learner's report and the class summary can never disagree. Both count the `scored` outcomes: a
stretch exercise (optional free coding) is shown, marked "stretch", but never scored.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from course import sections, syllabus
from course.files import write_text_atomic
from course.tutor.decisions import TutorData, credits_of, load

NOT_MARKED = "not_marked"  # no result row: the notebook was missing or could not be run
QUIZ_PREFIX = "quiz:"  # as course.tutor.plan.QUIZ_PREFIX: put on a question id that is also an exercise id
STRETCH = "stretch"  # as course.tutor.plan.STRETCH: the kind of a stretch exercise, which is never scored
STRETCH_NOTE = " (stretch: optional, not scored)"  # after a stretch exercise's title wherever it is shown
STATUS_LABELS = {"correct": "Correct", "incorrect": "Not yet right", "invalid": "Not in the form asked",
                 "not_attempted": "Not attempted", NOT_MARKED: "Not marked (notebook not run)"}
MISSED = {"incorrect": "Wrong answer", "invalid": "Not in the form asked", "not_attempted": "Not attempted",
          NOT_MARKED: "Not marked"}
FAILURE_LABELS = {"timeout": "Ran out of time", "kernel_died": "The notebook's kernel stopped",
                  "corrupt": "Not a readable notebook", "missing": "Not submitted",
                  "error": "Error while running"}
COLUMNS = {
    "learners": ["learner_id", "name", "sector"],
    "items": ["item_id", "kind", "section", "notebook", "marking_point", "covers"],
    "results": ["learner_id", "item_id", "status", "misconception", "attempts", "hints", "outcome", "misconceptions"],
    "notebook_runs": ["learner_id", "notebook", "status", "failure_kind", "failure_detail"],
}
# Columns that a gradebook of an earlier version lacks, and the value they read as there.
LATER_COLUMNS = {("results", "hints"): "0", ("results", "outcome"): "NULL", ("results", "misconceptions"): "NULL"}


@dataclass(frozen=True)
class Gradebook:
    """The gradebook's tables (NULL as None), learners and items in the order they were written (roster order)."""
    path: Path
    learners: pd.DataFrame
    items: pd.DataFrame
    results: pd.DataFrame
    notebook_runs: pd.DataFrame
    tutor: TutorData = field(default_factory=TutorData)  # tutor marks and written evidence (course.tutor.decisions)
    written_credits: tuple[tuple[str, str, str, float], ...] = ()  # (learner, section, point, credit): decisions

    @property
    def sections(self) -> list[str]:
        """The sections that have items, in course order (unknown sections last, in workbook order)."""
        return sections.course_order([*self.items["section"].dropna(), *(c[1] for c in self.written_credits)])


def read_gradebook(run: Path) -> Gradebook:
    """Load RUN/gradebook.sqlite read-only; raise FileNotFoundError/ValueError naming the file and fix."""
    path = Path(run) / "gradebook.sqlite"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no gradebook here; run `course run ... --out {run}` first")
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {name: _table(con, path, name, cols) for name, cols in COLUMNS.items()}
        tutor, written_credits = load(con), tuple(credits_of(con))
    finally:
        con.close()
    items = tables["items"]
    items["codes"] = pd.Series([frozenset(filter(None, [mp, *_codes(cv)]))
                                for mp, cv in zip(items["marking_point"], items["covers"])],
                               index=items.index, dtype=object)
    return Gradebook(path, **tables, tutor=tutor, written_credits=written_credits)


def _table(con: sqlite3.Connection, path: Path, name: str, columns: list[str]) -> pd.DataFrame:
    try:
        have = {row[1] for row in con.execute(f"PRAGMA table_info({name})")}
        chosen = [c if c in have or (name, c) not in LATER_COLUMNS else f"{LATER_COLUMNS[name, c]} AS {c}"
                  for c in columns]
        query = f"SELECT {', '.join(chosen)} FROM {name} ORDER BY rowid"  # noqa: S608 - names from COLUMNS only
        frame = pd.read_sql_query(query, con)
    except (sqlite3.Error, pd.errors.DatabaseError) as err:
        raise ValueError(f"{path}: cannot read table {name!r} ({err}); is this a gradebook written by "
                         f"`course run`? Expected columns: {', '.join(columns)}") from None
    return frame.astype(object).where(frame.notna(), None)


def _count(value: Any) -> int:
    """Return a count from a gradebook cell: a whole number of 0 or more, else 0 (NULL, NaN, text)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return int(number) if number.is_integer() and number > 0 else 0


def _codes(covers: Any) -> list[str]:
    """Return the syllabus codes in an items.covers value: a JSON list or a comma/space separated string."""
    if not covers:
        return []
    text = str(covers).strip()
    if text.startswith("["):
        try:
            return [str(c) for c in json.loads(text)]
        except json.JSONDecodeError:
            text = text.strip("[]")
    return [c.strip("\"' ") for c in re.split(r"[,;\s]+", text) if c.strip("\"' ")]


def section_label(section: str) -> str:
    """Return a section's label for display (as course.sections.label)."""
    return sections.label(section)


def failure_label(kind: str | None) -> str:
    """Return the plain-English label of a notebook run's failure kind (the kind itself if unknown)."""
    return FAILURE_LABELS.get(kind or "", str(kind or "unknown"))


def outcomes(gb: Gradebook, learner_id: str | None = None) -> pd.DataFrame:
    """Return one row per (learner, item of the run) with its status; no result row -> NOT_MARKED."""
    ids = gb.learners["learner_id"] if learner_id is None else pd.Series([learner_id], name="learner_id")
    grid = ids.to_frame().merge(gb.items, how="cross")
    out = grid.merge(gb.results, on=["learner_id", "item_id"], how="left")
    out["status"] = [s if isinstance(s, str) and s else NOT_MARKED for s in out["status"]]
    out["hints"] = [_count(h) for h in out["hints"]]
    out["misconception"] = pd.Series([m if isinstance(m, str) and m else None for m in out["misconception"]],
                                     index=out.index, dtype=object)  # object: None stays None, not NaN
    return out


def scored(outcome_rows: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of `outcomes` that scores and evidence count: all but the stretch exercises."""
    return outcome_rows[outcome_rows["kind"] != STRETCH]


def result_label(status: str, hints: int = 0) -> str:
    """Return a result for display, with the hints it needed: "Correct: solved with 2 hints" (no penalty)."""
    label = STATUS_LABELS.get(status, status)
    if hints < 1:
        return label
    count = f"{hints} hint{'s' if hints != 1 else ''}"
    return f"{label}: solved with {count}" if status == "correct" else f"{label} ({count} seen)"


def section_scores(gb: Gradebook, learner_id: str | None = None) -> pd.DataFrame:
    """Return learner_id, section, correct, items, score (% correct, 1 dp), in course section order. A
    tutor-marked written marking point is one item of its section: met 1, partly 0.5, not yet or unmarked 0."""
    o = scored(outcomes(gb, learner_id)).assign(correct=lambda d: d["status"].eq("correct").astype(float))
    written = pd.DataFrame([(c[0], c[1], 1, c[3]) for c in gb.written_credits if learner_id in (None, c[0])],
                           columns=["learner_id", "section", "items", "correct"])
    parts = [o.groupby(["learner_id", "section"]).agg(correct=("correct", "sum"), items=("item_id", "count"))
             .reset_index(), written]
    scores = (pd.concat([p for p in parts if not p.empty]) if any(not p.empty for p in parts) else parts[0])
    scores = scores.groupby(["learner_id", "section"], as_index=False)[["correct", "items"]].sum()
    scores["items"] = scores["items"].astype(int)
    scores["correct"] = [int(c) if float(c).is_integer() else float(c) for c in scores["correct"]]
    scores["score"] = (scores["correct"].astype(float) / scores["items"] * 100).round(1)
    scores["order"] = scores["section"].map({s: i for i, s in enumerate(gb.sections)})
    return scores.sort_values(["learner_id", "order"]).drop(columns="order").reset_index(drop=True)


def total_scores(gb: Gradebook) -> dict[str, float]:
    """Return {learner_id: % of all the run's scored items correct (written points included), 1 dp}."""
    sums = section_scores(gb).groupby("learner_id")[["correct", "items"]].sum()
    share = (sums["correct"].astype(float) / sums["items"] * 100).round(1)
    return {str(learner): float(score) for learner, score in share.items()}


def evidence(gb: Gradebook, learner_id: str) -> pd.DataFrame:
    """Return code, marking point, correct, items, evidence (Met / Partly / Not yet) per marking point
    that has scored items in this run, in syllabus order."""
    o = scored(outcomes(gb, learner_id))
    rows = []
    for code, (kind, text) in syllabus.items().items():
        mapped = o[pd.Series([code in codes for codes in o["codes"]], index=o.index, dtype=bool)]
        if kind != "marking_point" or mapped.empty:
            continue
        correct = int(mapped["status"].eq("correct").sum())
        verdict = "Met" if correct == len(mapped) else "Partly" if correct else "Not yet"
        rows.append({"code": code, "marking point": text, "correct": correct, "items": len(mapped),
                     "evidence": verdict})
    return pd.DataFrame(rows, columns=["code", "marking point", "correct", "items", "evidence"])


def misconceptions(gb: Gradebook, learner_id: str | None = None) -> pd.DataFrame:
    """Return the results that showed a misconception, with its name, fix, the item's title and notebook."""
    o = outcomes(gb, learner_id)
    o = o[o["misconception"].notna()].copy()
    info = [misconception_info(m, i) for m, i in zip(o["misconception"], o["item_id"])]
    o["name"] = [name for name, _fix in info]
    o["fix"] = [fix for _name, fix in info]
    o["title"] = [item_title(i, k, s) for i, k, s in zip(o["item_id"], o["kind"], o["section"])]
    return o[["learner_id", "item_id", "kind", "title", "notebook", "misconception", "name", "fix"]]


def failures(gb: Gradebook, learner_id: str | None = None) -> pd.DataFrame:
    """Return learner_id, notebook, kind, detail of every notebook run that did not succeed."""
    runs = gb.notebook_runs
    runs = runs[runs["status"] != "ok"] if learner_id is None else \
        runs[(runs["status"] != "ok") & (runs["learner_id"] == learner_id)]
    return (runs.rename(columns={"failure_kind": "kind", "failure_detail": "detail"})
            [["learner_id", "notebook", "kind", "detail"]].sort_values(["learner_id", "notebook"])
            .reset_index(drop=True))


def misconception_info(misconception_id: str, item_id: str) -> tuple[str, str]:
    """Return (name, fix) of a misconception: from the item's exercise, else any exercise, else generic."""
    from course import exercises
    from course.tutor.scenario_view import scenario_misconception

    from_scenario = scenario_misconception(misconception_id, item_id)
    if from_scenario is not None:
        return from_scenario
    own = exercises.get(item_id).misconceptions if item_id in exercises.ids() else ()
    for m in own:
        if m.id == misconception_id:
            return m.name, m.fix
    known = _all_misconceptions()
    if misconception_id in known:
        return known[misconception_id]
    return (str(misconception_id).replace("-", " ").capitalize(),
            "Re-read the part of the notebook where this is taught, then try the question again.")


@functools.cache
def _all_misconceptions() -> dict[str, tuple[str, str]]:
    from course import exercises

    found: dict[str, tuple[str, str]] = {}
    for exercise_id in exercises.ids():
        for m in exercises.get(exercise_id).misconceptions:
            found.setdefault(m.id, (m.name, m.fix))
    return found


def item_title(item_id: str, kind: str | None, section: str | None) -> str:
    """Return an item's title: the quiz question's concept or the exercise's title (by kind), else its id; a
    stretch exercise's title says so."""
    from course import exercises

    if kind == "scenario":
        from course.tutor.scenario_view import scenario_title

        return scenario_title(item_id)
    if kind == "quiz":
        question = question_id(item_id)
        return _quiz_concepts(section or "").get(question) or _quiz_concepts(None).get(question) or question
    title = exercises.get(item_id).title if item_id in exercises.ids() else str(item_id)
    return title + STRETCH_NOTE if kind == STRETCH else title


def question_id(item_id: str) -> str:
    """Return the id to show for an item: a quiz item's question id without the gradebook's prefix."""
    return str(item_id).removeprefix(QUIZ_PREFIX)


@functools.cache
def _quiz_concepts(bank: str | None) -> dict[str, str]:
    """Return {question id: concept} of one shipped bank (None: of every bank; "" or unknown: empty).

    Titles are for display only, so the sealed YAML is read directly (fast) rather than validated.
    """
    from importlib import resources

    import yaml

    from course.yamlfast import safe_load

    folder = resources.files("course.quiz").joinpath("banks")
    names = [f.name for f in folder.iterdir() if f.name.endswith(".yaml")] if bank is None else [f"{bank}.yaml"]
    concepts: dict[str, str] = {}
    for name in sorted(names):
        try:
            text = folder.joinpath(name).read_text(encoding="utf-8")
            data = safe_load(text)  # on PyYAML's C parser when it has one
            concepts.update({str(q["id"]): str(q["concept"]) for q in data["questions"]})
        except (OSError, yaml.YAMLError, KeyError, TypeError):
            continue  # no such bank, or not in the shape expected: the item keeps its id as title
    return concepts


def scrubber(gb: Gradebook, people: Mapping[str, Any]) -> Callable[[str], str]:
    """Return a function replacing every learner id and name in a text by that learner's pseudonym."""
    pairs = []
    for row in gb.learners.itertuples():
        learner_id = str(row.learner_id)  # a TEXT column: already a str, spelled out for the type checker
        label = people[learner_id].label if learner_id in people else "a learner"
        pairs += [(str(row.learner_id), label)] + ([(str(row.name), label)] if row.name else [])
    pairs.sort(key=lambda pair: -len(pair[0]))  # longest first, so a name holding an id goes whole
    pattern = re.compile("|".join(re.escape(real) for real, _ in pairs)) if pairs else None
    lookup = dict(pairs)
    return lambda text: pattern.sub(lambda m: lookup[m.group(0)], text) if pattern else text


def write_atomic(path: Path, text: str) -> Path:
    """Write `text` to `path` atomically; return `path`."""
    return write_text_atomic(path, text)
