"""Read a typed product ("ผ้าไหม", "ปลาร้า") as one of the five OTOP product types."""

from dataclasses import dataclass

from bot.thai.choice import choose
from bot.thai.lexicon import read_data
from bot.thai.once import built_once


@dataclass(frozen=True)
class Products:
    """Each OTOP type's product words, and the words of alcoholic drinks."""

    by_category: dict[str, tuple[str, ...]]
    alcohol: tuple[str, ...]


@dataclass(frozen=True)
class ProductReading:
    """What a reply names: an OTOP type, and whether it is an alcoholic drink."""

    category: str
    alcohol: bool


@built_once
def products() -> Products:
    """Return the product words (bot/thai/data/products.yaml), loaded on first use."""
    data = read_data("products.yaml")
    by_category, alcohol = {}, []
    for category, items in data["products"].items():
        if category not in data["categories"]:
            raise ValueError(f"products.yaml: unknown category {category!r}")
        words = []
        for item in items:
            names = [item["word"], *item.get("variants", [])]
            words += names
            if item.get("alcohol"):
                alcohol += names
        by_category[category] = tuple(words)
    return Products(by_category, tuple(alcohol))


def product_in(text: str) -> ProductReading | None:
    """Return the OTOP type of the product a reply names, or None (none, or of two types)."""
    found = products()
    category = choose(text, found.by_category)
    if category is None:
        return None
    return ProductReading(category, choose(text, {"alcohol": found.alcohol}) == "alcohol")
