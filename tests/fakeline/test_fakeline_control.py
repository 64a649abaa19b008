"""Out-of-process use: the /_fake/ control API and `python -m fakeline`."""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import urllib3
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessagingApi,
    PushMessageRequest,
    ReplyMessageRequest,
    TextMessage,
)

from fakeline.server import self_signed_certificate


class Control:
    """JSON over HTTP to a fake's /_fake/ API (and raw access to its LINE endpoints)."""

    def __init__(self, base: str, ca_certs: str | None = None) -> None:
        self.base = base
        self.pool = urllib3.PoolManager(ca_certs=ca_certs)

    def __call__(self, method: str, path: str, body: Any = None) -> Any:
        answer = self.pool.request(method, f"{self.base}/_fake{path}", json=body)
        assert answer.status == 200, answer.data
        return json.loads(answer.data)

    def request(self, method: str, path: str, **options: Any) -> urllib3.BaseHTTPResponse:
        return self.pool.request(method, self.base + path, **options)


@pytest.fixture
def control(fake) -> Iterator[Control]:
    client = Control(fake.url)
    yield client
    client.pool.clear()


def test_control_api_drives_a_whole_exchange(control, api):
    user = control("POST", "/users", {"display_name": "ลุงชม"})["user_id"]
    event = control("POST", "/events/text", {"user_id": user, "text": "สวัสดีครับ"})
    reply = ReplyMessageRequest(
        reply_token=event["replyToken"], messages=[TextMessage(text="สวัสดีค่ะ ลุงชม")]
    )
    api.reply_message(reply)
    [message] = control("GET", f"/messages/{user}?count=1&timeout=5")["messages"]
    assert (message["via"], message["message"]["text"]) == ("reply", "สวัสดีค่ะ ลุงชม")
    assert control("GET", f"/messages/{user}?count=2&timeout=0.05")["timed_out"]
    stats = control("GET", "/stats")
    assert stats["endpoints"]["POST /v2/bot/message/reply"] == {"200": 1}
    assert stats["delivered"] == 1
    [call] = control("GET", "/calls?path=/v2/bot/message/reply")["calls"]
    assert (call["status"], call["json"]["replyToken"]) == (200, event["replyToken"])


def test_control_api_injects_faults(control, api):
    user = control("POST", "/users", {})["user_id"]
    control("POST", "/faults/fail-next", {"n": 1, "status": 500})
    with pytest.raises(ApiException) as caught:
        api.push_message(PushMessageRequest(to=user, messages=[TextMessage(text="ก")]))
    assert caught.value.status == 500
    assert control("GET", "/stats")["faults"] == {"error": 1}
    control("POST", "/faults", {"error_rate": 1.0, "paths": ["/v2/bot/info"]})
    with pytest.raises(ApiException):
        api.get_bot_info()
    control("DELETE", "/faults")
    assert api.get_bot_info().display_name


def test_control_api_advances_the_clock(control, api):
    user = control("POST", "/users", {})["user_id"]
    token = control("POST", "/reply-tokens", {"user_id": user})["reply_token"]
    control("POST", "/clock/advance", {"seconds": 61})
    with pytest.raises(ApiException) as caught:
        api.reply_message(ReplyMessageRequest(reply_token=token, messages=[TextMessage(text="ก")]))
    assert json.loads(caught.value.body) == {"message": "Invalid reply token"}


def test_control_api_stores_content_and_builds_signed_bodies(fake, control):
    headers = {"Content-Type": "video/mp4"}
    assert (
        control.request("PUT", "/_fake/content/43?preparing=1", body=b"mp4", headers=headers).status
        == 200
    )
    auth = {"Authorization": f"Bearer {fake.access_token}"}
    statuses = [
        control.request("GET", "/data/v2/bot/message/43/content", headers=auth).status for _ in "ab"
    ]
    assert statuses == [202, 200]

    user = control("POST", "/users", {})["user_id"]
    photo = base64.b64encode(b"jpg").decode()
    event = control("POST", "/events/image", {"user_id": user, "content_b64": photo})
    answer = control.request(
        "GET", f"/data/v2/bot/message/{event['message']['id']}/content", headers=auth
    )
    assert answer.data == b"jpg"
    signed = control("POST", "/webhook-body", {"events": [event]})
    assert fake.sign(signed["body"]) == signed["signature"]

    control("POST", "/reset")
    assert control("GET", "/stats")["calls"] == 0
    assert fake.state.users == {}


def test_control_api_reports_bad_arguments(control):
    answer = control.request("POST", "/_fake/events/nonsense", json={})
    assert answer.status == 400
    assert "unknown event kind" in json.loads(answer.data)["message"]
    assert control.request("POST", "/_fake/events/text", json={"user_id": "x"}).status == 400


@pytest.mark.parametrize("server", ["threads", "granian"])
def test_command_line_serves_until_terminated(server, tmp_path):
    command = [sys.executable, "-m", "fakeline", "--access-token", "cli-token"]
    command += ["--server", server, "--port", "0" if server == "threads" else str(free_port())]
    ca = None
    if server == "granian":  # over HTTPS, as the benchmarks serve it
        cert, key = self_signed_certificate(tmp_path)
        command += ["--tls-cert", str(cert), "--tls-key", str(key)]
        ca = str(cert)
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True) as process:
        try:
            line = ""
            while "serving LINE API at http" not in line:  # after any spec warning
                line = process.stderr.readline()
                assert line, "python -m fakeline exited before serving"
            control = Control(line.split(" at ")[1].split()[0], ca)
            assert control("GET", "/health")["ok"]
            user = control("POST", "/users", {})["user_id"]
            config = Configuration(host=control.base, access_token="cli-token", ssl_ca_cert=ca)
            with ApiClient(config) as client:
                request = PushMessageRequest(to=user, messages=[TextMessage(text="จากอีกโปรเซส")])
                MessagingApi(client).push_message(request)
            [message] = control("GET", f"/messages/{user}")["messages"]
            assert message["message"]["text"] == "จากอีกโปรเซส"
            control.pool.clear()
        finally:
            process.terminate()  # SIGTERM; a background job may be ignoring SIGINT
            try:
                returncode = process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                raise
    assert returncode == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
