"""The README's promise, tested as a new user meets it: a fresh clone, Python and make, two commands.

The clone is made from the committed ``HEAD`` (uncommitted changes are not part of it), with a PATH
on which no Redis or Valkey server exists, so the Redis tests can only pass on the server the
project installs itself. Inside the clone this test is deselected, not skipped, so it never recurses.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVERS = ("redis-server", "valkey-server")
pytestmark = pytest.mark.fresh_clone


def _path_without_servers(scratch: Path) -> str:
    """PATH with every folder that holds a server replaced by a copy of it made of links, minus the server."""
    folders: list[str] = []
    for index, folder in enumerate(os.environ.get("PATH", "").split(os.pathsep)):
        entry = Path(folder)
        if folder and entry.is_dir() and any((entry / name).exists() for name in SERVERS):
            shadow = scratch / f"bin{index}"
            shadow.mkdir(parents=True)
            for item in entry.iterdir():
                if item.name not in SERVERS:
                    (shadow / item.name).symlink_to(item)
            folders.append(str(shadow))
        elif folder:
            folders.append(folder)
    return os.pathsep.join(folders)


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=2400, check=False
    )


def test_make_generate_and_make_test_pass_in_a_fresh_clone(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=300)
    # the README's commands, exactly: make finds python3 on PATH; nothing of this run's venv or make
    inherited = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    env = {k: v for k, v in os.environ.items() if k not in inherited}
    env["PATH"] = _path_without_servers(tmp_path / "path")
    for name in SERVERS:
        assert shutil.which(name, path=env["PATH"]) is None

    generate = _run(["make", "generate"], clone, env)
    assert generate.returncode == 0, generate.stdout[-3000:] + generate.stderr[-3000:]
    # a fresh clone's generated/ and twins are what the specs and sources produce: nothing to do
    assert re.search(r"^\d+ service\(s\) and \d+ sync twin\(s\): \d+ unchanged in ", generate.stdout, re.M)

    junit = tmp_path / "junit.xml"
    args = f"PYTEST_ARGS=-m 'not fresh_clone' -p no:cacheprovider --junitxml={junit}"
    test = _run(["make", "test", args], clone, env)
    assert test.returncode == 0, test.stdout[-5000:] + test.stderr[-3000:]

    cases = ET.parse(junit).getroot().iter("testcase")
    redis_cases = [c for c in cases if c.get("classname", "").startswith("tests.cache.test_redis")]
    assert len(redis_cases) >= 3
    for case in redis_cases:
        assert case.find("skipped") is None and case.find("failure") is None and case.find("error") is None
