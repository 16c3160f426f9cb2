"""Every Python snippet in README.md and docs/*.md runs as written.

Blocks of one page run in order in one namespace, so a page reads like a session. A block whose
first line is ``# not run`` is skipped deliberately (shell-like examples that need a live service).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(page: Path) -> list[str]:
    return [b for b in BLOCK.findall(page.read_text(encoding="utf-8")) if not b.startswith("# not run")]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_snippets_run(page: Path) -> None:
    blocks = python_blocks(page)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for index, block in enumerate(blocks):
        code = compile(block, f"{page.name}[block {index + 1}]", "exec")
        exec(code, namespace)


def test_readme_has_snippets() -> None:
    assert len(python_blocks(ROOT / "README.md")) >= 3
