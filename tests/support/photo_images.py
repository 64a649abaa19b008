"""Realistic product photos for tests, drawn with Pillow and NumPy: nothing stored, nothing fetched.

Each public function returns the bytes a producer's phone would send (JPEG, PNG where it says so).
The scene is an OTOP honey jar (tests/support/products draws it) standing on white paper
by a window, so the light falls off across the frame and the jar casts a soft shadow. Faults are
made the way a camera makes them: the lens blurs the scene before the sensor adds its grain,
exposure scales linear light and clips, and a photo from far away draws the jar small.

Every random choice comes from a fixed seed, so a call returns the same bytes each time (for a
given Pillow and libjpeg); each is cached, as rendering takes a fraction of a second. Webhook
tests import these too: keep the names stable.
"""

import functools
import io
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from tests.support import products

SIDE = 1200  # a square main photo, as TikTok recommends (§3)
PAPER = (238, 235, 228)  # white paper, a little warm, before the window light
CLOTH = (22, 20, 25)  # black cotton, exposed for the product
QUALITY = 90  # what phone cameras save at
_SEED = 2568


# --- the photos --------------------------------------------------------------------------------


@functools.cache
def sharp() -> bytes:
    """Return a good main photo: the jar fills most of a 1200×1200 frame on white paper."""
    return jpeg(_photo((SIDE, SIDE), [(0.5, 0.93, 0.82)]))


@functools.cache
def blurred(radius: float = 6.0) -> bytes:
    """Return the good photo out of focus; at the default radius the label's print is unreadable."""
    return jpeg(_photo((SIDE, SIDE), [(0.5, 0.93, 0.82)], blur=radius))


@functools.cache
def dark(stops: float = -3.5) -> bytes:
    """Return the good photo underexposed by `stops`, with the grain of a phone's high ISO."""
    return jpeg(_photo((SIDE, SIDE), [(0.5, 0.93, 0.82)], stops=stops, grain=5.0))


@functools.cache
def overexposed(stops: float = 2.0) -> bytes:
    """Return the good photo overexposed against a bright window: washed out and clipped."""
    return jpeg(_photo((SIDE, SIDE), [(0.5, 0.93, 0.82)], stops=stops, flare=0.12))


@functools.cache
def too_small() -> bytes:
    """Return a sharp, well-lit photo only 400×400 pixels big (TikTok's floor is 600)."""
    return jpeg(_photo((400, 400), [(0.5, 0.93, 0.82)]))


@functools.cache
def too_far() -> bytes:
    """Return a sharp 1600×1200 photo taken from too far: a small jar in a big plain frame."""
    return jpeg(_photo((1600, 1200), [(0.5, 0.64, 0.28)]))


@functools.cache
def landscape(size: tuple[int, int] = (1600, 1200)) -> bytes:
    """Return a good 4:3 landscape photo of a two-jar gift set (any size, e.g. 4000×3000)."""
    return jpeg(_photo(size, [(0.3, 0.93, 0.84), (0.7, 0.93, 0.84)]))


@functools.cache
def rotated() -> bytes:
    """Return a good portrait photo as phones store it: 1600×1200 pixels, EXIF orientation 6.

    A viewer turns it 90° clockwise and shows it 1200×1600.
    """
    upright = _photo((1200, 1600), [(0.5, 0.9, 0.72)])
    stored = Image.fromarray(upright).transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the stored top row is the displayed right-hand side
    return jpeg(np.asarray(stored), exif=exif)


@functools.cache
def on_dark_cloth(stops: float = 0.0) -> bytes:
    """Return the jar on black cloth; at 0 stops it is lit well, at -2.5 the room is dim."""
    return jpeg(_photo((SIDE, SIDE), [(0.5, 0.88, 0.7)], backdrop=_weave, stops=stops, light=0.3))


@functools.cache
def busy_background() -> bytes:
    """Return the good jar photo taken on a flowered sarong: a busy, multicoloured backdrop."""
    return jpeg(_photo((SIDE, SIDE), [(0.5, 0.93, 0.82)], backdrop=products.flowered_cloth))


@functools.cache
def plain_colour_backdrop() -> bytes:
    """Return the jar on plain pale green card: not white, but plain."""
    return jpeg(_photo((SIDE, SIDE), [(0.5, 0.93, 0.82)], backdrop=(176, 212, 178)))


@functools.cache
def plaid_cloth() -> bytes:
    """Return a close-up of the product itself, a plaid ผ้าขาวม้า filling the whole frame."""
    return jpeg(expose(products.plaid((SIDE, SIDE)).astype(np.float32)))


@functools.cache
def white_soap() -> bytes:
    """Return a well-exposed white soap bar with an embossed name on blown-out white paper."""
    sprite = products.soap(round(SIDE * 0.8))
    x, y = (SIDE - sprite.width) // 2, round(SIDE * 0.56 - sprite.height / 2)
    scene = Image.new("RGBA", (SIDE, SIDE), (253, 253, 253, 255))
    shadow = (x, y + round(sprite.height * 0.85), sprite.width, round(sprite.height * 0.15))
    scene = Image.alpha_composite(scene, _shadow(scene.size, shadow, 0.12))
    scene.alpha_composite(sprite, (x, y))
    return jpeg(expose(np.asarray(scene.convert("RGB"), dtype=np.float32), light=0.06))


@functools.cache
def png_cutout() -> bytes:
    """Return the jar cut out on a transparent background, as a PNG (shown on white)."""
    sprite = products.jar(round(SIDE * 0.84))
    canvas = Image.new("RGBA", (SIDE, SIDE), (0, 0, 0, 0))
    canvas.alpha_composite(sprite, ((SIDE - sprite.width) // 2, (SIDE - sprite.height) // 2))
    rgba = np.asarray(canvas).astype(np.float32)
    rng = np.random.default_rng(_SEED + 7)
    grain = rng.normal(0, 2.0, rgba.shape[:2])[..., None]
    rgba[..., :3] += grain * (rgba[..., 3:] > 0)  # the photo's grain, on the product only
    out = io.BytesIO()
    Image.fromarray(np.clip(np.rint(rgba), 0, 255).astype(np.uint8), "RGBA").save(out, "PNG")
    return out.getvalue()


def not_an_image() -> bytes:
    """Return a small PDF: a price list sent where a photo was asked for."""
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


@functools.cache
def truncated() -> bytes:
    """Return the good photo's JPEG cut in half, as an interrupted download leaves it."""
    data = sharp()
    return data[: len(data) // 2]


# --- the scene ---------------------------------------------------------------------------------


def _photo(
    size: tuple[int, int],
    jars: list[tuple[float, float, float]],
    *,
    backdrop: tuple[int, int, int] | Callable[[tuple[int, int]], np.ndarray] = PAPER,
    blur: float = 0.0,
    stops: float = 0.0,
    flare: float = 0.0,
    grain: float = 2.0,
    light: float = 0.14,
) -> np.ndarray:
    """Photograph jars on a backdrop; each jar is (centre x, base y, height) as frame shares.

    The backdrop is a plain colour, or a cloth: a function drawing it at a size.
    """
    width, height = size
    if callable(backdrop):
        scene = Image.fromarray(backdrop(size)).convert("RGBA")
    else:
        scene = Image.new("RGBA", size, (*backdrop, 255))
    for cx, base, tall in jars:
        sprite = products.jar(round(tall * height))
        x, y = round(cx * width - sprite.width / 2), round(base * height) - sprite.height
        box = (x, y + round(sprite.height * 0.9), sprite.width, round(sprite.height * 0.1))
        shadow = _shadow(size, box, 0.22)
        scene = Image.alpha_composite(scene, shadow)
        scene.alpha_composite(sprite, (x, y))
    image = scene.convert("RGB")
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur * min(size) / SIDE))
    return expose(
        np.asarray(image, dtype=np.float32), stops=stops, flare=flare, grain=grain, light=light
    )


def expose(
    rgb: np.ndarray,
    *,
    stops: float = 0.0,
    flare: float = 0.0,
    grain: float = 2.0,
    light: float = 0.14,
    seed: int = 0,
) -> np.ndarray:
    """Light the scene from the left, expose it and add sensor grain; return 8-bit sRGB."""
    height, width = rgb.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    # A window on the upper left: linear light falls off by `light` across the diagonal.
    falloff = 1 + light * (0.5 - (0.7 * xs / width + 0.3 * ys / height))
    linear = _to_linear(rgb) * falloff[..., None] * 2.0**stops + flare
    out = _to_srgb(np.clip(linear, 0, 1))
    rng = np.random.default_rng(_SEED + seed)
    # Mostly luminance grain, a little colour noise, as a phone's denoiser leaves it.
    out += rng.normal(0, grain, (height, width, 1)).astype(np.float32)
    out += rng.normal(0, grain / 3, (height, width, 3)).astype(np.float32)
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def jpeg(rgb: np.ndarray, exif: Image.Exif | None = None) -> bytes:
    """Encode as a phone does: JPEG at quality 90 with 4:2:0 chroma."""
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, "JPEG", quality=QUALITY, exif=exif or Image.Exif())
    return out.getvalue()


def _shadow(size: tuple[int, int], box: tuple[int, int, int, int], depth: float) -> Image.Image:
    """Return a soft contact shadow under `box` (x, y, width, height) as a black RGBA layer."""
    x, y, w, h = box
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).ellipse(
        (x - 0.05 * w, y, x + 1.15 * w, y + 1.6 * h + 4), fill=round(255 * depth)
    )
    mask = mask.filter(ImageFilter.GaussianBlur(max(2, h * 0.6)))
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    layer.putalpha(mask)
    return layer


def _weave(size: tuple[int, int]) -> np.ndarray:
    """Return black cotton cloth: a fine weave with uneven threads."""
    width, height = size
    ys, xs = np.mgrid[0:height, 0:width]
    rng = np.random.default_rng(_SEED + 11)
    weave = 4 * np.sin(xs * 1.9) * np.sin(ys * 1.9) + rng.normal(0, 2.5, (height, width))
    return np.clip(np.array(CLOTH) + weave[..., None], 0, 255).astype(np.uint8)


def _to_linear(srgb: np.ndarray) -> np.ndarray:
    c = srgb / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _to_srgb(linear: np.ndarray) -> np.ndarray:
    c = np.where(linear <= 0.0031308, linear * 12.92, 1.055 * linear ** (1 / 2.4) - 0.055)
    return (c * 255.0).astype(np.float32)
