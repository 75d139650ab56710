"""`course report --run RUN [--pseudonymise]`: a self-contained HTML report per learner, and the class summary.

Each report is the template notebook (notebooks/templates/learner-report.ipynb) executed by papermill (in a
kernel forked from a pre-imported parent where possible: course.tutor.forked) into
RUN/reports/.work/<learner>.ipynb, then exported with the code hidden to RUN/reports/<learner>.html.
With `pseudonymise`, ids and names are replaced everywhere by "Learner 3fa2b1"-style pseudonyms (a
keyed hash; the key is RUN/.pseudonym-secret), the reports are named after the pseudonym, and they and
the class summary go to RUN/shared/, a folder that holds nothing else and can be shared whole. Their
executed notebooks (which hold the real id as a parameter) go to RUN/.pseudonymised-work/.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import sys
import tempfile
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeAlias

import pandas as pd

from course.store.cache import kernel_env
from course.tutor import forked
from course.tutor import gradebook_view as gv
from course.tutor.kernels import logged_manager
from course.tutor.roster import ID_RULE, learner_id_problem
from course.tutor.summary import Person, output_root, write_class_summary

TEMPLATE = Path("notebooks") / "templates" / "learner-report.ipynb"
SECRET_FILE = ".pseudonym-secret"  # noqa: S105 - the file's name, not a secret
# A pseudonymised report's executed notebook holds the real id and name as its parameters: it is kept
# out of RUN/shared/, which is what a tutor shares.
PSEUDONYMISED_WORK = ".pseudonymised-work"
# The HTML page without the scripts nbconvert loads from the web (require.js, MathJax, Mermaid): reports
# must open offline, and have no maths, widgets or diagrams that would need them.
OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""

# A class this small has its reports made in this process, one after another: a worker process would cost its own
# start-up, imports and fork server (about what one report costs), which a few reports do not win back.
IN_PROCESS_UP_TO = 3
# One learner's report job: run, learner id, name, sector, person shown, template, pseudonymise.
ReportTask: TypeAlias = tuple[Path, str, str, str, Person, Path, bool]


class ReportError(Exception):
    """One learner's report could not be made; the message says why and where to look."""


def write_reports(*, run: Path, pseudonymise: bool, template: Path | None = None, jobs: int | None = None) -> int:
    """Write every learner's report (`jobs` at a time; default: up to 4, one per CPU, and in this process for a
    class of IN_PROCESS_UP_TO or fewer: report_workers) and the class summary. Return 0, or 1 if any learner's
    report could not be made (the others are still written)."""
    from tqdm import tqdm

    run = Path(run)
    forked.notice()  # one line, once, when the kernels cannot be forked here
    gb = gv.read_gradebook(run)
    template = Path(template) if template is not None else default_template()
    if not template.is_file():
        raise FileNotFoundError(f"report template {template} does not exist; pass an existing notebook")
    people_shown = people(run, gb, pseudonymise=pseudonymise)
    tasks = [(run, str(r.learner_id), str(r.name or ""), str(r.sector or "apparel"), people_shown[str(r.learner_id)],
              template, pseudonymise) for r in gb.learners.itertuples()]
    failed = []
    for label, error in tqdm(_report_all(tasks, jobs), total=len(tasks), desc="learner reports", unit="learner"):
        if error:
            failed.append(label)
            tqdm.write(f"course report: no report for {label}: {error}", file=sys.stderr)
    summary = write_class_summary(run, people_shown, pseudonymised=pseudonymise, gradebook=gb)
    print(f"wrote {len(tasks) - len(failed)} of {len(tasks)} learner reports in "
          f"{output_root(run, pseudonymise) / 'reports'}/ and the class summary {summary}")
    return 1 if failed else 0


def report_workers(jobs: int | None, learners: int) -> int:
    """How many worker processes make `learners` reports: `jobs` if given (at most one per learner), else one per
    CPU up to 4; but none (1: this process) for a class of IN_PROCESS_UP_TO or fewer, unless `jobs` asks for them."""
    if jobs is None and learners <= IN_PROCESS_UP_TO:
        return 1
    return max(1, min(jobs or min(4, os.cpu_count() or 1), learners))


def _report_all(tasks: list[ReportTask], jobs: int | None) -> Iterator[tuple[str, str | None]]:
    """Yield (label, error or None) per learner as each report is done, in worker processes if there are several
    (report_workers); each report's notebook runs in a kernel of its own either way."""
    workers = report_workers(jobs, len(tasks))
    if workers == 1:
        yield from map(_report_task, tasks)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        labels = {pool.submit(_report_task, task): task[4].label for task in tasks}
        for future in as_completed(labels):
            try:
                yield future.result()
            except Exception as err:  # noqa: BLE001 - the worker process itself died (e.g. out of memory)
                yield labels[future], f"the report worker stopped ({type(err).__name__}: {err})"


def _report_task(task: ReportTask) -> tuple[str, str | None]:
    run, learner_id, name, sector, person, template, pseudonymise = task
    try:
        write_report(run, learner_id, name, sector, person, template=template, pseudonymise=pseudonymise)
    except ReportError as err:
        return person.label, str(err)
    return person.label, None


def default_template() -> Path:
    """Return the repository's report template, found next to the `course` package."""
    import course

    root = Path(course.__file__).resolve().parents[1]
    path = root / TEMPLATE
    if not path.is_file():
        raise FileNotFoundError(f"cannot find the report template {TEMPLATE} next to the course package "
                                f"(looked in {root}); run from a checkout of the course kit, or pass template=")
    return path


def people(run: Path, gb: gv.Gradebook, *, pseudonymise: bool) -> dict[str, Person]:
    """Return how each learner is shown: id and name, or a pseudonym for both; and their report's file."""
    ids = [str(i) for i in gb.learners["learner_id"]]
    for learner_id in ids:
        problem = learner_id_problem(learner_id)
        if problem:
            raise ValueError(f"{gb.path}: learners row {learner_id!r} is not a usable learner id (it {problem}; "
                             f"{ID_RULE}); fix the roster and run again")
    if not pseudonymise:
        names = dict(zip(gb.learners["learner_id"], gb.learners["name"]))
        return {i: Person(i, str(names[i] or ""), f"{i}.html") for i in ids}
    shown = pseudonyms(run, ids)
    return {i: Person(p, p, p.lower().replace(" ", "-") + ".html") for i, p in shown.items()}


def pseudonyms(run: Path, learner_ids: Iterable[str]) -> dict[str, str]:
    """Return {learner_id: "Learner <hex>"}: the first 6 hex digits of sha256(secret + id), longer only
    if two learners of the class would otherwise share one. Stable for a RUN folder."""
    secret = _secret(Path(run))
    digests = {i: hashlib.sha256((secret + i).encode("utf-8")).hexdigest() for i in map(str, learner_ids)}
    length = 6
    while len({d[:length] for d in digests.values()}) < len(digests):
        length += 2
    return {i: f"Learner {d[:length]}" for i, d in digests.items()}


def _secret(run: Path) -> str:
    """Return the run's pseudonym key, creating RUN/.pseudonym-secret (mode 600) the first time."""
    path = run / SECRET_FILE
    if not path.exists():
        run.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=run, prefix=f"{SECRET_FILE}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
            os.link(tmp, path)
        os.unlink(tmp)
    secret = path.read_text(encoding="ascii").strip()
    if not re.fullmatch(r"[0-9a-f]{64}", secret):
        raise ValueError(f"{path} is damaged (expected 64 hex digits); delete it to make a new key, "
                         "which changes every pseudonym of this run")
    return secret


def write_report(run: Path, learner_id: str, name: str, sector: str, person: Person, *, template: Path,
                 pseudonymise: bool) -> Path:
    """Execute the template for one learner and write reports/<file>.html atomically; return its path."""
    stem = person.report.removesuffix(".html")
    executed = run / (PSEUDONYMISED_WORK if pseudonymise else "reports/.work") / f"{stem}.ipynb"
    parameters = {"learner_id": learner_id, "name": name, "sector": sector,
                  "run_dir": str(run.resolve()), "pseudonymise": pseudonymise}
    _execute(template, executed, parameters)
    try:
        page = export_html(executed, title=f"Progress report: {person.name or person.label}")
    except Exception as err:  # noqa: BLE001 - a broken output in one learner's notebook must not stop the class
        raise ReportError(f"could not export {executed} to HTML ({type(err).__name__}: {err})") from None
    return gv.write_atomic(output_root(run, pseudonymise) / "reports" / person.report, page)


def _execute(template: Path, target: Path, parameters: dict[str, object]) -> None:
    import papermill

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(str(template), str(target), parameters=parameters, kernel_name="python3",
                                   progress_bar=False, log_output=False, cwd=str(target.parent),
                                   request_save_on_cell_execute=False,  # written once, at the end or on an error
                                   kernel_manager_class=logged_manager(log=target.with_suffix(".kernel.log"),
                                                                       extra_env=kernel_env(str(parameters["run_dir"]))))
    except papermill.PapermillExecutionError as err:
        raise ReportError(f"the template failed in cell {err.cell_index}: {err.ename}: {err.evalue} "
                          f"(see {target})") from None
    except Exception as err:  # noqa: BLE001 - kernel died, timed out, could not start: one learner, not the class
        raise ReportError(f"the template could not run ({type(err).__name__}: {err}); see {target}") from None


def export_html(executed: Path, *, title: str) -> str:
    """Return an executed notebook as one offline HTML page: outputs only, images inline, no stderr."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
    nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.outputs]  # hidden code leaves no empty boxes
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index}"  # papermill gives its injected cell a random id; pages must not change
    nb.metadata["title"] = title
    page, _resources = _exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    return page


@lru_cache(maxsize=1)
def _exporter() -> Any:
    """The page exporter, made once per process: making one compiles its templates (about 0.3 s a report)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", template_file="course-report.html.j2",
                        extra_loaders=[DictLoader({"course-report.html.j2": OFFLINE_TEMPLATE})],
                        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                        language_code="en-GB")  # <html lang="en-GB">: screen readers speak UK English


def notebook_results(run: Path, learner_id: str) -> pd.DataFrame:
    """Return one row per results/<learner>/**.json: notebook, outcome, exercises and quiz correct."""
    folder = Path(run) / "results" / learner_id
    rows = []
    for path in sorted(folder.rglob("*.json")) if folder.is_dir() else []:
        notebook = path.relative_to(folder).with_suffix(".ipynb").as_posix()
        try:
            rows.append(_notebook_row(notebook, json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            rows.append({"notebook": notebook, "outcome": "Results file could not be read; ask your tutor",
                         "exercises correct": "–", "quiz correct": "–"})
    return pd.DataFrame(rows, columns=["notebook", "outcome", "exercises correct", "quiz correct"])


DATA_WORDS = {"own": "your own data", "practice": "your practice store"}


def data_sources(run: Path, learner_id: str) -> dict[str, str]:
    """Return, per exercise, the data it used in words ("your own data" or "your practice store"), from
    results/<learner>/**.json; empty when the learner used only their simulated store (nothing recorded)."""
    folder = Path(run) / "results" / learner_id
    used: dict[str, str] = {}
    for path in sorted(folder.rglob("*.json")) if folder.is_dir() else []:
        try:
            entries = json.loads(path.read_text(encoding="utf-8")).get("exercises") or []
        except (OSError, ValueError, AttributeError):
            continue
        used.update({str(e["item_id"]): DATA_WORDS[e["source"]] for e in entries
                     if isinstance(e, dict) and e.get("source") in DATA_WORDS and "item_id" in e})
    return used


def _notebook_row(notebook: str, data: dict[str, Any]) -> dict[str, str]:
    failure = data.get("failure") or {}
    outcome = "Marked" if data["status"] == "ok" else f"Not marked: {gv.failure_label(failure.get('kind'))}"
    outcome += errors_said(data.get("cell_errors") or [])

    def correct(entries: list[dict[str, Any]]) -> str:
        return f"{sum(e['status'] == 'correct' for e in entries)} of {len(entries)}" if entries else "–"
    return {"notebook": str(data.get("notebook") or notebook), "outcome": outcome,
            "exercises correct": correct(data.get("exercises") or []), "quiz correct": correct(data.get("quiz") or [])}


def errors_said(errors: list[dict[str, Any]]) -> str:
    """Say which cells ended in an error (every cell still ran, so what came after them was marked), or ""."""
    if not errors:
        return ""
    cells = ", ".join(f"cell {e.get('cell')} ({str(e.get('error', '')).split(':', 1)[0]})" for e in errors[:5])
    more = f" and {len(errors) - 5} more" if len(errors) > 5 else ""
    return (f"; {len(errors)} cell{'s' if len(errors) != 1 else ''} ended in an error: {cells}{more}. "
            "Open the notebook, fix that cell and run it again")


def next_steps(gb: gv.Gradebook, learner_id: str) -> list[str]:
    """Return plain-English suggestions from the learner's gaps, most urgent first (an optional stretch
    exercise is never one)."""
    o = gv.scored(gv.outcomes(gb, learner_id))
    steps = [(f"Hand in {r.notebook}: it was not submitted." if r.kind == "missing" else
              f"{r.notebook} could not be marked ({gv.failure_label(str(r.kind)).lower()}). Open it, choose "
              "Kernel ▸ Restart Kernel and Run All Cells, fix any error, save it and hand it in again.")
             for r in gv.failures(gb, learner_id).itertuples()]
    scores = gv.section_scores(gb, learner_id)
    weakest = scores[scores["score"] < 100].sort_values("score", kind="stable").head(1)
    for r in weakest.itertuples():
        steps.append(f"Your lowest section so far is {gv.section_label(str(r.section))} ({r.correct:g} of {r.items} "
                     f"items correct, {r.score:.0f}%): begin there.")
    shown = gv.misconceptions(gb, learner_id).drop_duplicates("misconception").head(3)
    steps += [f"Put right “{r.name}”: {str(r.fix).rstrip('.')}. It is taught in {r.notebook}."
              for r in shown.itertuples()]
    steps += _per_notebook(o[o["status"] == "not_attempted"],
                           "Try the {items} you have not attempted yet in {notebook}.",
                           "You also have items to attempt in {more} more notebook(s): see the tables above.")
    wrong = o[o["status"].isin(["incorrect", "invalid"]) & o["misconception"].isna()]
    steps += _per_notebook(wrong, "Have another go at the {items} in {notebook} that are not right yet; the "
                           "check's feedback says what to look at.",
                           "Items in {more} more notebook(s) are not right yet: see the tables above.")
    from course.tutor.marking_view import learner_decisions  # a tutor's decision outranks the automatic one

    missing = [d.marking_point for d in learner_decisions(gb, learner_id) if d.level == "not yet"]
    if missing:
        which = ", ".join(missing) if len(missing) <= 6 else f"{len(missing)} of them (see the evidence table)"
        steps.append(f"Marking points not yet met: {which}. The items above, and your written evidence, are how you "
                     "show them; add what you make to your portfolio.")
    return steps or ["Everything in this run is correct: well done. Add your work to your portfolio and "
                     "move on to the next section of the workbook."]


def _per_notebook(rows: pd.DataFrame, each: str, rest: str, limit: int = 3) -> list[str]:
    """Return one step per notebook holding `rows` (the first `limit`), then one step for the rest."""
    groups = list(rows.groupby("notebook", sort=False))
    steps = [each.format(items=_items(group), notebook=notebook) for notebook, group in groups[:limit]]
    return steps + ([rest.format(more=len(groups) - limit)] if len(groups) > limit else [])


def _items(group: pd.DataFrame) -> str:
    """Return e.g. '2 items (“Peak hour”, “Staffing”)', naming at most three."""
    titles = [f"“{gv.item_title(i, k, s)}”" for i, k, s in zip(group["item_id"], group["kind"], group["section"])]
    shown = ", ".join(titles[:3]) + (f" and {len(titles) - 3} more" if len(titles) > 3 else "")
    return f"{len(titles)} item{'s' if len(titles) != 1 else ''} ({shown})"
