"""A place in a ranking a question asks for (排第几, what rank): the 第7位 a sentence gives after 排名, not a figure.

Without this, "在海淀区排第几" asks for no figure kind and a sentence answers whole; the place is the ordinal a
sentence writes after its ranking verb (在全区29个街镇中排名第7位), not the one it compares it with (比上季度的第11位
前移4位).
"""

from __future__ import annotations

import re

from rag.answer.span import Sentence

_ASKED = re.compile(r"排(?:名|在|位)?第几|第几(?:名|位)|(?:名列|位列|位居|居)第几|"
                    r"\b(?:what|which) (?:rank|ranking|place|position)\b|\bwhere did .{1,60}? rank\b|"
                    r"\branked (?:what|where)\b", re.I)
_NUMERAL = r"[\d一二三四五六七八九十]{1,3}"
_STATED = re.compile(rf"(?:排名|排在|排|位列|名列|位居|居)[^，,。；;第]{{0,16}}?(第\s*{_NUMERAL}\s*(?:位|名))")


def asks_position(question: str) -> bool:
    return _ASKED.search(question) is not None


def stated_position(sentences: list[Sentence]) -> tuple[Sentence, int, int] | None:
    """The best sentence (by its score, then rank) that states a place after a ranking verb, and where the place
    stands in it."""
    for sentence in sorted(sentences, key=lambda x: (-x.score, x.rank, x.start)):
        if found := _STATED.search(sentence.text):
            return sentence, found.start(1), found.end(1)
    return None
