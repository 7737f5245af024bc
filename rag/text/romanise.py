"""Chinese names as an English question writes them (陈兴波 -> Chen Xingbo, 勐混镇 -> Menghun Town).

English questions name people and places in pinyin without tones; the documents write them in
characters. The readings of each character come from the single-character entries of CC-CEDICT (the
dictionary the bridge reads), so a name matches whatever reading of a polyphonic character the
question uses. The dictionary's own proper names are the bridge's; a town or a person it lacks is
found by reading the candidate documents' headers (``pinyin_names``, ``spelled_in``), so no list of
places is needed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice, product

from rag.text.cedict import cedict_entries, glossary
from rag.text.english import is_english
from rag.text.pinyin_names import english_names
from rag.text.stored import stored

_TONES = re.compile(r"[1-5]")
_MAX_SPELLINGS = 64  # polyphonic characters multiply the spellings; a name rarely needs more


@stored
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


_LEVELS = "街道|社区|镇|乡|村|县|市|区|州|旗"
_PLACE_SUFFIX = re.compile(rf"(?:{_LEVELS})$")


def _joined_spellings(name: str, limit: int) -> list[str]:
    """Up to ``limit`` ways to write ``name`` as one toneless pinyin word (勐混 -> menghun); none when a character
    has no reading."""
    table = readings()
    options = [sorted(table.get(ch, ())) for ch in name]
    return ["".join(combo) for combo in islice(product(*options), limit)] if name and all(options) else []


def place_in_english(place: str, question: str) -> bool:
    """Whether an English question names this Chinese place in pinyin, as one word (南古镇 -> Nangu town,
    北营村 -> Beiying village)."""
    stem = _PLACE_SUFFIX.sub("", place)
    if not 2 <= len(stem) <= 4:
        return False
    words = set(re.findall(r"[a-z]+", question.lower()))
    return any(spelling in words for spelling in _joined_spellings(stem, _MAX_SPELLINGS))


PINYIN_TERM = "py:"  # header terms of names in pinyin, apart from any word a question or passage holds
_NAMED_BEFORE = re.compile(rf"(?:{_LEVELS}|盟|委员|代表)")
_MAX_TERMS = 8  # spellings of one name kept as header terms


def header_pinyin_terms(header: str) -> list[str]:
    """The names a header writes before a place's level or a person's role (宏村镇, 勐海县, 孙某某委员), as terms
    of their joined toneless pinyin ("py:hongcun"): an English question that names a town or a deputy the
    dictionary lacks finds the document by its header among all documents, not only among the candidates its
    other words found."""
    out: dict[str, None] = {}
    for mark in _NAMED_BEFORE.finditer(header):
        for size in (2, 3):
            stem = header[max(0, mark.start() - size) : mark.start()]
            if len(stem) == size:
                out.update(dict.fromkeys(PINYIN_TERM + s for s in _joined_spellings(stem, _MAX_TERMS)))
    return list(out)


# A sign-off names its office before the person (计划财务处　赵某某): such a run is no person's name.
_OFFICE_END = re.compile(r"[处科室局厅委办股队所站部院校司会组]$|中心$")
_PERSON = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,4}(?![\u4e00-\u9fff])")  # a run of two to four
_COURTESY = re.compile(r"同志|先生|女士|老师")


def person_pinyin_terms(*fields: str | None) -> list[str]:
    """The people a header's signer and contact fields name (陈兴波　0431-88975536), as terms of their joined
    toneless pinyin ("py:chenxingbo"): an English question that asks for the phone of a contact it names in
    pinyin finds the document among all documents, as it finds a deputy (``header_pinyin_terms``)."""
    out: dict[str, None] = {}
    for field in fields:
        for name in _PERSON.findall(_COURTESY.sub(" ", field or "")):
            if not _OFFICE_END.search(name):
                out.update(dict.fromkeys(PINYIN_TERM + s for s in _joined_spellings(name, _MAX_TERMS)))
    return list(out)


def pinyin_terms(names: list[str]) -> list[str]:
    """The header terms of names an English question writes in pinyin (``pinyin_names``: menghun)."""
    return [PINYIN_TERM + name for name in names]


def names_in_english(name: str, question: str) -> bool:
    """Whether an English question names this Chinese person (Chen Xingbo for 陈兴波)."""
    text = " ".join(re.findall(r"[a-z]+", question.lower()))
    return any(re.search(rf"\b{s}\b", text) for s in spellings(name))


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    return frozenset(r for values in readings().values() for r in values)


def _is_pinyin(word: str) -> bool:
    """Whether ``word`` (lower case) splits into toneless pinyin syllables (menghun = meng + hun)."""
    return _fewest_syllables(word) is not None


def _fewest_syllables(word: str) -> int | None:
    """The fewest toneless pinyin syllables ``word`` (lower case) splits into, None when it splits into none."""
    syllables, fewest = _syllables(), {0: 0}
    for i in range(len(word)):
        if i in fewest:
            for j in range(i + 1, min(len(word), i + 6) + 1):
                if word[i:j] in syllables and fewest.get(j, len(word) + 1) > fewest[i] + 1:
                    fewest[j] = fewest[i] + 1
    return fewest.get(len(word))


def spellable(word: str) -> bool:
    """Whether ``word`` (lower case pinyin) may spell a name of two to four characters, as ``spelled_in`` reads them:
    not one syllable (Miao), not five or more (Dongwuzhumuqin, 东乌珠穆沁)."""
    return 2 <= (_fewest_syllables(word) or 0) <= 4


# The English word of a place's level follows the name and is no part of it, though "Banner" (旗, a county of Inner
# Mongolia) reads as pinyin (ban + ne + r).
# Levels written after a name (Inner Mongolia's banners, leagues, sums and gachas: 旗, 盟, 苏木, 嘎查).
_ADMIN_WORDS = frozenset({"banner", "league", "county", "city", "district", "town", "township", "village", "sum",
                          "sumu", "gacha"})


def pinyin_names(question: str) -> list[str]:
    """The names an English question writes in pinyin that the dictionary does not know: runs of
    capitalised words, each of which reads as pinyin, lower case and joined (deputy Liu Xiaoyan ->
    "liuxiaoyan", Menghun Town -> "menghun"); the first word of the question is capitalised anyway, so it
    counts only when it is no English word (Haomen Town's target …). Acronyms (AI, R&D), the dictionary's
    names (Chengdu) and a single English word (June) are not such names."""
    if not is_english(question):
        return []
    known = {re.sub(r"'s$", "", word) for word, _ in english_names(question)}
    english = glossary()
    runs: list[list[str]] = [[]]
    for match in re.finditer(r"[A-Za-zÜü][A-Za-zÜü']*", question):
        word = re.sub(r"'s$", "", match.group()).replace("ü", "v").replace("Ü", "V")  # the readings write ü as v
        if (len(word) >= 2 and word[0].isupper() and word[1:].islower()
                and (match.start() > 0 or word.lower() not in english)
                and word not in known and word.lower() not in _ADMIN_WORDS and _is_pinyin(word.lower())):
            runs[-1].append(word.lower())
        elif runs[-1]:
            runs.append([])
    return [name for name, words in (("".join(run), len(run)) for run in runs)
            if len(name) >= 4 and (words > 1 or name not in english)]


def spelled_in(text: str, name: str) -> list[str]:
    """The runs of two to four consecutive Chinese characters of ``text`` that read as the pinyin ``name``
    (in 勐海县勐混镇, "menghun" is 勐混): any reading of each character, in order, spells it exactly."""
    table = readings()

    def spells(at: int, rest: str, used: int) -> int:
        """How many characters from ``at`` spell ``rest`` (0: none do)."""
        if not rest:
            return used if used >= 2 else 0
        if used == 4 or at >= len(text):
            return 0
        for reading in table.get(text[at], ()):
            if rest.startswith(reading) and (found := spells(at + 1, rest[len(reading):], used + 1)):
                return found
        return 0

    starts = _first_characters(name)
    if starts is None:
        return []
    found = ((m.start(), spells(m.start(), name, 0)) for m in starts.finditer(text))
    return list(dict.fromkeys(text[i : i + n] for i, n in found if n))


@lru_cache(maxsize=256)
def _first_characters(name: str) -> re.Pattern | None:
    """A pattern of the characters a spelling of ``name`` can begin with (a reading of theirs begins it): only at
    those does ``spelled_in`` try to spell the name (None: no character can). One question looks for its names in
    every candidate's header, so the pattern is made once per name."""
    read_as = _characters_read_as()
    firsts = frozenset().union(*(read_as.get(name[:k], ()) for k in range(1, len(name) + 1)))
    return re.compile("[" + "".join(map(re.escape, sorted(firsts))) + "]") if firsts else None


@lru_cache(maxsize=1)
def _characters_read_as() -> dict[str, frozenset[str]]:
    """Toneless reading -> the characters read so (the inverse of ``readings``)."""
    found: dict[str, set[str]] = {}
    for ch, values in readings().items():
        for reading in values:
            found.setdefault(reading, set()).add(ch)
    return {k: frozenset(v) for k, v in found.items()}
