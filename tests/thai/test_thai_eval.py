"""The accuracy targets of issues 3 and 11, on the labelled sets in tests/thai/data."""

from tests.support.thai_scores import (
    score_faq,
    score_intents,
    score_meanings,
    score_names,
    score_numbers,
    score_places,
    score_products,
    score_times,
)


def test_intents_reach_98_percent_without_swapping_yes_and_no_or_answering_questions() -> None:
    score = score_intents()
    assert score.total >= 750
    assert score.yes_no_swaps == 0, score.misses
    assert score.questions_answered == 0, score.misses
    assert score.accuracy >= 0.98, score.misses


def test_answers_mean_what_they_mean_at_their_own_question() -> None:
    score = score_meanings()
    assert score.total >= 300
    assert score.accuracy >= 0.98, score.misses


def test_the_faq_answers_90_percent_and_nothing_unrelated() -> None:
    score = score_faq()
    assert score.total >= 300
    assert score.unrelated_answered == 0, score.misses
    assert score.accuracy >= 0.90, score.misses


def test_names_come_out_of_call_me_answers() -> None:
    score = score_names()
    assert score.total >= 20
    assert score.accuracy == 1.0, score.misses


def test_product_words_are_read_as_their_otop_type() -> None:
    score = score_products()
    assert score.total >= 30
    assert score.accuracy == 1.0, score.misses


def test_times_reach_97_percent() -> None:
    score = score_times()
    assert score.total >= 150
    assert score.accuracy >= 0.97, score.misses


def test_numbers_are_all_read() -> None:
    score = score_numbers()
    assert score.total >= 60
    assert score.accuracy == 1.0, score.misses


def test_places_reach_95_percent() -> None:
    score = score_places()
    assert score.total >= 80
    assert score.accuracy >= 0.95, score.misses
