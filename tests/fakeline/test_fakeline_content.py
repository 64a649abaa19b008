"""Data the bot reads back: message content (data host), profiles and rich menus."""

from __future__ import annotations

import io

import pytest
from linebot.v3.messaging import (
    ApiException,
    CreateRichMenuAliasRequest,
    MessagingApi,
    MessagingApiBlob,
    PostbackAction,
    RichMenuArea,
    RichMenuBounds,
    RichMenuBulkLinkRequest,
    RichMenuRequest,
    RichMenuSize,
    UpdateRichMenuAliasRequest,
)
from PIL import Image

from fakeline import FakeLine, new_user_id

PHOTO = b"\xff\xd8\xff\xe0 a product photo"


def picture(width: int, height: int, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "green").save(out, kind)
    return out.getvalue()


def test_content_of_a_photo_is_served_with_its_type(fake, blob: MessagingApiBlob, user):
    message_id = fake.image_event(user, PHOTO)["message"]["id"]
    answer = blob.get_message_content_with_http_info(message_id)
    assert (answer.status_code, bytes(answer.data)) == (200, PHOTO)
    assert answer.headers["Content-Type"] == "image/jpeg"
    assert answer.headers["x-line-request-id"]
    assert fake.calls()[-1].host == "data"


def test_unknown_content_is_404(blob, refusal):
    with pytest.raises(ApiException) as caught:
        blob.get_message_content("123456")
    assert refusal(caught.value) == (404, {"message": "Not found"})


def test_unsent_content_is_410(fake, blob, refusal, user):
    message_id = fake.image_event(user, PHOTO)["message"]["id"]
    fake.unsend_event(user, message_id)
    with pytest.raises(ApiException) as caught:
        blob.get_message_content(message_id)
    assert refusal(caught.value) == (410, {"message": "The content is gone"})


def test_video_answers_202_while_being_prepared(fake, blob, user):
    message_id = fake.video_event(user, b"mp4 bytes", preparing=1)["message"]["id"]
    assert blob.get_message_content_transcoding_by_message_id(message_id).status == "processing"
    assert blob.get_message_content_with_http_info(message_id).status_code == 202
    assert blob.get_message_content_transcoding_by_message_id(message_id).status == "succeeded"
    assert bytes(blob.get_message_content(message_id)) == b"mp4 bytes"


def test_profile_of_a_friend(fake, api: MessagingApi):
    user = fake.add_user(display_name="ป้าแดง ผ้าทอ", picture_url="https://x.th/p.jpg")
    profile = api.get_profile(user)
    assert (profile.display_name, profile.language, profile.picture_url) == (
        "ป้าแดง ผ้าทอ",
        "th",
        "https://x.th/p.jpg",
    )


@pytest.mark.parametrize("who", ["unknown", "blocked"])
def test_profile_of_a_stranger_or_blocker_is_404(fake, api, refusal, user, who):
    target = new_user_id() if who == "unknown" else user
    fake.block(user)
    with pytest.raises(ApiException) as caught:
        api.get_profile(target)
    assert refusal(caught.value) == (404, {"message": "Not found"})


def menu_request(name: str = "ขั้นที่ 1") -> RichMenuRequest:
    return RichMenuRequest(
        size=RichMenuSize(width=2500, height=843),
        selected=False,
        name=name,
        chat_bar_text="เมนูโค้ช",
        areas=[
            RichMenuArea(
                bounds=RichMenuBounds(x=0, y=0, width=1250, height=843),
                action=PostbackAction(label="บทเรียน", data="menu=lesson"),
            )
        ],
    )


def upload(blob: MessagingApiBlob, rich_menu_id: str, data: bytes, kind: str = "image/png"):
    blob.set_rich_menu_image(rich_menu_id, data, _headers={"Content-Type": kind})


def test_rich_menu_create_upload_link_and_read_back(fake, api, blob, user):
    rich_menu_id = api.create_rich_menu(menu_request()).rich_menu_id
    image = picture(2500, 843)
    upload(blob, rich_menu_id, image)
    api.link_rich_menu_id_to_user(user, rich_menu_id)
    assert api.get_rich_menu_id_of_user(user).rich_menu_id == rich_menu_id
    assert api.get_rich_menu(rich_menu_id).chat_bar_text == "เมนูโค้ช"
    assert bytes(blob.get_rich_menu_image(rich_menu_id)) == image
    assert [m.rich_menu_id for m in api.get_rich_menu_list().richmenus] == [rich_menu_id]
    api.unlink_rich_menu_id_from_user(user)
    with pytest.raises(ApiException) as caught:
        api.get_rich_menu_id_of_user(user)
    assert caught.value.status == 404


def test_rich_menu_without_image_cannot_be_linked(api, refusal, user):
    rich_menu_id = api.create_rich_menu(menu_request()).rich_menu_id
    with pytest.raises(ApiException) as caught:
        api.link_rich_menu_id_to_user(user, rich_menu_id)
    assert refusal(caught.value)[0] == 400


@pytest.mark.parametrize(
    ("data", "kind", "status"),
    [
        (picture(600, 300), "image/png", 400),  # narrower than 800 px
        (picture(1000, 1000), "image/png", 400),  # not 1.45 times wider than high
        (picture(2500, 843, "JPEG"), "image/png", 400),  # says PNG, is JPEG
        (picture(2500, 843, "GIF"), "image/gif", 415),
    ],
)
def test_rich_menu_image_rules(api, blob, refusal, data, kind, status):
    rich_menu_id = api.create_rich_menu(menu_request()).rich_menu_id
    with pytest.raises(ApiException) as caught:
        upload(blob, rich_menu_id, data, kind)
    assert refusal(caught.value)[0] == status


def test_rich_menu_image_is_uploaded_once(api, blob, refusal):
    rich_menu_id = api.create_rich_menu(menu_request()).rich_menu_id
    upload(blob, rich_menu_id, picture(2500, 843))
    with pytest.raises(ApiException) as caught:
        upload(blob, rich_menu_id, picture(2500, 843))
    assert refusal(caught.value)[0] == 400


def test_rich_menu_object_rules(raw, refusal):
    body = menu_request().to_dict() | {"chatBarText": "เมนูสำหรับผู้ผลิตสินค้าโอทอป"}
    status, answer = refusal(raw.post("/v2/bot/richmenu", body))
    assert status == 400
    assert any(d["property"] == "chatBarText" for d in answer["details"])


def test_default_menu_aliases_and_bulk_link(fake: FakeLine, api, blob, user):
    first = api.create_rich_menu(menu_request("ขั้นที่ 1")).rich_menu_id
    second = api.create_rich_menu(menu_request("ขั้นที่ 2")).rich_menu_id
    for rich_menu_id in (first, second):
        upload(blob, rich_menu_id, picture(2500, 843))
    api.set_default_rich_menu(first)
    assert api.get_default_rich_menu_id().rich_menu_id == first
    api.cancel_default_rich_menu()

    api.create_rich_menu_alias(
        CreateRichMenuAliasRequest(rich_menu_alias_id="stage-1", rich_menu_id=first)
    )
    api.update_rich_menu_alias("stage-1", UpdateRichMenuAliasRequest(rich_menu_id=second))
    assert api.get_rich_menu_alias("stage-1").rich_menu_id == second
    assert [a.rich_menu_alias_id for a in api.get_rich_menu_alias_list().aliases] == ["stage-1"]
    api.delete_rich_menu_alias("stage-1")
    assert api.get_rich_menu_alias_list().aliases == []

    other = fake.add_user()
    answer = api.link_rich_menu_id_to_users_with_http_info(
        RichMenuBulkLinkRequest(rich_menu_id=second, user_ids=[user, other])
    )
    assert answer.status_code == 202
    assert api.get_rich_menu_id_of_user(other).rich_menu_id == second
    api.delete_rich_menu(second)
    with pytest.raises(ApiException) as caught:
        api.get_rich_menu_id_of_user(other)
    assert caught.value.status == 404
