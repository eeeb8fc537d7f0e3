"""The operation registry: which handler answers which Bedrock operation, and loading the families.

A handler receives a :class:`~bedrock_fake._request.Request` and returns the operation's output as
botocore would parse it, or raises :class:`~bedrock_fake.errors.ServiceError`. Families register
handlers through their :class:`~bedrock_fake._family.Family` (or :func:`operation` directly).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._request import Request

Handler = Callable[["Request"], dict[str, Any]]

#: operation name (PascalCase, as in the service model) -> handler
HANDLERS: dict[str, Handler] = {}

#: core modules that serve operations of their own (tags work on every family's resources)
_CORE_OPERATION_MODULES = ("bedrock_fake._tags",)


def operation(name: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of Bedrock operation ``name``."""

    def register(handler: Handler) -> Handler:
        if name in HANDLERS and HANDLERS[name] is not handler:
            raise ValueError(f"{name} has two handlers ({HANDLERS[name].__module__} and {handler.__module__})")
        HANDLERS[name] = handler
        return handler

    return register


_loaded = False


def load_resources() -> None:
    """Import every family module (and the core operation modules) once, so their handlers register."""
    global _loaded
    if _loaded:
        return
    from . import resources

    for module in _CORE_OPERATION_MODULES:
        importlib.import_module(module)
    for info in pkgutil.iter_modules(resources.__path__):
        if not info.name.startswith("_"):  # names starting with `_` are data modules
            importlib.import_module(f"{resources.__name__}.{info.name}")
    _loaded = True
