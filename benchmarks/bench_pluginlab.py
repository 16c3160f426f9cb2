"""Tokens verified per second: clientsuite's ``verify_token`` vs the official ``pluginlab-admin``
(which downloads the keys on every call) vs PyJWT decoding with the key already in hand.

The key endpoint is a loopback server in its own process; the second half adds 20 ms of latency
to it, as a real network has. Targets: within 1.2x of bare PyJWT; >= 10x the official package on
loopback and >= 100x with the latency.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from loopback import Measured, cpu_of, loopback_server, measure, row, show, summary, verdict

PLUGIN = "bench-plugin"
AUDIENCE = f"plugin:{PLUGIN}:admin"


def _keys() -> tuple[Any, dict[str, Any], str]:
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAPSSAlgorithm.to_jwk(private.public_key())) | {
        "kid": "k1",
        "alg": "PS256",
    }
    now = int(time.time())
    claims = {
        "uid": "m",
        "iss": "i",
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 3600,
        "user": {"id": "m", "email": "e"},
    }
    token = jwt.encode(claims, private, algorithm="PS256", headers={"kid": "k1"})
    return private.public_key(), {"keys": [jwk]}, token


def _measure(latency: float, public_key: Any, jwks: dict[str, Any], token: str) -> Measured:
    import jwt
    from clientsuite.pluginlab import App

    with loopback_server(jwks, delay=latency) as url:
        auth = App("bench-secret", PLUGIN, auth_url=url, auth_cert_url=url).get_auth()
        try:
            from pluginlab_admin import App as Official

            official = Official(
                secret_key="bench-secret", plugin_id=PLUGIN, auth_cert_url=f"{url}/admin/v1/cert"
            )
            official_auth = official.get_auth()
        except ImportError:
            official_auth = None
        n_fast = 2000  # ~0.15 s a round: rounds of a few ms would measure the scheduler, not PyJWT
        n_official = 200 if latency == 0 else 20

        def suite() -> int:
            for _ in range(n_fast):
                auth.verify_token(token)
            return n_fast

        def bare() -> int:
            for _ in range(n_fast):
                jwt.decode(token, public_key, algorithms=["PS256"], audience=AUDIENCE)
            return n_fast

        def official_run() -> int:
            for _ in range(n_official):
                official_auth.verify_token(token)
            return n_official

        contenders = {"suite": suite, "bare PyJWT": bare}
        if official_auth is not None:
            contenders["official"] = official_run
        return measure(contenders, count=5)


def main() -> list[dict[str, Any]]:
    public_key, jwks, token = _keys()
    rows = []
    for latency, official_target in ((0.0, 10.0), (0.02, 100.0)):
        measured = _measure(latency, public_key, jwks, token)
        med = {name: summary(values) for name, values in measured.rate.items()}
        label = "loopback" if latency == 0 else "20 ms key endpoint"
        print(f"[{label}]")
        show(measured, "tokens/s")
        cpu = cpu_of(measured, "suite", "official", "bare PyJWT")
        time_ratio = med["bare PyJWT"][0] / med["suite"][0]
        ok = verdict(time_ratio <= 1.2)
        print(f"[{label}] suite time / bare PyJWT: {time_ratio:.2f}x  target <= 1.2x  {ok}")
        rows.append(
            row(
                "pluginlab",
                f"verify_token, {label} (tokens/s)",
                med["suite"],
                med.get("official"),
                med["bare PyJWT"],
                time_ratio,
                "suite time / bare PyJWT",
                "<= 1.2x",
                time_ratio <= 1.2,
                cpu=cpu,
            )
        )
        if "official" in med:
            speedup = med["suite"][0] / med["official"][0]
            ok = speedup >= official_target
            print(
                f"[{label}] suite / official: {speedup:.0f}x  target >= {official_target:.0f}x  {verdict(ok)}"
            )
            rows.append(
                row(
                    "pluginlab",
                    f"verify_token vs official, {label} (tokens/s)",
                    med["suite"],
                    med["official"],
                    None,
                    speedup,
                    "suite / official",
                    f">= {official_target:.0f}x",
                    ok,
                    cpu=cpu,
                )
            )
        else:
            print("official SDK not installed (pip install -e .[bench]): official ratio not measured")
    return rows


if __name__ == "__main__":
    main()
