"""Quota usage of plugin members (``app.get_monetization()``), sync and async."""

from __future__ import annotations

import pluginlab_monetization_api
from pluginlab_monetization_api.api.quota import get_member_quota_usage
from pluginlab_monetization_api.models import QuotaUsage

from clientsuite.pluginlab.settings import Settings
from clientsuite.runtime import acall, call, expect
from clientsuite.runtime.calls import Options

PACKAGE = "pluginlab_monetization_api"


class AppMonetization:
    def __init__(self, settings: Settings) -> None:
        self._client = settings.attach(
            pluginlab_monetization_api.Client, settings.monetization_url, PACKAGE, False
        )

    def get_member_quota_usage(self, member_id: str, *, request_options: Options = None) -> QuotaUsage:
        """How much of its quota a member used; raises ``NotFoundError`` for an unknown member."""
        result = call(
            "get_member_quota_usage",
            get_member_quota_usage.sync,
            request_options,
            client=self._client,
            member_id=member_id,
        )
        return expect("get_member_quota_usage", result, QuotaUsage)

    def close(self) -> None:
        self._client.get_httpx_client().close()


class AsyncAppMonetization:
    def __init__(self, settings: Settings) -> None:
        self._client = settings.attach(
            pluginlab_monetization_api.Client, settings.monetization_url, PACKAGE, True
        )

    async def get_member_quota_usage(self, member_id: str, *, request_options: Options = None) -> QuotaUsage:
        result = await acall(
            "get_member_quota_usage",
            get_member_quota_usage.asyncio,
            request_options,
            client=self._client,
            member_id=member_id,
        )
        return expect("get_member_quota_usage", result, QuotaUsage)

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()
