"""The years around a passage: the year its document speaks from, the years a question names, and whether a
passage's sentence, section, title and date put it in the year asked.

Official text names its year once, in the title or the header (2024年某县人民政府工作报告), and then writes 今年,
去年, 明年; relative years are resolved against the document's own date, or the year an annual report reports on.
A comparison's year (比上年, 较2022年) is its base, not the year a passage is about.
"""

from __future__ import annotations

import re

from rag.answer.changes import EN_COMPARED_YEAR
from rag.text.bridge import bridge_groups
from rag.text.english import is_english

# Not an amount that begins like one (2050.00 and 1968.20 in a table of 万元, 2024万元, 2015%).
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?!\d|\.\d|\s*[万亿元%％])")
_RELATIVE = (("前年", -2), ("去年", -1), ("上年", -1), ("上一年", -1), ("过去一年", -1), ("过去的一年", -1),
             ("今年", 0), ("本年", 0), ("当年", 0), ("年内", 0), ("明年", 1), ("下一年", 1))
# A self-evaluation of one programme year (2024年度部门整体支出绩效自评报告, dated April 2025) reports on that year.
_ACCOUNTS_REPORT = re.compile(r"关于[^，,。]{0,40}决算(?:情况)?的报告")
_ANNUAL = re.compile(r"总结|公报|年报|年度报告|决算|(?:19|20)\d{2}年度[^，,。]{0,24}?(?:自评|评价)报告")
# A programme year (2025年度…资金), or the year of a round a notice opens (2025年县直事业单位公开招聘…公告,
# 2025年…项目申报指南): the document speaks of that year only.
_PROGRAMME_YEAR = re.compile(r"(?:19|20)\d{2}年度|"
                             r"(?:19|20)\d{2}年[^，,。]{0,30}?(?:招聘|招考|招录|招募|招生|申报|评选|遴选)|"
                             # …or a part of a year a notice reports on (2025年上半年…工作情况的通报, 第三季度)
                             r"(?:19|20)\d{2}年(?:上半年|下半年|前三季度|第?[一二三四1-4]季度|1\s*[—–\-~至]\s*\d{1,2}月)")
_REVIEWS = re.compile(r"报告|总结|公报|年报")
# 比上年增长8.0%, 较2022年提高, 由上年的88.4%提高到… (由上年每张960元提高到…): the year a comparison names
# is its base, not the year the passage is about.
# A clause after the figure that gives the old value (床位6.12张，上年为5.86张; 48批次（上年52批次）) is a
# comparison too; a date of birth (1984年8月5日以后出生) is an applicant's condition, no year of the passage.
_COMPARED = re.compile(r"(?:比|较|同比|与)\s*(?:(?:19|20)\d{2}\s*年?|上年末?|去年|上一年|前年)度?|"
                       r"由\s*(?:(?:19|20)\d{2}\s*年末?|上年末?|去年|上一年|前年)度?"
                       r"(?:的|(?=[^，,；;。]{1,24}?(?:提高|增加|上调|调整|降低|下调|减少)[到至]))|"
                       r"(?<=[，,；;])\s*(?:上年|去年|上一年)(?:同期|末)?(?=为|是)|"
                       r"(?<=[（(])\s*(?:上年|去年|上一年)(?:同期|末)?|"
                       # 1984年8月5日以后出生: a date of birth, the condition on an applicant's age.
                       r"(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?\s*(?:（含）|\(含\)|及)?"
                       r"(?:以后|以前|之后|之前|后|前)?出生|"
                       r"出生于(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?|"
                       r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?至(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月"
                       r"(?:\s*\d{1,2}\s*日)?(?:期间)?出生")
_EN_RELATIVE = (("last year", -1), ("past year", -1), ("this year", 0), ("next year", 1))


# …, according to the provincial department's reply to suggestion No. 1286: which document, not what is asked.
_SOURCE = re.compile(r"(?:,\s*|\s+)(?:according to|per|as (?:stated|set out|reported) in)\s+(?:the|its|their|a)?\b.*$",
                     re.I)


def without_source(question: str) -> str:
    """An English question without the clause that names the document it asks (according to …, per the …)."""
    return _SOURCE.sub("", question)


def uncompared(text: str) -> str:
    """``text`` without the years of its comparisons (比上年减少了多少 asks about no year of its own)."""
    return _COMPARED.sub("", text)


def years_in(text: str, base: int | None = None) -> set[str]:
    """Years written in ``text`` (2023, 2023年) and, given the document's year, relative ones (去年)."""
    found = set(_YEAR.findall(text))
    if base is not None:
        lowered = text.lower()
        found |= {str(base + shift) for word, shift in (*_RELATIVE, *_EN_RELATIVE) if word in lowered}
    return found


def names_relative_year(text: str) -> bool:
    """Whether ``text`` names a year of its own relative to its document's (去年, this year), outside its
    comparisons (比上年, than last year); 当年 (that year) is another part's."""
    lowered = EN_COMPARED_YEAR.sub(" ", uncompared(text)).lower()
    return any(word in lowered for word, _ in (*_RELATIVE, *_EN_RELATIVE) if word != "当年")


def document_year(summary: dict | None) -> int | None:
    """The year a document speaks from (its 今年): its date, else the latest year in its title. An annual
    summary or bulletin speaks from the year it reports on: 海口市水务局2023年工作总结和2024年工作计划, dated
    January 2024, says 明年 of 2024."""
    if not summary:
        return None
    title = summary.get("title") or ""
    years = sorted(map(int, _YEAR.findall(title)))
    dated = int(summary["date"][:4]) if summary.get("date") else None
    # A report on the final accounts to the congress (关于…2024年财政决算的报告), given in the summer after the year,
    # says 去年 of that year: it speaks from its date. (A department's own 决算 and a summary speak from their year.)
    reported_late = dated is not None and bool(years) and dated - 1 == years[0] and \
        (summary.get("date") or "")[5:7] >= "04" and bool(_ACCOUNTS_REPORT.search(title))
    if years and _ANNUAL.search(title) and (dated is None or dated - 1 <= years[0] <= dated) and not reported_late:
        return years[0]
    if dated is not None:
        return dated
    return years[-1] if years else None


_DOCUMENT_EN = (r"notice|circular|measures|rules|regulations|reply|plan|report|announcement|list|bulletin|"
                r"programme|program|scheme|guidelines|opinions")
_DOCUMENT_ZH = r"通知|办法|细则|方案|公示|公告|答复|报告|公报|计划|名单|意见|规划|要点"


def names_document(question: str, year: str, title: str = "") -> bool:
    """Whether ``year`` in the question names a document rather than a fact (Yueyang's 2025 trade fund notice,
    2025年度外贸发展专项资金申报通知里…), or names what the document's ``title`` names after that year (Hainan's
    2025 pension increase, 2025年调整退休人员基本养老金 for 关于2025年调整退休人员基本养老金的通知)."""
    # The first year of a plan's period names it too (Zhoukou's 2025–2027 gas pipeline renewal plan).
    return bool(re.search(rf"\b{year}\b(?:\s*[–—-]\s*(?:19|20)\d{{2}})?(?:\s+[\w'&-]+){{0,5}}?\s+(?:{_DOCUMENT_EN})\b",
                          question, re.I)
                or re.search(rf"{year}年?度?[^，,。？?\d]{{0,24}}?(?:{_DOCUMENT_ZH})", question)
                or (year in title and _title_follows(question, year, title[title.find(year) + len(year) :])))


def document_years(question: str, title: str) -> set[str]:
    """The years the question writes that name its document by its ``title`` (``names_document``): they are met by
    the document, whatever year a sentence of it names (2024年12月31日前年满70周岁 in the 2025 adjustment)."""
    return {y for y in _YEAR.findall(question) if y in title and names_document(question, y, title)}


def _title_follows(question: str, year: str, after: str) -> bool:
    """Whether the words after ``year`` in the question are words of the title after it: its first four
    characters (年调整退休…), or for an English question a dictionary sense of one of its next three words."""
    after = after.lstrip("年度")
    if (written := re.search(rf"{year}\s*年?度?([\u4e00-\u9fff]{{4}})", question)) is not None:
        return written.group(1) in after
    following = re.match(r"(?:\s+[A-Za-z'&-]+){1,3}", question[question.find(year) + len(year) :])
    if following is None or not is_english(question):
        return False
    senses = bridge_groups(following.group(), lambda terms: dict.fromkeys(terms, 1.0))
    return any(len(t) >= 2 and t in after for group in senses for t in group)


_PLAN_HEADING = re.compile(r"安排|计划|打算|要点|思路|目标|任务")


def plan_year(section: tuple[str, ...]) -> str | None:
    """The year a plan section's heading names (四、2025年工作安排): its 今年 and its 明年 both mean that year, for a
    summary written in January says 今年 of the plan's year and one written in December says 明年 of it."""
    heading = next((h for h in reversed(section) if _YEAR.search(h)), "")
    found = set(_YEAR.findall(heading))
    return next(iter(found)) if len(found) == 1 and _PLAN_HEADING.search(heading) else None


def section_years(section: tuple[str, ...], base: int | None) -> set[str]:
    """The years of the innermost heading that names one (一、今年工作完成情况 > 明年工作计划: the plan's year); a
    comparison (a numbered paragraph's lead: 2.全年粮食产量2.31万吨,比上年增长1.3%) names none."""
    return next((found for heading in reversed(section) if (found := years_in(_COMPARED.sub("", heading), base))),
                set())


def year_mismatch(question_years: set[str], sentence: str, earlier: str, section: tuple[str, ...],
                  summary: dict | None, lead: str = "") -> str | None:
    """The year the question asks about when the passage is about other years, else None.

    The sentence and the sentences before it in its passage decide when they name a year
    (explicitly or as 去年/今年); else the paragraph's text before the passage (``lead``: a list of
    per-unit figures continues a sentence that named the year, 2022年度…，其中…；…); otherwise the
    section heading, the title and the document's date.
    """
    if len(question_years) != 1:
        return None
    year = next(iter(question_years))
    base = document_year(summary)
    sentence, earlier, lead = (_COMPARED.sub("", text) for text in (sentence, earlier, lead))
    local = years_in(sentence, base) | years_in(earlier, base) or years_in(lead, base)
    if local:
        return None if year in local else year
    heading = section_years(section, base)
    if heading:  # 三、今年重点工作 in a report of 2024: the plan of 2024, not the year before
        return None if year in heading else year
    title = (summary or {}).get("title") or ""
    around = years_in(title, base)
    # A report of early 2024 may review 2023; a bulletin or summary of 2024 published after that year (its title
    # and its date say so) is about 2024 only.
    dated = int(summary["date"][:4]) if (summary or {}).get("date") else None
    published_after = bool(around) and dated is not None and dated > max(map(int, around))
    # A document about one programme year (2025年度…资金拟分配结果的公示) does not speak of the year before; a report
    # of early 2025 may review 2024 without naming it.
    programme_year = bool(_PROGRAMME_YEAR.search(title)) and not _REVIEWS.search(title)
    # A summary or bulletin published after the year its title names (2024年工作总结和2025年工作要点, dated January
    # 2025) reports on that year, not the one before.
    reported = bool(_ANNUAL.search(title)) and base is not None and dated is not None and dated > base \
        and str(base) in around
    if base is not None and not (_ANNUAL.search(title) and published_after):
        around |= {str(base)} if programme_year or reported else {str(base), str(base - 1)}
    return None if not around or year in around else year
