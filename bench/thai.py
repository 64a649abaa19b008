"""Score bot.thai (and the FAQ, names, products, the lessons' answers) on the labelled sets in
tests/thai/data, and time it per message.

Run: .venv/bin/python -m bench.thai   (the scoring is the tests': tests/support/thai_scores.py)
"""

import statistics
import sys
import time
from collections.abc import Callable
from functools import partial

from bot.thai import detect_intent, match_place, parse_number, parse_when, warm_up
from tests.support.thai_scores import (
    intent_cases,
    number_cases,
    place_cases,
    score_faq,
    score_intents,
    score_meanings,
    score_names,
    score_numbers,
    score_places,
    score_products,
    score_times,
    time_cases,
)

HELD_OUT = ("held_out_issue_11",)


def _cost(call: Callable[[], object], rounds: int) -> list[float]:
    """Return the cost in milliseconds of each of rounds calls."""
    costs = []
    for _ in range(rounds):
        start = time.perf_counter_ns()
        call()
        costs.append((time.perf_counter_ns() - start) / 1e6)
    return costs


def timings(rounds: int = 20) -> dict[str, list[float]]:
    """Time each function on every message of its set, rounds times, after warm-up."""
    calls: dict[str, list[Callable[[], object]]] = {
        "detect_intent": [partial(detect_intent, t) for t, _, _ in intent_cases()],
        "parse_when": [partial(parse_when, t, now) for t, now, _ in time_cases()],
        "parse_number": [partial(parse_number, t) for t, _ in number_cases()],
        "match_place": [partial(match_place, t, code) for t, code, _ in place_cases()],
    }
    return {
        name: [cost for call in each for cost in _cost(call, rounds)]
        for name, each in calls.items()
    }


def main() -> int:
    """Print accuracy per set (with every miss) and the cost per message."""
    start = time.perf_counter()
    warm_up()
    print(f"warm_up: {time.perf_counter() - start:.2f} s")
    held_out = score_faq(groups=HELD_OUT)
    held_out.name = "faq, held-out round only"
    scores = (
        score_intents(),
        score_meanings(),
        score_faq(),
        held_out,
        score_names(),
        score_products(),
        score_times(),
        score_numbers(),
        score_places(),
    )
    for score in scores:
        extra = ""
        if score.name == "intents":
            extra = (f", yes<->no swaps: {score.yes_no_swaps},"
                     f" questions read as answers: {score.questions_answered}")  # fmt: skip
        elif score.name.startswith("faq"):
            extra = f", answers to unrelated messages: {score.unrelated_answered}"
        print(f"\n{score.name}: {score.correct}/{score.total} = {score.accuracy:.1%}{extra}")
        for miss in score.misses:
            print(f"  miss {miss}")
    print("\ncost per message after warm-up (ms)")
    for name, costs in timings().items():
        costs.sort()
        p99 = costs[min(len(costs) - 1, round(0.99 * len(costs)))]
        print(f"  {name:14} median {statistics.median(costs):.3f}  p99 {p99:.3f}  n={len(costs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
