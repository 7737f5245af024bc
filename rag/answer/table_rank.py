"""Which row of a table stands first by one of its columns (得分最高的是哪个村, which company came second in lot 1's
scoring): the label of that row, read off the whole table, not of the row the table happens to list first.

A 公示 lists villages in the order of their numbers, a procurement result lists lots and bidders, a bulletin lists
towns: a question about the highest, the lowest or the runner-up compares the column it names over every row.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from rag.answer.conflicts import chunk_slice
from rag.answer.context import place_stem
from rag.answer.span import Answer, AnswerSettings, Sentence, make_answer
from rag.answer.table_answer import holding_passage
from rag.answer.table_lines import Cell, has_rows, is_heading, is_value, signed_number, table_block, table_rows
from rag.answer.tables import overlap
from rag.chunking import Chunk
from rag.index.base import IndexReader
from rag.search.retrieval import Hit, Retrieval
from rag.text.english import is_english
from rag.text.glosses import named_by_gloss
from rag.text.pinyin_names import english_names

# Which village, who: the question opens with it (not a relative clause: the village which scored highest got …).
_WHICH = re.compile(r"哪(?:个|家|一|位|所|些|种|类|项)|谁|(?:^|,\s*)(?:which|who|whose)\b", re.I)
_FIRST = re.compile(r"最高(?!人民|法院|检察)|最多|最大|最快(?![捷速可的])|排名?第一|(?:得分|位列|名列|位居)第一|第一名|"
                    r"\b(?:highest|most|biggest|largest|top|fastest)\b|\b(?:came|ranked|placed|finished) first\b|"
                    r"\bfirst place\b", re.I)
# Prose that names the first (其中杨店子街道以97.2分位列第一, 某某镇排名全市第一): the name before the rank.
_PROSE_FIRST = re.compile(r"(?:^|[，,；;。：:、\s])(?:其中)?([\u4e00-\u9fff（）()·]{2,24}?)(?:以[\d.]+\s*分)?"
                          r"(?:位列|名列|位居|排名|排在|居)(?:全[市县省区州旗]|各[\u4e00-\u9fff]{1,6})?"
                          r"(?:第一(?:名|位)?(?![方梯批阶次季期轮届])|首位|榜首)")
_LAST = re.compile(r"最低(?!工资|生活|收购|缴费)|最少|最小|排名?最后|排名?末位|倒数第一|"
                   r"\b(?:lowest|least|smallest|fewest)\b|"
                   r"\b(?:came|ranked|placed|finished)\s+(?:last|bottom)\b|\blast place\b", re.I)
# "came second", not the second batch or session a question names.
_SECOND = re.compile(r"排名?第二|第二名|\brunner-up\b|\b(?:came|ranked|placed|finished|scored)\s+second\b|"
                     r"\bsecond(?:-|\s+)(?:highest|most|largest|biggest|best|place)\b", re.I)
# 包1, lot 1, 第2标段: the lot a procurement question asks about, and how a row writes it.
_LOT_ASKED = re.compile(r"(?:包|标段|\blot|\bpackage)\s*(\d{1,2})\b|第\s*(\d{1,2})\s*(?:包|标段)", re.I)
_LOT_HEAD = re.compile(r"包|标段|标包|\blot\b", re.I)
# The column that names a row: its village, company, school, unit or project.
_NAME_HEAD = re.compile(r"名称|村|单位|企业|公司|供应商|学校|姓名|镇|街道|乡|社区|项目")
# 哪个项目, 哪家企业: what kind of row the question asks for, to tell the project's name from its town's.
_ASKED_ROW = re.compile(r"哪一?(?:个|家|位|所|些|种|类|项)?([\u4e00-\u9fff]{1,2})")
# Which estate, which company: the English question's word for it (its place, Kaifu district, names another column).
_EN_ASKED_ROW = re.compile(r"\bwhich\s+(?!one\b|of\b|the\b)([a-z-]+)", re.I)
# A column that numbers the rows (序号 1, 2, 3) ranks nothing; a row that sums the others is no row to rank.
# So does one of codes (岗位代码 101, 102 …).
_ORDINAL_HEAD = re.compile(r"^(?:序号|编号|排名|排序|名次|No\.?|[\u4e00-\u9fff]{0,4}(?:代码|编码|代号)|codes?)$", re.I)
# …nor one that lumps the rest together (其他乡镇（14个）, 其它), nor a subtotal that names what it sums (12个乡小计).
_TOTAL_ROW = re.compile(r"^(?:合\s*计|总\s*计|小\s*计|共\s*计|总\s*数)$|^其[他它]|^.{1,12}(?:小\s*计|合\s*计|总\s*计)$")
# A column of years (命名年份 2022, 2025) dates its rows: it is no measure to rank them by.
_YEAR = re.compile(r"(?:19|20)\d\d")
# A column that sums each row (小计 of 保洁员, 道路维护员 …): what "the most posts" compares when no column is named.
_ROW_TOTAL_HEAD = re.compile(r"小计|合计|总计|总数")
# (最低工资, 最低生活保障, 最高人民法院: names, no superlative)
_ZH_MEASURE = re.compile(r"([\u4e00-\u9fff]{1,5})(?=最高(?!人民|法院|检察)|最多|最大|最低(?!工资|生活|收购|缴费)|"
                         r"最少|最小|排名?第)")
# Grew the fastest, 增长最快: the growth column is compared, whatever the question names before it.
_FASTEST = re.compile(r"最快(?![捷速可的])|\bfastest\b", re.I)
# 下降最快, fell the fastest: the fastest fall is the lowest growth.
_FALLING = re.compile(r"(?:下降|减少|回落|降幅|萎缩)[^，,。？?]{0,3}最快|\b(?:fell|fall(?:en|s)?|declin\w*|dropp?\w*|"
                      r"shr[au]nk)\b[^,.?]{0,20}\bfastest\b", re.I)
# The columns of growth a "fastest" compares (比上年增长, 增速, 同比增减, 涨幅).
_GROWTH_HEAD = re.compile(r"增长|增速|增幅|增减|涨幅|涨跌|环比|同比")
# 补贴总额最多, 总人数: a total of the row, which its 合计/小计 column of that measure holds (合计金额, not 合计户数).
_TOTAL_ASKED = re.compile(r"总(?:额|数|量|计)|合计")
_MONEY_HEAD = re.compile(r"金额|资金|[元额]")
_EN_MEASURE = re.compile(r"\b(?:highest|most|biggest|largest|top|lowest|least|smallest|fewest)\s+"
                         r"((?:(?!in\b|for\b|at\b|among\b|this\b|that\b|under\b|during\b|from\b|to\b|by\b|on\b|"
                         r"with\b|and\b|or\b)[\w-]+\s*){1,4})", re.I)
_RATE_HEAD = re.compile(r"增长|增幅|增速|增减|涨幅|降幅|比重|占比|比例|[率%％]")
_RATE_ASKED = re.compile(r"增长|增幅|增速|上涨|涨幅|下降|降幅|比重|占比|比例|率|"
                         r"\b(?:rate|share|percent\w*|grow\w*|rise|rose|fell|fall)\b", re.I)
# 除太原市外哪个市最多, which city other than Taiyuan: a row the question sets aside.
_EXCEPT = re.compile(r"除(?:了)?([\u4e00-\u9fff]{2,12}?)(?:以)?外|"
                     r"\b(?:other than|except(?: for)?|apart from|aside from|besides|excluding)\s+"
                     r"((?:[A-Z][\w'-]*\s*){1,3})")


def asked_rank(question: str) -> int | None:
    """0 for the first row (the highest), 1 for the runner-up, -1 for the last, when the question asks which row
    stands there; else None."""
    if not _WHICH.search(question):
        return None
    if _SECOND.search(question):
        return 1
    if _FALLING.search(question):
        return -1
    if _FIRST.search(question):
        return 0
    return -1 if _LAST.search(question) else None


def ranked_row(settings: AnswerSettings, retrieval: Retrieval, reader: IndexReader) -> Answer | None:
    """The label of the row a "which … highest" question asks for, from the first table among the top passages
    whose numeric column the question names (得分 for "scored highest", 补贴资金 for "the biggest share"), or the
    name a top passage gives the first in prose (位列第一)."""
    rank = asked_rank(retrieval.question)
    if rank is None:  # "which … the biggest share" asks for the row's name, though the extreme reads as an amount
        return None
    named = " ".join([retrieval.question, *retrieval.query_tokens])
    lot = _LOT_ASKED.search(retrieval.question)
    # A question about a table's extreme often ranks the prose that sums the table above the rows it compares: the
    # ten best passages are read for a table, the five best for prose that names the first (dev: five, not three,
    # won 2 answers; ten, not five, 1; none lost).
    # Beyond the five best, only the tables of their documents (another document's table may be of another place or
    # year, which no check here reads); each document is read once.
    first_documents = {h.chunk.doc_id for h in retrieval.hits[: settings.conflict_passages]}
    document = cache(reader.document)
    for at, hit in enumerate(retrieval.hits[: 2 * settings.conflict_passages]):
        if at >= settings.conflict_passages and hit.chunk.doc_id not in first_documents:
            continue
        if rank == 0 and at < settings.conflict_passages and (prose := _prose_first(retrieval, hit, at)) is not None:
            said, first = prose
            start, end = said.start + first.start(1), said.start + first.end(1)
            return make_answer(settings, retrieval, said, start, end, first.group(1), "row", None)
        doc = document(hit.chunk.doc_id)
        if doc is None or (span := _table_span(doc.text, hit.chunk)) is None:
            continue
        lo, hi = span
        found = _ranked(doc.text, lo, hi, named, retrieval.question, rank, lot and (lot.group(1) or lot.group(2)))
        if found is None:
            continue
        label, line_start, line_end = found
        holder = holding_passage(reader, hit.chunk.doc_id, label.start, label.end)
        if holder is None:
            continue
        row = Sentence(replace(hit, chunk=holder), at, -1, line_start, line_end, doc.text[line_start:line_end],
                       hit.score)
        return make_answer(settings, retrieval, row, label.start, label.end, label.text, "row", None)
    return None


def _prose_first(retrieval: Retrieval, hit: Hit, at: int) -> tuple[Sentence, re.Match] | None:
    """The sentence of the passage, as the index cut it, that names the first in prose (…以97.2分位列第一), and the
    match in that sentence's text."""
    for record in retrieval.sentences.get(hit.chunk.id, []):
        text = chunk_slice(hit.chunk, record.char_start, record.char_end)
        if first := _PROSE_FIRST.search(text):
            return Sentence(hit, at, record.row, record.char_start, record.char_end, text, hit.score), first
    return None


def _table_span(text: str, chunk: Chunk) -> tuple[int, int] | None:
    """The table whose rows a passage holds, or the one right under it (a caption or heading line passage)."""
    start, end = chunk.char_start, chunk.char_end
    if not has_rows(chunk.text):
        start = end = text.find("\n", end) + 1
        line_end = text.find("\n", start)
        if not start or not has_rows(text[start : line_end if line_end >= 0 else len(text)]):
            return None
    return table_block(text, start, end)


def _label_column(heading: list[Cell], first: list[Cell], question: str) -> int | None:
    """The column that names a row: the one headed by the word the question asks for (哪个学段); of several (a town's
    and its project's), the one the question asks for (哪个项目, which company); else the first."""
    # 哪个学段: the column headed by the very word asked (学段), whatever the other headings name (主要资助项目).
    asked = None if is_english(question) else _ASKED_ROW.search(question)
    headed = [i for i, head in enumerate(heading) if asked and len(asked.group(1)) == 2 and asked.group(1) in head.text
              and not is_value(first[i])]
    if len(headed) == 1:
        return headed[0]
    names = [i for i, head in enumerate(heading) if _NAME_HEAD.search(head.text) and not is_value(first[i])]
    if len(names) > 1:
        if is_english(question):
            asked_en = _EN_ASKED_ROW.search(question)
            chosen = named_by_gloss([heading[i].text for i in names], asked_en.group(1)) if asked_en else []
            if len(chosen) != 1:
                chosen = named_by_gloss([heading[i].text for i in names], question)
        else:
            asked = _ASKED_ROW.search(question)
            chosen = [j for j, i in enumerate(names) if asked and asked.group(1)[0] in heading[i].text]
        if len(chosen) == 1:
            return names[chosen[0]]
    if names:
        return names[0]
    return next((i for i, c in enumerate(first) if not is_value(c)), None)


def _ranked(text: str, lo: int, hi: int, named: str, question: str, rank: int, lot: str | None
            ) -> tuple[Cell, int, int] | None:
    """The label cell and the line span of the row at ``rank`` by the numeric column ``named`` names best."""
    lines = table_rows(text[lo:hi], lo)
    heading = next((row for row in lines if is_heading(row)), None)
    if heading is None:
        return None
    rows = [row for row in lines if len(row) == len(heading) and any(is_value(c) for c in row)
            and not any(_TOTAL_ROW.match(c.text.strip()) for c in row if not is_value(c))]
    if lot is not None:
        column = next((i for i, head in enumerate(heading) if _LOT_HEAD.search(head.text)), None)
        if column is None:
            return None
        written = re.compile(rf"(?:包|第)?\s*{lot}\s*(?:包|标段)?")
        rows = [row for row in rows if written.fullmatch(row[column].text)]
    # 排名第一的是哪个市: the row a column of places ranks there (综合指数 may rank smallest first).
    placed = next((i for i, head in enumerate(heading) if _PLACE_HEAD.fullmatch(head.text.strip())), None) \
        if _PLACE_ASKED.search(question) and lot is None and rows else None
    if placed is not None and (label_at := _label_column(heading, rows[0], question)) is not None:
        ranked = sorted((row for row in rows if is_value(row[placed])), key=lambda row: signed_number(row[placed].text))
        if len(ranked) >= 2 and -len(ranked) <= rank < len(ranked):
            return _labelled_line(text, ranked[rank], label_at)
    # A dash (—) is no value of its row (a plan has no investment): the column is still a measure of the others.
    numeric = [i for i in range(len(heading)) if rows and all(is_value(row[i]) or _NONE.fullmatch(row[i].text.strip())
                                                            for row in rows)
               and any(is_value(row[i]) for row in rows)
               and not _ORDINAL_HEAD.match(heading[i].text.strip())
               and not _years(heading[i], [row[i] for row in rows if is_value(row[i])])]
    if len(rows) < 2 or not numeric:
        return None
    column = _measure_column(heading, numeric, named, question)
    label_at = _label_column(heading, rows[0], question)
    if column is None or label_at is None:
        return None
    valued = [row for row in rows if is_value(row[column]) and not _set_aside(question, row[label_at].text)]
    if len(valued) < 2:
        return None
    ordered = sorted(valued, key=lambda row: -signed_number(row[column].text))
    if not -len(ordered) <= rank < len(ordered):
        return None
    return _labelled_line(text, ordered[rank], label_at)


def _labelled_line(text: str, row: list[Cell], label_at: int) -> tuple[Cell, int, int]:
    """The row's label cell and its whole line, which is its sentence as a table answer cites it
    (rag.answer.table_answer)."""
    line_start = text.rfind("\n", 0, row[0].start) + 1
    line_end = text.find("\n", row[-1].end)
    return row[label_at], line_start, len(text) if line_end < 0 else line_end


_NONE = re.compile(r"[—–\-－/／]{1,2}|无")
# A question about a place in a ranking (排名第一, ranked second), and the column that states the places.
_PLACE_ASKED = re.compile(r"排名|名次|位列|名列|位居|\b(?:ranked|ranking|came|placed)\b", re.I)
_PLACE_HEAD = re.compile(r"排名|名次|排序|位次|综合排名")


def _set_aside(question: str, label: str) -> bool:
    """Whether the question sets the row labelled ``label`` aside (除太原市外, other than Taiyuan)."""
    for found in _EXCEPT.finditer(question):
        if (zh := found.group(1)) and (zh in label or (len(stem := place_stem(zh)) >= 2 and stem in label)):
            return True
        if found.group(2) and any(s in label for _, spellings in english_names(found.group(2)) for s in spellings):
            return True
    return False


def _years(head: Cell, column: list[Cell]) -> bool:
    return "年" in head.text and all(_YEAR.fullmatch(cell.text.strip()) for cell in column)


def _measure_column(heading: list[Cell], numeric: list[int], named: str, question: str) -> int | None:
    """The numeric column the question asks to compare: the one the words of its superlative name (资金最多, the
    largest amount of money involved), else the one its terms name best when they name half of it; else the column
    that sums each row (小计: the most posts), a column its terms name at all, or the table's only measure."""
    if _FASTEST.search(question):  # grew the fastest: the one column of growth, else no column to compare
        growth = [i for i in numeric if _GROWTH_HEAD.search(heading[i].text)]
        if len(growth) > 1:
            growth = [i for i in growth if overlap(heading[i].text, named) > 0] or growth
        return growth[0] if len(growth) == 1 else None
    if asked := _asked_measure(question):
        headings = [heading[i].text for i in numeric]
        chosen = (named_by_gloss(headings, asked) if is_english(asked)
                  else [j for j, head in enumerate(headings) if overlap(head, asked) > 0])
        # 标准涨幅最大 over 月最低工资标准 and 月标准增幅: the column headed with the rise's other word.
        if len(chosen) > 1 and not is_english(asked) and asked[-2:] in _SAME_HEAD:
            chosen = [j for j in chosen if any(t in headings[j] for t in _SAME_HEAD[asked[-2:]])] or chosen
        if len(chosen) == 1:
            return numeric[chosen[0]]
        if _TOTAL_ASKED.search(asked):
            money = bool(re.search(r"额|金|钱|费", asked))
            totals = [i for i in numeric if _ROW_TOTAL_HEAD.search(heading[i].text)
                      and bool(_MONEY_HEAD.search(heading[i].text)) == money]
            if len(totals) == 1:
                return totals[0]
    shares = {i: overlap(heading[i].text, named) for i in numeric}
    share, best = max((value, i) for i, value in shares.items())
    # Columns the question names alike and weakly (项目个数, 后扶资金, 受益移民 for 项目资金最多): the head noun,
    # last in Chinese.
    tied = [i for i in numeric if shares[i] == share]
    if len(tied) > 1 and share < 0.5 and asked and not is_english(asked):
        best = next((i for i in tied if asked[-2:] in heading[i].text), best)
    if share >= 0.5:
        return best
    totals = [i for i in numeric if _ROW_TOTAL_HEAD.search(heading[i].text)]
    if len(totals) == 1:
        return totals[0]
    if share > 0:
        return best
    # 哪一项支出最多 over 决算数 and 比上年增长: the most is of the amount, not of its growth or share.
    amounts = [i for i in numeric if not _RATE_HEAD.search(heading[i].text)]
    return numeric[0] if len(numeric) == 1 else amounts[0] if len(amounts) == 1 and not _RATE_ASKED.search(question) \
        else None


# A rise is headed 增幅 as often as a question says 涨幅 (月标准增幅 for 标准涨幅最大).
_SAME_HEAD = {"涨幅": ("增幅", "升幅"), "增幅": ("涨幅",), "降幅": ("减幅",), "减幅": ("降幅",)}


def _asked_measure(question: str) -> str | None:
    """The words that name what the question compares: before a Chinese superlative (安排的资金最多 -> 资金), after
    an English one (the largest amount of money involved in … -> amount of money involved)."""
    if is_english(question):
        found = _EN_MEASURE.search(question)
        return found.group(1) if found else None
    found = _ZH_MEASURE.search(question)
    # 哪一项支出最多: 支出, not the question word before it (哪个市最多 names no measure).
    measure = re.split(r"[的了是]|哪[个一家位所些项类种]*", found.group(1))[-1] if found else ""
    return measure if len(measure) >= 2 else None
