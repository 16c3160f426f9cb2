"""Metagov, offline: a community, an action, and a governance process waited to completion."""

from __future__ import annotations

from typing import Any

from clientsuite.metagov import Metagov
from rich.console import Console

from examples.report import Report

COMMUNITY = "my-community-1234"


def run(console: Console) -> dict[str, Any]:
    report = Report(console, "Metagov")
    with Metagov(offline=True) as metagov:
        community = report.step(
            "put_community(...)",
            metagov.put_community(
                COMMUNITY,
                COMMUNITY,
                "My Community",
                plugins=[{"name": "tutorial", "config": {"api_key": "ABC123", "foo": "baz"}}],
            ),
        )
        result = report.step(
            "perform_action('tutorial.times-two', {'value': 5})",
            metagov.perform_action(COMMUNITY, "tutorial.times-two", {"value": 5}),
        )
        vote = report.step(
            "start_process('tutorial.my-gov-process', ...)",
            metagov.start_process(COMMUNITY, "tutorial.my-gov-process", {"title": "Adopt the charter?"}),
        )
        done = report.step(
            "wait_for_process(...)", metagov.wait_for_process("tutorial.my-gov-process", vote.id)
        )
    report.show()
    return {
        "community": community.name,
        "result": result,
        "status": done.status.value,
        "winner": done.outcome["winner"] if done.outcome else None,
    }


if __name__ == "__main__":
    run(Console())
