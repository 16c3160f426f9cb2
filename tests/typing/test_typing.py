"""``mypy --strict`` over the README's typed-model snippet and a small user script."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECTION = re.compile(r"^## Typed models\n(.*?)^## ", re.DOTALL | re.MULTILINE)
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def test_readme_snippet_and_user_script_type_check(tmp_path: Path) -> None:
    section = SECTION.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert section is not None, "README has no 'Typed models' section"
    blocks = BLOCK.findall(section.group(1))
    assert blocks, "the 'Typed models' section shows no Python"
    snippet = tmp_path / "readme_typed_models.py"
    snippet.write_text("\n\n".join(blocks), encoding="utf-8")
    targets = [str(snippet), str(ROOT / "tests" / "typing" / "user_script.py")]
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file", str(ROOT / "pyproject.toml"), *targets],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Unset" not in (ROOT / "tests" / "typing" / "user_script.py").read_text(encoding="utf-8")
