"""The `course` command's verbs: one module each, with a keyword-only `main(*, ...)` returning an exit status.

Each `main` parses nothing and delegates to the internals in course.tutor, course.store and course.quiz;
its keyword defaults are the only place a flag's default is written (course/cli.py reads them from
`main.__kwdefaults__`). Modules import their internals inside `main`, so building the parser stays quick.
"""
