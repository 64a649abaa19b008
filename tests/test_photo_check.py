"""The photo check: what a producer is told about each kind of photo they might send."""

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from bot.pipeline import photo_check
from bot.pipeline.photo_check import PROBLEMS, check_photo
from tests.support import photo_images


def assert_well_formed(result):
    """A verdict is ok with no problems, or not ok with known problems, most important first."""
    assert result.ok == (not result.problems)
    assert set(result.problems) <= set(PROBLEMS)
    assert list(result.problems) == sorted(set(result.problems), key=PROBLEMS.index)


# --- the verdicts on realistic photos ----------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "size"),
    [
        (photo_images.sharp, (1200, 1200)),
        (photo_images.landscape, (1600, 1200)),
        (photo_images.png_cutout, (1200, 1200)),
        (photo_images.plain_colour_backdrop, (1200, 1200)),  # plain, if not white
        (photo_images.plaid_cloth, (1200, 1200)),  # a cloth filling the frame: the product
    ],
)
def test_good_photo_passes(make, size):
    result = check_photo(make())
    assert result.ok, result
    assert result.problems == ()
    assert (result.width, result.height) == size


def test_cutout_is_judged_on_white():
    result = check_photo(photo_images.png_cutout())
    assert result.brightness > 180  # its transparent background counts as white, not black


@pytest.mark.parametrize(
    ("make", "first"),
    [
        (photo_images.blurred, "blurry"),
        (photo_images.dark, "too_dark"),
        (photo_images.overexposed, "too_bright"),
        (photo_images.too_small, "too_small"),
        (photo_images.too_far, "too_far"),
        (photo_images.not_an_image, "not_image"),
        (photo_images.truncated, "not_image"),
    ],
)
def test_faulty_photo_is_told_its_main_fault_first(make, first):
    result = check_photo(make())
    assert not result.ok
    assert result.problems[0] == first, result
    assert_well_formed(result)


def test_slightly_soft_photo_is_not_blurry():
    result = check_photo(photo_images.blurred(radius=1.5))
    assert result.ok, result


def test_slightly_dim_photo_is_not_too_dark():
    result = check_photo(photo_images.dark(stops=-1.5))
    assert result.ok, result


def test_photo_three_stops_under_is_too_dark():
    # The white paper comes out mid-grey, yet the mean luma is over §6's suggested 70.
    result = check_photo(photo_images.dark(stops=-3))
    assert result.brightness > 70
    assert result.problems[:1] == ("too_dark",), result


def test_tall_jar_framed_well_is_not_too_far():
    result = check_photo(photo_images.sharp())
    assert result.fill < photo_check.FILL_BELOW  # under TikTok's 60 %: a tall jar cannot reach it
    assert "too_far" not in result.problems


def test_lit_product_on_dark_cloth_is_not_too_dark():
    result = check_photo(photo_images.on_dark_cloth())
    assert result.brightness < photo_check.DARK_MEAN_BELOW  # dark on average, as black cloth is
    assert result.ok, result


def test_product_on_dark_cloth_in_a_dim_room_is_too_dark():
    result = check_photo(photo_images.on_dark_cloth(stops=-2.5))
    assert result.problems[:1] == ("too_dark",), result


def test_white_soap_on_white_is_not_too_bright():
    result = check_photo(photo_images.white_soap())
    assert result.brightness > photo_check.BRIGHT_MEAN_ABOVE  # the frame's mean alone would flag it
    assert "too_bright" not in result.problems


def test_white_soap_in_focus_is_not_blurry_though_its_contrast_is_low():
    result = check_photo(photo_images.white_soap())
    assert result.sharpness < photo_check.BLUR_BELOW  # the variance alone would flag it
    assert result.ok, result


@pytest.mark.parametrize("kind", ["GIF", "WEBP", "BMP"])
def test_format_tiktok_refuses_is_not_an_image(kind):
    out = io.BytesIO()
    Image.open(io.BytesIO(photo_images.too_small())).save(out, kind)
    assert check_photo(out.getvalue()).problems == ("not_image",)


def test_exif_rotated_photo_reports_displayed_size():
    data = photo_images.rotated()
    assert Image.open(io.BytesIO(data)).size == (1600, 1200)  # stored sideways, as phones do
    result = check_photo(data)
    assert (result.width, result.height) == (1200, 1600)
    assert result.ok, result


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    "convert",
    [
        lambda image: image.convert("L"),
        lambda image: Image.fromarray(np.asarray(image.convert("L")).astype(np.uint16) * 257),
        lambda image: image.convert("LA"),
        lambda image: image.quantize(256),
        lambda image: image.convert("1"),
    ],
    ids=["grey", "grey-16-bit", "grey-alpha", "palette", "black-and-white"],
)
def test_png_saved_by_an_editing_app_is_judged_like_the_photo(convert):
    image = convert(Image.open(io.BytesIO(photo_images.sharp())))
    result = check_photo(_png(image))
    assert result.ok, result


@pytest.mark.parametrize("size", [(1, 1), (3, 3), (2, 700), (700, 2), (5000, 1)])
@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_sliver_of_an_image_is_too_small(size, mode):
    result = check_photo(_png(Image.new(mode, size)))
    assert result.problems[:1] == ("too_small",), result
    assert_well_formed(result)


# --- size limits -------------------------------------------------------------------------------


def test_file_over_max_bytes_is_too_big_without_decoding(monkeypatch):
    # A "motion photo": a valid JPEG with a short video appended after its end, as some phones
    # save them. It decodes, but its size alone is over what LINE delivers.
    data = photo_images.sharp() + bytes(photo_check.MAX_BYTES)
    assert check_photo(data, max_bytes=len(data)).ok

    def must_not_decode(data):
        raise AssertionError("decoded a file over max_bytes")

    monkeypatch.setattr(photo_check, "_decode", must_not_decode)
    result = check_photo(data)
    assert result.problems == ("too_big",)
    assert result.width is None


def test_max_bytes_is_the_callers_limit():
    data = photo_images.sharp()
    assert check_photo(data, max_bytes=len(data)).ok
    assert check_photo(data, max_bytes=len(data) - 1).problems == ("too_big",)


@pytest.mark.parametrize("size", [(8000, 8000), (20000, 10000)])
def test_image_over_pixel_cap_is_too_big_without_decoding(size, monkeypatch):
    # One colour compresses to almost nothing: only the pixel count can give it away.
    # 20000×10000 is also over Pillow's own bomb limit, which must not raise or warn.
    out = io.BytesIO()
    Image.new("1", size, 1).save(out, "PNG")
    data = out.getvalue()
    assert len(data) < photo_check.MAX_BYTES

    def must_not_load(image):
        raise AssertionError("decoded the pixels of an image over the pixel cap")

    monkeypatch.setattr(photo_check, "_working_rgb", must_not_load)
    result = check_photo(data)
    assert result.problems == ("too_big",)
    assert (result.width, result.height) == size


# --- never an exception ------------------------------------------------------------------------

JPEG_MAGIC, PNG_MAGIC = b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"


def _small_originals() -> list[bytes]:
    """Return a small valid JPEG (with EXIF orientation) and PNG to corrupt."""
    image = Image.open(io.BytesIO(photo_images.sharp())).resize((96, 96))
    jpeg, png = io.BytesIO(), io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6
    image.save(jpeg, "JPEG", quality=90, exif=exif)
    image.save(png, "PNG")
    return [jpeg.getvalue(), png.getvalue()]


ORIGINALS = _small_originals()


@st.composite
def corrupted(draw):
    """Draw a valid small image with bytes overwritten, some in its headers, maybe truncated."""
    data = bytearray(draw(st.sampled_from(ORIGINALS)))
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, 600) | st.integers(0, len(data) - 1))
        data[where] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


def test_fuzzed_originals_decode():
    # Corrupting them must exercise the decoders, not only the check of the first bytes.
    for original in ORIGINALS:
        result = check_photo(original)
        assert result.problems[:1] == ("too_small",), result
        assert (result.width, result.height) == (96, 96)


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=4096)
    | st.tuples(st.sampled_from([JPEG_MAGIC, PNG_MAGIC]), st.binary(max_size=4096)).map(b"".join)
)
def test_random_bytes_never_raise(data):
    assert_well_formed(check_photo(data))


@settings(max_examples=300, deadline=None)
@given(corrupted())
def test_corrupted_image_never_raises(data):
    assert_well_formed(check_photo(data))
