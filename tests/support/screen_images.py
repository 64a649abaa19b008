"""Pictures that are not photos of a product, drawn with Pillow: what producers send by mistake.

Phone screenshots (a LINE chat, a shop page with the product's photo on it) and pictures of
text (a price list made in an app, and one printed and photographed on a table). Each function
returns the bytes a phone would send: screenshots as PNG (or JPEG, as LINE may recompress
them), the rest as JPEG. Every drawing is fixed, so a call returns the same bytes each time.
"""

import functools
import io

import numpy as np
import regex
from PIL import Image, ImageDraw

from tests.support import photo_images, products

PHONE = (1080, 2340)  # a 19.5:9 phone screen
LINE_BACKDROP = (140, 171, 217)  # LINE's default chat wallpaper, pale blue
LINE_GREEN = (6, 199, 85)
INK = (30, 30, 30)

CHAT = [
    ("bot", 'สวัสดีค่ะ ป้าแดง บท "ถ่ายรูปสินค้า" ยังรออยู่ ว่างเมื่อไหร่มาทำต่อกันนะคะ'),
    ("me", "ได้เลยจ้า เดี๋ยวถ่ายให้ดูตอนบ่าย"),
    ("bot", "วางสินค้าบนกระดาษขาว ใกล้หน้าต่าง ไม่ใช้แฟลช แล้วส่งรูปมาได้เลยค่ะ"),
    ("me", "แบบนี้ใช้ได้ไหม"),
    ("bot", 'รูปนี้ใช้ได้เลยค่ะ ส่งรูปมุมอื่นเพิ่มได้อีก หรือกด "ไปต่อ" ได้เลยค่ะ'),
    ("me", "ขอบคุณมากจ้า พรุ่งนี้จะลองไลฟ์"),
]
PRICES = [
    ("น้ำผึ้งดอกลำไย 250 กรัม", "120 บาท"),
    ("น้ำผึ้งดอกลำไย 500 กรัม", "220 บาท"),
    ("น้ำผึ้งป่า 250 กรัม", "150 บาท"),
    ("ชุดของขวัญ 2 ขวด", "390 บาท"),
    ("สบู่น้ำผึ้ง ก้อนละ", "45 บาท"),
    ("ส่งฟรี เมื่อซื้อครบ", "500 บาท"),
]


@functools.cache
def chat_screenshot(fmt: str = "PNG") -> bytes:
    """Return a screenshot of a LINE chat: status bar, header, bubbles, the typing bar."""
    image = Image.new("RGB", PHONE, LINE_BACKDROP)
    pen = ImageDraw.Draw(image)
    _status_bar(pen, (40, 52, 70), (255, 255, 255))
    pen.rectangle((0, 90, PHONE[0], 240), fill=(40, 52, 70))
    title = products.font(52, bold=True)
    pen.text((140, 165), "โค้ชขายของ OTOP", font=title, fill="white", anchor="lm")
    text, small = products.font(44), products.font(28)
    y = 300
    for who, words in CHAT:
        lines = _wrap(pen, words, text, 640)
        w = max(pen.textlength(line, font=text) for line in lines) + 60
        h = 66 * len(lines) + 40
        x = PHONE[0] - 40 - w if who == "me" else 150
        if who == "bot":
            pen.ellipse((30, y, 120, y + 90), fill=(250, 200, 60))  # the bot's picture
        pen.rounded_rectangle((x, y, x + w, y + h), radius=40,
                              fill=LINE_GREEN if who == "me" else (255, 255, 255))  # fmt: skip
        for number, line in enumerate(lines):
            pen.text((x + 30, y + 20 + 66 * number), line, font=text, fill=INK)
        when = (x - 20, y + h, "rd") if who == "me" else (x + w + 20, y + h, "ld")
        pen.text(when[:2], "10:42", font=small, fill=(90, 100, 120), anchor=when[2])
        y += h + 70
    pen.rectangle((0, PHONE[1] - 170, PHONE[0], PHONE[1]), fill=(255, 255, 255))
    box = (170, PHONE[1] - 140, 900, PHONE[1] - 50)
    pen.rounded_rectangle(box, radius=45, fill=(236, 238, 242))
    pen.text((210, PHONE[1] - 95), "Aa", font=text, fill=(150, 150, 160), anchor="lm")
    return _save(image, fmt)


@functools.cache
def shop_page_screenshot() -> bytes:
    """Return a screenshot of a shop's product page: the good photo on top, then its details."""
    image = Image.new("RGB", PHONE, (255, 255, 255))
    photo = Image.open(io.BytesIO(photo_images.sharp())).resize((PHONE[0], PHONE[0]))
    image.paste(photo, (0, 90))
    pen = ImageDraw.Draw(image)
    _status_bar(pen, (255, 255, 255), INK)
    y = PHONE[0] + 130
    pen.text((40, y), "฿120", font=products.font(76, bold=True), fill=(254, 44, 85))
    pen.text((300, y + 20), "ขายแล้ว 1.2พัน ชิ้น", font=products.font(40), fill=(120, 120, 120))
    y += 130
    details = "น้ำผึ้งดอกลำไยแท้ 100% จากสวนลำไย อ.สันทราย ขนาด 250 กรัม สินค้า OTOP ห้าดาว"
    for line in _wrap(pen, details, products.font(46), 1000):
        pen.text((40, y), line, font=products.font(46), fill=INK)
        y += 68
    y += 40
    for row in ("ส่งจาก เชียงใหม่ · ถึงใน 2-4 วัน", "คะแนน 4.9 (312 รีวิว)", "ร้าน บ้านแม่แฝก"):
        pen.line((40, y - 20, PHONE[0] - 40, y - 20), fill=(230, 230, 230), width=3)
        pen.text((40, y), row, font=products.font(40), fill=(80, 80, 80))
        y += 110
    pen.rectangle((0, PHONE[1] - 160, PHONE[0], PHONE[1]), fill=(250, 250, 250))
    pen.rounded_rectangle((560, PHONE[1] - 140, 1040, PHONE[1] - 30), radius=20, fill=(254, 44, 85))
    pen.text((800, PHONE[1] - 85), "ซื้อเลย", font=products.font(48, bold=True), fill="white",
             anchor="mm")  # fmt: skip
    return _save(image, "PNG")


@functools.cache
def price_list() -> bytes:
    """Return a price list made in a phone app: a title and six lines on cream, as JPEG."""
    image = Image.new("RGB", (1080, 1350), (252, 240, 200))
    pen = ImageDraw.Draw(image)
    pen.text((540, 110), "ราคาสินค้า", font=products.font(110, bold=True), fill=(170, 30, 40),
             anchor="mm")  # fmt: skip
    pen.text((540, 230), "วิสาหกิจชุมชนบ้านแม่แฝก", font=products.font(54), fill=INK, anchor="mm")
    y = 380
    plain, bold = products.font(56), products.font(56, bold=True)
    for item, price in PRICES:
        pen.text((80, y), item, font=plain, fill=INK)
        pen.text((1000, y), price, font=bold, fill=(170, 30, 40), anchor="ra")
        y += 130
    pen.text((540, 1250), "สั่งซื้อทักไลน์ได้เลยจ้า", font=products.font(50), fill=INK, anchor="mm")
    return _save(image, "JPEG")


@functools.cache
def printed_price_list() -> bytes:
    """Return a photo of the price list printed on A4 paper, lying on a wooden table."""
    width, height = 1200, 1600
    table = np.empty((height, width, 3), dtype=np.float32)
    grain = np.sin(np.arange(width, dtype=np.float32) / 9.0) * 6  # the wood's lengthwise grain
    table[:] = np.array((150, 105, 70), dtype=np.float32) + grain[None, :, None]
    scene = Image.fromarray(table.astype(np.uint8))
    sheet = Image.open(io.BytesIO(price_list())).convert("L").point(lambda v: 255 if v > 200 else v)
    sheet = sheet.convert("RGB").resize((1000, 1414))
    white = Image.new("RGB", sheet.size, (246, 246, 242))
    scene.paste(Image.blend(white, sheet, 0.97), (100, 93))
    return photo_images.jpeg(photo_images.expose(np.asarray(scene, dtype=np.float32)))


def _status_bar(pen: ImageDraw.ImageDraw, background, ink) -> None:
    """Draw a phone's status bar: the time, signal bars and the battery."""
    pen.rectangle((0, 0, PHONE[0], 90), fill=background)
    pen.text((60, 45), "10:42", font=products.font(40, bold=True), fill=ink, anchor="lm")
    for k in range(4):
        pen.rectangle((860 + 18 * k, 60 - 9 * k, 872 + 18 * k, 66), fill=ink)
    pen.rounded_rectangle((950, 30, 1030, 62), radius=8, outline=ink, width=4)
    pen.rectangle((958, 38, 1010, 54), fill=ink)


def _wrap(pen: ImageDraw.ImageDraw, words: str, font, width: int) -> list[str]:
    """Break a text into lines of at most `width` pixels, between letters (with their marks)."""
    lines, line = [], ""
    for char in regex.findall(r"\X", words):
        if pen.textlength(line + char, font=font) > width and line:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line]


def _save(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 85} if fmt == "JPEG" else {}))
    return out.getvalue()
