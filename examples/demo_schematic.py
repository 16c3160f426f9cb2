"""Schematic, offline: flag checks with defaults and the cache, tracked events flushed."""

from __future__ import annotations

from typing import Any

from clientsuite.schematic import LocalCache, Schematic, SchematicConfig
from rich.console import Console

from examples.report import Report


def run(console: Console) -> dict[str, Any]:
    report = Report(console, "Schematic")
    cache: LocalCache[dict[str, Any]] = LocalCache(max_size=100, ttl_ms=60_000)
    config = SchematicConfig(offline=True, flag_defaults={"new-dashboard": True}, cache_providers=[cache])
    with Schematic("", config) as client:
        on = report.step(
            "check_flag('new-dashboard')", client.check_flag("new-dashboard", company={"id": "acme"})
        )
        off = report.step(
            "check_flag('beta-export')", client.check_flag("beta-export", company={"id": "acme"})
        )
        cache.set(
            ("beta-export", frozenset({("id", "acme")}), None),
            {"flag": "beta-export", "value": True, "reason": "cached"},
        )
        cached = report.step(
            "check_flag('beta-export') from the cache",
            client.check_flag("beta-export", company={"id": "acme"}),
        )
        for n in range(3):
            client.track("api-call", company={"id": "acme"}, quantity=n + 1)
        client.identify({"user_id": "u-1"}, company={"keys": {"id": "acme"}, "name": "Acme"})
        client.flush()
        stats = report.step("event_stats() after flush()", client.event_stats())
        company = report.step(
            "companies.get_company('comp_1a2b3c')", client.companies.get_company("comp_1a2b3c").data
        )
    report.show()
    return {"on": on, "off": off, "cached": cached, "delivered": stats.delivered, "company": company.name}


if __name__ == "__main__":
    run(Console())
