"""What the photo check says a picture shows: a screenshot or a picture of text is refused, a
busy backdrop gets the advice to use a plain one (bot.pipeline.photo_scene)."""

import io

import pytest
from PIL import Image

from bot.pipeline.photo_check import check_photo
from tests.support import photo_images, screen_images


def _jpeg(image: Image.Image, quality: int = 80) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


def _smaller(data: bytes) -> bytes:
    """Return the picture two thirds as big, saved again as LINE may recompress it."""
    image = Image.open(io.BytesIO(data))
    return _jpeg(image.resize((image.width * 2 // 3, image.height * 2 // 3)), quality=70)


def _top_half(data: bytes) -> bytes:
    """Return the top half of the picture, as a producer crops a screenshot."""
    image = Image.open(io.BytesIO(data))
    return _jpeg(image.crop((0, 0, image.width, image.height // 2)))


def _tilted(data: bytes) -> bytes:
    """Return the picture turned by 3 degrees, as a hand-held photo of a page is."""
    image = Image.open(io.BytesIO(data)).convert("RGB")
    return _jpeg(image.rotate(3, expand=True, fillcolor=image.getpixel((0, 0))))


@pytest.mark.parametrize(
    "make",
    [
        screen_images.chat_screenshot,
        lambda: screen_images.chat_screenshot("JPEG"),
        lambda: _smaller(screen_images.chat_screenshot()),
        lambda: _top_half(screen_images.chat_screenshot()),
        screen_images.shop_page_screenshot,
        screen_images.price_list,
        lambda: _tilted(screen_images.price_list()),
        screen_images.printed_price_list,
        lambda: _smaller(screen_images.printed_price_list()),
    ],
    ids=["chat", "chat-jpeg", "chat-smaller", "chat-top-half", "shop-page", "price-list",
         "price-list-tilted", "printed-price-list", "printed-smaller"],
)  # fmt: skip
def test_screenshot_or_picture_of_text_is_refused(make):
    result = check_photo(make())
    assert result.problems == ("screenshot",), result


def test_product_on_busy_multicoloured_cloth_is_told_to_use_a_plain_backdrop():
    result = check_photo(photo_images.busy_background())
    assert result.problems == ("busy_background",), result  # sharp and lit well: only that


def test_busy_backdrop_is_found_in_a_smaller_photo_too():
    result = check_photo(_smaller(photo_images.busy_background()))
    assert result.problems == ("busy_background",), result


@pytest.mark.parametrize(
    "make",
    [
        photo_images.sharp,
        lambda: _smaller(photo_images.sharp()),
        photo_images.plain_colour_backdrop,
        photo_images.plaid_cloth,
        lambda: _smaller(photo_images.plaid_cloth()),
        photo_images.white_soap,
        photo_images.png_cutout,
    ],
    ids=["jar", "jar-smaller", "plain-green", "plaid", "plaid-smaller", "soap", "cut-out"],
)
def test_a_product_on_a_plain_backdrop_or_a_cloth_filling_the_frame_passes(make):
    result = check_photo(make())
    assert result.ok, result


@pytest.mark.parametrize("stops", [-1.5, -2.5])
def test_a_dim_label_is_not_taken_for_a_picture_of_text(stops):
    # In dim light the jar's outline fades before its label's print does, and the label's blocks
    # of text stand apart; but on a label amid glass and cloth, not on a plain ground.
    result = check_photo(photo_images.on_dark_cloth(stops))
    assert "screenshot" not in result.problems, result
