"""Where ../shared is absent the fake still runs, says so once, and enforces its own rules."""

from __future__ import annotations

import logging
import uuid

import pytest
from linebot.v3.messaging import PushMessageRequest, TextMessage

from fakeline import FakeLine, spec

TEXT = {"type": "text", "text": "ก"}


@pytest.fixture
def fake(tmp_path, monkeypatch, make_fake, caplog) -> FakeLine:
    """A fake (built twice, to show the warning comes once) with every spec location hidden."""
    monkeypatch.setenv("SHARED_DIR", str(tmp_path))
    monkeypatch.setattr(spec, "REPO_SHARED", tmp_path)
    spec.warn_missing.cache_clear()
    with caplog.at_level(logging.WARNING, logger="fakeline"):
        make_fake(spec_dir=tmp_path)
        return make_fake(spec_dir=tmp_path)


def test_without_spec_the_fake_warns_once_and_says_so(fake, caplog):
    assert not fake.spec_validation and fake.spec_path is None
    warnings = [r.message for r in caplog.get_records("setup") if r.name == "fakeline"]
    assert len(warnings) == 1
    assert "applies only its built-in checks" in warnings[0]


def test_without_spec_the_fake_serves_and_enforces_its_rules(fake, api, raw, refusal, user):
    api.push_message(PushMessageRequest(to=user, messages=[TextMessage(text="ยังใช้ได้")]))
    push = "/v2/bot/message/push"
    assert refusal(raw.post(push, {"to": user, "messages": [TEXT] * 6}))[0] == 400
    assert refusal(raw.post(push, {"to": user, "messages": [{"type": "text"}]}))[0] == 400
    assert refusal(raw.post(push, {"messages": [TEXT]}))[1]["details"] == [
        {"message": "Must be specified", "property": "to"}
    ]
    loading = {"chatId": user, "loadingSeconds": 61}
    assert refusal(raw.post("/v2/bot/chat/loading/start", loading))[0] == 400
    many = {"to": [user] * 501, "messages": [TEXT]}
    assert refusal(raw.post("/v2/bot/message/multicast", many))[0] == 400
    bad_key = {"X-Line-Retry-Key": "not-a-uuid"}
    assert refusal(raw.post(push, {"to": user, "messages": [TEXT]}, headers=bad_key))[0] == 400
    key = {"X-Line-Retry-Key": str(uuid.uuid4())}
    assert raw.post(push, {"to": user, "messages": [TEXT]}, headers=key).status == 200
    assert refusal(raw.post(push, {"to": user, "messages": [TEXT]}, headers=key))[0] == 409
    assert len(fake.messages_for(user)) == 2


def test_spec_is_found_through_shared_dir_or_spec_dir(shared_dir, monkeypatch):
    monkeypatch.setenv("SHARED_DIR", str(shared_dir))
    monkeypatch.setattr(spec, "REPO_SHARED", shared_dir / "nowhere")
    found = (shared_dir / "line-openapi" / "messaging-api.yml").resolve()
    assert spec.find_spec() == found
    monkeypatch.delenv("SHARED_DIR")
    assert spec.find_spec(shared_dir) == spec.find_spec(shared_dir / "line-openapi") == found
