"""Each `course` verb's flag defaults come from its main()'s keyword defaults and are written nowhere else."""

from __future__ import annotations

import argparse
import ast
import inspect
from pathlib import Path

import pytest

from course import cli

VERBS = sorted(cli.VERBS)


def _subparser(verb: str) -> argparse.ArgumentParser:
    sub = next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices[verb]


def _keywords(verb: str) -> dict[str, inspect.Parameter]:
    main = cli.verb_main(verb)
    return {name: p for name, p in inspect.signature(main).parameters.items() if p.kind is p.KEYWORD_ONLY}


def test_every_verb_of_the_issue_is_a_command_module() -> None:
    assert sorted(["simulate", "demo", "dataset", "build", "assign", "run", "report", "syllabus",
                            "check-bank", "seal-banks", "sweep", "check-scenario",
                            "seal-scenarios", "mark", "export", "release", "import"]) == VERBS
    for verb in VERBS:
        main = cli.verb_main(verb)
        assert main.__module__.startswith("course.commands."), verb
        assert all(p.kind is p.KEYWORD_ONLY for p in inspect.signature(main).parameters.values()), verb


@pytest.mark.parametrize("verb", VERBS)
def test_each_keyword_of_main_has_a_flag_with_its_default(verb: str) -> None:
    keywords = _keywords(verb)
    actions = {a.dest: a for a in _subparser(verb)._actions if a.dest != "help"}
    assert set(actions) == set(keywords), verb
    for name, param in keywords.items():
        action = actions[name]
        if param.default is inspect.Parameter.empty:
            assert action.required or not action.option_strings, (verb, name, "has no default: must be required")
        else:
            assert not action.required, (verb, name)
            assert action.default == param.default, (verb, name, action.default, param.default)
            assert type(action.default) is type(param.default), (verb, name)


@pytest.mark.parametrize("verb", VERBS)
def test_parsing_only_the_required_flags_gives_mains_defaults(verb: str) -> None:
    keywords = _keywords(verb)
    argv = [verb]
    for name, param in keywords.items():
        if param.default is inspect.Parameter.empty:
            action = next(a for a in _subparser(verb)._actions if a.dest == name)
            value = action.choices[0] if action.choices else "x"
            argv += [action.option_strings[0], str(value)] if action.option_strings else [str(value)]
    parsed = vars(cli.build_parser().parse_args(argv))
    parsed.pop("verb")
    for name, param in keywords.items():
        if param.default is not inspect.Parameter.empty:
            assert parsed[name] == param.default, (verb, name)


def test_cli_module_writes_no_default_itself() -> None:
    """A `default=` in course/cli.py would be a second copy of a default that belongs to a verb's main()."""
    tree = ast.parse(Path(cli.__file__).read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    written = [ast.unparse(n) for n in calls if any(k.arg == "default" for k in n.keywords)]
    assert written == []
    assert not any(isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "set_defaults" for n in calls)


def test_a_default_written_in_the_cli_is_refused() -> None:
    with pytest.raises(TypeError, match="write its default once"):
        cli._flag("--timeout", type=float, default=60)


def test_a_keyword_without_a_flag_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def main(*, out: Path = Path("datasets"), extra: int = 1) -> int:
        return 0

    monkeypatch.setattr(cli, "verb_main", lambda verb: main)
    with pytest.raises(TypeError, match="do not match"):
        cli.build_parser()
