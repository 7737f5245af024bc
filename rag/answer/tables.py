"""Figures from tables flattened to lines (cells split by tabs or runs of spaces).

Official documents end with allocation tables and indicator tables (市别 / 新创建产业园 / 补助资金;
指标名称 / 单位 / 完成数 / 年度目标); copied from a page or a PDF they become lines of cells. A
question that names a row (潍坊市, 农村居民人均可支配收入) asks for one cell of it: the column whose
heading the question names (补助资金, 年度目标), else the row's first figure of what was achieved (完成值,
not the 年度目标 before it). A sentence scorer does
not see rows as sentences, so this is read off the lines themselves (their rows and cells:
rag.answer.table_lines; which row a question names: rag.answer.row_names).
"""

from __future__ import annotations

import re

from rag.answer.bands import named_band
from rag.answer.captions import caption_line, caption_measures, caption_units
from rag.answer.row_names import MIN_LABEL, UNIT_CELL, glossed_row, names_row, own_place, row_names, spells_row
from rag.answer.table_lines import NUMERIC, UNIT_NOTE, Cell, is_heading, is_value, row_label, table_block, table_rows
from rag.text.figures import same_unit_class

_EARLIER_COLUMN = re.compile(r"上年|去年|上一年")  # 上年预算数 beside 本年预算数
# Columns of what was planned rather than achieved (年度目标, 计划数, 预期): an indicator table puts them first.
_PLAN_COLUMN = re.compile(r"目标|计划|预期|预计|预算")  # 调整预算数 beside 决算数: the budget is the plan
_ASKS_TARGET = re.compile(r"目标|预期|力争|\btargets?\b|\bgoals?\b", re.I)  # 计划 also names programmes
_ASKS_PLAN = re.compile(r"目标|计划|预期|预计|力争|预算|target|plan|goal|expect|budget", re.I)
# The accounts of public finance are named budgets (一般公共预算, general public budget) whether a figure is planned or
# spent: a final account's 一般公共预算财政拨款支出决算数 is what was spent, so the name says nothing of a plan.
_ASKS_BUDGET = re.compile(r"预算|\bbudget", re.I)
_BUDGET_ACCOUNT = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|"
                             r"\b(?:general public|government(?:al)?[- ]fund|state[- ]capital operations?|"
                             r"social (?:insurance|security) fund) budgets?\b", re.I)


def _plan_column(heading: str) -> bool:
    """A column of what was planned (目标, 预算数), not one named after an account (一般公共预算财政拨款)."""
    return bool(_PLAN_COLUMN.search(_BUDGET_ACCOUNT.sub(" ", heading)))


def _naming_columns(question: str, asked: str, written: str) -> str:
    """``question`` (with its bridged terms) as it names columns: an account's name (general public budget, bridged
    to 预算) names neither the 年初预算 column nor any other, unless the question also asks about a budget.
    ``written``: the question as asked, without its accounts' names."""
    kept = _BUDGET_ACCOUNT.sub(" ", question)
    if asked and written != asked and not _ASKS_BUDGET.search(written):
        kept = kept.replace("预算", " ")
    return kept


# The column of a row's total (中央资金 省级资金 … 小计) answers a question that asks for the total.
_TOTAL_COLUMN = re.compile(r"^(?:小计|合计|总计|共计)")  # the label of a total row too
_TOTAL_END = re.compile(r"(?:小计|合计|总计|共计)$")  # 补贴合计, 本次下达合计: the total of the columns before it
_ASKS_TOTAL = re.compile(r"合计|总计|共计|一共|总共|\bin total\b|\btotal\b|altogether", re.I)
# A column of rates (就业率, 占比（%）) answers a rate question only; a count or money question is another column's.
_RATE_COLUMN = re.compile(r"率|比例|占比|比重|[（(][%％][）)]")
# A column of a rate per unit (补助标准（元/亩）, 单价) beside one of the sum (补助金额): what a row gets is the sum,
# unless the question asks for the standard or a rate per unit (每亩, per mu, how much per …).
STANDARD_COLUMN = re.compile(r"标准|单价|定额|元/")
_ASKS_STANDARD = re.compile(r"标准|单价|每|\bper\b|\bstandards?\b|\brates?\b|\beach\b", re.I)
_ASKS_RATE = re.compile(r"每(?:人|月|亩|吨|头|平方米)|\bper (?:person|head|capita|intern|month|mu|tonne|ton|square)\b|"
                        r"\bmonthly\b", re.I)



def _text_cells(row: list[Cell], label: str = "") -> str:
    """A row's text cells but ``label``, joined."""
    return " ".join(c.text for c in row if row_label(c) != label and not NUMERIC.match(c.text))


def overlap(heading: str, question: str) -> float:
    """Share of the heading's character pairs that the question contains (补助资金 in 补助资金中…)."""
    pairs = _pairs(heading)
    return sum(p in question for p in pairs) / len(pairs) if pairs else 0.0


def _pairs(heading: str) -> list[str]:
    core = row_label(Cell(0, 0, heading))
    return [core[i : i + 2] for i in range(len(core) - 1)]


def _pairs_named(heading: str, question: str) -> int:
    """How many of the heading's character pairs the question contains: of columns it names in equal shares
    (总投资 and 上半年完成投资 for investment in the first half of the year), the one that names more of it."""
    return sum(p in question for p in _pairs(heading))


def _written_whole(heading: str, question: str) -> bool:
    """The question writes a column's whole name of three characters or more (新安装智能终端): it names that column
    more surely than a neighbour whose name it shares a word of (海洋渔船) and whose unit it asks (艘)."""
    core = row_label(Cell(0, 0, heading))
    return len(core) >= 3 and core in question


def row_cell(question: str, text: str, lo: int = 0, hi: int | None = None, asks: int = 1,
             unit: str | None = None, money: bool | None = None, rate: bool | None = None,
             own: str = "", issuer: str = "", asked: str = "", year: int = 0,
             counted: dict[str, float] | None = None, glossed: bool = True) -> list[Cell]:
    """The cells of a table in ``text`` that answer ``question`` (one per asked column, at most ``asks``):
    the row over ``lo`` to ``hi`` whose label the question names (the cells that answer lie inside), in the
    columns whose headings (found above the row, anywhere before it) it names best; a heading whose unit
    note is the measure word asked (惠及户数（户） for 多少户, households) is named best of all. ``money`` and
    ``rate``: whether the question asks for money or a rate (None: either), which rules columns out. ``own``:
    the document's title and issuer, whose place names a row only when the question names that row itself.
    ``issuer``: a row labelled with a word of the issuer's name (体育 of 教育体育局) is named only where ``asked``, the
    question as written, says it outside that name: naming the issuer (Education and Sports Bureau) names no row.
    ``year``: 1 when the question asks about the document's own year, which a 上年 column (上年预算数) does not state,
    -1 when it asks about the year before, which such a column does (table_answer._asked_year). ``counted``: the
    terms of what the question counts with their nearness to its ask (rag.answer.counted.counted_terms: 隐患 of how
    many hidden hazards were found during inspections), which decide between columns its words name alike (检查):
    ties only, so a question that names no one column best still asks for their total. ``glossed``: whether a row an
    English question names only by its label's dictionary glosses answers when none is named by its terms."""
    hi = len(text) if hi is None else hi
    rows = table_rows(text)
    best: tuple[int, str] | None = None  # (row index, its label)
    finest = 0  # how near its row's values the best label stands (minus the cells between)
    # A label the question writes (or spells in pinyin) first; else one its bridged terms spell word by word.
    for named in (names_row, spells_row):
        for i, row in enumerate(rows):
            # A row may straddle two passages (its label in one, its figures in the next): it belongs to both.
            if not row or row[-1].end <= lo or row[0].start >= hi or is_heading(row):
                continue
            # A row is named by any of its text cells (序号 1, 街道 谢家湾街道, 小区 建设厂三村): the longest named.
            # A unit column (万吨, 亿元) names no row: every row has it.
            # How near its values a label stands (cells to the first number after it; none: a row of names only).
            numbers = [k for k, c in enumerate(row) if is_value(c)]
            cells = [(name, -min((n - k for n in numbers if n > k), default=len(row) + 1))
                     for k, c in enumerate(row) if not NUMERIC.match(c.text) and not UNIT_CELL.match(c.text)
                     for name in row_names(row_label(c))]
            label, near = max(((t, k) for t, k in cells if named(t, question) and not own_place(t, question, own)
                               and not (issuer and t in issuer and t not in asked.replace(issuer, " "))),
                              key=lambda x: (len(x[0]), x[1]), default=("", 0))
            # Of labels alike in length, the one nearer the values: a table with merged cells (rowspan) writes a
            # group's label (青年人才生活补贴) in its first row only, before that row's own (全日制博士研究生).
            if len(label) >= MIN_LABEL and (best is None or (len(label), near) > (len(best[1]), finest)):
                best, finest = (i, label), near
        if best is not None:
            break
    if best is None and asked and glossed:
        best = glossed_row(rows, lo, hi, asked)
    if best is None:
        return []
    at, label = best
    # A group the question names (进口, written once over its rows) is answered by its subtotal row (进口小计).
    total = next((j for j in range(at + 1, len(rows)) if rows[j] and row_label(rows[j][0]).startswith(label)
                  and _TOTAL_COLUMN.fullmatch(row_label(rows[j][0])[len(label):])), None)
    if total is not None and table_block(text, rows[total][0].start, rows[total][-1].end)[0] <= rows[at][0].start:
        at, label = total, row_label(rows[total][0])
    # A label that several rows share is a category (类别 国家标准, 所在县 玛曲县): the row is the one whose other
    # text cells the question names best (牦牛乳 for a yak dairy company), and none if no row stands out.
    own_lo, own_hi = table_block(text, rows[at][0].start, rows[at][-1].end)  # rows of another table are others'
    sharing = [i for i, r in enumerate(rows) if r and not is_heading(r) and any(row_label(c) == label for c in r)
               and own_lo <= r[0].start and r[-1].end <= own_hi]
    # First the one whose band holds a value the question states (汽车券 for a car of 120,000 yuan: the row of
    # 裸车价10万元（含）以上, not of 5万元（含）至10万元, though that one writes 万元 twice).
    if len(sharing) > 1 and len(held := named_band([_text_cells(rows[i], label) for i in sharing], question)) == 1:
        at = sharing[held[0]]
    elif len(sharing) > 1:
        named = [sum(overlap(c.text, question) for c in rows[i] if row_label(c) != label and not NUMERIC.match(c.text))
                 for i in sharing]
        if named.count(max(named)) > 1:
            return []
        at = sharing[named.index(max(named))]
    row = rows[at]
    # The heading rows of this table, nearest first (a heading row of another table above is no heading of it).
    headings = [rows[j] for j in range(at - 1, -1, -1) if is_heading(rows[j]) and rows[j][0].start >= own_lo]
    heading = next((h for h in headings if len(h) == len(row)), None)
    if heading is None:
        # A total row whose label spans merged cells (合计 20 339 under 序号 单位 类别 项数 金额), or a heading label
        # cut in two by a space (县　区 over 陈仓区): the value columns are the heading's last ones.
        wider = next((h for h in headings if len(h) > len(row)), None)
        heading = wider[len(wider) - len(row) :] if wider is not None else None
    # A leading number before the row's text cells is its 序号, not a value.
    numbered = bool(NUMERIC.match(row[0].text)) and any(not NUMERIC.match(c.text) for c in row[1:])
    values = [k for k, c in enumerate(row) if is_value(c) and not (k == 0 and numbered)]
    if not values:
        return []
    if heading is None:
        return [row[values[0]]] if lo <= row[values[0]].start and row[values[0]].end <= hi else []
    # A caption may list the values' units in column order (（单位：户、台（套）、万元）): each column's note.
    caption = caption_line(text, text.rfind("\n", 0, heading[0].start) + 1)
    units, measures = caption_units(caption), caption_measures(caption)
    # One unit for the whole table (单位：万元) is every column's.
    each = units if len(units) == len(values) else units * len(values) if len(units) == 1 else []
    noted = {k: f"{heading[k].text}（{each[i]}）" if each else heading[k].text for i, k in enumerate(values)}
    if measures:  # units named by what they measure: each column takes the one its heading names
        measured = {k: _measure_of(heading[k].text, measures) for k in values}
        noted = {k: f"{heading[k].text}（{measured[k]}）" if measured[k] else noted[k] for k in values}
    # A money question is answered by a column of 元, a count by one of another measure (里程（公里） answers no pay).
    if money is not None:
        values = [k for k in values if _column_money(noted[k]) in (None, money)]
        if not values:
            return []
        # and from a column that says it is money (投入资金, 资金（万元）) or totals them, where there is one
        if money and any(_column_money(noted[k]) for k in values):
            values = [k for k in values if _column_money(noted[k]) or _TOTAL_COLUMN.match(heading[k].text)
                      or _TOTAL_END.search(heading[k].text)]
    if rate is not None:  # a rate question falls back to any column when none is a rate's; a count never reads one
        fitting = [k for k in values if bool(_RATE_COLUMN.search(heading[k].text)) == rate]
        values = fitting if fitting or not rate else values
        if not values:
            return []
    total = 0.5 if _ASKS_TOTAL.search(question) else 0.0  # ties, not a column the question names (装机容量合计)
    # A bridged term (expected -> 预期) does not make a question ask for a target, nor an account's name for a plan.
    written = _BUDGET_ACCOUNT.sub(" ", asked or question)
    # Of columns named alike (计划投资, 完成投资), one of what was achieved answers unless the question asks the plan.
    plan = bool(_ASKS_PLAN.search(written))
    per_unit = bool(_ASKS_STANDARD.search(written))
    done = not plan
    # A column of a part (其中野血牦牛 beside 调配种公牛) is asked only when the question names it clearly.
    naming = _naming_columns(question, asked, written)
    planned = {k: _plan_column(heading[k].text) for k in values}
    scored = sorted(((overlap(heading[k].text, naming) * (0.5 if heading[k].text.startswith("其中") else 1.0)
                      + _unit_named(noted[k], unit) + 0.5 * _written_whole(heading[k].text, naming)
                      + total * bool(_TOTAL_COLUMN.match(heading[k].text))
                      - year * bool(_EARLIER_COLUMN.match(heading[k].text))
                      - 0.5 * (not per_unit and bool(STANDARD_COLUMN.search(noted[k]))),
                      _pairs_named(heading[k].text, naming), done and not planned[k],
                      _counted_in(heading[k].text, counted or {}), -k, k)
                     for k in values), reverse=True)
    # A question about a target is not answered by a table of what was achieved (no 目标/计划 column), nor one about a
    # rate per person, month or mu (每人每月) by a table of sums (见习补贴 of each unit) with no column of standards.
    if _ASKS_TARGET.search(written) and not any(planned.values()):
        return []
    if _ASKS_RATE.search(written) and not any(STANDARD_COLUMN.search(noted[k]) for k in values):
        return []
    # A question that names no column asks what was achieved, unless it asks for the target.
    achieved = [k for k in values if plan or not planned[k]]
    chosen = [k for score, *_, k in scored[:asks] if score > 0]
    if not chosen:  # the one column of the plan or of what was achieved, as asked, and not a rate unless asked
        fits = [k for k in values if planned[k] == plan
                and (rate or not _RATE_COLUMN.search(heading[k].text))]
        if len(fits) > 1:
            return []  # several measures and none named (海洋渔船, 补助资金 for accidents): another one is asked
        pool = achieved or values  # the best scored of them: not a 上年 column when this year is asked
        chosen = fits or [next(k for *_, k in scored if k in pool)]
    # A question that names no one column best (以奖代补资金 names 基础补助 and 考核奖励 alike) asks for their total.
    totals = [k for k in values if _TOTAL_COLUMN.match(heading[k].text)]
    if asks == 1 and totals and len(scored) > 1 and scored[0][0] == scored[1][0] and chosen[0] not in totals:
        chosen = totals[:1]
    found = [row[k] for k in sorted(chosen)]
    return found if all(lo <= c.start and c.end <= hi for c in found) else []  # cited: inside the passage


def _measure_of(heading: str, measures: list[tuple[str, str]]) -> str | None:
    """The unit of the measure a column heading names (民宿单位：家; 资金单位：万元); of several, the one its heading
    ends nearest, since a Chinese noun phrase ends with what it is (民宿奖补资金 is money, 奖补民宿 homestays)."""
    named = [(heading.rfind(label) + len(label), unit) for label, unit in measures if label in heading]
    return max(named, key=lambda x: x[0])[1] if named else None


def _counted_in(heading: str, counted: dict[str, float]) -> float:
    """How near the ask the nearest counted term a column heading writes stands (0: none)."""
    return max((weight for term, weight in counted.items() if term in heading), default=0.0)


def _unit_notes(heading: str) -> list[str]:
    """The bracketed notes of a column heading (补助资金（万元） -> 万元)."""
    return [n.strip("（()）") for n in UNIT_NOTE.findall(heading)]


# A heading that ends with a grant (今年省级下达门诊和住院补助) is money too; one that only names it (补助人数) is not.
_MONEY_HEADING = re.compile(r"金额|资金|经费|费用|收入|支出|投资|投入|预算|决算|(?:补助|补贴|奖补|奖励)$")


def _column_money(heading: str) -> bool | None:
    """Whether a column heading's unit note (补助资金（万元）, 户数（户）) states money, another measure, or nothing;
    a heading without a note that names an amount of money (补助金额) is money."""
    notes = _unit_notes(heading)
    if notes and notes[-1]:
        return "元" in notes[-1]
    return True if _MONEY_HEADING.search(heading) else None


def _unit_named(heading: str, unit: str | None) -> float:
    """1 for a column that counts in the measure word asked: its note says so (户数（户）) or its name (居民户数)."""
    if not unit:
        return 0.0
    named = f"{unit}数" in UNIT_NOTE.sub("", heading)
    # A note in ten thousands (服务零工（万人次）) counts in the unit itself (多少万人次: 人次).
    return 1.0 if named or any(n and (same_unit_class(n, unit) or same_unit_class(_SCALED.sub("", n) or n, unit))
                               for n in _unit_notes(heading)) else 0.0


_SCALED = re.compile(r"^[万亿千百]+")
