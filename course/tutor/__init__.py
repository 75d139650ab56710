"""The tutor's internals behind the `course` verbs (see course.commands): roster, assign, run, gradebook, reports.

Importing this package tells jsonschema that the optional rfc3987-syntax package is absent. jsonschema (which
nbformat imports, so papermill and nbconvert too) otherwise compiles that package's RFC 3987 IRI grammar when it
is imported: 2-5 s of CPU in every tutor process that reads or runs notebooks (the run's fork server, each Dask
worker, each report worker), for the "iri" string formats, which no notebook schema uses and the kit never checks.
Without the package jsonschema simply skips those two formats, as it does wherever it is not installed.
"""

from __future__ import annotations

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None: Python's "not importable" mark
