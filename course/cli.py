"""The `course` command: a thin argparse layer over the verbs in course.tutor and course.quiz.

Each verb's work lives in its own module's `main(*, ...)`; this file only parses flags, calls it,
and turns expected errors (bad input) into a one-line message and exit status 2, not a traceback.
"""

from __future__ import annotations

import argparse
import errno
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from course.store.schema import SECTORS

Handler = Callable[[argparse.Namespace], int]


def _simulate(args: argparse.Namespace) -> int:
    from course.tutor import simulate
    return simulate.main(learner_id=args.learner_id, sector=args.sector, out=args.out, start=args.start, end=args.end)


def _demo(args: argparse.Namespace) -> int:
    from course.tutor import demo
    return demo.main(out=args.out)


def _dataset(args: argparse.Namespace) -> int:
    from course.tutor import dataset
    return dataset.main(out=args.out)


def _build(args: argparse.Namespace) -> int:
    from course.tutor import build
    return build.main(edition=args.edition, out=args.out, src=args.src, solutions=args.solutions)


def _assign(args: argparse.Namespace) -> int:
    from course.tutor import assign
    return assign.main(roster=args.roster, out=args.out, notebooks=args.notebooks)


def _run(args: argparse.Namespace) -> int:
    from course.tutor import run
    return run.main(roster=args.roster, submissions=args.submissions, out=args.out, jobs=args.jobs,
                    timeout=args.timeout, executor=args.executor, scheduler=args.scheduler, notebooks=args.notebooks)


def _report(args: argparse.Namespace) -> int:
    from course.tutor import report
    return report.main(run=args.run, pseudonymise=args.pseudonymise)


def _syllabus(args: argparse.Namespace) -> int:
    from course.tutor import syllabus
    if not (args.check or args.table or args.markdown):
        raise ValueError("say what to do: --check, --table or --markdown FILE")
    return syllabus.main(check=args.check, table=args.table, notebooks=args.notebooks, markdown=args.markdown)


def _check_bank(args: argparse.Namespace) -> int:
    from course.quiz import check_bank_main
    return check_bank_main(path=args.file)


def _seal_banks(args: argparse.Namespace) -> int:
    from course.quiz import seal_banks_main
    return seal_banks_main(src=args.src, out=args.out)


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
    """Return the argument parser with one sub-command per verb."""
    parser = argparse.ArgumentParser(prog="course", description="Course kit: personalised retail workbooks.")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    p = verbs.add_parser("simulate", help="write one learner's simulated store as CSV and print its KPIs")
    p.add_argument("learner_id")
    p.add_argument("--sector", choices=SECTORS, default="apparel")
    p.add_argument("--out", type=Path, required=True, help="folder to write the CSV files into")
    p.add_argument("--start", help="first day, YYYY-MM-DD (default 2025-01-01)")
    p.add_argument("--end", help="last day, YYYY-MM-DD (default a year after start)")
    p.set_defaults(handler=_simulate)

    p = verbs.add_parser("demo", help="run the demo job (what `make demo` runs)")
    p.add_argument("--out", type=Path, default=Path("build/demo"))
    p.set_defaults(handler=_demo)

    p = verbs.add_parser("dataset", help="rebuild the committed demo export in datasets/")
    p.add_argument("--out", type=Path, default=Path("datasets"))
    p.set_defaults(handler=_dataset)

    p = verbs.add_parser("build", help="write the learner or solution edition of the workbook")
    p.add_argument("--edition", choices=("learner", "solutions"), required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--src", type=Path, default=Path("notebooks"))
    p.add_argument("--solutions", type=Path, default=Path("solutions/exercises"))
    p.set_defaults(handler=_build)

    p = verbs.add_parser("assign", help="write one folder per learner: signed notebooks, store data, README")
    p.add_argument("--roster", type=Path, required=True, help="CSV with the columns learner_id,name[,sector]")
    p.add_argument("--out", type=Path, required=True, help="folder for the learner folders (existing ones are skipped)")
    p.add_argument("--notebooks", type=Path, default=Path("notebooks"), help="the learner edition to hand out")
    p.set_defaults(handler=_assign)

    p = verbs.add_parser("run", help="execute every learner's submitted notebooks and fill the gradebook")
    p.add_argument("--roster", type=Path, required=True, help="CSV with the columns learner_id,name[,sector]")
    p.add_argument("--submissions", type=Path, required=True, help="folder of learner folders (only read)")
    p.add_argument("--out", type=Path, required=True, help="the RUN folder: executed copies, results, gradebook")
    p.add_argument("--jobs", type=int, help="notebooks run at once (default: the number of cores)")
    p.add_argument("--timeout", type=float, default=120,
                   help="seconds a cell may run (a whole notebook: 3x this); default 120")
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="local process pool, or dask.distributed (pip install 'course-kit[dask]')")
    p.add_argument("--scheduler", help="address of a running Dask scheduler (default: a local cluster)")
    p.add_argument("--notebooks", type=Path, default=Path("notebooks"), help="the workbook that was assigned")
    p.set_defaults(handler=_run)

    p = verbs.add_parser("report", help="write each learner's HTML report and the class summary of a run")
    p.add_argument("--run", type=Path, required=True, help="the RUN folder written by `course run`")
    p.add_argument("--pseudonymise", action="store_true",
                   help="show a stable pseudonym instead of every learner id and name (for sharing)")
    p.set_defaults(handler=_report)

    p = verbs.add_parser("syllabus", help="check or print the syllabus coverage map")
    p.add_argument("--check", action="store_true", help="fail when an item has no place or a place does not exist")
    p.add_argument("--table", action="store_true", help="print the map")
    p.add_argument("--markdown", type=Path, help="write the map as Markdown to this file")
    p.add_argument("--notebooks", type=Path, default=Path("notebooks"))
    p.set_defaults(handler=_syllabus)

    p = verbs.add_parser("check-bank", help="validate a question bank file (source or sealed)")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_check_bank)

    p = verbs.add_parser("seal-banks", help="seal the question-bank sources into the package")
    p.add_argument("--src", type=Path, default=Path("solutions/quiz"))
    p.add_argument("--out", type=Path, default=Path("course/quiz/banks"))
    p.set_defaults(handler=_seal_banks)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `course` command; return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (ValueError, KeyError) as err:
        message = err.args[0] if isinstance(err, KeyError) and err.args else err
        print(f"course {args.verb}: error: {message}", file=sys.stderr)
        return 2
    except OSError as err:  # a path that is a file, a full disk, a read-only folder, ...
        print(f"course {args.verb}: error: {_os_problem(err)}", file=sys.stderr)
        return 2
    except sqlite3.Error as err:  # the gradebook: disk full, locked by another program, damaged
        print(f"course {args.verb}: error: the gradebook could not be written or read ({err}); free some disk "
              "space or close the program using it, then run the command again (finished work is kept)",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"course {args.verb}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
