"""Where a passage stands: the place its document and section put around it.

Official text names its place once, in the title or the header (某县人民政府工作报告), and then writes 我县, 全市,
辖区. A question that names a place must be checked against that context, not against the sentence alone, or the
right passage is refused; a passage about another county or town cannot answer it. The years around a passage are
rag.answer.document_years.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.answer.table_lines import has_rows, table_block
from rag.chunking import Chunk
from rag.documents import doc_numbers, item_numbers
from rag.index.base import IndexReader
from rag.search.names import held_forms
from rag.text.foreign import foreign_names
from rag.text.gazetteer import known_place, lies_in
from rag.text.lexical import places, words
from rag.text.pinyin_names import english_names

# Words jieba tags as places that name no particular place (我省, 全市 …).
_GENERIC_PLACES = frozenset({"我省", "全省", "本省", "我市", "全市", "本市", "我县", "全县", "本县", "我区", "全区",
                             "中国", "全国", "国家", "城市", "地方", "省市", "市县",
                             # 新建 (to build anew) is far more often a verb than 南昌's district, 新建区.
                             "新建"})
# A question that opens with a place: two or three characters and an administrative suffix, then its year or topic.
# 对武功县…有异议的, 按照民勤县的办法: 武功县, 民勤县 (not 照民勤县).
_LEADING_PLACE = re.compile(r"^\s*(?:按照|依照|参照|对照|根据|依据|对|在|向|给|从|由|为|将|把|按|据|关于)?"
                            r"([\u4e00-\u9fff]{2,3}(?:省|市|县|区|州|镇|乡|旗|街道))"
                            r"(?=\d|的|在|今年|去年|目前|现在|共有|有多少|这次|本次|本季度|本年|上半年|下半年|前三季度|全年)")
# The word a question opens with, when it is a county, city or province the tagger does not know (汪清县农村低保…);
# a kind of place (重点县, 地级市) is none.
_LEADING_WORD = re.compile(r"[\u4e00-\u9fff]{2,5}[省市县州旗]")
# (高新区上半年…: a kind of zone the document's own place is, no name: not 三营镇本季度….)
_KIND_OF_PLACE = re.compile(r"(?:重点|示范|试点|贫困|先进|地级|县级|直辖|自治)[省市县州旗]$|"
                            r"^(?:高新|经开|开发|工业|产业|园|景|城|市|郊|辖|新|保税|自贸|开放|综保)区$")
# A kind of zone written after the city that names it (银川经开区, 潍坊高新区).
_ZONE = re.compile(r"(?:经开|高新|经济技术开发|高新技术产业开发|开发|保税|综保|自贸|新)区")
# 全县乡镇, 各街道: words of scope, not names.
_NO_NAME = re.compile(r"^[各该每其这那]|^[全本我][省市县区州镇乡](?![县市区])|乡镇|^(?:[城市郊]区|辖区|所辖)街道$")
# A question that opens with a subdistrict (向阳楼街道电动自行车的…, 在白龙街道…): 街道 names its level whatever
# follows, and 向 of 向阳楼 is no preposition.
_LEADING_SUBDISTRICT = re.compile(r"^\s*(?>(?:在|对|从|由|关于|据|按照|根据)?)"
                                  r"(?!重点|试点|示范|相关|有关|部分|主要|所在|涉农|中心|城市|城区|沿街|全|各|本|该|辖区)"
                                  r"([^\W\d和与及、]{2,4}街道)(?!办事处?[\u4e00-\u9fff]|路|口)")
# A subdistrict or town named after its district or county (渝北区回兴街道, 某县石门镇).
_SUB_PLACE = re.compile(r"(?<=[省市县区旗])([\u4e00-\u9fff]{2,3}(?:街道|镇|乡))(?!村|镇|乡)")
# An administrative suffix, so that 吉林 meets 吉林省 (the answer checks of context and abstain share it).
ADMIN_SUFFIX = re.compile(r"(?:省|市|县|区|州|镇|乡|自治区|自治州)$")
# The peoples that name autonomous areas (长阳土家族自治县, written 长阳县 in short; 甘南藏族自治州 -> 甘南州).
_PEOPLES = ("土家|苗|藏|彝|回|壮|蒙古|满|瑶|侗|白|哈尼|傣|傈僳|佤|拉祜|纳西|景颇|布依|羌|仡佬|畲|黎|水|朝鲜|达斡尔|"
            "鄂温克|鄂伦春|锡伯|哈萨克|柯尔克孜|塔吉克|裕固|保安|东乡|撒拉|土|仫佬|毛南|京|独龙|怒|普米|基诺|各")
_AUTONOMOUS = rf"(?:(?:{_PEOPLES})族)+自治"
_AUTONOMOUS_END = re.compile(rf"{_AUTONOMOUS}(?=[县州旗区]$)")
def _locative(question: str, place: str) -> bool:
    """Whether the tagger's place is a locative 中/里/内 before a noun (公路中村道: 中 + 村道, not 中村)."""
    at = question.find(place)
    if place[0] not in "中里内" or at <= 0:
        return False
    rest = words(question[at + 1 :])
    return bool(rest) and len(rest[0]) > len(place) - 1 and rest[0].startswith(place[1:])


@lru_cache(maxsize=1024)
def named_places(question: str, pinyin_places: tuple = ()) -> list[tuple[str, tuple[str, ...]]]:
    """The places a question names, each with its Chinese spellings: an English question names them in
    pinyin (Lankao county), from the dictionary or, for towns it lacks, as candidate headers write them
    (``pinyin_places``, rag.search.retrieval)."""
    # The tagger may join characters of two words (泾河源镇北营村 -> 镇北): a place is a word the segmenter also
    # finds, or ends as one (某某县).
    segmented_words = words(question)
    segmented = set(segmented_words)
    found = []
    for place in places(question):
        if place in _GENERIC_PLACES or _NO_NAME.search(place) or _locative(question, place):
            continue
        if any(place in w and place != w and _KIND_OF_PLACE.search(w) for w in segmented):
            continue  # 开区 of 银川经开区: the tagger's cut of a kind of zone, no place's name
        if place in segmented or ADMIN_SUFFIX.search(place):
            found.append(place)
        # …or a name the tagger found that the question writes with its level (湾岭 of 湾岭镇, which the segmenter
        # cuts into characters): the name with its level.
        elif levelled := re.search(rf"{re.escape(place)}(?:街道|[省市县区州镇乡])", question):
            found.append(levelled.group())
    lead = _LEADING_PLACE.match(question)
    first = next((w for w in segmented_words if w.strip()), "")
    opening = first if _LEADING_WORD.fullmatch(first) and not _KIND_OF_PLACE.search(first) else None
    subdistrict = _LEADING_SUBDISTRICT.match(question)
    for new in [subdistrict.group(1) if subdistrict else None, lead.group(1) if lead else None, opening,
                *_SUB_PLACE.findall(question)]:
        if new and new not in _GENERIC_PLACES and not _NO_NAME.search(new) and not _KIND_OF_PLACE.search(new) and \
                not any(new in p or p in new for p in found):
            found.append(new)  # 旺苍县2023年…, 渝北区回兴街道: places the segmenter does not know
    # 银川经开区, 合肥高新技术产业开发区: the city a zone is named by, which the tagger may call a noun.
    found += [w for w in dict.fromkeys(segmented_words)
              if len(w) >= 2 and w not in _GENERIC_PLACES and not _NO_NAME.search(w) and not any(w in p for p in found)
              and re.search(re.escape(w) + _ZONE.pattern, question) and known_place(w)]
    # 许昌市区 is the urban area of 许昌市, which is what documents name.
    found = list(dict.fromkeys(p[:-1] if p.endswith("市区") and len(p) > 3 else p for p in found))
    # A place the candidates' documents spell (Xizhou -> 喜洲) adds to the dictionary's spellings of that name (溪州).
    english: dict[str, tuple[str, tuple[str, ...]]] = {}  # lower-case name -> (the name as last written, spellings)
    for name, spellings in [*english_names(question, True), *pinyin_places]:
        key = name.removesuffix("'s").lower()
        english[key] = (name, tuple(dict.fromkeys([*english.get(key, ("", ()))[1], *spellings])))
    return [(p, _spellings(p, question)) for p in found] + list(english.values())


# 按代县的命名原则: the tagger may join a one-character preposition to a county of one character (代县, 沛县), and
# 对X县 may be a county's name too: the question's first word is either. (从 and 将 open counties' names: 从江县,
# 将乐县.)
_LEADING_PREPOSITION = re.compile(r"^\s*[按对在向给由为把据]([\u4e00-\u9fff][县市旗])")


def _spellings(place: str, question: str) -> tuple[str, ...]:
    """How documents may write a place the question names: as written, or without the preposition its first
    character may be."""
    lead = _LEADING_PREPOSITION.match(question)
    return (place, lead.group(1)) if lead and question.lstrip().startswith(place) and len(place) == 3 else (place,)


def place_stem(place: str) -> str:
    """A place's name without its administrative suffix: 吉林省 -> 吉林, 长阳土家族自治县 -> 长阳."""
    return ADMIN_SUFFIX.sub("", _AUTONOMOUS_END.sub("", place))


def names_place(place: str, text: str) -> bool:
    """Whether ``text`` names ``place`` as written or in its autonomous area's full name (长阳县 is
    长阳土家族自治县)."""
    stem = place_stem(place)
    return place in text or (stem != place and len(stem) >= 2 and re.search(
        rf"{re.escape(stem)}{_AUTONOMOUS}{re.escape(place[-1])}", text) is not None)


def _bare(place: str) -> str:
    """A place as a message names it: Gaoyou, not the question's Gaoyou's."""
    return re.sub(r"['’]s$", "", place)


def place_mismatch(question: str, chunk: Chunk, summary: dict | None, reader: IndexReader,
                   pinyin_places: tuple = (), whole_tables: bool = False) -> str | None:
    """Why a place the question names rules the passage out: no document mentions it, or neither
    the passage, its section nor its document's title and issuer are about it (江南 meets
    江南省经济和信息化厅; another town's passage does not answer). With ``whole_tables`` (for the answer step,
    which reads a row anywhere in a passage's table) a passage of a table is about every row of it."""
    named = named_places(question, pinyin_places)
    foreign = foreign_names(question)  # the capital of France: no document of the archive is about it
    spellings = [s for _, chinese in (*named, *foreign) for s in chinese]
    # A pinyin place was found in a document's header, so some document mentions it. A long name's stem counts: the
    # analyser may keep 库尔勒 apart from its 市 (库尔勒市人民政府), and no other place shares a stem that long.
    stems = [place_stem(s) for s in spellings if len(place_stem(s)) >= 3]
    known = set(held_forms(reader, spellings + stems)) if spellings else set()
    known |= {s for _, c in pinyin_places for s in c}
    summary = summary or {}
    around = "".join((chunk.text, *chunk.section, summary.get("title") or "", summary.get("issuer") or ""))
    lead: str | None = None
    unmet: list[tuple[str, tuple[str, ...]]] = []
    for name, chinese in foreign:
        if not known.intersection(chinese):
            return f"no document mentions {name}"
    for place, chinese in named:
        held = known.intersection(chinese) or known.intersection(place_stem(s) for s in chinese
                                                                 if len(place_stem(s)) >= 3)
        if not held and not any(names_place(s, around) for s in chinese):
            return f"no document mentions {_bare(place)}"
        if not any(place_stem(s) in around for s in chinese):
            # The paragraph may name the place before the passage begins (通化市依托… / 目前，全市累计…).
            lead = paragraph_lead(chunk, reader, whole_tables) if lead is None else lead
            if not any(place_stem(s) in lead for s in chinese):
                unmet.append((place, chinese))
    # Taihe County, Jiangxi: a document about the county is about its province, which it need not name.
    met = [s for place, chinese in named if (place, chinese) not in unmet for s in chinese]
    for place, chinese in unmet:
        if not any(lies_in(inner, outer) for inner in met for outer in chinese):
            return f"the passage is not about {_bare(place)}"
    return None


def paragraph_lead(chunk: Chunk, reader: IndexReader, whole_tables: bool = False) -> str:
    """The text of the passage's paragraph before the passage starts; with ``whole_tables``, for a passage of a
    table, every row of the table (the row a question names may stand in the table's next passage)."""
    doc = reader.document(chunk.doc_id) if hasattr(reader, "document") else None
    if doc is None:
        return ""
    if whole_tables and has_rows(chunk.text):
        lo, hi = table_block(doc.text, chunk.char_start, chunk.char_end)
        return doc.text[lo:hi]
    start = doc.text.rfind("\n", 0, chunk.char_start) + 1
    return doc.text[start : chunk.char_start]


def named_places_first(question: str, hits: list, reader: IndexReader, k: int, pinyin_places: tuple = ()) -> list:
    """The ``k`` best of ``hits``, those about the place the question names first (in their order).

    The answer step passes over a passage of another place; ranking such passages after the ones
    about the named place lets a reply of 吉林省 reach the answer when the same reply of many other
    provinces ranks above it. Questions that name no place, or whose place no hit is about, keep the
    order as it was."""
    if not named_places(question, pinyin_places):
        return hits[:k]
    summaries = reader.summaries(list(dict.fromkeys(h.chunk.doc_id for h in hits)))
    about = [place_mismatch(question, h.chunk, summaries.get(h.chunk.doc_id), reader, pinyin_places) is None
             for h in hits]
    if not any(about):
        return hits[:k]
    return ([h for h, ok in zip(hits, about, strict=True) if ok] + [h for h, ok in zip(hits, about, strict=True)
                                                                       if not ok])[:k]


def named_document_first(question: str, hits: list, reader: IndexReader, headed: tuple[str, ...] = ()) -> list:
    """``hits`` with those of the document whose own 文号 the question names first (信府办字〔2024〕23号印发的
    办法从哪天开始施行: that notice's passages, not another notice's), or whose title names the proposal or
    suggestion number the question names (the reply to CPPCC proposal No. 372: 对…第372号委员提案的答复), else
    of the ``headed`` documents, whose headers write a person or town the question names (the reply to deputy
    Jiang Wei: 姜伟代表)."""
    numbers = set(doc_numbers(question))
    items = item_numbers(question)
    if not numbers and not items:
        first = [h for h in hits if h.chunk.doc_id in headed]
        return first + [h for h in hits if h.chunk.doc_id not in headed] if first else hits
    summaries = reader.summaries(list(dict.fromkeys(h.chunk.doc_id for h in hits)))

    def named(summary: dict) -> bool:
        return summary.get("doc_number") in numbers or bool(items & item_numbers(summary.get("title") or ""))

    first = [h for h in hits if named(summaries.get(h.chunk.doc_id) or {})]
    return first + [h for h in hits if h not in first] if first else hits
