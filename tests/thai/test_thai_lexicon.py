"""The phrase lists are data: they load strictly, and a slip in them fails loudly."""

import pytest
import yaml

from bot.thai.lexicon import DIALECTS, PRIORITY, _add, lexicon


def test_every_dialect_has_a_phrase_file_with_known_intents() -> None:
    from importlib.resources import files

    for dialect in DIALECTS:
        path = files("bot.thai").joinpath("data").joinpath("intents").joinpath(f"{dialect}.yaml")
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data["phrases"]) <= set(PRIORITY), dialect


def test_a_bare_yes_key_read_as_a_boolean_is_refused() -> None:
    with pytest.raises(ValueError, match="quote"):
        _add({}, "ได้แล้ว", True, "test")  # YAML reads `yes:` as True


def test_one_phrase_under_two_intents_is_refused() -> None:
    table: dict[str, str] = {}
    _add(table, "ได้แล้ว", "yes", "test")
    with pytest.raises(ValueError, match="both"):
        _add(table, "ได้แล้ว", "no", "test")


def test_unknown_intents_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown intent"):
        _add({}, "สวัสดี", "hello", "test")


def test_phrases_are_stored_in_their_matching_form() -> None:
    lex = lexicon()
    assert all(" " not in key and key == key.lower() for key in lex.phrases)
    assert lex.clause_final["ละ"] == "แล้ว"
