"""The one error an import raises: a problem with a file the learner gave, naming where it is and the fix."""

from __future__ import annotations


class ImportProblem(ValueError):
    """Bad input to `course import`. The message names the file, the line and column (when known) and the fix."""

    def __init__(self, file: str, what: str, fix: str, *, line: int | None = None, column: str | None = None):
        where = file
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {what}; {fix}")
        self.file, self.line, self.column, self.what, self.fix = file, line, column, what, fix
