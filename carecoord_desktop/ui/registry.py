"""Registries name their widgets as "module:Class" text, so nothing is imported until it is first shown."""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import TypeVar

T = TypeVar("T")


@cache
def _resolve(ref: str) -> object:
    module, _, name = ref.partition(":")
    return getattr(import_module(module), name)


def load_class(ref: str, base: type[T]) -> type[T]:
    """The class `ref` names ("carecoord_desktop.ui.home:HomePage"), checked to be a kind of `base`."""
    found = _resolve(ref)
    if not (isinstance(found, type) and issubclass(found, base)):
        raise TypeError(f"{ref} is not a {base.__name__} class")
    return found
