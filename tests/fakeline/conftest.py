"""Fixtures for the fake LINE server's tests: a served fake and LINE's own SDK pointed at it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import urllib3
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessagingApi,
    MessagingApiBlob,
)

from fakeline import FakeLine

SECRET = "test-channel-secret"
TOKEN = "test-access-token"


@pytest.fixture
def make_fake() -> Iterator[Callable[..., FakeLine]]:
    """Build and serve fakes with the tests' secret and token; all are stopped afterwards."""
    started: list[FakeLine] = []

    def make(**options: Any) -> FakeLine:
        started.append(FakeLine(SECRET, TOKEN, **options).start())
        return started[-1]

    yield make
    for served in started:
        served.stop()


@pytest.fixture
def fake(make_fake: Callable[..., FakeLine]) -> FakeLine:
    """A fake LINE platform on a free port (spec validation on wherever ../shared exists)."""
    return make_fake()


@pytest.fixture(params=["spec", "built-in checks only"])
def strict_fake(request: pytest.FixtureRequest, make_fake: Callable[..., FakeLine]) -> FakeLine:
    """A fake with LINE's OpenAPI spec, then one with the fake's own checks alone."""
    if request.param == "spec":
        shared_dir = request.getfixturevalue("shared_dir")
        served = make_fake(spec_dir=shared_dir / "line-openapi")
        assert served.spec_validation
        return served
    return make_fake(validate_spec=False)


@pytest.fixture
def make_api() -> Iterator[Callable[[FakeLine], MessagingApi]]:
    """Build LINE's real SDK clients for the API host of any fake; all are closed afterwards."""
    clients: list[ApiClient] = []

    def make(target: FakeLine) -> MessagingApi:
        clients.append(ApiClient(Configuration(host=target.url, access_token=TOKEN)))
        return MessagingApi(clients[-1])

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def api(fake: FakeLine, make_api: Callable[[FakeLine], MessagingApi]) -> MessagingApi:
    """LINE's real SDK client for the API host, talking HTTP to the fake."""
    return make_api(fake)


@pytest.fixture
def blob(fake: FakeLine) -> Iterator[MessagingApiBlob]:
    """LINE's real SDK client for the data host (content, rich-menu images)."""
    with ApiClient(Configuration(host=fake.data_url, access_token=TOKEN)) as client:
        yield MessagingApiBlob(client)


@pytest.fixture
def user(fake: FakeLine) -> str:
    """A friend of the channel with a Thai name."""
    return fake.add_user(display_name="สมศรี ใจดี")


class Raw:
    """Plain HTTP to the fake, for bodies LINE's SDK refuses to send (it checks some limits)."""

    def __init__(self, fake: FakeLine) -> None:
        self.fake = fake
        self.pool = urllib3.PoolManager()

    def post(
        self,
        path: str,
        body: Any,
        *,
        headers: dict[str, str] | None = None,
        token: str | None = TOKEN,
    ) -> urllib3.BaseHTTPResponse:
        """POST `body` as JSON (bytes go as they are) and return the answer."""
        sent = {"Content-Type": "application/json"}
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        sent.update(headers or {})
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        return self.pool.request("POST", self.fake.url + path, body=data, headers=sent)

    def get(self, path: str) -> urllib3.BaseHTTPResponse:
        """GET `path` with the right token."""
        headers = {"Authorization": f"Bearer {TOKEN}"}
        return self.pool.request("GET", self.fake.url + path, headers=headers)


@pytest.fixture
def raw(fake: FakeLine) -> Iterator[Raw]:
    """Plain HTTP access to the fake."""
    client = Raw(fake)
    yield client
    client.pool.clear()


def _refusal(answer: urllib3.BaseHTTPResponse | ApiException) -> tuple[int, dict[str, Any]]:
    text = answer.body if isinstance(answer, ApiException) else answer.data
    body = json.loads(text)
    assert isinstance(body["message"], str)
    for item in body.get("details", []):
        assert set(item) == {"message", "property"}
    return answer.status, body


@pytest.fixture
def refusal() -> Callable[..., tuple[int, dict[str, Any]]]:
    """Turn an HTTP answer or the SDK's ApiException into (status, body), checking LINE's shape."""
    return _refusal
