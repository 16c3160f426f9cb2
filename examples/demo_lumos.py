"""Lumos connectors, offline: accounts across pages, and an error reported inside an HTTP 200."""

from __future__ import annotations

from typing import Any

from clientsuite.lumos import ConnectorClient, ConnectorError
from rich.console import Console

from examples.report import Report


def run(console: Console) -> dict[str, Any]:
    report = Report(console, "Lumos connector")
    with ConnectorClient(
        "http://127.0.0.1:8000", auth={"oauth": {"access_token": "demo"}}, offline=True
    ) as client:
        report.step("info().response.capabilities", client.info().response.capabilities)
        accounts = [a.email for a in client.iter_accounts(page_size=2)]
        report.step("iter_accounts(page_size=2)  (two pages)", accounts)
        try:
            client.get_account({"account_id": "u-missing"})
        except ConnectorError as error:
            mapped = report.step(
                "get_account('u-missing')", f"{type(error).__name__}: {error.error_code} ({error.message})"
            )
    report.show()
    return {"accounts": accounts, "error": mapped}


if __name__ == "__main__":
    run(Console())
