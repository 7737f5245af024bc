"""What a line at the head of a document is: an issuer, a date, the document's own 文号, a page's field, a title
line, the speaker of a report, a letterhead; rag.documents.parse assembles the header from them.
"""

from __future__ import annotations

import re
import unicodedata

from rag.documents.chrome import is_meta_key, is_non_content, is_sign_off, row_cells
from rag.documents.site_meta import is_table_line
from rag.documents.text import DATE_RE, DOC_NUMBER_RE, ISO_DATE_RE, Line

_MD_ROW = re.compile(r"^\|.*\|$")  # a Markdown table's row (| 项目 | 内容 |): never a title line
_ISSUER_SUFFIXES = ("厅", "局", "委", "委员会", "政府", "办公室", "办公厅", "院", "部", "会", "中心", "所", "署", "处",
                    "调查队")
def clean(value: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)) if value else value


def is_issuer_line(text: str) -> bool:
    # No digits: a table's last row (36  丽水市  某某有限公司  企业工业设计中心) is no issuer.
    return 2 <= len(text) <= 30 and text.endswith(_ISSUER_SUFFIXES) and not re.search(r"[，。；！？,;!?:：\d]", text)


def is_date_line(text: str) -> bool:
    return bool(DATE_RE.fullmatch(text) or ISO_DATE_RE.fullmatch(text))


RULE = re.compile(r"^[-—=_*·.|: ]{3,}$")  # a horizontal rule, or a Markdown table's rule row


# Markdown emphasis and quote marks around a line (**黔文旅函〔2024〕96号**, > 信息来源：…).
MARKUP = re.compile(r"^(?:>\s*)+|^\*+|\*+$")


def _after_meta_key(lines: list[Line], i: int) -> bool:
    """The line is the value of a metadata key written alone on the line before it (索引号： / 1151…). A Markdown
    heading is none: a page's counter (浏览次数：) is often left empty, and its title heading follows."""
    if lines[i].stripped.startswith("#"):
        return False
    previous = next((line.stripped for line in reversed(lines[:i]) if line.stripped), "")
    return bool(previous) and is_meta_key(re.sub(r"[ \u3000]+", "", previous))


OCCASION = re.compile(r"^[—－-]{1,2}")
# The speaker of a report, under its title (县长　许卫东, 代理市长 某某): who signs it.
# A name of a minority nationality is written with a middle dot (叶尔兰·巴合提) and may be longer.
_SPEAKER = re.compile(r"^(?:代理|常务副)?[\u4e00-\u9fff]{0,14}?(?:省长|市长|县长|区长|州长|旗长|镇长|乡长|主席|主任|"
                      r"局长|厅长|"
                      r"书记|委员长|院长|检察长)[ \u3000\t]+"
                      r"([\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}(?:[·•][\u4e00-\u9fff]{1,8}){1,3})$")


# The heading of a table of contents (## 目录, 目　录): no title.
_CONTENTS = re.compile(r"^(?:#+\s*)?目[ \u3000]*录$")
_GRADE_LINE = re.compile(r"^[（(]?[A-DＡ-Ｄ]类[）)]?$")
# A field of the page or the letter (答复类型：A类, 签 发 人：某某, 地点：…, 关联文件：《…》, (类别：A类)): a short
# key and a colon. Titles never start so; a field under the title line is never part of it.
_FIELD = re.compile(r"^[（(]?[\u4e00-\u9fff]{2,6}[:：]")


def _number_line(text: str) -> str | None:
    """The 文号 of a line that holds it alone, or with only the signer or grade beside it
    (嘉建函[2025]47号　　签发人:沈国华). A 文号 inside a sentence or after a cited title
    (《…》（浙政办发〔2023〕41号）) belongs to a document it cites."""
    first, *rest = row_cells(text) or [""]
    number = DOC_NUMBER_RE.search(first)
    if number and len(first) <= len(number.group()) + 2 and not first.startswith(("（", "(", "《")) and \
            all(is_sign_off(cell) or _GRADE_LINE.match(cell) for cell in rest):
        return number.group()
    return None


def _is_field(text: str) -> bool:
    return bool(_FIELD.match(re.sub(r"[ \u3000*]+", "", text)))


def own_number(lines: list[Line]) -> str | None:
    """The document's own 文号: the one standing on a line of its own near the top."""
    return next((n for line in lines[:15] if (n := _number_line(MARKUP.sub("", line.stripped)))), None)


def title_lines(head: list[Line]) -> str | None:
    """Title lines of the head, without metadata rows, 文号, grade (A类) and sign-off lines."""
    parts = []
    for i, line in enumerate(head):
        text = MARKUP.sub("", line.stripped)
        if not text or is_table_line(line) or is_non_content(text) or _GRADE_LINE.match(text) or \
                _after_meta_key(head, i) or RULE.match(text) or _MD_ROW.match(text) or _is_field(text):
            continue
        # The occasion (——2024年1月16日在…会议上), the speaker and a spaced-out repeat (政 府 工 作 报 告)
        # are not the title.
        if OCCASION.match(text) or _SPEAKER.match(text) or (parts and clean(text) in clean("".join(parts))) \
                or _CONTENTS.match(text):
            continue
        if parts and is_issuer_line(text):  # the issuer's name under the title (and its occasion) is no title
            continue
        if letterhead(text):  # 某某街道办事处文件 over the 文号: the letterhead, no title
            continue
        if _number_line(text):
            continue
        parts.append(re.sub(r"^#+\s*", "", text))
    return "".join(parts) or None


def letterhead(text: str) -> str | None:
    """The issuers the red letterhead of a formal document names (某某县人民政府办公室文件), if ``text`` is one."""
    name = text.removesuffix("文件").strip(" \u3000")
    return name if name != text and name and all(is_issuer_line(part) for part in name.split()) else None


def first_title_line(lines: list[Line]) -> str | None:
    """A document without a salutation (report, notice, summary): its first heading-like line, with the
    line after it when the first names the issuers and the second the subject (某某局 某某局 / 关于…的公告)."""
    found: list[str] = []
    for i, line in enumerate(lines[:16]):
        text = MARKUP.sub("", line.stripped)
        if not text or is_table_line(line) or is_non_content(text) or DOC_NUMBER_RE.fullmatch(text) or \
                _after_meta_key(lines, i) or _MD_ROW.match(text) or _CONTENTS.match(text) or _is_field(text):
            continue
        if found:
            if text.startswith("关于") and "关于" not in found[0] and len(text) <= 80 and "。" not in text:
                found.append(text)
            break
        if len(text) > 80 or "。" in text:
            return None
        found.append(re.sub(r"^#+\s*", "", text))
    return "".join(found) or None


# Who delivers a report to a people's congress (——…在某某县第十八届人民代表大会第五次会议上 / 县长　某某):
# the government, the court or the procuratorate of the place the congress is of.
_CONGRESS = re.compile(r"在([\u4e00-\u9fff]{2,12}?(?:省|市|县|区|州|旗|盟))第[\u4e00-\u9fff\d]{1,4}届人民代表大会")
_DELIVERED_BY = (("院长", "人民法院"), ("检察长", "人民检察院"), ("长", "人民政府"))
# The publisher an info bar names (发布时间：… 信息来源：某某县人民政府办公室), for a page that names no issuer.
SOURCE_KEYS = re.compile(r"^(?:信息来源|来源|发布机构|发布单位)[:：]")
ORGANISATION = re.compile(r"[\u4e00-\u9fff]{2,28}(?:" + "|".join(_ISSUER_SUFFIXES) + ")$")


def reporting_body(head: list[Line]) -> str | None:
    """The body that delivers a report to the congress its occasion line names (雷山县人民政府)."""
    occasion = next((line.stripped for line in head[:20] if OCCASION.match(line.stripped)), "")
    place, speaker = _CONGRESS.search(occasion), speaker_line(head)
    if not place or not speaker:
        return None
    role = speaker.group(0).split()[0]
    return place.group(1) + next(body for ending, body in _DELIVERED_BY if role.endswith(ending))


def speaker_line(head: list[Line]) -> re.Match | None:
    """The speaker line under a report's title (县长　某某): group 1 is the name."""
    return next((found for line in head[:20] if (found := _SPEAKER.match(line.stripped))), None)


# A metadata block's title line (标　　题：2025年某县人民政府工作报告): fuller than the heading over the text
# (政府工作报告).
_TITLE_ROW = re.compile(r"^(?:标[ \u3000]*题|信息名称|文件名称|文章标题)[ \u3000]*[:：][ \u3000]*(\S.{3,120})$")


def written_title(lines: list[Line]) -> str | None:
    return next((found.group(1).strip() for line in lines[:15] if (found := _TITLE_ROW.match(line.stripped))),
                None)
