"""The products in the test photos, drawn with Pillow on transparent canvases (RGBA).

An OTOP honey jar (a ridged lid, amber glass with bubbles and a window's reflection, a printed
label with Thai and Latin text, fine rules and a barcode) and a white soap bar with its name
embossed; Sarabun for their print. tests/support/photo_images photographs them.
"""

import fontpkg
import numpy as np
from PIL import Image, ImageDraw, ImageFont

_SEED = 2568  # fixed, so a drawing comes out the same every time
_SCALE = 2  # products are drawn twice as big and shrunk, as a sensor averages a sharp image


def jar(height: int) -> Image.Image:
    """Draw a honey jar `height` pixels tall with a printed label, on a transparent canvas."""
    H = height * _SCALE
    W = round(H * 0.72)
    u = H / 1000  # details are sized in thousandths of the jar's height, so any size looks alike
    rng = np.random.default_rng(_SEED + height)
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    pen = ImageDraw.Draw(img)
    honey = (196, 122, 30, 255)
    body_top = round(0.17 * H)
    pen.rounded_rectangle((0, body_top, W - 1, H - 1), radius=round(0.12 * W), fill=honey)
    pen.rectangle(
        (round(0.13 * W), round(0.11 * H), round(0.87 * W), body_top + 20 * u), fill=honey
    )
    for _ in range(90):  # air bubbles in the honey
        bx, by = rng.uniform(0.05 * W, 0.95 * W), rng.uniform(body_top + 15 * u, 0.98 * H)
        r = rng.uniform(2, 9) * u
        pen.ellipse((bx - r, by - r, bx + r, by + r), fill=(226, 168, 70, 255))
    lid = (round(0.09 * W), 0, round(0.91 * W), round(0.13 * H))
    pen.rounded_rectangle(lid, radius=round(0.025 * W), fill=(152, 34, 38, 255))
    line = max(1, round(u))
    for x in np.arange(lid[0] + 3 * u, lid[2] - 3 * u, 6 * u):  # the lid's grip ridges
        pen.line((x, lid[1] + 2 * u, x, lid[3] - 2 * u), fill=(104, 18, 24, 255), width=line)
    label = (round(0.06 * W), round(0.35 * H), round(0.94 * W), round(0.87 * H))
    _label(img, label, u, rng)
    return _shade_cylinder(img, label).reduce(_SCALE)


def _label(
    img: Image.Image, box: tuple[int, int, int, int], u: float, rng: np.random.Generator
) -> None:
    """Print the jar's label: a double rule, Thai and Latin text, fine print and a barcode."""
    pen = ImageDraw.Draw(img)
    left, top, right, bottom = box
    w, line = right - left, max(1, round(u))
    ink, red, cream = (40, 30, 24, 255), (160, 30, 34, 255), (246, 239, 222, 255)
    pen.rectangle(box, fill=cream)
    for inset in (6 * u, 10 * u):
        pen.rectangle(
            (left + inset, top + inset, right - inset, bottom - inset), outline=red, width=line
        )
    thai = font(round(w * 0.11), bold=True)
    latin = font(round(w * 0.06), bold=True)
    small = font(max(6, round(w * 0.028)))
    y = top + round(w * 0.06)
    pen.text(((left + right) / 2, y), "น้ำผึ้งดอกลำไย", font=thai, fill=red, anchor="mt")
    y += round(w * 0.16)
    pen.text(((left + right) / 2, y), "LONGAN HONEY", font=latin, fill=ink, anchor="mt")
    y += round(w * 0.09)
    for x in np.arange(left + 15 * u, right - 23 * u, 4 * u):  # a hatched band under the name
        pen.line((x, y, x + 8 * u, y + 8 * u), fill=red, width=line)
    y += round(16 * u)
    fine = [
        "ส่วนประกอบ: น้ำผึ้งแท้ 100% จากสวนลำไย อ.สันทราย",
        "Ingredients: 100% natural longan blossom honey",
        "น้ำหนักสุทธิ 250 กรัม  |  Net wt 250 g",
        "ผลิตโดย วิสาหกิจชุมชนบ้านแม่แฝก จ.เชียงใหม่",
        "Best before 12/2027 - keep in a cool, dry place",
        "OTOP 5 stars  -  Product of Thailand",
    ]
    for text in fine:
        pen.text((left + 16 * u, y), text, font=small, fill=ink)
        y += round(small.size * 1.45)
    # A barcode: bars of random widths, in the bottom right corner.
    x, bar_top, bar_bottom = right - w * 0.42, bottom - w * 0.2, bottom - 16 * u
    module = max(1.0, u)  # a barcode's narrowest bar, never under a drawn pixel
    while x < right - 16 * u:
        bar = int(rng.integers(1, 4)) * module
        pen.rectangle((x, bar_top, x + bar - 1, bar_bottom), fill=ink)
        x += bar + int(rng.integers(1, 4)) * module
    pen.text((left + 16 * u, bar_top), "อย. 50-2-12345-2-0001", font=small, fill=ink)


def _shade_cylinder(img: Image.Image, label: tuple[int, int, int, int]) -> Image.Image:
    """Shade a flat drawing as a round jar: darker to the sides, a window's highlight on glass."""
    rgba = np.asarray(img).astype(np.float32)
    height, width = rgba.shape[:2]
    u = (np.arange(width, dtype=np.float32) + 0.5) / width
    shade = 0.62 + 0.42 * np.sin(np.pi * u)
    glint = np.exp(-(((u - 0.2) / 0.035) ** 2))[None, :].repeat(height, axis=0)
    left, top, right, bottom = label
    glint[top:bottom, left:right] *= 0.25  # paper is matte: the reflection is faint on the label
    glint[: round(0.13 * height)] *= 0.5
    rgb = rgba[..., :3] * shade[None, :, None]
    rgb += (255 - rgb) * (0.75 * glint[..., None])
    rgba[..., :3] = rgb
    return Image.fromarray(np.clip(np.rint(rgba), 0, 255).astype(np.uint8), "RGBA")


def soap(width: int) -> Image.Image:
    """Draw a white soap bar seen from above and in front, with its name embossed on top."""
    W, H = width * _SCALE, round(width * 0.62) * _SCALE
    u = W / 1000  # details are sized in thousandths of the bar's width
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    pen = ImageDraw.Draw(img)
    top_face = (0, 0, W - 1, round(H * 0.78))
    pen.rounded_rectangle((0, round(H * 0.1), W - 1, H - 1), radius=W // 12, fill=(222, 219, 211))
    pen.rounded_rectangle(top_face, radius=W // 12, fill=(240, 238, 231))
    face = font(round(W * 0.1), bold=True)
    middle = (W / 2, H * 0.39)
    # Embossed: the window lights the letters' upper-left edges and shades their lower-right ones.
    for dx, colour in ((-2 * u, (252, 251, 247)), (2 * u, (200, 195, 186)), (0, (234, 231, 224))):
        pen.text((middle[0] + dx, middle[1] + dx), "สบู่ใบเตย", font=face, fill=colour, anchor="mm")
    small = font(round(W * 0.035))
    pen.text(
        (W / 2, H * 0.58), "PANDAN  HANDMADE SOAP", font=small, fill=(205, 201, 192), anchor="mm"
    )
    return img.reduce(_SCALE)


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Return Sarabun (a runtime dependency), laid out without raqm so every machine agrees."""
    path = fontpkg.path("Sarabun", weight=700 if bold else 400)
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


# --- cloth -------------------------------------------------------------------------------------


def flowered_cloth(size: tuple[int, int]) -> np.ndarray:
    """Return a busy cotton print (a sarong): bright flowers and leaves on deep blue, RGB."""
    width, height = size
    rng = np.random.default_rng(_SEED + 21)
    img = Image.new("RGB", size, (28, 46, 120))
    pen = ImageDraw.Draw(img)
    petals = [(220, 40, 60), (250, 200, 40), (240, 120, 180), (255, 140, 20), (250, 250, 245)]
    side = min(size)
    for _ in range(260):
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        r = rng.uniform(0.02, 0.06) * side
        leaf = (40, 150, 70)
        pen.ellipse((x - 1.8 * r, y - 0.5 * r, x - 0.2 * r, y + 0.4 * r), fill=leaf)
        colour = petals[int(rng.integers(len(petals)))]
        for k in range(5):  # five petals round a yellow heart
            a = 2 * np.pi * k / 5 + rng.uniform(0, 1)
            px, py = x + 0.6 * r * np.cos(a), y + 0.6 * r * np.sin(a)
            pen.ellipse((px - 0.5 * r, py - 0.5 * r, px + 0.5 * r, py + 0.5 * r), fill=colour)
        pen.ellipse((x - 0.3 * r, y - 0.3 * r, x + 0.3 * r, y + 0.3 * r), fill=(250, 220, 60))
    for _ in range(900):  # white dots between the flowers
        x, y, r = rng.uniform(0, width), rng.uniform(0, height), 0.004 * side
        pen.ellipse((x - r, y - r, x + r, y + r), fill=(235, 235, 230))
    return np.asarray(img)


def plaid(size: tuple[int, int]) -> np.ndarray:
    """Return hand-woven plaid cotton (ผ้าขาวม้า) in five colours, each thread visible, RGB."""
    width, height = size
    rng = np.random.default_rng(_SEED + 31)
    colours = np.array(
        [(200, 30, 40), (30, 120, 60), (240, 190, 30), (30, 60, 150), (235, 230, 220)],
        dtype=np.float32,
    )
    unit = max(4, min(size) // 40)  # a stripe's width in pixels
    warp = colours[(np.arange(width) // unit) % len(colours)]
    weft = colours[(np.arange(height) // unit * 3) % len(colours)]
    ys, xs = np.mgrid[0:height, 0:width]
    over = ((xs // 2 + ys // 2) % 2).astype(np.float32)[..., None]  # a plain weave, 2 px threads
    cloth = over * warp[None, :, :] + (1 - over) * weft[:, None, :]
    cloth += rng.normal(0, 6, (height, width, 1))  # uneven threads
    return np.clip(cloth, 0, 255).astype(np.uint8)
