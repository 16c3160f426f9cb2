"""A tiny generated package (``demo_api``) built by the real pipeline, shared by the runtime tests."""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from scripts.pipeline import Options, Status, run
from tests.fixtures.raw_server import raw_server

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def demo_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("demo")
    specs = root / "specs"
    specs.mkdir()
    shutil.copy(HERE / "demo_spec.yaml", specs / "demo.yaml")
    outcomes = run(Options(specs, root / "generated", root / "extensions", jobs=1))
    assert [o.status for o in outcomes] == [Status.REGENERATED], outcomes
    sys.path.insert(0, str(root / "generated"))
    try:
        yield importlib.import_module("demo_api")
    finally:
        sys.path.remove(str(root / "generated"))
        for name in [m for m in sys.modules if m == "demo_api" or m.startswith("demo_api.")]:
            del sys.modules[name]


__all__ = ["demo_api", "raw_server"]
