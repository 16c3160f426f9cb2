"""The offline transport answers from the spec's examples and never reaches the network."""

from __future__ import annotations

from types import ModuleType

import httpx
import pytest
from clientsuite import errors
from clientsuite.runtime import ClientConfig, acall, attach, call

BASE = "https://items.example.test/v1"


def offline_client(demo_api: ModuleType) -> tuple[object, ClientConfig]:
    config = ClientConfig(BASE, package="demo_api", offline=True)
    return attach(demo_api.Client(base_url=BASE), config), config


def test_answers_with_documented_example(demo_api: ModuleType) -> None:
    from demo_api.api.items import create_item, get_item, list_items
    from demo_api.models import NewItem

    client, _ = offline_client(demo_api)
    assert call("get_item", get_item.sync, client=client, item_id="anything").name == "first"
    page = call("list_items", list_items.sync, client=client)
    assert [i.id for i in page.items] == ["it_1"]
    created = call("create_item", create_item.sync, client=client, body=NewItem(name="x"))
    assert created.id == "it_2"


def test_no_content_response(demo_api: ModuleType) -> None:
    from demo_api.api.items import delete_item

    client, _ = offline_client(demo_api)
    response = delete_item.sync_detailed(client=client, item_id="x")  # type: ignore[arg-type]
    assert response.status_code == 204


def test_undocumented_route_is_a_clear_404(demo_api: ModuleType) -> None:
    client, _ = offline_client(demo_api)
    with pytest.raises(errors.NotFoundError) as caught:
        client.get_httpx_client().get("/nowhere")  # type: ignore[attr-defined]
    assert "GET /nowhere" in caught.value.json()["error"]


def test_undocumented_method_is_405(demo_api: ModuleType) -> None:
    client, _ = offline_client(demo_api)
    with pytest.raises(errors.ApiError) as caught:
        client.get_httpx_client().patch("/items/1")  # type: ignore[attr-defined]
    assert caught.value.status_code == 405
    assert "GET" in caught.value.json()["error"]


def test_missing_example_is_explicit(demo_api: ModuleType) -> None:
    client, _ = offline_client(demo_api)
    with pytest.raises(errors.ApiError) as caught:
        client.get_httpx_client().get("/items/1/history")  # type: ignore[attr-defined]
    assert caught.value.status_code == 501
    assert "item_history" in caught.value.json()["error"]


def test_records_requests_and_sends_nothing(demo_api: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("offline mode opened a connection")

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", no_network)
    from demo_api.api.items import get_item

    config = ClientConfig(BASE, package="demo_api", offline=True)
    transport = config.offline_transport()
    assert transport.routes.match("GET", "/items/x") is not None
    client = attach(demo_api.Client(base_url=BASE), config)
    assert call("get_item", get_item.sync, client=client, item_id="x").id == "it_1"


async def test_async_offline(demo_api: ModuleType) -> None:
    from demo_api.api.items import get_item

    client, _ = offline_client(demo_api)
    item = await acall("get_item", get_item.asyncio, client=client, item_id="x")
    assert item.name == "first"


def test_conditional_examples_follow_the_request() -> None:
    from clientsuite.runtime import Routes

    spec = {
        "paths": {
            "/items": {
                "post": {
                    "operationId": "list_items",
                    "responses": {
                        "200": {
                            "content": {
                                "application/json": {
                                    "examples": {
                                        "first": {"value": {"page": 1}},
                                        "second": {
                                            "value": {"page": 2},
                                            "x-clientsuite-when": {"page.token": "p2"},
                                        },
                                        "by_query": {
                                            "value": {"page": 9},
                                            "x-clientsuite-when": {"query.q": "x"},
                                        },
                                    }
                                }
                            }
                        }
                    },
                }
            }
        }
    }
    route = Routes.from_spec(spec).match("POST", "/items")
    assert route is not None
    assert route.example({}).body == {"page": 1}  # type: ignore[union-attr]
    assert route.example({"page": {"token": "p2"}}).body == {"page": 2}  # type: ignore[union-attr]
    assert route.example({"page": {"token": "other"}}).body == {"page": 1}  # type: ignore[union-attr]
    assert route.example({"query": {"q": "x"}}).body == {"page": 9}  # type: ignore[union-attr]
