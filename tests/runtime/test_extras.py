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


MASTER_KEY = "import base64; KEY = base64.b64encode(bytes(32)).decode()\n"
OAUTH = (
    "from clientsuite.lumos.oauth import OAuthClient, OAuthSettings\n"
    "OAuthClient(OAuthSettings('https://a.example/auth', 'https://a.example/token'), 'id', 'secret')"
)
# What each service imports only where the feature that needs it is first used.
OPTIONAL = "nacl,jwt,cryptography,jsonschema,authlib,redis,aiohttp,httpx_aiohttp"
SERVICES = ("pusher", "schematic", "pluginlab", "metagov", "lumos")


@pytest.mark.parametrize(
    ("blocked", "code", "extra"),
    [
        (
            "nacl",
            MASTER_KEY + "from clientsuite.pusher import Pusher\n"
            "Pusher('1', 'k', 's', encryption_master_key_base64=KEY)",
            "pusher",
        ),
        ("nacl", "from clientsuite.pusher.crypto import decrypt; decrypt('c', '{}', bytes(32))", "pusher"),
        (
            "jwt",
            "from clientsuite.pluginlab.tokens import parse_key_set; parse_key_set({'keys': []})",
            "pluginlab",
        ),
        (
            "cryptography",
            "from clientsuite.pluginlab.tokens import parse_key_set; parse_key_set({'keys': []})",
            "pluginlab",
        ),
        (
            "jsonschema",
            "from clientsuite.metagov.validation import check; check('x', {'type': 'object'}, {})",
            "metagov",
        ),
        ("authlib", OAUTH, "lumos"),
        ("redis", "from clientsuite.cache import RedisCache; RedisCache('redis://127.0.0.1:1')", "redis"),
        ("aiohttp", "from clientsuite.pusher import AsyncPusher; AsyncPusher('1', 'k', 's')", "async"),
    ],
)
def test_a_missing_extra_is_named_with_its_install_command_at_first_use(
    blocked: str, code: str, extra: str
) -> None:
    out = _run(blocked, code)
    kind, message, named = (part.strip() for part in out.split("|"))
    assert kind == "MissingExtraError"
    assert named == extra
    assert f"pip install 'clientsuite[{extra}]'" in message
    assert blocked in message


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_imports_without_its_optional_dependencies(service: str) -> None:
    """Cold imports stay cheap: optional dependencies load where their feature is first used."""
    assert _run(OPTIONAL, f"import clientsuite.{service}") == "imported"


@pytest.mark.parametrize("service", SERVICES)
def test_importing_a_service_loads_no_optional_dependency(service: str) -> None:
    code = (
        f"import sys, clientsuite.{service}\n"
        f"loaded = sorted(m for m in {OPTIONAL.split(',')!r} if m in sys.modules)\n"
        "print(loaded)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


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
