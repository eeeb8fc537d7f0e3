"""Choices the fake makes where AWS's behaviour is undocumented, declared beside the code that uses them.

A family (or a core mechanism) declares each choice with :func:`choice`, each default duration with
:func:`duration`, and each choice that has no switch with :func:`note`; code reads ``CHOICE.value`` at
call time. docs/behaviour.md is generated from these declarations (``python -m bedrock_fake._behaviour_doc``)
and a test fails when it drifts, so a new family documents its choices without editing a central file.
``bedrock_fake._behaviour`` gives every choice by its constant name (tests change one with
``monkeypatch.setattr(bedrock_fake._behaviour, NAME, value)``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(eq=False)
class Choice(Generic[T]):
    """One choice: its constant name, its value, what it decides and the reference section it answers."""

    name: str
    value: T
    decides: str
    section: str
    ref: str = ""
    shown: str = ""  # how the docs show the value; by default the value itself


@dataclass(eq=False)
class Duration:
    """A default duration (``fake.set_duration(name, seconds)`` overrides it)."""

    name: str
    seconds: float
    times: str  # what it times, e.g. "InProgress -> Completed"
    ref: str = ""


@dataclass(eq=False)
class Section:
    """A group of choices in the docs: one family or one core mechanism."""

    title: str
    choices: list[Choice[Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


#: constant name -> choice
CHOICES: dict[str, Choice[Any]] = {}
#: duration name -> default
DURATIONS: dict[str, Duration] = {}
#: section title -> section, in declaration order
SECTIONS: dict[str, Section] = {}
#: called with every choice declared (``_behaviour`` makes each an attribute of its own)
_LISTENERS: list[Callable[[Choice[Any]], None]] = []


def on_choice(listener: Callable[[Choice[Any]], None]) -> None:
    """Call ``listener`` with every choice declared so far and every one declared later."""
    _LISTENERS.append(listener)
    for declared in CHOICES.values():
        listener(declared)


def _section(title: str) -> Section:
    found = SECTIONS.get(title)
    if found is None:
        found = SECTIONS[title] = Section(title)
    return found


def choice(name: str, value: T, decides: str, *, section: str, ref: str = "", shown: str = "") -> Choice[T]:
    """Declare a choice (its ``name`` is also its attribute of ``bedrock_fake._behaviour``)."""
    if name in CHOICES:
        raise ValueError(f"choice {name} is declared twice")
    declared = Choice(name, value, decides, section, ref, shown)
    CHOICES[name] = declared
    _section(section).choices.append(declared)
    for listener in _LISTENERS:
        listener(declared)
    return declared


def duration(name: str, seconds: float, times: str, *, ref: str = "") -> Duration:
    """Declare a default duration (a resource kind's main phase, or a named phase such as ``stop``)."""
    if name in DURATIONS:
        raise ValueError(f"duration {name} is declared twice")
    declared = DURATIONS[name] = Duration(name, float(seconds), times, ref)
    return declared


def note(section: str, text: str) -> None:
    """Declare a choice that has no switch (it follows from the model or the reference)."""
    _section(section).notes.append(text)


def default_durations() -> dict[str, float]:
    """Every declared duration's default, by name."""
    return {name: d.seconds for name, d in DURATIONS.items()}
