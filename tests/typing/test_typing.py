"""``mypy --strict`` over what users write against the typed models.

Checked: the README's "Typed models" section, every docs page (its blocks in order, as
``tests/test_docs.py`` runs them) and ``tests/typing/user_script.py``. No casts, no ``Unset``.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.fixtures.mypy_strict import mypy_strict

ROOT = Path(__file__).resolve().parents[2]
SECTION = re.compile(r"^## Typed models\n(.*?)^## ", re.DOTALL | re.MULTILINE)
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
USER_SCRIPT = ROOT / "tests" / "typing" / "user_script.py"


def _blocks(text: str) -> list[str]:
    return [b for b in BLOCK.findall(text) if not b.startswith("# not run")]


def _snippets(folder: Path) -> list[Path]:
    section = SECTION.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert section is not None, "README has no 'Typed models' section"
    pages = {"readme_typed_models": _blocks(section.group(1))}
    pages |= {f"docs_{p.stem}": _blocks(p.read_text(encoding="utf-8")) for p in (ROOT / "docs").glob("*.md")}
    written = []
    for name, blocks in sorted(pages.items()):
        if blocks:
            path = folder / f"{name}.py"
            path.write_text("\n\n".join(blocks), encoding="utf-8")
            written.append(path)
    return written


def test_snippets_and_user_script_type_check(tmp_path: Path) -> None:
    snippets = _snippets(tmp_path)
    assert {p.stem for p in snippets} >= {"readme_typed_models", "docs_pluginlab", "docs_pusher"}
    targets = [str(p) for p in [*snippets, USER_SCRIPT]]
    done = mypy_strict(*targets)
    assert done.returncode == 0, done.stdout + done.stderr
    for path in [*snippets, USER_SCRIPT]:
        text = path.read_text(encoding="utf-8")
        assert "Unset" not in text and "cast(" not in text, path.name


def test_mypy_rejects_what_the_old_models_allowed(tmp_path: Path) -> None:
    """The check can fail: an optional field is ``X | None``, not ``X``."""
    script = tmp_path / "wrong.py"
    script.write_text(
        "from pluginlab_auth_api.models import Member\n\n\n"
        "def name(member: Member) -> str:\n    return member.name\n",
        encoding="utf-8",
    )
    done = mypy_strict(script)
    assert done.returncode == 1 and '"str | None", expected "str"' in done.stdout, done.stdout
