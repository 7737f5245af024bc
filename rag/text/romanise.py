"""Chinese personal names as an English question writes them (陈兴波 -> Chen Xingbo).

English questions name people in pinyin without tones; the documents write them in characters. The
readings of each character come from the single-character entries of CC-CEDICT (the dictionary the
bridge reads), so a name matches whatever reading of a polyphonic character the question uses.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from rag.text.bridge import cedict_entries

_TONES = re.compile(r"[1-5]")
_MAX_SPELLINGS = 64  # polyphonic characters multiply the spellings; a name rarely needs more


@lru_cache(maxsize=1)
def readings() -> dict[str, frozenset[str]]:
    """Character -> its toneless lower-case pinyin readings (ü written as v)."""
    found: dict[str, set[str]] = {}
    for parts, _ in cedict_entries():
        if len(parts) < 3 or len(parts[1]) != 1:
            continue
        pinyin = _TONES.sub("", parts[2].strip().strip("[]")).lower().replace("u:", "v")
        if pinyin.isalpha():
            found.setdefault(parts[1], set()).add(pinyin)
    return {k: frozenset(v) for k, v in found.items()}


def spellings(name: str) -> set[str]:
    """The ways an English text may write a two- to four-character name: surname, then the given name as
    one word (陈兴波 -> "chen xingbo"), lower case."""
    table = readings()
    options = [sorted(table.get(ch, ())) for ch in name]
    if len(name) < 2 or not all(options):
        return set()
    out: set[str] = set()
    for combo in product(*options):
        out.add(f"{combo[0]} {''.join(combo[1:])}")
        if len(out) >= _MAX_SPELLINGS:
            break
    return out


def names_in_english(name: str, question: str) -> bool:
    """Whether an English question names this Chinese person (Chen Xingbo for 陈兴波)."""
    text = " ".join(re.findall(r"[a-z]+", question.lower()))
    return any(re.search(rf"\b{s}\b", text) for s in spellings(name))
