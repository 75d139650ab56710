"""`course release`: one dated folder per learner with their report, feedback and marked evidence; never over
an earlier release, never into another learner's folder, never with unfinished marking unless --partial."""

from __future__ import annotations

import html
import os
from datetime import date
from pathlib import Path

import pytest

from course.cli import main as cli
from course.tutor import release
from tests.marking_fixtures import PLAN_NB, add_flags, add_marks, add_written
from tests.test_tutor_report import LEARNERS, make_run

DAY = date(2025, 6, 3)
MP = "002:MP8"
FILES = ["evidence.html", "feedback.html", "feedback.md", "report.html"]
NAMES = {i: n for i, n, _ in LEARNERS}


def _run(tmp_path: Path) -> Path:
    run = make_run(tmp_path / "run")
    add_written(run, [("kx-07", MP, PLAN_NB, "cell-a", "I would plan the rota\naround the <Saturday> peak."),
                      ("qz-19", MP, PLAN_NB, "cell-a", "More staff when busy.")])
    add_marks(run, [("kx-07", MP, "partly", "Clearer than Tom O'Neil's; add when (mb-33 did).", "Ann Tutor", "first")])
    add_flags(run, [("kx-07", "shared_prose", "weak", "qz-19", MP, "TUTOR-ONLY similar passage", 0.91)])
    _reports(run)
    return run


def _reports(run: Path) -> None:
    """Stand-ins for `course report`'s pages, written after the gradebook (as that verb does)."""
    (run / "reports").mkdir(exist_ok=True)
    for learner, name, _ in LEARNERS:
        (run / "reports" / f"{learner}.html").write_text(f"<p>Report for {html.escape(name)}</p>", encoding="utf-8")
    later = (run / "gradebook.sqlite").stat().st_mtime_ns + 10**9
    for page in (run / "reports").glob("*.html"):
        os.utime(page, ns=(later, later))


def _contents(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()))


def test_unfinished_marking_is_refused_and_the_others_are_released(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    run, out = _run(tmp_path), tmp_path / "out"
    assert release.release_all(run=run, out=out, partial=False, today=DAY) == 1
    assert "qz-19" in capsys.readouterr().err and not (out / "qz-19").exists()  # wrote evidence, never marked
    for learner in ("kx-07", "mb-33"):
        assert sorted(p.name for p in (out / learner).iterdir()) == ["2025-06-03"]
        assert sorted(p.name for p in (out / learner / "2025-06-03").iterdir()) == FILES
    feedback = (out / "kx-07" / "2025-06-03" / "feedback.md").read_text(encoding="utf-8")
    assert f"**{MP}**" in feedback and "Partly" in feedback and "Ann Tutor" in feedback
    assert "finished marking" in feedback and "Still to mark" not in feedback
    xss = (out / "mb-33" / "2025-06-03" / "feedback.md").read_text(encoding="utf-8")
    assert xss.startswith("# Feedback for Tom O'Neil\n")


def test_partial_release_says_which_points_are_still_to_mark(tmp_path: Path) -> None:
    run, out = _run(tmp_path), tmp_path / "out"
    assert release.release_all(run=run, out=out, partial=True, today=DAY) == 0
    folder = out / "qz-19" / "2025-06-03"
    feedback = (folder / "feedback.md").read_text(encoding="utf-8")
    assert "# Feedback for &lt;script&gt;alert(1)&lt;/script&gt;" in feedback and f"Still to mark: {MP}." in feedback
    assert f"Still to mark: {MP}." in (folder / "feedback.html").read_text(encoding="utf-8")
    assert "<td>Still to be marked by your tutor.</td>" in (folder / "evidence.html").read_text(encoding="utf-8")


def test_a_second_release_the_same_day_is_numbered_and_the_first_is_untouched(tmp_path: Path) -> None:
    run, out = _run(tmp_path), tmp_path / "out"
    release.release_all(run=run, out=out, partial=True, today=DAY)
    first = out / "kx-07" / "2025-06-03"
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in first.iterdir()}
    add_marks(run, [("kx-07", MP, "met", "Now it says when.", "Ann Tutor", "first")])
    _reports(run)
    release.release_all(run=run, out=out, partial=True, today=DAY)
    release.release_all(run=run, out=out, partial=True, today=DAY)
    assert sorted(p.name for p in (out / "kx-07").iterdir()) == ["2025-06-03", "2025-06-03-2", "2025-06-03-3"]
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in first.iterdir()} == before
    assert "Now it says when." in (out / "kx-07" / "2025-06-03-2" / "feedback.md").read_text(encoding="utf-8")


def test_marked_evidence_is_the_learners_own_with_the_decision_beside_it_and_nothing_tutor_only(
        tmp_path: Path) -> None:
    run, out = _run(tmp_path), tmp_path / "out"
    release.release_all(run=run, out=out, partial=True, today=DAY)
    evidence = (out / "kx-07" / "2025-06-03" / "evidence.html").read_text(encoding="utf-8")
    assert "I would plan the rota\naround the &lt;Saturday&gt; peak." in evidence  # escaped, line break kept
    assert "<th scope=\"col\">Decision and comment</th>" in evidence and "Partly." in evidence
    for learner in ("kx-07", "qz-19", "mb-33"):
        text = _contents(out / learner / "2025-06-03")
        assert "TUTOR-ONLY" not in text and "shared_prose" not in text  # integrity flags never go in
        for other, name, _ in LEARNERS:
            if other != learner:
                assert other not in text and name not in text and html.escape(name) not in text, (learner, other)
    assert "Clearer than another learner's; add when (another learner did)." in _contents(out / "kx-07" / "2025-06-03")


def test_a_learner_folder_that_leads_to_another_learners_is_refused(tmp_path: Path) -> None:
    run, out = _run(tmp_path), tmp_path / "out"
    (out / "kx-07").mkdir(parents=True)
    (out / "mb-33").symlink_to(out / "kx-07", target_is_directory=True)
    assert release.release_all(run=run, out=out, partial=True, today=DAY) == 1
    assert sorted(p.name for p in (out / "kx-07").iterdir()) == ["2025-06-03"]  # kx-07's own release only
    assert "Report for Priya Shah" in (out / "kx-07" / "2025-06-03" / "report.html").read_text(encoding="utf-8")


def test_a_report_older_than_the_marks_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run, out = _run(tmp_path), tmp_path / "out"
    for page in (run / "reports").glob("*.html"):
        os.utime(page, ns=(0, 0))
    assert cli(["release", "--run", str(run), "--out", str(out), "--partial"]) == 1
    assert "course report" in capsys.readouterr().err and not any(out.glob("*/*"))


def test_a_failure_while_writing_leaves_no_release_and_no_scraps(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    run, out = _run(tmp_path), tmp_path / "out"

    def broken(*args: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(release, "evidence_html", broken)
    with pytest.raises(OSError, match="disk full"):
        release.release_all(run=run, out=out, partial=True, today=DAY)
    assert [p.name for p in (out / "kx-07").iterdir()] == []
