"""Quota usage of plugin members (``app.get_monetization()``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clientsuite.pluginlab.settings import Settings
from clientsuite.runtime.calls import Options, acall, expect
from clientsuite.runtime.lazy import lazy
from clientsuite.runtime.sides import attach_async

if TYPE_CHECKING:
    from pluginlab_monetization_api import models
    from pluginlab_monetization_api.api.quota import get_member_quota_usage
    from pluginlab_monetization_api.models import QuotaUsage
else:  # the models package and the operation load on first use
    models = lazy("pluginlab_monetization_api", "models")
    get_member_quota_usage = lazy("pluginlab_monetization_api.api.quota", "get_member_quota_usage")

PACKAGE = "pluginlab_monetization_api"


class AsyncAppMonetization:
    """Members' quota usage: the official ``AppMonetization``'s method, same arguments."""

    def __init__(self, settings: Settings) -> None:
        url = settings.monetization_url
        from pluginlab_monetization_api.client import Client  # the generated client: loaded when one is built

        self._client = attach_async(Client(base_url=url), settings.config(url, PACKAGE))

    async def get_member_quota_usage(self, member_id: str, *, request_options: Options = None) -> QuotaUsage:
        """How much of its quota a member used; raises ``NotFoundError`` for an unknown member."""
        result = await acall(
            "get_member_quota_usage",
            get_member_quota_usage.asyncio,
            request_options,
            client=self._client,
            member_id=member_id,
        )
        return expect("get_member_quota_usage", result, models.QuotaUsage)

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()
