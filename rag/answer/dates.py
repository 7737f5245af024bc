"""The role of a date in its sentence: the start or end of a range, a deadline (申报时间为6月3日至6月28日,
请于6月21日前报送), as a question about when something happens, ends or is due asks for it."""

from __future__ import annotations

import re

from rag.text.figures import MONTH_OF_DAY, Figure, FigureKind, find_figures

# A question about the end of a period (公示期到哪天结束, until when) wants the date after 至 in a range, and
# one about a deadline (by what date) the date written before 前; the start date of a range answers neither.
_END_ASKED = re.compile(r"结束|截止|截至哪|到哪一?天|到什么时候|止于|\buntil\b|\bend(?:s|ing)?\b|\bclos(?:e|es|ing)\b|"
                        r"\b(?:last|final|closing|latest) (?:date|day)\b", re.I)
# The latest time to file: a time of day before 前 (3月21日17:30前), as a deadline is written.
_DEADLINE_ASKED = re.compile(r"(?<![目提当此])之?前|以前|期限|by (?:what|which) (?:date|day|time)|by when|deadline|"
                             r"\b(?:date|day|time) by which\b|"
                             r"no later than|"
                             r"\bdue\b|\blatest time\b", re.I)
# A day of every month (每个月什么时候发, by which day of the month, a monthly report's deadline): 每月15日前, not a
# day of one month (1月1日起); not when the monthly payments start (什么时候开始每月发放: _START_ASKED, _EFFECT_ASKED).
_MONTHLY_ASKED = re.compile(r"每个?月的?(?:什么时候|几号|几日|哪一?天|何时)|(?:什么时候|何时|几号)[^？?。]{0,8}每个?月|"
                            r"月报|\bday of (?:the|each|every) month\b|\b(?:each|every) month\b|\bmonthly report",
                            re.I)
_MONTHLY_DAY = re.compile(rf"^(?:{MONTH_OF_DAY})")
# A day that comes back (每月25日, 次月15日前 after each month's claims), not 下月10日前: one day, the next month's.
_RECURRING_DAY = re.compile(r"^(?:每个?月|次月)")
# The last day for sending comments, to apply: a range's end first, else the day to act by (9月26日前反馈意见).
_LAST_DAY_FOR = re.compile(r"\b(?:last|final|latest) (?:day|date) (?:for|to)\b", re.I)
_RANGE_TO = re.compile(r"(?:至|到|—|－|-|~|～)\s*$")
# 截至7月20日，全镇已有104名青年报名: the day a count stands at, 截至 opening its clause and a comma closing the date,
# no range's end (截止到7月20日, 报名时间截至7月20日 and 自即日起截至8月31日 are deadlines).
_AS_OF = re.compile(r"(?:^|[，,。；;：:\s（(])截至\s*$")
_RANGE_FROM = re.compile(r"^\s*(?:至|到|—|－|-|~|～)")
_DATE_WORD = re.compile(r"[年月日]|\d{4}-\d")
# 9月19日17:00前, 8月15日下午5时前: a time of day may stand between the day and 前.
_TIME_OF_DAY = r"(?:(?:上午|下午)?\s*\d{1,2}\s*(?:[:：]\s*\d{2}|时(?:\s*\d{1,2}\s*分)?)\s*)?"
_BEFORE_MARK = re.compile(rf"^\s*{_TIME_OF_DAY}(?:之前|以前|前|截止|止|到期)")
# 最迟不超过2026年3月31日, 不迟于6月30日: a deadline written before its date.
_DUE_LEAD = re.compile(r"(?:最迟|最晚|不迟于|不晚于)(?:不超过|不得超过|于|在|为|至)?\s*$")
_DUE_LEAD_REACH = 8
# 申请截止日期为2025年11月30日, 投标截止时间（下同）为8月4日9时30分: a date its label calls the deadline.
_DUE_LABEL = re.compile(r"截止(?:日期|时间|时限|日)(?:[^。；;，,]{0,12}?|（[^）]{0,12}）)(?:为|是|：|:)\s*$")
_DUE_LABEL_REACH = 30
_DUE = re.compile(rf"\s*{_TIME_OF_DAY}(?:之前|以前|前)")
# A date range (6月3日至6月28日, 2023年5月20日至31日): the second date may leave out its year and month.
# …至次年4月30日: a yearly period that crosses the new year (森林防火期) ends in the next.
_RANGE_REST = re.compile(r"\s*(?:至|到|—|－|-|~|～)\s*(?:(?:19|20)\d{2}\s*年\s*|次年|翌年|当年|同年)?"
                         r"(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日")
_OBJECTION_ASKED = re.compile(r"异议|\bobject(?:s|ed|ions?)?\b|\bcomplain(?:ts?|s|ed)?\b", re.I)
_NOTICE_PERIOD = re.compile(r"公示(?:期|时间|日期|时限)")
# When does the 公示 end: the end of the notice period, not of the inspection before it (于10月20日至10月31日验收).
_NOTICE_ASKED = re.compile(r"公示|\bpublic(?:ity| notice| comment)|\b(?:notice|comment|publicity) period\b", re.I)
_NO_OBJECTION = re.compile(r"无异议|没有异议|未提出异议")
_NO_OBJECTION_REACH = 40
# 公示期满无异议的，…于7月31日前拨付: a date for what follows the end of a period, not that end.
_PERIOD_OVER = re.compile(r"期满|期届满|期结束后")
_PERIOD_OVER_REACH = 40
_START_ASKED = re.compile(r"开始|起始|哪天起|何时起|\b(?:start|begin)(?:s|ning|ed)?\b(?!-)|\bfrom when\b", re.I)
# From what date does the catalogue apply, 什么时候起施行: the date a rule takes effect (自2025年4月1日起执行), not the
# date an older one was published (2024年3月公布的…同时废止).
_EFFECT_ASKED = re.compile(r"施行|生效|起执行|起实施|开始(?:执行|实施)|哪天起|何时起|什么时候起|"
                           r"\bfrom (?:what|which) (?:date|day)\b|"
                           r"\b(?:take|takes|took|taking|come|comes|came) (?:effect|into force)\b|\beffective\b|"
                           r"\bin (?:force|effect)\b|\bapply from\b|\bapplies from\b", re.I)
_FROM_MARK = re.compile(rf"^\s*{_TIME_OF_DAY}(?:起|开始)")
_IN_FORCE = re.compile(rf"^\s*{_TIME_OF_DAY}(?:起|开始)?\s*(?:施行|执行|实施|生效)")
# By when must the work be done: the deadline to finish it (9月30日前完成…), not to start it (5月15日前全部开工).
_FINISH_ASKED = re.compile(r"完成|完工|建成|竣工|\b(?:done|complete[ds]?|completion|finish(?:ed|es)?)\b", re.I)
_STARTS = re.compile(r"[^，,；;。]{0,6}?(?:开工|动工|启动|开始)")


def date_range(question: str, sentence: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the whole range a date opens or closes (申报时间为6月3日至6月28日), for a question that asks
    when something happens or lasts; None for one that asks for its start, its end or a deadline."""
    if _END_ASKED.search(question) or _DEADLINE_ASKED.search(question) or _START_ASKED.search(question):
        return None
    rest = _RANGE_REST.match(sentence, end)
    if rest:
        return start, rest.end()
    opened = [f for f in find_figures(sentence[:start]) if f.kind == FigureKind.DATE]
    if opened and (link := _RANGE_REST.match(sentence, opened[-1].end)) and link.end() == end:
        return opened[-1].start, end
    return None


def date_role(question: str, sentence: str, start: int, end: int) -> float:
    """From -0.5 to 0.5: whether a date is the end of a range or a deadline, as the question asks; for a question
    about a day of every month, whether it is one (每月15日, with 前 or not)."""
    if asks_monthly_day(question):
        return 0.5 if is_monthly_day(sentence[start:end]) else -0.5
    before, after = sentence[max(0, start - 2) : start], sentence[end : end + 12]
    end_asked, deadline_asked = _END_ASKED.search(question), _DEADLINE_ASKED.search(question)
    ends = _RANGE_TO.search(before) and not (_AS_OF.search(sentence[max(0, start - 4) : start])
                                             and sentence[end : end + 1] in ("，", ","))
    latest = _DUE_LEAD.search(sentence, max(0, start - _DUE_LEAD_REACH), start) or \
        _DUE_LABEL.search(sentence, max(0, start - _DUE_LABEL_REACH), start)
    due = _BEFORE_MARK.match(after) or latest
    score = 0.0
    if end_asked:
        # The last day to apply: 至5月30日, or 最迟不超过2026年3月31日 (not 9月30日前, due for another step).
        if ends or latest:
            score += 0.5
        elif _RANGE_FROM.match(after):
            score -= 0.5
        elif due and not deadline_asked and _LAST_DAY_FOR.search(question):
            score += 0.25
    if deadline_asked and due:
        score += 0.5
        if (mark := _BEFORE_MARK.match(after)) and _STARTS.match(after, mark.end()) and \
                _FINISH_ASKED.search(question) and not _START_ASKED.search(question):
            score -= 0.5
    if not (end_asked or deadline_asked) and _EFFECT_ASKED.search(question):
        # 自7月1日起施行 more than 自5月8日起，利率调整为… (a change from that day, not the rule's)
        score += 0.5 if _IN_FORCE.match(after) else 0.25 if _FROM_MARK.match(after) else 0.0
    if (end_asked or deadline_asked) and _RECURRING_DAY.match(sentence[start:end]):
        score -= 0.5  # by when (once): not a day that comes back every month (每月25日前报送进度)
    if end_asked and ends and _NOTICE_ASKED.search(question) and "公示" not in sentence:
        score -= 0.5
    if end_asked and not ends and _PERIOD_OVER.search(sentence, max(0, start - _PERIOD_OVER_REACH), start):
        score -= 0.5
    if (end_asked or deadline_asked) and not (ends or due) and _DATE_WORD.search(sentence[start:end]):
        score -= 0.5  # a date in no such role (2022年5月印发的…) answers neither
    if (end_asked or deadline_asked) and _OBJECTION_ASKED.search(question):
        # Objections are raised within the notice period (公示时间为6月16日至6月22日): its end is the deadline; a date
        # for what follows when there are none (公示无异议的，…于7月31日前发放) is not.
        if ends and _NOTICE_PERIOD.search(sentence):
            score += 0.5
        if _NO_OBJECTION.search(sentence[max(0, start - _NO_OBJECTION_REACH) : start]):
            score -= 0.5
    return max(-0.5, min(0.5, score))


_BARE_YEAR = re.compile(r"^(?:19|20)\d{2}\s*年$")


# A question for a day (从哪天开始执行, on what date): a bare year (2024年收费额) cannot say which.
_DAY_ASKED = re.compile(r"哪一?天|几月几[日号]|什么日期|\b(?:what|which) (?:date|day)\b", re.I)


def bare_year_out_of_role(question: str, sentence: str, figure: Figure) -> bool:
    """A bare year (2025年第三批…予以公示) for a question about an end or a deadline (什么时间前反映), where it stands
    in no such role (2027年前完成 does), or for one that asks which day: it cannot say by which day."""
    return is_bare_year(figure.text) and (
        (asks_date_role(question) and date_role(question, sentence, figure.start, figure.end) <= 0)
        or asks_day(question))


def asks_day(question: str) -> bool:
    return _DAY_ASKED.search(question) is not None


def is_bare_year(text: str) -> bool:
    return _BARE_YEAR.match(text) is not None


_TIME_AFTER = re.compile(rf"\s*{_TIME_OF_DAY}")


def due_end(sentence: str, end: int) -> int | None:
    """Where the time and the 前 after a day ending at ``end`` end (9月19日17:00前), if the day is a deadline, or the
    time of day after it (即日起至8月15日18时: the hour is part of the last moment)."""
    due = _DUE.match(sentence, end)
    if due:
        return due.end()
    time = _TIME_AFTER.match(sentence, end)
    return time.end() if time and time.group().strip() else None


def asks_monthly_day(question: str) -> bool:
    """The question asks which day of every month (每个月什么时候发, by which day of the month), not from when."""
    return _MONTHLY_ASKED.search(question) is not None and not (_START_ASKED.search(question)
                                                                 or _EFFECT_ASKED.search(question))


def is_monthly_day(text: str) -> bool:
    """A date figure of a day of every month or of the next (每月15日, 次月10日)."""
    return _MONTHLY_DAY.match(text) is not None


def asks_effect(question: str) -> bool:
    """The question asks from what date a rule applies (施行, take effect), not for an end or a deadline."""
    return bool(_EFFECT_ASKED.search(question)) and not asks_date_role(question)


def asks_date_role(question: str) -> bool:
    """The question asks for the end of a period or a deadline (until when, 截止, by what date)."""
    return bool(_END_ASKED.search(question) or _DEADLINE_ASKED.search(question))


def states_date_role(question: str, text: str) -> bool:
    """``text`` holds a date in the role the question asks (the end of a range, a deadline), each read in its own
    sentence (the 公示 after the inspection's dates is another sentence's)."""
    return any(date_role(question, sentence, f.start, f.end) > 0 for sentence in _SENTENCE_END.split(text)
               for f in find_figures(sentence) if f.kind == FigureKind.DATE)


_SENTENCE_END = re.compile(r"(?<=[。！？!?\n])")
