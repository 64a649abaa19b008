"""Rich menus: create, image upload (data host), default menu, user links, bulk links, aliases."""

from __future__ import annotations

import io
import re
import secrets
from typing import Any

from PIL import Image, UnidentifiedImageError

from fakeline import errors
from fakeline.routing import Ctx, Reply, route
from fakeline.state import USER_ID, RichMenu
from fakeline.validation import Checks, grapheme_len, join
from fakeline.validation.actions import check_action

MAX_MENUS = 1000  # REF: per channel, through the API
MAX_ALIASES = 1000
MAX_IMAGE_BYTES = 1024 * 1024
IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG"}
ALIAS_ID = re.compile(r"^[a-z0-9_-]{1,32}$")
NO_IMAGE = "An image has not been uploaded to the rich menu"


def check_rich_menu(body: dict[str, Any]) -> None:
    """Check a rich menu object: size, name, chat bar text and up to 20 tappable areas."""
    c = Checks()
    size = c.obj(body, "size", "")
    width = height = None
    if size is not None:
        width = c.number(size, "width", "size", integer=True)
        height = c.number(size, "height", "size", integer=True)
    if width and height:  # REF: width 800-2500, height 250 or more, width/height 1.45 or more
        if not 800 <= width <= 2500:
            c.add("size.width", "Must be between 800 and 2500")
        if height < 250:
            c.add("size.height", "Must be 250 or more")
        if width / height < 1.45:
            c.add("size", "The width divided by the height must be 1.45 or more")
    if not isinstance(body.get("selected"), bool):
        c.add("selected", "Must be specified")
    c.string(body, "name", "", 300, required=True, count=grapheme_len)
    c.string(body, "chatBarText", "", 14, required=True, count=grapheme_len)
    for index, area in enumerate(c.array(body, "areas", "", 0, 20)):
        here = join("areas", index)
        bounds = c.obj(area, "bounds", here)
        if bounds is not None:
            keys = ("x", "y", "width", "height")
            box = [c.number(bounds, k, join(here, "bounds"), integer=True) for k in keys]
            if width and height and None not in box:
                x, y, w, h = box
                if x < 0 or y < 0 or x + w > width or y + h > height:
                    c.add(join(here, "bounds"), "Must be inside the rich menu")
        check_action(c, (area or {}).get("action"), join(here, "action"), "richMenu")
    c.raise_if_any()


def _menu(ctx: Ctx, rich_menu_id: str, *, with_image: bool = False, status: int = 404) -> RichMenu:
    menu = ctx.state.rich_menus.get(rich_menu_id)
    if menu is None:
        raise errors.LineError(status, errors.NOT_FOUND)
    if with_image and menu.image is None:
        raise errors.LineError(400, NO_IMAGE)
    return menu


def _user_id(user_id: str) -> str:
    if not USER_ID.match(user_id):
        raise errors.LineError(400, "The value for the 'userId' parameter is invalid")
    return user_id


@route("POST", "/v2/bot/richmenu", body="json", check=check_rich_menu)
def create(ctx: Ctx) -> Reply:
    """Create a rich menu (it has no image yet) and return its id."""
    if len(ctx.state.rich_menus) >= MAX_MENUS:
        raise errors.LineError(400, f"The number of rich menus cannot exceed {MAX_MENUS}")
    rich_menu_id = "richmenu-" + secrets.token_hex(16)
    ctx.state.rich_menus[rich_menu_id] = RichMenu(rich_menu_id, dict(ctx.body))
    return Reply(json={"richMenuId": rich_menu_id})


@route("POST", "/v2/bot/richmenu/validate", body="json", check=check_rich_menu)
def validate(ctx: Ctx) -> Reply:
    """Accept a rich menu object that passed every check, creating nothing."""
    return Reply()


@route("GET", "/v2/bot/richmenu/<rich_menu_id>")
def get(ctx: Ctx) -> Reply:
    """Return one rich menu."""
    return Reply(json=_menu(ctx, ctx.args["rich_menu_id"]).response())


@route("DELETE", "/v2/bot/richmenu/<rich_menu_id>")
def delete(ctx: Ctx) -> Reply:
    """Delete a rich menu, and with it the default setting and user links that used it."""
    state = ctx.state
    menu = _menu(ctx, ctx.args["rich_menu_id"])
    del state.rich_menus[menu.rich_menu_id]
    if state.default_menu == menu.rich_menu_id:
        state.default_menu = None
    state.links = {u: m for u, m in state.links.items() if m != menu.rich_menu_id}
    state.aliases = {a: m for a, m in state.aliases.items() if m != menu.rich_menu_id}
    return Reply()


@route("GET", "/v2/bot/richmenu/list")
def list_menus(ctx: Ctx) -> Reply:
    """Return every rich menu of the channel."""
    return Reply(json={"richmenus": [m.response() for m in ctx.state.rich_menus.values()]})


@route("POST", "/v2/bot/richmenu/<rich_menu_id>/content", host="data", body="binary")
def upload_image(ctx: Ctx) -> Reply:
    """Attach the menu's image, once: JPEG or PNG, 1 MB at most, 800-2500 x 250+ px, ratio 1.45+."""
    menu = _menu(ctx, ctx.args["rich_menu_id"])
    content_type = ctx.request.mimetype
    if content_type not in IMAGE_TYPES:
        raise errors.LineError(415, "Unsupported Media Type: use image/jpeg or image/png")
    if menu.image is not None:
        raise errors.LineError(400, "An image has already been uploaded to the richmenu")
    data: bytes = ctx.body
    if len(data) > MAX_IMAGE_BYTES:
        raise errors.LineError(400, "The image must be 1 MB or smaller")
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
    except UnidentifiedImageError:
        raise errors.LineError(400, "The image could not be read") from None
    if kind != IMAGE_TYPES[content_type]:
        raise errors.LineError(400, f"The image is {kind}, not {content_type}")
    if not (800 <= width <= 2500 and height >= 250 and width / height >= 1.45):
        raise errors.LineError(
            400,
            "The image must be 800-2500 px wide, 250+ px high, and 1.45 times wider than high",
        )
    menu.image, menu.image_type = data, content_type
    return Reply()


@route("GET", "/v2/bot/richmenu/<rich_menu_id>/content", host="data")
def download_image(ctx: Ctx) -> Reply:
    """Return the menu's image."""
    menu = _menu(ctx, ctx.args["rich_menu_id"])
    if menu.image is None:
        raise errors.not_found()
    return Reply(data=menu.image, content_type=menu.image_type or "image/png")


@route("POST", "/v2/bot/user/all/richmenu/<rich_menu_id>")
def set_default(ctx: Ctx) -> Reply:
    """Show this menu to everyone without a menu of their own."""
    ctx.state.default_menu = _menu(ctx, ctx.args["rich_menu_id"], with_image=True).rich_menu_id
    return Reply()


@route("GET", "/v2/bot/user/all/richmenu")
def get_default(ctx: Ctx) -> Reply:
    """Return the default menu's id, 404 when there is none."""
    if ctx.state.default_menu is None:
        raise errors.not_found("no default richmenu")
    return Reply(json={"richMenuId": ctx.state.default_menu})


@route("DELETE", "/v2/bot/user/all/richmenu")
def cancel_default(ctx: Ctx) -> Reply:
    """Stop showing a default menu."""
    ctx.state.default_menu = None
    return Reply()


def _link(ctx: Ctx, user_ids: list[str], rich_menu_id: str | None) -> None:
    # Blocked and unknown users get 200 and no link (REF "Link rich menu to user").
    for user_id in user_ids:
        if rich_menu_id is None:
            ctx.state.links.pop(user_id, None)
        elif ctx.state.reachable(user_id)[0]:
            ctx.state.links[user_id] = rich_menu_id


@route("POST", "/v2/bot/user/<user_id>/richmenu/<rich_menu_id>")
def link(ctx: Ctx) -> Reply:
    """Give one user their own menu, replacing any earlier one."""
    user_id = _user_id(ctx.args["user_id"])
    menu = _menu(ctx, ctx.args["rich_menu_id"], with_image=True)
    _link(ctx, [user_id], menu.rich_menu_id)
    return Reply()


@route("GET", "/v2/bot/user/<user_id>/richmenu")
def get_user_menu(ctx: Ctx) -> Reply:
    """Return the menu linked to one user (not the default), 404 when there is none."""
    rich_menu_id = ctx.state.links.get(_user_id(ctx.args["user_id"]))
    if rich_menu_id is None:
        raise errors.not_found("the user has no richmenu")
    return Reply(json={"richMenuId": rich_menu_id})


@route("DELETE", "/v2/bot/user/<user_id>/richmenu")
def unlink(ctx: Ctx) -> Reply:
    """Take one user's own menu away."""
    _link(ctx, [_user_id(ctx.args["user_id"])], None)
    return Reply()


def check_bulk(body: dict[str, Any]) -> None:
    """Check a bulk link or unlink: 1-500 user ids."""
    c = Checks()
    user_ids = c.array(body, "userIds", "", 1, 500)
    c.raise_if_any()
    for index, user_id in enumerate(user_ids):
        if not (isinstance(user_id, str) and USER_ID.match(user_id)):
            raise errors.invalid_property(f"userIds[{index}]")


@route("POST", "/v2/bot/richmenu/bulk/link", body="json", check=check_bulk)
def bulk_link(ctx: Ctx) -> Reply:
    """Link one menu to many users; LINE does it asynchronously, the fake at once."""
    menu = _menu(ctx, str(ctx.body.get("richMenuId")), with_image=True, status=400)
    _link(ctx, ctx.body["userIds"], menu.rich_menu_id)
    return Reply(202)


@route("POST", "/v2/bot/richmenu/bulk/unlink", body="json", check=check_bulk)
def bulk_unlink(ctx: Ctx) -> Reply:
    """Unlink many users' own menus."""
    _link(ctx, ctx.body["userIds"], None)
    return Reply(202)


def check_alias(body: dict[str, Any]) -> None:
    """Check an alias: an id of 1-32 of a-z, 0-9, _ and -, pointing to a rich menu."""
    c = Checks()
    alias_id = c.string(body, "richMenuAliasId", "", 32, required=True)
    c.string(body, "richMenuId", "", 100, required=True)
    if alias_id and not ALIAS_ID.match(alias_id):
        c.add("richMenuAliasId", "Must match ^[a-z0-9_-]{1,32}$")
    c.raise_if_any()


@route("POST", "/v2/bot/richmenu/alias", body="json", check=check_alias)
def create_alias(ctx: Ctx) -> Reply:
    """Name a rich menu (that has an image) for richmenuswitch actions."""
    alias_id = ctx.body["richMenuAliasId"]
    if alias_id in ctx.state.aliases:
        raise errors.LineError(400, "conflict richmenu alias id")
    if len(ctx.state.aliases) >= MAX_ALIASES:
        raise errors.LineError(400, f"The number of aliases cannot exceed {MAX_ALIASES}")
    menu = _menu(ctx, ctx.body["richMenuId"], with_image=True, status=400)
    ctx.state.aliases[alias_id] = menu.rich_menu_id
    return Reply()


def _alias(ctx: Ctx) -> str:
    alias_id = ctx.args["alias_id"]
    if alias_id not in ctx.state.aliases:
        raise errors.not_found()
    return alias_id


@route("GET", "/v2/bot/richmenu/alias/<alias_id>")
def get_alias(ctx: Ctx) -> Reply:
    """Return which menu an alias names."""
    alias_id = _alias(ctx)
    return Reply(json={"richMenuAliasId": alias_id, "richMenuId": ctx.state.aliases[alias_id]})


@route("POST", "/v2/bot/richmenu/alias/<alias_id>", body="json")
def update_alias(ctx: Ctx) -> Reply:
    """Point an alias at another menu (that has an image)."""
    alias_id = _alias(ctx)
    menu = _menu(ctx, str(ctx.body.get("richMenuId")), with_image=True, status=400)
    ctx.state.aliases[alias_id] = menu.rich_menu_id
    return Reply()


@route("DELETE", "/v2/bot/richmenu/alias/<alias_id>")
def delete_alias(ctx: Ctx) -> Reply:
    """Forget an alias."""
    del ctx.state.aliases[_alias(ctx)]
    return Reply()


@route("GET", "/v2/bot/richmenu/alias/list")
def list_aliases(ctx: Ctx) -> Reply:
    """Return every alias of the channel."""
    aliases = [{"richMenuAliasId": a, "richMenuId": m} for a, m in ctx.state.aliases.items()]
    return Reply(json={"aliases": aliases})
