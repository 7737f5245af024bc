"""Questions about the document itself (文号, dates, addressee, signer, contact), answered from its header.

The header fields are parsed at index time (rag.documents); here a question is matched to the field
it asks for and the field is found again in the document text, so that the answer cites the exact
characters (the 文号 line, the signature date, the 联系人 line).
"""

from __future__ import annotations

import itertools
import re

from rag.answer.roles import ROLE_ASKED, role_span
from rag.documents import DATE_RE, DOC_NUMBER_RE, Document
from rag.documents.chrome import PHONE_RE, holds_sign_off
from rag.text.asked import DOC_NUMBER_QUESTION
from rag.text.english import is_english
from rag.text.romanise import names_in_english

# Questions about the document itself rather than its content: answered from the header.
_HEADER_QUESTIONS: list[tuple[str, re.Pattern]] = [
    ("doc_number", DOC_NUMBER_QUESTION),
    ("issuer", re.compile(r"(?:哪个|哪些|什么|哪一?家)(?:单位|部门|机关|机构)(?:联合)?"
                          r"(?:印发|发布|制定|出台|下发|发文)|"
                          # 吉科发高〔2024〕74号是哪个单位的答复: who replied is who issued the reply.
                          r"(?:哪个|哪一?家)(?:单位|部门|机关|机构)的?(?:答复|复函|回复)|(?:答复|复函)(?:单位|部门)是|"
                          r"(?:印发|发文|发布)(?:单位|机关|机构)是|"
                          r"\bwho issued\b|\bissued by (?:which|whom|what)\b|"
                          r"\bwhich (?:department|agency|office|bureau|body|authority|authorities|government|"
                          r"departments|agencies|offices)\b.{0,40}\b(?:issued|published|replied|answered)\b|"
                          r"\bissuing (?:body|bodies|authority|department|agency|office)\b", re.I)),
    ("published", re.compile(r"(发布|公布|公开).{0,6}(哪天|日期|什么时候|何时)|"
                             r"(哪天|日期|什么时候|何时).{0,8}(发布|公布|公开)|published|publication date", re.I)),
    ("date", re.compile(r"(答复|复函|回复|成文).{0,12}(哪天|日期|什么时候|何时|时间)|"
                        r"(哪天|日期|什么时候|何时).{0,12}(答复|复函)|"
                        r"(reply|response|letter|answer)\b.{0,60}\b(signed|issued|dated|written|date)|"
                        r"date of the (reply|response|letter)|when was the (reply|response|letter)", re.I)),
    # 谁作的(政府工作)报告, not the 作报告 inside 工作报告 (a work report).
    ("signer", re.compile(r"签发|(?<!工)作的?报告|谁作的?|报告人|who signed|signed (it )?off|sign-off|signatory|"
                          r"\bwhich (?:official|leader|person|director|head|minister|officer)\b.{0,20}\bsigned\b|"
                          r"\bsigned by (?:whom|which|what)\b|\bwho (?:is|was) the signer\b|"
                          r"who (delivered|gave|presented|made)\b.{0,60}\breport", re.I)),
    # Press conferences and meetings name their host on a labelled line (主持人：…副部长　向晓岚).
    ("host", re.compile(r"由谁主持|谁主持|主持人(?:是谁|是哪位|叫什么)|\bwho (?:hosted|chaired|presided|moderated|"
                        r"(?:was|is) the (?:host|chair|moderator))\b", re.I)),
    # (a supervision or complaints hotline, not the 12345 hotline's figures)
    # What number do I call, which supervision number: a phone, not a count (what number of households).
    # (应该联系乡里的哪位工作人员: whom to contact; not 挂钩联系…的县领导是谁, a liaison duty)
    ("contact", re.compile(r"联系人|联系电话|联系方式|电话|手机|(?:监督|投诉|咨询|举报)热线|phone|contact|"
                           r"(?:应该|应当|可以|可|能|要|需要|请|去|该)联系[^，,。？?]{0,8}?(?:哪位|谁)(?!委员|代表|人大代表)|"
                           r"\b(?:supervis\w*|complaints?|consultation|enquir\w*|inquir\w*|whistle\w*) (?:hot)?line|"
                           r"\b(?:what|which) (?:[\w-]+ ){0,2}number\b(?!\s+of\b)(?=[^?]*\b(?:call|ring|dial|reach)\b)|"
                           r"\bnumbers? (?:to|do|should|can|could) (?:[\w-]+ )?call\b|"
                           r"\b(?:duty|hotline|tele?phone|fax|helpline|on-call) number\b", re.I)),
    # 指挥部办公室主任是谁: the name on the line the role labels (rag.answer.roles); none there, the passages answer.
    ("role", ROLE_ASKED),
    ("addressee", re.compile(r"哪位(政协)?(委员|代表|人大代表)|谁提出|是谁提|由谁提|哪个(单位|组织|党派)提出|"
                             r"who (proposed|submitted|raised|made|put forward|wrote|suggested)|"
                             r"which\b[\w' -]{0,40}?\b(member|deputy|delegate|legislator|organi[sz]ation|party|body)\b"
                             r"[\w' -]{0,20}?\b(proposed|submitted|raised|made|put forward|wrote|suggested)|"
                             r"which (cppcc |npc )?(member|deputy|delegate|legislator)|surnamed", re.I)),
]
_CONTACT_ASKED = dict(_HEADER_QUESTIONS)["contact"]
_TABLE_CELL = {"date": "成文日期", "published": "发布日期", "doc_number": "发文字号"}


# Within how many minutes must it be reported by phone (多少分钟内电话报告, 多长时间内电话报告): a count, not a contact,
# when the count and the phone are asked in one clause (not: what is the phone, and how many days is the notice up?).
_COUNT_ASKED = re.compile(r"\bhow (?:many|long|much|soon)\b|多长时间|多久|"
                          r"多少(?=[个天小分秒日周月年次人家件项])|几(?=[个天小分日周月年])", re.I)
_CLAUSES = re.compile(r"[，,；;]|\band\b|以及|并且", re.I)
# …可在几天内拨打哪个电话反映: the phone itself is asked too.
_PHONE_ASKED = re.compile(r"[哪什][个么]?(?:电话|号码|热线)|电话(?:号码)?(?:是|为)|"
                          r"\b(?:which|what) (?:[\w-]+ )?(?:phone|number)\b|\bphone number\b", re.I)


def _asked_fields(question: str) -> list[tuple[str, re.Match]]:
    """The header fields whose words a question holds, in the order of ``_HEADER_QUESTIONS``, with the match."""
    found = [(name, m) for name, pattern in _HEADER_QUESTIONS if (m := pattern.search(question))]
    if not _PHONE_ASKED.search(question) and \
            any(_COUNT_ASKED.search(c) and _CONTACT_ASKED.search(c) for c in _CLAUSES.split(question)):
        found = [(name, m) for name, m in found if name != "contact"]
    return found


def header_question(question: str) -> str | None:
    """Which header field a question asks for (doc_number, issuer, date, published, addressee…), if any."""
    return next((name for name, _ in _asked_fields(question)), None)


_FIELD_JOIN = re.compile(r"\band\b|[，,；;？?]|以及|和|并且?|同时", re.I)


def header_questions(question: str) -> list[str]:
    """The two header fields a question asks for in two joined asks (who signed the reply, and what is its document
    number; 文号是什么，由谁签发), in the order it asks them; else the one field of ``header_question`` (or none)."""
    found = sorted((m.start(), m.end(), name) for name, m in _asked_fields(question))
    for (_, end, first), (start, _, second) in itertools.combinations(found, 2):
        if first != second and end <= start and _FIELD_JOIN.search(question, end, start):
            return [first, second]
    one = header_question(question)
    return [one] if one else []


_HEAD_CHARS = 600
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")


def _contact_lines(doc: Document) -> list[tuple[int, str]]:
    lines, start = [], 0
    for raw in doc.text.split("\n"):
        text = raw.strip(" \t\u3000\xa0")
        if text and holds_sign_off(text) and PHONE_RE.search(text):
            lines.append((start + raw.index(text), text))
        start += len(raw) + 1
    return lines


def _named_lines(lines: list[tuple[int, str]], question: str) -> list[tuple[int, str]]:
    """The contact lines that name a person the question names, in characters or, in an English question,
    in pinyin (Chen Xingbo); the label (联系人及电话：) names no one."""
    english = is_english(question)
    return [line for line in lines
            if any(n in question or (english and names_in_english(n, question))
                   for n in _NAME.findall(re.split(r"[:：]", line[1])[-1]) if len(n) <= 4)
            or _role_named(line[1], question)]


# A line's own contact label (联系人：, 联系电话：) names no role: every contact line opens so.
_CONTACT_LABEL = re.compile(r"联系|电话|手机|地址|邮箱|传真|经办")


def _role_named(line: str, question: str) -> bool:
    """Whether the line opens with a role the question names (招标代理机构：…电话：…, the agency's phone), three
    characters at least: 招标人 is not 招标代理机构."""
    role = re.match(r"([\u4e00-\u9fff]{3,8})\s*[:：]", line)
    return bool(role) and role.group(1) in question and not _CONTACT_LABEL.search(role.group(1))


def names_contact(doc: Document, question: str) -> bool:
    """Whether one of the document's contact lines names a person the question names (联系人董某某的电话)."""
    return bool(_named_lines(_contact_lines(doc), question))


# A phone the question names by its label (监督电话, 投诉热线; the supervision hotline): the phone after that label in
# the document, not the contact's. Such a line names no one, so it is a passage, not a contact line.
_LABELLED_PHONE = re.compile(r"([\u4e00-\u9fff]{2})(?:电话|热线|专线)")
_UNLABELLED = frozenset({"联系", "办公", "固定", "移动"})
_ENGLISH_LABELS = (("supervis", "监督"), ("complain", "投诉"), ("consult", "咨询"), ("enquir", "咨询"),
                   ("inquir", "咨询"), ("question", "咨询"), ("quer", "咨询"), ("report", "举报"), ("whistle", "举报"),
                   ("duty", "值班"), ("on-call", "值班"), ("object", "异议"), ("dispute", "异议"))
_PHONE_WORDS = r"(?:tele)?phone|hotline|line|number"


# Whom to call to report or complain (misuse, an overcharge): the supervision line, however the document labels it.
_COMPLAINT_ASKED = re.compile(r"\b(?:report(?:s|ing)?|complain\w*|supervis\w*|whistle\w*|misuse|misconduct|"
                              r"wrongdoing|irregularit\w*|overcharg\w*|corruption|violations?)\b", re.I)
_COMPLAINT_LABELS = ("监督", "举报", "投诉")
# What a Chinese question calls about (有疑问，打哪个电话咨询; 应该打哪个电话举报): the line labelled so, else a
# sentence that gives a phone for it.
_ZH_PURPOSES = ("咨询", "举报", "投诉", "监督", "异议", "疑问")
_PURPOSE_REACH = 80


def _labelled_phone(doc: Document, question: str) -> tuple[int, int] | None:
    labels = [m.group(1) for m in _LABELLED_PHONE.finditer(question) if m.group(1) not in _UNLABELLED]
    labels += [zh for en, zh in _ENGLISH_LABELS if re.search(
        rf"\b{en}\w*\s+(?:{_PHONE_WORDS})\b|\b(?:{_PHONE_WORDS})\b[^?]{{0,20}}\b{en}", question, re.I)]
    if re.search(rf"\b(?:{_PHONE_WORDS}|call)\b", question, re.I):
        # to object to a result: the line that takes objections (异议受理电话)
        labels += [zh for en, zh in _ENGLISH_LABELS if zh == "异议" and re.search(rf"\b{en}\w*\b", question, re.I)]
        if asked := _COMPLAINT_ASKED.findall(question):
            # the line of the word asked first (a complaint: 投诉电话, not the 监督电话 beside it)
            first = [zh for en, zh in _ENGLISH_LABELS for word in asked if word.lower().startswith(en)]
            labels += [label for label in dict.fromkeys([*first, *_COMPLAINT_LABELS]) if label not in labels]
    if re.search(r"电话|号码|热线|手机", question):
        labels += [label for label in _ZH_PURPOSES if label in question]
    labels = list(dict.fromkeys(labels))
    for label in labels:
        # 异议受理电话, 监督举报电话; the phone on the same line, after a 12345 written first
        # (投诉举报电话: 12345, 0470-…)
        for written in re.finditer(rf"{label}[\u4e00-\u9fff]{{0,4}}?(?:电话|热线|专线)", doc.text):
            if phone := _phone_after(doc.text, written.end(), 40):
                return phone
    for label in labels:
        # …else the phone a sentence or a table row gives after the purpose (如对本报告有疑问，请与某某办公室联系
        # （地址：…；电话：…）; | 监督举报 | 某某纪检监察组 | 0527-… |)
        for written in re.finditer(label, doc.text):
            if phone := _phone_after(doc.text, written.end(), _PURPOSE_REACH, stop="。") or \
                    _phone_line_below(doc.text, written.end()):
                return phone
    return None


# A block of field lines (4. 监督部门 / 名称：某某财政局（政府采购监督管理） / 电话：0771-…): the phone line below.
_PHONE_LINE = re.compile(r"[^\S\n]*(?:联系)?(?:电话|手机|座机)(?:号码)?[:：]")
_LINES_BELOW = 2


def _phone_line_below(text: str, start: int) -> tuple[int, int] | None:
    """The phone of a 电话： line among the two lines below the one ``start`` is on, before any other line."""
    at = text.find("\n", start)
    for _ in range(_LINES_BELOW):
        if at < 0:
            return None
        if _PHONE_LINE.match(text, at + 1):
            return _phone_after(text, at + 1, _PURPOSE_REACH)
        at = text.find("\n", at + 1)
    return None


def _phone_after(text: str, start: int, reach: int, stop: str = "") -> tuple[int, int] | None:
    """The span of the first phone within ``reach`` characters after ``start`` on its line (and its sentence,
    when ``stop`` ends one)."""
    end = min(start + reach, len(text))
    for mark in ("\n", *stop):
        if (found := text.find(mark, start, end)) >= 0:
            end = found
    phone = PHONE_RE.search(text, start, end)
    return phone.span() if phone else None


_NAME_ABOVE = 120  # characters above a contact's phone line that its name's line may stand in
# The contact a Chinese question names (联系人董宏宇的电话, 联系人张伟是谁).
_CONTACT_NAMED = re.compile(r"联系人[:：]?\s*(?!是|为|叫|有|及|和|与|的|电话|手机|姓名|方式|号码|怎|如何|什么|哪|谁)"
                            r"([\u4e00-\u9fff]{2,3}?)(?=的|电话|手机|号码|是|[，,？?]|$)")
# …not the words that ask about the phone or the name (座机号码, 名字是什么) nor a surname with a title (李老师).
_NOT_A_NAME = re.compile(r"^(?:座机|固定|固话|移动|办公|手机|名字|全名|姓名|具体|分别|单位|地址|邮箱)|"
                         r"(?:老师|先生|女士|同志|科长|主任|局长|处长|所长|站长)$")


def _contact_span(doc: Document, question: str) -> tuple[int, int] | None:
    """The phone (or, for "who", the name) on the contact line the question points at: the line that
    holds a name the question names, else the first contact line; a phone the question names by its label
    (监督电话) is the one after that label."""
    if (labelled := _labelled_phone(doc, question)) is not None:
        return labelled
    lines = _contact_lines(doc)
    if not lines:
        return None
    named = _named_lines(lines, question)
    if not named and (person := _CONTACT_NAMED.search(question)) and not _NOT_A_NAME.search(person.group(1)) \
            and person.group(1) not in re.sub(r"[\s\u3000]+", "", doc.text):
        return None  # 联系人董某某的电话: another document's contact; this one's would be someone else's phone
    offset, text = (named or lines)[0]
    wants_phone = re.search(r"电话|手机|号码|phone|number|call", question, re.I)
    if not wants_phone and doc.header.contact:
        # the name on the phone's line, or on a line above it (联系人：金成浩 / 联系电话：0433-…), else further down
        name = doc.header.contact.split()[0]
        above = doc.text.rfind(name, max(0, offset - _NAME_ABOVE), offset + len(text))
        at = above if above >= 0 else doc.text.find(name, offset)
        if at >= 0:
            return at, at + len(name)
    phone = PHONE_RE.search(text)
    return offset + phone.start(), offset + phone.end()


# 主持人：县委宣传部副部长　向晓岚 / 主持人：向晓岚（副部长） / a speaker's label 主持人 向晓岚：
_HOST_LINE = re.compile(r"主持人[\s*]*(?:[:：][\s*]*(?P<after>[^\n]{2,60})|(?P<before>[^\n:：*]{2,30})[\s*]*[:：])")
_TITLE_END = re.compile(r"(?:主任|部长|局长|处长|科长|书记|主席|委员|[县市区镇乡]长|经理|记者|主持人|发言人)$")
_PERSON = re.compile(r"[\u4e00-\u9fff]{2,4}")


_CHAIRED = re.compile(r"(?:省长|市长|县长|区长|州长|旗长|镇长|乡长|主任|书记|局长|厅长|部长|主席|委员长)"
                      r"([\u4e00-\u9fff]{2,3})(?:同志)?主持(?:召开|了)")
_CHAIRED_REACH = 1500


def _host_span(text: str) -> tuple[int, int] | None:
    """The name on the first line that labels the host, the titles before or after it aside; a line of the host's
    speech (主持人：好的，谢谢各位。) names no one."""
    for line in _HOST_LINE.finditer(text):
        key = "after" if line.group("after") else "before"
        value, offset = line.group(key), line.start(key)
        if re.search(r"[。！？!?]", value):
            continue
        for token in re.finditer(r"[^\s\u3000、，,；;（）()*]+", value):
            if _PERSON.fullmatch(token.group()) and not _TITLE_END.search(token.group()):
                return offset + token.start(), offset + token.end()
    # Minutes say who chaired in their first sentence (市长李正华主持召开市人民政府常务会议).
    chaired = _CHAIRED.search(text, 0, _CHAIRED_REACH)
    return chaired.span(1) if chaired else None


def _table_cell(head: str, key: str) -> tuple[int, int] | None:
    match = re.search(rf"{key}\s*[:：]\s*([^\t\n]+)", head)
    return (match.start(1), match.start(1) + len(match.group(1).rstrip())) if match else None


def header_span(doc: Document, field_name: str, question: str) -> tuple[int, int] | None:
    """Where a header field is written in the document text."""
    header = doc.header
    # A document without a salutation (report, notice) has no head before its body: its header
    # lines are its first lines.
    head = doc.text[: doc.body_start or _HEAD_CHARS]
    if field_name == "contact":
        return _contact_span(doc, question)
    if field_name == "host":
        return _host_span(doc.text)
    if field_name == "role":
        return role_span(doc.text, question)
    if field_name == "signer" and header.signer:
        at = doc.text.find(header.signer)
        return (at, at + len(header.signer)) if at >= 0 else None
    if field_name == "doc_number" and header.doc_number:
        for match in DOC_NUMBER_RE.finditer(doc.text):
            if re.sub(r"\s", "", match.group()) == header.doc_number:
                return match.span()
        return _table_cell(head, _TABLE_CELL[field_name])
    if field_name == "issuer" and header.issuer:
        # The issuers sign below the body (joint issuers: the first to the last), else the title names them.
        names = header.issuer.split()
        for start, stop in ((doc.body_end, len(doc.text)), (0, doc.body_start or _HEAD_CHARS)):
            first = doc.text.find(names[0], start, stop)
            last = doc.text.find(names[-1], max(first, start), stop)
            if first >= 0 and last >= 0:
                return first, last + len(names[-1])
        return None
    if field_name == "addressee" and header.addressee:
        at = head.rfind(header.addressee)
        return (at, at + len(header.addressee)) if at >= 0 else None
    if field_name == "date":
        signed = list(DATE_RE.finditer(doc.text, doc.body_end))
        if signed:
            return signed[-1].span()
    if field_name in _TABLE_CELL:
        return _table_cell(head, _TABLE_CELL[field_name])
    return None


