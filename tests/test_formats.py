"""Every accepted upload format gives the text of sample 003 that the .txt gives.

The .docx and .pdf files are generated here with python-docx and reportlab; the HTML page
is a fixture shaped like the kjt.jl.gov.cn article page (navigation, metadata table,
share buttons, footer, scripts).
"""

from __future__ import annotations

import contextlib
import io
import random
import resource
import struct
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import docx
import pypdf
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from reportlab.lib import pdfencrypt
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from rag.chunking import ChunkerSettings, chunk_document
from rag.config import SAMPLE_CORPUS_DIR
from rag.documents.formats import SUPPORTED_SUFFIXES, ExtractedText, UnsupportedDocument, extract_text
from rag.documents.headings import heading_level
from rag.documents.parse import (
    find_addressee,
    find_signature,
    is_table_line,
    normalise_text,
    parse_document,
    split_lines,
)

from .test_documents import EXPECTED as EXPECTED_HEADERS

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # Adobe's CJK font, known to every PDF reader
SAMPLE = SAMPLE_CORPUS_DIR / "003_c810537c447ba574.txt"
CONCEPT = "吉林大学概念验证中心揭牌仪式"
CONCEPT_SECTION = ("二、关于“加快概念验证中心建设，促进科研人员踏出科技成果转化的‘关键一步’”的建议。",)
HEADER = EXPECTED_HEADERS[SAMPLE.name]
FIELDS = {
    "索引号": "11220000013544429K/2024-01515",
    "发文机关": "吉林省科学技术厅",
    "成文日期": "2024年05月29日",
    "标题": "对省政协十三届二次会议第2024W218号委员提案的答复",
    "发文字号": "吉科发成〔2024〕87号",
    "发布日期": "2024年06月04日",
}


@dataclass(frozen=True)
class Letter:
    """Sample 003 taken apart, for writing it out in other formats."""

    table: list[str]
    title: str
    number: str
    addressee: str
    body: list[str]
    signature: list[str]

    @property
    def headings(self) -> list[str]:
        return [line for line in self.body if heading_level(line)]


@cache
def letter() -> Letter:
    lines = split_lines(normalise_text(SAMPLE.read_text("utf-8")))
    addressee = find_addressee(lines)
    signature = find_signature(lines, addressee + 1)
    head = [ln for ln in lines[:addressee] if ln.stripped]
    title, number = [ln.stripped for ln in head if not is_table_line(ln)]
    return Letter(
        table=[ln.text for ln in head if is_table_line(ln)],
        title=title,
        number=number,
        addressee=lines[addressee].stripped,
        body=[ln.stripped for ln in lines[addressee + 1 : signature] if ln.stripped],
        signature=[ln.stripped for ln in lines[signature:] if ln.stripped],
    )


def passages(text: str, file_name: str) -> list[tuple[tuple[str, ...], str]]:
    doc = parse_document(text, file_name)
    return [(c.section, c.text) for c in chunk_document(doc, ChunkerSettings())]


def assert_reads_like_sample(extracted: ExtractedText, file_name: str) -> None:
    doc = parse_document(extracted.text, file_name)
    for key, value in HEADER.items():
        assert getattr(doc.header, key) == value, key
    concept = [c for c in chunk_document(doc, ChunkerSettings()) if CONCEPT in c.text]
    assert concept
    assert {c.section for c in concept} == {CONCEPT_SECTION}
    assert passages(extracted.text, file_name) == passages(SAMPLE.read_text("utf-8"), SAMPLE.name)


# ---- plain text ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
        (lambda t: t.encode("gbk"), "gb18030"),
        (lambda t: t.encode("gb18030"), "gb18030"),
        (lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "utf-16-be"),
        (lambda t: t.replace("\n", "\r\n").encode("gbk"), "gb18030"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16le-bom", "utf16be-bom", "gbk-crlf"],
)
def test_text_in_every_encoding_reads_like_the_sample(encode, encoding):
    extracted = extract_text(encode(SAMPLE.read_text("utf-8")), "003.txt")
    assert (extracted.format, extracted.encoding) == ("txt", encoding)
    assert extracted.text == normalise_text(SAMPLE.read_text("utf-8"))
    assert "\r" not in extracted.text and not extracted.text.startswith("\ufeff")
    assert extracted.fields == FIELDS  # the metadata table rows of the .txt
    assert_reads_like_sample(extracted, "003.txt")


def test_markdown_headings_give_the_same_sections():
    sample = letter()
    body = [f"## {line}" if line in sample.headings else line for line in sample.body]
    markdown = "\n\n".join([f"# {sample.title}", sample.number, sample.addressee, *body, *sample.signature])
    extracted = extract_text(markdown.encode("gb18030"), "003.md")
    assert (extracted.format, extracted.encoding) == ("md", "gb18030")
    doc = parse_document(extracted.text, "003.md")
    assert (doc.header.doc_number, doc.header.title, doc.header.date) == (
        HEADER["doc_number"],
        HEADER["title"],
        HEADER["date"],
    )
    assert {section for section, text in passages(extracted.text, "003.md") if CONCEPT in text} == {CONCEPT_SECTION}
    assert passages(extracted.text, "003.md") == passages(SAMPLE.read_text("utf-8"), SAMPLE.name)


def test_markdown_bold_keys_and_quoted_metadata_lines_are_metadata():
    from rag.documents.formats.markdown import markdown_to_text

    assert markdown_to_text("> **发布机构**：某市卫生健康委员会　｜　发布日期：2025-05-16") == \
        "发布机构：某市卫生健康委员会　｜　发布日期：2025-05-16"
    assert markdown_to_text("| **合计** | **1286.5** |\n## 一、总体情况\n2*3=6") == \
        "| 合计 | 1286.5 |\n## 一、总体情况\n2*3=6"
    page = ("# 某市2024年卫生健康事业发展统计公报\n\n"
            "> 发布机构：某市卫生健康委员会　｜　发布日期：2025-05-16　｜　浏览次数：862\n\n---\n\n"
            "全年，全市卫生健康系统持续推进健康城市建设。\n\n## 一、卫生资源\n\n"
            "年末全市医疗卫生机构实有床位5,268张。\n")
    bold = ("# 某市海洋发展局关于印发《实施方案》的通知\n\n"
            "**发文机关**：某市海洋发展局　｜　**发文字号**：某发〔2025〕14号　｜　"
            "**成文日期**：2025年3月20日\n\n---\n\n各区市海洋发展局：\n\n现将《实施方案》印发给你们。\n")
    bulletin, notice = (parse_document(extract_text(text.encode(), "page.md").text, "page.md").header
                        for text in (page, bold))
    assert (bulletin.title, bulletin.issuer, bulletin.date) == \
        ("某市2024年卫生健康事业发展统计公报", "某市卫生健康委员会", "2025-05-16")
    assert (notice.title, notice.doc_number, notice.date) == \
        ("某市海洋发展局关于印发《实施方案》的通知", "某发〔2025〕14号", "2025-03-20")


def test_markdown_title_after_an_empty_counter_and_before_a_table_of_contents():
    """A page's view counter is filled by script (浏览次数： with no value): the heading under it is the title, not
    the counter's value, and the table of contents' heading (## 目录) is no title."""
    page = ("当前位置：[首页](/) » [政府信息公开](/zfxxgk/) » [部门预算](/bmys/)\n\n"
            "- 发布机构：某市文化和旅游局\n- 发布日期：2025-02-18\n"
            "- 浏览次数：\n\n# 某市文化和旅游局2025年部门预算说明\n\n## 目录\n\n第一部分　部门概况\n"
            "第二部分　部门预算情况说明\n\n## 第一部分　部门概况\n\n本部门核定编制418名，实有在职人员396人。\n")
    header = parse_document(extract_text(page.encode(), "budget.md").text, "budget.md").header
    assert (header.title, header.issuer, header.date) == \
        ("某市文化和旅游局2025年部门预算说明", "某市文化和旅游局", "2025-02-18")
    # A breadcrumb of two levels is the site's too when it says where the page is (当前位置：).
    page = page.replace(" » [政府信息公开](/zfxxgk/)", "")
    assert parse_document(extract_text(page.encode(), "budget.md").text, "budget.md").header.title == \
        "某市文化和旅游局2025年部门预算说明"


NOTICE = (
    "吉林省科学技术厅关于组织申报2024年度重点研发项目的通知\n"
    "各市（州）科技局、各有关单位：\n"
    "　　为加快实施创新驱动发展战略，现将2024年度省重点研发项目申报工作有关事项通知如下。\n"
    "　　一、申报条件\n"
    "　　申报单位应为省内注册的企业、高等学校和科研院所，近三年无不良信用记录；"
    "项目负责人年龄不超过57周岁，每人限报1项。\n"
    "　　二、支持方向\n"
    "　　重点支持新材料、生物医药和超重元素鿔、鿏的合成研究，单个项目支持经费不超过200万元。\n"
    "　　联系人：王镕，电话：0431-88983021。\n"
    "吉林省科学技术厅\n"
    "2024年3月5日"
)


def test_chinese_notice_in_gbk_and_gb18030_bytes():
    """王镕 is in GBK but not GB2312; 鿔 and 鿏 (U+9FD4, U+9FCF) only in GB18030, as four bytes."""
    gb18030 = NOTICE.encode("gb18030")
    assert "通知".encode("gb18030") == b"\xcd\xa8\xd6\xaa" and "镕".encode("gb18030") == b"\xe9\x46"
    assert "鿔".encode("gb18030") == b"\x82\x35\x93\x39"
    extracted = extract_text(gb18030, "notice.txt")
    assert (extracted.text, extracted.encoding) == (NOTICE, "gb18030")

    gbk_text = NOTICE.replace("超重元素鿔、鿏的合成研究", "先进制造")  # GBK has no 鿔 or 鿏
    extracted = extract_text(gbk_text.encode("gbk"), "notice.txt")
    assert (extracted.text, extracted.encoding) == (gbk_text, "gb18030")
    header = parse_document(extracted.text, "notice.txt").header
    assert (header.title, header.addressee, header.issuer, header.date) == (
        "吉林省科学技术厅关于组织申报2024年度重点研发项目的通知",
        "各市（州）科技局、各有关单位",
        "吉林省科学技术厅",
        "2024-03-05",
    )


def test_figure_dense_gb18030_passage_is_not_refused():
    """charset-normalizer's default threshold refused this passage (a real case from the corpus, v31)."""
    passage = (
        SAMPLE_CORPUS_DIR.parent.parent / "eval" / "corpus" / "varied" / "v31_qinghai-ledu-gov-work-report.txt"
    ).read_text("utf-8")
    start = passage.index("380户；建成高原美丽乡村21个")
    text = passage[start : start + 400]
    assert extract_text(text.encode("gb18030"), "report.txt").text == normalise_text(text)


def test_traditional_chinese_in_big5():
    text = (
        "臺北市政府教育局關於辦理一一三學年度數位學習計畫申請之公告\n"
        "各級學校：\n"
        "　　為推動數位學習，請各校於本年九月三十日前，檢具計畫書向本局提出申請，逾期不予受理。\n"
        "臺北市政府教育局"
    )
    extracted = extract_text(text.encode("big5"), "notice.txt")
    assert (extracted.text, extracted.encoding) == (text, "big5")
    assert extract_text(text.encode("utf-8"), "notice.txt").encoding == "utf-8"  # Traditional text in UTF-8


@pytest.mark.parametrize(
    "data",
    [
        "これは日本語の文書です。シフトJISで保存されています。".encode("shift_jis") * 20,
        "Ceci est un texte français, encodé en Latin-1 : déjà été noël.".encode("latin-1"),
        "Документ в кодировке KOI8-R, не поддерживается.".encode("koi8_r"),
        random.Random(3).randbytes(4096),
        bytes(b for b in random.Random(4).randbytes(8192) if b)[:4096],  # binary without NUL bytes
        b"text with\x00NUL bytes",
        b"\xff\xfe\x00\xd8",  # UTF-16 BOM and a lone surrogate
    ],
    ids=["shift-jis", "latin-1", "koi8-r", "random", "random-no-nul", "nul", "bad-utf16"],
)
def test_text_in_an_unknown_encoding_is_refused(data):
    with pytest.raises(UnsupportedDocument, match=r"^notes\.txt: not text in a supported encoding: "):
        extract_text(data, "notes.txt")


# ---- HTML --------------------------------------------------------------------------


def test_government_web_page_reads_like_the_sample():
    extracted = extract_text((FIXTURES / "kjt_jl_gov_cn_003.html").read_bytes(), "003.html")
    assert (extracted.format, extracted.encoding) == ("html", "utf-8")
    assert extracted.fields == FIELDS
    lines = extracted.text.split("\n")
    assert lines[:4] == letter().table  # the metadata table exactly as the .txt corpus has it
    for boilerplate in ("首页", "政务公开", "当前位置", "分享到", "相关文件", "ICP", "统计代码", "发布时间", "打印"):
        assert boilerplate not in extracted.text
    assert_reads_like_sample(extracted, "003.html")


def test_web_page_in_gb2312_is_decoded_by_its_meta_charset():
    page = (FIXTURES / "kjt_jl_gov_cn_003.html").read_text("utf-8").replace("charset=utf-8", "charset=gb2312")
    extracted = extract_text(page.encode("gb18030"), "003.htm")
    assert (extracted.format, extracted.encoding) == ("html", "gb18030")
    assert_reads_like_sample(extracted, "003.htm")


def test_web_page_layouts():
    page = """<html><body>
      <ul class="menu"><li><a href="/">首页</a></li><li><a href="/x">信息公开</a></li></ul>
      <ul class="meta"><li><b>发文机关：</b>吉林省科学技术厅</li>
        <li>成文日期：2024年05月29日 发文字号：吉科发〔2024〕1号</li></ul>
      <article><header><h1>关于开展试点工作的通知</h1></header>
        <div>各市（州）科技局：<br>为推进工作，现通知如下。<br>
        <h2>一、工作目标</h2><table><tr><th>项目</th><th>金额</th></tr><tr><td>甲</td><td>100万元</td></tr></table>
        <h3>（一）总体要求</h3><p>坚持问题导向。</p><ol><li>第一项任务。</li><li>第二项任务。</li></ol></div>
        <footer><p>吉林省科学技术厅</p><p>2024年5月29日</p></footer>
      </article>
      <footer>版权所有</footer>
    </body></html>"""
    extracted = extract_text(page.encode(), "notice.html")
    assert extracted.fields == {
        "发文机关": "吉林省科学技术厅",
        "成文日期": "2024年05月29日",
        "发文字号": "吉科发〔2024〕1号",
    }
    assert extracted.text.split("\n") == [
        "发文机关:\t吉林省科学技术厅\t\t",
        "成文日期:\t2024年05月29日\t发文字号:\t吉科发〔2024〕1号",
        "# 关于开展试点工作的通知",
        "各市（州）科技局：",
        "为推进工作，现通知如下。",
        "## 一、工作目标",
        "项目\t金额",
        "甲\t100万元",
        "### （一）总体要求",
        "坚持问题导向。",
        "第一项任务。",
        "第二项任务。",
        "吉林省科学技术厅",
        "2024年5月29日",
    ]
    doc = parse_document(extracted.text, "notice.html")
    assert (doc.header.doc_number, doc.header.addressee, doc.header.date) == (
        "吉科发〔2024〕1号",
        "各市（州）科技局",
        "2024-05-29",
    )
    sections = {c.section for c in chunk_document(doc, ChunkerSettings())}
    assert ("一、工作目标", "（一）总体要求") in sections


_META_CELLS = [  # (label, value) of an 信息公开 platform's table, in its own words
    ("索引号：", "11220000013544429K/2024-00321"),
    ("发布机构：", "吉林省科学技术厅"),
    ("文号：", "吉科发〔2024〕12号"),
    ("发布日期：", "2024-03-05"),
    ("效力级别：", "规范性文件"),  # a label we do not know: its value must not land under another key
    ("标题：", "吉林省科学技术厅关于组织申报2024年度科技发展计划项目的通知"),
]


def _metadata_page(columns: int, th: bool) -> str:
    pairs = (
        [(label.rstrip("：").replace("文号", "文　　号"), value) for label, value in _META_CELLS] if th else _META_CELLS
    )
    key_tag = "th" if th else "td"
    per_row = columns // 2
    rows = [pairs[i : i + per_row] for i in range(0, len(pairs), per_row)]
    table = "\n".join(
        "<tr>" + "".join(f"<{key_tag}>{label}</{key_tag}><td>{value}</td>" for label, value in row) + "</tr>"
        for row in rows
    )
    # No signature block: the issuer and the date are known from the table only (a 公示 ending in its list).
    return f"""<html><head><meta charset="utf-8"></head><body>
      <div class="header"><a href="/">首页</a> <a href="/xxgk">政府信息公开</a></div>
      <div class="xxgk-info"><table class="meta">{table}</table></div>
      <div class="article"><h1>吉林省科学技术厅关于组织申报2024年度科技发展计划项目的通知</h1>
        <p>各市（州）科技局：</p>
        <p>　　为做好2024年度省科技发展计划项目申报工作，现将有关事项通知如下。</p>
        <p>　　一、申报条件</p><p>　　申报单位应为省内注册的企业、高等学校和科研院所。</p>
        <p>　　二、申报时间</p><p>　　网上申报时间为2024年3月15日至4月15日。</p>
        <table><tr><th>序号</th><th>项目类别</th></tr><tr><td>1</td><td>重点研发</td></tr></table>
      </div><div class="footer">版权所有</div></body></html>"""


@pytest.mark.parametrize("th", [False, True], ids=["td-labels", "th-labels"])
@pytest.mark.parametrize("columns", [2, 4, 6])
def test_metadata_table_of_label_value_pairs_keeps_every_row(columns, th):
    """Issue 12: a four-column table (索引号 | … | 发布机构 | …) kept only its first row, and so no 文号."""
    extracted = extract_text(_metadata_page(columns, th).encode(), "notice.html")
    assert extracted.fields == {
        "索引号": "11220000013544429K/2024-00321",
        "发文机关": "吉林省科学技术厅",
        "发文字号": "吉科发〔2024〕12号",
        "发布日期": "2024-03-05",
        "标题": "吉林省科学技术厅关于组织申报2024年度科技发展计划项目的通知",
    }
    assert "规范性文件" not in extracted.text  # the unknown label's row cell is left out, not misfiled
    header = parse_document(extracted.text, "notice.html").header
    assert (header.doc_number, header.title, header.issuer, header.date, header.addressee) == (
        "吉科发〔2024〕12号",
        "吉林省科学技术厅关于组织申报2024年度科技发展计划项目的通知",
        "吉林省科学技术厅",
        "2024-03-05",
        "各市（州）科技局",
    )


def test_metadata_row_with_an_empty_value():
    """An empty 文号 cell (a 公示 has none): the next key is not read as its value."""
    page = """<html><body><table>
      <tr><td>索引号：</td><td>006939756/2024-00871</td><td>发布机构：</td><td>广东省教育厅</td></tr>
      <tr><td>文号：</td><td></td><td>成文日期：</td><td>2024-08-09</td></tr></table>
      <div class="article"><h1>广东省教育厅关于拟认定名单的公示</h1><p>现将拟认定名单予以公示，公示期为7天。</p></div>
    </body></html>"""
    extracted = extract_text(page.encode(), "gongshi.html")
    assert extracted.fields == {"索引号": "006939756/2024-00871", "发文机关": "广东省教育厅", "成文日期": "2024-08-09"}
    header = parse_document(extracted.text, "gongshi.html").header
    assert (header.doc_number, header.issuer, header.date) == (None, "广东省教育厅", "2024-08-09")


def test_tab_separated_table_with_an_empty_value_in_a_text_file():
    """The .txt layout of gov.cn's table (v18): an empty 发文字号 cell, so no 文号 (it read 发布日期: as one)."""
    text = (
        "索引号:\t11370000004187653X/2024-00208\t分类:\t综合政务\n"
        "发文机关:\t山东省农业农村厅\t成文日期:\t2024年03月25日\n"
        "发文字号:\t\t发布日期:\t2024年03月29日\n"
        "山东省农业农村厅2023年法治政府建设情况报告\n"
        "2023年，我厅深入推进依法行政，法治政府建设取得新成效。\n"
    )
    extracted = extract_text(text.encode("gb18030"), "report.txt")
    assert extracted.fields == {
        "索引号": "11370000004187653X/2024-00208",
        "发文机关": "山东省农业农村厅",
        "成文日期": "2024年03月25日",
        "发布日期": "2024年03月29日",
    }
    header = parse_document(extracted.text, "report.txt").header
    assert (header.doc_number, header.issuer, header.date) == (None, "山东省农业农村厅", "2024-03-25")


def _table_page(rows: str) -> bytes:
    return f"""<html><body><div class="article"><h1>关于调整居民医保住院待遇的通知</h1>
      <p>各县（市、区）医疗保障局：</p><p>现将住院待遇调整如下。</p>
      <table><caption>住院待遇调整对照表（单位：元、%）</caption>{rows}</table>
      <p>本通知自2025年1月1日起执行。</p></div></body></html>""".encode()


def _table_lines(rows: str) -> list[str]:
    lines = extract_text(_table_page(rows), "notice.html").text.split("\n")
    return lines[lines.index("住院待遇调整对照表（单位：元、%）") + 1 : -1]


def test_a_two_row_table_header_in_a_web_page_labels_every_column_with_both():
    """起付标准 over 调整前 and 调整后: the columns are 起付标准调整前 and 起付标准调整后, so that a question for the
    threshold after the change finds 800 under words of both rows; the cells that span both rows head one column."""
    header = """<thead><tr><th rowspan="2">医疗机构级别</th><th colspan="2">起付标准</th><th colspan="2">支付比例</th>
      </tr><tr><th>调整前</th><th>调整后</th><th>调整前</th><th>调整后</th></tr></thead>"""
    body = "<tbody><tr><td>市内三级</td><td>1000</td><td>800</td><td>60</td><td>65</td></tr></tbody>"
    assert _table_lines(header + body) == [
        "医疗机构级别\t起付标准调整前\t起付标准调整后\t支付比例调整前\t支付比例调整后", "市内三级\t1000\t800\t60\t65"]
    # Not such a header: a key and value table whose value spans columns, a title row over a one-row header, and a
    # header of three rows (its middle row spans too) stay as they are.
    for rows in ("""<tr><td>事项名称</td><td colspan="3">医保待遇申领</td></tr>
                    <tr><td>事项类型</td><td>行政给付</td><td>实施主体</td><td>市医疗保障局</td></tr>""",
                 """<tr><td colspan="3">表1 住院待遇</td></tr><tr><td>级别</td><td>调整前</td><td>调整后</td></tr>""",
                 """<tr><td colspan="2">2023年</td><td colspan="2">2024年</td></tr>
                    <tr><td>产值</td><td>120</td><td>产值</td><td>150</td></tr>""",
                 """<tr><td rowspan="3">级别</td><td colspan="3">起付标准</td></tr>
                    <tr><td colspan="2">调整后</td><td rowspan="2">调整前</td></tr>
                    <tr><td>城镇</td><td>农村</td></tr>"""):
        plain = _table_lines(rows.replace("colspan", "data-c").replace("rowspan", "data-r"))
        assert _table_lines(rows) == plain and len(plain) in (2, 3)
    # Spans a page gets wrong (①, a billion columns) are read as one column or capped, never a failed upload.
    odd = header.replace('colspan="2">起付标准', 'colspan="①">起付标准').replace('colspan="2">支付比例',
                                                                          'colspan="1000000000">支付比例')
    assert _table_lines(odd + body)[-1] == "市内三级\t1000\t800\t60\t65"


def test_a_two_row_table_header_in_a_word_file_labels_every_column_with_both():
    document = docx.Document()
    document.add_paragraph("关于调整居民医保住院待遇的通知")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "医疗机构级别"  # vertical: vMerge restart, then continue
    table.cell(0, 1).merge(table.cell(0, 2)).text = "起付标准"  # across: gridSpan 2
    table.cell(1, 1).text, table.cell(1, 2).text = "调整前", "调整后"
    for cell, text in zip(table.rows[2].cells, ["市内三级", "1000", "800"], strict=True):
        cell.text = text
    document.add_paragraph("本通知自2025年1月1日起执行。")
    out = io.BytesIO()
    document.save(out)
    lines = extract_text(out.getvalue(), "notice.docx").text.split("\n")
    assert lines[1:3] == ["医疗机构级别\t起付标准调整前\t起付标准调整后", "市内三级\t1000\t800"]


def test_table_layout_page_in_gbk_with_key_value_cells():
    """The older site layout: layout tables, key and value in one cell, the title in a div, an info bar."""
    page = """<html><head><meta charset="gb2312"></head><body>
      <table width="100%"><tr><td class="daohang"><a href="/">首页</a> <a href="/a">新闻</a></td></tr></table>
      <table width="980"><tr>
        <td width="200"><div>栏目导航</div><a href="#">通知公告</a><br><a href="#">政策法规</a></td>
        <td valign="top">
          <table class="xxgk"><tr><td>索引号：000014349/2024-00012</td><td>主题分类：科技</td></tr>
            <tr><td>发文机关：吉林省科学技术厅</td><td>成文日期：2024年03月01日</td></tr></table>
          <div class="title">关于组织申报2024年度项目的通知</div>
          <div class="wh">吉科发〔2024〕12号</div>
          <div class="info">发布时间：2024-03-02 来源：本站 浏览次数：123</div>
          <div id="zoom">各有关单位：<br>　　为做好项目申报工作，现将有关事项通知如下。<br>
            　　一、申报条件<br>　　申报单位应为省内注册的
            法人单位。<br>　　吉林省科学技术厅<br>　　2024年3月1日<br>主题词：科技 项目 通知</div>
        </td></tr></table>
      <div class="foot">版权所有 吉林省科学技术厅</div></body></html>"""
    extracted = extract_text(page.encode("gbk"), "old.htm")
    assert extracted.encoding == "gb18030"
    assert extracted.fields == {
        "索引号": "000014349/2024-00012",
        "发文机关": "吉林省科学技术厅",
        "成文日期": "2024年03月01日",
    }
    assert extracted.text.split("\n") == [
        "索引号:\t000014349/2024-00012\t主题分类:\t科技",
        "发文机关:\t吉林省科学技术厅\t成文日期:\t2024年03月01日",
        "关于组织申报2024年度项目的通知",
        "吉科发〔2024〕12号",
        "各有关单位：",
        "为做好项目申报工作，现将有关事项通知如下。",
        "一、申报条件",
        "申报单位应为省内注册的法人单位。",  # the source's line break inside the sentence is gone
        "吉林省科学技术厅",
        "2024年3月1日",
        "主题词：科技 项目 通知",  # part of the letter, not of the metadata table
    ]
    header = parse_document(extracted.text, "old.htm").header
    assert (header.title, header.doc_number, header.addressee) == (
        "关于组织申报2024年度项目的通知",
        "吉科发〔2024〕12号",
        "各有关单位",
    )


# ---- Word ----------------------------------------------------------------------------

_NUMBERING = """<w:abstractNum {ns} w:abstractNumId="{abstract}">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/>
    <w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/>
    <w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/>
    <w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>"""


def add_chinese_numbering(document: docx.document.Document) -> str:
    """A list definition like the one WPS and Word use for 公文 headings; returns its numId."""
    numbering = document.part.numbering_part.element
    abstract = str(100 + len(numbering.xpath("./w:abstractNum")))
    num_id = str(100 + len(numbering.xpath("./w:num")))
    first_num = numbering.xpath("./w:num")[0]
    first_num.addprevious(parse_xml(_NUMBERING.format(ns=nsdecls("w"), abstract=abstract)))
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/></w:num>')
    )
    return num_id


def number(paragraph, num_id: str, level: int = 0) -> None:
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def sample_docx() -> bytes:
    sample = letter()
    document = docx.Document()
    num_id = add_chinese_numbering(document)
    document.add_paragraph(sample.title, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(sample.number).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(sample.addressee)
    for line in sample.body:
        if line in sample.headings:  # Word numbers the heading: its text has no 一、
            heading = document.add_paragraph(line.split("、", 1)[1], style="Heading 2")
            number(heading, num_id)
        else:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = docx.shared.Pt(32)
            first, second = line[:10], line[10:]  # two runs, as Word splits text at formatting changes
            paragraph.add_run(first).bold = line.startswith("下步工作")
            paragraph.add_run(second)
    for line in sample.signature:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_document_reads_like_the_sample():
    data = sample_docx()
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert not any(t.startswith(("一、", "二、", "三、")) for t in texts)  # Word's numbers are not in the text
    extracted = extract_text(data, "003.docx")
    assert (extracted.format, extracted.encoding, extracted.fields) == ("docx", None, {})
    lines = extracted.text.split("\n")
    assert lines[0] == f"# {letter().title}"
    assert [ln for ln in lines if ln.startswith("## ")] == [f"## {h}" for h in letter().headings]
    assert_reads_like_sample(extracted, "003.docx")


def test_word_numbering_levels_styles_and_tables():
    document = docx.Document()
    num_id = add_chinese_numbering(document)
    numbered = document.styles.add_style("公文一级标题", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    numbered.base_style = document.styles["Heading 2"]
    numbered.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>')
    )
    table = document.add_table(rows=4, cols=4)
    for row, cells in zip(table.rows, [["发文机关:", "吉林省科学技术厅", "成文日期:", "2024年05月29日"],
                                      ["标题:", "关于开展试点工作的通知", "", ""],
                                      ["发文字号:", "吉科发〔2024〕1号", "发布日期:", "2024年06月04日"],
                                      ["索引号:", "11220000013544429K/2024-01515", "", ""]], strict=True):  # fmt: skip
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("各市（州）科技局：")
    document.add_paragraph("工作目标", style=numbered)  # numbered through its style
    for text, level in [("总体要求", 1), ("坚持问题导向。", 2), ("坚持系统观念。", 2), ("具体任务", 1)]:
        number(document.add_paragraph(text), num_id, level)
    document.add_paragraph("保障措施", style=numbered)
    number(document.add_paragraph("组织领导"), num_id, 1)  # （一） again: a new level-0 item restarts it
    grid = document.add_table(rows=2, cols=3)
    grid.cell(0, 0).text, grid.cell(0, 1).text, grid.cell(0, 2).text = "项目", "金额", "备注"
    grid.cell(1, 0).text, grid.cell(1, 1).text = "甲", "100万元"
    merged = grid.cell(1, 1).merge(grid.cell(1, 2))
    merged.add_paragraph("（含配套）")
    document.add_paragraph("吉林省科学技术厅").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)

    extracted = extract_text(out.getvalue(), "notice.docx")
    assert extracted.text.split("\n") == [
        "发文机关:\t吉林省科学技术厅\t成文日期:\t2024年05月29日",
        "标题:\t关于开展试点工作的通知\t\t",
        "发文字号:\t吉科发〔2024〕1号\t发布日期:\t2024年06月04日",
        "索引号:\t11220000013544429K/2024-01515\t\t",
        "各市（州）科技局：",
        "## 一、工作目标",
        "（一）总体要求",
        "1. 坚持问题导向。",
        "2. 坚持系统观念。",
        "（二）具体任务",
        "## 二、保障措施",
        "（一）组织领导",
        "项目\t金额\t备注",
        "甲\t100万元 （含配套）",
        "吉林省科学技术厅",
    ]
    assert extracted.fields["标题"] == "关于开展试点工作的通知"
    doc = parse_document(extracted.text, "notice.docx")
    sections = [c.section for c in chunk_document(doc, ChunkerSettings())]
    assert ("一、工作目标", "（一）总体要求", "1. 坚持问题导向。") not in sections  # a heading, no passage
    assert ("二、保障措施", "（一）组织领导") in sections


def test_heading_styles_linked_to_a_multilevel_list():
    """Word's 'link level to style': the heading styles carry the list, the list says which level."""
    document = docx.Document()
    num_id = add_chinese_numbering(document)
    numbering = document.part.numbering_part.element
    abstract = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')[0]
    for level, style in enumerate(("Heading1", "Heading2")):
        lvl = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl[@w:ilvl="{level}"]')[0]
        lvl.insert(2, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="{style}"/>'))
        document.styles[f"Heading {level + 1}"].element.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>')
        )
    for text, style in [("工作目标", 1), ("总体要求", 2), ("具体任务", 2), ("保障措施", 1)]:
        document.add_heading(text, level=style)
    out = io.BytesIO()
    document.save(out)
    assert extract_text(out.getvalue(), "linked.docx").text.split("\n") == [
        "# 一、工作目标",
        "## （一）总体要求",
        "## （二）具体任务",
        "# 二、保障措施",
    ]


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _with_member(docx_bytes: bytes, name: str, write) -> bytes:
    """A copy of a .docx whose member ``name`` is streamed by ``write(handle)`` (never whole in memory)."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename == name:
                with archive.open(name, "w", force_zip64=True) as handle:
                    write(handle)
            else:
                archive.writestr(info, source.read(info))
    return out.getvalue()


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """Make the local and central headers of ``name`` claim ``size`` uncompressed bytes."""
    patched, encoded = bytearray(data), name.encode()
    for signature, name_at, size_at in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):
        at = patched.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", patched, at + name_at - 4 if signature == b"PK\x03\x04" else at + 28)[0]
            if bytes(patched[at + name_at : at + name_at + length]) == encoded:
                struct.pack_into("<I", patched, at + size_at, size)
            at = patched.find(signature, at + 4)
    return bytes(patched)


def test_docx_member_lying_about_its_size_is_refused_without_inflating_it():
    """Declares 100 KB, inflates to 300 MB: refused from the bytes really produced, memory stays flat."""

    def zeros(handle) -> None:
        chunk = b"\0" * 2**20
        for _ in range(300):
            handle.write(chunk)

    lying = _declare_size(_with_member(sample_docx(), "word/document.xml", zeros), "word/document.xml", 100 * 1024)
    assert len(lying) < 2 * 2**20
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(UnsupportedDocument, match=r"inflates to more than it declares .*zip bomb"):
        extract_text(lying, "lying.docx")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # KiB: under 100 MB more


def test_docx_of_countless_empty_paragraphs_is_refused():
    original = zipfile.ZipFile(io.BytesIO(sample_docx())).read("word/document.xml")
    head, _, tail = original.partition(b"<w:body>")

    def paragraphs(handle) -> None:
        handle.write(head + b"<w:body>")
        for _ in range(120):
            handle.write(b"<w:p/>" * 1000)
        handle.write(tail)

    bomb = _with_member(sample_docx(), "word/document.xml", paragraphs)
    with pytest.raises(UnsupportedDocument, match=r"more than 100000 paragraphs"):
        extract_text(bomb, "paragraphs.docx")


def test_zip_bomb_disguised_as_docx_is_refused():
    huge = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (51 * 2**20)})
    assert len(huge) < 100_000
    with pytest.raises(UnsupportedDocument, match=r"^bomb\.docx: refused: it would inflate to 51 MB"):
        extract_text(huge, "bomb.docx")
    dense = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (5 * 2**20)})
    with pytest.raises(UnsupportedDocument, match=r"compressed more than 100:1 \(zip bomb\?\)"):
        extract_text(dense, "bomb.docx")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04 this is not really a zip", "not a zip archive"),
        (b"%PDF-1.4 renamed to .docx", "not a zip archive"),
        (zip_bytes({"xl/workbook.xml": b"<workbook/>"}), "no word/document.xml"),
        (zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"}), "not a readable"),
    ],
    ids=["truncated-zip", "pdf", "xlsx", "broken-xml"],
)
def test_file_that_is_not_a_word_document_is_refused(data, reason):
    with pytest.raises(UnsupportedDocument, match=rf"^letter\.docx: .*{reason}"):
        extract_text(data, "letter.docx")


# ---- PDF -----------------------------------------------------------------------------


@cache
def sample_pdf() -> bytes:
    """Sample 003 laid out like a printed 公文: centred title, indented paragraphs, page numbers."""
    sample = letter()
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=16, leading=28, firstLineIndent=32, wordWrap="CJK")
    flush = ParagraphStyle("flush", parent=body, firstLineIndent=0)
    title = ParagraphStyle("title", parent=body, fontSize=22, leading=36, alignment=TA_CENTER, firstLineIndent=0)
    centred = ParagraphStyle("centred", parent=flush, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=flush, alignment=TA_RIGHT)
    story = [Paragraph(sample.title, title), Paragraph(sample.number, centred), Paragraph(sample.addressee, flush)]
    story += [Paragraph(line, body) for line in sample.body]
    story += [Paragraph(line, right) for line in sample.signature]

    def page_number(pdf: canvas.Canvas, _doc) -> None:
        pdf.setFont("STSong-Light", 14)
        pdf.drawCentredString(A4[0] / 2, 40, f"- {pdf.getPageNumber()} -")

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story, onFirstPage=page_number, onLaterPages=page_number)
    return out.getvalue()


def test_pdf_reads_like_the_sample():
    extracted = extract_text(sample_pdf(), "003.pdf")
    assert (extracted.format, extracted.encoding, extracted.fields) == ("pdf", None, {})
    lines = extracted.text.split("\n")
    number = lines.index(letter().number)
    assert "".join(lines[:number]) == letter().title  # two centred lines, joined by the header parser
    assert lines[number + 1 :] == [letter().addressee, *letter().body, *letter().signature]  # paragraphs rebuilt
    assert_reads_like_sample(extracted, "003.pdf")


def test_pdf_drawn_line_by_line():
    """Another producer's layout: each line placed on its own, table cells, runs, full-width indents."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(80, 800, "发文机关:")
    pdf.drawString(160, 800, "吉林省科学技术厅")
    pdf.drawString(300, 800, "成文日期:")
    pdf.drawString(380, 800, "2024年03月01日")
    pdf.setFont("STSong-Light", 22)
    pdf.drawCentredString(A4[0] / 2, 750, "关于组织申报2024年度项目的通知")
    pdf.setFont("STSong-Light", 16)
    pdf.drawCentredString(A4[0] / 2, 710, "吉科发〔2024〕12号")
    pdf.drawString(80, 670, "各有关单位：")
    text = pdf.beginText(80, 642)
    text.setFont("STSong-Light", 16)
    text.setLeading(28)
    text.textLines(
        "　　为做好项目申报工作，现将有关事项通知如下。申报单位应为\n"
        "省内注册的法人单位，具有独立法人资格和良好信用记录，近\n"
        "三年无不良记录。\n"
        "　　一、申报条件",
        trim=0,
    )
    pdf.drawText(text)
    pdf.drawString(112, 530, "二、")  # the number and the heading in two runs
    pdf.drawString(144, 530, "申报时间")
    pdf.drawString(112, 502, "2024年3月31日前。")
    pdf.drawRightString(A4[0] - 80, 450, "吉林省科学技术厅")
    pdf.drawRightString(A4[0] - 80, 422, "2024年3月1日")
    pdf.setFont("Helvetica", 10)
    pdf.drawCentredString(A4[0] / 2, 40, "- 1 -")
    pdf.save()

    extracted = extract_text(out.getvalue(), "notice.pdf")
    assert extracted.text.split("\n") == [
        "发文机关:\t吉林省科学技术厅\t成文日期:\t2024年03月01日",
        "关于组织申报2024年度项目的通知",
        "吉科发〔2024〕12号",
        "各有关单位：",
        "为做好项目申报工作，现将有关事项通知如下。申报单位应为省内注册的法人单位，具有独立法人资格和良好信用记录，近三年无不良记录。",
        "一、申报条件",
        "二、申报时间",
        "2024年3月31日前。",
        "吉林省科学技术厅",
        "2024年3月1日",
    ]
    assert extracted.fields == {"发文机关": "吉林省科学技术厅", "成文日期": "2024年03月01日"}


def test_pdf_title_as_wide_as_the_text_is_not_merged_with_the_addressee():
    """Issue 12: a centred 22 pt title filling the line, the 16 pt addressee under it: one line came out."""
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=16, leading=28, firstLineIndent=32, wordWrap="CJK")
    flush = ParagraphStyle("flush", parent=body, firstLineIndent=0)
    title = ParagraphStyle("title", parent=body, fontSize=22, leading=36, alignment=TA_CENTER, firstLineIndent=0)
    right = ParagraphStyle("right", parent=flush, alignment=TA_RIGHT)
    heading = "关于开展2024年度科技计划项目专项检查通知"
    frame = A4[0] - 2 * 72  # SimpleDocTemplate's default margins
    assert frame - 22 < pdfmetrics.stringWidth(heading, "STSong-Light", 22) <= frame  # one line, about full width
    story = [
        Paragraph(heading, title),
        Paragraph("各市（州）科技局、各有关单位：", flush),
        Paragraph(
            "为加强省级科技计划项目管理，提高财政科研资金使用效益，根据有关规定，省科技厅决定对2024年度"
            "在研项目开展专项检查。现将有关事项通知如下。",
            body,
        ),
        Paragraph("一、检查范围", body),
        Paragraph("2022年至2024年立项、目前仍在执行期内的省级科技计划项目，重点检查资金使用和任务进展情况。", body),
        Paragraph("吉林省科学技术厅", right),
        Paragraph("2024年3月5日", right),
    ]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)

    lines = extract_text(out.getvalue(), "notice.pdf").text.split("\n")
    assert lines[:2] == [heading, "各市（州）科技局、各有关单位："]
    header = parse_document("\n".join(lines), "notice.pdf").header
    assert (header.title, header.addressee, header.issuer, header.date) == (
        heading,
        "各市（州）科技局、各有关单位",
        "吉林省科学技术厅",
        "2024-03-05",
    )


@pytest.mark.parametrize(("user_password", "readable"), [("", True), ("secret", False)])
def test_encrypted_pdf(user_password, readable):
    out = io.BytesIO()
    encryption = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner", canPrint=0)
    pdf = canvas.Canvas(out, pagesize=A4, encrypt=encryption)
    pdf.setFont("STSong-Light", 16)
    pdf.drawString(80, 700, "各有关单位：现将有关事项通知如下，请认真贯彻落实。")
    pdf.save()
    if readable:  # only the owner's permissions are protected: anyone may read it
        assert extract_text(out.getvalue(), "locked.pdf").text == "各有关单位：现将有关事项通知如下，请认真贯彻落实。"
    else:
        with pytest.raises(UnsupportedDocument, match=r"^locked\.pdf: the PDF is password-protected$"):
            extract_text(out.getvalue(), "locked.pdf")


def test_aes_encrypted_pdf_that_anyone_may_open():
    """Sites often publish PDFs with AES and an owner password only (no copying): they are readable."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(sample_pdf()))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    assert_reads_like_sample(extract_text(out.getvalue(), "003.pdf"), "003.pdf")


def scanned_pdf() -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for _ in range(2):
        pdf.setFillGray(0.8)
        pdf.rect(72, 72, 450, 700, fill=1)  # where a scanner's image would be
        pdf.setFont("Helvetica", 10)
        pdf.drawString(290, 40, "1")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_scanned_pdf_without_text_layer_is_refused():
    with pytest.raises(UnsupportedDocument, match=r"^scan\.pdf: the PDF has no text layer \(scanned\?\)"):
        extract_text(scanned_pdf(), "scan.pdf")


def test_malformed_pdfs_are_refused_or_read_but_never_crash():
    good = sample_pdf()
    with pytest.raises(UnsupportedDocument, match=r"^bad\.pdf: not a readable PDF"):
        extract_text(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage\n%%EOF\n", "bad.pdf")
    with pytest.raises(UnsupportedDocument, match=r"^bad\.pdf: not a readable PDF"):
        extract_text(random.Random(5).randbytes(2000), "bad.pdf")
    rng = random.Random(6)
    for cut in (len(good) // 3, len(good) // 2, len(good) - 40):
        damaged = bytearray(good[:cut])
        for _ in range(20):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        with contextlib.suppress(UnsupportedDocument):  # pypdf may recover what is left
            extract_text(bytes(damaged), "bad.pdf")


# ---- any format ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_empty_file_is_refused(suffix):
    with pytest.raises(UnsupportedDocument, match=rf"^empty\{suffix}: the file is empty$"):
        extract_text(b"", f"empty{suffix}")


@pytest.mark.parametrize("name", ["letter.doc", "letter.rtf", "letter", "scan.jpg"])
def test_unsupported_suffix_is_refused_naming_the_supported_types(name):
    with pytest.raises(UnsupportedDocument, match=rf"^{name}: unsupported file type .*\.docx, \.pdf$"):
        extract_text(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), name)


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_binary_garbage_is_refused(suffix):
    with pytest.raises(UnsupportedDocument, match=rf"^garbage\{suffix}: "):
        extract_text(random.Random(7).randbytes(3000), f"garbage{suffix}")


def test_max_bytes_limit():
    data = SAMPLE.read_bytes()
    assert extract_text(data, "003.txt", max_bytes=len(data)).format == "txt"
    with pytest.raises(
        UnsupportedDocument, match=rf"^003\.txt: the file has {len(data)} bytes, over the limit of 1000"
    ):
        extract_text(data, "003.txt", max_bytes=1000)


def test_whitespace_only_page_is_refused():
    with pytest.raises(UnsupportedDocument, match=r"contains no text"):
        extract_text(b"<html><body><script>render()</script>\n</body></html>", "app.html")


def test_a_file_number_cell_of_a_metadata_table_is_the_documents_number():
    page = _metadata_page(4, th=False).replace("文号：", "文件编号：")
    assert "文件编号：" in page
    extracted = extract_text(page.encode(), "notice.html")
    assert extracted.fields["发文字号"] == "吉科发〔2024〕12号"
    assert parse_document(extracted.text, "notice.html").header.doc_number == "吉科发〔2024〕12号"


def test_markdown_metadata_written_as_a_list_is_metadata():
    from rag.documents.formats.markdown import markdown_to_text

    assert markdown_to_text("- 文号：某环财〔2025〕11号\n- 第一项工作\n* **成文日期**：2025年8月20日") == \
        "文号：某环财〔2025〕11号\n- 第一项工作\n成文日期：2025年8月20日"
    page = ("# 某市生态环境局2024年度部门决算\n\n- 发布机构：某市生态环境局\n- 文号：某环财〔2025〕11号\n"
            "- 成文日期：2025年8月20日\n\n现将本部门2024年度部门决算公开如下。\n\n## 第一部分　部门概况\n")
    header = parse_document(extract_text(page.encode(), "page.md").text, "page.md").header
    assert (header.title, header.doc_number, header.issuer, header.date) == \
        ("某市生态环境局2024年度部门决算", "某环财〔2025〕11号", "某市生态环境局", "2025-08-20")


def test_a_metadata_block_written_as_a_definition_list_gives_the_header():
    page = """<html><body><div class="nav">首页 &gt; 建议提案办理</div>
    <div class="detail"><dl class="meta"><dt>索 引 号：</dt><dd>008503716/2025-00238</dd>
    <dt>信息分类：</dt><dd>建议提案办理 / 人大代表建议</dd><dt>发布机构：</dt><dd>某省工业和信息化厅</dd>
    <dt>文号：</dt><dd>某工信函〔2025〕86号</dd></dl>
    <h1>某省工业和信息化厅关于省十四届人大三次会议第1046号建议答复的函</h1>
    <div class="article"><p>罗某某代表：</p>
    <p>您提出的《关于加大中小企业培育力度的建议》收悉。经商省财政厅，现答复如下：</p>
    <p>一、去年省级中小企业发展专项资金安排6.48亿元，其中专精特新企业奖励2.16亿元。今年继续加大支持力度。</p>
    <p>某省工业和信息化厅</p><p>2025年6月20日</p></div></div></body></html>"""
    extracted = extract_text(page.encode(), "reply.html")
    header = parse_document(extracted.text, "reply.html").header
    assert header.doc_number == "某工信函〔2025〕86号"
    assert header.title == "某省工业和信息化厅关于省十四届人大三次会议第1046号建议答复的函"


def test_a_markdown_page_with_links_a_breadcrumb_and_a_metadata_table_gives_a_clean_header():
    from rag.documents.formats.markdown import markdown_to_text

    assert markdown_to_text("附件：[某表.xls](/u/1.xls)") == "附件：某表.xls"
    page = ("[首页](/) / [信息公开](/xxgk/) / [通知公告](/xxgk/tzgg/)\n\n"
            "# 某市农牧局　某市财政局关于下达2025年某专项资金的通知\n\n"
            "| 项目 | 内容 |\n|---|---|\n| 索 引 号 | 1115/2025-00386 | 发布机构 | 某市农牧局 |\n"
            "| 文　　号 | 某农牧发〔2025〕62号 | 成文日期 | 2025年05月12日 |\n\n"
            "各县农牧局、财政局：\n\n现将有关资金下达给你们。\n\n某市农牧局　　某市财政局\n\n2025年5月12日\n")
    header = parse_document(extract_text(page.encode(), "page.md").text, "page.md").header
    # The title is the heading alone (no breadcrumb, no table row); the table's publisher is one of the
    # signature's joint issuers, which are the document's.
    assert (header.title, header.doc_number, header.issuer) == \
        ("某市农牧局某市财政局关于下达2025年某专项资金的通知", "某农牧发〔2025〕62号", "某市农牧局 某市财政局")


def test_a_web_page_titled_in_a_bt_element_with_a_validity_cell_in_its_metadata_table():
    page = """<html><body><table class="xxgk">
    <tr><td class="lab">索引号</td><td>0141/2025-00419</td><td class="lab">分类</td><td>交通运输</td></tr>
    <tr><td class="lab">文号</td><td>某交建复〔2025〕19号</td><td class="lab">时效</td><td>有效</td></tr></table>
    <div class="bt">某市交通运输局关于某建议的答复</div>
    <div class="content"><p>张某代表：</p><p>您提出的建议收悉。现答复如下：全市航道总里程1,586公里。</p>
    <p>某市交通运输局</p><p>2025年6月26日</p></div></body></html>"""
    header = parse_document(extract_text(page.encode(), "reply.html").text, "reply.html").header
    assert (header.title, header.doc_number) == ("某市交通运输局关于某建议的答复", "某交建复〔2025〕19号")


def test_an_info_bar_in_a_subtitle_element_is_not_the_pages_title():
    """<div class="subtitle">发布时间：… 来源：…</div> under the <h1>: the class says title, the text is an info
    bar."""
    page = """<html><body><ul class="xxgk-meta"><li>索引号：1164/2025-00094</li><li>文号：某教采公〔2025〕21号</li>
    <li>成文日期：2025-07-17</li></ul><h1>某市学校供暖设施改造采购项目中标结果公告</h1>
    <div class="subtitle">发布时间：2025-07-18 10:26　　来源：某市教育局　　阅读次数：876</div>
    <div class="TRS_Editor"><p><b>一、项目编号：</b>MS-2025-GK-021</p>
    <p><b>二、项目名称：</b>某市学校供暖设施改造采购项目</p>
    <p><b>三、中标信息</b></p><p>本项目采用公开招标方式，于2025年7月15日9时30分开标，项目预算金额1,620.00万元，中标金额合计
    1,226.74万元，节约资金93.26万元。</p><p>包1、包2共2个包确定了中标供应商，包3作废标处理。</p></div></body></html>"""
    text = extract_text(page.encode(), "result.html").text
    assert parse_document(text, "result.html").header.title == "某市学校供暖设施改造采购项目中标结果公告"
    assert "阅读次数" not in text


def test_a_web_pages_report_subtitle_above_its_article_names_the_speaker():
    """The occasion and the speaker of a work report stand between the title and the article's element, in a
    subtitle element of their own; the tool bar beside them is dropped."""
    page = """<html><body><div class="detail"><h1 class="info-title">2025年某镇人民政府工作报告</h1>
    <div class="info-sub">——2025年1月7日在某镇第十八届人民代表大会第五次会议上<br>镇长　林某某</div>
    <div class="info-tools"><span>字号：大 中 小</span><span>打印</span><span>关闭</span></div>
    <div class="info-content"><p>各位代表：</p><p>现在，我代表镇人民政府向大会报告工作，请予审议。</p>
    <p>一、过去一年工作回顾</p><p>全镇实现地区生产总值38.6亿元，增长6.2%；一般公共预算收入2.14亿元，增长4.8%；
    城乡居民人均可支配收入分别达到5.21万元和3.06万元，分别增长4.9%和6.7%。</p>
    <p>全年接待游客412.6万人次，实现旅游综合收入36.8亿元；新增市场主体1,286户，其中企业314家。</p></div>
    </div></body></html>"""
    text = extract_text(page.encode(), "report.html").text
    assert "会议上\n镇长　林某某\n各位代表" in text and "打印" not in text
    assert parse_document(text, "report.html").header.signer == "林某某"


def test_a_metadata_row_of_spans_run_together_and_a_none_number_are_read_apart():
    """<span>发布机构：</span><span>某某局</span><span>生成日期：</span>…: the page runs a row's cells together; a 文号
    cell that says 无 gives no 文号."""
    page = """<html><body><div class="meta">
      <div class="row"><span>索引号：</span><span>000014349/2025-11826</span>
        <span>信息分类：</span><span>政府采购</span></div>
      <div class="row"><span>发布机构：</span><span>某新区社会事务管理局</span><span>生成日期：</span>
        <span>2025-07-22</span></div>
      <div class="row"><span>文　　号：</span><span>无</span><span>有效性：</span><span>有效</span></div></div>
      <h1>某新区2025年智慧教室设备采购项目中标结果公告</h1><p>一、项目编号：GA-2025-0317</p></body></html>"""
    header = parse_document(extract_text(page.encode(), "result.html").text, "result.html").header
    assert (header.doc_number, header.issuer) == (None, "某新区社会事务管理局")


def test_a_markdown_info_line_of_single_spaced_pairs_names_the_issuer_in_full():
    """发布单位： 某市某区某镇人民政府　发布日期： …: the info line names the town's government in full, the sign-off
    in short."""
    page = ("# 某镇2024年工作总结\n\n"
            "**发布单位：** 某某市某区某镇人民政府　**发布日期：** 2024-12-23　**浏览次数：** 418\n\n"
            "今年，全镇实现地区生产总值4.38亿元。\n\n某镇人民政府\n2024年12月20日\n")
    header = parse_document(extract_text(page.encode(), "summary.md").text, "summary.md").header
    assert header.issuer == "某某市某区某镇人民政府"
