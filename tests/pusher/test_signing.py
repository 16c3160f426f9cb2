from __future__ import annotations

import pickle

import httpx
import pytest
from clientsuite.pusher.signing import PusherAuth, signed_params, string_to_sign
from clientsuite.redaction import Secret
from hypothesis import given
from hypothesis import strategies as st

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


@given(
    key=st.text(min_size=1, max_size=30),
    path=st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="?#%"), max_size=9),
    body=st.binary(max_size=50),
    method=st.sampled_from(["GET", "POST", "post", "DELETE"]),
)
def test_signing_a_request_without_a_query_equals_the_general_rule(
    key: str, path: str, body: bytes, method: str
) -> None:
    """The direct query of a query-less request (every trigger) is what signed_params gives."""
    auth = PusherAuth(key, Secret(SECRET), clock=lambda: 1353088179.5)
    request = httpx.Request(method, httpx.URL("https://h/apps/3/").join(path.lstrip("/")), content=body)
    expected = signed_params(key, SECRET, method, request.url.path, {}, body, 1353088179)
    signed = auth.sign(request)
    assert dict(signed.url.params) == expected
    assert list(signed.url.params) == list(expected)  # the same order: auth_signature last


def test_sign_and_auth_flow_agree_and_keep_the_secret_hidden() -> None:
    auth = PusherAuth(KEY, Secret(SECRET), clock=lambda: 1353088179)
    direct = auth.sign(httpx.Request("POST", "https://h/apps/3/events", content=BODY))
    flowed = next(auth.auth_flow(httpx.Request("POST", "https://h/apps/3/events", content=BODY)))
    assert direct.url == flowed.url
    assert SECRET not in repr(vars(auth)) and SECRET not in str(auth)
    with pytest.raises(TypeError):
        pickle.dumps(auth)
