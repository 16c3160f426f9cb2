from __future__ import annotations

import httpx
from clientsuite.pusher.signing import PusherAuth, signed_params, string_to_sign
from clientsuite.redaction import Secret

KEY, SECRET = "278d425bdf160c739803", "7ad3773142a6692b25b8"
BODY = b'{"name":"foo","channels":["project-3"],"data":"{\\"some\\":\\"data\\"}"}'


def test_string_to_sign_sorts_parameters_unencoded() -> None:
    text = string_to_sign(
        "get", "/apps/3/channels", {"info": "user_count,subscription_count", "auth_key": "k"}
    )
    assert text == "GET\n/apps/3/channels\nauth_key=k&info=user_count,subscription_count"


def test_signature_matches_fixed_vector() -> None:
    params = signed_params(KEY, SECRET, "POST", "/apps/3/events", {}, BODY, 1353088179)
    assert params["body_md5"] == "ec365a775a4cd0599faeb73354201b6f"
    assert params["auth_signature"] == "da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c"
    assert params["auth_version"] == "1.0"


def test_get_without_body_has_no_body_md5() -> None:
    params = signed_params(KEY, SECRET, "GET", "/apps/3/channels", {"filter_by_prefix": "presence-"}, b"", 1)
    assert "body_md5" not in params
    assert params["filter_by_prefix"] == "presence-"


def test_auth_flow_signs_the_url_and_hides_the_secret() -> None:
    auth = PusherAuth(KEY, Secret(SECRET), clock=lambda: 1353088179.9)
    request = httpx.Request("POST", "https://api-mt1.pusher.com/apps/3/events", content=BODY)
    signed = next(auth.auth_flow(request))
    assert signed.url.params["auth_timestamp"] == "1353088179"
    assert (
        signed.url.params["auth_signature"]
        == "da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c"
    )
    assert SECRET not in repr(auth)


def test_resigning_replaces_an_old_signature() -> None:
    auth = PusherAuth(KEY, Secret(SECRET), clock=lambda: 1353088179)
    request = httpx.Request("POST", "https://h/apps/3/events?auth_signature=stale", content=BODY)
    signed = next(auth.auth_flow(request))
    assert signed.url.params.get_list("auth_signature") == [
        "da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c"
    ]
