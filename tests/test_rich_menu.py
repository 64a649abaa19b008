"""The rich menu: its picture, and `flask richmenu sync` against the fake LINE platform."""

import io
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image, ImageColor, ImageFont

from bot.line import rich_menu
from tests.support.app import drop_app, make_app

# The conversation engine handles exactly these (issue 4, section 5).
ENGINE_POSTBACKS = {
    "ทำบทเรียนต่อ": "a=continue",
    "ความคืบหน้า": "a=progress",
    "เมนูทั้งหมด": "a=menu",
    "คุยกับเจ้าหน้าที่": "a=human",
    "เริ่มบทนี้ใหม่": "a=restart",
    "ตั้งค่าแจ้งเตือน": "a=notify",
}
CREATE = "/v2/bot/richmenu"


@pytest.fixture
def gateway(app):
    return app.extensions["line_gateway"]


def sync(app):
    return app.test_cli_runner().invoke(args=["richmenu", "sync"])


def creates(fake_line):
    return [c for c in fake_line.calls(path=CREATE, method="POST") if c.status == 200]


def changed_definition(monkeypatch):
    first, *rest = rich_menu.TILES
    monkeypatch.setattr(rich_menu, "TILES", (replace(first, label="เรียนต่อเลย"), *rest))


# --- the menu and its picture ------------------------------------------------------------------


def test_buttons_send_the_postbacks_the_engine_handles():
    menu = rich_menu.build()
    actions = [area["action"] for area in menu.body["areas"]]
    assert {a["label"]: a["data"] for a in actions} == ENGINE_POSTBACKS
    assert all(a["type"] == "postback" and a["displayText"] == a["label"] for a in actions)
    assert all(len(a["label"]) <= 20 for a in actions)
    assert menu.body["chatBarText"] == "เมนูโค้ช" and menu.name.startswith("otop-coach ")


def test_buttons_cover_the_picture_without_overlap():
    menu = rich_menu.build()
    boxes = [area["bounds"] for area in menu.body["areas"]]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart_x = a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
            apart_y = a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
            assert apart_x or apart_y, (a, b)
    size = menu.body["size"]
    assert sum(b["width"] * b["height"] for b in boxes) == size["width"] * size["height"]


def test_picture_is_a_png_of_the_menus_size_under_1_mb_and_the_same_every_time():
    menu = rich_menu.build()
    with Image.open(io.BytesIO(menu.image)) as picture:
        assert (picture.format, picture.size) == ("PNG", (2500, 843))
    assert menu.content_type == "image/png" and len(menu.image) < 1024 * 1024
    again = rich_menu.build()
    assert (again.image, again.name) == (menu.image, menu.name)


def test_every_tile_shows_a_big_dark_label():
    with Image.open(io.BytesIO(rich_menu.build().image)) as picture:
        pixels = np.asarray(picture.convert("RGB"), dtype=int)
    text = np.array(ImageColor.getrgb(rich_menu.TEXT))
    inside = 2 * rich_menu.GAP  # within the tile's dark border, which is not text
    for index, tile in enumerate(rich_menu.TILES):
        x, y, width, height = rich_menu.bounds(index)
        band = pixels[y + height // 2 : y + height - inside, x + inside : x + width - inside]
        ink = np.abs(band - text).sum(axis=2) < 40
        rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
        assert ink.mean() > 0.08, tile.label  # a blank tile has none
        assert rows[-1] - rows[0] > 100 and columns[-1] - columns[0] > width / 2, tile.label


def test_sarabun_draws_every_thai_letter_of_the_labels():
    """A font without Thai draws the same empty box for every letter; Sarabun draws each one."""
    font = rich_menu.label_font(60)
    assert font.layout_engine == ImageFont.Layout.RAQM  # Thai marks stack only with raqm

    def ink(text: str) -> bytes:
        mask = font.getmask(text, language="th")
        return bytes(mask.size) + bytes(mask)

    missing = ink("\u0b85")  # Tamil: not in Sarabun, so the "missing glyph" box
    assert ink("\u0b86") == missing  # (which is the same for any letter it lacks)
    letters = {c for label in ENGINE_POSTBACKS for c in label} | set(rich_menu.CHAT_BAR_TEXT)
    assert [c for c in sorted(letters) if ink(c) == missing] == []


# --- syncing with LINE -------------------------------------------------------------------------


def test_sync_creates_the_menu_uploads_its_picture_and_makes_it_the_default(
    app, gateway, fake_line
):
    result = sync(app)
    assert result.exit_code == 0, result.output
    menu = rich_menu.build()
    (created,) = creates(fake_line)  # the fake checked it against LINE's spec and rules
    menu_id = created.response["richMenuId"]
    assert created.json == menu.body
    (upload,) = fake_line.calls(path=f"/v2/bot/richmenu/{menu_id}/content", method="POST")
    assert (upload.host, upload.status, upload.headers["Content-Type"]) == (
        "data",
        200,
        "image/png",
    )
    assert gateway.get_default_rich_menu_id() == menu_id
    assert gateway.get_rich_menu_image(menu_id) == menu.image
    assert f"✓ rich menu {menu.name} ({menu_id}): created; picture uploaded" in result.output
    assert "made the default for everyone" in result.output


def test_a_second_sync_changes_nothing(app, fake_line):
    assert sync(app).exit_code == 0
    before = len(fake_line.calls())
    again = sync(app)
    assert again.exit_code == 0 and "unchanged, already the default" in again.output
    writes = [c for c in fake_line.calls()[before:] if c.method != "GET"]
    assert writes == []  # no create, upload, default or delete: LINE's budget untouched


def test_a_changed_menu_replaces_ours_but_never_a_menu_we_did_not_make(
    app, gateway, fake_line, monkeypatch
):
    theirs = dict(rich_menu.build().body, name="เมนูของร้านป้าแดง")
    foreign = gateway.create_rich_menu(theirs)
    assert sync(app).exit_code == 0
    first, first_name = gateway.get_default_rich_menu_id(), rich_menu.build().name

    changed_definition(monkeypatch)
    result = sync(app)
    assert result.exit_code == 0, result.output
    assert len(creates(fake_line)) == 3  # the foreign one, ours, ours again
    current = gateway.get_default_rich_menu_id()
    assert current != first
    menus = {m.rich_menu_id: m.name for m in gateway.list_rich_menus()}
    assert set(menus) == {foreign, current}
    assert menus[current] == rich_menu.build().name
    assert f"deleted our older {first_name}" in result.output


def test_a_line_failure_exits_non_zero_and_keeps_the_previous_default(
    app, gateway, fake_line, monkeypatch
):
    assert sync(app).exit_code == 0
    previous = gateway.get_default_rich_menu_id()

    changed_definition(monkeypatch)
    fake_line.fail_next(10, status=500, path="/v2/bot/user/all/richmenu/")  # set default
    result = sync(app)
    assert result.exit_code == 1
    assert "✗ rich menu" in result.output and "LINE 500" in result.output
    assert "the default menu is as it was" in result.output
    assert gateway.get_default_rich_menu_id() == previous
    assert len(gateway.list_rich_menus()) == 2  # the old one is not deleted either

    fake_line.clear_faults()
    finished = sync(app)  # finishes with the menu made last time: no second create
    assert finished.exit_code == 0, finished.output
    assert len(creates(fake_line)) == 2
    assert gateway.get_default_rich_menu_id() != previous
    assert [m.name for m in gateway.list_rich_menus()] == [rich_menu.build().name]


def test_a_menu_left_without_its_picture_is_finished_not_made_again(app, gateway, fake_line):
    menu = rich_menu.build()
    half_done = gateway.create_rich_menu(menu.body)  # as if a sync died after creating
    result = sync(app)
    assert result.exit_code == 0, result.output
    assert len(creates(fake_line)) == 1
    assert gateway.get_default_rich_menu_id() == half_done
    assert "picture uploaded" in result.output and "created" not in result.output


def test_an_upload_retried_after_a_timeout_is_not_an_error(backend, fake_line, tmp_path):
    """The first try times out but LINE takes it; the retry is told the picture is there."""
    app = make_app(backend, fake_line, tmp_path, line_timeout_seconds=0.5)
    gateway = app.extensions["line_gateway"]
    menu = rich_menu.build()
    menu_id = gateway.create_rich_menu(menu.body)
    content = f"/v2/bot/richmenu/{menu_id}/content"
    fake_line.slow_next(2, seconds=0.6, path=content)  # tries 1 and 2 time out; 1 lands
    gateway.upload_rich_menu_image(menu_id, menu.image, menu.content_type)
    assert gateway.get_rich_menu_image(menu_id) == menu.image
    assert 400 in [c.status for c in fake_line.calls(path=content, method="POST")]
    drop_app(app, backend)


def test_show_lists_lines_menus_and_saves_the_picture(app, gateway, tmp_path):
    theirs = dict(rich_menu.build().body, name="เมนูของร้านป้าแดง")
    gateway.create_rich_menu(theirs)
    assert sync(app).exit_code == 0
    saved = tmp_path / "menu.png"
    result = app.test_cli_runner().invoke(args=["richmenu", "show", "--image", str(saved)])
    assert result.exit_code == 0, result.output
    menu = rich_menu.build()
    assert f"this code: {menu.name}, 6 buttons" in result.output
    assert f"{menu.name}  default current" in result.output
    assert "เมนูของร้านป้าแดง  not ours" in result.output
    assert saved.read_bytes() == menu.image
