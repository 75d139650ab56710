"""Tutor verbs, one module each with a keyword-only `main(*, ...)` returning an exit status."""
