"""The bot's rich menu: its six buttons, the picture LINE shows for them, and syncing both to LINE.

The picture is drawn here (Sarabun Bold, shaped by raqm) rather than kept as a file, so a
coach's change to a label changes the picture too. The menu's name carries a hash of both,
which is how a sync tells "already there" from "changed" without spending LINE's 100/hour
create budget.
"""

import hashlib
import io
import json
import math
from dataclasses import dataclass, field

import fontpkg
from PIL import Image, ImageDraw, ImageFont, features

from bot.line.answers import LineError
from bot.line.gateway import LineGateway

NAME_PREFIX = "otop-coach "  # marks the menus this app made; others are never deleted
CHAT_BAR_TEXT = "เมนูโค้ช"
WIDTH, HEIGHT = 2500, 843  # LINE's compact size: it leaves room for the chat above
COLUMNS, ROWS = 3, 2
CONTENT_TYPE = "image/png"


@dataclass(frozen=True)
class Tile:
    label: str  # drawn on the picture, and the action's label and displayText (≤ 20)
    data: str  # the postback data the conversation engine handles
    icon: str  # a drawing in ICONS
    colour: str  # the icon's disc


# Reading order: left to right, top row first.
TILES = (
    Tile("ทำบทเรียนต่อ", "a=continue", "play", "#2B8A3E"),
    Tile("ความคืบหน้า", "a=progress", "bars", "#E8590C"),
    Tile("เมนูทั้งหมด", "a=menu", "list", "#9C4A1A"),
    Tile("คุยกับเจ้าหน้าที่", "a=human", "chat", "#C2255C"),
    Tile("เริ่มบทนี้ใหม่", "a=restart", "again", "#D9480F"),
    Tile("ตั้งค่าแจ้งเตือน", "a=notify", "bell", "#E67700"),
)

BORDER = "#5C2E0E"  # dark brown between and around the tiles
FILLS = ("#FFF1D6", "#FFE2BC")  # warm creams, alternating so neighbours stand apart
TEXT = "#2B1608"  # near-black brown: 14:1 or more against the creams (WCAG asks 7:1)
SCALE = 2  # drawn twice as large, then reduced: smooth edges on the drawn icons
GAP = 12  # half the border between two tiles, at final size
MAX_FONT = 120  # px; the longest label just fits its tile near this size, and all share one size


@dataclass(frozen=True)
class Menu:
    """A rich menu as LINE takes it: the JSON object (with its name) and the picture."""

    name: str
    body: dict
    image: bytes
    content_type: str = CONTENT_TYPE


@dataclass
class SyncReport:
    """What a sync did, filled in step by step so a failure can say how far it got."""

    name: str
    rich_menu_id: str | None = None
    created: bool = False
    uploaded: int = 0  # bytes of picture sent; 0 when LINE already had it
    made_default: bool = False
    deleted: list[str] = field(default_factory=list)  # names of our older menus

    def done(self) -> str:
        """Say in a few words what changed at LINE."""
        steps = ["created"] if self.created else []
        if self.uploaded:
            steps.append(f"picture uploaded ({self.uploaded // 1024} KB)")
        if self.made_default:
            steps.append("made the default for everyone")
        if self.deleted:
            steps.append("deleted our older " + ", ".join(self.deleted))
        return "; ".join(steps)


class SyncFailed(Exception):
    """LINE refused or failed a call during a sync; `report` holds what was done before it."""

    def __init__(self, report: SyncReport, error: LineError):
        super().__init__(str(error))
        self.report = report
        self.error = error


def bounds(index: int) -> tuple[int, int, int, int]:
    """Return the tile's x, y, width and height on the full-size picture."""
    column, row = index % COLUMNS, index // COLUMNS
    x0, x1 = WIDTH * column // COLUMNS, WIDTH * (column + 1) // COLUMNS
    y0, y1 = HEIGHT * row // ROWS, HEIGHT * (row + 1) // ROWS
    return x0, y0, x1 - x0, y1 - y0


def build() -> Menu:
    """Return the menu for TILES, named by a hash of its definition and picture."""
    areas = []
    for index, tile in enumerate(TILES):
        x, y, width, height = bounds(index)
        action = {"type": "postback", "label": tile.label, "data": tile.data}
        action["displayText"] = tile.label  # the chat shows what was tapped
        areas.append(
            {"bounds": {"x": x, "y": y, "width": width, "height": height}, "action": action}
        )
    body = {
        "size": {"width": WIDTH, "height": HEIGHT},
        "selected": True,  # shown open: a closed menu is easy to miss
        "chatBarText": CHAT_BAR_TEXT,
        "areas": areas,
    }
    picture = draw()
    # The pixels, not the PNG bytes, so a different zlib does not make a "new" menu.
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode() + picture.tobytes())
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    name = NAME_PREFIX + digest.hexdigest()[:8]
    return Menu(name=name, body={**body, "name": name}, image=out.getvalue())


def label_font(size: int) -> ImageFont.FreeTypeFont:
    """Return Sarabun Bold at this size, laid out by raqm (Thai marks stack only with it)."""
    if not features.check("raqm"):
        raise RuntimeError(
            "Pillow cannot shape Thai here: its raqm layout needs libfribidi "
            "(Debian: apt-get install libfribidi0)"
        )
    path = fontpkg.path("Sarabun", weight=700)
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def draw() -> Image.Image:
    """Draw the menu's picture: one warm tile per button, an icon above a big Thai label."""
    canvas = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), BORDER)
    pen = ImageDraw.Draw(canvas)
    inset, pad = GAP * SCALE, 24 * SCALE
    tile_width = min(bounds(i)[2] for i in range(len(TILES))) * SCALE - 2 * inset
    font = _fitting_font([t.label for t in TILES], tile_width - 2 * pad)
    # One baseline and one icon size for every tile, from the tallest marks and descenders.
    boxes = [font.getbbox(t.label, anchor="ls", language="th") for t in TILES]
    above, below = min(b[1] for b in boxes), max(b[3] for b in boxes)
    for index, tile in enumerate(TILES):
        x, y, width, height = (v * SCALE for v in bounds(index))
        top, bottom = y + inset, y + height - inset
        fill = FILLS[(index % COLUMNS + index // COLUMNS) % 2]
        pen.rounded_rectangle((x + inset, top, x + width - inset, bottom), 28 * SCALE, fill)
        baseline = bottom - pad - below
        band_top, band_bottom = top + pad, baseline + above - pad // 2  # above the marks
        radius = min(90 * SCALE, (band_bottom - band_top) // 2)
        centre = (x + width // 2, (band_top + band_bottom) // 2)
        pen.ellipse(_box(centre, radius), tile.colour)
        ICONS[tile.icon](pen, centre, radius, tile.colour)
        pen.text((centre[0], baseline), tile.label, TEXT, font, anchor="ms", language="th")
    return canvas.reduce(SCALE)


def _fitting_font(labels: list[str], width: int) -> ImageFont.FreeTypeFont:
    """Return the largest font, up to MAX_FONT, in which every label fits the width."""
    size = MAX_FONT * SCALE
    while True:
        font = label_font(size)
        if all(font.getlength(label, language="th") <= width for label in labels):
            return font
        size -= SCALE


def _box(centre: tuple[float, float], radius: float) -> tuple[float, float, float, float]:
    cx, cy = centre
    return cx - radius, cy - radius, cx + radius, cy + radius


# --- icons: white shapes on the tile's disc, sized by the disc's radius r ---------------------

WHITE = "#FFFFFF"


def _play(pen, c, r, colour) -> None:
    cx, cy = c
    pen.polygon(
        [(cx - 0.3 * r, cy - 0.5 * r), (cx - 0.3 * r, cy + 0.5 * r), (cx + 0.55 * r, cy)], WHITE
    )


def _bars(pen, c, r, colour) -> None:
    cx, cy = c
    for step, height in enumerate((0.4, 0.7, 1.0)):
        left = cx - 0.5 * r + step * 0.37 * r
        pen.rectangle(
            (left, cy + 0.45 * r - height * 0.9 * r, left + 0.26 * r, cy + 0.45 * r), WHITE
        )


def _list(pen, c, r, colour) -> None:
    cx, cy = c
    for offset in (-0.35, 0.0, 0.35):
        y = cy + offset * r
        pen.ellipse(_box((cx - 0.42 * r, y), 0.1 * r), WHITE)
        pen.rounded_rectangle(
            (cx - 0.22 * r, y - 0.08 * r, cx + 0.5 * r, y + 0.08 * r), 0.08 * r, WHITE
        )


def _chat(pen, c, r, colour) -> None:
    cx, cy = c
    pen.rounded_rectangle(
        (cx - 0.58 * r, cy - 0.45 * r, cx + 0.58 * r, cy + 0.28 * r), 0.22 * r, WHITE
    )
    pen.polygon(
        [(cx - 0.35 * r, cy + 0.2 * r), (cx - 0.42 * r, cy + 0.6 * r), (cx, cy + 0.2 * r)], WHITE
    )
    for dx in (-0.28, 0.0, 0.28):
        pen.ellipse(_box((cx + dx * r, cy - 0.08 * r), 0.09 * r), colour)


def _again(pen, c, r, colour) -> None:
    cx, cy = c
    ring, width = 0.48 * r, round(0.16 * r)
    pen.arc(_box(c, ring), -50, 235, WHITE, width)
    # An arrowhead where the arc ends, pointing the way it turns (clockwise on screen).
    angle = math.radians(235)
    mid = ring - width / 2
    end = (cx + mid * math.cos(angle), cy + mid * math.sin(angle))
    along, out = (-math.sin(angle), math.cos(angle)), (math.cos(angle), math.sin(angle))
    tip = (end[0] + along[0] * 0.32 * r, end[1] + along[1] * 0.32 * r)
    wing = 0.26 * r
    left = (end[0] + out[0] * wing, end[1] + out[1] * wing)
    right = (end[0] - out[0] * wing, end[1] - out[1] * wing)
    pen.polygon([tip, left, right], WHITE)


def _bell(pen, c, r, colour) -> None:
    cx, cy = c
    pen.pieslice((cx - 0.38 * r, cy - 0.58 * r, cx + 0.38 * r, cy + 0.1 * r), 180, 360, WHITE)
    pen.rectangle((cx - 0.38 * r, cy - 0.25 * r, cx + 0.38 * r, cy + 0.3 * r), WHITE)
    pen.rounded_rectangle(
        (cx - 0.55 * r, cy + 0.22 * r, cx + 0.55 * r, cy + 0.38 * r), 0.08 * r, WHITE
    )
    pen.ellipse(_box((cx, cy + 0.5 * r), 0.12 * r), WHITE)
    pen.ellipse(_box((cx, cy - 0.6 * r), 0.08 * r), WHITE)


ICONS = {"play": _play, "bars": _bars, "list": _list, "chat": _chat, "again": _again, "bell": _bell}


# --- syncing with LINE -------------------------------------------------------------------------


def sync(gateway: LineGateway, menu: Menu) -> SyncReport:
    """Make `menu` the default at LINE, creating it only if LINE lacks it; drop our older ones.

    Order matters: the new menu becomes the default only once its picture is there, and older
    menus go only after that, so a failure at any step leaves the previous default showing.
    """
    report = SyncReport(menu.name)
    try:
        _sync(gateway, menu, report)
    except LineError as exc:
        raise SyncFailed(report, exc) from exc
    return report


def _sync(gateway: LineGateway, menu: Menu, report: SyncReport) -> None:
    ours = [m for m in gateway.list_rich_menus() if m.name.startswith(NAME_PREFIX)]
    same = [m.rich_menu_id for m in ours if m.name == menu.name]
    finished = next((i for i in same if gateway.get_rich_menu_image(i) is not None), None)
    if finished is not None:
        report.rich_menu_id = finished
        if gateway.get_default_rich_menu_id() != finished:
            gateway.set_default_rich_menu(finished)
            report.made_default = True
    else:
        # A menu left without its picture by an interrupted sync is finished, not made again.
        if same:
            report.rich_menu_id = same[0]
        else:
            report.rich_menu_id = gateway.create_rich_menu(menu.body)
            report.created = True
        gateway.upload_rich_menu_image(report.rich_menu_id, menu.image, menu.content_type)
        report.uploaded = len(menu.image)
        gateway.set_default_rich_menu(report.rich_menu_id)
        report.made_default = True
    for old in ours:
        if old.rich_menu_id != report.rich_menu_id:
            gateway.delete_rich_menu(old.rich_menu_id)
            report.deleted.append(old.name)
