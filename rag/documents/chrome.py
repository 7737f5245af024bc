"""Lines that are not content: site metadata, sign-off (signer, contact), attachments and page chrome.

Pages copied from government sites carry metadata blocks in many spellings (索引号 / 组配分类 /
发布机构 / 生成日期, 来源 / 时间 / 体裁分类 / 浏览次数, key and value on one line or on two), and
letters close with sign-off lines (领导签发, 联系人及电话, 抄送) and attachment lines (附件：….pdf).
None of them answers a question about the content, yet indexed as passages they were returned as
answers, even to off-topic questions. Chunking skips them; the header keeps the signer and the
contact, which questions do ask about.
"""

from __future__ import annotations

import re

# Keys of the metadata blocks of government sites (two or more may share a line).
META_KEYS = (
    "信息索引号", "索引号", "组配分类", "发布机构", "发文机关", "发布单位", "生成日期", "成文日期", "发布日期",
    "发布时间", "发文日期", "发文字号", "文号", "文件编号", "发文编号", "公开方式", "公开范围", "公开时限",
    "信息来源", "来源", "时间",
    "体裁分类", "主题分类", "信息分类", "分类", "效力状态", "实施日期", "废止日期",
    "主题词", "标题", "浏览次数", "阅读次数", "访问量", "点击数", "有效性", "答复类别", "信息类别", "文种",
    "公开属性", "公开类别", "公开形式", "办理结果", "办理类别", "信息名称", "文件名称", "文章标题",
    # A policy interpretation's page names who interpreted it (解读机构, 解读人); its 关联文件 line, the title and
    # 文号 of the document interpreted, is content: a question may ask for that number.
    "解读机构", "解读单位", "解读人", "责任编辑", "撰稿人",
    "信息索引", "是否有效", "公开类型", "答复类型", "发文机构",
)
_KEYS = "|".join(sorted(META_KEYS, key=len, reverse=True))
_META_LINE = re.compile(rf"^(?:{_KEYS})\s*(?:[:：]|\t|\s{{2,}}|\s+(?=\S{{1,40}}$))")
_META_KEY_ONLY = re.compile(rf"^(?:{_KEYS})\s*[:：]?$")
_META_COLON = re.compile(rf"^(?:{_KEYS})[:：]")
_META_ANY = re.compile(rf"(?:{_KEYS})\s*[:：]")
# 【索 引 号】011349621/2025-01238　　【主题分类】财政: keys in lenticular brackets (spaces removed).
_META_BRACKETED = re.compile(rf"^[【\[](?:{_KEYS})[】\]]")  # also [索引号] 1151…  [发布机构] 某某局
# 信息索引号　0024…　　公开方式　主动公开: keys followed by a space instead of a colon, two on a line.
_META_SPACED = re.compile(rf"(?:^|[ \u3000\t]{{2,}})(?:{_KEYS})[ \u3000\t]*(?=\S)")
# A breadcrumb of any site (某某厅 > 政务公开 > 建议提案办理结果公开).
# A page saved as Markdown writes it with slashes between its links (首页 / 信息公开 / 通知公告).
_BREADCRUMB = re.compile(r"^[^>＞»›/]{2,30}(?:\s*[>＞»›/]\s*[^>＞»›/]{2,30}){2,}$")
_INFO_BAR = re.compile(r"【?字体\s*[:：]|^首页\s*[>＞»›/]|打印本页|【打印】|【关闭】|"
                       r"^(?:您?当前的?位置|您的位置|所在位置)\s*[:：]")  # 当前位置：首页 » 通知公告: two levels
_SIGN_OFF = re.compile(r"^[（(]?\s*(?:领导签发|签发人|签发|联系人|联系电话|联系单位|联系方式|联系地址|联系处室|"
                       r"电话|传真|邮编|电子邮箱|邮箱|抄送|抄报|(?:报送|报|分送)(?=\s*[:：])|"
                       r"附件(?:\s*[\d一二三四五六七八九十]+)?\s*(?:[:：.．、]|$))")
# The disclosure note under the signature ((此件主动公开), (此件公开发布), (此页无正文)).
_DISCLOSURE = re.compile(r"^[（(]\s*此(?:件|页)[^（）()]{1,10}[）)]$")
# The printing line of the 版记 (某某局办公室　　2025年3月11日印发): who printed the document and when.
_PRINTED = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}[ \u3000]*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
                      r"\s*印发$")
_FILE = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|ofd|zip|rar|et)\s*[)）]?$", re.I)
_PHONE = r"(?:0\d{2,3}-\d{7,8}|1[3-9]\d{9})"
_NAME_AND_PHONE = re.compile(rf"^[\u4e00-\u9fff·]{{2,4}}\s*[:：,，]?\s*{_PHONE}(?:\s*[,，、；;]\s*{_PHONE})*$")
# A further contact under 联系人：, with its office (省某某厅中小企业发展处　郭某某　0351-4040927).
_OFFICE_NAME_PHONE = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,24}}[ \u3000]+[\u4e00-\u9fff·]{{2,4}}[ \u3000]+{_PHONE}$")
_PAGE_CHROME = re.compile(r"^(?:【?(?:打印|关闭|返回顶部|收藏|分享)[】\s]*){1,4}$|^(?:上一篇|下一篇)\s*[:：]")
_NAME = r"[\u4e00-\u9fff·]{2,4}"
_SIGNER = re.compile(rf"(?:领导签发|签发人|签发)\s*[:：]\s*({_NAME})")
# The contact's name, after the office when one is written first (联系人：计划财务处　赵某某　0531-…).
_OFFICE_END = "(?:处|科|股|室|局|厅|中心|所|站|部|办|队|组|院)"
_CONTACT = re.compile(rf"联系人(?:姓名)?(?:及电话|及联系方式)?\s*[:：]\s*"
                      rf"(?:[\u4e00-\u9fff（）()]{{2,30}}?{_OFFICE_END}[ \u3000]+)?({_NAME})")
_SPACED_KEY = re.compile(r"^([\u4e00-\u9fff](?:[ \u3000]+[\u4e00-\u9fff]){1,4})[ \u3000]*[:：]")
_PHONE_LABEL = re.compile(r"^[\u4e00-\u9fff]{0,4}(?:电话|热线|手机|传真)")
_LATER_SIGN_OFF = re.compile(r"(?:[ \u3000\t]+|[，,；;])((?:领导签发|签发人|联系人)\s*[:：].*)$")
# …or right after the office that opens the line (乡林业和草原服务中心联系人：某某　联系电话：…), a name after it (not
# 各中心联系人：详见附件, 综合组联系人：负责汇总…).
_OFFICE_CONTACT = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,30}}?{_OFFICE_END}(联系人\s*[:：]\s*"
                             rf"(?!见|详见|由|负责|请|另行)(?:[\u4e00-\u9fff（）()]{{2,30}}?{_OFFICE_END}[ \u3000]+)?"
                             rf"[\u4e00-\u9fff·]{{2,4}}(?=[\s\u3000，,；;（(]|电话|$).*)$")
PHONE_RE = re.compile(rf"(?<!\d){_PHONE}(?!\d)")
_MAX_META_CHARS = 160


def is_meta_line(text: str) -> bool:
    """A row of a site's metadata block (``发布机构：…``, ``文　　号：…``, ``来源：… 时间：…``, a key on its
    own), a breadcrumb or an info bar (``… 来源：… 【字体：大 中 小】``)."""
    if len(text) > _MAX_META_CHARS:
        return False
    # 索引号 | 014000319/2024-00217 | 主题分类 | 商贸流通: a block written as a table of key and value cells.
    cells = [c.strip() for c in re.split(r"[|｜]", text.strip(" |｜"))]
    # A row of key/value pairs that starts with a key (发布日期 | 2024-04-08 | 解读 | 《…》政策解读) is one too.
    if len(cells) >= 2 and cells[0] in META_KEYS and (len(cells) in (2, 4, 6) or
                                                       sum(c in META_KEYS for c in cells[::2]) >= 2):
        return True
    compact = re.sub(r"[ \u3000]+", "", text)
    return bool(_META_LINE.match(text) or _META_KEY_ONLY.match(compact) or _META_COLON.match(compact)
                or _META_BRACKETED.match(compact)
                or len(_META_ANY.findall(text)) >= 2 or len(_META_SPACED.findall(text)) >= 2
                or _INFO_BAR.search(text) or _BREADCRUMB.match(text))


def row_cells(text: str) -> list[str]:
    """The cells of a metadata row split at tabs, runs of spaces or pipes (索引号 | 014000319/2024-00217 | …)."""
    return [c for c in re.split(r"\t+|[ \u3000]{2,}|\s*[|｜]\s*", text.strip(" |｜")) if c]


def key_row(text: str) -> list[str]:
    """The keys of a row of metadata keys whose values are the next row (索引号	发布机构	成文日期 …)."""
    cells = row_cells(text)
    return cells if len(cells) >= 2 and all(re.sub(r"[ \u3000]+", "", c) in META_KEYS for c in cells) else []


def is_meta_key(text: str) -> bool:
    """A metadata key alone on its line, or a row of keys: its value (or row of values) is the next line."""
    return bool(_META_KEY_ONLY.match(text)) or bool(key_row(text))


def _squeeze_key(text: str) -> str:
    """The line with its key's spacing removed (签 发 人：某某 → 签发人：某某)."""
    key = _SPACED_KEY.match(text)
    return re.sub(r"[ \u3000]+", "", key.group(1)) + text[key.end(1):] if key else text


def is_sign_off(text: str) -> bool:
    """A sign-off, contact, 抄送, printing, attachment or disclosure line (or a continuation holding only a name
    and a phone)."""
    text = _squeeze_key(text)
    if _SIGN_OFF.match(text) or _DISCLOSURE.match(text) or _PRINTED.match(text):
        return True
    return bool(_NAME_AND_PHONE.match(text) or _OFFICE_NAME_PHONE.match(text)
                or (_FILE.search(text) and len(text) <= 120))


def holds_sign_off(text: str) -> bool:
    """A sign-off line, or a line that names a contact or signer after other text (受理电话：…　联系人：某某)."""
    return is_sign_off(text) or bool(_LATER_SIGN_OFF.search(text) or _OFFICE_CONTACT.match(text))


# A site's footer, saved with the page as text (主办：某某县人民政府办公室　承办：…; 网站标识码：…　某ICP备…号): a
# short line with no sentence in it, holding a registration number or the site's 主办 beside its 承办 or numbers.
_FOOTER = re.compile(r"ICP备\s*\d+号|公网安备\s*\d+号|"
                     r"^(?:主办|承办)(?:单位)?\s*[:：].*(?:承办|网站标识码|ICP|技术支持)|"
                     r"^网站标识码\s*[:：]\s*\d+\s+\S|^(?:版权所有|Copyright|©)")
_FOOTER_CHARS = 120


def is_non_content(text: str) -> bool:
    """Whether a (stripped) line is chrome that must never be a passage or an answer."""
    return is_meta_line(text) or is_sign_off(text) or bool(_PAGE_CHROME.match(text)) or \
        (len(text) <= _FOOTER_CHARS and "。" not in text and bool(_FOOTER.search(text)))


def sign_off(lines: list[str]) -> tuple[str | None, str | None]:
    """(signer, contact) named in the sign-off lines; the contact keeps the phones written with it, and
    the further contacts listed under it."""
    signer = contact = None
    for i, line in enumerate(lines):
        text = _squeeze_key(line)
        if not is_sign_off(text):
            # The sign-off may share the 文号's line (嘉建函[2025]47号　　签发人:沈国华), and a contact the line
            # of a phone or an office (受理电话：0530-…（某某股）　联系人：孙某某; 1、某某股，联系人：陈某某，电话：…).
            later = _LATER_SIGN_OFF.search(text) or _OFFICE_CONTACT.match(text)
            cell = next((c for c in row_cells(text)[1:] if _SIGN_OFF.match(c)), "")
            text = " ".join(part for part in (cell, later.group(1) if later else "") if part)
            if not text:
                continue
        found = _SIGNER.search(text)
        signer = signer or (found.group(1) if found else None)
        found = _CONTACT.search(text)
        if found and contact is None:
            phones = PHONE_RE.findall(line) or PHONE_RE.findall(lines[i + 1] if i + 1 < len(lines) else "")
            contact = " ".join([found.group(1), *phones[:1]])
        elif contact is not None and _NAME_AND_PHONE.match(text) and not _SIGN_OFF.match(text) \
                and not _PHONE_LABEL.match(text):  # another contact (监督电话：… labels a line, names no one)
            contact = " ".join([contact, *text.split()])
    return signer, contact
