"""Static rendering (deterministic, no answers), the display bundle, and quiz()/load()/banks()."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from course.quiz import banks, load, quiz
from course.quiz import view as view_module
from course.quiz.seal import seal_all

FIXTURE = Path(__file__).parent / "fixtures" / "banks" / "sampler.yaml"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def test_static_rendering_is_deterministic_and_headed() -> None:
    first, second = quiz("sampler", path=FIXTURE), quiz("sampler", path=FIXTURE)
    assert first.to_text() == second.to_text() and first.to_html() == second.to_html()
    text = first.to_text()
    assert text.splitlines()[0] == ("Quiz: sampler — 7 questions. Open this notebook in "
                                    "JupyterLab to answer them.")
    assert "3. 60 promoters, 25 passives and 15 detractors answered." in text
    assert "Type a number (in %)." in text
    for rendering in (text, first.to_html()):
        assert not re.search(r"[0-9a-f]{16,}", rendering)
        assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}:\d{2}|0x[0-9a-f]+", rendering)
        assert "Explanation" not in rendering and "Measurable means" not in rendering


def test_static_html_is_escaped() -> None:
    html = quiz("sampler", path=FIXTURE).to_html()
    assert "what does the &quot;M&quot; stand for?" in html
    assert "Puts own needs first at others&#x27; expense" in html
    assert html.startswith('<div class="course-quiz course-quiz-static">')


def test_static_never_shows_the_correct_order() -> None:
    text = quiz("sampler", path=FIXTURE, ids=["smp-pdca-order"]).to_text()
    assert "- Plan\n   - Do\n   - Check\n   - Act" not in text


def test_one_bundle_with_static_and_widget_view() -> None:
    shown = quiz("sampler", path=FIXTURE)
    bundle = shown._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", WIDGET_MIME}
    assert bundle["text/plain"] == shown.to_text()
    assert bundle[WIDGET_MIME]["model_id"] == shown.view.box.model_id
    assert repr(shown) == "<Quiz sampler: 7 questions>"


def test_selection_by_ids_and_concept() -> None:
    picked = quiz("sampler", path=FIXTURE, ids=["smp-pdca-order", "smp-nps"])
    assert [q.id for q in picked.questions] == ["smp-pdca-order", "smp-nps"]
    assert picked.to_text().startswith("Quiz: sampler — 2 questions.")
    pdca = quiz("sampler", path=FIXTURE, concept="pdca")
    assert [q.id for q in pdca.questions] == ["smp-pdca-letter", "smp-pdca-order"]


def test_clear_errors_for_unknown_ids_concepts_and_banks() -> None:
    with pytest.raises(ValueError, match=r"no question 'smp-nope'\. Its questions: smp-smart-m, "):
        quiz("sampler", path=FIXTURE, ids=["smp-nope"])
    with pytest.raises(ValueError, match=r"no question on concept 'Loyalty'\. Its concepts: "
                                         r"Communication styles, Conversion rate"):
        quiz("sampler", path=FIXTURE, concept="Loyalty")
    with pytest.raises(ValueError, match="non-empty list"):
        quiz("sampler", path=FIXTURE, ids="smp-nps")  # type: ignore[arg-type]  # a string, not a list, on purpose
    with pytest.raises(ValueError, match="There is no quiz bank file"):
        quiz("sampler", path=FIXTURE.parent / "missing.yaml")
    with pytest.raises(KeyError, match="is not in this quiz"):
        quiz("sampler", path=FIXTURE, ids=["smp-nps"]).widget_for("smp-kpis")


def test_package_banks_are_loaded_through_importlib_resources(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(FIXTURE, src / "sampler.yaml")
    seal_all(src, tmp_path / "banks")
    monkeypatch.setattr(view_module, "_package_banks", lambda: tmp_path / "banks")
    view_module._load_package_bank.cache_clear()
    try:
        assert banks() == ["sampler"]
        assert load("sampler").salt
        assert quiz("sampler").to_text() == quiz("sampler", path=FIXTURE).to_text()
        with pytest.raises(ValueError, match=r"There is no quiz bank 'plannig'. Banks: sampler."):
            quiz("plannig")
    finally:
        view_module._load_package_bank.cache_clear()


def test_shipped_banks_folder_is_found() -> None:
    folder = view_module._package_banks()
    assert folder.is_dir()
    assert all(name == name.lower() for name in banks())
