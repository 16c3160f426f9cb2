"""The regeneration loop a team runs in CI: reproducible reports, breaking changes, hand edits."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scripts.generate import main
from scripts.pipeline import Status
from tests.scripts.conftest import SPEC, Workspace

LONG_NAME = "get_channel_users_for_every_presence_channel_of_this_application"
WITH_LONG_OPERATION = SPEC.replace(
    "components:",
    f"""  /channels/{{channel_name}}/users:
    get:
      operationId: {LONG_NAME}
      tags: [channels]
      parameters:
        - {{name: channel_name, in: path, required: true, schema: {{type: string}}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{users: {{type: array, items: {{type: string}}}}}}}}
              example: {{users: ["1"]}}
components:""",
)
WITHOUT_LONG_OPERATION = SPEC


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def _commit_all(workspace: Workspace) -> None:
    _git(workspace.root, "add", "-A")
    _git(workspace.root, "commit", "-qm", "state")


def _args(workspace: Workspace, *extra: str) -> list[str]:
    paths = ["--specs", str(workspace.specs), "--out", str(workspace.out)]
    return [*paths, "--extensions", str(workspace.extensions), "--jobs", "1", *extra]


@pytest.fixture
def repo(workspace: Workspace) -> Workspace:
    """A git repository with a committed ``demo`` service that has a long operation name."""
    workspace.spec("demo", WITH_LONG_OPERATION)
    workspace.run()
    _git(workspace.root, "init", "-q")
    _commit_all(workspace)
    return workspace


def _write_helper(workspace: Workspace) -> Path:
    helper = workspace.extensions / "demo_ext" / "channels.py"
    helper.parent.mkdir(parents=True, exist_ok=True)
    (helper.parent / "__init__.py").write_text("")
    helper.write_text(
        "from typing import Any\n"
        "\n"
        f"from demo_api.api.channels import {LONG_NAME}\n"
        "\n"
        "\n"
        "def users(client: Any, name: str) -> Any:\n"
        f"    return {LONG_NAME}.sync(client=client, channel_name=name)\n"
    )
    return helper


def test_the_report_is_the_same_on_every_run_until_committed(repo: Workspace, tmp_path: Path) -> None:
    repo.spec("demo", WITHOUT_LONG_OPERATION)
    reports = []
    for extra in ((), (), ("--force",)):
        target = tmp_path / f"report{len(reports)}.md"
        assert main(_args(repo, "--report", str(target), *extra)) == 0
        reports.append(target.read_text())
    assert reports[0] == reports[1] == reports[2]
    assert f"operation removed | `channels.{LONG_NAME}`" in reports[0]
    assert (repo.root / ".cache" / "generate" / "changes.md").read_text() == reports[0]
    _commit_all(repo)
    assert main(_args(repo, "--report", str(tmp_path / "after.md"))) == 0
    assert "No change to any generated API surface" in (tmp_path / "after.md").read_text()


def test_a_breaking_change_used_by_hand_written_code_fails_and_keeps_generated(
    repo: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    helper = _write_helper(repo)
    before = repo.tree("demo_api")
    repo.spec("demo", WITHOUT_LONG_OPERATION)
    assert main(_args(repo)) == 1
    out = capsys.readouterr().out
    assert "breaks hand-written code" in out
    assert f"{helper}:3" in out  # the import line, whole
    assert LONG_NAME in out
    assert repo.tree("demo_api") == before  # nothing swapped in
    assert repo.by_name()["demo"].status is Status.BLOCKED


def test_allow_breaking_regenerates_anyway_and_says_so(
    repo: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_helper(repo)
    repo.spec("demo", WITHOUT_LONG_OPERATION)
    assert main(_args(repo, "--allow-breaking")) == 0
    out = capsys.readouterr().out
    assert "(allowed by --allow-breaking)" in out
    assert not (repo.out / "demo_api" / "api" / "channels").exists()


def test_fail_on_breaking_fails_even_when_nothing_uses_it(
    repo: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.spec("demo", WITHOUT_LONG_OPERATION)
    assert main(_args(repo, "--fail-on-breaking")) == 1
    assert "--fail-on-breaking: 2 breaking change(s) against git HEAD" in capsys.readouterr().out
    assert main(_args(repo)) == 0  # without the flag the same change passes


def test_plain_layout_when_not_a_terminal_keeps_every_symbol_whole(
    repo: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    helper = _write_helper(repo)
    repo.spec("demo", WITHOUT_LONG_OPERATION)
    main(_args(repo, "--allow-breaking"))
    lines = capsys.readouterr().out.splitlines()
    (line,) = [line for line in lines if "operation removed" in line]
    assert line.strip().startswith(f"!! channels.{LONG_NAME}: operation removed (used in {helper}:3")
    assert "…" not in "\n".join(lines)


def test_an_added_file_under_generated_is_named_and_kept(
    repo: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    added = repo.out / "demo_api" / "my_helpers.py"
    added.write_text("def mine() -> int:\n    return 1\n")
    repo.spec("demo", WITHOUT_LONG_OPERATION)
    assert main(_args(repo)) == 1
    out = capsys.readouterr().out
    assert "demo_api/my_helpers.py was added by hand" in out
    assert "move that code to extensions/clientsuite" in out and "--force" in out
    assert added.exists()


def test_check_says_which_command_fixes_staleness(
    repo: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.spec("demo", WITHOUT_LONG_OPERATION)
    assert main(_args(repo, "--check")) == 1
    assert "run `make generate` and commit generated/" in capsys.readouterr().out
    (repo.out / "demo_api" / "client.py").write_text("# edited\n")
    assert main(_args(repo, "--check")) == 1
    out = capsys.readouterr().out
    assert "demo_api/client.py was edited by hand" in out and "--force" in out


def test_an_unresolvable_ref_is_located_at_the_reference(workspace: Workspace) -> None:
    workspace.spec(
        "demo",
        SPEC.replace(
            '$ref: "#/components/schemas/Thing"}\n              example: {id',
            '$ref: "#/components/schemas/Missing"}\n              example: {id',
        ),
    )
    (problem,) = workspace.by_name()["demo"].problems
    pointer = "/paths/~1things~1{thing_id}/get/responses/200/content/application~1json/schema/$ref"
    assert f": {pointer}: unresolvable reference '#/components/schemas/Missing'" in problem
    assert "nothing at /components/schemas/Missing" in problem


def test_a_success_response_without_an_example_is_warned_or_fails(workspace: Workspace) -> None:
    workspace.spec("demo", SPEC.replace('              example: {id: "1"}\n', ""))
    outcome = workspace.by_name()["demo"]
    assert outcome.status is Status.REGENERATED
    (warning,) = outcome.warnings
    assert "GET /things/{thing_id} (get_thing): response 200 has no example" in warning
    (workspace.specs / "demo.config.yaml").write_text("clientsuite:\n  missing_examples: error\n")
    outcome = workspace.by_name(force=True)["demo"]
    assert outcome.status is Status.FAILED
    assert "get_thing" in outcome.problems[0]


def test_a_forced_run_over_committed_packages_reads_no_archive(
    repo: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scripts.baseline

    def no_archive(self: object, package: str) -> object:
        raise AssertionError(f"read {package} from git although its files are the committed ones")

    monkeypatch.setattr(scripts.baseline.Baseline, "surface", no_archive)
    outcome = repo.by_name(force=True)["demo"]
    assert outcome.status is Status.REGENERATED and outcome.changes == [] and outcome.base == "git HEAD"
    monkeypatch.undo()
    (repo.out / "demo_api" / "api" / "channels" / f"{LONG_NAME}.py").unlink()  # now it differs from HEAD
    outcome = repo.by_name(force=True)["demo"]
    assert outcome.changes == []  # regenerated: the same as the committed package again
    repo.spec("demo", WITHOUT_LONG_OPERATION)
    removed = repo.by_name()["demo"].changes
    assert f"channels.{LONG_NAME}" in {c.label for c in removed if c.breaking}  # against HEAD
