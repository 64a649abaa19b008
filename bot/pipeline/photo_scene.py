"""Tell what a picture shows beyond its exposure: text instead of a product, a busy backdrop.

Pure functions of the working-size pixels bot.pipeline.photo_check prepares (NumPy, no model).
A picture of text, a phone screenshot included, has its detail in many short, wide lines (chat
bubbles, rows of a page, lines of a price list) on a plain ground: either a drawn one, with
large areas exactly one colour as no camera makes them (a screenshot, a poster made in an app),
or the even paper round each line of a printed page. A product photo's detail is one object
(its label's print joins the product's outline), or, when the outline is soft or dim, a few
blocks of print on a label amid other colours. A busy backdrop is a border full of sharp,
many-coloured detail that the middle of the frame does not share; where the middle shares it,
the pattern is the product (a cloth). Thresholds were set on the generated pictures of
tests/support (screen_images, photo_images) with wide margins either side; tune them on real
producers' photos once coaches review some.
"""

import numpy as np

# A luma step between neighbours (0..255) that counts as a sharp edge: text strokes and object
# outlines at the 512-px working size; phone grain and JPEG ringing stay far below it.
EDGE = 40.0
# The picture is read on a grid of 8×8-pixel cells (64 along the longest side); a cell is
# detailed when at least 6 % of its pixels lie on a sharp edge (a glyph's stroke crossing it).
CELL = 8
DETAILED_FROM = 0.06
# A line (of text, a chat bubble, a row of a page) is a connected run of detailed cells no
# taller than a fifth of the frame, at least 2.5 times as wide as tall and 3 cells wide.
LINE_HEIGHT = 0.2
LINE_ASPECT = 2.5
# Text rather than a product: 5 lines or more, holding at least 40 % of the detail (pictures of
# text: 8 to 15 lines holding 42-100 % of it; product photos in focus: up to 6 lines holding
# 19 %, but soft or dim ones up to 8 lines, their label's blocks, holding up to 98 %) …
TEXT_LINES = 5
TEXT_SHARE = 0.4
# … and on a plain ground: a quarter of the cells drawn in one colour, each of their pixels
# within 1 level of the others (screenshots and app-made pictures: 35-70 %; camera photos: none,
# as sensor grain never leaves 64 pixels alike, except a cut-out's white) or 5 lines each with
# even cells round it, within 4 levels on average of their middle value (a printed page: 15;
# a product's label blocks: at most 2, their surroundings mixing label, glass and backdrop).
DRAWN_SHARE = 0.25
DRAWN_WITHIN = 1.0
EVEN_WITHIN = 4.0
# The backdrop is read on a frame 12 % deep on each side, where a well-framed product is not.
RING = 0.12
# Busy: over 5 % of the frame's pixels on a sharp edge (flowered cloth 10 %, plain paper or
# cloth and a jar's edges up to 3 %) and many-coloured: a fifth of it saturated (chroma over 50)
# in at least 3 of 12 hues, each at least 3 % of the frame. Not busy when the middle third of
# the picture has the same colours (hue histograms at least 70 % alike; a plaid cloth filling
# the frame 94 %, a jar on flowers 30-40 %): the pattern fills the picture, so it is the product.
BUSY_EDGES = 0.05
CHROMA_FROM = 50.0
SATURATED_SHARE = 0.2
HUES, HUE_SHARE, MANY_HUES = 12, 0.03, 3
SAME_PATTERN = 0.7


def sharp_edges(luma: np.ndarray) -> np.ndarray:
    """Return which pixels lie on a sharp edge (a big step to the right or below)."""
    across = np.abs(np.diff(luma, axis=1, append=luma[:, -1:]))
    down = np.abs(np.diff(luma, axis=0, append=luma[-1:, :]))
    return np.maximum(across, down) > EDGE


def is_text(rgb: np.ndarray, edges: np.ndarray) -> bool:
    """Tell whether the picture is lines of text on a plain ground (a screenshot, a price list)."""
    rows, cols = edges.shape[0] // CELL, edges.shape[1] // CELL
    if rows < 3 or cols < 3:
        return False
    detailed = _cells(edges, rows, cols).mean(axis=(1, 3)) >= DETAILED_FROM
    lines = _lines(detailed)
    if len(lines) < TEXT_LINES:
        return False
    cells = _cells(rgb, rows, cols)
    spread = (cells.max(axis=(1, 3)) - cells.min(axis=(1, 3))).max(axis=-1)
    if (spread <= DRAWN_WITHIN).mean() >= DRAWN_SHARE:
        return True
    colours = cells.mean(axis=(1, 3))
    return sum(_on_even_ground(colours, detailed, box) for box in lines) >= TEXT_LINES


def _lines(detailed: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Return the boxes (top, left, height, width) of the lines, if they hold enough detail."""
    sizes, tops, lefts, heights, widths = _components(detailed)
    lines = (heights <= LINE_HEIGHT * len(detailed)) & (widths >= LINE_ASPECT * heights)
    lines &= widths >= 3
    if sizes[lines].sum() < TEXT_SHARE * detailed.sum():
        return []
    return list(zip(tops[lines], lefts[lines], heights[lines], widths[lines], strict=True))


def _on_even_ground(colours: np.ndarray, detailed: np.ndarray, box) -> bool:
    """Tell whether the plain cells right round a line's box are all about one colour."""
    top, left, height, width = box
    around = np.zeros(detailed.shape, dtype=bool)
    around[max(top - 1, 0) : top + height + 1, max(left - 1, 0) : left + width + 1] = True
    around[top : top + height, left : left + width] = False
    ground = colours[around & ~detailed]
    if len(ground) == 0:
        return False
    return np.abs(ground - np.median(ground, axis=0)).max(axis=1).mean() <= EVEN_WITHIN


def is_busy(rgb: np.ndarray, edges: np.ndarray) -> bool:
    """Tell whether the backdrop is busy and many-coloured (and not the product itself)."""
    height, width = edges.shape
    depth = max(2, round(RING * min(height, width)))
    ring = np.ones((height, width), dtype=bool)
    ring[depth:-depth, depth:-depth] = False
    if edges[ring].mean() <= BUSY_EDGES:
        return False
    step = 4  # colours are judged on every 4th pixel each way: enough, and 16 times cheaper
    hues = _hue_shares(rgb[::step, ::step], ring[::step, ::step])
    if hues.sum() < SATURATED_SHARE or (hues >= HUE_SHARE).sum() < MANY_HUES:
        return False
    middle = np.zeros_like(ring)
    middle[height // 3 : height - height // 3, width // 3 : width - width // 3] = True
    alike = np.minimum(hues, _hue_shares(rgb[::step, ::step], middle[::step, ::step])).sum()
    return alike < SAME_PATTERN * hues.sum()


def _cells(pixels: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Return the pixels as a grid of CELL×CELL cells: [row, y, column, x, …]."""
    return pixels[: rows * CELL, : cols * CELL].reshape(rows, CELL, cols, CELL, *pixels.shape[2:])


def _hue_shares(rgb: np.ndarray, where: np.ndarray) -> np.ndarray:
    """Return the share of the `where` pixels that are saturated, in each of HUES hues."""
    pixels = rgb[where]
    chroma = pixels.max(axis=1) - pixels.min(axis=1)
    red, green, blue = pixels[:, 0], pixels[:, 1], pixels[:, 2]
    hue = np.degrees(np.arctan2(np.sqrt(3) * (green - blue), 2 * red - green - blue)) % 360
    saturated = chroma > CHROMA_FROM
    counts = np.bincount((hue[saturated] * HUES / 360).astype(int) % HUES, minlength=HUES)
    return counts / max(len(pixels), 1)


def _components(mask: np.ndarray) -> tuple[np.ndarray, ...]:
    """Return each 4-connected component of `mask`: size, top row, left column, height, width."""
    rows, cols = mask.shape
    none = rows * cols
    labels = np.where(mask, np.arange(none).reshape(rows, cols), none)
    while True:  # each cell takes its neighbours' smallest label, then that label's label
        spread = labels.copy()
        np.minimum(spread[1:], labels[:-1], out=spread[1:])
        np.minimum(spread[:-1], labels[1:], out=spread[:-1])
        np.minimum(spread[:, 1:], labels[:, :-1], out=spread[:, 1:])
        np.minimum(spread[:, :-1], labels[:, 1:], out=spread[:, :-1])
        spread[~mask] = none
        spread[mask] = spread.flat[spread[mask]]
        if np.array_equal(spread, labels):
            break
        labels = spread
    ys, xs = np.nonzero(mask)
    _, which, sizes = np.unique(labels[mask], return_inverse=True, return_counts=True)
    count = len(sizes)
    top, bottom = np.full(count, rows), np.zeros(count, dtype=int)
    left, right = np.full(count, cols), np.zeros(count, dtype=int)
    np.minimum.at(top, which, ys)
    np.maximum.at(bottom, which, ys)
    np.minimum.at(left, which, xs)
    np.maximum.at(right, which, xs)
    return sizes, top, left, bottom - top + 1, right - left + 1
