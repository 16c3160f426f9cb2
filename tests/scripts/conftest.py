"""Temporary spec folders for pipeline tests; generation of a tiny spec takes about half a second."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from scripts.pipeline import Options, Outcome, run

SPEC = """\
openapi: 3.1.0
info: {title: Demo, version: "1.0"}
paths:
  /things:
    get:
      operationId: list_things
      tags: [things]
      parameters:
        - {name: cursor, in: query, required: false, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Thing"}}
              example: [{id: "1"}]
  /things/{thing_id}:
    get:
      operationId: get_thing
      tags: [things]
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
              example: {id: "1"}
    delete:
      operationId: delete_thing
      tags: [things]
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: gone}
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: string}
        label: {type: string}
"""


class Workspace:
    """A project-shaped folder: specs/, generated/, extensions/."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.specs = root / "specs"
        self.out = root / "generated"
        self.extensions = root / "extensions"
        for folder in (self.specs, self.out, self.extensions):
            folder.mkdir(parents=True, exist_ok=True)

    def spec(self, name: str, text: str = SPEC) -> Path:
        path = self.specs / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    def run(self, **options: object) -> list[Outcome]:
        settings: dict[str, object] = {"jobs": 1} | options
        return run(Options(self.specs, self.out, self.extensions, **settings))  # type: ignore[arg-type]

    def by_name(self, **options: object) -> dict[str, Outcome]:
        return {o.service: o for o in self.run(**options)}

    def tree(self, package: str | None = None) -> dict[str, bytes]:
        root = self.out / package if package else self.out
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts
        }


@pytest.fixture(scope="session")
def generated_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One generated ``demo`` workspace, built once and copied by each test that needs it."""
    workspace = Workspace(tmp_path_factory.mktemp("base"))
    workspace.spec("demo")
    workspace.run()
    return workspace.root


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


@pytest.fixture
def demo_workspace(tmp_path: Path, generated_demo: Path) -> Workspace:
    shutil.copytree(generated_demo, tmp_path / "ws")
    return Workspace(tmp_path / "ws")


Mutator = Callable[[str], str]
