"""English questions meet Chinese passages on the lexical side, through CC-CEDICT glosses.

BM25 over jieba tokens cannot match "subsidy" to 补贴, so an English question used to rank by its
vectors alone and missed passages a Chinese question finds (figures, named programmes). A question's
English phrases, looked up in CC-CEDICT's inverted glossary (rag.text.cedict) longest first (up to five
words, hyphens split; a phrase's last word as written, then its other forms: rag.text.english), become
Chinese lexical terms, and the Chinese names it writes in pinyin join them (rag.text.pinyin_names), with the
regional names of provinces' parts (eastern Guangdong -> 粤东: rag.text.regions). Only
terms that the index holds are kept, the most common ones first, because the usual translation of an
official term is the one the corpus uses. A small curated vocabulary of official documents (fund -> 资金,
pilot -> 试点) replaces the dictionary's everyday senses of those words; adjacent phrases whose terms join
into a word the index holds add that compound (technology upgrading -> 技术改造). The vectors are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.text.cedict import MAX_WORDS, glossary
from rag.text.english import EN_STOP, derived_verbs, forms, is_english
from rag.text.lexical import tokenize
from rag.text.pinyin_names import english_names, glossed_terms, names, romanised_words
from rag.text.regions import regional_names
from rag.text.vocabulary import CURATED, OFFICIAL

# Words of a question: hyphens split (high-tech -> high tech, as glosses are keyed), R&D stays one word.
_Q_WORD = re.compile(r"[A-Za-z][A-Za-z'&]*")
# Administrative words, part of a place's name after it (Luonan county).
_ADMIN_WORDS = frozenset({"county", "city", "province", "prefecture", "district", "town", "township"})
_TERMS_PER_PHRASE = 3
# English head nouns that official Chinese writes as one character closing a compound (construction fee -> 建设费,
# service fees -> 服务费). The dictionary keeps no one-character words (too ambiguous alone), so such a word only
# joins the phrase before it, into a term the index holds.
_SUFFIXES = {"fee": "费"}


def _spans(question: str) -> list[tuple[int, int, str]]:
    """(first word, word after the last, dictionary key) of each phrase of the question, in question order."""
    raw = _Q_WORD.findall(question)
    words = [w.lower() for w in raw]
    table = glossary()
    # The county of "Luonan county" is part of the place's name (bridged as a name), not the level 县级.
    used = [i > 0 and w.removesuffix("'s") in _ADMIN_WORDS and raw[i - 1][:1].isupper()
            and raw[i - 1].lower() not in EN_STOP for i, w in enumerate(words)]
    found: list[tuple[int, int, str]] = []
    for size in range(MAX_WORDS, 0, -1):
        for i in range(len(words) - size + 1):
            span = words[i : i + size]
            if any(used[i : i + size]):
                continue
            endings = list(forms(span[-1]))
            endings += [verb for form in endings for verb in derived_verbs(form)]  # completion -> complete, last
            heads = [" ".join([*span[:-1], form]) for form in endings]
            curated = [k for k in heads if k in CURATED]
            if not curated and (span[0] in EN_STOP or span[-1] in EN_STOP):
                continue
            key = next((k for k in [*curated, *heads] if k in table or (size == 1 and k in _SUFFIXES)), None)
            if key:
                found.append((i, i + size, key))
                used[i : i + size] = [True] * size
    return sorted(found)


def warm_up() -> None:
    """Read CC-CEDICT now rather than in the first English question (about 4 s here)."""
    glossary()
    names()
    romanised_words()
    forms("warming")  # lemminflect reads its tables on first use


def bridge_terms(question: str, weights: Callable[[list[str]], dict[str, float]]) -> list[str]:
    """Chinese lexical terms for the English words of ``question`` that the index holds.

    ``weights`` gives each term's idf in the index (0 for a term no passage holds), e.g.
    ``IndexReader.term_weights``. A question written in Chinese gets none.
    """
    return list(dict.fromkeys(t for group in bridge_groups(question, weights) for t in group))


def bridge_groups(question: str, weights: Callable[[list[str]], dict[str, float]]) -> list[tuple[str, ...]]:
    """The terms of ``bridge_terms``, one group per English phrase: a phrase's terms are alternative senses
    (money -> 资金, 金额), so a passage that writes one of them says what the phrase says (``coverage``)."""
    if not is_english(question):
        return []
    table = glossary()
    spans = _spans(question)
    phrases = [key for _, _, key in spans]
    per_phrase = [list(dict.fromkeys(t for word in table.get(phrase, ()) for t in tokenize(word) if len(t) >= 2))
                  for phrase in phrases]
    firsts = [list(dict.fromkeys(t for word in CURATED.get(phrase, ()) for t in (word, *tokenize(word))
                                 if len(t) >= 2)) for phrase in phrases]
    names = [list(dict.fromkeys(t for word in chinese for t in (word, *tokenize(word)) if len(t) >= 2))
             for chinese in [c for _, c in english_names(question)] + [(w,) for w in glossed_terms(question)]]
    names += [list(regions) for regions in regional_names(question)]  # eastern Guangdong -> 粤东
    per_phrase += names
    firsts += [[] for _ in names]
    idf = weights(sorted({t for terms in [*per_phrase, *firsts] for t in terms}))
    chosen: list[list[str]] = []
    apart: list[bool] = []
    for phrase, terms, first in zip([*phrases, *(None for _ in names)], per_phrase, firsts, strict=True):
        # The curated terms of an official word alone, else the dictionary's most usual terms. An adjective of
        # administrative level keeps its first sense the index holds (national -> 国家级, not also 全国): the
        # senses are alternatives, and a passage writing all of them would count the one word two or three times.
        held = [t for t in first if idf.get(t, 0.0) > 0]
        if held and phrase in OFFICIAL:
            senses = ([t for t in dict.fromkeys((word, *tokenize(word))) if len(t) >= 2 and idf.get(t, 0.0) > 0]
                      for word in OFFICIAL[phrase])
            held = next(h for h in senses if h)
        if not held:
            held = sorted((t for t in terms if idf.get(t, 0.0) > 0), key=lambda t: idf[t])[:_TERMS_PER_PHRASE]
        chosen.append(held)
        apart.append(_parts_of_one_word(CURATED.get(phrase, ()) if phrase else (), held, idf))
    # Adjacent phrases whose terms join into a word the index holds (technology upgrading -> 技术改造,
    # gross regional + product): the compound is the specific term official text writes.
    pairs = [(a, b) for (_, end, _), (start, _, _), a, b in zip(spans, spans[1:], chosen, chosen[1:], strict=False)
             if end == start]
    suffixes = [[_SUFFIXES[key]] if key in _SUFFIXES and key not in table else [] for _, _, key in spans]
    pairs += [(a, b) for (_, end, _), (start, _, _), a, b in zip(spans, spans[1:], chosen, suffixes[1:], strict=False)
              if end == start and b]
    joined = list(dict.fromkeys(x + y for a, b in pairs for x in a for y in b))
    idf_joined = weights(joined) if joined else {}
    out: list[tuple[str, ...]] = [(t,) for t in joined if idf_joined.get(t, 0.0) > 0]
    seen = {t for (t,) in out}
    for held, parts in zip(chosen, apart, strict=True):
        group = tuple(t for t in held if t not in seen)
        seen.update(group)
        if group and parts:
            out.extend((t,) for t in group)
        elif group:
            out.append(group)
    return out


def _parts_of_one_word(words: tuple[str, ...], held: list[str], idf: dict[str, float]) -> bool:
    """Whether ``held`` are the parts of a phrase's one curated word that the index holds only in parts (domestic
    sewage -> 生活污水 -> 生活, 污水): each part is then a term of its own, not an alternative sense (生活 alone,
    in 生活垃圾, does not say domestic sewage)."""
    if len(words) != 1 or len(held) < 2 or idf.get(words[0], 0.0) > 0:
        return False
    return set(held) == {t for t in tokenize(words[0]) if len(t) >= 2 and idf.get(t, 0.0) > 0}
