"""Which row of a flattened table a question names: by a label it writes (a place perhaps without its suffix, or in
pinyin), by its bridged terms word by word, or by a dictionary gloss of the label; and a place label the question
names only as the document's own place. Which column, and the cell, is rag.answer.tables.
"""

from __future__ import annotations

import re

from rag.answer.table_lines import NUMERIC, Cell, is_heading, row_label
from rag.text.english import is_english
from rag.text.glosses import named_by_gloss
from rag.text.lexical import tokenize
from rag.text.romanise import place_in_english

UNIT_CELL = re.compile(r"^(?:万|亿|千|百|十)?(?:吨|元|亩|公顷|人|人次|个|户|家|公里|千米|米|平方米|立方米|千瓦时|千瓦|"
                        r"辆|头|只|件|项|所|张|套|台|%|％|美元)$")
MIN_LABEL = 2
# (茂林社区 is a community of 茂林镇, named after it: a row of the town's table, not the town.)
_PLACE_SUFFIX = re.compile(r"(?:社区|市|县|区|州|盟|旗|镇|乡|街道)$")
_ZONE_SUFFIX = re.compile(r"(?<=..)片区?$")  # 左溪片, 东片区: a zone of a town or county, named by its place
_ENGLISH_SUFFIX = {"市": "city", "县": "county", "区": "district", "州": "prefecture", "盟": "league", "旗": "banner",
                   "镇": "town", "乡": "township", "街道": "subdistrict", "社区": "community"}
# A budget subject written with its class (文物-博物馆, 交通运输支出—公路水路运输) is named by its own last part too.
_SUBJECT_PATH = re.compile(r"(?<=[\u4e00-\u9fff])\s*[-－—]+\s*(?=[\u4e00-\u9fff])")


def row_names(label: str) -> tuple[str, ...]:
    """The names a row label goes by: itself and, for a subject under its class, the subject's own name."""
    parts = _SUBJECT_PATH.split(label)
    return (label,) if len(parts) == 1 else (label, parts[-1])


def names_row(label: str, question: str) -> bool:
    """The question names the row's label, a place perhaps without its suffix (临沂 for 临沂市), or in pinyin
    (Nangu town for 南古镇, Zuoxi area for the zone 左溪片 of a town)."""
    return label in question or (len(label) >= 3 and _PLACE_SUFFIX.search(label) is not None
                                 and _PLACE_SUFFIX.sub("", label) in question) or \
        (is_english(question) and _in_english(label, question))


def _in_english(label: str, question: str) -> bool:
    """An English question names the place in pinyin; a zone (左溪片) only as an area or zone (the Zuoxi area),
    not as the town it may share a name with (稻田片区 of 稻田镇: Daotian town)."""
    if _ZONE_SUFFIX.search(label) is None:
        return place_in_english(label, question)
    return _spelled_before(_ZONE_SUFFIX.sub("", label), question, r"(?:area|zone)s?")


def spells_row(label: str, question: str) -> bool:
    """An English question's bridged terms spell the label word by word (senior high school education -> 高中 教育
    for the row 高中教育) or abbreviate it (science and technology -> 科技 for the row 科学技术)."""
    if not is_english(question):
        return False
    words, terms = tokenize(label), set(question.split())
    # 科学技术 is also written 科技 (文化旅游 文旅, 社会保障 社保): the first character of each of its two words.
    return (len(words) >= 2 and all(len(w) >= 2 for w in words) and set(words) <= terms) or \
        (len(label) == 4 and label[0] + label[2] in terms)


def own_place(label: str, question: str, own: str) -> bool:
    """Whether the question names this place label only as the document's own place: 通化县 is named by the
    Tonghua of a question about the 通化市 plan whose table it is a row of, unless the question says 通化县
    (Tonghua County) itself."""
    stem = _PLACE_SUFFIX.sub("", label)
    if len(stem) < 2 or stem == label or stem not in own or label in own or label in question:
        return False
    english = _ENGLISH_SUFFIX.get(_PLACE_SUFFIX.search(label).group())
    return not (english and _spelled_before(label, question, english))


def _spelled_before(place: str, question: str, nouns: str) -> bool:
    """An English question spells ``place`` in pinyin right before one of ``nouns`` (Tonghua County, the Zuoxi
    area), a regular expression."""
    return place_in_english(place, " ".join(re.findall(rf"([a-z]+)\s+(?:{nouns})\b", question, re.I)))


def glossed_row(rows: list[list[Cell]], lo: int, hi: int, question: str) -> tuple[int, str] | None:
    """The one row over ``lo``–``hi`` that an English question names by a dictionary gloss of its label (minimum
    living allowances: 最低生活保障), as (row index, label)."""
    found = [(i, max((row_label(c) for c in row if not NUMERIC.match(c.text) and not UNIT_CELL.match(c.text)),
                     key=len, default=""))
             for i, row in enumerate(rows) if row and row[-1].end > lo and row[0].start < hi and not is_heading(row)]
    found = [(i, label) for i, label in found if len(label) >= MIN_LABEL]
    # Two words at least: a table's rows are many, and one word (rate, level) often glosses a row by chance.
    named = named_by_gloss([label for _, label in found], question, words=2)
    return found[named[0]] if len(named) == 1 else None
