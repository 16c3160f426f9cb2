"""connector-py in its own virtualenv, built on first use and rebuilt when its pins change.

The pins live in pyproject.toml (the ``connector-oracle`` extra) and are never installed into the
project's environment: connector-py downgrades python-dateutil and adds a pytest plugin. The
virtualenv is cached under ``.cache/connector-venv`` (git-ignored) and stamped with the pins it
holds; a failure to build it fails the tests that need it, it never skips them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import venv
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".cache" / "connector-venv"
STAMP = ".clientsuite-pins.json"
SERVE = Path(__file__).resolve().parent / "oracle" / "serve.py"


def pins() -> list[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(data["project"]["optional-dependencies"]["connector-oracle"])


def _python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def is_current(folder: Path, wanted: list[str]) -> bool:
    """Whether ``folder`` is a built virtualenv stamped with exactly these pins."""
    stamp = folder / STAMP
    try:
        return json.loads(stamp.read_text()) == wanted and _python(folder).exists()
    except (OSError, ValueError):
        return False


def ensure_venv() -> Path:
    """The interpreter of a virtualenv holding exactly the pinned connector-py; builds it if needed."""
    wanted = pins()
    if is_current(VENV, wanted):
        return _python(VENV)
    building = VENV.with_name(f"{VENV.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    venv.EnvBuilder(with_pip=True).create(building)
    command = [str(_python(building)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    result = subprocess.run([*command, *wanted], capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        shutil.rmtree(building, ignore_errors=True)
        raise RuntimeError(f"installing {wanted} failed:\n{result.stderr[-4000:]}")
    (building / STAMP).write_text(json.dumps(wanted))
    shutil.rmtree(VENV, ignore_errors=True)
    building.rename(VENV)
    return _python(VENV)


def shipped_spec_path(python: Path) -> Path:
    """Where the installed connector-py keeps the OpenAPI spec it ships (``connector/spec/openapi.yaml``)."""
    code = (
        "import connector, pathlib; print(pathlib.Path(connector.__file__).parent / 'spec' / 'openapi.yaml')"
    )
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return Path(out.stdout.strip())


def installed_version(python: Path) -> str:
    code = "from importlib.metadata import version; print(version('connector-py'))"
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return out.stdout.strip()


@contextlib.contextmanager
def serve_connector(python: Path, *, prefix: str = "", env: dict[str, str] | None = None) -> Iterator[str]:
    """Run the oracle connector (connector-py's ASGI app under uvicorn) in a subprocess; yields its URL.

    Its log output goes to a file, never to a pipe nobody reads (a full pipe would stall the server).
    """
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [str(python), str(SERVE), *([prefix] if prefix else [])],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env={**os.environ, **(env or {}), "PYTHONDONTWRITEBYTECODE": "1"},
        )
        try:
            assert process.stdout is not None
            line = process.stdout.readline().strip()
            if not line.isdigit():
                process.kill()
                process.wait(10)
                log.seek(0)
                raise RuntimeError(f"the connector did not start: {line} {log.read()[-2000:]}")
            url = f"http://127.0.0.1:{line}{prefix}"
            _wait_until_listening(int(line))
            yield url
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
            if process.stdout is not None:
                process.stdout.close()


def _wait_until_listening(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.05)
    raise RuntimeError("the connector never listened")


if __name__ == "__main__":  # ``python -m tests.lumos.connector_env``: build the virtualenv now
    print(ensure_venv(), file=sys.stdout)
