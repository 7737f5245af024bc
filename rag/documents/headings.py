"""Heading lines of an official document's body and their levels: 一、 （一） 1. （1） ① 第一条 第一章, Markdown
``#`` headings, unnumbered 关于…的建议 lines, short unpunctuated lines over a paragraph, and a Q&A's questions.

The level of a heading decides which part of a section path it replaces (rag.chunking builds the paths).
"""

from __future__ import annotations

import re

from rag.documents import BLANK

_CN_NUM = "一二三四五六七八九十百零〇"
# (pattern, level); the level of a heading decides which part of the section path it replaces.
_NUMBERED_HEADINGS = (
    (re.compile(rf"^第[{_CN_NUM}\d]+[章编]"), 1),
    (re.compile(rf"^[{_CN_NUM}]+[、.．,，]"), 1),  # 三,对建议所提事项的答复: a page flattened to ASCII
    (re.compile(rf"^第[{_CN_NUM}\d]+条"), 2),
    (re.compile(rf"^[（(][{_CN_NUM}]+[）)]"), 2),
    (re.compile(r"^\d{1,2}[.．、,，](?!\d)"), 3),
    (re.compile(r"^[（(]\d{1,2}[）)]"), 4),
    (re.compile(r"^[①-⑳]"), 5),
)
# A question of a Q&A (问3：…标准是多少？, 记者：请问…): the heading of the answer after it, between the levels of
# （一） and 1., so that the list items of an answer nest under it and the next question replaces it.
QA_LEVEL = 2.5
_QA_ASK = re.compile(r"^(?:问\s*[\d一二三四五六七八九十]{0,3}|[^，。：:\s]{0,16}记者)\s*[：:]\s*(?=\S)")
QA_ASKER = re.compile(r"^[^，。：:\s]{0,16}记者\s*[：:]$")  # a reporter's line alone: the question follows it
QA_HOST = re.compile(r"^主持人[^，。：:]{0,8}[：:]$")  # the host speaks: the last question's answer has ended
QA_CHARS = 160
# A numbered paragraph (1、落实预留采购份额。要求…) is named by its marker and its short lead sentence.
# A full stop flattened to ASCII (…负责解释. on a page copied from the web): a period after a character or a closing
# bracket, not a decimal point or a list marker (1.全年…, 三.对建议的答复).
ASCII_STOP = rf"(?<=[\u4e00-\u9fff）)])(?<![{_CN_NUM}])\.(?!\d)"
_LEAD = re.compile(rf"^(.{{2,40}}?)(?:[。：:；;]|{ASCII_STOP})")
# Cells of a table row are split by tabs or runs of spaces.
CELL_GAP = r"(?:\t| {2,}|\u3000{2,})"
# An unnumbered heading line (主要工作成效): short, no punctuation at all. Table rows are not headings.
_BARE_HEADING = re.compile(rf"^(?!.*{CELL_GAP})[^，。、；：,.;:！？!?（）()“”\d%％]{{4,24}}$")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s*(.+)$")
_UNNUMBERED_HEADING = re.compile(r"^关于.{2,80}(?:建议|意见|提案|问题|议案)[。.]?$")
_INNER_STOP = re.compile(rf"[。！？；!?;]|{ASCII_STOP}(?=.)")
_TRAILING_PUNCT = re.compile(r"[。.！!？?；;”’」』\"']+$")
# A numbered line that is a whole sentence (第二条　县财政每年安排专项资金3,000万元，用于…。; 1、公示时间：…。):
# its clauses and its closing stop make it a paragraph, not a heading, or its content would be lost. An
# article (第十三条　本办法由…负责解释。) that ends a sentence is always content.
_SENTENCE_LINE = re.compile(rf"[，,：:].*(?:[。；;！？!?：:]|{ASCII_STOP})$")
_ARTICLE_SENTENCE = re.compile(rf"^第[{_CN_NUM}\d]+条[ \u3000]*\S.*(?:[。；;]|{ASCII_STOP})$")
# A numbered field (（一）项目编号：PZHWJ-2025-ZC-036; 3、开标时间：2025年8月12日9时): a short label, a colon and
# its value. It states a fact, so it is a paragraph, whatever it ends with; a label with nothing after it is a heading.
_FIELD_LINE = re.compile(r"^[^，。；;：:,（(]{1,16}[：:][ \u3000]*\S")


def heading_level(text: str) -> tuple[float, str] | None:
    """(level, heading text) if ``text`` is a section heading, else None."""
    level_from_hashes = None
    markdown = _MARKDOWN_HEADING.match(text)
    if markdown:
        level_from_hashes, text = len(markdown.group(1)), markdown.group(2).strip(BLANK)
    heading = text.rstrip("：:")
    if _QA_ASK.match(heading) and len(heading) <= QA_CHARS:
        return QA_LEVEL, heading
    core = _TRAILING_PUNCT.sub("", heading)
    looks_like_heading = len(heading) <= 100 and not _INNER_STOP.search(core)
    for pattern, level in _NUMBERED_HEADINGS:
        if marker := pattern.match(heading):
            body = text[marker.end() :].strip(BLANK)
            sentence = level_from_hashes is None and not _UNNUMBERED_HEADING.match(body) and \
                (_SENTENCE_LINE.search(body) is not None or _ARTICLE_SENTENCE.match(heading) is not None
                 or _FIELD_LINE.match(body) is not None)
            return (level, heading) if looks_like_heading and not sentence else None
    if level_from_hashes is not None:
        return level_from_hashes, heading
    if _UNNUMBERED_HEADING.match(heading) and looks_like_heading:
        return 1, heading
    return None


def numbered_lead(text: str) -> tuple[int, str] | None:
    """(level, name) of a numbered paragraph: its marker and lead sentence (1、落实预留采购份额), or
    the marker alone (第三条) when the lead is long."""
    for pattern, level in _NUMBERED_HEADINGS:
        marker = pattern.match(text)
        if marker:
            lead = _LEAD.match(text)
            return level, lead.group(1) if lead else marker.group().rstrip("、.．,，")
    return None


def bare_heading(lines: list[str], i: int) -> int | None:
    """Level of an unnumbered heading line: 1 when another heading line follows it, else 2."""
    if not _BARE_HEADING.match(lines[i]):
        return None
    following = next((t for t in lines[i + 1 :] if t), "")
    if not following:
        return None
    return 1 if _BARE_HEADING.match(following) or heading_level(following) else 2
