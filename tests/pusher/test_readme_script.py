"""Code written as the official README shows runs unchanged on the suite, but for the import.

The script below follows pusher-http-python's README call for call. It runs twice in a fresh
interpreter, once with ``import pusher`` and once with ``from clientsuite import pusher``, against
one recording server; both runs must print the same and send the same requests.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
import sys
import time

from tests.fixtures.recording_server import RecordingServer

SCRIPT = """
import os
import pusher

HOST, PORT = os.environ["HOST"], int(os.environ["PORT"])

pusher_client = pusher.Pusher(app_id=u'4', key=u'key', secret=u'secret', cluster=u'cluster')
pusher_client = pusher.Pusher(u'4', u'key', u'secret', False, HOST, PORT)  # the documented order
print(pusher_client.trigger(u'a_channel', u'an_event', {u'some': u'data'}))
print(pusher_client.trigger([u'a_channel', u'another_channel'], u'an_event', {u'some': u'data'}, "1234.12"))
print(pusher_client.trigger_batch([
    {u'channel': u'a_channel', u'name': u'an_event', u'data': {u'some': u'data'}, u'socket_id': '1234.12'},
    {u'channel': u'a_channel', u'name': u'an_event', u'data': {u'some': u'other data'}}
]))
channels = pusher_client.channels_info(u"presence-", [u'user_count'])
print(channels)
channel = pusher_client.channel_info(u'presence-chatroom', [u"user_count"])
print(channel)
print(pusher_client.users_info(u'presence-chatroom'))
auth = pusher_client.authenticate(channel=u"private-channel", socket_id=u"1234.12")
print(auth)
auth = pusher_client.authenticate(
    channel=u"presence-channel",
    socket_id=u"1234.12",
    custom_data={u'user_id': u'1', u'user_info': {u'twitter': '@pusher'}}
)
print(auth)
webhook = pusher_client.validate_webhook(
    key="key", signature=os.environ["SIGNATURE"], body=os.environ["BODY"]
)
print(webhook["events"])
pusher_client = pusher.Pusher(
    app_id='4',
    key='key',
    secret='secret',
    encryption_master_key_base64='AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    host=HOST,
    port=PORT,
    ssl=False
)
pusher_client.trigger('private-encrypted-my-channel', 'my-event', {'message': 'hello world'})
try:
    pusher_client.trigger({'a': 1}, 'my-event', {})
except TypeError:
    print("TypeError")
"""


def _run(script: str, server: RecordingServer) -> tuple[str, list[tuple[str, str]]]:
    body = json.dumps({"time_ms": int(time.time() * 1000), "events": [{"name": "channel_occupied"}]})
    signature = hmac.new(b"secret", body.encode(), hashlib.sha256).hexdigest()
    env = os.environ | {"HOST": "127.0.0.1", "PORT": str(server.port), "BODY": body, "SIGNATURE": signature}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout, [(r.method, r.raw_path) for r in server.take()]


def test_the_readme_script_runs_unchanged_on_the_suite(recording_server: RecordingServer) -> None:
    recording_server.route("POST", r"/apps/4/events", {})
    recording_server.route("POST", r"/apps/4/batch_events", {})
    recording_server.route("GET", r"/apps/4/channels", {"channels": {"presence-chatroom": {"user_count": 2}}})
    recording_server.route("GET", r"/apps/4/channels/presence-chatroom", {"occupied": True, "user_count": 42})
    recording_server.route("GET", r"/apps/4/channels/presence-chatroom/users", {"users": [{"id": "1035"}]})
    official_output, official_requests = _run(SCRIPT, recording_server)
    suite_script = SCRIPT.replace("\nimport pusher\n", "\nfrom clientsuite import pusher\n")
    assert suite_script != SCRIPT
    suite_output, suite_requests = _run(suite_script, recording_server)
    assert suite_output == official_output
    assert suite_requests == official_requests
    assert len(suite_requests) == 7
    assert suite_output.count("\n") == 10 and suite_output.endswith("TypeError\n")
