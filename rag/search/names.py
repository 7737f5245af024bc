"""What an English or Chinese question names that the words of a passage may not: people and places in pinyin that
the dictionary lacks (found in the candidates' headers or passages), people named in characters, and documents
named by their 文号 or by the proposal number their title answers."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from functools import lru_cache

from rag.documents import doc_numbers, item_numbers
from rag.index.base import ChunkFacts, IndexReader
from rag.index.filters import Condition, MetadataFilter
from rag.text.cedict import name_key
from rag.text.english import is_english
from rag.text.lexical import places, words
from rag.text.pinyin_names import english_names
from rag.text.romanise import header_pinyin_terms, pinyin_names, pinyin_terms, spelled_in

# Header fields that name the document's people and places (the addressee 刘某某代表, the issuer 某某镇人民政府).
_NAME_FIELDS = ("title", "issuer", "addressee", "signer", "contact")
_ADMIN_SUFFIX = re.compile(r"省|市|县|区|州|镇|乡|村|街道")
_LEVELS = frozenset("省市县区州镇乡村旗盟道")  # the last character of a place's level (街道: 道)
# Suffixes with which the index may hold a place the dictionary spells bare (敖汉旗 for Aohan Banner).
_PLACE_SUFFIXES = ("市", "县", "区", "旗", "州", "盟", "镇", "乡")


def held_forms(reader: IndexReader, spellings: list[str]) -> dict[str, str]:
    """Spelling -> the form in which some passage or header holds it: as written, or with a level after it (the
    analyser keeps 于都县 and 敖汉旗 whole, so the dictionary's bare 于都 and 敖汉 are no term of the index)."""
    spellings = list(dict.fromkeys(spellings))
    found = reader.mentioned(spellings + [s + suffix for s in spellings for suffix in _PLACE_SUFFIXES])
    forms = {s: next((f for f in (s, *(s + x for x in _PLACE_SUFFIXES)) if f in found), None) for s in spellings}
    return {s: f for s, f in forms.items() if f is not None}


def header_text(summary: dict) -> str:
    return " ".join(summary.get(f) or "" for f in _NAME_FIELDS)


def unknown_names(reader: IndexReader, question: str, header_texts: Callable[[], dict[str, str]] | None = None
                  ) -> list[str]:
    """The names an English question writes in pinyin that the dictionary lacks, and the dictionary's places
    that no passage or header mentions (Xizhou, 溪州 in the dictionary, is 喜洲 in the index) or that no header of
    the candidates' documents (``header_texts``: document -> its header's names) writes (Liangshan, 梁山 in the
    dictionary, is 凉山州 in a table of 四川省's reply), lower case."""
    names = pinyin_names(question)
    places = english_names(question, places_only=True)
    if places:
        held = set(held_forms(reader, [s for _, spellings in places for s in spellings]))
        headers = " ".join(header_texts().values()) if header_texts else ""
        names += [key for name, spellings in places
                  if (not held.intersection(spellings) or (headers and not any(s in headers for s in spellings)))
                  and (key := name.removesuffix("'s").lower()) not in names]
    return names


# The level words an English question writes after a place's name (Pengdianzi town, Jiaxinglu subdistrict).
_EN_LEVEL = r"(?:town(?:ship)?|subdistrict|sub-district|street|village|county|district|city|banner|prefecture|sumu)"


def written_as_place(question: str, name: str) -> bool:
    """Whether an English question writes ``name`` (lower case) as a place: a level word follows it."""
    # The question may write the name in words (Peng Dianzi town: "pengdianzi").
    written = r"[\s'-]?".join(map(re.escape, name))
    return re.search(rf"\b{written}(?:'s)?\s+{_EN_LEVEL}\b", question, re.I) is not None


def pinyin_header_names(header_texts: Callable[[], dict[str, str]], names: list[str]
                  ) -> tuple[list[str], tuple[tuple[str, tuple[str, ...]], ...]]:
    """Names that an English question writes in pinyin and the dictionary lacks (deputy Liu Xiaoyan, Menghun
    Town; ``unknown_names``), found in the candidates' headers: the documents whose header writes one in
    characters (their header matches the question fully), and those names the header writes as places (勐混镇)."""
    if not names:
        return [], ()
    documents, places = [], {}
    for doc_id, header in header_texts().items():
        for name in names:
            found = {chinese: at for chinese in spelled_in(header, name)
                     if (at := word_start(header, chinese)) is not None}
            if found:
                documents.append(doc_id)
            for chinese, at in found.items():
                if _ADMIN_SUFFIX.match(header, at + len(chinese)):
                    places.setdefault(name.title(), {})[chinese] = None
    return documents, tuple((name, tuple(spellings)) for name, spellings in places.items())


# A question about a document's people (its contact, signer, the deputy it answers) may name one in characters.
_ABOUT_PEOPLE = re.compile(r"联系人|联系电话|电话|签发|代表|委员|提出")
_ROLE_END = re.compile(r"(?:委员|代表|同志|先生|女士)$")
_BODY_END = re.compile(r"[局委厅办部处科室院会府所站]$")
_PERSON_RUN = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,6}(?![\u4e00-\u9fff])")


def named_people(reader: IndexReader, question: str, doc_ids: list[str]) -> list[str]:
    """The documents whose contact, signer or addressee is a person the question names in characters (联系人董宏宇的
    电话): on an archive of many replies, the header finds the one reply that no passage ranks."""
    if is_english(question) or not _ABOUT_PEOPLE.search(question) or not doc_ids:
        return []
    found = []
    for doc_id, summary in reader.summaries(doc_ids).items():
        # Whole runs that name no body: an addressee such as 各县(市、区)住房和城乡建设局 or 住房城乡建设局(建设局)
        # names no person, and 建设局, or a piece cut from a longer run (设局), is in every question about a 建设局.
        # An addressee is a person when a role follows the name (张红梅代表).
        people = (_ROLE_END.sub("", run) for f in ("contact", "signer", "addressee")
                  for run in _PERSON_RUN.findall(summary.get(f) or "")
                  if not _BODY_END.search(run) and (f != "addressee" or _ROLE_END.search(run)))
        if any(2 <= len(name) <= 4 and name in question for name in people):
            found.append(doc_id)
    return found


def spelled_in_passages(reader: IndexReader, names: list[str], doc_ids: list[str], resolved: tuple
                        ) -> dict[str, list[str]]:
    """Chinese spellings, in the passages of the given documents, of the pinyin ``names`` that no header
    writes (Nangu town, Minle county: 南古镇 in a table of 民乐县's notice), by name ("Nangu")."""
    known = {name.lower() for name, _ in resolved}
    names = [n for n in names if n not in known]
    if not names or not doc_ids:
        return {}
    found: dict[str, dict[str, None]] = {}
    for doc_id in doc_ids[:SPELLING_DOCS]:
        for chunk in reader.passages(doc_id):
            for name in names:
                for chinese in spelled_in(chunk.text, name):
                    if (at := word_start(chunk.text, chinese)) is None:
                        continue
                    # The index holds the place's whole word (南古镇), the tokeniser keeps it whole.
                    suffix = _ADMIN_SUFFIX.match(chunk.text, at + len(chinese))
                    found.setdefault(name.title(), {}).update(
                        dict.fromkeys([chinese + suffix.group()] if suffix else [chinese]))
    return {name: list(words) for name, words in found.items()}


def word_start(text: str, chinese: str) -> int | None:
    """Where ``text`` writes ``chinese`` starting a word, not from inside one: a pinyin name spelled from the end of
    a word is no name (Huahe: 华禾 in 东至华禾化工, not the 化和 of 文化和旅游). Its end is not checked: jieba keeps a
    place with its level as one word (沁源县); nor a start right after a level, which jieba may join to a rare name
    (延庆区井庄镇: 区井庄)."""
    return next((m.start() for m in re.finditer(re.escape(chinese), text)
                 if m.start() in _word_bounds(text) or text[m.start() - 1] in _LEVELS), None)


@lru_cache(maxsize=1024)
def _word_bounds(text: str) -> frozenset[int]:
    """The offsets in ``text`` where jieba's words begin or end (a text is segmented once for all the names and
    spellings looked for in it)."""
    return frozenset(itertools.accumulate((len(w) for w in words(text)), initial=0))


SPELLING_DOCS = 2  # documents whose passages are read for a pinyin name (each read is one query)
# A passage writing a name the question gives in pinyin counts as this many header matches: it is often a bare
# table row (河田镇	3	319) that shares no other word with the question.
SPELLED = 3.0


def best_documents(facts: dict, dense: dict[int, float], headers: dict[str, float], placed: set[str] = frozenset()
                   ) -> list[str]:
    """The candidates' documents whose header names the question's known places (``placed``: Tancheng for Matou
    town in Tancheng), then whose header matches the question best, then whose passage is closest."""
    best: dict[str, float] = {}
    for row, fact in facts.items():
        best[fact.doc_id] = max(best.get(fact.doc_id, -1.0), dense[row])
    return sorted(best, key=lambda d: (d in placed, headers.get(d, 0.0), best[d]), reverse=True)[:SPELLING_DOCS]


def placed_documents(question: str, header_texts: Callable[[], dict[str, str]]) -> set[str]:
    """The candidates' documents whose header writes a place an English question names that the dictionary
    knows (郯城 for Tancheng): a town of it the dictionary lacks is spelled in their passages."""
    spellings = [s for _, chinese in english_names(question, places_only=True) for s in chinese]
    if not spellings:
        return set()
    return {d for d, header in header_texts().items() if any(s in header for s in spellings)}


NAMED_PASSAGES = 5  # passages of the documents a question names by number that join the candidates
# A header that writes the town or the person a question names in pinyin (宏村镇 for Hongcun town) counts as two
# header matches: the question is about that document, whose passages share fewer words with it than other towns'
# reports of the same kind do. 1.0 against 2.0 on the 34 dev splits: 4 English answers fewer, none more; 3.0 lost
# a Chinese signer question (named people count the same).
NAMED_HEADER = 2.0
PLACED_HEADER = 1.0  # the header score of a document whose header writes the place asked (placed_documents_of_few)
SPELLED_DOCUMENTS = 5  # documents whose header writes a name an English question spells in pinyin, of all


def spelled_filter(reader: IndexReader, question: str) -> MetadataFilter | None:
    """The documents whose header writes a name an English question spells in pinyin and the dictionary lacks
    (Hongcun town: 宏村镇 in the title), of all documents: on a large archive the question's other words (tax
    revenue, 2024) fill the candidates with other towns' reports."""
    return documents_filter(reader.header_documents(pinyin_terms(pinyin_names(question)), SPELLED_DOCUMENTS))


def documents_filter(documents: list[str]) -> MetadataFilter | None:
    """A filter that admits these documents' passages (none when there are none)."""
    return MetadataFilter(tuple(Condition("id", "is", d) for d in documents), "or") if documents else None


def placed_documents_of_few(reader: IndexReader, question: str) -> list[str]:
    """The documents whose header, issuer included, writes a place the question names (秭归县, Zigui county), when
    no more than ``SPELLED_DOCUMENTS`` do: a county's work report names its county only as its issuer (秭归县人民政府)
    and says 全县 in its passages, which other counties' reports outrank on the question's other words."""
    names = [name_key(word.removesuffix("'s")) for word, _ in english_names(question, places_only=True)]
    terms = pinyin_terms(names) if names else header_pinyin_terms(" ".join(places(question)))
    documents = reader.header_documents(terms, SPELLED_DOCUMENTS + 1) if terms else []
    return documents if len(documents) <= SPELLED_DOCUMENTS else []


def named_filter(question: str) -> MetadataFilter | None:
    """Documents the question names by their 文号 or by the proposal number their title answers (第372号, 第0372号)."""
    conditions = [Condition("doc_number", "is", n) for n in doc_numbers(question)]
    conditions += [Condition("title", "contains", f"第{form}号")
                   for n in sorted(item_numbers(question)) for form in dict.fromkeys((str(n), f"{n:04d}"))]
    return MetadataFilter(tuple(conditions), "or") if conditions else None


PLACE_ROWS = 40  # lexical matches of a named place looked through for table rows of the candidates' documents
PLACE_ROW = 1.0  # such a row counts as one header match: its document's header names the question's other place
_TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$|^.*\S(?:\t|\u3000{2,}| {3,})\S.*$", re.M)


def place_rows(reader: IndexReader, question: str, header_texts: Callable[[], dict[str, str]],
               where: MetadataFilter | None) -> dict[int, tuple[float, ChunkFacts]]:
    """Passages whose table row begins with a place the question names, in a candidate document whose header names
    another place the question names (| 宁安市 | 138.6 | 16.4 | in 牡丹江市's summary), with their lexical scores and
    facts: a passage of bare rows shares no other word with the question, so neither search ranks it near the top.
    A row of a province's table of cities is no more about the city than the city's own documents are: the header
    must name the other place. ``header_texts``: the candidates' headers, read only when the question names two
    places."""
    names = [p for p in places(question) if len(p) >= 2]
    names += [w for _, words in english_names(question, places_only=True) for w in words if len(w) >= 2]
    names = list(dict.fromkeys(names))
    if len(names) < 2:
        return {}
    headers = {d: h for d, h in header_texts().items() if any(n in h for n in names)}
    if not headers:
        return {}
    found = dict(reader.lexical(names, PLACE_ROWS, where))
    facts = reader.chunk_facts(sorted(found))
    stored = reader.chunks([r for r, f in facts.items() if f.doc_id in headers])
    return {r: (found[r], facts[r]) for r, c in stored.items()
            if any(line.lstrip("| ").startswith(n) and n not in headers[c.chunk.doc_id]
                   for line in _TABLE_LINE.findall(c.chunk.text) for n in names)}

