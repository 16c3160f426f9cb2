"""What a user writes against the typed models; must pass ``mypy --strict`` with no casts."""

from __future__ import annotations

from clientsuite.pusher import AsyncPusher, Pusher
from pluginlab_auth_api.models import Member, SignInMethod
from pusher_api.models import ChannelInfo
from schematic_api.models import CompanyDetail


def greeting(member: Member) -> str:
    name: str | None = member.name
    return f"Hello {name or member.auth.email}"


def plan(member: Member) -> str | None:
    return member.metadata.get("plan")


def uses_google(member: Member) -> bool:
    return member.auth.sign_in_method is SignInMethod.GOOGLE


def occupied(info: ChannelInfo) -> bool:
    count: int | None = info.user_count
    return info.occupied and (count or 0) > 0


def traits(company: CompanyDetail) -> dict[str, object]:
    return dict(company.traits or {})


def is_busy(client: Pusher, channel: str) -> bool:
    """The facade's dicts are typed too: ``occupied`` is a bool, ``user_count`` an int."""
    state = client.channel_info(channel, ["user_count"])
    occupied: bool = state["occupied"]
    return occupied and state.get("user_count", 0) > 10


async def user_ids(client: AsyncPusher, channel: str) -> list[str]:
    return [user["id"] for user in (await client.users_info(channel))["users"]]
