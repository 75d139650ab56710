"""Shared prose: near-identical written evidence between learners is flagged; supplied and short text is not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from course.tutor import evidence, integrity_prose
from course.tutor.evidence import Written
from course.tutor.integrity_prose import MIN_WORDS, THRESHOLD

TEMPLATE = ("What happened:\nWhat did you do to put it right?\nWhat would you do differently next time?\n"
            "Remember to say which law or policy applied.\nWrite in full sentences, and use your own store's figures "
            "where they help the reader to follow what you did and why.")
OWN_A = ("A customer brought back a kettle that stopped working after nine days. I listened without "
         "interrupting, apologised for the trouble, and explained that the Consumer Rights Act gives thirty days "
         "to reject a faulty item, so I offered a full refund and logged the complaint on the system.")
OWN_B = ("On Saturday a regular shopper was angry that the queue at the tills was very long. I thanked her for "
         "waiting, opened a second till with my supervisor's agreement, and afterwards suggested we move a "
         "colleague to the afternoon shift when footfall peaks, which the manager has now trialled twice.")


def _rows(*texts: tuple[str, str], supplied: str = "", task: str = "cell-1") -> list[Written]:
    return [Written(learner, "003:MP2", "3-reviewing/3.3.ipynb", task, text, supplied) for learner, text in texts]


def test_a_copied_answer_is_flagged_for_both_learners_with_the_figure_and_the_passages() -> None:
    flags = integrity_prose.shared_prose(_rows(("ab12", OWN_A), ("cd34", OWN_A), ("ef56", OWN_B)))
    assert [(f.learner_id, f.other_learner, f.strength, f.similarity) for f in flags] == \
        [("ab12", "cd34", "strong", 100.0), ("cd34", "ab12", "strong", 100.0)]
    assert "100% alike" in flags[0].detail and OWN_A[:60] in flags[0].detail and flags[0].kind == "shared_prose"


def test_a_copy_with_its_sentences_reordered_is_caught() -> None:
    sentences = [s.strip() + "." for s in OWN_A.split(".") if s.strip()]
    reordered = " ".join(reversed(sentences))
    assert reordered != OWN_A
    flags = integrity_prose.shared_prose(_rows(("ab12", OWN_A), ("cd34", reordered)))
    assert {f.strength for f in flags} == {"strong"} and len(flags) == 2


def test_a_lightly_edited_copy_is_a_weak_or_strong_flag_and_different_answers_are_none() -> None:
    edited = OWN_A.replace("customer", "shopper").replace("trouble", "hassle") + " It was a busy day."
    score = integrity_prose.similarity(OWN_A, edited)
    assert THRESHOLD <= score < 100
    assert len(integrity_prose.shared_prose(_rows(("ab12", OWN_A), ("cd34", edited)))) == 2
    assert integrity_prose.similarity(OWN_A, OWN_B) < THRESHOLD
    assert integrity_prose.shared_prose(_rows(("ab12", OWN_A), ("cd34", OWN_B))) == []


def test_text_the_notebook_supplied_is_ignored() -> None:
    short_a = TEMPLATE + "\nThe kettle broke and I gave a refund."
    short_b = TEMPLATE + "\nThe queue was long so I opened a till."
    assert integrity_prose.similarity(short_a, short_b) >= THRESHOLD  # alike only because of the template
    assert integrity_prose.own_words(short_a, TEMPLATE) == "The kettle broke and I gave a refund."
    assert integrity_prose.shared_prose(_rows(("ab12", short_a), ("cd34", short_b), supplied=TEMPLATE)) == []
    # a long copied answer inside the template is still caught once the template is taken away
    flags = integrity_prose.shared_prose(_rows(("ab12", TEMPLATE + "\n" + OWN_A), ("cd34", OWN_A + "\n" + TEMPLATE),
                                               supplied=TEMPLATE))
    assert len(flags) == 2


def test_very_short_texts_declarations_and_other_tasks_are_not_compared() -> None:
    short = " ".join(OWN_A.split()[:MIN_WORDS - 1])
    assert integrity_prose.shared_prose(_rows(("ab12", short), ("cd34", short))) == []
    assert integrity_prose.shared_prose(_rows(("ab12", OWN_A), task="a") + _rows(("cd34", OWN_A), task="b")) == []
    declared = [Written(lr, "declaration", "nb", "t", OWN_A) for lr in ("ab12", "cd34")]
    assert integrity_prose.shared_prose(declared) == []


def test_written_evidence_is_read_by_the_shared_schema(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "gradebook.sqlite", isolation_level=None)
    assert evidence.read(conn) == []  # no table yet: no prose to compare
    conn.execute("CREATE TABLE written_evidence(learner_id TEXT, marking_point TEXT, notebook TEXT, task TEXT, "
                 "text TEXT, words INTEGER, supplied TEXT, PRIMARY KEY (learner_id, marking_point, notebook, task))")
    conn.executemany("INSERT INTO written_evidence VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [("ab12", "003:MP2", "nb", "t", OWN_A, 50, None), ("cd34", "003:MP2", "nb", "t", OWN_A, 50, ""),
                      ("ab12", "declaration", "nb", "d", "I declare this is my own work.", 7, None),
                      ("ef56", "003:MP2", "nb", "t", "", 0, "")])  # left as handed out: nothing to compare
    rows = evidence.read(conn)
    assert [(r.learner_id, r.marking_point, r.supplied) for r in rows] == [("ab12", "003:MP2", ""),
                                                                           ("cd34", "003:MP2", "")]
    assert len(integrity_prose.shared_prose(rows)) == 2
