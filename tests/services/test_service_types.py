"""Services hand the UI domain, pydantic and plain dataclass types: never SQLAlchemy rows or storage classes."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import types
import typing
from typing import Any

import carecoord_desktop.services as services_package

FORBIDDEN_MODULES = ("sqlalchemy", "carecoord_desktop.storage")
# Older services that still hand out storage dataclasses (frozen, no connection attached). Listed so the test
# holds the line for everything else; their owners move these types to domain/ and take them off the list.
KNOWN_STORAGE_RETURNS = {
    "carecoord_desktop.services.audit_trail.search",
    "carecoord_desktop.services.audit_trail.verify",
    "carecoord_desktop.services.auth.load_keys",
    "carecoord_desktop.services.backup.backups_in",
    "carecoord_desktop.services.backup.checked",
    "carecoord_desktop.services.backup.verify_backup_file",
    "carecoord_desktop.services.backup_unattended.verify_file",
    "carecoord_desktop.services.backup_unattended.inspect_file",
}


def _public_functions() -> list[tuple[str, Any]]:
    found = []
    for info in pkgutil.iter_modules(services_package.__path__):
        module = importlib.import_module(f"{services_package.__name__}.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(value) or value.__module__ != module.__name__:
                continue
            found.append((f"{module.__name__}.{name}", value))
    return found


def _leaf_types(hint: Any) -> list[Any]:
    args = typing.get_args(hint)
    if args:
        origin = typing.get_origin(hint)
        return [origin, *[t for arg in args for t in _leaf_types(arg)]]
    return [hint]


def _offenders(hint: Any) -> list[str]:
    bad = []
    for leaf in _leaf_types(hint):
        module = getattr(leaf, "__module__", "") or ""
        if isinstance(leaf, type | types.GenericAlias) and module.startswith(FORBIDDEN_MODULES):
            bad.append(f"{module}.{getattr(leaf, '__qualname__', leaf)}")
    return bad


def _return_type(function: Any) -> Any:
    """The return annotation, resolved; names imported only for type checking resolve to the module they
    name (a `TYPE_CHECKING` import of a storage class is still a storage class)."""
    annotation = function.__annotations__.get("return", "None")
    if not isinstance(annotation, str):
        return annotation
    module = importlib.import_module(function.__module__)
    namespace = dict(vars(module))
    while True:
        try:
            return eval(annotation, namespace)  # noqa: S307 - our own annotations
        except NameError as missing:
            namespace[missing.name] = _type_checking_import(module, missing.name)


def _type_checking_import(module: types.ModuleType, name: str) -> Any:
    source = inspect.getsource(module)
    for line in source.splitlines():
        words = line.replace(",", " ").split()
        if words[:1] == ["from"] and "import" in words and name in words:
            return getattr(importlib.import_module(words[1]), name)
    raise AssertionError(f"{module.__name__}: cannot resolve {name}")


def test_service_functions_return_no_storage_or_sqlalchemy_types() -> None:
    functions = _public_functions()
    assert len(functions) > 50
    problems = {}
    for name, function in functions:
        returned = _return_type(function)
        if _offenders(returned) and name not in KNOWN_STORAGE_RETURNS:
            problems[name] = _offenders(returned)
    assert problems == {}
    assert {name for name, _ in functions} >= KNOWN_STORAGE_RETURNS  # the list shrinks as they are fixed


def test_the_check_sees_a_storage_type() -> None:
    from carecoord_desktop.storage.due_items_repo import DueItemRow

    assert _offenders(list[DueItemRow]) and _offenders(DueItemRow | None)
