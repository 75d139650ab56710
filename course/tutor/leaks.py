"""Answer leaks: an exercise's figure shown in an output before the exercise asks for it.

Run the learner edition of the workbook for one learner, then give the executed notebooks and that
learner's store to `scan_workbook` (or one executed notebook to `scan_notebook`). For every numeric
exercise (registry kind "number") it searches the outputs of every cell before the exercise's check cell
(`course.check("<id>", ...)`), in the exercise's own notebook and in every earlier notebook of the
workbook, for the expected figure as it could have been printed. An output after the check may show the
figure: that is the worked answer. The author's `course sweep --leaks` and the notebook harness use it.

What is searched: stream output (print), and the text/plain, text/html (tags removed) and text/markdown
of every execute_result and display_data. Not markdown cells (written once for every learner, so they
hold no store's figure), not images, not widget state, and not the "In words:" sentence after a chart
(course.charts): it names no figure, only the chart's own title, axis and category labels, which the chart
(an image) shows too.

When a number in an output is a leak of an exercise's expected value E:
- Numbers are read with a number boundary: no digit, letter or "." just before and no digit or letter
  just after, so 12.5 never matches inside 112.53 or 12.53, and codes such as PR01 or 4pm are not
  numbers. Thousands separators are allowed (1,156.17 is 1156.17). Dates (2025-03-01) and times (09:30)
  are removed first, and so are dates written out ("18 Mar 2025"). The results cell
  (`course.results()`) is not searched: it comes after every check (its statuses, and the numbers the learner
  handed in, for the tutor's integrity checks). The sign is ignored (a fall of
  41.97% shows the answer -41.97).
- A number printed with k decimals matches when it is E rounded to k decimals, allowing for either
  rounding of a tie: |number - |E|| <= 0.5 x 10^-k. So 0, 1, 2 decimals, pandas' 6, £ to the penny and
  the percentage all match, with or without thousands separators.
- For a percentage exercise (unit "%"), the fraction is searched too (60.52% as 0.605 or 0.6052), but
  only with 3 or more decimals: 0.61 appears in too many outputs to mean anything.
- Short numbers are everywhere: table indexes, weeks, days, ranks, other measures. So a number with
  fewer than 3 significant digits (12, 9.8, 5.5, 23) or a whole number with fewer than 4 (225, 12) is a
  leak only when a word of the exercise's title is within 40 characters of it on the same line: "of
  which 12 are still open" next to "complaints", "Median time to resolve ...: 23 hours". In a table row
  (a line of columns set apart by 2 spaces or more; an HTML table's row is one such line) only a figure
  with 4 significant digits or more, shown closely enough for the check to accept it, counts (a
  product's price of 582.5 is not a card ATV of £582.48): across 77 exercises and 4
  learners, a 3-digit figure in some row matches some answer by chance (22.2 in a segment table, 76.2 in
  a channel table, a month's 1.1 beside a note about complaints), and a row's words say nothing about
  whether its figure is the answer. So a table that shows an answer to 1 decimal place is not caught:
  keep answers out of tables before their exercise. A short number starting a line is a row index or a
  list number, not a figure; a figure's own unit rules out another kind of answer (98.8% is no
  count of units, £12.50 no percentage, 12 days neither, and nor is a count of things: 47 shifts, 47 of
  142 shifts, 1 in 14 visitors). 5.4 is never read as 5, and the ends of a range
  ("1–7 scale") are not figures. (A title word is 5 letters or more, compared by its first 5, so
  "resolve" finds "resolution"; words such as "store", "period", "score", "customer", "during" or
  "within", common to many titles, are left out.) Longer numbers (12.46, £99.77, 3,047) match wherever
  they are. A number with one significant digit (0.5, 0.07, 100, 1,000: the numbers of formulas) never
  matches, except the answer of a count exercise.
- A title's words in brackets are its unit ("(%)", "(± percentage points)"), not its subject, and are
  not used. A short number of an exercise whose answer is negative (a fall) matches only with a minus
  sign or a word such as "fell", "down" or "lower" within 40 characters: "42% of the complaints" is not
  a fall of 41.97%. Longer numbers match whatever their sign.
- Significant digits are counted without leading or trailing zeros: 72.0 is as short as 72.
- An exercise whose answer is a count (tolerance 0, a whole number) matches whole numbers only: 4.00 in
  a table is a measure, not the count 4.
- A whole number below 10 is a leak only of a count exercise (such as `plan-staff-needed` or
  `rev-mystery-rank`), only with a word of its title within 40 characters on the same line ("4
  colleagues"), never at the start of a line (a table's row index, a list's number), and never when a
  unit follows it (9 minutes, 4%): 2 is not a leak of a complaint rate of
  2.14, and a stray 4 in a table is not a leak of anything.

Each hit is a Leak naming the exercise, the notebook, the cell index and the text around the match;
`accepted` says whether `course.check` would accept the figure as shown (within the exercise's
tolerance) - a rounded figure that would not be accepted still gives the answer away, so both count.

Label exercises (a day, a segment) and charts are not searched: they are for a reviewer's eye.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from course.charts import WORDS
from course.exercises import registry
from course.store import StoreData

TEXT_TYPES = ("text/plain", "text/html", "text/markdown")
SPECIFIC = 3        # significant digits from which a decimal is specific enough to match anywhere
SPECIFIC_WHOLE = 4  # the same for a whole number
NEAR = 40           # characters either side of a short number searched for a word of the title
SMALL = 10
TABLE_ROW = 1       # a line of columns holding this many numbers or more is a table row
TABLE_SPECIFIC = 4  # significant digits from which a figure in a table row is specific enough to match
FRACTION_DECIMALS = 3  # a percentage shown as a fraction needs at least this many decimals
CONTEXT = 50        # characters either side of a match kept in Leak.text
RESULTS_CELL = "course.results()"  # a notebook's last cell: its output is not searched

_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w]|\.\d)")
_DATE_OR_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?|\b\d{1,2}:\d{2}(?::\d{2})?\b"
                           r"|\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?: \d{4})?\b")
_UNIT = re.compile(r"\s*(?:%|(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|am|pm)\b)", re.I)
_COUNTED = re.compile(r"(?: of \d[\d,]*)? (?:shifts?|visits?|visitors?|colleagues?|customers?|members?|transactions?"
                      r"|sales|complaints?|contacts?|answers?|people|items?|units?|orders?)\b", re.I)
_TAG = re.compile(r"<[^>]*>")
_CELL_END = re.compile(r"</t[dh]\s*>", re.I)  # table cells are set apart by two spaces, as pandas prints them
_COLUMNS = re.compile(r"\S {2,}\S")
_BLOCK_END = re.compile(r"</(?:tr|p|li|div|h\d|caption)\s*>|<br\s*/?>", re.I)
_WORD = re.compile(r"[A-Za-z]{5,}")
_STEM = 5           # title words are compared by their first 5 letters
_IGNORED_STEMS = {"whole", "perio", "their", "there", "which", "after", "befor", "chang", "again", "other",
                  "store", "durin", "withi", "avera", "score", "perce", "custo"}
_PARENTHESES = re.compile(r"\([^)]*\)")
_FALL = re.compile(r"fell|fall|down|drop|lower|decreas|declin|reduc|\bcut|\bless\b|fewer", re.I)


@dataclass(frozen=True)
class Target:
    """One numeric exercise's figure for one store, and how to recognise it."""
    exercise_id: str
    notebook: str          # path under notebooks/ of the notebook that asks it
    expected: float
    tolerance: float
    percentage: bool
    count: bool            # the answer is a whole number, checked exactly
    words: frozenset[str]  # stems of title words, one of which must be near a short number
    money: bool = False    # the answer is in £


@dataclass(frozen=True)
class Leak:
    """An exercise's figure in an output before its check."""
    exercise_id: str
    notebook: str          # where it was shown (path under notebooks/)
    cell: int              # the index of the cell whose output shows it
    text: str              # the matched number with the text around it
    accepted: bool         # course.check would accept the figure as shown

    def __str__(self) -> str:
        how = "accepted as shown" if self.accepted else "rounded"
        return f"{self.exercise_id}: {self.notebook} cell {self.cell} ({how}): …{self.text}…"


def targets(data: StoreData, exercise_ids: Iterable[str] | None = None) -> list[Target]:
    """Return the figure of every numeric exercise (or of those named) for this store."""
    found = []
    for exercise_id in (registry.ids() if exercise_ids is None else exercise_ids):
        exercise = registry.get(exercise_id)
        if exercise.kind != "number" or exercise.expected is None:
            continue
        value = float(exercise.expected(data))
        if not math.isfinite(value):
            continue
        title = _PARENTHESES.sub(" ", exercise.title)  # "(%)", "(± percentage points)": units, not subjects
        words = frozenset(w.lower()[:_STEM] for w in _WORD.findall(title)) - _IGNORED_STEMS
        found.append(Target(exercise_id, registry.notebook_of(exercise_id), value, exercise.tolerance,
                            exercise.unit == "%", exercise.tolerance == 0 and value.is_integer(), words,
                            exercise.unit == "£"))
    return found


def check_cell(nb: nbformat.NotebookNode, exercise_id: str) -> int | None:
    """Return the index of the cell that checks an exercise (its `exercise:<id>` cell if none does)."""
    call = re.compile(r"course\.check\(\s*['\"]" + re.escape(exercise_id) + r"['\"]")
    tagged = None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and call.search(cell.source):
            return index
        if f"exercise:{exercise_id}" in cell.get("metadata", {}).get("tags", []):
            tagged = index
    return tagged


def scan_notebook(nb: nbformat.NotebookNode, notebook: str, found: Iterable[Target],
                  order: list[str] | None = None) -> list[Leak]:
    """Return the leaks one executed notebook shows: figures of its own exercises before their checks,
    and figures of every exercise asked in a later notebook of `order` (the workbook, in reading order;
    by default every notebook that registers an exercise, sorted as the workbook is).

    Scanning each notebook on its own gives exactly the leaks of the whole workbook, so the harness can
    scan each notebook as soon as it has run.
    """
    order = order if order is not None else sorted({t.notebook for t in found} | {notebook})
    here = order.index(notebook) if notebook in order else -1
    limits: dict[Target, int] = {}
    for target in found:
        if target.notebook == notebook:
            limit = check_cell(nb, target.exercise_id)
            limits[target] = len(nb.cells) if limit is None else limit
        elif target.notebook in order and order.index(target.notebook) > here:
            limits[target] = len(nb.cells)
    leaks: list[Leak] = []
    for index, cell in enumerate(nb.cells):
        open_targets = [t for t, limit in limits.items() if index < limit]
        if cell.cell_type != "code" or not open_targets or cell.source.strip() == RESULTS_CELL:
            continue  # the results cell lists statuses ("0 correct"), never a figure of the store
        for text in output_texts(cell):
            leaks.extend(_matches(text, open_targets, notebook, index))
    return _first_per_cell(leaks)


def scan_workbook(executed: Mapping[str, nbformat.NotebookNode], data: StoreData,
                  exercise_ids: Iterable[str] | None = None) -> list[Leak]:
    """Return every leak in one learner's executed learner edition: {path under notebooks/: notebook},
    all of the workbook (a notebook left out is simply not searched)."""
    found = targets(data, exercise_ids)
    order = sorted(set(executed) | {t.notebook for t in found})
    leaks = []
    for name in sorted(executed, key=order.index):
        leaks.extend(scan_notebook(executed[name], name, found, order))
    return leaks


def scan_folder(folder: Path, data: StoreData, notebooks: Iterable[str]) -> list[Leak]:
    """`scan_workbook` on the executed copies under `folder` (same relative paths as `notebooks`)."""
    executed = {name: nbformat.read(Path(folder) / name, as_version=4)
                for name in notebooks if (Path(folder) / name).is_file()}
    return scan_workbook(executed, data)


def output_texts(cell: nbformat.NotebookNode) -> list[str]:
    """Return the text a learner reads in a code cell's outputs (HTML with its tags removed)."""
    texts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            texts.append(_joined(output.get("text", "")))
            continue
        bundle = output.get("data", {})
        if _joined(bundle.get("text/plain", "")).startswith(WORDS):
            continue  # a chart's sentence in words: the chart's own labels (see above)
        for mime in TEXT_TYPES:
            if mime in bundle:
                text = _joined(bundle[mime])
                texts.append(_html_text(text) if mime == "text/html" else text)
    return texts


def _html_text(html: str) -> str:
    """HTML as the lines a reader sees: one line per table row, paragraph or item; tags removed."""
    text = _CELL_END.sub("  ", _BLOCK_END.sub("\n", html.replace("\n", " ")))
    return _TAG.sub(" ", text)


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _matches(text: str, found: list[Target], notebook: str, index: int) -> list[Leak]:
    text = _DATE_OR_TIME.sub(" ", text.replace("&nbsp;", " "))
    leaks = []
    for match in _NUMBER.finditer(text):
        whole, decimals = match.group(1).replace(",", ""), match.group(2) or ""
        shown = float(f"{whole}.{decimals}" if decimals else whole)
        significant = len((whole + decimals).strip("0"))
        short = significant < (SPECIFIC if decimals else SPECIFIC_WHOLE)
        slack = 0.5 * 10 ** -len(decimals) + 1e-9
        negative = match.start() > 0 and text[match.start() - 1] in "-\u2212"
        for target in found:
            value = abs(target.expected)
            signed = -shown if negative else shown
            if abs(shown - value) <= slack * (1 + 1e-9):
                accepted = abs(signed - target.expected) <= target.tolerance + 1e-9
            elif target.percentage and len(decimals) >= FRACTION_DECIMALS and abs(shown - value / 100) <= slack:
                accepted = False
            else:
                continue
            if significant < 2 and not target.count:
                continue  # 0.5, 0.07, 100, 1,000: says nothing
            small = not decimals and shown < SMALL
            if (small and not target.count) or (target.count and decimals) or (small and _measure(text, match)):
                continue
            if (small or short) and _starts_line(text, match):
                continue  # a table's row index or a list's number
            if _in_table_row(text, match) and (significant < TABLE_SPECIFIC or not accepted):
                continue
            if _range_bound(text, match) or _other_unit(text, match, target):
                continue
            if (short or small) and not _near_title_word(text, match, target):
                continue
            if short and target.expected < 0 and not negative and not _FALL.search(_around(text, match, NEAR)):
                continue  # 42% of the complaints is not a fall of 42%
            start, end = max(match.start() - CONTEXT, 0), match.end() + CONTEXT
            context = " ".join(text[start:end].split())
            leaks.append(Leak(target.exercise_id, notebook, index, context, accepted))
    return leaks


def _measure(text: str, match: re.Match[str]) -> bool:
    """True when a number is followed by a unit (9 minutes, 4%): a measure, not a count of things."""
    return _UNIT.match(text, match.end()) is not None


def _around(text: str, match: re.Match[str], near: int) -> str:
    return text[max(match.start() - near, 0):match.end() + near]


def _starts_line(text: str, match: re.Match[str]) -> bool:
    return text[:match.start()].rsplit("\n", 1)[-1].strip() == ""


def _other_unit(text: str, match: re.Match[str], target: Target) -> bool:
    """True when the number's own unit says it is another kind of figure: 98.8% is no count of units,
    £582.50 no percentage."""
    percent = re.match(r"\s?%", text[match.end():match.end() + 2]) is not None
    pounds = text[max(match.start() - 1, 0):match.start()] == "£"
    time = not percent and _measure(text, match)  # 12 days, 3 hours: no percentage or sum of money
    counted = _COUNTED.match(text, match.end()) is not None  # 47 shifts, 47 of 142 shifts: a count of things
    return (percent and not target.percentage) or (pounds and not target.money) or \
        ((time or counted) and (target.percentage or target.money))


def _range_bound(text: str, match: re.Match[str]) -> bool:
    """True for either end of a range such as 1–7 or 0-10 (a scale, not a figure)."""
    after, before = text[match.end():match.end() + 2], text[max(match.start() - 2, 0):match.start()]
    return bool(re.fullmatch(r"[–-]\d", after) or re.fullmatch(r"\d[–-]", before))


def _line(text: str, match: re.Match[str]) -> str:
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    return text[start:len(text) if end < 0 else end]


def _in_table_row(text: str, match: re.Match[str]) -> bool:
    """True when a number sits in a table row: a line of columns set apart by two spaces or more (as pandas
    prints a table, and as an HTML table's row reads here) holding TABLE_ROW number or more."""
    line = _line(text, match)
    return len(_NUMBER.findall(line)) >= TABLE_ROW and _COLUMNS.search(line) is not None


def _near_title_word(text: str, match: re.Match[str], target: Target) -> bool:
    """True when a word of the exercise's title is within NEAR characters, on the number's own line
    (a table's other rows are other figures)."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line_end = len(text) if line_end < 0 else line_end
    around = text[max(match.start() - NEAR, line_start):min(match.end() + NEAR, line_end)].lower()
    return any(word in around for word in target.words)


def _first_per_cell(leaks: list[Leak]) -> list[Leak]:
    """One leak per (exercise, notebook, cell): the first accepted one, else the first."""
    best: dict[tuple[str, str, int], Leak] = {}
    for leak in leaks:
        key = (leak.exercise_id, leak.notebook, leak.cell)
        if key not in best or (leak.accepted and not best[key].accepted):
            best[key] = leak
    return list(best.values())
