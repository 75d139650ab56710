"""`python -m course` runs the `course` command."""

from course.cli import main

raise SystemExit(main())
