"""Every choice the fake makes where AWS's behaviour is undocumented, by its constant name.

The choices are declared beside the code that makes them (``bedrock_fake._choices``); this module is
their common face: ``bedrock_fake._behaviour.DUPLICATE_JOB_NAME_CODE`` reads the value in force, and
``monkeypatch.setattr(bedrock_fake._behaviour, "DUPLICATE_JOB_NAME_CODE", "ConflictException")``
changes it for one test (the fake reads choices at call time). ``DEFAULT_DURATIONS`` maps every
duration name to its default. docs/behaviour.md is generated from the same declarations.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from ._choices import Choice, default_durations, on_choice


class _Behaviour(types.ModuleType):
    """The module object: one data attribute per declared choice, reading and writing its value."""

    def __getattr__(self, name: str) -> Any:
        # Only reached before the families that declare a choice are imported: import them, retry.
        from ._operations import load_resources

        load_resources()
        if name == "DEFAULT_DURATIONS":
            return default_durations()
        if name in vars(_Behaviour):
            return getattr(self, name)
        raise AttributeError(f"bedrock_fake._behaviour has no choice {name!r}")


def _expose(declared: Choice[Any]) -> None:
    def read(module: Any) -> Any:
        return declared.value

    def write(module: Any, value: Any) -> None:
        declared.value = value

    setattr(_Behaviour, declared.name, property(read, write, doc=declared.decides))


sys.modules[__name__].__class__ = _Behaviour
on_choice(_expose)
