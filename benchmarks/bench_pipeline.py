"""The regeneration pipeline against what a user would do by hand: the CLI once per spec.

Measured in one run on copies of every spec in specs/ (plus synthetic ones while there are few):
a no-op run (nothing changed), a full regeneration (--force), and openapi-python-client's CLI
called once per spec in sequence. Targets: no-op < 0.5 s; full <= 0.6x the sequential CLI.

A forced run whose output equals the files in place skips what identical files make pointless
(reading the API surfaces, swapping the packages), so the full regeneration is also measured over
changed output (a line added to every package first): the pipeline's whole work, every time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from loopback import row, summary, verdict

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
ROUNDS = 3
MIN_SPECS = 5


def synthetic_spec(name: str, size: int = 40) -> str:
    """A spec with ``size`` operations and models, shaped like a real CRUD API."""
    paths, schemas = [], []
    for n in range(size):
        paths.append(
            f"""  /{name}/r{n}/{{id}}:
    get:
      operationId: get_r{n}
      tags: [t{n % 4}]
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
        - {{name: expand, in: query, required: false, schema: {{type: boolean}}}}
      responses:
        "200":
          description: ok
          content: {{application/json: {{schema: {{$ref: "#/components/schemas/R{n}"}}}}}}"""
        )
        schemas.append(
            f"""    R{n}:
      type: object
      required: [id, created_at]
      properties:
        id: {{type: string}}
        created_at: {{type: string, format: date-time}}
        count: {{type: integer}}
        tags: {{type: array, items: {{type: string}}}}
        meta: {{type: object, additionalProperties: {{type: string}}}}"""
        )
    return (
        f"openapi: 3.1.0\ninfo: {{title: {name}, version: '1'}}\npaths:\n"
        + "\n".join(paths)
        + "\ncomponents:\n  schemas:\n"
        + "\n".join(schemas)
        + "\n"
    )


def prepare(workdir: Path) -> Path:
    specs = workdir / "specs"
    specs.mkdir()
    for spec in sorted((ROOT / "specs").iterdir()):
        shutil.copy(spec, specs / spec.name)
    existing = len([p for p in specs.iterdir() if ".config." not in p.name])
    for n in range(max(0, MIN_SPECS - existing)):
        (specs / f"synthetic{n}.yaml").write_text(synthetic_spec(f"synthetic{n}"))
    return specs


def change_output(out: Path) -> None:
    """Make every generated package differ from what its spec produces (as a hand edit would)."""
    for init in sorted(out.glob("*_api/__init__.py")):
        with init.open("a", encoding="utf-8") as module:
            module.write("# changed\n")


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, cwd=ROOT, capture_output=True)
    return time.perf_counter() - started


def main() -> list[dict[str, Any]]:
    env = dict(os.environ, PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        specs = prepare(work)
        spec_files = sorted(p for p in specs.iterdir() if ".config." not in p.name)
        pipeline = [sys.executable, "-m", "scripts.generate", "--specs", str(specs)]
        pipeline += ["--out", str(work / "gen"), "--extensions", str(work / "ext")]
        timed(pipeline, env)  # warm-up, and the state the no-op run starts from

        def cli() -> float:
            started = time.perf_counter()
            for spec in spec_files:
                out = work / "cli" / spec.stem
                command = [str(VENV_BIN / "openapi-python-client"), "generate", "--path", str(spec)]
                command += ["--meta", "none", "--output-path", str(out), "--overwrite"]
                subprocess.run(command, check=True, env=env, capture_output=True)
            return time.perf_counter() - started

        full_times, changed_times, cli_times, noop_times = [], [], [], []
        cli()
        for _ in range(ROUNDS):
            full_times.append(timed([*pipeline, "--force"], env))
            cli_times.append(cli())
            change_output(work / "gen")
            changed_times.append(timed([*pipeline, "--force"], env))
            noop_times.append(timed(pipeline, env))

    full, cli_med, noop = summary(full_times), summary(cli_times), summary(noop_times)
    changed = summary(changed_times)
    ratio, changed_ratio = full[0] / cli_med[0], changed[0] / cli_med[0]
    print(f"specs: {', '.join(p.name for p in spec_files)}")
    noop_ok = verdict(noop[0] < 0.5)
    print(f"no-op make generate      : {noop[0]:.2f} s (min-max {noop[1]:.2f}-{noop[2]:.2f})", end="")
    print(f"  target < 0.5 s  {noop_ok}")
    print(f"full regeneration        : {full[0]:.2f} s (min-max {full[1]:.2f}-{full[2]:.2f})")
    print(f"CLI once per spec        : {cli_med[0]:.2f} s (min-max {cli_med[1]:.2f}-{cli_med[2]:.2f})")
    print(f"full / sequential CLI    : {ratio:.2f}x  target <= 0.6x  {verdict(ratio <= 0.6)}")
    low, high = changed[1], changed[2]
    print(f"full, over changed output: {changed[0]:.2f} s (min-max {low:.2f}-{high:.2f})", end="")
    print(f"  {changed_ratio:.2f}x CLI  target <= 0.6x  {verdict(changed_ratio <= 0.6)}")
    return [
        row(
            "pipeline",
            f"no-op generate, {len(spec_files)} specs (s)",
            noop,
            None,
            None,
            noop[0],
            "seconds",
            "< 0.5 s",
            noop[0] < 0.5,
        ),
        row(
            "pipeline",
            f"full regeneration, {len(spec_files)} specs (s)",
            full,
            None,
            cli_med,
            ratio,
            "pipeline / CLI once per spec",
            "<= 0.6x",
            ratio <= 0.6,
        ),
        row(
            "pipeline",
            f"full regeneration over changed output, {len(spec_files)} specs (s)",
            changed,
            None,
            cli_med,
            changed_ratio,
            "pipeline / CLI once per spec",
            "<= 0.6x",
            changed_ratio <= 0.6,
        ),
    ]


if __name__ == "__main__":
    main()
