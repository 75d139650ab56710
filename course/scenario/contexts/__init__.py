"""Scenario contexts: the facts that personalise a conversation, picked from the learner's own store.

A context is a public function of a family module here, ``sales.hurried_buyer(data) -> dict``; a
scenario names it as "family.function". ``resolve`` finds it, ``facts`` runs it and checks what it
returned, and ``sample_stores`` gives the stores the validator runs every context on (one per sector).
Each family module is owned by one author: privacy (data protection), sales, complaints, people, adapting.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable

from course.store import SECTORS, StoreData

Fact = str | int | float | bool
Context = Callable[[StoreData], dict[str, Fact]]

_NAME = re.compile(r"^([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)$")
SAMPLE_LEARNERS = ("sample-a",)  # the validator's stores: these learners, in every sector


class ContextError(LookupError):
    """A scenario names a context that does not exist, or the context returned something unusable."""


def resolve(name: str) -> Context:
    """Return the context function "family.function", e.g. "sales.hurried_buyer"; raise ContextError."""
    match = _NAME.match(name) if isinstance(name, str) else None
    if match is None:
        raise ContextError(f"context {name!r} is not of the form family.function, e.g. 'privacy.other_customer'")
    family, function = match.groups()
    try:
        module = importlib.import_module(f"{__name__}.{family}")
    except ModuleNotFoundError as err:
        if err.name != f"{__name__}.{family}":
            raise
        raise ContextError(f"there is no context family {family!r} (no course/scenario/contexts/{family}.py)") from None
    found = getattr(module, function, None)
    if function.startswith("_") or not callable(found):
        raise ContextError(f"context family {family!r} has no function {function!r}")
    return found


def facts(name: str, data: StoreData) -> dict[str, Fact]:
    """Run context ``name`` on ``data`` and return its facts; raise ContextError if they are unusable."""
    found = resolve(name)(data)
    if not isinstance(found, dict):
        raise ContextError(f"context {name!r} returned {type(found).__name__}, not a dict of facts")
    for key, value in found.items():
        if not isinstance(key, str) or not re.fullmatch(r"[a-z_][a-z0-9_]*", key):
            raise ContextError(f"context {name!r} returned the key {key!r}; keys are snake_case text")
        if not isinstance(value, (str, int, float, bool)):
            raise ContextError(f"context {name!r} returned {type(value).__name__} for {key!r}; use text, a number "
                               "or True/False (format dates and money as text)")
    return dict(found)


@functools.cache
def sample_stores() -> tuple[StoreData, ...]:
    """Return the stores the validator runs contexts on: each sample learner in every sector (cached)."""
    from course.store import simulate

    return tuple(simulate(learner, sector=sector) for learner in SAMPLE_LEARNERS for sector in SECTORS)
