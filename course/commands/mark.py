"""`course mark`: tutors mark a run's evidence against the marking points, online, offline, and for IQA.

course mark --run RUN --marker NAME [--role first|second|resolution] [--order learner|point] [--shuffle SEED]
            [--port N] [--no-browser] [--submissions SUBS]      the marking page on 127.0.0.1 (mark_server)
course mark --run RUN --export marks.csv [--role ...]           a marking sheet (mark_sheet)
course mark --run RUN --import marks.csv --marker NAME [--role ...]
course mark --run RUN --sample N [--seed S]                     a stratified sample for a second marker (iqa)
"""

from __future__ import annotations

import sqlite3
import webbrowser
from contextlib import closing
from pathlib import Path


def main(*, run: Path, marker: str = "", role: str = "first", order: str = "learner", shuffle: int | None = None,
         port: int = 0, no_browser: bool = False, submissions: Path | None = None, export: Path | None = None,
         import_sheet: Path | None = None, sample: int | None = None, seed: int = 0) -> int:
    """Serve the marking page, or export / import a marking sheet, or draw an IQA sample. Return 0."""
    from course.tutor import gradebook

    run = Path(run)
    modes = [flag for flag, value in (("--export", export), ("--import", import_sheet), ("--sample", sample))
             if value is not None]
    if len(modes) > 1:
        raise ValueError(f"{' and '.join(modes)}: choose one of them at a time")
    if not (run / "gradebook.sqlite").is_file():
        raise FileNotFoundError(f"--run {run}: no gradebook.sqlite there; give the RUN folder `course run` wrote")
    with closing(gradebook.connect(run / "gradebook.sqlite")) as conn:
        if export is not None:
            return _export(conn, Path(export), role=role, marker=marker, order=order, shuffle=shuffle)
        if import_sheet is not None:
            return _import(conn, Path(import_sheet), marker=marker, role=role)
        if sample is not None:
            return _sample(conn, sample, seed)
        pairs = _pairs(conn, marker=marker, role=role, order=order, shuffle=shuffle)
    return _serve(run, pairs, marker=marker, role=role, port=port, no_browser=no_browser, submissions=submissions)


def _export(conn: sqlite3.Connection, path: Path, *, role: str, marker: str, order: str, shuffle: int | None) -> int:
    from course.tutor import mark_sheet

    rows = mark_sheet.export_sheet(conn, path, role=role, marker=marker, order=order, shuffle=shuffle)
    print(f"wrote the marking sheet {path}: {rows} rows; fill in the decision (met, partly or not yet) and the "
          "comment, then import it with --import")
    return 0


def _import(conn: sqlite3.Connection, path: Path, *, marker: str, role: str) -> int:
    from course.tutor import mark_sheet

    recorded = mark_sheet.import_sheet(conn, path, marker=marker, role=role)
    print(f"imported {path}: {recorded} new {role} marks by {marker}")
    return 0


def _sample(conn: sqlite3.Connection, size: int, seed: int) -> int:
    from course.tutor import iqa

    drawn = iqa.draw_sample(conn, size, seed=seed)
    print(f"IQA sample of {len(drawn)} first-marked pairs (seed {seed}), for a second marker "
          "(course mark --run RUN --role second --marker NAME):")
    for s in drawn:
        print(f"  {s.learner_id}  {s.marking_point}  first marker {s.first_marker}: {s.decision}  ({s.section})")
    return 0


def _pairs(conn: sqlite3.Connection, *, marker: str, role: str, order: str,
           shuffle: int | None) -> list[tuple[str, str]]:
    from course.tutor import marks

    if not marker.strip():
        raise ValueError("--marker NAME: say who is marking (it is recorded with every mark)")
    pairs = marks.queue(conn, role=role, marker=marker, order=order, shuffle=shuffle)
    if not pairs:
        why = {"first": "the run has no learners",
               "second": "there is no IQA sample to mark (draw one with --sample N)",
               "resolution": "no first and second marks disagree"}
        raise ValueError(f"nothing to mark as {role}: {why.get(role, '')}")
    return pairs


def _serve(run: Path, pairs: list[tuple[str, str]], *, marker: str, role: str, port: int, no_browser: bool,
           submissions: Path | None) -> int:
    from course.tutor.mark_page import Workspace
    from course.tutor.mark_server import make_server, new_token

    ws = Workspace(run, marker.strip(), role, pairs, new_token(), Path(submissions) if submissions else None)
    server = make_server(ws, port)
    url = f"http://127.0.0.1:{server.server_address[1]}{ws.url('/')}"
    print(f"Marking {len(pairs)} pairs as {ws.marker} ({role}). Open this address (only on this computer):\n  {url}\n"
          "Each mark is saved when you press 'Save and next'. Stop with Ctrl+C.", flush=True)
    if not no_browser:
        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Stopped. Every saved mark is in the gradebook; run the same command to carry on.")
    finally:
        server.server_close()
    return 0
