"""Official documents: reading the source text and its header (文号, title, addressee, issuer, date).

Three header layouts occur in practice and all are handled:

* a metadata table copied from the government site (``索引号:`` / ``发文机关:`` /
  ``成文日期:`` / ``标题:`` / ``发文字号:`` rows, tab separated);
* a title line with the 文号 under it;
* the 文号 first, then the title (possibly broken over several lines).

Every layout ends with the addressee line (``…委员：``) that opens the letter; the
signature block (issuer and date) closes it.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rag.documents.chrome import is_meta_key, is_non_content, is_sign_off, row_cells, sign_off
from rag.documents.site_meta import (
    ANY_DATE,
    OWN_NUMBER_KEYS,
    PUBLISHED_KEYS,
    WRITTEN_KEYS,
    is_table_line,
    meta_value,
    parse_table,
)
from rag.documents.text import DATE_RE, DOC_NUMBER_RE, ISO_DATE_RE, Line, iso_date, normalise_text, split_lines
from rag.errors import DocumentError

# Change when header parsing or chunking reads a document differently: `rag index` then reads every
# file again instead of calling it unchanged.
# 2026-12-07.4: …not in 15分钟生活圈, which names a kind of area;
# 2026-12-07.3: minutes (30分钟内) are a count (the passages' figure kinds);
# 2026-12-07.2: a concentration (34微克/立方米, 15毫克/升) or a noise level (52.3分贝) is a count (the passages'
#   figure kinds);
# 2026-12-07.1: an age (35周岁以下, 60岁) is a count (the passages' figure kinds);
# 2026-12-06.5: …only a short line with no sentence, holding a registration number or 主办 beside 承办 or numbers;
# 2026-12-06.4: a site's footer saved with the page (主办：…　承办：…, 网站标识码, ICP备) is chrome;
# 2026-12-06.3: classes listed as labels (一类、二类、三类地区) are no counts (the passages' figure kinds);
# 2026-12-06.2: …but not when the lower row holds numbers (a row of data), and odd spans (①, 10⁹) are one column;
# 2026-12-06.1: a table's two header rows (起付标准 over 调整前 and 调整后) are one in web pages and Word files;
# 2026-12-05.16: an empty 文号 cell takes no key as its value (发文字号:\t\t公开方式:); 【发文机构】 is metadata;
# 2026-12-05.15: a field line (答复类型：A类, 地点：…, 关联文件：…, 签 发 人：…) is no part of the title; 信息名称：…
#   is the title; [索引号] keys in ASCII brackets, 是否有效, 公开类型 and 答复类型 are metadata; spaced sign-off keys;
# 2026-12-05.10: a metadata block's 标　　题：… line is the title, fuller than the heading over the text;
# 2026-12-05.9: …and ends a sentence (sentence spans and passage windows of pages flattened to ASCII);
# 2026-12-05.8: a numbered line ending in a full stop flattened to ASCII (第十六条 本办法由…负责解释.) is content;
# 2026-12-05.7: a contact after an office ending in 股, 办, 队, 组 or 院 (联系人：县农业农村局乡村振兴股　刘某某);
# 2026-12-05.6: 三,对建议所提事项的答复 (a page flattened to ASCII punctuation) heads a section;
# 2026-12-05.5: a field line restating the title (二、项目名称：…) is no passage; a page's info bar in a "subtitle"
#   element is not its title;
# 2026-12-05.4: a numbered field line (（一）项目编号：…) is a paragraph, not a heading; a numbered item after a table
#   starts a paragraph of its own;
# 2026-12-05.3: …or after a comma (1、某某局某某股，联系人：陈某某，电话：…);
# 2026-12-05.2: the issuer's places are header names too (py:zigui of 秭归县人民政府);
# 2026-12-05.1: a contact or signer after other text on its line (受理电话：…　联系人：某某; （A类）　签发人：某某);
# .27: a web page's report subtitle above its article (——…会议上 / 镇长　某某) is kept with the title;
# .26: …and of the people the signer and contact fields name (py:chenxingbo);
# .25: header terms hold the pinyin of the names before a place's level or a person's role (py:hongcun);
# .24: questions of a Q&A (问3：…, a reporter's question) head the answers after them;
# .23: a Markdown heading is no metadata key's value (浏览次数： left empty, then # 标题); 目录 is no title;
# .22: Markdown links, slash breadcrumbs and metadata tables, titles in class="bt", 时效;
# .21: <dl> metadata blocks (<dt>文号：</dt><dd>…</dd>), 信息分类 and other keys
READING_RULES = "2026-12-07.4"

# 尊敬的某某委员：, or the recipients of a notice, listed with commas (各区县经济和信息化主管部门，各有关企业：).
_ADDRESSEE_RE = re.compile(r"^(?P<name>[^，。；！？,;!?：:]{1,40}|各[^。；！？;!?：:]{1,120}?)[：:]$")
# A line holding a whole sentence; on a page flattened to ASCII its full stop is ". " (事项. 现将…如下:).
_PROSE = re.compile(r"^.{20,}(?:。|\.(?:\s|$))")
_MD_ROW = re.compile(r"^\|.*\|$")  # a Markdown table's row (| 项目 | 内容 |): never a title line
_ISSUER_SUFFIXES = ("厅", "局", "委", "委员会", "政府", "办公室", "办公厅", "院", "部", "会", "中心", "所", "署", "处",
                    "调查队")
_TOP_LINES = 8
_SUBJECT_RE = re.compile(r"《(关于[^》]{2,80})》")


@dataclass(frozen=True)
class DocumentHeader:
    doc_number: str | None
    title: str | None
    addressee: str | None
    issuer: str | None
    date: str | None  # ISO 8601 (YYYY-MM-DD)
    subject: str | None  # the proposal being answered, e.g. 关于加速人工智能科技创新的建议
    signer: str | None = None  # 签发人 / 领导签发
    contact: str | None = None  # 联系人 and the phone written with it


@dataclass(frozen=True)
class Document:
    id: str
    file: str
    text: str  # normalised source text; every chunk offset indexes into it
    header: DocumentHeader
    body_start: int  # char offset where the letter body starts (after the addressee line)
    body_end: int  # char offset where the signature block starts

    @property
    def content_hash(self) -> str:
        """What was read and by which rules: a file indexed under older reading rules is read again
        (its unchanged passages keep their vectors: rag.ingest.prepare)."""
        return hashlib.sha256(f"{READING_RULES}\n{self.text}".encode()).hexdigest()


def _clean(value: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)) if value else value


_NO_VALUE = re.compile(r"[\s\u3000]*(?:无|暂无|空|[－—\-/]+)?[\s\u3000]*")


def _clean_number(value: str) -> str:
    """文号 keep their own brackets; only stray spaces go."""
    return re.sub(r"[\s\u3000]+", "", value)


def is_issuer_line(text: str) -> bool:
    # No digits: a table's last row (36  丽水市  某某有限公司  企业工业设计中心) is no issuer.
    return 2 <= len(text) <= 30 and text.endswith(_ISSUER_SUFFIXES) and not re.search(r"[，。；！？,;!?:：\d]", text)


def is_date_line(text: str) -> bool:
    return bool(DATE_RE.fullmatch(text) or ISO_DATE_RE.fullmatch(text))


def find_addressee(lines: list[Line], limit: int = 30) -> int | None:
    """Index of the salutation line (``尊敬的孙昭艳委员：``) within the first lines, before the body.

    A salutation opens the body, so none follows a sentence of prose: a line that introduces a list
    inside a notice without salutation (拟资助项目按所在区汇总情况如下：) would otherwise turn every
    paragraph above it into header. A metadata key alone on its line (发布机构：) is no salutation either."""
    for i, line in enumerate(lines[:limit]):
        text = line.stripped
        if _PROSE.search(text):
            return None
        if (_ADDRESSEE_RE.match(text) and not is_table_line(line) and not DOC_NUMBER_RE.search(text)
                and not is_meta_key(text)):
            return i
    return None


def _inner_sign_off(lines: list[Line], start: int, end: int) -> tuple[str, str] | None:
    """The first issuer line followed by a date line between the body's start and the closing signature."""
    texts = [line.stripped for line in lines[start:end] if line.stripped]
    return next(((a, b) for a, b in itertools.pairwise(texts) if is_issuer_line(a) and is_date_line(b)), None)


_RULE = re.compile(r"^[-—=_*·.|: ]{3,}$")  # a horizontal rule, or a Markdown table's rule row


def find_signature(lines: list[Line], after: int) -> int:
    """Index of the first line of the closing signature block (issuer, date, 抄送), and of the page's
    footer after it (a rule, the site's metadata block)."""
    start = len(lines)
    for i in range(len(lines) - 1, after, -1):
        text = lines[i].stripped
        if not text or is_date_line(text) or is_issuer_line(text) or is_sign_off(text) or is_non_content(text) \
                or _RULE.match(text):
            start = i if text else start
            continue
        break
    return start


# Markdown emphasis and quote marks around a line (**黔文旅函〔2024〕96号**, > 信息来源：…).
_MARKUP = re.compile(r"^(?:>\s*)+|^\*+|\*+$")


def _after_meta_key(lines: list[Line], i: int) -> bool:
    """The line is the value of a metadata key written alone on the line before it (索引号： / 1151…). A Markdown
    heading is none: a page's counter (浏览次数：) is often left empty, and its title heading follows."""
    if lines[i].stripped.startswith("#"):
        return False
    previous = next((line.stripped for line in reversed(lines[:i]) if line.stripped), "")
    return bool(previous) and is_meta_key(re.sub(r"[ \u3000]+", "", previous))


_OCCASION = re.compile(r"^[—－-]{1,2}")
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


def _own_number(lines: list[Line]) -> str | None:
    """The document's own 文号: the one standing on a line of its own near the top."""
    return next((n for line in lines[:15] if (n := _number_line(_MARKUP.sub("", line.stripped)))), None)


def _title(head: list[Line]) -> str | None:
    """Title lines of the head, without metadata rows, 文号, grade (A类) and sign-off lines."""
    parts = []
    for i, line in enumerate(head):
        text = _MARKUP.sub("", line.stripped)
        if not text or is_table_line(line) or is_non_content(text) or _GRADE_LINE.match(text) or \
                _after_meta_key(head, i) or _RULE.match(text) or _MD_ROW.match(text) or _is_field(text):
            continue
        # The occasion (——2024年1月16日在…会议上), the speaker and a spaced-out repeat (政 府 工 作 报 告)
        # are not the title.
        if _OCCASION.match(text) or _SPEAKER.match(text) or (parts and _clean(text) in _clean("".join(parts))) \
                or _CONTENTS.match(text):
            continue
        if parts and is_issuer_line(text):  # the issuer's name under the title (and its occasion) is no title
            continue
        if _banner(text):  # 某某街道办事处文件 over the 文号: the letterhead, no title
            continue
        if _number_line(text):
            continue
        parts.append(re.sub(r"^#+\s*", "", text))
    return "".join(parts) or None


def _banner(text: str) -> str | None:
    """The issuers the red letterhead of a formal document names (某某县人民政府办公室文件), if ``text`` is one."""
    name = text.removesuffix("文件").strip(" \u3000")
    return name if name != text and name and all(is_issuer_line(part) for part in name.split()) else None


def _first_title_line(lines: list[Line]) -> str | None:
    """A document without a salutation (report, notice, summary): its first heading-like line, with the
    line after it when the first names the issuers and the second the subject (某某局 某某局 / 关于…的公告)."""
    found: list[str] = []
    for i, line in enumerate(lines[:16]):
        text = _MARKUP.sub("", line.stripped)
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
_SOURCE_KEYS = re.compile(r"^(?:信息来源|来源|发布机构|发布单位)[:：]")
_ORGANISATION = re.compile(r"[\u4e00-\u9fff]{2,28}(?:" + "|".join(_ISSUER_SUFFIXES) + ")$")


def _reporting_body(head: list[Line]) -> str | None:
    """The body that delivers a report to the congress its occasion line names (雷山县人民政府)."""
    occasion = next((line.stripped for line in head[:20] if _OCCASION.match(line.stripped)), "")
    place, speaker = _CONGRESS.search(occasion), _speaker(head)
    if not place or not speaker:
        return None
    role = speaker.group(0).split()[0]
    return place.group(1) + next(body for ending, body in _DELIVERED_BY if role.endswith(ending))


def _speaker(head: list[Line]) -> re.Match | None:
    """The speaker line under a report's title (县长　某某): group 1 is the name."""
    return next((found for line in head[:20] if (found := _SPEAKER.match(line.stripped))), None)


# A metadata block's title line (标　　题：2025年某县人民政府工作报告): fuller than the heading over the text
# (政府工作报告).
_TITLE_ROW = re.compile(r"^(?:标[ \u3000]*题|信息名称|文件名称|文章标题)[ \u3000]*[:：][ \u3000]*(\S.{3,120})$")


def _written_title(lines: list[Line]) -> str | None:
    return next((found.group(1).strip() for line in lines[:15] if (found := _TITLE_ROW.match(line.stripped))),
                None)


def parse_header(lines: list[Line]) -> tuple[DocumentHeader, int, int]:
    """Return the header plus the line indexes where the body starts and the signature starts."""
    table = parse_table(lines)
    addressee_idx = find_addressee(lines)
    head = lines[: addressee_idx if addressee_idx is not None else 0]
    body_first = (addressee_idx + 1) if addressee_idx is not None else 0
    signature_idx = find_signature(lines, body_first)

    # A site writes 无 (or －) in the 文号 cell of a page that has none.
    listed = table.get("发文字号") if not _NO_VALUE.fullmatch(table.get("发文字号", "")) else None
    doc_number = listed or meta_value(lines, OWN_NUMBER_KEYS) or _own_number(lines)
    title = table.get("标题") or _written_title(lines) or _title(head) or _first_title_line(lines)

    signature = [line.stripped for line in lines[signature_idx:] if line.stripped]
    signer, contact = sign_off([line.stripped for line in lines if line.stripped])
    speaker = _speaker(head)
    signer = signer or (speaker.group(1) if speaker else None)
    # A bulletin or announcement without an addressee states its issuers and date under its title
    # (某市统计局　国家统计局某调查队 / 2024年3月26日).
    top = [line.stripped for line in lines[:_TOP_LINES] if line.stripped] if addressee_idx is None else []
    # A notice that issues measures or ends with attachment tables signs off before them (issuer, date).
    inner = _inner_sign_off(lines, body_first, signature_idx)
    signed = next((t for t in signature if is_issuer_line(t)), None)
    issuer = (table.get("发文机关") or signed or (inner and inner[0])
              or next((t for t in top if all(is_issuer_line(part) for part in t.split())), None)
              or _reporting_body(head or lines[:_TOP_LINES]) or meta_value(lines, _SOURCE_KEYS, _ORGANISATION))
    issuer = " ".join(issuer.split()) if issuer else None  # joint issuers: 江苏省商务厅　　江苏省财政厅
    # The table names the one that published the page; the signature may name it in full or with its co-issuers.
    if issuer and issuer == table.get("发文机关"):
        fuller = [" ".join(t.split()) for t in (signed, inner and inner[0]) if t]
        issuer = next((t for t in fuller if issuer in t.split() or t.endswith(issuer)), issuer)
    # The site's 发布机构 may give the signature's issuer its full name (上海市崇明区竖新镇人民政府 for 竖新镇人民政府).
    published = meta_value(lines, _SOURCE_KEYS, _ORGANISATION) if issuer else None
    if published and len(published) > len(issuer) and published.endswith(issuer):
        issuer = published
    # …and so may the letterhead (银川市兴庆区凤凰北街街道办事处文件 for 凤凰北街街道办事处).
    banner = next((name for line in lines[:8] if (name := _banner(_MARKUP.sub("", line.stripped)))), None)
    if issuer and banner and len(banner) > len(issuer) and banner.endswith(issuer):
        issuer = banner
    date = (
        iso_date(table.get("成文日期", ""))
        or next((iso_date(t) for t in signature if is_date_line(t)), None)
        or iso_date(meta_value(lines, WRITTEN_KEYS, ANY_DATE) or "")
        or iso_date(table.get("发布日期", ""))  # published, when the page says nothing of when it was written
        or next((iso_date(t) for t in (x.stripped for x in head) if _OCCASION.match(t) and DATE_RE.search(t)), None)
        or (inner and iso_date(inner[1]))
        or next((iso_date(t) for t in top if is_date_line(t)), None)
        or iso_date(meta_value(lines, PUBLISHED_KEYS, ANY_DATE) or "")  # 发布机构：… ｜ 发布日期：2025-05-16
    )

    addressee = None
    if addressee_idx is not None:
        name = _ADDRESSEE_RE.match(lines[addressee_idx].stripped).group("name")
        addressee = re.sub(r"^尊敬的", "", name).strip()

    subject = None
    for line in lines[body_first : body_first + 6]:
        match = _SUBJECT_RE.search(line.stripped)
        if match:
            subject = match.group(1)
            break

    header = DocumentHeader(
        doc_number=_clean_number(doc_number) if doc_number else None,
        title=_clean(title) if title else None,
        addressee=addressee,
        issuer=issuer,
        date=date,
        subject=subject,
        signer=signer,
        contact=contact,
    )
    return header, body_first, signature_idx


def doc_id_for(file_name: str) -> str:
    """A stable, URL-safe id derived from the file name, so re-indexing a file keeps its id."""
    stem = Path(file_name).stem
    if re.fullmatch(r"[A-Za-z0-9._-]{1,80}", stem):
        return stem
    return "doc-" + hashlib.sha256(file_name.encode("utf-8")).hexdigest()[:16]


def parse_document(text: str, file_name: str) -> Document:
    text = normalise_text(text)
    if not text.strip():
        raise DocumentError(f"{file_name}: the document is empty")
    lines = split_lines(text)
    header, body_first, signature_idx = parse_header(lines)
    body_start = lines[body_first].start if body_first < len(lines) else len(text)
    body_end = lines[signature_idx].start if signature_idx < len(lines) else len(text)
    return Document(
        id=doc_id_for(file_name),
        file=file_name,
        text=text,
        header=header,
        body_start=body_start,
        body_end=max(body_end, body_start),
    )
