"""The HTML that every tutor-side page shares: one page shell and one accessible table.

`page` writes the shell: the language (en-GB), a viewport, the title, one style sheet and a <main> landmark
(WCAG 2.2 asks for a language, a title and landmarks). BASE_CSS holds the rules every page uses; a page adds
its own after them. `html_table` writes a table with a caption and row and column headers, escaping every cell
except a `Raw` one, inside its own focusable region so the page reflows at 320 px. The class summary
(course.tutor.summary), the released feedback (course.tutor.release) and the marking view use them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

BASE_CSS = """body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
       color: #1d1d1f; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; margin: 1rem 0; }
caption { text-align: left; font-weight: 600; }
th, td { border: 1px solid #bbb; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
thead th { background: #e8edf3; }
.table-scroll { max-width: 100%; overflow-x: auto; } .table-scroll:focus { outline: 3px solid #0072b2; }
p, li, td, th, caption { overflow-wrap: anywhere; }"""


class Raw(str):
    """A table cell that is already HTML (built from escaped parts), so it is not escaped again."""


def page(title: str, body: str, css: str = "") -> str:
    """Return a whole HTML page: `title` (plain text, escaped here), `body` (HTML) and the page's own `css`."""
    return ('<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>\n{BASE_CSS}\n{css}\n</style>\n</head>\n<body>\n<main>\n"
            f"{body}\n</main>\n</body>\n</html>\n")


def html_table(headers: list[str], rows: Iterable[Sequence[object]], caption: str) -> str:
    """Return an accessible table: caption, column headers, first column as row headers; cells escaped."""
    def cell(value: object) -> str:
        return value if isinstance(value, Raw) else html.escape(str(value))
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f'<th scope="row">{cell(v)}</th>' if i == 0 else f"<td>{cell(v)}</td>"
                                    for i, v in enumerate(row)) + "</tr>\n" for row in rows)
    # A wide table scrolls inside its own focusable, named region, so the page reflows at 320 px (WCAG 1.4.10)
    return (f'<div class="table-scroll" role="region" tabindex="0" aria-label="{html.escape(caption)}">'
            f"<table>\n<caption>{html.escape(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n"
            f"<tbody>\n{body}</tbody>\n</table></div>\n")
