"""Auth flows around one attempt: the user's hooks have run, so whatever they changed is signed.

Most suite auths change the request once (a signature, a header): :class:`SigningAuth` says so,
and the transport applies it inline. Any other ``httpx.Auth`` (a token refresh that retries on
401) has its flow driven around the attempt by :func:`send_with_auth`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator

import httpx


class SigningAuth(httpx.Auth):
    """An ``httpx.Auth`` whose whole flow is one change to the request (a signature, a header).

    It works as an ``httpx.Auth`` anywhere; the suite's transport calls :meth:`sign` directly,
    which spares the two generators of an auth flow on every attempt.
    """

    def sign(self, request: httpx.Request) -> httpx.Request:
        raise NotImplementedError

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield self.sign(request)


def is_one_shot(auth: httpx.Auth | None) -> bool:
    """No auth, or one whose flow is a single change to the request: see :func:`signed`."""
    return auth is None or isinstance(auth, SigningAuth)


def signed(auth: httpx.Auth | None, request: httpx.Request) -> httpx.Request:
    """The request as a one-shot auth (``None`` or a :class:`SigningAuth`) sends it."""
    if auth is None:
        return request
    assert isinstance(auth, SigningAuth)
    if auth.requires_request_body:
        request.read()
    return auth.sign(request)


async def asigned(auth: httpx.Auth | None, request: httpx.Request) -> httpx.Request:
    """The async twin of :func:`signed` (a streamed body is read without blocking)."""
    if auth is None:
        return request
    assert isinstance(auth, SigningAuth)
    if auth.requires_request_body:
        await request.aread()
    return auth.sign(request)


def send_with_auth(
    auth: httpx.Auth | None, request: httpx.Request, send: Callable[[httpx.Request], httpx.Response]
) -> httpx.Response:
    """Run an ``httpx.Auth`` flow (signing, token refresh) around ``send``, after the user's hooks."""
    if is_one_shot(auth):
        return send(signed(auth, request))
    assert auth is not None
    flow = auth.sync_auth_flow(request)
    try:
        outgoing = next(flow)
        while True:
            response = send(outgoing)
            try:
                outgoing = flow.send(response)
            except StopIteration:
                return response
    finally:
        flow.close()


async def asend_with_auth(
    auth: httpx.Auth | None,
    request: httpx.Request,
    send: Callable[[httpx.Request], Awaitable[httpx.Response]],
) -> httpx.Response:
    """The async twin of :func:`send_with_auth`."""
    if is_one_shot(auth):
        return await send(await asigned(auth, request))
    assert auth is not None
    flow = auth.async_auth_flow(request)
    try:
        outgoing = await flow.__anext__()
        while True:
            response = await send(outgoing)
            try:
                outgoing = await flow.asend(response)
            except StopAsyncIteration:
                return response
    finally:
        await flow.aclose()
