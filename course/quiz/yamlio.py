"""Strict YAML reading and deterministic, atomic YAML writing for question banks.

Authors write texts like ``Yes``, ``No``, ``1:30`` or ``2024-01-05`` as options; YAML 1.1 would
silently turn them into booleans, sexagesimal numbers or dates. The loader here only knows
``true``/``false``, plain decimal numbers and null, and rejects a key written twice in one mapping
(YAML would keep the last one without a word).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from course.quiz.errors import BankError
from course.yamlfast import safe_loader

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_NO_ALIASES = "aliases (*name) are not allowed in a question bank"
_REPLACED_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "timestamp")}
_OWN_RESOLVERS = (
    ("tag:yaml.org,2002:bool", _BOOL, list("tTfF")),
    ("tag:yaml.org,2002:int", _INT, list("-+0123456789")),
    ("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789.")),
)


class _UniqueKeys:
    """A loader mixin: an error for a key written twice in one mapping (YAML would keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[attr-defined]  # a loader's
            if isinstance(key, str) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None,
                    f"the key '{key}' appears twice in one mapping (first on line {seen[key]}); "
                    "keep only one", key_node.start_mark)
            if isinstance(key, str):
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]  # the loader's own


class BankLoader(_UniqueKeys, yaml.SafeLoader):
    """SafeLoader with few implicit types and an error for duplicate keys or aliases.

    Aliases (``*name``) are refused: banks never need them, and a few nested ones ("billion laughs")
    make a tiny file expand into billions of values.
    """

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            alias = self.peek_event()  # type: ignore[no-untyped-call]  # types-PyYAML leaves peek_event untyped
            raise yaml.composer.ComposerError(
                None, None, f"{_NO_ALIASES}; write the value out in full", alias.start_mark)
        return super().compose_node(parent, index)


BankLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _REPLACED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _tag, _regexp, _first in _OWN_RESOLVERS:
    BankLoader.add_implicit_resolver(_tag, _regexp, _first)


class SealedBankLoader(_UniqueKeys, safe_loader()):  # type: ignore[misc]  # C if PyYAML has it (course.yamlfast)
    """BankLoader's types and duplicate-key error on PyYAML's C parser (about 15x faster), for the sealed banks
    shipped in the package: `course seal-banks` wrote them with BankDumper, which never writes an alias, after
    BankLoader had read their sources strictly. A notebook's quiz cell loads one on every run."""


SealedBankLoader.yaml_implicit_resolvers = BankLoader.yaml_implicit_resolvers


class BankDumper(yaml.SafeDumper):
    """SafeDumper that never writes aliases and quotes anything either YAML reading could retype."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


for _tag, _regexp, _first in _OWN_RESOLVERS:
    BankDumper.add_implicit_resolver(_tag, _regexp, _first)


def parse_yaml(text: str, file: str, *, sealed: bool = False) -> Any:
    """Return the data in ``text``; raise BankError naming ``file`` and the line on bad YAML. ``sealed``: a bank
    shipped in the package, read with SealedBankLoader (the same data, faster)."""
    try:
        return yaml.load(text, Loader=SealedBankLoader if sealed else BankLoader)  # noqa: S506 - SafeLoaders
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = err.problem or "unreadable YAML"
        if "appears twice" in problem or _NO_ALIASES in problem:
            raise BankError.single(file, problem, line=line) from None
        raise BankError.single(
            file, f"the YAML could not be read ({problem}); check the indentation there, and put "
            "texts that contain ': ', ' #' or start with a quote or '*' in quotes", line=line,
        ) from None
    except yaml.YAMLError as err:
        raise BankError.single(file, f"the YAML could not be read ({err})") from None
    except RecursionError:
        raise BankError.single(file, "the YAML is nested too deeply to read (thousands of [ or { inside "
                                     "each other); a bank is a mapping of questions, a few levels deep") from None


def read_yaml(path: Path) -> Any:
    """Return the data in the YAML file ``path``; raise BankError if it is missing or unreadable."""
    file = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BankError.single(file, f"no such file ({path}); check the path") from None
    except UnicodeDecodeError as err:
        raise BankError.single(
            file, f"the file is not UTF-8 text (byte {err.start}); save it as UTF-8") from None
    except OSError as err:
        raise BankError.single(file, f"the file could not be read ({err.strerror})") from None
    return parse_yaml(text, file)


def dump_yaml(data: Any, header: str = "") -> str:
    """Return ``data`` as YAML text, the same bytes for the same data on every run."""
    body = yaml.dump(
        data, Dumper=BankDumper, sort_keys=False, allow_unicode=True,
        default_flow_style=False, width=1_000_000, indent=2,
    )
    return header + body


def write_text_atomic(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` via a temporary file and rename; return False if unchanged."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return True
