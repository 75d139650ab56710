"""`course assign --roster ROSTER.csv --out ASSIGNED/`: give every learner a folder of their own to work in.

Each learner gets ASSIGNED/<learner_id>/ as docs/tutor-data.md describes: every workbook notebook of
the learner edition with their parameters injected (papermill prepare-only) and signed as trusted,
their store data as CSV in store/, and a README.md for them. The folder is built under a hidden
temporary name beside it and renamed into place only when complete, so a crash never leaves half a
folder. A folder that already exists is never touched, because it may hold the learner's work.

The honest limit of signing: a signature is recorded in the Jupyter notary database of the account
that ran assign (`jupyter --data-dir`/nbsignatures.db). The notebooks open trusted for that account
on that machine, e.g. a shared JupyterHub image whose servers run as the account that ran assign.
On any other computer the notebooks open untrusted and the learner clicks "Trust" once.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import sys
import tempfile
import warnings
from pathlib import Path, PurePosixPath

import nbformat
import papermill
from nbformat.sign import NotebookNotary, NotebookNotaryContext
from tqdm import tqdm

from course.notebooks import PARAMETERS_TAG, exercise_cells, is_learner_cell, read, tags, workbook
from course.progress import DEFAULT_LOG_NAME
from course.store import simulate
from course.tutor.roster import Learner, RosterError, learner_id_problem, read_roster

KERNEL = "python3"
SHOP = {"apparel": "a clothing shop", "grocery": "a grocery shop", "electronics": "an electronics shop",
        "homeware": "a homeware shop"}


class AssignError(ValueError):
    """The notebooks or the output folder cannot be used; the message says why and what to do."""


def assign_cohort(*, roster: Path, out: Path, notebooks: Path, force_new_only: bool = True) -> int:
    """Write a folder for every learner on the roster into `out`; skip learners whose folder exists.

    Return 0 when every learner was written or skipped, 1 when the roster, the notebooks or `out`
    cannot be used (with a message, not a traceback) or when a learner's folder could not be written.
    `force_new_only` must stay True: assign only ever writes new folders, never over a learner's work.
    """
    try:
        if not force_new_only:
            raise AssignError("assign never overwrites a learner's folder; to give a learner a fresh copy, "
                              "move or rename their folder and run assign again")
        learners = _read_roster_noting_encoding(Path(roster))
        sources = learner_edition(Path(notebooks))
        _check_out(Path(out), Path(notebooks))
    except (RosterError, AssignError) as err:
        print(f"assign: {err}", file=sys.stderr)
        return 1
    counts = _assign_all(learners, Path(out), Path(notebooks), sources)
    print(f"assign: {counts['written']} written, {counts['skipped']} skipped (already there)"
          + (f", {counts['failed']} failed" if counts["failed"] else "")
          + f"; the learner folders are in {Path(out).resolve()}/")
    return 1 if counts["failed"] else 0


def _assign_all(learners: list[Learner], out: Path, notebooks: Path, sources: list[Path]) -> dict[str, int]:
    counts = {"written": 0, "skipped": 0, "failed": 0}
    out.mkdir(parents=True, exist_ok=True)
    with NotebookNotary() as notary:
        for learner in tqdm(learners, desc="assigning", unit="learner", disable=None, file=sys.stderr):
            target = out / learner.learner_id
            if target.exists() or target.is_symlink():
                counts["skipped"] += 1
                tqdm.write(f"skipped {learner.learner_id}: {target}/ already exists and may hold the learner's "
                           "work, so assign leaves it exactly as it is (to give them a fresh copy, move or "
                           "rename that folder and run assign again)")
                continue
            try:
                assign_learner(learner, out=out, notebooks=notebooks, sources=sources, notary=notary)
            except Exception as err:  # noqa: BLE001
                # one learner's failure must not stop the others; nothing is left half-done
                counts["failed"] += 1
                tqdm.write(f"failed {learner.learner_id}: {type(err).__name__}: {err}; nothing was written for "
                           "this learner, so fix the problem and run assign again", file=sys.stderr)
                continue
            counts["written"] += 1
            tqdm.write(f"wrote {target}/ ({len(sources)} notebooks, store/, README.md)")
    return counts


def assign_learner(learner: Learner, *, out: Path, notebooks: Path, sources: list[Path],
                   notary: NotebookNotaryContext) -> Path:
    """Build `out`/<learner_id>/ in a temporary sibling folder and rename it into place; return it.

    Raise FileExistsError (and write nothing) if the folder already exists.
    """
    problem = learner_id_problem(learner.learner_id)
    if problem:
        raise ValueError(f"learner_id {learner.learner_id!r} {problem}; it cannot be a folder name")
    target = out / learner.learner_id
    if target.exists() or target.is_symlink():
        raise FileExistsError(f"{target} already exists; assign never writes over a learner's folder")
    # A hidden name (ids never start with '.') that cannot be mistaken for a learner's folder.
    building = Path(tempfile.mkdtemp(dir=out, prefix=f".{learner.learner_id}.", suffix=".partial"))
    try:
        os.chmod(building, 0o777 & ~_umask())
        simulate(learner.learner_id, sector=learner.sector).to_csv(building / "store")
        relative = [source.relative_to(notebooks) for source in sources]
        for source, rel in zip(sources, relative):
            _write_notebook(source, building / rel, rel, learner, notary)
        (building / "README.md").write_text(readme_text(learner, relative), encoding="utf-8", newline="\n")
        if target.exists() or target.is_symlink():
            raise FileExistsError(f"{target} appeared while it was being written; it was left as it is")
        os.rename(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return target


def injected_parameters(learner: Learner, rel: Path) -> dict[str, str | None]:
    """Return the parameters for notebook `rel` (relative to the learner's folder) of `learner`."""
    up = "../" * (len(rel.parts) - 1)
    return {"learner_id": learner.learner_id, "sector": learner.sector, "data_dir": None,
            "progress_path": f"{up}{DEFAULT_LOG_NAME}"}


def _write_notebook(source: Path, target: Path, rel: Path, learner: Learner,
                    notary: NotebookNotaryContext) -> None:
    """Write `source` to `target` with the learner's parameters injected, then sign it as trusted."""
    target.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(str(source), str(target), parameters=injected_parameters(learner, rel),
                               prepare_only=True, kernel_name=KERNEL, progress_bar=False)
    nb = read(target)
    # papermill records where it read and wrote; keep the tutor's paths and the temporary folder out of it.
    nb.metadata.setdefault("papermill", {}).update(input_path=str(PurePosixPath(*rel.parts)),
                                                   output_path=str(PurePosixPath(*rel.parts)))
    notary.sign(nb)
    nbformat.write(nb, target)
    if not notary.check_signature(read(target)):
        raise RuntimeError(f"{rel}: the signature did not verify after writing; the notary database "
                           "(nbsignatures.db in the folder `jupyter --data-dir` names) may not be writable")


def learner_edition(notebooks: Path) -> list[Path]:
    """Return the workbook's notebooks, refusing anything that is not a learner edition ready for papermill."""
    sources = workbook(notebooks) if notebooks.is_dir() else []
    if not sources:
        raise AssignError(f"{notebooks}: no notebooks found; point --notebooks at the learner edition "
                          "(the course's notebooks/ folder)")
    for path in sources:
        try:
            nb = read(path)
        except ValueError as err:
            raise AssignError(str(err)) from None
        if not any(PARAMETERS_TAG in tags(cell) for cell in nb.cells if cell.cell_type == "code"):
            raise AssignError(f"{path}: no code cell is tagged {PARAMETERS_TAG!r}, so the learner's parameters "
                              "cannot be injected; tag the first code cell (see docs/authoring.md)")
        for cell in exercise_cells(path, nb):
            if not is_learner_cell(cell.source):
                raise AssignError(f"{path}: exercise cell {cell.exercise_id!r} holds an answer, so this looks like "
                                  "the solution edition; assign from the learner edition (notebooks/)")
    return sources


def _check_out(out: Path, notebooks: Path) -> None:
    if out.exists() and not out.is_dir():
        raise AssignError(f"--out {out} is a file; give a folder to put the learner folders in")
    resolved, src = out.resolve(), notebooks.resolve()
    if resolved == src or src in resolved.parents:
        raise AssignError(f"--out {out} is inside {notebooks}; put learner folders somewhere else, e.g. assigned/")


def _read_roster_noting_encoding(roster: Path) -> list[Learner]:
    """Read the roster, printing any encoding warning as a plain note for the tutor."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        learners = read_roster(roster)
    for warning in caught:
        print(f"assign: note: {warning.message}", file=sys.stderr)
    return learners


def readme_text(learner: Learner, notebooks: list[Path]) -> str:
    """Return the learner's README.md: what the folder holds, how to start, how checks work, how to hand it back."""
    sections = [f"  - `{rel.as_posix()}`" for rel in notebooks if len(rel.parts) > 1]
    return README.format(name=_markdown_text(learner.name), learner_id=learner.learner_id,
                         shop=SHOP.get(learner.sector, f"a {learner.sector} shop"),
                         notebooks="\n".join(sections) or "  - (the sections follow later)",
                         log=DEFAULT_LOG_NAME)


def _markdown_text(text: str) -> str:
    """Return `text` safe to show in Markdown: HTML escaped, Markdown's marks shown as typed."""
    return re.sub(r"([\\`*_\[\]|#])", r"\\\1", html.escape(text, quote=False))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


README = """\
# Your customer service workbook

Hello {name},

This folder is your own copy of the workbook for your Level 3 customer service course. It is set
up just for you: your learner id is `{learner_id}`, and the store you work on is {shop} of your
own, simulated from your learner id. Everything you calculate is about *your* store.

## What is in this folder

- `0-start-here.ipynb`: **open this first.** It shows you how the workbook works, step by step.
  No Python experience is needed.
- The section folders, with their notebooks in the order to work through them:
{notebooks}
- `store/`: your store's data as CSV files, one per table (footfall, sales, customers, complaints,
  the team and more), and `store.json`, which says whose store it is and the dates it covers. You
  can open the CSV files in a spreadsheet to look around; the notebooks load the same data for you.
- `README.md`: this note.

As you work, two more things appear here: `{log}`, your progress log, and `portfolio/`,
the evidence you save for your assessment.

## Getting started

1. Open this folder in JupyterLab.
2. Open `0-start-here.ipynb` and run its cells from the top, one at a time, with **Shift+Enter**.
3. Your learner id and sector are already set in the first code cells of every notebook. Please
   don't change them: they pick your store, and your checks depend on them.

If JupyterLab ever says a notebook is not trusted, or quiz questions show only as plain text, open
the Command Palette (**Ctrl+Shift+C**), type "trust" and choose **Trust Notebook**. You only need to
do this once for each notebook.

## Checks, quizzes and your progress log

- **Exercises.** Each exercise cell holds the steps with blanks `___` where you decide something (or
  says `answer = None  # your working here`). Fill in each blank, run the cell, then run the check
  cell under it. `course.hint("<exercise id>")` gives a hint, and `course.help()` lists the helpers.
  The check tells you whether your answer is right; if it is not, it often names the likely mistake
  and how to put it right. You can try again as often as you need.
- **Quizzes.** Each notebook ends with a short self-check quiz. Choose or type your answer and
  press **Check**. The explanation appears once you have had a go.
- **Your progress log.** Every check and every quiz try adds one line to `{log}` in
  this folder, whichever notebook you are in. Your tutor uses it to see how you worked, so please
  don't edit, move or delete it.
- **Your portfolio.** Some tasks save evidence into `portfolio/` with `course.portfolio.save(...)`.
- **Your results.** The last cell of every notebook gathers that notebook's results for your
  tutor. Run it, then save the notebook (**Ctrl+S**).

## Handing your work back

When your tutor asks for your work:

1. Save every notebook you have worked on (**Ctrl+S**).
2. Hand back **this whole folder**, just as it is: the notebooks, `{log}` and
   `portfolio/`. If your tutor asks for a zip file, compress the whole folder.
3. Keep the folder's name (`{learner_id}`) and the notebooks' names and places as they are: your
   tutor's tools find your work by them.

If something goes wrong or a notebook will not open, ask your tutor: they can help.
"""
