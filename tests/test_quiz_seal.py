"""Canonical forms, salted hashes, obfuscation, deterministic sealing and the two CLI mains."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from course.commands.check_bank import main as check_bank_main
from course.commands.seal_banks import main as seal_banks_main
from course.quiz import canonical as cn
from course.quiz.errors import BankError
from course.quiz.schema import SealedBank, SourceBank, load_bank
from course.quiz.seal import answer_digest, checked_when_sealed, seal_all, sealed_yaml, stale_banks

FIXTURE = Path(__file__).parent / "fixtures" / "banks" / "sampler.yaml"
SALT = cn.bank_salt("sampler")


def _source() -> SourceBank:
    bank = load_bank(FIXTURE)
    assert isinstance(bank, SourceBank)
    return bank


@pytest.mark.parametrize("variant", ["Check", "check", "  CHECK ", "Check.", "check .", "ＣＨＥＣＫ"])
def test_normalisation_accepts_text_variants(variant: str) -> None:
    assert cn.normalise_text(variant) == "check"


def test_normalisation_collapses_internal_whitespace() -> None:
    assert cn.normalise_text(" Plan,\n  do\tand  check. ") == "plan, do and check"


def test_right_answer_matches_and_wrong_does_not() -> None:
    stored = answer_digest(SALT, "q-1", cn.canonical_single("Measurable"))
    assert answer_digest(SALT, "q-1", cn.canonical_single(" measurable. ")) == stored
    assert answer_digest(SALT, "q-1", cn.canonical_single("Motivating")) != stored
    assert answer_digest(SALT, "q-2", cn.canonical_single("Measurable")) != stored
    assert answer_digest(cn.bank_salt("other"), "q-1", cn.canonical_single("Measurable")) != stored
    assert len(stored) == 64 and int(stored, 16) >= 0


def test_multiple_ignores_order_but_not_membership() -> None:
    assert cn.canonical_multiple(["B", "a"]) == cn.canonical_multiple(["A", "b"])
    assert cn.canonical_multiple(["A"]) != cn.canonical_multiple(["A", "B"])


def test_ordering_order_matters() -> None:
    assert cn.canonical_ordering(["Plan", "Do"]) != cn.canonical_ordering(["Do", "Plan"])
    assert cn.canonical_ordering(["Plan", "Do"]) == cn.canonical_ordering(["plan ", "DO."])


def test_matching_compares_pairs() -> None:
    as_dict = cn.canonical_matching({"Passive": "Avoids conflict", "Assertive": "Clear and fair"})
    as_list = cn.canonical_matching([("assertive", "clear and fair"),
                                     ("passive", "avoids conflict")])
    swapped = cn.canonical_matching({"Passive": "Clear and fair", "Assertive": "Avoids conflict"})
    assert as_dict == as_list
    assert as_dict != swapped


def test_obfuscation_round_trips_and_is_deterministic() -> None:
    text = "Measurable means there is a number to check — £5, 90%."
    token = cn.obfuscate(SALT, "q-1", "explanation", text)
    assert token == cn.obfuscate(SALT, "q-1", "explanation", text)
    assert "Measurable" not in token
    assert cn.reveal(SALT, "q-1", "explanation", token) == text
    with pytest.raises(ValueError, match="course seal-banks"):
        cn.reveal(SALT, "q-1", "explanation", "not base64!")


def test_sealed_text_has_no_answers_or_explanations() -> None:
    source = _source()
    text = sealed_yaml(source)
    assert "correct:" not in text
    assert "answers:" not in text and "\nanswer:" not in text and " answer: " not in text
    assert "explanation:" not in text and "feedback:" not in text and "pairs:" not in text
    for question in source.questions:
        assert question.explanation not in text
        for option in getattr(question, "options", []):
            if option.feedback:
                assert option.feedback not in text
    assert "Checking" not in text and "checking" not in text
    assert "misconception" not in text and "smart-vague" not in text


def test_option_notes_do_not_show_which_option_is_right() -> None:
    sealed = SealedBank.model_validate(__import__("yaml").safe_load(sealed_yaml(_source())))
    for qid in ("smp-smart-m", "smp-kpis"):
        lengths = {len(option.feedback_sealed) for option in sealed.question(qid).options}
        assert len(lengths) == 1, qid
    note = sealed.question("smp-smart-m").options[1]
    assert cn.reveal_option_note(SALT, "smp-smart-m", note.text, note.feedback_sealed) == (
        "Motivation matters, but SMART's M is about being able to measure whether you hit the "
        "target.", "smart-vague")


def test_ordering_and_matching_are_stored_shuffled() -> None:
    sealed = SealedBank.model_validate(__import__("yaml").safe_load(sealed_yaml(_source())))
    order = sealed.question("smp-pdca-order")
    assert sorted(order.items) == sorted(["Plan", "Do", "Check", "Act"])
    assert order.items != ["Plan", "Do", "Check", "Act"]
    match = sealed.question("smp-styles-match")
    source = _source().questions[6]
    assert match.definitions != [pair.definition for pair in source.pairs]


def test_sealing_is_byte_identical_and_validates(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(FIXTURE, src / "sampler.yaml")
    first = seal_all(src, tmp_path / "a")
    seal_all(src, tmp_path / "b")
    again = seal_all(src, tmp_path / "a")
    assert (tmp_path / "a" / "sampler.yaml").read_bytes() == \
        (tmp_path / "b" / "sampler.yaml").read_bytes()
    assert first[0].changed and not again[0].changed
    assert isinstance(load_bank(tmp_path / "a" / "sampler.yaml"), SealedBank)
    assert stale_banks(src, tmp_path / "a") == []
    assert not list((tmp_path / "a").glob(".*tmp"))


def test_stale_banks_reports_out_of_date_and_orphans(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    shutil.copy(FIXTURE, src / "sampler.yaml")
    seal_all(src, out)
    (src / "sampler.yaml").write_text(FIXTURE.read_text().replace("SMART objective,", "SMART aim,"))
    (out / "old.yaml").write_text("bank: old\n")
    reasons = stale_banks(src, out)
    assert any("sampler.yaml: out of date" in r for r in reasons)
    assert any("old.yaml: has no source" in r for r in reasons)


def test_tampered_salt_is_caught(tmp_path: Path) -> None:
    text = sealed_yaml(_source()).replace(SALT, "0" * 32)
    (tmp_path / "sampler.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(BankError, match="field 'salt': does not belong to bank 'sampler'"):
        load_bank(tmp_path / "sampler.yaml")


def test_ids_must_be_unique_across_banks_and_nothing_is_written(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    shutil.copy(FIXTURE, src / "sampler.yaml")
    other = FIXTURE.read_text().replace("bank: sampler", "bank: zz-other")
    (src / "zz-other.yaml").write_text(other, encoding="utf-8")
    with pytest.raises(BankError, match=r"zz-other.yaml: question 'smp-smart-m': field 'id': is "
                                        "also used in sampler.yaml"):
        seal_all(src, out)
    assert not out.exists()


def test_check_bank_main_ok_and_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_bank_main(path=FIXTURE) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"OK: {FIXTURE}: 7 questions (single 1, multiple 1, numeric 2, text 1, "
                          "ordering 1, matching 1)")
    bad = tmp_path / "sampler.yaml"
    bad.write_text(FIXTURE.read_text().replace("    tolerance: 0.5\n", ""), encoding="utf-8")
    assert check_bank_main(path=bad) == 1
    err = capsys.readouterr().err
    assert "sampler.yaml: question 'smp-nps': field 'tolerance': is missing" in err


def test_seal_banks_main(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(FIXTURE, src / "sampler.yaml")
    assert seal_banks_main(src=src, out=tmp_path / "out") == 0
    assert "Sealed sampler: 7 questions" in capsys.readouterr().out
    assert check_bank_main(path=tmp_path / "out" / "sampler.yaml") == 0
    assert "sealed bank 'sampler'" in capsys.readouterr().out
    assert seal_banks_main(src=tmp_path / "empty", out=tmp_path / "out") == 1
    assert "no *.yaml source banks" in capsys.readouterr().err


def test_a_shipped_bank_reads_the_same_with_the_fast_sealed_loader() -> None:
    """Quiz cells read the shipped banks with PyYAML's C parser (yamlio.SealedBankLoader): it must give exactly
    what the strict BankLoader gives, types included, and still refuse a key written twice."""
    from course.quiz import view
    from course.quiz.yamlio import SealedBankLoader, parse_yaml

    assert SealedBankLoader.__mro__[2].__name__ in ("CSafeLoader", "SafeLoader")
    for bank in view.banks():
        text = view._package_banks().joinpath(f"{bank}.yaml").read_text(encoding="utf-8")
        assert parse_yaml(text, bank, sealed=True) == parse_yaml(text, bank), bank
    assert parse_yaml("a: Yes\nb: 2024-01-05\nc: 1:30\n", "t", sealed=True) == {"a": "Yes", "b": "2024-01-05",
                                                                              "c": "1:30"}
    with pytest.raises(BankError, match="appears twice"):
        parse_yaml("a: 1\na: 2\n", "t", sealed=True)


def test_a_sealed_bank_says_it_was_checked_and_any_change_undoes_it() -> None:
    """The `# Checked` line holds the SHA-256 of every other line: changing a line, or the digest, or dropping
    the line, means the bank is no longer the one `course seal-banks` validated."""
    text = sealed_yaml(_source())
    assert text.count("# Checked when sealed: sha256 ") == 1
    assert checked_when_sealed(text)
    digest = re.search(r"sha256 ([0-9a-f]{64})", text)
    assert digest is not None
    answer = re.search(r"answer_sha256: ([0-9a-f]{64})", text)
    assert answer is not None
    changed_answer = text.replace(answer.group(1), "0" * 64)
    assert not checked_when_sealed(changed_answer)
    assert not checked_when_sealed(text.replace(digest.group(1), "f" * 64))
    assert not checked_when_sealed(text.replace(digest.group(0), "sha256 none"))
    assert not checked_when_sealed(text + "questions: []\n")
    body = text.split("\n", 3)[3]  # the two header lines and the Checked line dropped
    assert body.startswith("bank: sampler") and not checked_when_sealed(body)


def _package_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """Make `tmp_path/banks/sampler.yaml`, holding ``text``, the package's only bank."""
    from course.quiz import view

    (tmp_path / "banks").mkdir()
    (tmp_path / "banks" / "sampler.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(view, "_package_banks", lambda: tmp_path / "banks")
    view._load_package_bank.cache_clear()


def test_a_quiz_cell_skips_the_meaning_checks_only_for_a_bank_as_sealed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from course.quiz import rules, view

    sealed = sealed_yaml(_source())
    calls: list[str] = []
    real = rules._check_common
    monkeypatch.setattr(rules, "_check_common", lambda report, question: calls.append(question.id) or
                        real(report, question))
    _package_of(tmp_path, monkeypatch, sealed)
    try:
        assert len(view.load("sampler").questions) == 7
        assert calls == []  # validated in full when sealed: the questions' meaning is not checked again
        (tmp_path / "banks" / "sampler.yaml").write_text(sealed.replace("title: ", "title: New ", 1), encoding="utf-8")
        view._load_package_bank.cache_clear()
        view.load("sampler")
        assert len(calls) == 7  # changed since it was sealed: every question checked
    finally:
        view._load_package_bank.cache_clear()


def test_a_bank_as_sealed_is_still_checked_as_a_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cheap bank-wide checks always run: a sealed bank copied under another name is refused."""
    from course.quiz import view

    _package_of(tmp_path, monkeypatch, sealed_yaml(_source()))
    (tmp_path / "banks" / "sampler.yaml").rename(tmp_path / "banks" / "copied.yaml")
    try:
        with pytest.raises(BankError, match=r"copied.yaml: field 'bank': 'sampler' does not match the file name"):
            view.load("copied")
    finally:
        view._load_package_bank.cache_clear()


def test_a_broken_shipped_bank_is_still_reported_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A learner whose installed bank was damaged after sealing gets the full check's message, not a quiz with an
    unanswerable question."""
    from course.quiz import view

    text = sealed_yaml(_source())
    answer = re.search(r"answer_sha256: ([0-9a-f]{64})", text)
    assert answer is not None
    _package_of(tmp_path, monkeypatch, text.replace(answer.group(1), "0" * 64, 1))
    try:
        with pytest.raises(BankError, match=r"sampler.yaml: question 'smp-smart-m': field 'options': the answer "
                                            r"is not among the options; reseal the bank"):
            view.quiz("sampler")
    finally:
        view._load_package_bank.cache_clear()
