"""Modules that load on first use, so that importing a facade does not import what it calls.

A facade names the generated operations it calls at the top of its module; importing each one
builds its models and the generated client. ``lazy("pkg.api.tag", "op")`` stands in for
``from pkg.api.tag import op`` until an attribute (``op.asyncio``) is first read. The real import
then happens, under Python's import lock, and any error it raises (a missing module) surfaces there,
unchanged. Facades pair it with a ``TYPE_CHECKING`` import so that type checkers see the real module.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any


class LazyModule(ModuleType):
    """A module's stand-in that imports it when an attribute is first read, then keeps each one."""

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):  # copy, pickle and inspect probe dunders: not a use
            raise AttributeError(attribute)
        value = getattr(importlib.import_module(self.__name__), attribute)
        self.__dict__[attribute] = value  # the next read is a plain attribute lookup
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self.__name__!r}>"


class LazyAttribute:
    """Stands for ``module.name`` (an object, e.g. a ``ContextVar``) until one of its attributes is read.

    Then the module is imported and each attribute read is kept, so ``stand_in.get`` costs one
    instance-dict lookup: for hot paths where an import inside the function would cost a microsecond.
    """

    def __init__(self, module: str, name: str) -> None:
        self.__dict__["_lazy_target"] = (module, name)

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        module, name = self.__dict__["_lazy_target"]
        value = getattr(getattr(importlib.import_module(module), name), attribute)
        self.__dict__[attribute] = value
        return value

    def __repr__(self) -> str:
        module, name = self.__dict__["_lazy_target"]
        return f"<lazy {module}.{name}>"


def lazy(package: str, *names: str) -> Any:
    """Stand-ins for the modules ``package.<name>``: one for a single name, else a tuple."""
    if not names:
        return LazyModule(package)
    modules = tuple(LazyModule(f"{package}.{name}") for name in names)
    return modules[0] if len(modules) == 1 else modules


def exports(module: str, where: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` (PEP 562) serving ``where``'s names on first use.

    ``where`` maps each lazily exported name to the module that defines it (``module`` itself for
    one of its submodules); the name is then kept
    in the package's globals. A service package exports its ``Async...`` clients this way, so that
    a sync user never imports ``asyncio`` or aiohttp; type checkers see a ``TYPE_CHECKING`` import.
    """
    namespace = sys.modules[module].__dict__

    def __getattr__(name: str) -> Any:
        source = where.get(name)
        if source is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        if source == module:  # a submodule of the package itself
            value: Any = importlib.import_module(f"{module}.{name}")
        else:
            value = getattr(importlib.import_module(source), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *where})

    return __getattr__, __dir__
