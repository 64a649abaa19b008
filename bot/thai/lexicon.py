"""Load the phrase lists (bot/thai/data/*.yaml) into lookup tables for the intent matcher."""

from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import yaml

from bot.thai.once import built_once
from bot.thai.text import normalize

DIALECTS = ("central", "isan", "northern", "southern")

# When one reply says several things, the first intent in this order wins: a producer who
# writes "ได้แล้ว แต่หยุดส่งเถอะ" wants the messages stopped. A question is never an answer
# ("ได้ไหม"), not being sure is not yes ("น่าจะได้แล้วมั้ง"), and politeness (ack: "ค่ะ", "โอเค",
# "ได้") is the weakest answer of all: it says the producer heard, not that anything is done.
PRIORITY = (
    "stop",
    "delete_data",
    "human",
    "help",
    "resume",
    "restart",
    "progress",
    "menu",
    "continue",
    "unsure",
    "question",
    "later",
    "no",
    "yes",
    "ack",
    "thanks",
    "greeting",
)
# The intents that answer a question; a reply that asks one gives none of them.
ANSWERS = frozenset({"yes", "no", "ack", "later"})
# Meanings a step's answer may carry (`means:` in lessons) that a global intent also says: at a
# "done?" question a yes is done; in a trouble menu it is fixed. The others (waiting, skip, …)
# are said by their own phrases only (the `meanings:` of the dialect files).
MEANING_INTENTS = {
    "done": "yes",
    "fixed": "yes",
    "not_yet": "no",
    "help": "help",
    "later": "later",
}


def phrase_key(phrase: str) -> str:
    """Return the form a phrase is looked up by: normalized, without spaces or ๆ."""
    return normalize(phrase).replace(" ", "").replace("ๆ", "")


@dataclass(frozen=True)
class Lexicon:
    """Every phrase and grammar word, keyed by phrase_key()."""

    phrases: dict[str, str]  # phrase → intent, wherever it appears in a reply
    alone: dict[str, str]  # phrase → intent, only as a whole clause ("ได้ค่ะ", "ยัง, …")
    neutral: frozenset[str]
    acknowledgements: frozenset[str]
    particles: frozenset[str]
    negators: frozenset[str]
    question_endings: frozenset[str]
    meanings: dict[str, frozenset[str]]  # meaning → the phrases that say it at its question
    emoji: dict[str, str]  # emoji → the word it stands for
    clause_final: dict[str, str]  # last word of a reply → the word it stands for
    not_yet_openings: frozenset[str]
    later_openings: frozenset[str]
    done_verbs: frozenset[str]
    asking_how: frozenset[str]

    def words(self) -> set[str]:
        """Return every multi-character word the tokenizer must keep whole.

        Not the meanings' phrases: kept whole, "เปิดร้านได้แล้ว" (approved, at one question)
        would hide the yes inside it everywhere else; they are found by joining pieces.
        """
        return {
            w
            for group in (
                self.phrases,
                self.alone,
                self.neutral,
                self.acknowledgements,
                self.particles,
                self.negators,
                self.question_endings,
                self.clause_final,
                self.not_yet_openings,
                self.later_openings,
                self.done_verbs,
                self.asking_how,
            )
            for w in group
            if len(w) > 1
        }


def read_data(name: str) -> Any:
    """Return a data file of bot/thai/data (name as "grammar.yaml" or "intents/isan.yaml")."""
    return _read(name)


def _read(name: str) -> Any:
    path = files("bot.thai").joinpath("data")
    for part in name.split("/"):
        path = path.joinpath(part)
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _add(table: dict[str, str], phrase: object, intent: object, source: str,
         known: tuple[str, ...] | None = PRIORITY) -> None:  # fmt: skip
    # YAML reads a bare yes/no as a boolean: insist on strings so such a slip fails loudly.
    if not isinstance(phrase, str) or not isinstance(intent, str):
        raise ValueError(f"{source}: quote {phrase!r} under {intent!r} (YAML reads it as non-text)")
    if known is not None and intent not in known:
        raise ValueError(f"{source}: unknown intent {intent!r}")
    key = phrase_key(phrase)
    # The same phrase under two intents would make the answer depend on file order.
    if table.get(key, intent) != intent:
        raise ValueError(f"{source}: {phrase!r} is both {table[key]!r} and {intent!r}")
    table[key] = intent


@built_once
def lexicon() -> Lexicon:
    """Return the lexicon, loading the data files on first use."""
    phrases: dict[str, str] = {}
    alone: dict[str, str] = {}
    meaning_of: dict[str, str] = {}
    for dialect in DIALECTS:
        data = _read(f"intents/{dialect}.yaml")
        for meaning, items in data.get("meanings", {}).items():
            for phrase in items:
                _add(meaning_of, phrase, meaning, dialect, known=None)
        for intent, items in data.get("phrases", {}).items():
            for phrase in items:
                _add(phrases, phrase, intent, dialect)
        for intent, items in data.get("alone", {}).items():
            for phrase in items:
                _add(alone, phrase, intent, dialect)
    neutral = _read("neutral.yaml")
    grammar = _read("grammar.yaml")

    def keys(items: list[str]) -> frozenset[str]:
        return frozenset(phrase_key(str(w)) for w in items)

    meanings: dict[str, set[str]] = {}
    for key, meaning in meaning_of.items():
        meanings.setdefault(meaning, set()).add(key)
    return Lexicon(
        phrases=phrases,
        alone=alone,
        meanings={meaning: frozenset(keys) for meaning, keys in meanings.items()},
        neutral=keys([w for dialect in DIALECTS for w in neutral.get(dialect, [])]),
        acknowledgements=keys(grammar["acknowledgements"]),
        particles=keys(grammar["particles"]),
        negators=keys(grammar["negators"]),
        question_endings=keys(grammar["question_endings"]),
        emoji={str(k): phrase_key(str(v)) for k, v in grammar["emoji"].items()},
        clause_final={phrase_key(k): phrase_key(v) for k, v in grammar["clause_final"].items()},
        not_yet_openings=keys(grammar["not_yet_openings"]),
        later_openings=keys(grammar["later_openings"]),
        done_verbs=keys(grammar["done_verbs"]),
        asking_how=keys(grammar["asking_how"]),
    )
