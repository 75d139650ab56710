"""axe-core accessibility scans of a Playwright page, against the WCAG 2.0/2.1/2.2 A and AA rules.

axe-core comes from axe-playwright-python (test extras), which bundles it as a file (axe-core 4.12.1 in
0.1.8): nothing is downloaded at test time, and it runs in any Chromium Playwright drives, Debian's included.
The script is put into the page and run there with `axe.run(context, options)`; the context and options are
passed as JSON (the package's own `Axe.run` writes them with Python's repr, which is not JavaScript for every
value).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from axe_playwright_python.base import AXE_SCRIPT

if TYPE_CHECKING:
    from playwright.sync_api import Page

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")


def scan(page: Page, *, include: list[str] | None = None, exclude: list[str] | None = None) -> list[dict[str, Any]]:
    """Return axe's violations of the WCAG A/AA rules on `page` (within `include`, outside `exclude`)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    context: dict[str, Any] = {"exclude": [[s] for s in exclude or []]}
    if include:
        context["include"] = [[s] for s in include]
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("([context, options]) => axe.run(context, options)", [context, options])
    return result["violations"]


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The violations of serious or critical impact."""
    return [v for v in violations if v.get("impact") in BLOCKING]


def count(violations: list[dict[str, Any]]) -> int:
    """How many elements fail, over all violated rules."""
    return sum(len(v["nodes"]) for v in violations)


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violated rule: id, impact, how many elements, and the first element's selector."""
    return "\n".join(f"{v['id']} ({v['impact']}): {len(v['nodes'])} element(s), e.g. {v['nodes'][0]['target']}: "
                     f"{v['help']}" for v in violations) or "none"
