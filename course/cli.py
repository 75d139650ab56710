"""The `course` command: a thin argparse layer over the verbs in course.commands.

Each verb's work lives in its own module's `main(*, ...)`; this file only declares its flags (a flag's
default and whether it is required come from that main's keyword defaults, written nowhere else),
calls it, and turns expected errors (bad input) into a one-line message and exit status 2, not a traceback.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import inspect
import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from course.store.schema import SECTORS


@dataclass(frozen=True)
class Flag:
    """One argparse argument of a verb: its names and options, never its default (that is main's)."""

    names: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)


def _flag(*names: str, **options: Any) -> Flag:
    if "default" in options:
        raise TypeError(f"{names[0]}: write its default once, in the verb's main(), not in the CLI")
    return Flag(names, options)


ROSTER_HELP = "CSV with the columns learner_id,name[,sector]"

# verb -> (module in course.commands, help, flags); each flag's dest is a keyword of that module's main().
VERBS: dict[str, tuple[str, str, list[Flag]]] = {
    "simulate": ("simulate", "write one learner's simulated store as CSV and print its KPIs", [
        _flag("learner_id"),
        _flag("--sector", choices=SECTORS),
        _flag("--out", type=Path, help="folder to write the CSV files into"),
        _flag("--start", help="first day, YYYY-MM-DD (default 2025-01-01)"),
        _flag("--end", help="last day, YYYY-MM-DD (default a year after start)")]),
    "demo": ("demo", "run the demo job (what `make demo` runs)", [
        _flag("--out", type=Path),
        _flag("--jobs", type=int, help="notebooks run at once (default: the number of cores)")]),
    "sweep": ("sweep", "run the solution edition for many learners and name every answer that fails (make sweep)", [
        _flag("--learners", type=int, help="how many learners, spread over every sector (default %(default)s)"),
        _flag("--out", type=Path),
        _flag("--jobs", type=int, help="notebooks run at once (default: the number of cores)"),
        _flag("--timeout", type=float, help="seconds a cell may run; default %(default)s"),
        _flag("--leaks", action="store_true",
              help="run the learner edition instead and name every answer an output shows before it is asked")]),
    "dataset": ("dataset", "rebuild the committed demo export in datasets/", [
        _flag("--out", type=Path)]),
    "import": ("import_", "turn a till, order or footfall export (CSV or Excel) into a store folder", [
        _flag("files", type=Path, nargs="+", metavar="FILE", help="the exports: CSV (any delimiter) or .xlsx"),
        _flag("--out", type=Path, help="a new folder for the store (an earlier import there is replaced)"),
        _flag("--sector", choices=SECTORS),
        _flag("--columns", nargs="+", action="extend", metavar="NAME=THEIR_COLUMN",
              help="say which of your columns is which, e.g. timestamp=\"Sale Date\" net_value=Total"),
        _flag("--date-format", help="how the dates are written, e.g. %%d/%%m/%%Y %%H:%%M (default: recognised)"),
        _flag("--currency", help="the three-letter currency code of the values, e.g. GBP"),
        _flag("--vat", choices=("included", "excluded"), help="whether the values include VAT"),
        _flag("--key", type=Path, help="the pseudonym key's file (default: beside --out, never inside it)")]),
    "build": ("build", "write the learner or solution edition of the workbook", [
        _flag("--edition", choices=("learner", "solutions")),
        _flag("--out", type=Path),
        _flag("--src", type=Path),
        _flag("--solutions", type=Path)]),
    "assign": ("assign", "write one folder per learner: signed notebooks, store data, README", [
        _flag("--roster", type=Path, help=ROSTER_HELP),
        _flag("--out", type=Path, help="folder for the learner folders (existing ones are skipped)"),
        _flag("--notebooks", type=Path, help="the learner edition to hand out")]),
    "run": ("run", "execute every learner's submitted notebooks and fill the gradebook", [
        _flag("--roster", type=Path, help=ROSTER_HELP),
        _flag("--submissions", type=Path, help="folder of learner folders (only read)"),
        _flag("--out", type=Path, help="the RUN folder: executed copies, results, gradebook"),
        _flag("--jobs", type=int, help="notebooks run at once (default: the number of cores)"),
        _flag("--timeout", type=float, help="seconds a cell may run (a whole notebook: 3x this); default %(default)s"),
        _flag("--executor", choices=("local", "dask"),
              help="local process pool, or dask.distributed (pip install 'course-kit[dask]')"),
        _flag("--scheduler", help="address of a running Dask scheduler (default: a local cluster)"),
        _flag("--notebooks", type=Path, help="the workbook that was assigned"),
        _flag("--only", metavar="LEARNER_ID", help="rerun this one learner's notebooks, all of them (a regrade); "
                                                   "their earlier results stay in the gradebook's history")]),
    "report": ("report", "write each learner's HTML report and the class summary of a run", [
        _flag("--run", type=Path, help="the RUN folder written by `course run`"),
        _flag("--pseudonymise", action="store_true",
              help="show a stable pseudonym instead of every learner id and name (for sharing)")]),
    "mark": ("mark", "mark a run's evidence against the marking points: a local page, a sheet, or an IQA sample", [
        _flag("--run", type=Path, help="the RUN folder written by `course run`"),
        _flag("--marker", help="your name, recorded with every mark"),
        _flag("--role", choices=("first", "second", "resolution"),
              help="first marking, second marking of the IQA sample, or resolving disagreements"),
        _flag("--order", choices=("learner", "point"), help="mark learner by learner, or marking point by point"),
        _flag("--shuffle", type=int, metavar="SEED", help="shuffle the marking order with this seed (order bias)"),
        _flag("--port", type=int, help="port on 127.0.0.1 (default: a free one)"),
        _flag("--no-browser", action="store_true", help="print the page's address without opening a browser"),
        _flag("--submissions", type=Path, help="the learners' submitted folders, to show their portfolio files"),
        _flag("--export", type=Path, metavar="CSV", help="write a marking sheet to fill in offline"),
        _flag("--import", dest="import_sheet", type=Path, metavar="CSV", help="record a filled-in marking sheet"),
        _flag("--sample", type=int, metavar="N", help="draw N first-marked pairs for a second marker (IQA)"),
        _flag("--seed", type=int, help="seed of the IQA sample, so it can be drawn again")]),
    "export": ("export", "write a run's grades as a Moodle or Canvas grade import file, or the kit's CSV", [
        _flag("--run", type=Path, help="the RUN folder written by `course run`"),
        _flag("--format", dest="fmt", choices=("moodle", "canvas", "csv"), help="the file's format"),
        _flag("--out", type=Path, help="the file to write"),
        _flag("--roster", type=Path, help="the roster with the LMS identifiers (needed for moodle and canvas)"),
        _flag("--id-column", choices=("idnumber", "email"), help="Moodle: match learners by (default %(default)s)"),
        _flag("--marking-points", action="store_true", help="add a grade item per marking point, through --scale"),
        _flag("--scale", help="points per decision (default %(default)s)")]),
    "release": ("release", "hand back each learner's report, tutor comments and marked evidence, one dated folder", [
        _flag("--run", type=Path, help="the RUN folder written by `course run` (reports made by `course report`)"),
        _flag("--out", type=Path, help="folder holding one folder per learner"),
        _flag("--partial", action="store_true",
              help="release learners whose marking is unfinished too, saying which points are still to mark")]),
    "syllabus": ("syllabus", "check or print the syllabus coverage map", [
        _flag("--check", action="store_true", help="fail when an item has no place or a place does not exist"),
        _flag("--table", action="store_true", help="print the map"),
        _flag("--markdown", type=Path, help="write the map as Markdown to this file"),
        _flag("--notebooks", type=Path)]),
    "check-bank": ("check_bank", "validate a question bank file (source or sealed)", [
        _flag("path", type=Path, metavar="file")]),
    "check-scenario": ("check_scenario", "validate conversation scenario source files", [
        _flag("paths", type=Path, nargs="+", metavar="file"),
        _flag("--notebooks", type=Path, help="the workbook folder, to check each scenario's notebook exists")]),
    "seal-scenarios": ("seal_scenarios", "check the conversation scenario sources and seal them into the package", [
        _flag("--src", type=Path),
        _flag("--out", type=Path),
        _flag("--notebooks", type=Path, help="the workbook folder, to check each scenario's notebook exists")]),
    "seal-banks": ("seal_banks", "seal the question-bank sources into the package", [
        _flag("--src", type=Path),
        _flag("--out", type=Path)]),
}


def verb_main(verb: str) -> Callable[..., int]:
    """Return the keyword-only `main` of a verb's module in course.commands."""
    module = importlib.import_module(f"course.commands.{VERBS[verb][0]}")
    return cast(Callable[..., int], module.main)


_OS_FIXES = {errno.ENOSPC: "free some disk space and run the command again (finished work is kept)",
             errno.EROFS: "the disk is read-only: choose a folder you can write to",
             errno.EACCES: "you may not write there: choose another folder or fix its permissions",
             errno.EPERM: "you may not write there: choose another folder or fix its permissions",
             errno.ENOTDIR: "part of the path is a file, not a folder: check the path",
             errno.EEXIST: "a file is in the way: give a folder, or move the file",
             errno.EISDIR: "that is a folder: give a file"}


def _os_problem(err: OSError) -> str:
    """Return an OSError as 'PATH: what is wrong; what to do' (our own FileNotFoundErrors already are)."""
    if err.filename is None:
        return str(err)
    where = f"{err.filename}" + (f" -> {err.filename2}" if err.filename2 else "")
    fix = _OS_FIXES.get(err.errno or 0, "check the path and that you can write there")
    return f"{where}: {err.strerror or err}; {fix}"


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one sub-command per verb, its defaults taken from each verb's main()."""
    parser = argparse.ArgumentParser(prog="course", description="Course kit: personalised retail workbooks.")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    for verb, (_, summary, flags) in VERBS.items():
        p = verbs.add_parser(verb, help=summary)
        for flag in flags:
            p.add_argument(*flag.names, **flag.options)
        _take_defaults(p, verb_main(verb), verb)
    return parser


def _take_defaults(parser: argparse.ArgumentParser, main: Callable[..., int], verb: str) -> None:
    """Give each flag the default of main's keyword of the same name; a keyword without one is required."""
    actions = {a.dest: a for a in parser._actions if a.dest != "help"}
    keywords = [name for name, p in inspect.signature(main).parameters.items() if p.kind is p.KEYWORD_ONLY]
    if set(actions) != set(keywords):
        raise TypeError(f"course {verb}: the flags {sorted(actions)} do not match main()'s keywords {sorted(keywords)}")
    defaults = main.__kwdefaults__ or {}
    for name, action in actions.items():
        if name in defaults:
            action.default = defaults[name]
        elif action.option_strings:
            action.required = True


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `course` command; return its exit status."""
    args = vars(build_parser().parse_args(argv))
    verb = args.pop("verb")
    try:
        return verb_main(verb)(**args)
    except (ValueError, KeyError) as err:
        message = err.args[0] if isinstance(err, KeyError) and err.args else err
        print(f"course {verb}: error: {message}", file=sys.stderr)
        return 2
    except OSError as err:  # a path that is a file, a full disk, a read-only folder, ...
        print(f"course {verb}: error: {_os_problem(err)}", file=sys.stderr)
        return 2
    except sqlite3.Error as err:  # the gradebook: disk full, locked by another program, damaged
        print(f"course {verb}: error: the gradebook could not be written or read ({err}); free some disk "
              "space or close the program using it, then run the command again (finished work is kept)",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"course {verb}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
