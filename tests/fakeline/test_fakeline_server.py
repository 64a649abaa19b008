"""The server under concurrency: keep-alive, one delivery per retry key, clean stops."""

from __future__ import annotations

import ast
import http.client
import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from linebot.v3.messaging import ApiException, PushMessageRequest, TextMessage

import fakeline
from fakeline import FakeLine


def test_connections_are_kept_alive(fake: FakeLine):
    connection = http.client.HTTPConnection("127.0.0.1", int(fake.url.rsplit(":", 1)[1]))
    try:
        headers = {"Authorization": f"Bearer {fake.access_token}"}
        for _ in range(3):
            connection.request("GET", "/v2/bot/info", headers=headers)
            answer = connection.getresponse()
            answer.read()
            assert (answer.status, answer.version, answer.will_close) == (200, 11, False)
            assert connection.sock is not None  # http.client drops a socket the server closes
    finally:
        connection.close()
    assert len(fake.calls()) == 3


def test_concurrent_retries_of_one_push_deliver_once(fake, api, user):
    key = str(uuid.uuid4())
    request = PushMessageRequest(to=user, messages=[TextMessage(text="พร้อมกัน")])

    def attempt(_: int) -> int:
        try:
            return api.push_message_with_http_info(request, x_line_retry_key=key).status_code
        except ApiException as exc:
            return exc.status

    with ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(attempt, range(24)))
    assert statuses == [200] + [409] * 23
    assert len(fake.messages_for(user)) == 1


def test_many_threads_are_all_recorded(fake, api):
    users = [fake.add_user() for _ in range(8)]

    def send(user: str) -> None:
        for n in range(25):
            api.push_message(PushMessageRequest(to=user, messages=[TextMessage(text=str(n))]))

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(send, users))
    for user in users:
        assert [d.message["text"] for d in fake.messages_for(user)] == [str(n) for n in range(25)]
    assert fake.stats()["endpoints"]["POST /v2/bot/message/push"] == {"200": 200}


def test_stop_returns_promptly_with_idle_connections_open(make_fake, api):
    fake = make_fake()
    connection = http.client.HTTPConnection("127.0.0.1", int(fake.url.rsplit(":", 1)[1]))
    try:
        connection.request("GET", "/v2/bot/info")
        assert json.loads(connection.getresponse().read())["message"]
        started = time.monotonic()
        fake.stop()
        assert time.monotonic() - started < 1
    finally:
        connection.close()


def test_the_fake_never_imports_line_sdk():
    # Only one module of the product may import linebot, and the fake is LINE's side anyway.
    package = Path(fakeline.__file__).parent
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "linebot" for n in names), source


def test_wait_for_messages_returns_once_a_worker_thread_sends(fake, api, user):
    def later() -> None:
        time.sleep(0.1)
        api.push_message(PushMessageRequest(to=user, messages=[TextMessage(text="มาแล้วค่ะ")]))

    worker = threading.Thread(target=later)
    worker.start()
    [delivered] = fake.wait_for_messages(user, 1, timeout=5)
    worker.join()
    assert delivered.message["text"] == "มาแล้วค่ะ"
    with pytest.raises(TimeoutError):
        fake.wait_for_messages(user, 2, timeout=0.05)
