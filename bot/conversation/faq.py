"""The questions producers ask, answered as content (content/faq.yaml): read, check, match.

An entry answers a message when every word of one of its keyword alternatives occurs in it
(spaces removed, after bot.thai's normalize); the longest matched alternative wins. The answer
is one bubble, with a link button inside it when the entry has one.
"""

import re
from dataclasses import dataclass
from datetime import date

from bot import thai
from bot.flows.base import Context
from bot.flows.common import link_card
from bot.flows.templates import say, template_errors
from bot.line.messages import MAX_LABEL_GRAPHEMES, Message, Text, graphemes, message_problems

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
ENTRY_KEYS = {"id", "answer", "keywords", "link", "sources"}


@dataclass(frozen=True)
class FaqEntry:
    """One question and its answer: the words that find it, the bubble, where the facts are from."""

    id: str
    answer: str
    keywords: tuple[tuple[str, ...], ...]  # alternatives; every word of one must occur
    link: tuple[str, str] | None = None  # (label, https address)
    sources: tuple = ()

    def message(self, ctx: Context) -> Message:
        """Return the answer's bubble for this producer."""
        text = say(self.answer, ctx)
        return link_card([self.link], text) if self.link else Text(text)


@dataclass(frozen=True)
class Faq:
    """The FAQ entries in file order, with their keywords in the form messages are compared in."""

    entries: tuple[FaqEntry, ...] = ()

    def __post_init__(self):
        squeezed = tuple(
            (entry, tuple(tuple(squeeze(w) for w in words) for words in entry.keywords))
            for entry in self.entries
        )
        object.__setattr__(self, "_squeezed", squeezed)

    def match(self, text: str) -> FaqEntry | None:
        """Return the entry that answers a message, or None."""
        message = squeeze(text)
        best, best_score = None, 0
        for entry, alternatives in self._squeezed:
            for words in alternatives:
                score = sum(map(len, words))
                if score > best_score and all(w in message for w in words):
                    best, best_score = entry, score
        return best


def squeeze(text: str) -> str:
    """Return text as keywords are compared with it: normalized, without spaces."""
    return "".join(thai.normalize(str(text)).split())


def read_faq(raw, problems: list[str]) -> Faq:
    """Return the FAQ of a loaded faq.yaml (problems go to `problems`); None is an empty FAQ."""
    if raw is None:
        return Faq()
    if not isinstance(raw, dict) or not isinstance(raw.get("entries"), list):
        problems.append("faq.yaml: must have a list of entries")
        return Faq()
    entries, seen = [], set()
    for number, item in enumerate(raw["entries"], 1):
        where = f"faq.yaml: entry {item.get('id', number) if isinstance(item, dict) else number}"
        found = list(_entry_problems(item, seen))
        problems.extend(f"{where}: {p}" for p in found)
        if found:
            continue
        seen.add(item["id"])
        link = item.get("link")
        entries.append(
            FaqEntry(
                id=item["id"],
                answer=str(item["answer"]),
                keywords=tuple(tuple(str(w) for w in words) for words in item["keywords"]),
                link=(link["label"], link["uri"]) if link else None,
                sources=tuple(item["sources"]),
            )
        )
    return Faq(tuple(entries))


def _entry_problems(item, seen: set[str]):
    if not isinstance(item, dict):
        yield "must be a mapping with id, answer, keywords and sources"
        return
    if unknown := set(item) - ENTRY_KEYS:
        yield f"unknown keys {', '.join(sorted(unknown))}"
    if not isinstance(item.get("id"), str) or not SNAKE.match(item["id"]):
        yield "id must be snake_case"
    elif item["id"] in seen:
        yield "id is used twice"
    if not str(item.get("answer") or "").strip():
        yield "needs an answer"
    else:
        yield from template_errors(str(item["answer"]))
    keywords = item.get("keywords")
    if (
        not isinstance(keywords, list)
        or not keywords
        or not all(
            isinstance(words, list) and words and all(squeeze(w) for w in words)
            for words in keywords
        )
    ):
        yield "keywords must be a list of word lists, none empty"
    link = item.get("link")
    if link is not None and not (
        isinstance(link, dict)
        and str(link.get("uri", "")).startswith("https://")
        and 0 < graphemes(str(link.get("label", ""))) <= MAX_LABEL_GRAPHEMES
    ):
        yield "a link needs a label of at most 20 characters and an https address"
    sources = item.get("sources")
    if not isinstance(sources, list) or not sources:
        yield "must say where its facts come from (sources)"
        return
    for source in sources:
        if not isinstance(source, dict) or not all(source.get(k) for k in ("fact", "url")):
            yield "every source needs fact, url and checked"
        elif not isinstance(source.get("checked"), date):
            yield f"source {source['url']}: checked must be a date (YYYY-MM-DD)"


def faq_problems(faq: Faq, contexts: list[Context]) -> list[str]:
    """Return what in the FAQ's answers breaks LINE's limits for these sample producers."""
    problems = set()
    for ctx in contexts:
        for entry in faq.entries:
            found = message_problems([entry.message(ctx)])
            problems.update(f"faq.yaml: entry {entry.id}: {p}" for p in found)
    return sorted(problems)
