"""Chinese proper names an English question writes in pinyin or English (Lankao, Jing'an district, Shigatse), and
Chinese terms it glosses in pinyin (nongjiale), found through CC-CEDICT (rag.text.cedict)."""

from __future__ import annotations

import re
import unicodedata

from rag.text.cedict import cedict_entries, glossary, name_key
from rag.text.english import is_english
from rag.text.stored import stored

_EN_WORD = re.compile(r"[A-Za-zÜü][A-Za-zÜü'-]*")  # Lüliang: the dictionary's key folds ü to u
# A proper-name entry whose gloss names an administrative place (Lankao county in Kaifeng …).
_PLACE_GLOSS = re.compile(r"\b(?:county|city|district|province|prefecture|municipality|town|township|"
                          r"autonomous region|region|banner)\b", re.I)


@stored
def names() -> dict[str, tuple[tuple[str, ...], bool]]:
    """Romanised proper name -> (Chinese words, whether it is a place): the CC-CEDICT entries whose
    pinyin is capitalised and whose gloss begins with that pinyin spelled as one word (兰考 [Lan2 kao3]
    /Lankao county in Kaifeng/ -> "lankao"), or whose gloss begins with a place's English name that is not
    its pinyin (日喀则 /Shigatse or Xigaze, Tibetan: …/ -> "shigatse", "xigaze"), so that English questions
    name Chinese places."""
    found: dict[str, tuple[list[str], list[bool]]] = {}
    exonyms: dict[str, list[str]] = {}
    english = glossary()  # an English word (North …) is not taken for a place's English name
    # Words the dictionary enters in lower-case pinyin: common words, not names (成功, 复兴, 西湖 beside their places).
    common = {parts[1] for parts, _ in cedict_entries() if len(parts) >= 3 and parts[2][1:2].islower()}
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
                parts[1].endswith(suffix) and len(parts[1]) >= 3 and \
                (_NEXT_ADMIN.match(first, lead.end()) or _AUTONOMOUS.match(first, lead.end())):
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
        elif _PLACE_GLOSS.search(first) and (match := _EXONYMS.match(first) or _TWO_WORDS.match(first)):
            for name in (w.lower() for w in match.group().split(" or ")):
                # A level after the name is no part of it (Xilinhot City in …): "xilinhot".
                name = _LEVEL_WORD.sub("", name)
                # Not the pinyin of the word without its suffix (Shanghai for 上海市): 上海's own entry has it.
                if name not in english and name.removesuffix("s") not in english and \
                        not key.startswith(name.replace(" ", "")):
                    # A name of two words is also written as one (Bayan Nur, Bayannur).
                    # A place entered with its suffix (昌都县 /Qamdo county/) is written without it too (昌都市 of
                    # a city bulletin), as a pinyin name entered with its suffix is (静安区 above).
                    # Not of 地区 or 新区 (和田地区: 和田 has its own entry), nor a common word (成功镇 /Chengkung/).
                    bare = parts[1][:-1] if parts[1][-1] in _ADMIN_SUFFIXES and len(parts[1]) >= 3 and \
                        parts[1][-2:] not in ("地区", "新区", "矿区") else None
                    if bare in common:
                        bare = None
                    for spelling in dict.fromkeys((name, name.replace(" ", ""))):
                        exonyms.setdefault(spelling, []).extend(w for w in (parts[1], bare) if w)
    names = {k: (tuple(w), any(p)) for k, (w, p) in found.items()}
    # A place's English name never replaces or extends a pinyin name (a gloss may begin with its neighbour's).
    names.update((k, (tuple(dict.fromkeys(w)), True)) for k, w in exonyms.items() if k not in names)
    return names


_SHORT_SUFFIX = r"(county|city|district|town|township|banner)\b"  # 寿县 /Shou county in Lu'an/
_ADMIN_SYLLABLE = {"qu": "区", "xian": "县", "shi": "市", "zhen": "镇", "xiang": "乡", "qi": "旗"}
# The same levels as a name's English suffix (Rongxian: "rong county", as _SHORT_PLACE keys 容县).
_ADMIN_SUFFIXES = frozenset(_ADMIN_SYLLABLE.values())
_SYLLABLE_ADMIN = {"xian": "county", "qu": "district", "shi": "city", "zhen": "town", "xiang": "township",
                   "qi": "banner"}
_NEXT_ADMIN = re.compile(rf"\s+{_SHORT_SUFFIX}", re.I)
# 都安县 /Du'an Yao autonomous county in …/: a people's name and "autonomous" before the level.
_AUTONOMOUS = re.compile(r"\s+(?:[A-Z][a-z]+\s+){1,2}autonomous\s+(?:county|prefecture|banner)\b")
_SHORT_PLACE = re.compile(rf"[A-Z][a-z]{{1,5}} (?i:{_SHORT_SUFFIX})")  # the dictionary also writes Yi County
# The English name of a place that is not its pinyin, as its gloss begins (Shigatse or Xigaze, Tibetan: …;
# Lhasa, capital city of Tibet; Ürümqi or Urumqi; Nagchu town): one capitalised word, perhaps "or" another,
# then a comma or a lower-case word (not the first word of The Hague, New York or Inner Mongolia).
_EXONYMS = re.compile(r"[A-Z][a-z]{2,}(?: or [A-Z][a-z]{2,})*(?=,| [a-z(]|$)")
# …or two capitalised words before the level (Bayan Nur prefecture-level city), or one and a capitalised level
# (Xilinhot City in …): not The Hague, New York, Inner Mongolia or China University.
_LEVELS = "prefecture|county|city|district|town|township|banner|league"
_TWO_WORDS = re.compile(rf"[A-Z][a-z]{{2,}} (?:[A-Z][a-z]+(?= (?:{_LEVELS})\b)|(?i:{_LEVELS})\b)")
_LEVEL_WORD = re.compile(rf" (?:{_LEVELS})$")


def _suffixed(table: dict, key: str) -> tuple[tuple[str, ...], bool] | None:
    """A place written with its level's syllable as one word (Rongxian, Lankaoxian, Jing'anqu): the place of the
    name before it, as its dictionary entry spells it with the level (容县 for "rong county"), or the name's own
    entry when it is a place."""
    for syllable, level in _SYLLABLE_ADMIN.items():
        stem = key.removesuffix(syllable)
        if stem == key or len(stem) < 2:
            continue
        entry = table.get(f"{stem} {level}") or table.get(stem)
        if entry is not None and entry[1]:
            return entry
    return None


def _plain(text: str) -> str:
    """Latin letters without their accents (Ürümqi -> Urumqi, Dêngqên -> Dengqen)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@stored
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


_NEXT_WORD = re.compile(r"\s+([A-Za-z][A-Za-z'-]*)")


def _names_a_thing(question: str, match: re.Match, spellings: tuple[str, ...]) -> bool:
    """Whether a capitalised word starts a phrase that the dictionary glosses as a whole with words that do not
    write the place (Sichuan pepper -> 花椒, Beijing opera -> 京剧): then it names a thing, not the place; Sichuan
    University (四川大学) or a Beijing resident (北京人) still name it."""
    after = _NEXT_WORD.match(question, match.end())
    if after is None:
        return False
    first, second = match.group().lower(), after.group(1).lower()
    table = glossary()
    words = [w for form in dict.fromkeys((second, second.removesuffix("s"))) for w in table.get(f"{first} {form}", ())]
    return bool(words) and not any(s in w for w in words for s in spellings)


def english_names(question: str, places_only: bool = False) -> list[tuple[str, tuple[str, ...]]]:
    """The capitalised words of an English question that are Chinese proper names, with their
    Chinese spellings (Lankao -> 兰考); ``places_only`` keeps the place names."""
    if not is_english(question):
        return []
    table, english = names(), glossary()
    out = []
    for match in _EN_WORD.finditer(question):
        word = match.group()
        bare = re.sub(r"'s$", "", word)
        # The first word is capitalised anyway: a name only when it is no English word (Liupanshui kiwifruit
        # output in 2024?, not What or China).
        if not word[0].isupper() or (match.start() == 0 and bare.lower() in english):
            continue
        key = name_key(bare).replace("ü", "u")
        entry = table.get(key)
        if entry is None and (suffix := _NEXT_ADMIN.match(question, match.end())):  # Shou County -> 寿县
            entry = table.get(f"{key} {suffix.group(1).lower()}")
        if entry is None:
            entry = _suffixed(table, key)
        if entry and (entry[1] or not places_only) and not _names_a_thing(question, match, entry[0]):
            out.append((word, entry[0]))
    return out
