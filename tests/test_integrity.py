"""Integrity flags: the table, foreign answers, wrong identity, and where flags may (and may never) be shown."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor as ThreadPoolExecutorBase
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from course import progress
from course.exercises import registry
from course.store import simulate
from course.tutor import integrity, integrity_answers, integrity_identity, integrity_view
from course.tutor.integrity import Flag
from course.tutor.integrity_answers import STRONG_MATCHES, StoreFit
from course.tutor.roster import Learner

# ---- the table ----------------------------------------------------------------------------------------

def test_record_adds_rows_once_and_detection_keeps_tampering_rows(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "gradebook.sqlite", isolation_level=None)
    tampering = ("ab12", "tampering", "strong", None, "kpi-atv", "course.check was replaced", None)
    assert integrity.record(conn, [tampering, tampering]) == 1
    assert integrity.record(conn, [tampering]) == 0
    integrity.replace_detected(conn, [Flag("ab12", "foreign_answer", "weak", "cd34", "kpi-upt", "fits cd34")])
    integrity.replace_detected(conn, [Flag("ef56", "shared_prose", "strong", "ab12", "x", "alike", 97.0)])
    found = integrity.flags(conn)
    assert [(f.learner_id, f.kind) for f in found] == [("ab12", "tampering"), ("ef56", "shared_prose")]
    assert integrity.counts(conn) == {"ab12": {"strong": 1, "weak": 0}, "ef56": {"strong": 1, "weak": 0}}
    with pytest.raises(ValueError, match="kind 'copying'"):
        integrity.record(conn, [("ab12", "copying", "strong", None, None, "", None)])


def test_the_gradebook_creates_the_table_with_the_shared_schema(tmp_path: Path) -> None:
    from course.tutor import gradebook

    conn = gradebook.connect(tmp_path / "gradebook.sqlite")
    columns = [(r[1], r[2]) for r in conn.execute("PRAGMA table_info(integrity_flags)")]
    assert columns == [("learner_id", "TEXT"), ("kind", "TEXT"), ("strength", "TEXT"), ("other_learner", "TEXT"),
                       ("item_id", "TEXT"), ("detail", "TEXT"), ("similarity", "REAL")]


# ---- foreign answers ----------------------------------------------------------------------------------

def _fit(values: dict[str, float]) -> StoreFit:
    return StoreFit(dict(values), dict.fromkeys(values, ()))


def test_one_answer_fitting_another_store_is_weak_and_names_the_exercise_and_learner() -> None:
    fits = {"ab12": _fit({"kpi-atv": 20.0, "kpi-upt": 2.0}), "cd34": _fit({"kpi-atv": 25.5, "kpi-upt": 2.5})}
    flags = integrity_answers.foreign_answers({"ab12": {"kpi-atv": 25.502, "kpi-upt": 2.0}}, fits)
    assert [(f.learner_id, f.strength, f.other_learner, f.item_id) for f in flags] == \
        [("ab12", "weak", "cd34", "kpi-atv")]
    assert "25.502" in flags[0].detail and "cd34's right answer (25.5)" in flags[0].detail


def test_several_answers_fitting_the_same_learner_make_a_strong_flag() -> None:
    ids = ["kpi-atv", "kpi-upt", "kpi-csat", "kpi-fcr"]
    fits = {"ab12": _fit(dict.fromkeys(ids, 10.0)), "cd34": _fit(dict.fromkeys(ids, 30.0)),
            "ef56": _fit(dict.fromkeys(ids, 50.0))}
    answers = {"ab12": dict.fromkeys(ids[:STRONG_MATCHES], 30.0)}
    flags = integrity_answers.foreign_answers(answers, fits)
    assert {(f.strength, f.other_learner) for f in flags} == {("strong", "cd34")}
    assert sorted(f.item_id for f in flags) == sorted(ids[:STRONG_MATCHES])
    answers["ab12"][ids[0]] = 50.0  # one fewer fits cd34: no longer several
    assert {f.strength for f in integrity_answers.foreign_answers(answers, fits)} == {"weak"}


def test_right_answers_that_overlap_within_the_tolerance_are_never_flagged() -> None:
    tolerance = registry.get("kpi-csat").tolerance  # 0.06
    fits = {"ab12": _fit({"kpi-csat": 80.0}), "cd34": _fit({"kpi-csat": 80.0 + tolerance * 0.9})}
    for answer in (80.0, 80.0 + tolerance * 0.9, 80.0 + tolerance * 1.5):  # right, right, wrong for both?
        assert integrity_answers.foreign_answers({"ab12": {"kpi-csat": answer}}, fits) == []


def test_an_answer_that_fits_several_classmates_stores_is_a_common_value_not_a_trace() -> None:
    fits = {"ab12": _fit({"kpi-csat": 80.0}), "cd34": _fit({"kpi-csat": 75.0}), "ef56": _fit({"kpi-csat": 75.02})}
    assert integrity_answers.foreign_answers({"ab12": {"kpi-csat": 75.01}}, fits) == []
    assert [f.other_learner for f in integrity_answers.foreign_answers({"ab12": {"kpi-csat": 74.95}}, fits)] == ["cd34"]


def test_an_answer_explained_by_a_known_mistake_on_the_own_store_is_not_flagged() -> None:
    fits = {"ab12": StoreFit({"kpi-csat": 80.0}, {"kpi-csat": (72.5,)}), "cd34": _fit({"kpi-csat": 72.5})}
    assert integrity_answers.foreign_answers({"ab12": {"kpi-csat": 72.5}}, fits) == []


@pytest.fixture(scope="module")
def real_fits() -> dict[str, StoreFit]:
    learners = [Learner("amara-o", "", "apparel"), Learner("ben-t", "", "grocery"),
                Learner("chen-l", "", "electronics")]
    return integrity_answers.cohort_fits(learners, None)


def test_a_planted_copy_on_real_stores_is_strong_and_honest_answers_give_nothing(
        real_fits: dict[str, StoreFit]) -> None:
    amara, ben = real_fits["amara-o"], real_fits["ben-t"]
    copied = {e: amara.expected[e] for e in sorted(amara.expected)
              if e in ben.expected and not integrity_answers.close(amara.expected[e], ben.expected[e],
                                                                  registry.get(e).tolerance)}
    assert len(copied) >= 20
    flags = integrity_answers.foreign_answers({"ben-t": copied}, real_fits)
    assert {(f.learner_id, f.strength, f.other_learner) for f in flags} >= {("ben-t", "strong", "amara-o")}
    explained = {e for e, v in copied.items()  # a copied figure that is also a known mistake on ben-t's own store
                 if any(integrity_answers.close(v, w, max(registry.get(e).tolerance, 1e-6))
                        for w in ben.explained[e])}
    shared = {e for e, v in copied.items()  # a figure chen-l's store gives too: a common value, not a trace
              if integrity_answers.close(v, real_fits["chen-l"].expected[e], registry.get(e).tolerance)}
    assert len(explained | shared) <= len(copied) // 5  # a few coincidences among 3 stores
    assert sorted(f.item_id for f in flags) == sorted(set(copied) - explained - shared)
    assert {f.other_learner for f in flags} == {"amara-o"}
    honest = {name: {e: (fit.explained[e][0] if i % 3 == 0 and fit.explained[e] else fit.expected[e])
                     for i, e in enumerate(sorted(fit.expected))} for name, fit in real_fits.items()}
    assert integrity_answers.foreign_answers(honest, real_fits) == []
    assert integrity_answers.store_swaps(honest, real_fits) == []
    swaps = integrity_answers.store_swaps({"ben-t": copied}, real_fits)
    assert swaps and {(f.kind, f.other_learner) for f in swaps} == {("wrong_identity", "amara-o")}


def test_store_fit_holds_each_numeric_exercises_right_answer(store_of) -> None:
    data = store_of("ab12", sector="grocery")
    fit = integrity_answers.store_fit(data)
    assert fit.expected["kpi-atv"] == pytest.approx(float(registry.get("kpi-atv").expected(data)))
    assert set(fit.expected) <= {e.id for e in integrity_answers.numeric_exercises()}


def test_answers_are_read_from_the_result_files(tmp_path: Path) -> None:
    from course.tutor import results

    result = results.make_result("ab12", "0-start-here.ipynb", sha=None, failure=None, seconds=1.0, quiz=[],
                                 exercises=[{"item_id": "kpi-atv", "status": "incorrect", "answer": 31.5},
                                            {"item_id": "kpi-upt", "status": "invalid"},
                                            {"item_id": "kpi-conversion", "status": "correct", "answer": True}])
    results.write_json_atomic(results.result_path(tmp_path, "ab12", "0-start-here.ipynb"), result)
    assert integrity_answers.run_answers(tmp_path, ["ab12", "zz99"]) == {"ab12": {"kpi-atv": 31.5}, "zz99": {}}


def test_a_judged_numeric_answer_is_kept_in_the_result_for_the_integrity_checks(store_of) -> None:
    """The tutor's judge (not the kernel) records the number a learner handed over, which integrity compares."""
    from course import handover
    from course.tutor import judge

    data = store_of("ab12", sector="apparel")
    handed = {"kpi-atv": judge.Handed(handover.encode("£31.50")),
              "plan-smart-objective": judge.Handed(handover.encode("Improve service."))}
    found = judge.judge_exercises(("kpi-atv", "plan-smart-objective"), handed, data)
    assert found[0]["answer"] == 31.5 and "answer" not in found[1]


# ---- wrong identity -----------------------------------------------------------------------------------

def _notebook(learner_id: str, sector: str, *, start: str = "learner_id", results_for: str | None = None) -> object:
    parameters = new_code_cell('learner_id = "demo-learner"\nsector = "apparel"\ndata_dir = None\n',
                               metadata={"tags": ["parameters"]})
    injected = new_code_cell(f'learner_id = "{learner_id}"\nsector = "{sector}"\ndata_dir = None\n',
                             metadata={"tags": ["injected-parameters"]})
    setup = new_code_cell(f"import course\n%matplotlib inline\nsession = course.start({start}, sector=sector)")
    last = new_code_cell("course.results()")
    if results_for:
        bundle = progress.results_bundle([], learner_id=results_for, notebook="n")
        last.outputs = [new_output("display_data", data=bundle)]
    return new_notebook(cells=[parameters, injected, setup, last])


ROSTER = [Learner("ben-t", "Ben", "grocery"), Learner("dylan-m", "Dylan", "homeware")]


@pytest.mark.parametrize(("nb", "strength", "other", "says"), [
    (_notebook("dylan-m", "homeware"), "strong", "dylan-m", "learner_id = 'dylan-m'"),
    (_notebook("ben-t", "apparel"), "weak", None, "sector = 'apparel' (the roster says 'grocery')"),
    (_notebook("demo-learner", "grocery"), "weak", "demo-learner", "learner_id = 'demo-learner'"),
    (_notebook("ben-t", "grocery", start='"dylan-m"'), "strong", "dylan-m", "course.start(...) call set learner_id"),
    (_notebook("ben-t", "grocery", results_for="dylan-m"), "strong", "dylan-m", "results output for 'dylan-m'"),
])
def test_a_notebook_with_another_learners_details_is_flagged(nb: object, strength: str, other: str | None,
                                                            says: str) -> None:
    flag = integrity_identity.notebook_identity(ROSTER[0], "1.1.ipynb", nb, None, ["ben-t", "dylan-m"])
    assert flag is not None and (flag.kind, flag.strength, flag.other_learner) == ("wrong_identity", strength, other)
    assert says in flag.detail and flag.item_id == "1.1.ipynb"


def test_a_notebook_with_the_learners_own_details_is_not_flagged() -> None:
    nb = _notebook("ben-t", "grocery", results_for="ben-t")
    assert integrity_identity.notebook_identity(ROSTER[0], "1.1.ipynb", nb, nb, ["ben-t"]) is None


def test_a_swapped_notebook_in_a_submission_folder_is_flagged(tmp_path: Path) -> None:
    theirs = _notebook("dylan-m", "homeware")
    for learner, handed_in in (("ben-t", theirs), ("dylan-m", theirs)):
        (tmp_path / "subs" / learner / "1-planning").mkdir(parents=True)
        nbformat.write(handed_in, tmp_path / "subs" / learner / "1-planning" / "1.1.ipynb")
    (tmp_path / "subs" / "ben-t" / ".ipynb_checkpoints").mkdir()
    nbformat.write(_notebook("zz", "grocery"), tmp_path / "subs" / "ben-t" / ".ipynb_checkpoints" / "x.ipynb")
    flags = integrity_identity.cohort_identity(ROSTER, tmp_path / "subs", tmp_path / "run")
    assert [(f.learner_id, f.other_learner, f.item_id) for f in flags] == [("ben-t", "dylan-m", "1-planning/1.1.ipynb")]


def test_learners_own_checks_done_elsewhere_give_the_same_flags(tmp_path: Path) -> None:
    """`course run` has its workers do each learner's own checks (`checks_on`); `detect` does any left out."""
    from concurrent.futures import ThreadPoolExecutor

    from course.tutor import results

    theirs = _notebook("dylan-m", "homeware")
    for learner in ("ben-t", "dylan-m"):
        (tmp_path / "subs" / learner).mkdir(parents=True)
        nbformat.write(theirs, tmp_path / "subs" / learner / "1.1.ipynb")
    copied = integrity_answers.store_fit(simulate("dylan-m", sector="homeware")).expected
    answers = [{"item_id": item, "status": "incorrect", "answer": copied[item]} for item in ("kpi-atv", "kpi-upt")]
    results.write_json_atomic(results.result_path(tmp_path / "run", "ben-t", "1.1.ipynb"), results.make_result(
        "ben-t", "1.1.ipynb", sha=None, failure=None, seconds=1.0, quiz=[], exercises=answers))
    args = (tmp_path / "run", ROSTER, tmp_path / "subs")
    alone = integrity.detect(*args)
    with ThreadPoolExecutor(2) as pool:
        checked = integrity.checks_on(pool, run_dir=args[0], learners=ROSTER, submissions=args[2])
    assert set(checked) == {"ben-t", "dylan-m"}
    assert integrity.detect(*args, checked=checked) == alone
    assert integrity.detect(*args, checked={"dylan-m": checked["dylan-m"]}) == alone  # ben-t's done here
    assert {(f.learner_id, f.kind) for f in alone} >= {("ben-t", "wrong_identity"), ("ben-t", "foreign_answer")}


class _LosesOneWorker(ThreadPoolExecutorBase):
    """A pool whose task for "ben-t" fails, as a lost worker's would."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        if getattr(args[1], "learner_id", None) == "ben-t":
            args = (args[0], None, *args[2:])
        return super().submit(fn, *args, **kwargs)


def test_a_learner_whose_checks_failed_on_a_worker_is_left_to_detect(tmp_path: Path) -> None:
    (tmp_path / "subs").mkdir()
    with _LosesOneWorker(2) as pool:
        checked = integrity.checks_on(pool, run_dir=tmp_path / "run", learners=ROSTER, submissions=tmp_path / "subs")
    assert set(checked) == {"dylan-m"}


# ---- where flags show ----------------------------------------------------------------------------------

MARKER = "answered 31.5: MARKER <b>"


def _flagged_run(tmp_path: Path) -> Path:
    from tests.test_tutor_report import make_run

    run = make_run(tmp_path / "run")
    conn = sqlite3.connect(run / "gradebook.sqlite", isolation_level=None)
    integrity.record(conn, [Flag("kx-07", "foreign_answer", "strong", "qz-19", "kpi-atv", MARKER)])
    conn.close()
    return run


def test_the_named_class_summary_shows_the_flags_escaped_and_the_shared_one_never(tmp_path: Path) -> None:
    from course.tutor import gradebook_view as gv
    from course.tutor import report
    from course.tutor.summary import write_class_summary

    run = _flagged_run(tmp_path)
    gb = gv.read_gradebook(run)
    named = write_class_summary(run, report.people(run, gb, pseudonymise=False), gradebook=gb).read_text("utf-8")
    assert "Integrity (teaching team only)" in named and "answered 31.5: MARKER &lt;b&gt;" in named
    assert "Weak: worth a look" not in named and "Strong: several pieces of evidence agree" in named
    shared = write_class_summary(run, report.people(run, gb, pseudonymise=True), pseudonymised=True,
                                 gradebook=gb).read_text("utf-8")
    assert "Integrity" not in shared and "MARKER" not in shared and "foreign" not in shared.lower()


def test_no_flags_says_so_in_neutral_words() -> None:
    page = integrity_view.render([])
    assert "No flags" in page and "you decide" in page.lower().replace("You decide", "you decide")
    assert integrity_view.tutor_only(Path("/nonexistent"), pseudonymised=True) == []


@pytest.mark.notebooks
@pytest.mark.slow
def test_a_learners_report_never_shows_a_flag(tmp_path: Path) -> None:
    from course.tutor import gradebook_view as gv
    from course.tutor import report

    run = _flagged_run(tmp_path)
    gb = gv.read_gradebook(run)
    for pseudonymise in (False, True):
        person = report.people(run, gb, pseudonymise=pseudonymise)["kx-07"]
        page = report.write_report(run, "kx-07", "Priya Shah", "grocery", person, template=report.default_template(),
                                   pseudonymise=pseudonymise).read_text("utf-8")
        assert "Progress report" in page and "MARKER" not in page and "ntegrity" not in page and "qz-19" not in page
