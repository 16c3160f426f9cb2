"""One attempt: authenticate, send, and read the body within the attempt's time and size limits.

The attempt's ``timeout`` bounds it from connect to the last body byte. Async attempts run under
``asyncio.timeout``, exact to the event loop's tick. Sync attempts give every socket operation
what remains (:mod:`.network`, for the suite's own pool) and check the clock after each body
chunk, so a server that drips header or body bytes is cut at the limit. The body is read whole
here (so a connection lost mid-body is retried like any other failure), but never beyond
``max_response_bytes``, and into the response it arrived in: building a second response per
call would cost as much as signing it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator

import attrs
import httpx

from clientsuite.errors import ResponseTooLargeError
from clientsuite.redaction import redact_url
from clientsuite.runtime import hygiene
from clientsuite.runtime.network import attempt_ends

logger = logging.getLogger("clientsuite.http")

DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
_SLACK = 0.05  # seconds: the time between planning an attempt and starting it

# Given a response with its body read, the status it really stands for (``None``: its own).
Classifier = Callable[[httpx.Response], int | None]
# Maps a foreign exception from a base transport (aiohttp...) to an httpx one, or None.
ForeignMapper = Callable[[BaseException], httpx.TransportError | None]


@attrs.define
class Limits:
    """What bounds one attempt: its monotonic end, the body size cap, the per-phase timeouts.

    Built on every attempt, so a plain (not frozen) attrs class: its ``__init__`` is cheaper.
    """

    end: float | None
    max_bytes: int
    timeout: httpx.Timeout
    timeouts: dict[str, float | None] | None = None  # ``timeout.as_dict()``, when already known

    def phases(self, request: httpx.Request) -> None:
        """Give the base transport per-phase timeouts no longer than what remains of the attempt."""
        left = None if self.end is None else max(0.001, self.end - time.monotonic())
        chosen = {}
        timeouts = self.timeouts if self.timeouts is not None else self.timeout.as_dict()
        for phase, value in timeouts.items():
            # A phase keeps its own timeout unless what remains of the attempt is clearly shorter.
            cut = left is not None and (value is None or left < value - _SLACK)
            chosen[phase] = left if cut else value
        request.extensions["timeout"] = chosen

    def overrun(self) -> bool:
        return self.end is not None and time.monotonic() > self.end


def _where(request: httpx.Request) -> str:
    return f"{request.method} {redact_url(request.url)}"


def _too_slow(request: httpx.Request) -> httpx.ReadTimeout:
    return httpx.ReadTimeout("the attempt did not finish within its timeout", request=request)


def _check_length(response: httpx.Response, request: httpx.Request, limit: int) -> None:
    if request.method == "HEAD" or response.status_code in (204, 304):
        return  # the header describes a body that is not sent
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ResponseTooLargeError(limit, _where(request))


class _Bounded(httpx.SyncByteStream):
    """A base transport's body, cut at the size cap and, after each chunk, at the attempt's end."""

    def __init__(self, stream: httpx.SyncByteStream, request: httpx.Request, limits: Limits) -> None:
        self._stream, self._request, self._limits = stream, request, limits

    def __iter__(self) -> Iterator[bytes]:
        limits, size = self._limits, 0
        for chunk in self._stream:
            size += len(chunk)
            if size > limits.max_bytes:
                raise ResponseTooLargeError(limits.max_bytes, _where(self._request))
            yield chunk
            if limits.overrun():
                raise _too_slow(self._request)

    def close(self) -> None:
        self._stream.close()


class _AsyncBounded(httpx.AsyncByteStream):
    """The async twin of :class:`_Bounded`; ``asyncio.timeout`` bounds the attempt's time."""

    def __init__(self, stream: httpx.AsyncByteStream, request: httpx.Request, limits: Limits) -> None:
        self._stream, self._request, self._limits = stream, request, limits

    async def __aiter__(self) -> AsyncIterator[bytes]:
        limit, size = self._limits.max_bytes, 0
        async for chunk in self._stream:
            size += len(chunk)
            if size > limit:
                raise ResponseTooLargeError(limit, _where(self._request))
            yield chunk

    async def aclose(self) -> None:
        await self._stream.aclose()


def _classified(response: httpx.Response, limits: Limits, classify: Classifier | None) -> httpx.Response:
    """The read response, within the cap once decoded, with the status the classifier says it stands for."""
    if len(response.content) > limits.max_bytes:
        raise ResponseTooLargeError(limits.max_bytes, _where(response.request))
    status = classify(response) if classify else None
    if status is None or status == response.status_code:
        return response
    return httpx.Response(
        status,
        headers=response.headers,
        content=response.content,
        request=response.request,
        extensions=response.extensions,
    )


def _built(
    response: httpx.Response, request: httpx.Request, limits: Limits, classify: Classifier | None
) -> httpx.Response:
    """An in-memory answer (offline examples, mocks) rebuilt from its raw bytes, to classify it."""
    try:
        built = httpx.Response(
            response.status_code,
            headers=response.headers,
            content=response.content,
            request=request,
            extensions=response.extensions,
        )
    except httpx.DecodingError as exc:
        raise _undecodable(exc, request) from None
    return _classified(built, limits, classify)


def _undecodable(exc: httpx.DecodingError, request: httpx.Request) -> httpx.RemoteProtocolError:
    return httpx.RemoteProtocolError(f"the body could not be decoded: {exc}", request=request)


def read(
    response: httpx.Response, request: httpx.Request, limits: Limits, classify: Classifier | None
) -> httpx.Response:
    """Read the body whole into ``response`` itself (no second response is built), within limits."""
    if response.is_stream_consumed:  # an in-memory answer (offline examples, mocks)
        return _built(response, request, limits, classify) if classify else response
    response.request = request
    try:
        _check_length(response, request, limits.max_bytes)
        if isinstance(response.stream, httpx.SyncByteStream):  # else httpx says what is wrong
            response.stream = _Bounded(response.stream, request, limits)
        response.read()  # decodes; the raw bytes are counted and timed by _Bounded
    except httpx.DecodingError as exc:
        raise _undecodable(exc, request) from None
    finally:
        response.close()
    hygiene.enforce(request, response)  # a bodiless answer that carried a body: never pool it
    return _classified(response, limits, classify)


async def aread(
    response: httpx.Response, request: httpx.Request, limits: Limits, classify: Classifier | None
) -> httpx.Response:
    if response.is_stream_consumed:
        return _built(response, request, limits, classify) if classify else response
    response.request = request
    try:
        _check_length(response, request, limits.max_bytes)
        if isinstance(response.stream, httpx.AsyncByteStream):
            response.stream = _AsyncBounded(response.stream, request, limits)
        await response.aread()
    except httpx.DecodingError as exc:
        raise _undecodable(exc, request) from None
    finally:
        await response.aclose()
    await hygiene.aenforce(request, response)
    return _classified(response, limits, classify)


def _log(request: httpx.Request, started: float, outcome: str) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        elapsed = (time.perf_counter() - started) * 1000
        attempt = request.extensions.get("attempt", 1)
        logger.debug(
            "%s %s -> %s in %.1f ms (attempt %s)",
            request.method,
            redact_url(request.url),
            outcome,
            elapsed,
            attempt,
        )


def send_once(
    inner: httpx.BaseTransport,
    request: httpx.Request,
    limits: Limits,
    classify: Classifier | None = None,
    foreign: ForeignMapper | None = None,
) -> httpx.Response:
    """Send one request and read its body; transport failures raise ``httpx.TransportError``."""
    started = time.perf_counter()
    limits.phases(request)
    try:
        with attempt_ends(limits.end):  # cuts every socket operation of a bounded pool (.network)
            response = read(inner.handle_request(request), request, limits, classify)
    except httpx.TransportError as exc:
        _log(request, started, type(exc).__name__)
        raise
    except (ResponseTooLargeError, httpx.InvalidURL, httpx.UnsupportedProtocol):
        raise
    except Exception as exc:
        mapped = foreign(exc) if foreign else None
        if mapped is None:
            raise
        _log(request, started, type(mapped).__name__)
        raise mapped from None
    _log(request, started, str(response.status_code))
    return response


async def asend_once(
    inner: httpx.AsyncBaseTransport,
    request: httpx.Request,
    limits: Limits,
    classify: Classifier | None = None,
    foreign: ForeignMapper | None = None,
) -> httpx.Response:
    """The async twin of :func:`send_once`, bounded by ``asyncio.timeout`` as a whole."""
    started = time.perf_counter()
    limits.phases(request)
    left = None if limits.end is None else max(0.0, limits.end - time.monotonic())
    try:
        async with asyncio.timeout(left):
            response = await aread(await inner.handle_async_request(request), request, limits, classify)
    except httpx.TransportError as exc:
        _log(request, started, type(exc).__name__)
        raise
    except (ResponseTooLargeError, httpx.InvalidURL, httpx.UnsupportedProtocol):
        raise
    except TimeoutError:
        _log(request, started, "timeout")
        raise _too_slow(request) from None
    except Exception as exc:
        mapped = foreign(exc) if foreign else None
        if mapped is None:
            raise
        _log(request, started, type(mapped).__name__)
        raise mapped from None
    _log(request, started, str(response.status_code))
    return response
