"""Each service's optional dependencies are an extra; a missing one is named, with the pip command."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# A meta-path finder that makes the given top-level modules look uninstalled, in a fresh interpreter.
BLOCKER = """
import sys
from importlib.abc import MetaPathFinder

class Block(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

BLOCKED = set(sys.argv[1].split(","))
sys.meta_path.insert(0, Block())
try:
    exec(sys.argv[2])
except ImportError as error:
    print(type(error).__name__, "|", error, "|", getattr(error, "extra", ""))
else:
    print("imported")
"""


def _run(blocked: str, code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER, blocked, code], capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("blocked", "code", "extra"),
    [
        ("nacl", "import clientsuite.pusher", "pusher"),
        ("jwt", "import clientsuite.pluginlab", "pluginlab"),
        ("cryptography", "import clientsuite.pluginlab", "pluginlab"),
        ("jsonschema", "import clientsuite.metagov", "metagov"),
        ("authlib", "import clientsuite.lumos", "lumos"),
        ("redis", "from clientsuite.cache import RedisCache; RedisCache('redis://127.0.0.1:1')", "redis"),
        ("aiohttp", "from clientsuite.pusher import AsyncPusher; AsyncPusher('1', 'k', 's')", "async"),
    ],
)
def test_a_missing_extra_is_named_with_its_install_command(blocked: str, code: str, extra: str) -> None:
    out = _run(blocked, code)
    kind, message, named = (part.strip() for part in out.split("|"))
    assert kind == "MissingExtraError"
    assert named == extra
    assert f"pip install 'clientsuite[{extra}]'" in message
    assert blocked in message


def test_sync_clients_import_without_the_async_extra() -> None:
    code = "from clientsuite.pusher import Pusher; Pusher('1', 'k', 's').trigger  # noqa"
    assert _run("aiohttp,httpx_aiohttp", code) == "imported"


def test_the_core_install_stays_small() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {dep.split(">")[0].split("=")[0].split("[")[0] for dep in project["dependencies"]}
    assert core == {"httpx", "attrs", "python-dateutil", "httpx-retries"}
    extras = project["optional-dependencies"]
    services = {"pusher", "schematic", "pluginlab", "metagov", "lumos", "redis", "async"}
    assert services <= set(extras)
    (everything,) = extras["all"]
    assert set(everything.removeprefix("clientsuite[").removesuffix("]").split(",")) == services
    assert "clientsuite[all,generate]" in extras["dev"]
