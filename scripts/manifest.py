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


def tree_summary(root: Path) -> tuple[str | None, dict[str, str]]:
    """:func:`tree_hash` and :func:`tree_files` together, reading each file once."""
    if not root.is_dir():
        return None, {}
    digest, files = hashlib.sha256(), {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        name, file_digest = path.relative_to(root).as_posix(), hashlib.sha256(path.read_bytes())
        digest.update(name.encode() + b"\0")
        digest.update(file_digest.digest())
        files[name] = file_digest.hexdigest()[:16]
    return digest.hexdigest(), files


def tree_hash(root: Path) -> str | None:
    """One hash over every file's relative path and bytes; ``None`` when the folder is missing."""
    return tree_summary(root)[0]


def tree_files(root: Path) -> dict[str, str]:
    """Each file's relative path and a short hash of its bytes, to name what a hand edit touched."""
    return tree_summary(root)[1]


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
    # Every file the pipeline wrote, so a hand edit or an added file can be named before it is lost.
    files: dict[str, str] | None = attrs.field(default=None, eq=False)
    # The summary's counts, so that a run with nothing to do reads no generated module.
    operations: int | None = attrs.field(default=None, eq=False)
    models: int | None = attrs.field(default=None, eq=False)

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.define
class Manifest:
    tools: dict[str, str]
    services: dict[str, Fingerprint]
    # sync twins of the facades: folder (relative to extensions/) -> file -> hash
    twins: dict[str, dict[str, str]] = attrs.field(factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            services = {name: Fingerprint(**fp) for name, fp in data["services"].items()}
            twins = {str(k): dict(v) for k, v in (data.get("twins") or {}).items()}
            return cls(dict(data["tools"]), services, twins)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls({}, {})

    def save(self, path: Path) -> None:
        data: dict[str, Any] = {
            "tools": dict(sorted(self.tools.items())),
            "services": {name: self.services[name].as_dict() for name in sorted(self.services)},
        }
        if self.twins:
            data["twins"] = {key: dict(sorted(self.twins[key].items())) for key in sorted(self.twins)}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
