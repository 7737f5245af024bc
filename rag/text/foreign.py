"""Foreign proper names in English questions (France -> 法国), read from CC-CEDICT.

The bridge (rag.text.bridge) turns Chinese places written in pinyin into their characters; a question may also name
a country or a foreign city that no Chinese official document of the archive is about (What is the capital of
France?). Its Chinese spellings let the answer step see that no document mentions it, and abstain.
"""

from __future__ import annotations

import re

from rag.text.cedict import cedict_entries, name_key
from rag.text.english import is_english
from rag.text.pinyin_names import names
from rag.text.stored import stored


@stored
def _table() -> dict[str, tuple[str, ...]]:
    """Capitalised English name -> Chinese words: the CC-CEDICT proper names (capitalised pinyin) whose gloss begins
    with one capitalised word that is not their pinyin and that no common entry begins with (法国 /France/)."""
    found: dict[str, list[str]] = {}
    common: set[str] = set()  # words a common entry glosses too (七月 /July/, 互联网 /Internet/): no names
    for parts, glosses in cedict_entries():
        if len(parts) < 3 or len(parts[1]) < 2:
            continue
        first = glosses.split("/", 1)[0].strip()
        if not _FOREIGN.fullmatch(first):
            continue
        if not parts[2][1:2].isupper():
            common.add(first.lower())
        elif name_key(first) != name_key(parts[2].strip().strip("[]")):
            words = found.setdefault(first.lower(), [])
            if parts[1] not in words:
                words.append(parts[1])
    return {k: tuple(v) for k, v in found.items() if k not in common and k not in _CALENDAR}


_FOREIGN = re.compile(r"[A-Z][a-z]{3,}")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_CALENDAR = {"january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
             "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def foreign_names(question: str) -> list[tuple[str, tuple[str, ...]]]:
    """The capitalised words of an English question (not its first) that are proper names but no Chinese place's
    pinyin (France -> 法国), with their Chinese spellings: a question about one that no document mentions is not
    about the archive."""
    if not is_english(question):
        return []
    table, pinyin = _table(), names()
    return [(m.group(), table[key]) for m in _WORD.finditer(question)
            if m.start() > 0 and m.group()[0].isupper() and (key := m.group().lower()) in table
            and name_key(m.group()) not in pinyin]


def warm_up() -> None:
    """Read the dictionary's foreign names now rather than in the first English question (0.3 s here)."""
    _table()
