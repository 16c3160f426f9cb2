"""The cached connector-py virtualenv is reused only while it holds exactly the pinned versions."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.lumos.connector_env import STAMP, VENV, is_current, pins


def test_the_pin_is_connector_py_and_uvicorn() -> None:
    names = [pin.split("==")[0] for pin in pins()]
    assert names == ["connector-py", "uvicorn"] and all("==" in pin for pin in pins())


def test_a_changed_pin_means_a_rebuild(tmp_path: Path) -> None:
    python = tmp_path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    python.parent.mkdir(parents=True)
    python.write_text("")
    assert not is_current(tmp_path, ["connector-py==1"])  # no stamp yet
    (tmp_path / STAMP).write_text(json.dumps(["connector-py==1"]))
    assert is_current(tmp_path, ["connector-py==1"])
    assert not is_current(tmp_path, ["connector-py==2"])
    (tmp_path / STAMP).write_text("not json")
    assert not is_current(tmp_path, ["connector-py==1"])


def test_the_cache_lives_in_an_ignored_folder() -> None:
    root = VENV.parents[1]
    assert VENV.relative_to(root).parts[0] == ".cache"
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(VENV / "bin" / "python")], cwd=root, check=False
    )
    assert ignored.returncode == 0  # git says so, whatever the pattern's spelling
