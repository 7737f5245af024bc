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
from dataclasses import dataclass
from pathlib import Path

from rag.documents.chrome import is_meta_key, is_non_content, is_sign_off, sign_off
from rag.documents.head_lines import (
    MARKUP,
    OCCASION,
    ORGANISATION,
    RULE,
    SOURCE_KEYS,
    clean,
    first_title_line,
    is_date_line,
    is_issuer_line,
    letterhead,
    own_number,
    reporting_body,
    speaker_line,
    title_lines,
    written_title,
)
from rag.documents.site_meta import (
    ANY_DATE,
    OWN_NUMBER_KEYS,
    PUBLISHED_KEYS,
    WRITTEN_KEYS,
    is_table_line,
    meta_value,
    parse_table,
)
from rag.documents.text import DATE_RE, DOC_NUMBER_RE, Line, iso_date, normalise_text, split_lines
from rag.errors import DocumentError

# Change when header parsing or chunking reads a document differently: `rag index` then reads every
# file again instead of calling it unchanged.
# 2026-12-08.3: …written in Chinese numerals too (六十日内, 六个月, 五个工作日), not the last day of a range or list of
#   days (每月1日至10日内, 10日、20日内) (the passages' figure kinds);
# 2026-12-08.1: days within which (之日起30日内, 10日以内) are a count, not a day of a month (the passages' figure
#   kinds);
# 2026-12-07.10: …a point after a line's list number (１．３００万元) and commas of a list (１２０，１５０，１８０)
#   stay; days of every month include 每个月的15日 and 每月底;
# 2026-12-07.9: full-width digits (and a full-width point or thousands comma between them) read as ASCII ones;
# 2026-12-07.8: a day of every month (每月15日前) is a date figure, so a passage's stored kinds hold it;
# 2026-12-07.7: a contact right after the office that opens its line (某某服务中心联系人：某某　联系电话：…) is the
#   document's contact, a signer beside a contact on one line is both; 【发布机构】… and 【文号】… keys close with the
#   bracket (福贡县匹河怒族乡人民政府, a 文号 after other keys on its line);
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
READING_RULES = "2026-12-08.3"

# 尊敬的某某委员：, or the recipients of a notice, listed with commas (各区县经济和信息化主管部门，各有关企业：).
_ADDRESSEE_RE = re.compile(r"^(?P<name>[^，。；！？,;!?：:]{1,40}|各[^。；！？;!?：:]{1,120}?)[：:]$")
# A line holding a whole sentence; on a page flattened to ASCII its full stop is ". " (事项. 现将…如下:).
_PROSE = re.compile(r"^.{20,}(?:。|\.(?:\s|$))")
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


_NO_VALUE = re.compile(r"[\s\u3000]*(?:无|暂无|空|[－—\-/]+)?[\s\u3000]*")


def _clean_number(value: str) -> str:
    """文号 keep their own brackets; only stray spaces go."""
    return re.sub(r"[\s\u3000]+", "", value)


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


def find_signature(lines: list[Line], after: int) -> int:
    """Index of the first line of the closing signature block (issuer, date, 抄送), and of the page's
    footer after it (a rule, the site's metadata block)."""
    start = len(lines)
    for i in range(len(lines) - 1, after, -1):
        text = lines[i].stripped
        if not text or is_date_line(text) or is_issuer_line(text) or is_sign_off(text) or is_non_content(text) \
                or RULE.match(text):
            start = i if text else start
            continue
        break
    return start


def parse_header(lines: list[Line]) -> tuple[DocumentHeader, int, int]:
    """Return the header plus the line indexes where the body starts and the signature starts."""
    table = parse_table(lines)
    addressee_idx = find_addressee(lines)
    head = lines[: addressee_idx if addressee_idx is not None else 0]
    body_first = (addressee_idx + 1) if addressee_idx is not None else 0
    signature_idx = find_signature(lines, body_first)

    # A site writes 无 (or －) in the 文号 cell of a page that has none.
    listed = table.get("发文字号") if not _NO_VALUE.fullmatch(table.get("发文字号", "")) else None
    doc_number = listed or meta_value(lines, OWN_NUMBER_KEYS) or own_number(lines)
    title = table.get("标题") or written_title(lines) or title_lines(head) or first_title_line(lines)

    signature = [line.stripped for line in lines[signature_idx:] if line.stripped]
    signer, contact = sign_off([line.stripped for line in lines if line.stripped])
    speaker = speaker_line(head)
    signer = signer or (speaker.group(1) if speaker else None)
    # A bulletin or announcement without an addressee states its issuers and date under its title
    # (某市统计局　国家统计局某调查队 / 2024年3月26日).
    top = [line.stripped for line in lines[:_TOP_LINES] if line.stripped] if addressee_idx is None else []
    # A notice that issues measures or ends with attachment tables signs off before them (issuer, date).
    inner = _inner_sign_off(lines, body_first, signature_idx)
    signed = next((t for t in signature if is_issuer_line(t)), None)
    issuer = (table.get("发文机关") or signed or (inner and inner[0])
              or next((t for t in top if all(is_issuer_line(part) for part in t.split())), None)
              or reporting_body(head or lines[:_TOP_LINES]) or meta_value(lines, SOURCE_KEYS, ORGANISATION))
    issuer = " ".join(issuer.split()) if issuer else None  # joint issuers: 江苏省商务厅　　江苏省财政厅
    # The table names the one that published the page; the signature may name it in full or with its co-issuers.
    if issuer and issuer == table.get("发文机关"):
        fuller = [" ".join(t.split()) for t in (signed, inner and inner[0]) if t]
        issuer = next((t for t in fuller if issuer in t.split() or t.endswith(issuer)), issuer)
    # The site's 发布机构 may give the signature's issuer its full name (上海市崇明区竖新镇人民政府 for 竖新镇人民政府).
    published = meta_value(lines, SOURCE_KEYS, ORGANISATION) if issuer else None
    if published and len(published) > len(issuer) and published.endswith(issuer):
        issuer = published
    # …and so may the letterhead (银川市兴庆区凤凰北街街道办事处文件 for 凤凰北街街道办事处).
    banner = next((name for line in lines[:8] if (name := letterhead(MARKUP.sub("", line.stripped)))), None)
    if issuer and banner and len(banner) > len(issuer) and banner.endswith(issuer):
        issuer = banner
    date = (
        iso_date(table.get("成文日期", ""))
        or next((iso_date(t) for t in signature if is_date_line(t)), None)
        or iso_date(meta_value(lines, WRITTEN_KEYS, ANY_DATE) or "")
        or iso_date(table.get("发布日期", ""))  # published, when the page says nothing of when it was written
        or next((iso_date(t) for t in (x.stripped for x in head) if OCCASION.match(t) and DATE_RE.search(t)), None)
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
        title=clean(title) if title else None,
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
