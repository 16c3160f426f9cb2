"""Code written as the official README shows runs unchanged on the suite, but for the import.

The script follows pluginlab_admin's README call for call (the hosts point at one recording
server). It runs in a fresh interpreter with ``from pluginlab_admin import ...`` and with
``from clientsuite.pluginlab import ...``; both must print the same and send the same requests.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import subprocess
import sys

from tests.fixtures.recording_server import RecordingServer
from tests.pluginlab.conftest import PLUGIN_ID, SigningKey
from tests.pluginlab.test_parity import IDENTITIES, MEMBER, QUOTA, wire

SCRIPT = """
import os
from pluginlab_admin import App

URL = os.environ["URL"]
app = App(
    secret_key="<PLUGIN_SECRET>",
    plugin_id=os.environ["PLUGIN_ID"],
    auth_url=URL,
    auth_cert_url=URL + "/admin/v1/cert",
    event_url=URL,
    monetization_url=URL + "/v1",
)
auth = app.get_auth()
token = os.environ["TOKEN"]
try:
    payload = auth.verify_token(token)
    premium_plan_id = 'KWsmKyJnHBF2Dz1mETDF'
    plan_id = payload.user.plan_id
    if plan_id:
        if plan_id == premium_plan_id:
            print("special")
        else:
            print("other", plan_id)
    print(payload.uid)
except Exception as e:
    print(f"An error occurred while verifying the token: {e}")

member = auth.get_member_by_email('johndoe@example.com')
if member is None:
    print('No such member.')
else:
    print(f'Member with email {member.auth.email} signed up with method "{member.auth.sign_in_method}"')

member = auth.get_member_by_id('mem_1')
if member is None:
    print('No such member.')
else:
    print(f'Member with id {member.id} (email={member.auth.email}) signed up with method '
          f'"{member.auth.sign_in_method}"')
print(member.custom_fields.get("company"), member.metadata, member.name, member.family_name)

identities = auth.get_member_identities("mem_1")
if identities.google is not None:
    print("Google identity found, access token is ", identities.google.access_token)
if identities.github is not None:
    print("github")

paginated_result = auth.get_members()
for member in paginated_result.items:
    print(member.id)
paginated_result1 = auth.get_members(50)
cursor = paginated_result1.next_page_cursor
if not cursor is None:
    paginated_result2 = auth.get_members(50, cursor)
    print(paginated_result2.total)

created_member = auth.create_member(
        email='johndoe@example.com',
        password='12345',
        is_verified=True,
        metadata={
            'origin': 'backend-sdk'
        }
)
print(created_member.id, created_member.created_at_ms)

auth.update_member(
        id='mem_1',
        given_name="John the king of examples",
        family_name="Doe",
        name="John Doe",
        picture_url="https://example.com/john-doe.png",
        metadata={}
)
auth.delete_member(
    id='mem_1',
)

monetization = app.get_monetization();
quota_usage = monetization.get_member_quota_usage("mem_1");
if quota_usage.is_over_limit:
    print(f'User exceeded their quota, it will be reset in {quota_usage.reset_in_days} days.')
print(quota_usage.usage_count, quota_usage.usage_limit, quota_usage.interval)

from pluginlab_admin import WebhookHeaders, Webhook
webhook = Webhook(os.environ["WEBHOOK_SECRET"])
sig = os.environ["SIGNATURE"]
raw_body = os.environ["BODY"]
print(WebhookHeaders.Signature.value, webhook.is_signature_valid(raw_body, sig))
print(webhook.is_signature_valid(raw_body + " ", sig))

from pluginlab_admin import EventLocation
event = app.get_event();
location = EventLocation(
    country_code="US",
    subdivision_code="CA", # optional
)
event.create_custom(
    event_source="WEB_UI",
    member_id="mem_fd9a1ba5e385e3d97412cdfbd7b8284c4f0c8e18",
    location=location,
    is_in_quota=True
)
print("done")
"""


def _run(script: str, server: RecordingServer, token: str) -> tuple[str, list[tuple[str, str, str]]]:
    body = '{"event":"member.created"}'
    env = os.environ | {
        "URL": server.url,
        "PLUGIN_ID": PLUGIN_ID,
        "TOKEN": token,
        "WEBHOOK_SECRET": "whsec",
        "BODY": body,
        "SIGNATURE": hmac.new(b"whsec", body.encode(), hashlib.sha256).hexdigest(),
    }
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout, [(r.method, r.path, r.body.decode()) for r in server.take()]


def test_the_readme_script_runs_unchanged_on_the_suite(
    recording_server: RecordingServer, signing_key: SigningKey
) -> None:
    base = f"/admin/plugins/{PLUGIN_ID}"
    server = recording_server
    server.route("GET", r"/admin/v1/cert", {"keys": [signing_key.jwk()]})
    server.route("GET", rf"{base}/member/byEmail/.*", wire(MEMBER))
    server.route("GET", rf"{base}/members/mem_1", wire(MEMBER))
    server.route("GET", rf"{base}/members/mem_1/identities", wire(IDENTITIES))
    server.route("GET", rf"{base}/members", {"items": [wire(MEMBER)], "total": 1, "nextPageToken": "n1"})
    server.route("POST", rf"{base}/members", wire(MEMBER), status=201)
    server.route("PATCH", rf"{base}/members/mem_1", wire(MEMBER))
    server.route("DELETE", rf"{base}/members/mem_1", b"", status=204)
    server.route("GET", r"/v1/admin/members/mem_1/quota-usage", wire(QUOTA))
    server.route("POST", r"/events/create-custom", {"id": "evt_1"})
    token = signing_key.token(user={"id": "mem_1", "email": "j@example.com", "planId": "pro"})
    official_output, official_requests = _run(SCRIPT, server, token)
    suite_script = SCRIPT.replace("from pluginlab_admin import", "from clientsuite.pluginlab import")
    assert suite_script.count("clientsuite.pluginlab") == 3
    suite_output, suite_requests = _run(suite_script, server, token)
    assert suite_output == official_output, (suite_output, official_output)
    assert "An error occurred" not in suite_output and suite_output.endswith("done\n")
    # the same calls, in the same order; the official startAfter=None is the one known difference
    assert [r[:2] for r in suite_requests] == [r[:2] for r in official_requests]
    assert len(suite_requests) == 12
