"""User hooks: the documented way to extend a client without touching generated code.

``before_request(request)`` may modify the request or return a replacement; ``after_response(response)``
may inspect it or return a replacement; ``on_error(error)`` sees every error the call raises and may
raise something else. Any hook may be a coroutine function on an async client.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeAlias

import attrs
import httpx

BeforeRequest: TypeAlias = Callable[[httpx.Request], "httpx.Request | Awaitable[httpx.Request | None] | None"]
AfterResponse: TypeAlias = Callable[
    [httpx.Response], "httpx.Response | Awaitable[httpx.Response | None] | None"
]
OnError: TypeAlias = Callable[[Exception], "Awaitable[None] | None"]


def _refuse_awaitable(result: object, kind: str) -> None:
    if inspect.isawaitable(result):
        if inspect.iscoroutine(result):
            result.close()  # never awaited: close it so Python does not warn later
        raise TypeError(f"an async {kind} hook needs an async client")


def _tuple(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    if callable(value):
        return (value,)
    return tuple(value)


@attrs.frozen
class Hooks:
    """Hooks of one client, each list run in registration order."""

    before_request: Sequence[BeforeRequest] = attrs.field(default=(), converter=_tuple)
    after_response: Sequence[AfterResponse] = attrs.field(default=(), converter=_tuple)
    on_error: Sequence[OnError] = attrs.field(default=(), converter=_tuple)

    def __bool__(self) -> bool:
        return bool(self.before_request or self.after_response or self.on_error)

    def run_before(self, request: httpx.Request) -> httpx.Request:
        for hook in self.before_request:
            replaced = hook(request)
            _refuse_awaitable(replaced, "before_request")
            request = replaced or request  # type: ignore[assignment]
        return request

    def run_after(self, response: httpx.Response) -> httpx.Response:
        for hook in self.after_response:
            replaced = hook(response)
            _refuse_awaitable(replaced, "after_response")
            response = replaced or response  # type: ignore[assignment]
        return response

    def run_on_error(self, error: Exception) -> None:
        for hook in self.on_error:
            _refuse_awaitable(hook(error), "on_error")

    async def arun_before(self, request: httpx.Request) -> httpx.Request:
        for hook in self.before_request:
            replaced = hook(request)
            if inspect.isawaitable(replaced):
                replaced = await replaced
            request = replaced or request
        return request

    async def arun_after(self, response: httpx.Response) -> httpx.Response:
        for hook in self.after_response:
            replaced = hook(response)
            if inspect.isawaitable(replaced):
                replaced = await replaced
            response = replaced or response
        return response

    async def arun_on_error(self, error: Exception) -> None:
        for hook in self.on_error:
            result = hook(error)
            if inspect.isawaitable(result):
                await result
