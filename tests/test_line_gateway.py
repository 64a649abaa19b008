"""The LINE gateway against the fake LINE platform over real HTTP, with LINE's spec enforced."""

import inspect
import re
import shutil
import uuid

import linebot
import pytest
from linebot.v3.messaging import ApiClient

from bot.line.answers import ContentGone, LineError
from bot.line.gateway import CALL_API_CHECKED_WITH
from fakeline import FakeLine
from fakeline.server import self_signed_certificate, tls_context
from tests.support.app import REPO


@pytest.fixture
def gateway(app):
    return app.extensions["line_gateway"]


def test_requests_are_checked_against_lines_official_spec(fake_line, shared_dir):
    assert fake_line.spec_validation  # every call below passed messaging-api.yml


def test_thai_text_and_buttons_arrive_intact(gateway, fake_line):
    user = fake_line.add_user()
    message = {
        "type": "text",
        "text": "สวัสดีค่ะ 🙏 พร้อมเริ่มไหมคะ",
        "quickReply": {
            "items": [
                {
                    "type": "action",
                    "action": {
                        "type": "postback",
                        "label": "พร้อม",
                        "data": "v=1",
                        "displayText": "พร้อม",
                    },
                }
            ]
        },
    }
    result = gateway.reply(fake_line.issue_reply_token(user), [message])
    assert result.request_id
    (got,) = fake_line.messages_for(user)
    assert got.message["text"] == message["text"]
    assert got.message["quickReply"]["items"][0]["action"]["label"] == "พร้อม"


def test_multicast_goes_once_per_retry_key(gateway, fake_line):
    users = [fake_line.add_user() for _ in range(3)]
    key = str(uuid.uuid4())
    message = {"type": "text", "text": "อบรมวันเสาร์ 9 โมงค่ะ"}
    assert not gateway.multicast(users, [message], key).already_accepted
    assert gateway.multicast(users, [message], key).already_accepted  # a retry: LINE says 409
    assert [len(fake_line.messages_for(u)) for u in users] == [1, 1, 1]


def test_a_malformed_message_never_leaves(gateway, fake_line):
    user = fake_line.add_user()
    question = {"type": "text", "text": "ถ่ายรูปแล้วหรือยังคะ"}
    gateway.push(user, [question], str(uuid.uuid4()))
    gateway.push(user, [question], str(uuid.uuid4()))  # the same message, checked before
    for broken in ({"type": "text"}, {"type": "textt", "text": "สวัสดีค่ะ"}):
        with pytest.raises(ValueError):
            gateway.push(user, [question, broken], str(uuid.uuid4()))
    assert len(fake_line.messages_for(user)) == 2


def test_profile_of_a_friend_and_of_someone_who_blocked(gateway, fake_line):
    user = fake_line.add_user(display_name="ลุงมา")
    assert gateway.get_profile(user).display_name == "ลุงมา"
    fake_line.block(user)
    assert gateway.get_profile(user) is None


def test_content_is_downloaded_from_the_data_host(gateway, fake_line):
    user = fake_line.add_user()
    event = fake_line.image_event(user, b"\x89PNG fake", content_type="image/png")
    content = gateway.get_content(event["message"]["id"])
    assert (content.body, content.content_type) == (b"\x89PNG fake", "image/png")
    (call,) = fake_line.calls(path=f"/v2/bot/message/{event['message']['id']}/content")
    assert call.host == "data"  # LINE serves content from api-data.line.me only


def test_unsent_content_is_gone(gateway, fake_line):
    user = fake_line.add_user()
    event = fake_line.image_event(user, b"jpeg")
    fake_line.unsend(event["message"]["id"])
    with pytest.raises(ContentGone):
        gateway.get_content(event["message"]["id"])


def test_loading_animation_is_best_effort(gateway, fake_line):
    user = fake_line.add_user()
    gateway.show_loading(user)
    fake_line.fail_next(1, status=500, path="/v2/bot/chat/loading/start")
    gateway.show_loading(user)  # a failure never stops the turn
    statuses = [c.status for c in fake_line.calls(path="/v2/bot/chat/loading/start")]
    assert statuses == [202, 500]


def test_wrong_token_is_a_clear_error(backend, fake_line, tmp_path):
    from tests.support.app import drop_app, make_app

    app = make_app(backend, fake_line, tmp_path, line_channel_access_token="wrong")
    with pytest.raises(LineError) as caught:
        app.extensions["line_gateway"].push(
            fake_line.add_user(), [{"type": "text", "text": "x"}], str(uuid.uuid4())
        )
    assert caught.value.status == 401
    drop_app(app, backend)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A throwaway certificate for 127.0.0.1."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not on this machine")
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


def test_https_with_a_private_ca_as_line_speaks_it(certificate, backend, tmp_path):
    """LINE is HTTPS only; a stand-in with its own CA is trusted through LINE_CA_BUNDLE."""
    from tests.support.app import SECRET, TOKEN, drop_app, make_app
    from tests.support.chat import Chat

    cert, key = certificate
    fake = FakeLine(channel_secret=SECRET, access_token=TOKEN).start(tls=tls_context(cert, key))
    try:
        assert fake.url.startswith("https://")
        app = make_app(backend, fake, tmp_path, line_ca_bundle=str(cert))
        me = Chat(app, app.test_client(), fake)
        assert len(me.follow()) == 3
        drop_app(app, backend)

        untrusting = make_app(backend, fake, tmp_path / "other")
        with pytest.raises(LineError):  # an unknown CA is refused, not silently trusted
            untrusting.extensions["line_gateway"].push(
                fake.add_user(), [{"type": "text", "text": "x"}], str(uuid.uuid4())
            )
        drop_app(untrusting, backend)
    finally:
        fake.stop()


def test_every_kind_of_button_is_one_line_accepts(gateway, fake_line, shared_dir):
    from bot.line.messages import Button, Image, Text

    buttons = (
        Button(label="ยินยอม", data="f=onboarding&s=consent&v=given"),
        Button(label="พิมพ์ว่าสวัสดี", kind="message", text="สวัสดี"),
        Button(label="ถ่ายรูป", kind="camera"),
        Button(label="เลือกรูป", kind="camera_roll"),
        Button(label="ส่งตำแหน่ง", kind="location"),
        Button(label="เลือกวันไลฟ์", kind="datetime", data="f=live&s=when", min="2026-12-25T20:00"),
    )
    picture = Image("https://example.com/tip.jpg", buttons=buttons)
    messages = [Text("เลือกได้เลยค่ะ").to_line(), picture.to_line()]
    user = fake_line.add_user()
    gateway.reply(fake_line.issue_reply_token(user), messages)  # LINE's spec and rules: all pass
    assert len(fake_line.messages_for(user)) == 2


def test_the_sdk_internal_call_is_pinned_to_the_sdk_in_the_requirements():
    """The gateway posts messages through the SDK's internal ApiClient.call_api (cheaper than
    the documented methods); an SDK upgrade must fail here first, to be checked by a person."""
    requirements = (REPO / "requirements.txt").read_text(encoding="utf-8")
    pinned = re.search(r"^line-bot-sdk==(\S+)$", requirements, re.M).group(1)
    assert pinned == linebot.__version__ == CALL_API_CHECKED_WITH
    used = {"header_params", "body", "auth_settings", "response_types_map", "_request_timeout"}
    parameters = list(inspect.signature(ApiClient.call_api).parameters)
    assert parameters[1:3] == ["resource_path", "method"] and used <= set(parameters)
