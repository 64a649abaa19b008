"""The accuracy targets of issue 3, on the labelled sets in tests/thai/data."""

from tests.support.thai_scores import score_intents, score_numbers, score_places, score_times


def test_intents_reach_97_percent_without_swapping_yes_and_no() -> None:
    score = score_intents()
    assert score.total >= 400
    assert score.yes_no_swaps == 0, score.misses
    assert score.accuracy >= 0.97, score.misses


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
