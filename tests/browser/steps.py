"""Named steps for browser tests: a failure says which page and which step, and keeps a screenshot.

    step = Steps(page, "1-planning/1.1-x.ipynb", stem="1.1-x", folder=screenshots)
    with step("run all cells"):
        ...

Any error inside a step fails the test with "<label>: step '<name>' failed: <error>" and the path of
a screenshot taken at that moment (build/screenshots/<stem>-FAILED-<step>.png).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-").lower()


class Steps:
    def __init__(self, page: Any, label: str, *, stem: str, folder: Path) -> None:
        self.page, self.label, self.stem, self.folder = page, label, stem, folder

    def shot(self, name: str, *, full_page: bool = False) -> Path:
        """Save a screenshot of the page as <folder>/<stem>-<name>.png; return its path."""
        path = self.folder / f"{self.stem}-{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        failure = None
        try:
            yield
        except Exception as err:  # noqa: BLE001 - every failure gets the page, the step and a screenshot
            failure = f"{self.label}: step '{name}' failed: {type(err).__name__}: {str(err).strip() or repr(err)}"
        if failure is not None:
            try:
                shot = str(self.shot(f"FAILED-{slug(name)}"))
            except Exception as shot_err:  # noqa: BLE001
                shot = f"(none: {type(shot_err).__name__}: {shot_err})"
            try:
                pytest.fail(f"{failure}\nscreenshot: {shot}", pytrace=False)
            except pytest.fail.Exception as failed:
                raise failed from None  # the message says it all; no "during handling of..." chain
