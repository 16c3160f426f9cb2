"""PluginLab admin, offline: verify a token signed by a key made here, a member, quota usage."""

from __future__ import annotations

import time
from typing import Any

import jwt
from clientsuite.pluginlab import App, InvalidTokenError
from cryptography.hazmat.primitives.asymmetric import rsa
from rich.console import Console

from examples.report import Report

PLUGIN_ID = "demo-plugin"


def run(console: Console) -> dict[str, Any]:
    report = Report(console, "PluginLab admin")
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = jwt.algorithms.RSAPSSAlgorithm.to_jwk(private_key.public_key(), as_dict=True) | {"kid": "demo-1"}
    now = int(time.time())
    claims = {
        "uid": "mem_1",
        "iss": "https://auth.pluginlab.ai",
        "aud": f"plugin:{PLUGIN_ID}:admin",
        "iat": now,
        "exp": now + 600,
        "user": {"id": "mem_1", "email": "john@example.com", "planId": "pro"},
    }
    token = jwt.encode(claims, private_key, algorithm="PS256", headers={"kid": "demo-1"})
    app = App("", PLUGIN_ID, offline=True, signing_keys={"keys": [jwk]})
    auth = app.get_auth()
    payload = report.step("verify_token(token)", auth.verify_token(token))
    try:
        auth.verify_token(
            jwt.encode(claims | {"exp": now - 10}, private_key, algorithm="PS256", headers={"kid": "demo-1"})
        )
    except InvalidTokenError as error:
        refused = report.step("verify_token(expired token)", f"InvalidTokenError: {error.reason}")
    member = report.step(
        "get_member_by_email('johndoe@example.com')", auth.get_member_by_email("johndoe@example.com")
    )
    usage = report.step(
        "get_member_quota_usage(member.id)", app.get_monetization().get_member_quota_usage(member.id)
    )
    report.show()
    return {"uid": payload.uid, "refused": refused, "member": member.id, "usage": usage.usage_count}


if __name__ == "__main__":
    run(Console())
