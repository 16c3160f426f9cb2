"""Raw body and headers from each framework's real request objects."""

from __future__ import annotations

from typing import Any

import pytest
from clientsuite.webhooks import RawRequest, aextract, extract

BODY = b'{"a": 1, "b": [1, 2]}'


def test_plain_inputs() -> None:
    pair = extract((BODY, {"X-Sig": "s"}))
    assert pair.body == BODY and pair.headers["x-sig"] == "s"
    mapping = extract({"body": BODY.decode(), "headers": {"X-Sig": "s"}})
    assert mapping == pair
    assert extract(pair) is pair


def test_unknown_objects_are_refused() -> None:
    with pytest.raises(TypeError, match="object"):
        extract(object())
    with pytest.raises(TypeError, match="bytes or str"):
        RawRequest(42, {})  # type: ignore[arg-type]


def test_repr_hides_content() -> None:
    assert "Sig" not in repr(RawRequest(BODY, {"X-Sig": "secret"}))


def test_flask() -> None:
    import flask

    app = flask.Flask(__name__)
    seen: dict[str, Any] = {}

    @app.post("/hook")
    def hook() -> str:
        raw = extract(flask.request)
        seen.update(body=raw.body, sig=raw.headers["x-signature"])
        return "ok"

    app.test_client().post(
        "/hook", data=BODY, headers={"X-Signature": "abc", "Content-Type": "application/json"}
    )
    assert seen == {"body": BODY, "sig": "abc"}


def test_flask_body_consumed_by_form_parsing_is_a_clear_error() -> None:
    import flask

    app = flask.Flask(__name__)
    form = "application/x-www-form-urlencoded"
    with app.test_request_context("/hook", method="POST", data="a=1&b=2", content_type=form):
        assert extract(flask.request).body == b"a=1&b=2"  # read raw first: fine, and cached
        assert flask.request.form["a"] == "1"
    with app.test_request_context("/hook", method="POST", data="a=1&b=2", content_type=form):
        assert flask.request.form["a"] == "1"  # parsed first: the raw bytes are gone
        with pytest.raises(ValueError, match="consumed"):
            extract(flask.request)


def test_django(django_settings: None) -> None:
    from django.test import RequestFactory

    request = RequestFactory().post(
        "/hook", data=BODY, content_type="application/json", headers={"X-Signature": "d"}
    )
    raw = extract(request)
    assert raw.body == BODY and raw.headers["X-SIGNATURE"] == "d"


def test_starlette_async_and_sync_refusal() -> None:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    async def hook(request: Request) -> JSONResponse:
        with pytest.raises(TypeError, match="aextract"):
            extract(request)
        raw = await aextract(request)
        again = extract(request)  # once read, the body is cached and sync access works
        return JSONResponse({"same": raw.body == BODY == again.body, "sig": raw.headers["x-signature"]})

    http = TestClient(Starlette(routes=[Route("/hook", hook, methods=["POST"])]))
    assert http.post("/hook", content=BODY, headers={"X-Signature": "st"}).json() == {
        "same": True,
        "sig": "st",
    }


async def test_aextract_plain() -> None:
    assert (await aextract((b"x", {}))).body == b"x"
