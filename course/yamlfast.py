"""Reading the kit's own YAML files fast: PyYAML's C parser (libyaml) where PyYAML has it, else its Python one.

The files the package ships (the syllabus items and map, the comment starters, the product catalogue, the sealed
quiz banks and scenarios) are read in learners' kernels and by every tutor's process. PyYAML's ``CSafeLoader`` is
its ``SafeLoader`` with the scanner, parser and composer written in C: the same resolvers and constructors, so the
same data, several times faster (``tests/test_yamlfast.py`` compares the two on every shipped file). PyYAML's wheels
for Linux, macOS and Windows include libyaml; a PyYAML built from source without it has no ``CSafeLoader``, and
then the Python ``SafeLoader`` reads the same files, only more slowly.

Files a person writes and the kit must read strictly (question bank and scenario sources) keep
``course.quiz.yamlio.BankLoader``: its alias check and its error messages need the Python composer.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

__all__ = ["c_parser", "load_packaged", "safe_load", "safe_loader"]


def safe_loader() -> type[yaml.SafeLoader]:
    """Return PyYAML's C SafeLoader when PyYAML was built with libyaml, else its Python SafeLoader."""
    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def c_parser() -> bool:
    """Return True when ``safe_loader()`` is the C one (libyaml)."""
    return safe_loader() is not yaml.SafeLoader


def safe_load(text: str) -> Any:
    """Return the data in YAML ``text``, as ``yaml.safe_load`` would, on the C parser when there is one."""
    return yaml.load(text, Loader=safe_loader())  # noqa: S506 - a SafeLoader: yaml.safe_load's own, or its C twin


def load_packaged(package: str, name: str) -> Any:
    """Return the data in the YAML file ``name`` shipped in ``package`` (e.g. "course.syllabus", "items.yaml")."""
    return safe_load(resources.files(package).joinpath(name).read_text(encoding="utf-8"))
