"""English words: whether a text is English, and the forms of a word that a dictionary may key it under
(rag.text.cedict): its American spelling, its lemmas (lemminflect's tables, offline), the word it derives from.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllLemmas, getAllLemmasOOV

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Words that carry no subject of their own; they would bridge to noise (是, 的, 多少 …).
EN_STOP = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or", "as", "is", "are",
    "was", "were", "be", "been", "being", "did", "do", "does", "done", "has", "have", "had", "what", "which",
    "who", "whom", "whose", "when", "where", "why", "how", "many", "much", "that", "this", "these", "those",
    "it", "its", "their", "there", "than", "then", "into", "about", "over", "under", "after", "before",
    "during", "per", "each", "any", "all", "some", "more", "most", "other", "such", "only", "also", "not", "no",
    "according", "document", "documents", "say", "says", "said", "total", "number",
    # Modal verbs, pronouns and light verbs: the dictionary glosses them with idioms (will -> 心志, one -> 半个人).
    "can", "could", "will", "would", "shall", "should", "may", "might", "must", "they", "them", "we", "us",
    "our", "he", "she", "his", "her", "you", "your", "i", "me", "one", "ones", "now", "out", "off", "up",
    "down", "through", "using", "use", "used", "get", "got", "give", "given", "gives", "put", "set", "make",
    "made", "take", "taken", "takes", "happen", "still", "yet", "so", "if", "whether", "both", "either",
    "between", "within", "until", "since", "same", "own", "way", "far", "go", "went", "came", "come",
    # Glossed only in senses official text does not use (date -> 交往, bureau -> 办公室).
    "date", "dates", "bureau", "bureaus", "kind", "thing", "things", "part", "parts",
})


def is_english(question: str) -> bool:
    """Whether a question (or a part of one) is written in English, perhaps quoting a Chinese name that
    has no English form (how many households does the 建设厂三村 estate have?): English words and no
    Chinese, or three or more English words and at least one for every two Chinese characters. A
    Chinese question naming R&D or GDP is Chinese."""
    words, han = len(_LATIN_WORD.findall(question)), len(_CJK.findall(question))
    return words > 0 and (han == 0 or (words >= 3 and 2 * words >= han))


_DERIVED = ((re.compile(r"mption$"), ("me",)), (re.compile(r"uction$"), ("uce",)),
            (re.compile(r"ation$"), ("ate", "e", "")), (re.compile(r"(?<!a)tion$"), ("t", "te")),
            (re.compile(r"ment$"), ("", "e")),
            # Adjectives and nouns the dictionary lacks, looked up as the word they derive from: residential ->
            # residence, statistical -> statistics, vocational -> vocation, proposal -> propose, renewal -> renew,
            # rental -> rent, retiree -> retire, harvester -> harvest.
            (re.compile(r"ential$"), ("ence",)), (re.compile(r"ical$"), ("ics", "y")),
            (re.compile(r"ional$"), ("ion",)), (re.compile(r"sal$"), ("se",)), (re.compile(r"val$"), ("ve",)),
            (re.compile(r"wal$"), ("w",)), (re.compile(r"(?<=[nr])tal$"), ("t",)), (re.compile(r"ee$"), ("e",)),
            (re.compile(r"(?<!e)er$"), ("", "e")))


@lru_cache(maxsize=4096)
def derived_verbs(noun: str) -> tuple[str, ...]:
    """The verbs a noun of action may come from (a noun the dictionary lacks is looked up as its verb), and the words
    an adjective or a noun of another kind derives from (``_DERIVED``):
    consumption -> consume, reduction -> reduce, renovation -> renovate, protection -> protect, completion ->
    complete, investment -> invest."""
    for pattern, endings in _DERIVED:
        if pattern.search(noun):
            stem = pattern.sub("", noun)
            return tuple(stem + e for e in endings if len(stem + e) >= 4)
    return ()


def singular(word: str) -> str:
    """A noun's singular as lemminflect's dictionary (or, for a word it lacks, its rules) gives it: enterprises ->
    enterprise, bases -> base, facilities -> facility, criteria -> criterion."""
    found = getAllLemmas(word, upos="NOUN").get("NOUN") or getAllLemmasOOV(word, upos="NOUN").get("NOUN")
    return found[0] if found else word


_BRITISH = ((re.compile(r"isation$"), "ization"), (re.compile(r"is(e|ed|es|ing)$"), r"iz\1"),
            (re.compile(r"(?<=[blnvm])our$"), "or"), (re.compile(r"mme$"), "m"), (re.compile(r"tre$"), "ter"),
            (re.compile(r"ence$"), "ense"), (re.compile(r"ll(ed|ing)$"), r"l\1"))
_LEMMA_ROLES = ("NOUN", "VERB", "ADJ")


def bare_word(word: str) -> str:
    """A possessive as its word: master's -> master, residents' -> residents."""
    return word.removesuffix("'s").rstrip("'")


def _american(word: str) -> list[str]:
    return [word, *(pattern.sub(repl, word) for pattern, repl in _BRITISH if pattern.search(word))]


@lru_cache(maxsize=8192)
def forms(word: str) -> tuple[str, ...]:
    """The word, its American spelling (programme -> program, recognise -> recognize, labour -> labor), then
    the lemmas of both as lemminflect gives them, nouns first (enterprises -> enterprise, funding -> fund,
    built -> build, kilometres -> kilometre -> kilometer), most literal first; a possessive is the word itself
    (department's -> department), an adverb in -ly is followed by its adjective (urgently -> urgent). A word
    lemminflect lacks gets its rules' noun and verb."""
    bare = bare_word(word)
    spellings = _american(bare)
    if bare.endswith("ly") and set(getAllLemmas(bare)) == {"ADV"}:  # urgently -> urgent, heavily -> heavy
        spellings += _american(bare[:-3] + "y" if bare.endswith("ily") else bare[:-2])
    out = list(spellings)
    for w in spellings:
        known = getAllLemmas(w)
        lemmas = [x for role in _LEMMA_ROLES for x in known.get(role, ())] if known else \
            [x for role in ("NOUN", "VERB") for x in getAllLemmasOOV(w, upos=role).get(role, ())]
        out += [spelling for lemma in lemmas for spelling in _american(lemma)]
    return tuple(dict.fromkeys(f for f in out if f))
