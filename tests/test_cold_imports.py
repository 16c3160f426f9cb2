"""``import clientsuite.<service>`` stays cheap: what a service needs later loads where it is first used.

Each import runs in a fresh interpreter. Lazy names (the ``Async...`` clients, the generated models,
the runtime's names) must still resolve, list in ``dir()`` and type-check precisely.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from clientsuite.runtime.lazy import LazyAttribute, LazyModule, exports, lazy

from tests.fixtures.mypy_strict import mypy_strict

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("pusher", "schematic", "pluginlab", "metagov", "lumos")
PACKAGES = (
    "pusher_api",
    "schematic_api",
    "pluginlab_auth_api",
    "pluginlab_events_api",
    "pluginlab_monetization_api",
    "metagov_api",
    "lumos_api",
)
# Loaded only when a client is built, awaits, sends or reads: never by the import itself.
NOT_AT_IMPORT = (
    "asyncio",
    "aiohttp",
    "httpx_aiohttp",
    "httpx_retries",
    "clientsuite.runtime.transport",
    "clientsuite.runtime.config",
    "clientsuite.runtime.aio",
)
PER_SERVICE = {
    "pusher": (
        "pusher_api.client",
        "pusher_api.api.events.trigger_event",
        "pusher_api.models.channel_info",
        "pusher_api.models.users_list",
        "clientsuite.pusher._async.client",
        "clientsuite.pusher.async_client",
        "clientsuite.pusher.results",
        "clientsuite.pusher.channel_auth",
        "clientsuite.pusher.errors",
        "clientsuite.runtime.extras",
        "clientsuite.webhooks",
    ),
    "schematic": (
        "schematic_api.client",
        "schematic_api.api.features.check_flag",
        "schematic_api.models.company_detail",
        "schematic_api.models.upsert_company_request_body",
        "schematic_api.models.check_flag_response_data",
        "schematic_api.types",
        "clientsuite.schematic._sync.companies",
        "clientsuite.schematic._async.client",
        "clientsuite.schematic.buffer",
        "clientsuite.schematic.config",
        "clientsuite.cache.protocol",
        "clientsuite.cache.redis",
        "clientsuite.schematic.core",
        "clientsuite.schematic.options",
        "clientsuite.errors",
        "clientsuite.runtime.credentials",
        "clientsuite.webhooks",
    ),
    "pluginlab": (
        "pluginlab_auth_api.client",
        "pluginlab_auth_api.api.members.get_member",
        "pluginlab_auth_api.models.member",
        "pluginlab_events_api.models.custom_event_body",
        "clientsuite.pluginlab._async.app",
        "clientsuite.pluginlab.tokens",
        "clientsuite.pluginlab.claims",
        "clientsuite.pluginlab.keys",
        "clientsuite.pluginlab.events",
        "pluginlab_auth_api",
        "pluginlab_events_api",
        "pluginlab_monetization_api",
        "clientsuite.runtime.pagination",
        "clientsuite.errors",
        "clientsuite.runtime.credentials",
        "clientsuite.webhooks",
    ),
    "metagov": (
        "metagov_api.client",
        "metagov_api.api.processes.start_process",
        "metagov_api.models.governance_process",
        "clientsuite.metagov._async.client",
        "metagov_api",
        "metagov_api.types",
        "metagov_api.models.community",
        "clientsuite.metagov.saved",
        "clientsuite.metagov.errors",
        "clientsuite.metagov.validation",
        "clientsuite.metagov.hooks",
        "clientsuite.runtime.extras",
    ),
    "lumos": (
        "lumos_api.client",
        "lumos_api.api.capabilities.list_accounts",
        "lumos_api.models.list_accounts_request",
        "lumos_api.models",
        "clientsuite.lumos._async.client",
        "clientsuite.lumos.errors",
        "clientsuite.lumos.oauth",
        "clientsuite.lumos.oauth_logs",
        "clientsuite.lumos.connector_auth",
        "clientsuite.errors",
        "clientsuite.runtime.hooks",
        "clientsuite.runtime.pagination",
        "clientsuite.runtime.extras",
    ),
}


def _fresh(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("service", SERVICES)
def test_importing_a_service_defers_the_transport_asyncio_and_generated_code(service: str) -> None:
    watched = [*NOT_AT_IMPORT, *PER_SERVICE[service]]
    code = (
        f"import sys, json, clientsuite.{service}\n"
        f"print(json.dumps([m for m in {watched!r} if m in sys.modules]))"
    )
    assert json.loads(_fresh(code)) == []


@pytest.mark.parametrize("service", SERVICES)
def test_building_a_sync_client_loads_the_transport_but_not_aiohttp(service: str) -> None:
    """The other side of the check above: the deferred parts do load, at the first use."""
    build = {
        "pusher": "from clientsuite.pusher import Pusher; Pusher('1', 'k', 's').trigger",
        "schematic": "from clientsuite.schematic import Schematic, SchematicConfig\n"
        "Schematic('k', SchematicConfig(offline=True)).shutdown()",
        "pluginlab": "from clientsuite.pluginlab import App; App(secret_key='s', plugin_id='p').get_auth()",
        "metagov": "from clientsuite.metagov import Metagov; Metagov().close()",
        "lumos": "from clientsuite.lumos import ConnectorClient; ConnectorClient('http://127.0.0.1:1').close()",
    }[service]
    watched = ("clientsuite.runtime.transport", "aiohttp")
    code = f"import sys, json\n{build}\nprint(json.dumps([m in sys.modules for m in {watched!r}]))"
    assert json.loads(_fresh(code)) == [True, False]


# What each service defers, used for the first time: ``first`` must load ``deferred`` (each listed
# in PER_SERVICE above, so not loaded by the import) and print what the use gave.
FIRST_USE = {
    "pusher": (
        ("clientsuite.pusher.channel_auth", "clientsuite.pusher.errors", "clientsuite.runtime.extras"),
        "import base64\nimport clientsuite.pusher as pusher\n"
        "key = base64.b64encode(bytes(32)).decode()\n"
        "client = pusher.Pusher('1', 'key', 'secret', encryption_master_key_base64=key)\n"
        "out.append(client.authenticate('private-x', '1.2')['auth'].split(':')[0])\n"
        "out.append(pusher.errors.PusherBadAuth.__name__)",
        ["key", "AuthenticationError"],
    ),
    "pluginlab": (
        ("clientsuite.pluginlab.tokens", "clientsuite.pluginlab.keys", "clientsuite.pluginlab.events"),
        "from clientsuite.pluginlab import App, InvalidTokenError, TokenVerifier, EventLocation\n"
        "from clientsuite.pluginlab import tokens\n"
        "app = App(secret_key='s', plugin_id='p', offline=True, signing_keys={'keys': []})\n"
        "try:\n    app.get_auth().verify_token('not-a-token')\n"
        "except InvalidTokenError as error:\n    out.append(error.reason)\n"
        "where = EventLocation(country_code='FR')\n"
        "out.append(type(app.get_event().create_custom('src', location=where)).__name__)\n"
        "out.append(TokenVerifier is tokens.TokenVerifier and InvalidTokenError is tokens.InvalidTokenError)",
        ["malformed", "CustomEventResult", True],
    ),
    "metagov": (
        ("clientsuite.metagov.saved", "metagov_api.types", "clientsuite.metagov.hooks"),
        "from clientsuite.metagov import Metagov, SavedCommunity\n"
        "from clientsuite.metagov import base\n"
        "client = Metagov(offline=True, validate=False)\n"
        "saved = client.put_community('s', 'Name')\n"
        "out.append([type(saved) is SavedCommunity is base.SavedCommunity, saved.created in (True, False)])\n"
        "out.append(client.hook_url('c', 'p', 'slug'))",
        [[True, True], "http://127.0.0.1:8000/api/hooks/c/p/slug"],
    ),
    "schematic": (
        ("clientsuite.schematic.buffer", "clientsuite.schematic.config", "clientsuite.schematic.options"),
        "from clientsuite.schematic import Schematic, SchematicConfig, BufferStats, CheckFlagOptions\n"
        "from clientsuite.schematic.events import TrackOptions\n"
        "client = Schematic('k', SchematicConfig(offline=True, flag_defaults={'f': True}))\n"
        "out.append([client.check_flag('f'), type(client.event_stats()) is BufferStats])\n"
        "out.append(client.check_flag('g', options=CheckFlagOptions(default_value=True)))\n"
        "client.track('e', options=TrackOptions(idempotency_key='k1'))\n"
        "client.shutdown()",
        [[True, True], True],
    ),
    "lumos": (
        ("clientsuite.lumos.errors",),
        "from clientsuite.lumos import ConnectorClient\n"
        "out.append(type(ConnectorClient('http://127.0.0.1:1', offline=True).info()).__name__)",
        ["InfoResponse"],
    ),
}


@pytest.mark.parametrize("service", sorted(FIRST_USE))
def test_what_a_service_defers_loads_and_works_at_first_use(service: str) -> None:
    deferred, first, expected = FIRST_USE[service]
    assert set(deferred) <= set(PER_SERVICE[service])
    code = (
        f"import sys, json, clientsuite.{service}\nout = []\n{first}\n"
        f"print(json.dumps([out, [m in sys.modules for m in {deferred!r}]]))"
    )
    out, loaded = json.loads(_fresh(code))
    assert out == expected
    assert all(loaded), dict(zip(deferred, loaded, strict=True))


def test_lazy_exports_of_the_cache_and_the_services_are_their_modules_own() -> None:
    from clientsuite import cache
    from clientsuite.cache import protocol, redis
    from clientsuite.lumos import ConnectorError, ConnectorOAuth, OAuthClient, oauth
    from clientsuite.lumos import connector_auth as lumos_auth
    from clientsuite.lumos import errors as lumos_errors
    from clientsuite.metagov import Catalogue, MetagovApiError, hooks, new_webhook_slug, validation
    from clientsuite.metagov import errors as metagov_errors
    from clientsuite.pluginlab import KeyFetchError, TokenPayload, claims
    from clientsuite.schematic import AsyncRedisCache, AsyncSchematicConfig, RedisCache, SchematicConfig
    from clientsuite.schematic import config as schematic_config

    assert (cache.RedisCache, cache.AsyncRedisCache, RedisCache, AsyncRedisCache) == (
        redis.RedisCache,
        redis.AsyncRedisCache,
        redis.RedisCache,
        redis.AsyncRedisCache,
    )
    assert (cache.CacheProvider, cache.key_text) == (protocol.CacheProvider, protocol.key_text)
    assert (SchematicConfig, AsyncSchematicConfig) == (
        schematic_config.SchematicConfig,
        schematic_config.AsyncSchematicConfig,
    )
    assert (ConnectorError, ConnectorOAuth, OAuthClient) == (
        lumos_errors.ConnectorError,
        lumos_auth.ConnectorOAuth,
        oauth.OAuthClient,
    )
    assert (Catalogue, MetagovApiError, new_webhook_slug) == (
        validation.Catalogue,
        metagov_errors.MetagovApiError,
        hooks.new_webhook_slug,
    )
    assert (KeyFetchError, TokenPayload) == (claims.KeyFetchError, claims.TokenPayload)
    schematic = importlib.import_module("clientsuite.schematic")
    from clientsuite.schematic import events, flags, options

    assert (events.TrackOptions, flags.CheckFlagOptions) == (options.TrackOptions, options.CheckFlagOptions)
    assert (schematic.TrackOptions, schematic.EventUsage) == (options.TrackOptions, options.EventUsage)
    assert {"TrackOptions", "CheckFlagOptions"} <= set(dir(events)) | set(dir(flags))
    assert schematic.core.ApiError is importlib.import_module("clientsuite.errors").ApiError
    for module in (
        cache,
        importlib.import_module("clientsuite.lumos"),
        importlib.import_module("clientsuite.metagov"),
    ):
        assert set(module.__all__) <= set(dir(module))


def test_the_secret_name_patterns_compile_at_their_first_use() -> None:
    code = (
        "import sys, json, clientsuite\nfrom clientsuite import redaction\n"
        "patterns = (redaction._secret_name, redaction._secret_pair)\n"
        "before = [pattern.cache_info().currsize for pattern in patterns]\n"
        "url = redaction.redact_url('https://a.example/x?api_key=k1&page=2')\n"
        "text = redaction.scrub_text('GET /x?token=abc failed')\n"
        "print(json.dumps([before, url, text]))"
    )
    assert json.loads(_fresh(code)) == [
        [0, 0],
        "https://a.example/x?api_key=%5Bredacted%5D&page=2",
        "GET /x?token=[redacted] failed",
    ]


@pytest.mark.parametrize("service", SERVICES)
def test_every_public_name_of_a_service_resolves_and_is_listed(service: str) -> None:
    module = importlib.import_module(f"clientsuite.{service}")
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError, match="no attribute 'NoSuchName'"):
        module.NoSuchName  # noqa: B018


def test_lazy_async_exports_are_the_real_classes() -> None:
    from clientsuite.lumos import AsyncConnectorClient
    from clientsuite.metagov import AsyncMetagov
    from clientsuite.pluginlab import AsyncApp, Webhook
    from clientsuite.pusher import AsyncPusher, PusherWebhookError
    from clientsuite.pusher.async_client import AsyncPusher as Defined
    from clientsuite.schematic import AsyncSchematic, verify_webhook_signature, webhook_utils

    assert AsyncPusher is Defined
    assert [c.__name__ for c in (AsyncConnectorClient, AsyncMetagov, AsyncApp, AsyncSchematic)] == [
        "AsyncConnectorClient",
        "AsyncMetagov",
        "AsyncApp",
        "AsyncSchematic",
    ]
    assert Webhook.__module__ == "clientsuite.pluginlab.webhooks"
    assert PusherWebhookError.__module__ == "clientsuite.pusher.webhooks"
    assert webhook_utils.verify_webhook_signature is verify_webhook_signature


@pytest.mark.parametrize("package", PACKAGES)
def test_every_generated_model_resolves_from_the_lazy_models_package(package: str) -> None:
    models = importlib.import_module(f"{package}.models")
    assert sorted(models.__all__) == sorted(models._MODULE_OF)
    for name in models.__all__:
        defined_in = importlib.import_module(models._MODULE_OF[name], f"{package}.models")
        assert getattr(models, name) is getattr(defined_in, name)  # a class, an enum or a dict alias
    assert set(models.__all__) <= set(dir(models))
    with pytest.raises(AttributeError, match="no attribute 'NoSuchModel'"):
        models.NoSuchModel  # noqa: B018
    first = next(iter(sorted(models._MODULE_OF.values())))
    assert getattr(models, first[1:]).__name__ == f"{package}.models{first}"  # a model's module, as before
    client = importlib.import_module(package)
    assert client.Client.__name__ == "Client" and client.AuthenticatedClient.__name__ == "AuthenticatedClient"
    assert client.client.Client is client.Client and "client" in dir(client)


def test_one_model_does_not_build_the_others_or_the_client() -> None:
    code = (
        "import sys, json\nfrom schematic_api.models import CheckFlagResponse\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('schematic_api'))))"
    )
    assert json.loads(_fresh(code)) == [
        "schematic_api",
        "schematic_api.models",
        "schematic_api.models.check_flag_response",
        "schematic_api.types",
    ]


def test_star_import_of_a_models_package_gives_every_model() -> None:
    namespace: dict[str, object] = {}
    exec("from lumos_api.models import *", namespace)
    lumos_models = importlib.import_module("lumos_api.models")
    assert set(lumos_models.__all__) <= set(namespace)


def test_the_runtime_names_resolve_lazily() -> None:
    code = (
        "import sys, json, clientsuite.runtime as r\n"
        "before = 'clientsuite.runtime.transport' in sys.modules\n"
        "names = [getattr(r, n).__name__ for n in r.__all__]\n"
        "print(json.dumps([before, 'clientsuite.runtime.transport' in sys.modules, names]))"
    )
    before, after, names = json.loads(_fresh(code))
    runtime = importlib.import_module("clientsuite.runtime")
    assert (before, after) == (False, True)
    assert names == list(runtime.__all__)
    with pytest.raises(AttributeError):
        runtime.NoSuchName  # noqa: B018


def test_a_lazy_module_imports_on_first_attribute_and_keeps_it() -> None:
    code = (
        "import sys, json\nfrom clientsuite.runtime.lazy import lazy\n"
        "op = lazy('pusher_api.api.channels', 'get_channel')\n"
        "first = 'pusher_api.api.channels.get_channel' in sys.modules\n"
        "fn = op.sync\n"
        "print(json.dumps([first, fn.__module__, 'sync' in vars(op), repr(op)]))"
    )
    first, module, kept, shown = json.loads(_fresh(code))
    assert first is False
    assert module == "pusher_api.api.channels.get_channel"
    assert kept is True
    assert shown == "<lazy module 'pusher_api.api.channels.get_channel'>"


def test_a_lazy_module_surfaces_import_errors_at_first_use() -> None:
    missing = lazy("clientsuite", "no_such_module")
    assert isinstance(missing, LazyModule)
    with pytest.raises(ModuleNotFoundError, match=r"clientsuite\.no_such_module"):
        missing.anything  # noqa: B018
    real = lazy("pusher_api.api.events", "trigger_event", "trigger_batch")
    assert [m.__name__ for m in real] == [
        "pusher_api.api.events.trigger_event",
        "pusher_api.api.events.trigger_batch",
    ]
    with pytest.raises(AttributeError):
        real[0].no_such_function  # noqa: B018
    with pytest.raises(AttributeError):  # a dunder probe (copy, pickle, inspect) is not a use
        real[0].__wrapped__  # noqa: B018


def test_exports_serve_names_and_submodules() -> None:
    getattr_, dir_ = exports("clientsuite.schematic", {"webhook_utils": "clientsuite.schematic", "X": "json"})
    assert getattr_("webhook_utils").__name__ == "clientsuite.schematic.webhook_utils"
    with pytest.raises(AttributeError, match="has no attribute 'X'"):
        getattr_("X")  # json has no X: the error is the source module's, not hidden
    with pytest.raises(AttributeError, match=r"'clientsuite\.schematic' has no attribute 'Y'"):
        getattr_("Y")
    assert {"webhook_utils", "X"} <= set(dir_())


def test_capabilities_resolve_their_operations_and_models_on_first_use() -> None:
    from clientsuite.lumos.capabilities import CAPABILITIES

    for name, capability in CAPABILITIES.items():
        assert capability.operation.__name__ == f"lumos_api.api.capabilities.{name}"
        assert capability.response.__name__.endswith("Response")
        assert (capability.request is None) == (name == "info")
        assert capability.operation is capability.operation  # resolved once
    assert CAPABILITIES["list_accounts"].paged and not CAPABILITIES["get_account"].paged
    assert "auth" in CAPABILITIES["list_accounts"].fields
    assert (
        CAPABILITIES["handle_client_credentials_request"].request.__name__ == "HandleClientCredentialsRequest"
    )


TYPED = """
from clientsuite.lumos import AsyncConnectorClient
from clientsuite.pluginlab import AsyncApp, Webhook
from clientsuite.pusher import AsyncPusher, PusherWebhookError
from clientsuite.runtime import ClientConfig, acall
from clientsuite.schematic import AsyncSchematic, verify_webhook_signature
from pusher_api import Client
from schematic_api.models import CheckFlagResponse

reveal_type(AsyncPusher)
reveal_type(AsyncSchematic)
reveal_type(AsyncApp)
reveal_type(Webhook)
reveal_type(AsyncConnectorClient)
reveal_type(PusherWebhookError)
reveal_type(ClientConfig)
reveal_type(acall)
reveal_type(verify_webhook_signature)
reveal_type(Client)
reveal_type(CheckFlagResponse.from_dict)
"""
WRONG = """
from clientsuite.pusher import AsyncPusherr
from clientsuite.runtime import ClientConfigg
from schematic_api.models import CheckFlagResponsee
"""


def _mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "snippet.py"
    script.write_text(source, encoding="utf-8")
    return mypy_strict(script)


def test_lazy_names_are_typed_precisely(tmp_path: Path) -> None:
    done = _mypy(tmp_path, TYPED)
    revealed = [line for line in done.stdout.splitlines() if "Revealed type" in line]
    assert done.returncode == 0 and len(revealed) == 11, done.stdout + done.stderr
    assert not any(line.endswith('Revealed type is "Any"') for line in revealed), revealed
    for expected in (
        "clientsuite.pusher.async_client.AsyncPusher",
        "clientsuite.schematic._async.client.AsyncSchematic",
        "clientsuite.pluginlab._async.app.AsyncApp",
        "clientsuite.pluginlab.webhooks.Webhook",
        "clientsuite.lumos._async.client.AsyncConnectorClient",
        "clientsuite.pusher.webhooks.PusherWebhookError",
        "clientsuite.runtime.config.ClientConfig",
        "pusher_api.client.Client",
        "schematic_api.models.check_flag_response.CheckFlagResponse",
    ):
        assert any(expected in line for line in revealed), (expected, revealed)


def test_a_misspelt_lazy_name_is_a_type_error(tmp_path: Path) -> None:
    done = _mypy(tmp_path, WRONG)
    assert done.returncode == 1
    for name in ("AsyncPusherr", "ClientConfigg", "CheckFlagResponsee"):
        assert f'has no attribute "{name}"' in done.stdout, done.stdout


BLOCK_AIOHTTP = """
import sys
from importlib.abc import MetaPathFinder

class Block(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"aiohttp", "httpx_aiohttp"}:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Block())
import clientsuite.%(service)s
try:
    %(build)s
except ImportError as error:
    print(type(error).__name__, getattr(error, "extra", ""))
"""


@pytest.mark.parametrize(
    ("service", "build"),
    [
        ("pusher", "clientsuite.pusher.AsyncPusher('1', 'k', 's')"),
        ("schematic", "clientsuite.schematic.AsyncSchematic('k')"),
        ("pluginlab", "clientsuite.pluginlab.AsyncApp(secret_key='s', plugin_id='p').get_auth()"),
        ("metagov", "clientsuite.metagov.AsyncMetagov()"),
        ("lumos", "clientsuite.lumos.AsyncConnectorClient('http://127.0.0.1:1')"),
    ],
)
def test_a_lazy_async_client_still_names_the_missing_extra(service: str, build: str) -> None:
    """Laziness hides no import error: without aiohttp the first async client says which extra."""
    assert _fresh(BLOCK_AIOHTTP % {"service": service, "build": build}).strip() == "MissingExtraError async"


def test_a_lazy_attribute_stands_for_an_object_until_used() -> None:
    code = (
        "import sys, json\nfrom clientsuite.runtime.calls import last_response\n"
        "first = 'clientsuite.runtime.transport' in sys.modules\n"
        "from clientsuite.runtime import transport\n"
        "token = last_response.set(None)\n"
        "same = last_response.set.__self__ is transport.last_response\n"
        "last_response.reset(token)\n"
        "print(json.dumps([first, same, repr(last_response)]))"
    )
    assert json.loads(_fresh(code)) == [False, True, "<lazy clientsuite.runtime.transport.last_response>"]
    missing = LazyAttribute("clientsuite.errors", "NoSuchThing")
    with pytest.raises(AttributeError, match="NoSuchThing"):
        missing.get  # noqa: B018
    with pytest.raises(AttributeError):
        LazyAttribute("clientsuite.errors", "ApiError").__wrapped__  # noqa: B018
