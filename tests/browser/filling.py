"""What a learner who has never coded types into a skeleton cell: only the fillings of its blanks ___.

Worked out from the files, never from the page. An answer cell as handed out (`AnswerCell.handed_out`)
is the exercise's skeleton, or a faded part of it (fewer steps, a comment instead). Its filled version
is the solution edition's cell for the same exercise (solutions/exercises/<id>.py). `fillings()` diffs the
two, one logical line at a time, token by token: each line of the cell matches a line of the solution
in order, with every `___` standing for one or more of the solution's tokens, and the filling is the
solution's text there. Comments and spacing may differ (they are not tokens that count).

A faded cell leaves out steps: a blank may then stand for names that only those steps define (in
kpi-atv, `answer = ___ / ___` is `net_sales / sales`, and the cell never defines `net_sales`). Such a
name is filled with the step's own expression (`data.total("transactions", "net_value")`), in brackets
when it is not a single call, name or value, so a blank is always filled in place: the learner never
adds a line nor changes a character outside a blank. `filled_in` rebuilds the cell from its fillings,
and `only_blanks_changed` checks that a cell's text is the handed-out text with only its blanks filled.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

from course import exercises
from course.blank import NAME as BLANK
from course.notebooks import exercise_cells, read, with_solutions
from tests.browser.workbook import ROOT, check_cell

SOLUTIONS = ROOT / "solutions" / "exercises"
_SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENDMARKER, tokenize.ENCODING}
_ATOMIC = (ast.Name, ast.Call, ast.Attribute, ast.Subscript, ast.Constant)


class CannotFill(ValueError):
    """A skeleton cell cannot be completed by filling its blanks alone (a product bug to report)."""


@dataclass(frozen=True)
class Blank:
    line: int     # 0-based line of the cell
    column: int   # 0-based column of its ___ in the cell as handed out
    filling: str  # what the learner types in its place


@dataclass(frozen=True)
class AnswerCell:
    exercise_id: str
    index: int        # the answer cell (tagged exercise:<id>)
    check_index: int  # its check cell, course.check("<id>", answer)
    handed_out: str   # the cell's text in the learner's copy
    blanks: tuple[Blank, ...]

    @property
    def filled(self) -> str:
        return filled_in(self.handed_out, [b.filling for b in self.blanks])


def answer_cells(notebook: Path) -> list[AnswerCell]:
    """Return every required exercise's answer cell of a learner's copy of a notebook, with its fillings.

    The solution edition of the same copy gives each cell's filled version. Raise CannotFill when a
    cell has no blank or cannot be completed by filling its blanks.
    """
    learner = read(notebook)
    solved = with_solutions(learner, notebook, SOLUTIONS)
    found = []
    for cell in exercise_cells(notebook, learner):
        if getattr(exercises.get(cell.exercise_id), "stretch", False):
            continue  # not required: a stretch exercise is for those who want to code
        if BLANK not in cell.source:
            raise CannotFill(f"{notebook.name}: exercise {cell.exercise_id} (cell {cell.index}) has no blank ___ "
                             f"to fill: {cell.source!r}")
        texts = fillings(cell.source, solved.cells[cell.index].source, cell.exercise_id)
        found.append(AnswerCell(cell.exercise_id, cell.index, check_cell(learner, cell, notebook), cell.source,
                                tuple(Blank(line, column, text) for (line, column), text
                                      in zip(blank_places(cell.source), texts, strict=True))))
    return found


def blank_places(source: str) -> list[tuple[int, int]]:
    """Return the (line, column) of each blank ___ in the code of `source`, 0-based, in reading order."""
    return [(tok.start[0] - 1, tok.start[1]) for tok in _tokens(source) if _is_blank(tok)]


def fillings(cell: str, solution: str, label: str = "cell") -> list[str]:
    """Return what fills each blank of `cell` (in reading order) so that its code is the solution's."""
    cell_lines, solution_lines = _logical_lines(cell), _logical_lines(solution)
    spans: list[tuple[tokenize.TokenInfo, tokenize.TokenInfo]] = []
    used: set[int] = set()
    start = 0
    for line in cell_lines:
        for at in range(start, len(solution_lines)):
            matched = _match(line, solution_lines[at])
            if matched is not None:
                spans += matched
                used.add(at)
                start = at + 1
                break
        else:
            shown = " ".join(tok.string for tok in line)
            raise CannotFill(f"{label}: no line of the solution, after the ones already matched, is `{shown}` "
                             "with its blanks filled")
    defined_in_cell = {name for line in cell_lines for name in _assigned(line)}
    hidden = _hidden_steps([line for at, line in enumerate(solution_lines) if at not in used], solution, label)
    out = []
    for first, last in spans:
        text = _segment(solution, first, last)
        if "\n" in text:
            raise CannotFill(f"{label}: a blank stands for more than one line of the solution: {text!r}")
        out.append(_inline(text, {k: v for k, v in hidden.items() if k not in defined_in_cell}, label))
    return out


def filled_in(handed_out: str, texts: list[str]) -> str:
    """Return `handed_out` with its blanks (in reading order) replaced by `texts`, nothing else changed."""
    places = blank_places(handed_out)
    if len(places) != len(texts):
        raise ValueError(f"{len(places)} blanks but {len(texts)} fillings")
    lines = handed_out.split("\n")
    for (line, column), text in sorted(zip(places, texts, strict=True), reverse=True):
        code = lines[line]
        assert code[column:column + len(BLANK)] == BLANK, (line, column, code)
        lines[line] = code[:column] + text + code[column + len(BLANK):]
    return "\n".join(lines)


def only_blanks_changed(handed_out: str, now: str) -> list[str] | None:
    """Return the texts that took the place of the blanks if `now` is `handed_out` with only its blanks
    (not the ___ in comments) filled, each on one line and none left blank; otherwise None."""
    places = set(blank_places(handed_out))
    pattern, column_lines = [], handed_out.split("\n")
    for line, code in enumerate(column_lines):
        pieces, last = [], 0
        for column in sorted(c for ln, c in places if ln == line):
            pieces += [re.escape(code[last:column]), r"([^\n]+?)"]
            last = column + len(BLANK)
        pieces.append(re.escape(code[last:]))
        pattern.append("".join(pieces))
    found = re.fullmatch("\n".join(pattern), now)
    if found is None or any(BLANK in text for text in found.groups()):
        return None
    return list(found.groups())


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(source).readline))


def _is_blank(tok: tokenize.TokenInfo) -> bool:
    return tok.type == tokenize.NAME and tok.string == BLANK


def _logical_lines(source: str) -> list[list[tokenize.TokenInfo]]:
    """Split `source` into its statements' tokens (comments, blank lines and indentation left out)."""
    lines: list[list[tokenize.TokenInfo]] = [[]]
    for tok in _tokens(source):
        if tok.type == tokenize.NEWLINE:
            lines.append([])
        elif tok.type not in _SKIPPED:
            lines[-1].append(tok)
    return [line for line in lines if line]


def _same(a: tokenize.TokenInfo, b: tokenize.TokenInfo) -> bool:
    return a.type == b.type and a.string == b.string


def _balanced(toks: list[tokenize.TokenInfo]) -> bool:
    depth = 0
    for tok in toks:
        if tok.type == tokenize.OP and tok.string in ("(", "[", "{"):
            depth += 1
        elif tok.type == tokenize.OP and tok.string in (")", "]", "}"):
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _match(pattern: list[tokenize.TokenInfo], line: list[tokenize.TokenInfo],
           ) -> list[tuple[tokenize.TokenInfo, tokenize.TokenInfo]] | None:
    """Match a cell line (whose ___ each stand for one or more balanced tokens) against a solution line;
    return the first and last solution token of each blank's filling, or None."""
    if not pattern:
        return [] if not line else None
    head, rest = pattern[0], pattern[1:]
    if not _is_blank(head):
        if line and _same(head, line[0]):
            return _match(rest, line[1:])
        return None
    for end in range(1, len(line) - len(rest) + 1):  # the shortest filling that lets the rest match
        if _balanced(line[:end]):
            matched = _match(rest, line[end:])
            if matched is not None:
                return [(line[0], line[end - 1]), *matched]
    return None


def _segment(source: str, first: tokenize.TokenInfo, last: tokenize.TokenInfo) -> str:
    lines = source.split("\n")
    (r1, c1), (r2, c2) = first.start, last.end
    if r1 == r2:
        return lines[r1 - 1][c1:c2]
    return "\n".join([lines[r1 - 1][c1:], *lines[r1:r2 - 1], lines[r2 - 1][:c2]])


def _assigned(line: list[tokenize.TokenInfo]) -> list[str]:
    """Return the name a statement `name = ...` assigns, if it is one."""
    if len(line) > 2 and line[0].type == tokenize.NAME and line[1].string == "=":
        return [line[0].string]
    return []


def _hidden_steps(lines: list[list[tokenize.TokenInfo]], solution: str, label: str) -> dict[str, str]:
    """Return name -> expression of the solution's steps a faded cell does not show."""
    steps: dict[str, str] = {}
    for line in lines:
        text = _segment(solution, line[0], line[-1])
        try:
            statement: ast.stmt | None = ast.parse(text).body[0]
        except SyntaxError:  # a part of a compound statement (for, if, with): no blank can stand for it
            statement = None
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name)):
            raise CannotFill(f"{label}: the cell leaves out the step `{text}`, which is not `name = ...`, so no "
                             "blank can stand for it")
        expression = ast.get_source_segment(text, statement.value) or ""
        steps[statement.targets[0].id] = _inline(expression, steps, label)  # earlier steps, already inlined
    return steps


def _inline(text: str, steps: dict[str, str], label: str) -> str:
    """Return `text` (an expression) with each name only a left-out step defines replaced by that step."""
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as err:
        raise CannotFill(f"{label}: the filling {text!r} is not an expression ({err.msg})") from None
    names = sorted((node for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id in steps),
                   key=lambda node: node.col_offset, reverse=True)
    encoded = text.encode("utf-8")  # ast's columns count bytes
    for node in names:
        step = steps[node.id]
        atomic = isinstance(ast.parse(step, mode="eval").body, _ATOMIC) or text.strip() == node.id
        encoded = (encoded[:node.col_offset] + (step if atomic else f"({step})").encode("utf-8")
                   + encoded[node.end_col_offset or node.col_offset:])
    return encoded.decode("utf-8")
