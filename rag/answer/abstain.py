"""Why a chosen answer does not answer the question: the near misses of official-document QA.

Retrieval always finds the nearest passage. When the corpus does not state what is asked, the
nearest passage is a near miss, and its best sentence or figure must not be returned as the answer:

* an ordinal the question names (第八期, the eighth course, 第七届, the second quarter) that the answer's document never
  states: the passage is about another round, batch or edition (第九期, 六届);
* a "who" question answered by a sentence that names nobody, or, when the question asks for a role
  (director, 负责人), by one that does not name a role;
* a "where" / "which city" question answered by a sentence that names no place or venue besides the
  question's own;
* a statistical indicator or an instrument the question names (GDP/地区生产总值, 投入强度, 人均, an
  investment fund/基金, what a rate measures: 城镇化率, 失业率; what a volume or sum does: 降雨量, 交易额)
  that neither the answer's sentence nor its section names: a percentage of another quantity, or a budget
  allocation, is not the one asked.
  The whole sentence is checked, not the figure's clause alone: strict enough for the near misses
  seen, lenient where one sentence lists several indicators.

``answer_unmet`` returns the first unmet condition (rag.answer.constraints.unmet_constraint abstains).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.answer.context import ADMIN_SUFFIX
from rag.chunking import Chunk
from rag.index.base import IndexReader
from rag.text.asked import GDP_ASKED
from rag.text.english import is_english
from rag.text.figures import FigureKind, chinese_number
from rag.text.lexical import places, tagged, words
from rag.text.pinyin_names import english_names

_ZH_NOUNS = "批|期|轮|届|次|阶段|条|章|季度|号"
# 第八期, 首批: an ordinal a question asks about; the text may also write 一期, 十四届 without 第.
_ZH_ASKED = re.compile(rf"(?:第([一二三四五六七八九十百零\d]+)|(首))\s*({_ZH_NOUNS})")
_ZH_STATED = re.compile(rf"(?:第?([一二三四五六七八九十百零\d]+)|(首))\s*({_ZH_NOUNS})")
_EN_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                "eighteenth", "nineteenth", "twentieth")
# What an English ordinal counts, and the Chinese measure words official text writes for it.
# A batch of vouchers or funds is written 第二批, 第二期 or 第二轮 alike.
_BATCH = r"batch(?:es)?|rounds?|tranches?|waves?|instal(?:l)?ments?"
_EN_NOUNS = {
    "期": rf"course|class|training|cohort|phase|term|issue|session|notices?|bulletins?|circulars?|{_BATCH}",
    # The 13th notice of the year: 第13期 of a series of notices, or 第13号.
    "号": r"notices?|bulletins?|circulars?|announcements?",
    "届": r"edition|conference|forum|expo|fair|festival|congress|games|competition|contest|session|event|"
          r"activity|activities|meeting|summit|awards?",
    "批": rf"group|list|{_BATCH}",
    "轮": _BATCH,
    "次": r"session|meeting",
    "阶段": r"phase|stage",
    "条": r"article|clause",
    "章": r"chapter",
}
# The ordinal's noun phrase: up to four words, cut where a function word starts another phrase (the second
# half of the session counts halves, not sessions).
_EN_ORDINAL = re.compile(rf"\b(?:({'|'.join(_EN_ORDINALS)})|(\d+)(?:st|nd|rd|th))\b((?:\s+[\w'&-]+){{0,4}})", re.I)
_EN_PHRASE_END = re.compile(r"\s(?:of|in|on|at|for|to|from|by|with|and|or|the|a|an|half|quarter|year|month|week|day|"
                            r"time)\b.*$", re.I)

_EN_QUARTER = re.compile(r"\b(?:(first|second|third|fourth)|([1-4])(?:st|nd|rd|th))[\s-]+quarter\b|\bQ([1-4])\b", re.I)

_WHO = re.compile(r"\bwho(?:m|se)?\b|谁|哪位|哪一位", re.I)
# Leading roles a question may ask about (director, 负责人): the answer must name the role, since a name
# alone (a tagger's guess) or a deputy's 委员/代表 says nothing of who holds it.
_ROLE_ASKED = re.compile(r"\b(?:director|head|heads|headed|chair\w*|leader|secretary|mayor|governor|president|"
                         r"minister|chief|manager)\b|负责人|主任|局长|厅长|院长|校长|书记|主席|领导", re.I)
_TITLE = re.compile(r"负责人|主任|局长|厅长|院长|校长|所长|书记|主席|组长|市长|县长|省长|区长|部长|处长|科长|理事长|"
                    r"董事长|总经理|秘书长|总监|负责|主持|率领|带领")
_PERSON_WORD = re.compile(r"委员|代表|同志|先生|女士|教授|院士|专家")
# An organisation's name ends so (省科技厅印发, 由某大学承担); 布局, 格局 and 中心城区 name none.
_ORGANISATION = re.compile(r"[\u4e00-\u9fff](?:(?<![布格结大当开])局|厅|委员会|办公室|政府|大学|学院|研究院|研究所|"
                           r"公司|集团|协会|学会|联合会)|(?:中心|部门|单位|委)(?=[，,、。；;和与及牵负承主组共会印发]|$)")
# A question that asks for a place by name (which city, 在哪个城市举办, where … held), not for an office or a
# website (where to apply).
_WHERE = re.compile(r"\bwhich (?:city|town|county|province|district|country|village)\b|"
                    r"哪个?(?:城市|省|市|县|区|国家)(?![级直属委政部厅局])|"
                    r"\bwhere\b.*\b(?:held|hosted|located|take place|took place|staged)\b|"
                    r"在哪[里儿]?(?:举办|举行|召开)|位于哪", re.I)
# Venues that jieba does not tag as places (在前卫校区启动, 在国际会展中心举行).
_VENUE = re.compile(r"[\u4e00-\u9fff](?:校区|园区|会场|广场|大厦|宾馆|酒店|会展中心|会议中心|体育馆|礼堂|开发区|"
                    r"新区|街道)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A growth rate (增长率, 增速) is written as the growth itself (增长6.1%, 提高2个百分点).
_GROWTH = re.compile(r"增长|增速|增幅|提高|提升|上升|下降|减少|回落")
# Indicators that official statistics keep apart: asked one way, written the other (GDP ↔ 生产总值).
_INDICATORS = (
    (GDP_ASKED, re.compile(r"生产总值|GDP|经济总量")),
    (re.compile(r"强度|\bintensity\b", re.I), re.compile(r"强度|占(?:地区)?(?:生产总值|GDP)的?比重")),
    (re.compile(r"人均|per[- ]capita|per (?:person|head|resident)", re.I), re.compile(r"人均|每人|每名|每位|/人")),
    (re.compile(r"\bunemploy\w*|失业", re.I), re.compile(r"失业")),
    (re.compile(r"\burbani[sz]ation\b|城镇化", re.I), re.compile(r"城镇化")),
    # Urban and rural residents' figures are stated apart (城镇居民人均可支配收入…；农村居民…), unless asked together.
    (re.compile(r"^(?!.*(?:\brural\b|农村|城乡)).*?(\burban (?:residents?|households?|population|dwellers)\b|"
                r"城镇居民|城市居民|城镇常住居民)", re.I | re.S), re.compile(r"城镇|城市|城区|市区|城乡|市民")),
    (re.compile(r"^(?!.*(?:\burban\b|城镇|城市|城乡)).*?(\brural (?:residents?|households?|population)\b|"
                r"农村居民|农村常住居民)", re.I | re.S), re.compile(r"农村|农民|农户|乡村|城乡|农牧民|村民|牧民")),
    # An investment fund (引导基金, seed fund) is not a budget's money (专项资金, 奖补): a fund's size is not an
    # allocation.
    (re.compile(r"基金|\b(?:guidance|seed|venture|investment|angel|equity)\b(?:\s*\(\w+\))?"
                r"\s+funds?\b|\bsub-?funds?\b|\bfunds? of funds\b", re.I), re.compile(r"基金")),
)


def asked_ordinals(question: str) -> list[tuple[int, frozenset[str]]]:
    """The ordinals a question names, each with the Chinese measure words it may be written with."""
    found = [(1 if m.group(2) else chinese_number(m.group(1)), frozenset({m.group(3)}))
             for m in _ZH_ASKED.finditer(question)]
    # The second quarter (第二季度, 二季度, Q2): "quarter" ends an ordinal's phrase elsewhere (the second quarter of
    # the session counts quarters of it).
    found += [(_EN_ORDINALS.index(m.group(1).lower()) + 1 if m.group(1) else int(m.group(2) or m.group(3)),
               frozenset({"季度"})) for m in _EN_QUARTER.finditer(question)]
    for m in _EN_ORDINAL.finditer(question):
        phrase = _EN_PHRASE_END.sub("", m.group(3))
        nouns = frozenset(zh for zh, pattern in _EN_NOUNS.items() if re.search(rf"\b(?:{pattern})\b", phrase, re.I))
        if nouns:
            number = _EN_ORDINALS.index(m.group(1).lower()) + 1 if m.group(1) else int(m.group(2))
            found.append((number, nouns))
    return [(n, nouns) for n, nouns in found if n is not None]


def ordinal_unmet(question: str, document: Callable[[], str]) -> str | None:
    """The ordinal the question names when the answer's document (read only then) never states it
    (第八期 asked, 第九期 written)."""
    asked = asked_ordinals(question)
    if not asked:
        return None
    text = document()
    # 不合格5批次 counts batches of samples (批次 is a unit); 第三批次 and 首批次 are ordinals still.
    stated = {(1 if m.group(2) else chinese_number(m.group(1)), m.group(3)) for m in _ZH_STATED.finditer(text)
              if not (m.group(3) == "批" and text.startswith("次", m.end()) and not m.group().startswith(("第", "首")))}
    for number, nouns in asked:
        if not any((number, noun) in stated for noun in nouns):
            return f"the document does not state the ordinal {number} ({'/'.join(sorted(nouns))})"
    return None


def _names(sentence: str, flags: tuple[str, ...]) -> list[str]:
    return [w for w, f in tagged(sentence) if f in flags and len(w) >= 2]


def who_unmet(question: str, sentence: str) -> str | None:
    """A "who" question answered by a sentence that names no role, person or organisation; when the question
    asks for a role (director, 负责人), by a sentence that does not name a role."""
    if not _WHO.search(question) or _TITLE.search(sentence):
        return None
    if _ROLE_ASKED.search(question):
        return "the sentence names nobody in the role asked"
    if _PERSON_WORD.search(sentence) or _ORGANISATION.search(sentence) or _names(sentence, ("nr", "nrfg", "nrt", "nt")):
        return None
    return "the sentence names nobody"


def where_unmet(question: str, sentence: str) -> str | None:
    """A "where" question answered by a sentence that names no place or venue besides the question's (a
    city question is not answered by the province it names: 吉林科技活动周 … 吉林省)."""
    if not _WHERE.search(question):
        return None
    if _VENUE.search(sentence):
        return None
    asked = question + "".join(s for _, spellings in english_names(question, True) for s in spellings)
    if any(ADMIN_SUFFIX.sub("", p) not in asked for p in places(sentence)):
        return None
    return "the sentence names no place"


def rate_stems(question: str) -> list[str]:
    """What the rates a Chinese question asks for measure (城镇化率 -> 城镇化, 科技成果转化 率 -> 科技成果转化)."""
    if is_english(question):
        return []
    segments = words(question)
    stems = [w[:-1] if len(w) >= 3 else prev for prev, w in zip(["", *segments], segments, strict=False)
             if w.endswith("率") and (len(w) >= 3 or _CJK.match(prev or " "))]
    return [s for s in stems if len(s) >= 2]


# Words of amount that name no measured thing of their own (金额, 数量): what they measure is not checked.
_GENERIC_AMOUNTS = frozenset(("数量", "质量", "重量", "含量", "能量", "力量", "大量", "少量", "金额", "数额", "余额",
                              "份额", "限额", "定额", "差额", "名额", "全额", "足额", "超额", "增量", "存量", "批量",
                              "海量", "考量", "分量", "容量", "额度"))


_ASKED_AMOUNT = re.compile(r"(?:支出|开支|决算数?|预算数?)?(?:是|为|有|达到?|共|合计|约)?(?:多少|几|多大)")


def measure_stems(question: str) -> list[str]:
    """What the volumes, sums and items of spending a Chinese question asks for measure (降雨量是多少 -> 降雨,
    交易额 -> 交易, 零售总额 -> 零售, 大豆总产量 -> 大豆, 会议费支出 -> 会议); a word of time or scope before a bare
    产量 (今年产量, 全市产量) names nothing measured."""
    if is_english(question):
        return []
    segments = words(question)
    stems = []
    for i, w in enumerate(segments):
        if not _ASKED_AMOUNT.match("".join(segments[i + 1 : i + 5])):
            continue
        # 会议费, 培训费, 接待费: an item of spending names itself (in a question of one ask: 三公经费合计多少？其中公务
        # 接待费是多少？ asks the total too)
        if len(w) >= 3 and w.endswith("费") and len(re.findall(r"多少|几", question)) == 1:
            stems.append(w[:-1])
            continue
        if not w.endswith(("量", "额")) or w in _GENERIC_AMOUNTS:
            continue
        cut = 2 if w.endswith(("总量", "总额")) or w[-2:] in _GENERIC_AMOUNTS else 1  # 人口数量 -> 人口
        stem = w[:-cut].lstrip("总年月日")
        prev = segments[i - 1] if i else ""
        if len(stem) < 2:
            stem = prev if _CJK.match(prev or " ") and prev not in _GENERIC_AMOUNTS and not _NO_MEASURE.search(prev) \
                else ""
        if len(stem) >= 2:
            stems.append(stem)
    return stems


# Words of time or scope (今年, 上半年, 一季度, 全市, 该县) name no measured thing.
_NO_MEASURE = re.compile(r"[年月季度日期]$|^[全本该此其各今去前明当每]")
# Stems official text writes either way (降雨量 or 降水量, 交易额 or 成交额).
_SAME_STEM = {"降雨": "降水", "降水": "降雨", "交易": "成交", "成交": "交易"}


def indicator_unmet(question: str, context: str) -> str | None:
    """An indicator the question names (GDP, 强度, 人均, a fund, the thing a rate measures: 城镇化率) that the
    answer's sentence and section do not."""
    for asked, written in _INDICATORS:
        if (found := asked.search(question)) and not written.search(context):
            return f"the answer is not about {found.group(1) if found.groups() else found.group()}"
    for stem in rate_stems(question):
        # The stem's last word is what the rate counts (科技成果转化率 is also written 成果转化率).
        if not (_GROWTH.search(context) if _GROWTH.fullmatch(stem) else stem[-2:] in context):
            return f"the answer is not about {stem}率"
    for stem in measure_stems(question):
        # 进口额 is read off a table of 进出口 goods: the stem's two characters, one apart at most.
        written = (stem[-2:], _SAME_STEM.get(stem[-2:], stem[-2:]))
        if not any(re.search(f"{re.escape(w[0])}.?{re.escape(w[1])}", context) for w in written):
            return f"the answer is not about {stem}"
    return None


def document_text(chunk: Chunk, reader: IndexReader) -> str:
    """The text of a passage's document (the passage's own text if the reader cannot give it)."""
    doc = reader.document(chunk.doc_id) if hasattr(reader, "document") else None
    return doc.text if doc is not None else chunk.text


def answer_unmet(question: str, sentence: str, context: str, document: Callable[[], str],
                 expected: FigureKind | None) -> str | None:
    """The first condition of the question that the answer's sentence does not meet, or None. ``context``:
    the passage's section headings; ``document``: gives the document's
    text; ``expected``: the figure kind asked (None: a sentence answers)."""
    reason = ordinal_unmet(question, document) or indicator_unmet(question, context + sentence)
    if reason or expected is not None:
        return reason
    return who_unmet(question, sentence) or where_unmet(question, sentence)


# A Chinese name an English question writes itself, in brackets or quotes: office running costs (机关运行经费).
_PLACES = r"(?:county|town|township|village|district|city|province|prefecture|banner|street|subdistrict)"
_PLACE_BEFORE = re.compile(rf"\b{_PLACES}\s*$", re.I)
_PLACE_AFTER = re.compile(rf"\s*{_PLACES}\b", re.I)
_WRITTEN = re.compile(r"[（(“\"'‘]\s*([\u4e00-\u9fff]{2,}[\u4e00-\u9fff\w·]*)\s*[)）”\"'’]")


def written_names(question: str) -> list[str]:
    """The Chinese names an English question writes in brackets or quotes (improvement-class (完善类) work): the
    asker names the thing exactly, so the answer's sentence writes it too.
    Places are left to the place checks, which read the header too (Gongbo'gyamda (工布江达) County, 错高乡)."""
    if not is_english(question):
        return []
    return [m.group(1) for m in _WRITTEN.finditer(question) if not ADMIN_SUFFIX.search(m.group(1)) and
            not _PLACE_BEFORE.search(question, 0, m.start()) and not _PLACE_AFTER.match(question, m.end())]
