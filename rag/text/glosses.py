"""Chinese words read back into English through their CC-CEDICT glosses: the reverse of rag.text.bridge.

rag.text.bridge turns an English question's words into Chinese search terms, which finds passages. Choosing
among the items of one Chinese list (本科、硕士研究生和博士研究生 …分别…) needs the other direction: which
item an English question names ("master's graduates"). Each item's words are looked up in the dictionary and
their glosses' words compared with the question's; numbers written as words count too (two nights: 2晚).

Ranking an English question's best passages uses it too (``glossed_share``): the forward bridge must pick a
word's Chinese sense before it has seen a passage (master -> 掌握, visitors -> 观众), while a passage's own
words, read back, say whether it speaks of what the question asks (硕士 glosses "master's degree", 展位 "booth").
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.text.cedict import cedict_entries
from rag.text.english import EN_STOP, bare_word, forms, is_english, singular
from rag.text.lexical import words
from rag.text.stored import stored

_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\bsth\b|\bsb\b|\bCL:\S*", re.I)
_SKIPPED = re.compile(r"surname|variant of|see also|abbr\. for|\bpinyin\b", re.I)
_WORD = re.compile(r"[a-z][a-z']{2,}")
# Words too common in glosses to tell one item from another.
_COMMON = frozenset({
    "the", "and", "for", "with", "from", "that", "this", "one's", "something", "someone", "etc", "used", "also",
    "not", "sth", "person", "people", "thing", "kind", "sort", "type", "make", "have", "has", "get", "put", "take",
    "give", "lit", "fig", "esp", "e.g", "i.e", "old", "new",
    # Ranks and grades: 甲级 glosses "first rate, class A", which says nothing of a class C asked.
    "class", "grade", "rate", "rank", "level", "first", "second", "third", "top", "all", "whole", "above", "below",
})
_NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@stored
def _glossed() -> dict[str, str]:
    """Simplified word -> its glosses, every entry's (not the proper names')."""
    found: dict[str, str] = {}
    for parts, glosses in cedict_entries():
        if len(parts) < 3 or not parts[1] or parts[2][1:2].isupper():
            continue
        # A note in brackets does not make its gloss an abbreviation's (初中: junior high school (abbr. for 初级中学)).
        kept = "/".join(g for g in glosses.split("/") if g.strip() and not _SKIPPED.search(_NOISE.sub(" ", g)))
        if kept:
            found[parts[1]] = f"{found[parts[1]]}/{kept}" if parts[1] in found else kept
    return found


def warm_up() -> None:
    _glossed()


@lru_cache(maxsize=65536)
def _word_glosses(word: str) -> frozenset[str]:
    """The English words of one Chinese word's glosses (两个以上的词), singular; a digit's number word (2晚 -> two)."""
    if word.isascii() and word.isdigit() and 0 < int(word) <= len(_NUMBERS):  # not ①
        return frozenset((_NUMBERS[int(word) - 1],))
    glosses = _glossed().get(word) if len(word) >= 2 else None
    if not glosses:
        return frozenset()
    return frozenset(singular(bare_word(w)) for w in _WORD.findall(_NOISE.sub(" ", glosses.lower()))
                     if w not in _COMMON)


@lru_cache(maxsize=4096)
def english_words(chinese: str) -> frozenset[str]:
    """The English words the dictionary glosses the words of ``chinese`` with (两个以上的词), singular; the
    digits it writes as their number words (2晚 -> two)."""
    found = frozenset().union(*(_word_glosses(word) for word in words(chinese)))
    # An adverb names what its adjective does (民办: privately operated, a private kindergarten).
    return found | {w[:-2] for w in found if w.endswith("ly") and len(w) > 5}


def _bare_words(question: str) -> list[str]:
    """The words of an English question, possessives as their words (none for a Chinese question)."""
    return [bare_word(w) for w in _WORD.findall(question.lower())] if is_english(question) else []


def asked_words(question: str) -> tuple[tuple[str, ...], ...]:
    """The content words of an English question, each as the forms its glosses may hold (graduates -> graduate);
    function words and the gloss words too common to tell passages apart are left out."""
    return tuple(forms(w) for w in dict.fromkeys(_bare_words(question)) if w not in EN_STOP and w not in _COMMON)


def glossed_share(asked: tuple[tuple[str, ...], ...], chinese: str) -> float:
    """The share of the ``asked_words`` that the glosses of the dictionary words written in ``chinese`` hold.

    Every dictionary word of two to four characters found anywhere in the text counts (硕士 inside 硕士研究生),
    as jieba's search mode would give them: three times faster than segmenting a passage (0.07 against 0.2 ms),
    and as good on the dev splits."""
    if not asked:
        return 0.0
    own = _text_glosses(chinese)
    return sum(any(form in own for form in word) for word in asked) / len(asked)


@lru_cache(maxsize=8192)
def _text_glosses(chinese: str) -> frozenset[str]:
    """The gloss words of every dictionary word in ``chinese``: a passage's are read again by every English question
    that ranks it, so they are kept (about 1 ms of an English question's retrieval)."""
    glossed = _glossed()
    found = {chinese[i : i + n] for n in (2, 3, 4) for i in range(len(chinese) - n + 1)}
    return frozenset().union(*(_word_glosses(word) for word in found if word in glossed))


def question_words(question: str) -> frozenset[str]:
    """The words of an English question in every form ``english_words`` may hold them (graduates -> graduate)."""
    found = _bare_words(question)
    found += [w[:-2] for w in found if w.endswith("ly") and len(w) > 5]  # personally -> personal
    return frozenset(f for w in found for f in forms(w))


def named_by_gloss(items: list[str], question: str, words: int = 1) -> list[int]:
    """The positions of the items an English question names by gloss words of theirs that no other item has
    (``words`` of them at least)."""
    asked = question_words(question)
    if not asked:
        return []
    glossed = [english_words(item) for item in items]
    return [i for i, own in enumerate(glossed)
            if len(own & asked - frozenset().union(*(other for j, other in enumerate(glossed) if j != i))) >= words]
