"""The manifest: what each generated package was made from, so unchanged services are skipped."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

import attrs

MANIFEST_NAME = ".manifest.json"
PIPELINE_FILES = ("build.py", "formatting.py")


def sha256_file(path: Path | None) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path else None


def tree_hash(root: Path) -> str | None:
    """One hash over every file's relative path and bytes; ``None`` when the folder is missing."""
    if not root.is_dir():
        return None
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def toolchain() -> dict[str, str]:
    """Everything besides the spec that shapes the output: generator, formatter, this pipeline."""
    here = Path(__file__).parent
    pipeline = hashlib.sha256(b"".join((here / name).read_bytes() for name in PIPELINE_FILES))
    pipeline.update((tree_hash(here / "templates") or "").encode())  # the generator's templates, ours
    return {
        "generator": version("openapi-python-client"),
        "formatter": version("ruff"),
        "validator": version("openapi-spec-validator"),
        "pipeline": pipeline.hexdigest()[:16],
    }


def toolchain_hash(tools: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(tools, sort_keys=True).encode()).hexdigest()[:16]


@attrs.frozen
class Fingerprint:
    spec: str
    config: str | None
    tree: str | None
    # The toolchain this service was last built with: a service that failed after an upgrade keeps
    # its old fingerprint, and must not pass for current beside the new tools.
    tools: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.define
class Manifest:
    tools: dict[str, str]
    services: dict[str, Fingerprint]

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            services = {name: Fingerprint(**fp) for name, fp in data["services"].items()}
            return cls(dict(data["tools"]), services)
        except (OSError, ValueError, KeyError, TypeError):
            return cls({}, {})

    def save(self, path: Path) -> None:
        data = {
            "tools": dict(sorted(self.tools.items())),
            "services": {name: self.services[name].as_dict() for name in sorted(self.services)},
        }
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
