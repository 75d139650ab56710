"""Bring your own data: turn a real till, order or footfall export into the workbook's store layout.

`import_files` (in `run.py`) reads the files (`read.py`), recognises their shape (`shapes.py`), derives only
the tables that can honestly be derived (`derive.py`), and writes them with store.json and import-report.md
(`report.py`, `write.py`). Every problem is an `ImportProblem` (`errors.py`) naming the file, line, column
and fix. `course import` (course/commands/import_.py) is the command; docs/importing-your-data.md the guide.
"""

from __future__ import annotations

from course.importer.errors import ImportProblem
from course.importer.run import ImportOptions, ImportResult, import_files

__all__ = ["ImportOptions", "ImportProblem", "ImportResult", "import_files"]
