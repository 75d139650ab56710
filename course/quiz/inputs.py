"""One ipywidgets answer input per question type, holding only what the learner may see.

Each input has ``.widget`` (what is displayed), ``.get_response()`` and ``.set_response(value)``.
Widget models carry option texts and the learner's own choices, never an answer or a hash.
Response shapes: single str; multiple list[str]; numeric float; text str; ordering list of items
by position (None = empty); matching dict term -> definition (None = empty).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, LabelStyle, TextStyle


def _wide() -> DescriptionStyle:
    return DescriptionStyle(description_width="initial")


@dataclass(frozen=True)
class Look:
    """Layout and style models shared by all widgets of one quiz.

    Sharing them keeps the widget state a notebook saves small (otherwise every widget brings
    its own layout and style model, about half of a saved quiz).
    """

    auto: w.Layout = field(default_factory=lambda: w.Layout(width="auto"))
    plain: w.Layout = field(default_factory=w.Layout)
    spaced: w.Layout = field(default_factory=lambda: w.Layout(margin="0 0 1.5em 0"))
    wide: DescriptionStyle = field(default_factory=_wide)
    text: TextStyle = field(default_factory=lambda: TextStyle(description_width="initial"))
    checkbox: CheckboxStyle = field(default_factory=CheckboxStyle)
    html: HTMLStyle = field(default_factory=HTMLStyle)
    label: LabelStyle = field(default_factory=LabelStyle)
    button: w.ButtonStyle = field(default_factory=w.ButtonStyle)


class ChoiceInput:
    """Single choice: radio buttons, nothing selected at first."""

    def __init__(self, question: Any, look: Look) -> None:
        self.widget = w.RadioButtons(options=[o.text for o in question.options], value=None,
                                     description="Your answer:", style=look.wide,
                                     layout=look.auto)

    def get_response(self) -> str | None:
        return self.widget.value

    def set_response(self, value: str | None) -> None:
        self.widget.value = value


class MultiInput:
    """Multiple choice: one checkbox per option."""

    def __init__(self, question: Any, look: Look) -> None:
        self.boxes = [w.Checkbox(value=False, description=o.text, indent=False,
                                 layout=look.auto, style=look.checkbox)
                      for o in question.options]
        self.widget = w.VBox(self.boxes, layout=look.plain)

    def get_response(self) -> list[str]:
        return [box.description for box in self.boxes if box.value]

    def set_response(self, value: list[str] | str) -> None:
        chosen = {value} if isinstance(value, str) else set(value)
        unknown = chosen - {box.description for box in self.boxes}
        if unknown:
            raise ValueError(f"not among the options: {', '.join(sorted(unknown))}")
        for box in self.boxes:
            box.value = box.description in chosen


class NumberInput:
    """Numeric: a text box for a number (so an empty box means "not answered yet", not 0), unit beside it.

    Like every text box here it sends its value as the learner leaves it (Tab, a click elsewhere) or presses
    Enter, not at each keystroke, and ``typed`` names it so that Check waits for it (course.keyboard).
    """

    def __init__(self, question: Any, look: Look) -> None:
        self.box = w.Text(value="", description="Your answer:", placeholder="Type a number, e.g. 45.5",
                          continuous_update=False, style=look.text, layout=look.plain)
        self.typed = self.box
        unit = [w.Label(value=question.unit, style=look.label, layout=look.plain)]
        self.widget = w.HBox([self.box, *unit] if question.unit else [self.box],
                             layout=look.plain)

    def get_response(self) -> str:
        return self.box.value.strip()

    def set_response(self, value: Any) -> None:
        self.box.value = "" if value is None else str(value)


class TextInput:
    """Short text answer."""

    def __init__(self, question: Any, look: Look) -> None:
        self.widget = w.Text(value="", description="Your answer:", placeholder="Type your answer",
                             continuous_update=False, style=look.text, layout=look.plain)
        self.typed = self.widget  # Check waits until the kernel has what the box shows (course.keyboard)

    def get_response(self) -> str:
        return self.widget.value

    def set_response(self, value: str) -> None:
        self.widget.value = str(value)


class DropdownsInput:
    """Ordering (one dropdown per position) or matching (one dropdown per term)."""

    def __init__(self, question: Any, look: Look) -> None:
        if question.type == "ordering":
            labels, choices = [f"Position {n}:" for n in range(1, len(question.items) + 1)], \
                question.items
        else:
            labels, choices = [f"{term}:" for term in question.terms], question.definitions
        self.keys = list(question.terms) if question.type == "matching" else None
        self.dropdowns = [w.Dropdown(options=list(choices), value=None, description=label,
                                     style=look.wide, layout=look.auto)
                          for label in labels]
        self.widget = w.VBox(self.dropdowns, layout=look.plain)

    def get_response(self) -> list[str | None] | dict[str, str | None]:
        values = [dropdown.value for dropdown in self.dropdowns]
        return values if self.keys is None else dict(zip(self.keys, values))

    def set_response(self, value: Any) -> None:
        values = [value.get(k) for k in self.keys] if self.keys is not None else list(value)
        if len(values) != len(self.dropdowns):
            raise ValueError(f"give {len(self.dropdowns)} values, one per dropdown")
        for dropdown, item in zip(self.dropdowns, values):
            dropdown.value = item


def make_input(question: Any, look: Look) -> Any:
    """Return the answer input suited to ``question.type``, drawn with the shared ``look``."""
    kinds = {"single": ChoiceInput, "multiple": MultiInput, "numeric": NumberInput,
             "text": TextInput, "ordering": DropdownsInput, "matching": DropdownsInput}
    return kinds[question.type](question, look)
