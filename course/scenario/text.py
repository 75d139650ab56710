"""Placeholders in scenario texts: ``{fact}`` is replaced by the fact of that name from the context.

Only plain names are allowed ("{customer_name}"); a format spec ("{x:.2f}") is refused by the validator:
contexts format values for display themselves. A literal brace is never needed in a conversation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
TEXT_FIELDS = ("introduction", "scene", "say", "feedback", "reaction", "debrief", "name", "fix")


def placeholders(text: str | None) -> list[str]:
    """Return the placeholder names in ``text``, in order (as written, so a bad one can be reported)."""
    return PLACEHOLDER.findall(text or "")


def fill(text: str, facts: Mapping[str, object]) -> str:
    """Return ``text`` with each ``{name}`` replaced by ``str(facts[name])``; an unknown name is left as written."""
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(facts[name]) if name in facts else match.group(0)

    return PLACEHOLDER.sub(replace, text)
