"""Which column of a flattened table answers: units named by what they measure, split headings, money columns,
abbreviated row labels, totals. Invented tables, pure functions."""

from __future__ import annotations

from rag.answer.captions import caption_measures, caption_units
from rag.answer.table_lines import cells, table_block
from rag.answer.tables import row_cell

_CANTEENS = ("各片区运营情况如下：\n"
             "2024年长者饭堂运营情况表（饭堂单位：个；供餐单位：万人次；补贴单位：万元）\n"
             "片区\t长者饭堂\t供餐人次\t其中送餐上门\t助餐补贴\n"
             "东山片区\t6\t5.82\t1.64\t26.4\n"
             "南岭片区\t5\t4.96\t1.38\t22.8\n"
             "合计\t11\t10.78\t3.02\t49.2\n")


def _cells(question: str, table: str, **options) -> list[str]:
    return [c.text for c in row_cell(question, table, **options)]


def _table_answer(text: str, question: str, kind, header) -> str | None:
    """The table step's answer over one passage holding ``text``, with a reader that serves it as its document."""
    from types import SimpleNamespace

    import numpy as np

    from rag.answer.span import AnswerSettings
    from rag.answer.table_answer import table_answer
    from rag.chunking import Chunk
    from rag.search.retrieval import Hit, Retrieval
    from rag.text.lexical import tokenize

    chunk = Chunk("d:0", "d", "d.txt", (), 0, len(text), text)
    reader = SimpleNamespace(document=lambda doc_id: SimpleNamespace(id="d", text=text, header=header),
                             passages=lambda doc_id: [chunk], summaries=lambda ids: {"d": {"title": header.title}},
                             mentioned=lambda terms: set(terms))
    tokens = tokenize(question)
    retrieval = Retrieval(question, [Hit(chunk, 1.0)], kind, None, tokens, {t: 1.0 for t in tokens}, None, {}, {},
                          np.zeros(1))
    answer = table_answer(AnswerSettings(), retrieval, [Hit(chunk, 1.0)], reader)
    return answer.text if answer else None


def test_a_caption_names_what_each_unit_measures():
    caption = "2024年粮食生产情况(面积单位:万亩;产量单位:万吨)"
    assert caption_units(caption) == ["万亩", "万吨"]
    assert caption_measures(caption) == [("面积", "万亩"), ("产量", "万吨")]
    assert caption_measures("表2 拟发放情况（单位：户、台（套）、万元）") == []
    assert caption_measures("情况表（2025年，单位：万元）") == []


def test_a_column_counts_in_the_unit_its_heading_word_is_given():
    # 长者饭堂 and 助餐补贴 are both in the question; only 补贴 is counted in the 万元 asked
    assert _cells("东山片区长者饭堂发放助餐补贴多少万元？", _CANTEENS, unit="万元") == ["26.4"]
    assert _cells("东山片区有多少个长者饭堂？", _CANTEENS, unit="个") == ["6"]


def test_a_heading_label_cut_by_a_space_lines_up_with_the_last_columns():
    table = ("拟支持企业汇总表（企业单位：家；资金单位：万元）\n"
             "县\u3000区\t拟支持企业\t拟安排资金\n"
             "东湖区\t27\t396.20\n"
             "西岭县\t12\t146.70\n")
    assert _cells("How much funding is proposed for companies in Donghu District? 资金 东湖区", table,
                  money=True) == ["396.20"]


def test_the_heading_of_another_table_above_is_not_this_tables():
    # the metadata table's heading has as many cells as the row; this table's has one more (县　区)
    table = ("索引号\t发布机构\t文号\n"
             "001\t某局\t某发〔2025〕1号\n"
             "正文第一段。\n"
             "县\u3000区\t拟支持企业\t拟安排资金（万元）\n"
             "东湖区\t27\t396.20\n")
    assert _cells("东湖区拟安排资金多少万元？", table, money=True) == ["396.20"]


def test_a_markdown_tables_heading_over_its_rule_line_is_part_of_the_table():
    table = "表1\n| 村 | 整治条数 | 投入资金 |\n|---|---:|---:|\n| 南湖村 | 4 | 312 |\n"
    assert table_block(table, table.find("南湖"), table.find("南湖") + 3) == (3, len(table) - 1)
    # A sparse row (the 合计 row, most of its cells empty) is a row of the table still: a passage that begins with it
    # holds the table's rows.
    wide = ("| 序号 | 村 | 类型 | 得分 | 奖补 |\n|---|---|---|---:|---:|\n| 1 | 南山村 | 一般村 | 95.5 | 30 |\n"
            "|  | 合计 |  |  | 434 |\n")
    assert [c.text for c in cells(wide.splitlines()[-1])] == ["合计", "434"]
    assert table_block(wide, wide.find("合计"), len(wide)) == (0, len(wide) - 1)
    assert cells("| 合计 | 434 |") == []  # two columns: no table said so


def test_a_money_question_takes_the_column_that_says_it_is_money():
    table = "| 村 | 整治条数 | 整治长度 | 投入资金 |\n|---|---:|---:|---:|\n| 南湖村 | 4 | 7.8 | 312 |\n"
    # "invested" bridges to 投资, which no heading writes: the one money column answers
    assert _cells("How much was invested in river improvement in 南湖村? 投资 河流", table, money=True) == ["312"]
    assert _cells("南湖村整治了多少条河道？条数", table, money=False) == ["4"]


def test_an_english_question_names_a_row_by_its_abbreviation():
    table = ("| 科目 | 调整预算数 | 决算数 |\n|---|---:|---:|\n"
             "| 教育 | 141800 | 142600 |\n| 科学技术 | 18200 | 19150 |\n")
    question = "What was the actual spending on science and technology in the final accounts? 实际 支出 科技 决算"
    assert _cells(question, table, money=True) == ["19150"]
    assert _cells("What was spent on culture? 文化 支出", table, money=True) == []


def test_a_question_naming_two_parts_alike_asks_for_their_total():
    table = "县区\t基础补助\t考核奖励\t合计\n东湖区\t385.8\t150\t535.8\n"
    assert _cells("How much reward-for-subsidy money does Donghu District get? 东湖区 奖励 补助", table,
                  money=True) == ["535.8"]
    assert _cells("东湖区的考核奖励是多少？", table, money=True) == ["150"]


def test_an_english_question_names_a_row_by_two_gloss_words_of_its_label():
    table = ("| 功能科目 | 年初预算数 | 决算数 |\n|---|---:|---:|\n"
             "| 养老服务 | 2286.00 | 2396.24 |\n| 儿童福利 | 782.60 | 779.10 |\n| 殡葬管理 | 120.00 | 118.50 |\n")
    question = "How much was actually spent on elderly care services?"
    assert _cells(f"{question} 实际 支出", table, money=True, asked=question) == ["2396.24"]
    # one word in common (welfare) is not enough to name a row
    other = "How much went to welfare?"
    assert _cells(f"{other} 支出", table, money=True, asked=other) == []


def test_benefits_bridge_to_what_social_insurance_pays():
    from rag.text.cedict import glossary

    assert glossary()["benefits"][0] == "待遇"


def test_of_a_planned_and_an_achieved_column_named_alike_the_achieved_one_answers():
    table = ("全年重点项目完成情况表（投资单位：万元）\n"
             "序号\t项目名称\t计划投资\t完成投资\n"
             "1\t山区道路提升工程\t1860\t1820\n"
             "2\t农村污水处理工程\t1420\t1386\n")
    invested = "How much was invested in the rural sewage treatment project? 农村污水处理工程 投资"
    assert _cells(invested, table) == ["1386"]
    planned = "How much investment was planned for the sewage treatment project? 农村污水处理工程 投资 计划"
    assert _cells(planned, table) == ["1420"]


def test_a_column_the_question_names_beats_the_total_column_a_total_word_points_to():
    table = ("表1　各镇退出电站测算（电站单位：座；装机容量单位：千瓦；资金单位：万元）\n"
             "镇\t退出电站\t装机容量\t退出补偿\t生态修复\t小计\n"
             "东岭镇\t5\t1380\t198.4\t36\t234.4\n"
             "西川镇\t4\t1120\t160.6\t30\t190.6\n")
    assert _cells("东岭镇拟退出的小水电站装机容量合计是多少千瓦？", table, money=False) == ["1380"]
    assert _cells("东岭镇退出补偿和生态修复资金合计多少万元？", table, unit="万元", money=True) == ["234.4"]


def test_a_group_label_of_merged_cells_names_no_row_beside_the_rows_own_label():
    # <td rowspan="2">青年人才生活补贴</td> is written in the first row of its group only.
    table = ("人才补贴拟发放情况（人数单位：人；金额单位：万元）\n"
             "补贴类别\t人才层次\t补贴标准\t拟发放人数\t拟发放金额\n"
             "青年人才生活补贴\t全日制博士研究生\t每人每月3000元\t24\t86.4\n"
             "全日制硕士研究生\t每人每月2000元\t152\t364.8\n")
    assert _cells("本批青年人才生活补贴中，全日制硕士研究生拟发放多少人？", table, money=False) == ["152"]
    assert _cells("本批青年人才生活补贴中，全日制博士研究生拟发放多少人？", table, money=False) == ["24"]


def test_a_group_the_question_names_is_answered_by_its_subtotal_row():
    table = ("主要进出口商品情况（数量单位：万吨；金额单位：亿元）\n"
             "类别\t商品\t数量\t金额\n"
             "进口\t原煤\t312.4\t24.6\n"
             "木材\t18.2\t1.9\n"
             "进口小计\t330.6\t26.5\n"
             "出口\t果蔬\t40.8\t8.2\n"
             "出口小计\t40.8\t8.2\n")
    assert _cells("上半年进口金额是多少亿元？", table, unit="亿元", money=True) == ["26.5"]
    assert _cells("上半年进口原煤金额是多少亿元？", table, unit="亿元", money=True) == ["24.6"]


def test_a_table_that_counts_in_other_measures_answers_no_count_of_enterprises():
    from rag.answer.table_answer import _unit_fits
    from rag.text.figures import FigureKind

    assert not _unit_fits(FigureKind.COUNT, ["万吨", "亿元"], "家", "类别 商品 数量 金额")
    assert _unit_fits(FigureKind.COUNT, ["家", "万元"], "家")
    assert _unit_fits(FigureKind.COUNT, ["个"], "处")  # 个 and 处 count places alike
    assert _unit_fits(FigureKind.COUNT, ["万吨", "亿元"], "家", "类别 企业数（家） 金额")  # a heading's note
    assert _unit_fits(FigureKind.COUNT, ["万吨", "亿元"])  # no measure word asked


def test_a_cell_answers_an_amount_question_and_never_a_date_question():
    from types import SimpleNamespace

    from rag.text.figures import FigureKind

    text = ("2025年秋季学期各幼儿园受助幼儿情况（单位：人）\n幼儿园\t受助幼儿\t其中新增\n城关幼儿园\t138\t21\n"
            "新区幼儿园\t96\t14\n资助资金于11月30日前发放到幼儿监护人账户。\n")
    header = SimpleNamespace(title="某县教育局关于2025年秋季学期学前教育资助的公告", issuer="某县教育局",
                             date="2025-09-01")
    assert _table_answer(text, "城关幼儿园受助幼儿多少人？", FigureKind.COUNT, header) == "138"
    assert _table_answer(text, "城关幼儿园受助幼儿的资助资金什么时候发放？", FigureKind.DATE, header) is None


def test_what_a_row_gets_is_the_sum_column_unless_the_standard_per_unit_is_asked():
    table = ("拟补助对象名单（面积单位：亩；补助标准单位：元/亩；补助金额单位：万元）\n"
             "序号\t经营主体\t验收面积\t补助标准\t补助金额\n"
             "1\t铁山岭茶业有限公司\t452\t500\t20.00\n"
             "2\t东峰家庭农场\t68\t800\t5.44\n")
    got = "铁山岭茶业有限公司这次拟拿到多少补助？"
    assert _cells(got, table, money=True, asked=got) == ["20.00"]
    rate = "东峰家庭农场每亩补助多少元？"
    assert _cells(rate, table, money=True, asked=rate) == ["800"]
    # A table of each unit's sum, with no column of standards, does not answer a rate per person and month: a
    # sentence states it (补贴标准由每人每月1,600元提高到1,800元).
    sums = ("见习补贴拟拨付明细表（单位：人、元）\n"
            "序号\t见习单位\t单位类别\t见习人数\t见习补贴\n"
            "1\t某某电子科技有限公司\t示范\t12\t126,000\n"
            "2\t某某新材料有限公司\t一般\t8\t75,600\n")
    monthly = "What is the new monthly internship subsidy per intern for a demonstration (示范) unit?"
    assert _cells(monthly, sums, money=True, asked=monthly) == []
    assert _cells("某某电子科技有限公司拟拨付见习补贴多少元？", sums, money=True) == ["126,000"]


_FINAL_ACCOUNTS = ("表2　2024年度一般公共预算财政拨款支出决算（单位：万元）\n"
                   "| 科目名称 | 年初预算 | 决算数 | 完成预算 |\n"
                   "|---|---|---|---|\n"
                   "| 特困人员救助供养 | 1318.00 | 1402.66 | 106.4% |\n"
                   "| 临时救助 | 512.00 | 497.35 | 97.1% |\n")


def test_an_accounts_name_is_no_question_about_the_budgeted_figure():
    # 一般公共预算 names the account a final account's 决算数 was spent from, not the 年初预算 column.
    spent = ("How much general public budget money did the bureau spend on temporary assistance in 2024? "
             "一般 公共 预算 支出 临时救助")
    assert _cells(spent, _FINAL_ACCOUNTS, money=True, asked=spent.split("?")[0], year=1) == ["497.35"]
    chinese = "2024年一般公共预算财政拨款支出中临时救助决算数是多少万元？"
    assert _cells(chinese, _FINAL_ACCOUNTS, money=True, asked=chinese, year=1) == ["497.35"]
    budgeted = ("How much general public budget money was budgeted for temporary assistance at the start of 2024? "
                "一般 公共 预算 临时救助")
    assert _cells(budgeted, _FINAL_ACCOUNTS, money=True, asked=budgeted.split("?")[0], year=1) == ["512.00"]


def test_a_final_account_or_spending_asked_without_a_unit_is_money():
    from types import SimpleNamespace

    from rag.text.asked import expected_kind
    from rag.text.figures import FigureKind

    # 决算, 支出 and 拨款 are sums of money: 决算数是多少 (no 万元 asked) is read off the 决算数 column, not the rate.
    for question in ("临时救助科目的决算数是多少？", "2024年度公务接待费决算支出是多少？", "今年财政拨款是多少？"):
        assert expected_kind(question) == FigureKind.MONEY, question
    header = SimpleNamespace(title="某县民政局2024年度部门决算", issuer="某县民政局", date="2025-08-20")
    question = "某县民政局2024年度决算里，临时救助科目的决算数是多少？"
    assert _table_answer(_FINAL_ACCOUNTS, question, expected_kind(question), header) == "497.35"


def test_a_column_of_what_was_put_in_is_money():
    # 投入 (what was put in) is a sum of money, as 投资 is: a money question whose terms name 林业 as much as 森林 is
    # read in the 林业投入 column, not in the area column that comes first.
    table = ("表1　各县区重点任务完成情况（面积单位：万亩；资金单位：万元）\n"
             "| 县区 | 人工造林 | 森林抚育 | 林业投入 |\n|---|---:|---:|---:|\n"
             "| 东山县 | 0.59 | 6.5 | 19355 |\n| 西河县 | 0.48 | 4.4 | 13744 |\n")
    question = "How much was invested in forestry in Dongshan County? 投资 森林 林业 东山县"
    assert _cells(question, table, money=True) == ["19355"]


def test_of_columns_named_alike_the_one_of_what_the_question_counts_answers():
    from types import SimpleNamespace

    from rag.text.asked import expected_kind

    # 检查 and 隐患 are both the question's words; it counts 隐患 (after its ask), not 检查 (its scope, before it).
    table = ("表1　重点乡镇烟花爆竹企业安全检查情况（企业单位：家；检查单位：家次；隐患单位：条）\n"
             "乡镇　　企业数　　检查　　隐患\n东岭镇　　96　　1186　　3028\n西坪镇　　74　　902　　2316\n")
    header = SimpleNamespace(title="某市应急管理局2024年工作总结", issuer="某市应急管理局", date="2025-01-10")
    question = "东岭镇烟花爆竹企业安全检查中发现多少条隐患？"
    assert _table_answer(table, question, expected_kind(question), header) == "3028"
    english = "How many hidden hazards were found in Dongling town during safety inspections? 隐患 检查 东岭镇"
    assert _cells(english, table, counted={"隐患": 1.0}) == ["3028"]
    assert _cells(english, table) == ["1186"]  # named alike, the first column
    question = "东岭镇烟花爆竹企业发现隐患的安全检查有多少家次？"
    assert _table_answer(table, question, expected_kind(question), header) == "1186"


def test_people_an_english_question_counts_are_counted_in_persons():
    from rag.text.asked_measures import expected_unit

    for asked in ("How many outside professionals help?", "How many retirees are covered?",
                  "How many health technicians were there?", "How many farmers will be trained?"):
        assert expected_unit(asked) == "人", asked
    # 学校 (of after-school) names the 学校数 column better than 专业 names 校外专业人员: the unit decides.
    table = ("（学校数单位：所；参与学生单位：万人；校外专业人员单位：人）\n"
             "县（市、区）　　学校数　　参与学生　　校外专业人员\n东城区　　62　　8.36　　1180\n"
             "北湖市　　172　　17.24　　1900\n")
    question = "How many outside professionals help with after-school services in Beihu? 外部 专业 学校 北湖"
    assert _cells(question, table, unit=expected_unit(question.split("?")[0])) == ["1900"]


def test_a_column_takes_the_unit_of_the_measure_its_heading_ends_with():
    # 民宿奖补资金 names 民宿 (家) and 资金 (万元): it is money, what the phrase ends with; 奖补民宿 counts homestays.
    table = ("表1　乡村旅游资金分市分配表（重点村单位：个；民宿单位：家；资金单位：万元）\n"
             "| 市 | 支持重点村 | 重点村提升资金 | 奖补民宿 | 民宿奖补资金 | 小计 |\n|---|---:|---:|---:|---:|---:|\n"
             "| 南川市 | 18 | 1410 | 11 | 560 | 1970 |\n| 北岭市 | 17 | 1110 | 9 | 270 | 1380 |\n")
    question = "南川市的精品民宿奖补资金是多少万元？"
    assert _cells(question, table, money=True, unit="万元") == ["560"]
    homestays = "南川市奖补了多少家民宿？"
    assert _cells(homestays, table, money=False, unit="家") == ["11"]


def test_a_column_that_ends_with_a_grant_is_money_and_one_that_ends_with_a_total_totals_it():
    # 去年医疗补助支出 says money (支出); 今年省级下达门诊和住院补助 ends with a grant, so it is money too.
    table = ("各州（市）重点优抚对象及医疗补助资金情况表（人数单位：人；资金单位：万元）\n"
             "州（市）\t在乡重点优抚对象\t去年医疗补助支出\t今年省级下达门诊和住院补助\n"
             "东川市\t9244\t2082\t2331\n西岭市\t3018\t657\t622\n")
    question = "东川市今年省级下达的门诊和住院补助是多少万元？"
    assert _cells(question, table, money=True, unit="万元", asked=question, year=1) == ["2331"]
    # A column ending with 合计 totals the money columns before it, which now say money themselves.
    table = ("表1　老年食堂补贴拟发放明细（就餐单位：人次；金额单位：元）\n"
             "食堂所在村\t上半年就餐\t就餐补贴\t运营补贴\t补贴合计\n东岭村\t4200\t8860\t4800\t13660\n")
    question = "东岭村老年食堂拟发放补贴合计多少元？"
    assert _cells(question, table, money=True, unit="元", asked=question) == ["13660"]


def test_a_zone_of_a_town_is_named_as_an_area_and_not_by_the_towns_name():
    table = ("表1　各片区农村电子商务发展情况（单位：个、家、万元）\n"
             "| 片区 | 行政村数 | 网店数 | 网络零售额 |\n|---|---:|---:|---:|\n"
             "| 左溪片 | 10 | 286 | 9420 |\n| 白鹤片区 | 8 | 198 | 6120 |\n")
    assert _cells("How many online shops were there in the Zuoxi area? 网店", table) == ["286"]
    # Baihe town (白鹤镇) is the town, not its zone 白鹤片区 that shares its name.
    assert _cells("How many online shops were there in Baihe town? 网店", table) == []
    assert _cells("How many online shops were there in Baihe area? 网店", table) == ["198"]


def test_a_question_that_names_no_column_is_not_answered_from_last_years_column():
    table = ("表1　2025年一般公共预算拨款支出预算表（单位：万元）\n"
             "| 功能科目 | 上年预算数 | 本年预算数 | 增减（%） |\n"
             "|---|---:|---:|---:|\n"
             "| 职业教育 | 4210.50 | 4480.25 | 6.4 |\n"
             "| 特殊教育 | 860.00 | 912.30 | 6.1 |\n")
    asked = "How much of the bureau's 2025 general public budget appropriation is for vocational education?"
    named = f"{asked} 一般 公共 预算 拨款 职业教育"
    assert _cells(named, table, money=True, rate=False, asked=asked, year=1) == ["4480.25"]
    last = "How much of the bureau's general public budget appropriation was for vocational education last year?"
    named = f"{last} 一般 公共 预算 拨款 职业教育"
    assert _cells(named, table, money=True, rate=False, asked=last, year=-1) == ["4210.50"]


def test_a_table_of_sums_does_not_say_what_one_household_gets():
    from types import SimpleNamespace

    from rag.text.figures import FigureKind

    sums = ("表　某镇2025年重点任务资金安排（单位：万元）\n序号\t任务\t数量\t安排资金\n1\t农村户厕改造\t320户\t96.00\n"
            "2\t生活污水治理\t6个村\t180.00\n")
    rates = ("表　某镇2025年改厕补助（补助标准单位：元/户；金额单位：万元）\n序号\t任务\t补助标准\t安排资金\n"
             "1\t农村户厕改造\t3000\t96.00\n2\t问题厕所整改\t800\t4.16\n")
    header = SimpleNamespace(title="某镇农村人居环境整治提升实施方案", issuer="某镇人民政府", date="2025-03-18")
    money = FigureKind.MONEY
    # 96.00万元 is what all 320 households get
    assert _table_answer(sums, "农村户厕改造每户补助多少钱？", money, header) is None
    assert _table_answer(sums, "农村户厕改造安排了多少资金？", money, header) == "96.00"
    assert _table_answer(rates, "农村户厕改造每户补助多少钱？", money, header) == "3000"


def test_a_budget_subject_written_under_its_class_is_named_by_its_own_name():
    table = ("表1　一般公共预算拨款支出预算表（单位：万元）\n"
             "| 科目名称 | 上年预算数 | 本年预算数 |\n|---|---|---|\n"
             "| 文物-文物保护 | 7120.00 | 7648.20 |\n| 文物-博物馆 | 8564.18 | 8936.54 |\n"
             "| 交通运输支出—公路水路运输 | 40210.00 | 41862.30 |\n")
    assert _cells("博物馆支出预算是多少万元？", table, year=1) == ["8936.54"]
    assert _cells("公路水路运输支出预算是多少万元？", table, year=1) == ["41862.30"]


def test_a_passage_that_begins_with_the_caption_finds_the_caption_over_its_table():
    from rag.answer.table_lines import table_heads

    text = ("项目预算金额1,380.00万元。\n"
            "中标结果一览表（金额单位：万元）\n"
            "包号\t采购内容\t中标金额\n"
            "包1\t小学教室照明改造\t512.40\n"
            "包2\t中学教室照明改造\t372.18\n"
            "注：金额含税。\n")
    lo = text.index("中标结果")
    block = table_block(text, lo, len(text))
    assert text[block[0] : block[1]].startswith("包号") and text[block[0] : block[1]].endswith("372.18")
    assert table_heads(text, block[0]).startswith("中标结果一览表")


def test_what_a_purchase_was_budgeted_at_is_not_read_off_a_table_of_what_it_was_awarded_for():
    from types import SimpleNamespace

    from rag.text.figures import FigureKind

    text = ("中标结果一览表（金额单位：万元）\n"
            "包号\t采购内容\t中标金额\n"
            "包1\t小学教室照明改造\t512.40\n"
            "包2\t中学教室照明改造\t372.18\n")
    header = SimpleNamespace(title="某市教育局教室照明改造项目中标结果公告", issuer="某市教育局", date="2025-07-01")
    assert _table_answer(text, "包2的中标金额是多少？", FigureKind.MONEY, header) == "372.18"
    assert _table_answer(text, "包2的预算金额是多少？", FigureKind.MONEY, header) is None


def test_a_row_the_terms_name_anywhere_in_the_table_before_one_only_glossed_in_the_passage():
    table = ("表1　部门支出预算功能分类汇总表（单位：万元）\n科目名称\t合计\t基本支出\t项目支出\n"
             "民政管理事务\t1846.20\t1426.20\t420.00\n养老服务\t14362.68\t3102.68\t11260.00\n"
             "殡葬管理\t2214.46\t1148.46\t1066.00\n")
    question = "How much basic expenditure is set for civil affairs funeral management? 民政 殡葬 管理 基本支出"
    first = table.index("民政管理事务"), table.index("养老服务")  # the passage holds the first row only
    asked = question.split("?")[0] + "?"
    options = {"money": True, "asked": asked}
    assert _cells(question, table, lo=first[0], hi=first[1], glossed=False, **options) == []
    assert _cells(question, table, lo=first[0], hi=first[1], **options) == ["1426.20"]  # civil affairs management
    assert _cells(question, table, glossed=False, **options) == ["1148.46"]


def test_of_columns_named_in_equal_shares_the_one_that_names_more_of_the_question_answers():
    table = ("上半年重点项目推进情况（单位：万元）\n序号\t项目名称\t总投资\t年度计划投资\t上半年完成投资\n"
             "1\t游客集散中心提升工程\t8600\t3200\t1960\n2\t杨梅冷链物流中心\t4200\t2500\t1380\n")
    question = ("How much was invested in the first half of the year in the bayberry cold-chain logistics center? "
                "投资 半年 上半 上半年 杨梅 冷链 物流 中心")
    assert _cells(question, table, money=True, asked=question.split("?")[0] + "?") == ["1380"]
    assert _cells("杨梅冷链物流中心总投资是多少？", table, money=True) == ["4200"]


def test_a_rate_in_a_table_answers_no_question_of_money():
    from types import SimpleNamespace

    from rag.text.figures import FigureKind

    text = ("绩效指标完成情况\n一级指标\t二级指标\t目标值\t实际完成值\n"
            "社会效益\t老人跌倒发生率下降幅度\t≥30%\t41.5%\n")
    header = SimpleNamespace(title="某市适老化改造项目绩效评价报告", issuer="某市民政局", date="2025-03-01")
    assert _table_answer(text, "老人跌倒发生率下降幅度是多少？", FigureKind.PERCENT, header) == "41.5%"
    assert _table_answer(text, "老人跌倒发生率下降幅度花了多少钱？", FigureKind.MONEY, header) is None


def test_a_bare_number_of_a_table_in_wan_yuan_is_a_sum_and_counts_no_people():
    from types import SimpleNamespace

    from rag.answer.span import Sentence
    from rag.answer.table_answer import money_cell
    from rag.chunking import Chunk
    from rag.search.retrieval import Hit
    from rag.text.figures import find_figures

    text = ("截至上年底，本部门实有人数1,204人。\n\n表1　一般公共预算拨款支出预算表（单位：万元）\n\n"
            "| 科目名称 | 上年预算数 | 本年预算数 |\n|---|---:|---:|\n| 文化和旅游-行政运行 | 3862.40 | 3928.16 |\n")
    counted = text.replace("（单位：万元）", "（单位：人）")
    for body, expected in ((text, True), (counted, False)):
        chunk = Chunk("d:0", "d", "d.md", (), 0, len(body), body)
        reader = SimpleNamespace(document=lambda doc_id, body=body: SimpleNamespace(id="d", text=body))
        row = next(line for line in body.split("\n") if "行政运行" in line)
        start = body.index(row)
        sentence = Sentence(Hit(chunk, 1.0), 0, 0, start, start + len(row), row, 1.0)
        figure = next(f for f in find_figures(row) if f.text == "3862.40")
        assert money_cell(sentence, figure, reader.document) is expected
        prose = body.split("\n")[0]
        sentence = Sentence(Hit(chunk, 1.0), 0, 0, 0, len(prose), prose, 1.0)
        assert not money_cell(sentence, next(f for f in find_figures(prose) if "人" in f.text), reader.document)


def test_cells_parted_by_one_ideographic_space_make_a_row_and_prose_does_not():
    from rag.answer.table_lines import cells

    table = ("2025年运行维护补助资金分配表\n（面积单位：万亩；金额单位：万元）\n"
             "序号　师市　高效节水灌溉面积　中央水利发展资金　兵团本级资金　合计\n"
             "7　第七师胡杨河市　104.7　1420　740　2160\n8　第八师石河子市　168.9　2280　1190　3470\n")
    assert _cells("第八师石河子市分到的兵团本级资金是多少万元？", table, unit="万元") == ["1190"]
    assert cells("县长　谭明华") == [] and cells("全县完成投资3.2亿元，增长8%　同比提高2个百分点") == []


def test_a_row_of_two_label_value_pairs_gives_no_two_part_answer_across_its_labels():
    """| 一般公共预算拨款收入 | 84,216.40 | 基本支出 | 71,524.30 |: the total and the part asked are in two rows of the
    revenue side; the spending side's cell beside it is no second part."""
    from types import SimpleNamespace

    from rag.text.figures import FigureKind

    text = ("表1　2025年收支预算总表（单位：万元）\n| 收入项目 | 预算数 | 支出项目 | 预算数 |\n|---|---|---|---|\n"
            "| 一般公共预算拨款收入 | 84,216.40 | 基本支出 | 71,524.30 |\n"
            "| 事业收入 | 7,862.22 | 项目支出 | 24,824.32 |\n"
            "| 收入总计 | 92,078.62 | 支出总计 | 96,348.62 |\n")
    header = SimpleNamespace(title="某区教育局2025年部门预算公开说明", issuer="某区教育局", date="2025-02-10")
    question = "2025年收入预算总额是多少？其中一般公共预算拨款收入有多少？"
    assert _table_answer(text, question, FigureKind.MONEY, header) is None
    assert _table_answer(text, "一般公共预算拨款收入是多少？", FigureKind.MONEY, header) == "84,216.40"


def test_which_row_ranks_first_by_the_column_the_question_names():
    """A 公示 lists villages by number: the highest scorer is found over every row, and a lot's runner-up among the
    rows of that lot."""
    from rag.answer.table_rank import _ranked, asked_rank

    table = ("序号\t村名\t类型\t完成投资\t验收得分\n1\t枫源村\t精品村\t512.8\t96.2\n2\t栎桥村\t精品村\t468.3\t96.5\n"
             "3\t陈家村\t达标村\t210.0\t78.5\n")
    assert asked_rank("Which village scored highest in the acceptance check (验收得分)?") == 0
    assert asked_rank("得分最低的是哪个村？") == -1 and asked_rank("排名第二的是哪家公司？") == 1
    assert asked_rank("How much did the village which scored highest get?") is None
    label, start, end = _ranked(table, 0, len(table), "验收得分最高的是哪个村？", "验收得分最高的是哪个村？", 0, None)
    assert label.text == "栎桥村" and table[start:end].startswith("2\t栎桥村")
    most = "完成投资最多的是哪个村？"
    assert _ranked(table, 0, len(table), most, most, -1, None)[0].text == "陈家村"
    assert _ranked(table, 0, len(table), "哪个村最美？", "哪个村最美？", 0, None) is None  # no column named
    bids = ("包号\t排名\t供应商名称\t综合得分\n包1\t1\t甲科技有限公司\t93.46\n包1\t2\t乙科技有限公司\t91.82\n"
            "包2\t1\t丙科技有限公司\t92.10\n包2\t2\t丁科技有限公司\t92.05\n")
    second = "包1综合得分排名第二的是哪家公司？"
    assert _ranked(bids, 0, len(bids), second, second, 1, "1")[0].text == "乙科技有限公司"


def test_a_rank_reads_the_label_and_the_measure_the_question_asks_for_and_skips_totals_and_numbering():
    """哪个项目 asks for the project's name, not its town's; 资金最多 for the money column, not the households; the
    合计 row and the 序号 column rank nothing; with no column named, the row's own total (小计) or the table's only
    measure is compared; "the second batch" asks for no runner-up."""
    from rag.answer.table_rank import _ranked, asked_rank

    def top(table: str, question: str, rank: int = 0) -> str | None:
        found = _ranked(table, 0, len(table), question, question, rank, None)
        return found and found[0].text

    table = ("序号\t乡镇\t项目名称\t衔接资金\t受益户数\n1\t甲镇\t马铃薯基地项目\t620.00\t1240\n"
             "2\t乙镇\t肉牛养殖小区\t740.00\t386\n3\t全县\t合计\t1360.00\t1626\n")
    assert top(table, "哪个项目安排的资金最多？") == "肉牛养殖小区"
    assert top(table, "受益户数最多的是哪个乡镇？") == "甲镇"
    assert top(table, "哪个项目安排的资金最少？", -1) == "马铃薯基地项目"
    posts = "村（社区）\t保洁员\t护路员\t小计\n东村\t4\t1\t5\n西村\t2\t5\t7\n合计\t6\t6\t12\n"
    assert top(posts, "Which village gets the most public-welfare posts?") == "西村"
    payout = "序号\t企业名称\t所属行业\t拟兑现金额\n1\t甲公司\t汽车\t412.60\n2\t乙公司\t软件\t526.80\n"
    assert top(payout, "Which company gets the largest payout?") == "乙公司"
    assert asked_rank("Which unit in the second batch covers the largest area?") == 0
    assert asked_rank("Which company came second in the scoring?") == 1


def test_a_rank_of_growth_totals_and_kinds_reads_the_column_it_asks_for():
    """增长最快 / grew the fastest compares the growth column (a full-width minus is a negative value); 补贴总额最多
    compares the row's total of money, not its total of households; 哪种 asks which row as 哪个 does."""
    from rag.answer.table_rank import _ranked, asked_rank

    def top(table: str, question: str) -> str | None:
        found = _ranked(table, 0, len(table), question, question, asked_rank(question), None)
        return found and found[0].text

    crops = "产品名称\t产量\t比上年增长（%）\n蔬菜\t68.54\t3.9\n茶叶\t0.86\t9.2\n猪牛羊禽肉\t7.92\t－12.6\n"
    assert top(crops, "哪一种农产品产量增长最快？") == "茶叶"
    assert top(crops, "Which farm product grew the fastest?") == "茶叶"
    assert asked_rank("哪一种农产品增长最慢？") is None  # 最慢 is no rank this reads
    assert top(crops.replace("茶叶\t0.86\t9.2", "茶叶\t0.86\t－19.2"), "产量增长最低的是哪种农产品？") == "茶叶"
    heating = ("村（社区）\t气代煤户数\t气代煤补贴\t电代煤户数\t电代煤补贴\t合计户数\t合计金额\n"
               "东胥村\t600\t500000\t30\t65910\t630\t565910\n王家庄村\t300\t250000\t190\t373880\t490\t623880\n")
    assert top(heating, "哪个村拿到的清洁取暖补贴总额最多？") == "王家庄村"
    assert top(heating, "哪个村的清洁取暖总户数最多？") == "东胥村"
    assert asked_rank("哪种商品价格环比涨得最多？") == 0
    # The fastest fall is the lowest growth; a growth column headed 增速 is one; 最快捷 ranks nothing.
    assert top(crops, "哪种农产品产量下降最快？") == "猪牛羊禽肉"
    assert top(crops, "Which farm product fell the fastest?") == "猪牛羊禽肉"
    assert top(crops.replace("比上年增长（%）", "增速（%）"), "哪一种农产品产量增长最快？") == "茶叶"
    assert top(crops.replace("比上年增长（%）", "占比（%）"), "哪一种农产品产量增长最快？") is None
    assert asked_rank("哪种方式办理最快捷？") is None


def test_a_rank_skips_a_column_of_years_and_subtotals_that_name_what_they_sum():
    """命名年份 dates the villages, it measures nothing: "the most funding" compares the only other numeric column;
    a 12个乡小计 row sums the townships it ranks; "came last" asks for the last row."""
    from rag.answer.table_rank import _ranked, asked_rank

    def top(table: str, question: str, rank: int = 0, terms: str = "") -> str | None:
        found = _ranked(table, 0, len(table), f"{question} {terms}", question, rank, None)
        return found and found[0].text

    villages = ("序号\t村名\t命名年份\t今年投入\n1\t东岭村\t2022\t31.5\n2\t西岭村\t2025\t77.0\n"
                "3\t南岭村\t2024\t19.0\n")
    assert top(villages, "Which village in the town got the most demonstration funding this year?") == "西岭村"
    assert top(villages, "今年投入最多的是哪个村？") == "西岭村"
    towns = "乡镇\t村数\t经营收入（万元）\n甲镇\t14\t1,820.5\n乙乡\t9\t640.2\n6个乡小计\t40\t2,904.7\n"
    assert top(towns, "Which town had the highest total village operating income?", 0, "经营 收入") == "甲镇"
    assert asked_rank("Which township came last in the river chief assessment?") == -1
    assert asked_rank("考核排名末位的是哪个乡？") == -1
    scores = "乡镇\t考核得分\t等次\n甲镇\t91.5\t优秀\n乙乡\t84.0\t良好\n丙乡\t88.5\t良好\n"
    assert top(scores, "Which township came last in the assessment?", -1) == "乙乡"


def test_prose_that_names_the_first_answers_which_ranked_first():
    from rag.answer.table_rank import _PROSE_FIRST, asked_rank

    text = "考核满分100分，乡镇（街道）平均得分89.6分，其中杨店子街道以97.2分位列第一，沙河驿镇96.5分位列第二。"
    assert _PROSE_FIRST.search(text).group(1) == "杨店子街道"
    assert _PROSE_FIRST.search("全年引进项目23个，某某镇排名全市第一。").group(1) == "某某镇"
    assert _PROSE_FIRST.search("我县在全市考核中位列第一方阵。") is None  # the first tier names no one
    assert asked_rank("乡镇（街道）得分第一的是哪个？") == 0
    assert asked_rank("Which township came first in the work safety assessment?") == 0


def test_a_table_whose_rows_rank_below_the_prose_about_them_is_still_read():
    """The prose that sums a price table (蔬菜平均环比上涨9.6%) ranks above its rows; the rows of the table, cut into a
    passage further down the ten best, still answer which item rose most."""
    from types import SimpleNamespace

    import numpy as np

    from rag.answer.span import AnswerSettings
    from rag.answer.table_rank import ranked_row
    from rag.chunking import Chunk
    from rag.search.retrieval import Hit, Retrieval

    prose = [f"本月监测的蔬菜平均零售价环比上涨9.6%，第{i}类品种价格基本稳定。" for i in range(8)]
    table = "品种\t本月\t上月\t环比(%)\n大白菜\t1.20\t1.05\t14.3\n西红柿\t3.60\t2.90\t24.1\n土豆\t1.50\t1.48\t1.4"
    text = "\n".join([*prose, table])
    chunks, at = [], 0
    for i, part in enumerate([*prose, table]):
        chunks.append(Chunk(f"d:{i}", "d", "d.txt", (), at, at + len(part), part))
        at += len(part) + 1
    question = "哪个品种环比涨幅最大？"
    retrieval = Retrieval(question, [Hit(c, 1.0 - 0.01 * i) for i, c in enumerate(chunks)], None, None, ["品种"],
                          {"品种": 1.0}, None, {}, {}, np.zeros(1))
    reader = SimpleNamespace(document=lambda doc_id: SimpleNamespace(id="d", text=text),
                             passages=lambda doc_id: chunks)
    found = ranked_row(AnswerSettings(), retrieval, reader)
    assert found is not None and found.text == "西红柿"


def test_a_markdown_tables_rule_row_is_never_a_candidate_sentence():
    import numpy as np

    from rag.answer.span import AnswerSettings, candidate_sentences
    from rag.chunking import Chunk
    from rag.index.base import SentenceRecord
    from rag.search.retrieval import Hit, Retrieval

    text = "| 村 | 投入资金 |\n|---|---:|\n| 南湖村 | 312 |"
    chunk = Chunk("d:0", "d", "d.md", (), 0, len(text), text)
    rule = text.index("|---")
    records = [SentenceRecord(1, "d", 0, rule - 1, np.zeros(1)), SentenceRecord(2, "d", rule, rule + 10, np.zeros(1)),
               SentenceRecord(3, "d", rule + 11, len(text), np.zeros(1))]
    retrieval = Retrieval("南湖村投入多少资金？", [Hit(chunk, 1.0)], None, None, ["南湖村"], {"南湖村": 1.0}, None,
                          {"d:0": records}, {1: 0.2, 2: 0.9, 3: 0.5}, np.zeros(1))
    texts = [s.text for s in candidate_sentences(AnswerSettings(), retrieval, retrieval.hits)]
    assert texts == ["| 村 | 投入资金 |", "| 南湖村 | 312 |"]


def test_a_row_that_lumps_the_others_together_ranks_nothing():
    from rag.answer.table_rank import _ranked

    table = ("乡镇\t购机者\t补贴资金\n金田镇\t58\t52.36\n江口镇\t72\t61.20\n其他乡镇（14个）\t210\t185.40\n"
             "合计\t340\t298.96\n")
    most = "哪个乡镇兑付的补贴资金最多？"
    assert _ranked(table, 0, len(table), most, most, 0, None)[0].text == "江口镇"


def test_a_table_of_two_columns_is_a_table():
    """A page's <table> of two columns is flattened to one tab per row (行政处罚\\t12 under 信息内容\\t本年处理决定数量,
    the standard tables of an information-disclosure report): its rows are rows; a line of prose is none."""
    from types import SimpleNamespace

    from rag.answer.table_lines import cells
    from rag.text.figures import FigureKind

    report = ("第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t46\n"
              "第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t12\n行政强制\t0\n")
    assert [c.text for c in cells("行政处罚\t12")] == ["行政处罚", "12"]
    assert cells("信息内容\t本年处理决定数量") and not cells("备注\t本表数据截至2024年12月31日，由镇党政办汇总。")
    assert not cells("行政处罚 12")  # one space parts words, not cells
    header = SimpleNamespace(title="某镇2024年政府信息公开工作年度报告", issuer="某镇人民政府", date="2025-01-20")
    assert _table_answer(report, "全年作出行政处罚决定多少件？", FigureKind.COUNT, header) == "12"
    assert _table_answer(report, "行政许可处理决定数量是多少？", FigureKind.COUNT, header) == "46"


def test_a_bare_cell_yields_to_the_passage_above_that_states_its_value_with_its_unit():
    """中级工1,500元 in the reply asked about, ranked above another notice's row 中级工（四级）\\t1500: the reply's
    figure answers, in its words; a passage of the table's own document, or another value, does not take over."""
    from types import SimpleNamespace

    from rag.answer.passage_checks import stated_above
    from rag.answer.span import Sentence
    from rag.chunking import Chunk
    from rag.search.retrieval import Hit
    from rag.text.figures import FigureKind

    prose = "对取得职业技能等级证书的，按照初级工1,000元、中级工1,500元、高级工2,000元的标准给予补贴。"
    reply, table = Hit(Chunk("r:0", "r", "r.txt", (), 0, len(prose), prose), 3.5), \
        Hit(Chunk("t:0", "t", "t.txt", (), 0, 20, "证书等级\t补贴标准（元/人）\n中级工（四级）\t1500"), 2.2)
    sentences = [Sentence(reply, 0, 0, 0, len(prose), prose, 0.9)]
    cell = SimpleNamespace(text="1500", passage_id="t:0", doc_id="t")
    stated = stated_above(cell, [reply, table], sentences, FigureKind.MONEY)
    assert stated is not None and stated[1].text == "1,500元"
    assert stated_above(cell, [table, reply], sentences, FigureKind.MONEY) is None  # the table ranks first
    assert stated_above(SimpleNamespace(text="1200", passage_id="t:0", doc_id="t"), [reply, table], sentences,
                         FigureKind.MONEY) is None
    assert stated_above(SimpleNamespace(text="1500", passage_id="t:0", doc_id="r"), [reply, table], sentences,
                         FigureKind.MONEY) is None  # the table's own document: rag.answer.table_answer's business


def test_an_english_which_names_the_label_column_before_the_questions_other_words():
    """Which estate … in Kaifu district: the estate's column (项目（小区）名称), not the street office's (所属街道),
    which the place the question names (district) glosses too."""
    from rag.answer.table_rank import _ranked

    table = ("序号\t所属街道\t项目（小区）名称\t户数\n1\t望麓园街道\t兴汉门机电公司宿舍区\t326\n"
             "2\t秀峰街道\t秀峰机床厂生活区\t612\n3\t新河街道\t新河粮库宿舍\t186\n")
    question = "Which estate in Kaifu district's old-estate renovation list has the most households?"
    assert _ranked(table, 0, len(table), question, question, 0, None)[0].text == "秀峰机床厂生活区"


def test_a_caption_wrapped_over_two_lines_gives_every_columns_unit():
    from rag.answer.captions import caption_measures
    from rag.answer.table_lines import table_units

    text = ("表　去年各辖市区投诉及入驻情况\n（投诉举报单位：件；入驻商户单位：家；\n存管资金单位：万元）\n"
            "地区\t投诉举报\t入驻商户\t存管资金\n句容市\t622\t344\t437\n")
    start = text.index("地区")
    assert table_units(text, start) == ["件", "家", "万元"]
    assert ("入驻商户", "家") in caption_measures("（投诉举报单位：件；入驻商户单位：家；存管资金单位：万元）")


def test_rows_that_share_a_label_are_told_apart_by_the_band_that_holds_the_stated_value():
    """汽车券（一档） and 汽车券（二档） are both 汽车券: a car of 120,000 yuan is the band 10万元（含）以上's,
    though the band below writes 万元 twice."""
    from rag.answer.tables import row_cell

    table = ("消费券券种及额度安排表（单位：元、万张、万元）\n券种\t适用范围\t面额（满减）\t发放量\t资金额度\n"
             "餐饮券\t参与活动的餐饮商户\t满100减30\t20\t600\n"
             "汽车券（一档）\t裸车价5万元（含）至10万元新车\t3000\t0.1\t300\n"
             "汽车券（二档）\t裸车价10万元（含）以上新车\t5000\t0.06\t300\n")
    assert [c.text for c in row_cell("买一辆12万元的新车，汽车券面额是多少？", table, money=True)] == ["5000"]
    assert [c.text for c in row_cell("买一辆8万元的新车，汽车券面额是多少？", table, money=True)] == ["3000"]


def test_a_rank_skips_code_columns_compares_amounts_not_growth_and_sets_aside_the_row_the_question_excepts():
    """岗位代码 numbers posts (the largest code is no largest post); 哪一项支出最多 compares the amount, not its
    growth, when no column names 支出; 除太原市外 sets that row aside."""
    from rag.answer.table_rank import _ranked

    def top(table: str, question: str) -> str | None:
        found = _ranked(table, 0, len(table), question, question, 0, None)
        return found[0].text if found else None

    posts = ("岗位代码\t招聘单位\t岗位名称\t人数\n101\t县第一中学\t高中数学教师\t4\n105\t县实验小学\t小学语文教师\t7\n"
             "402\t县财政局\t会计\t1\n")
    assert top(posts, "Which single post has the most openings?") == "小学语文教师"
    spending = "项目\t决算数\t比上年增长\n教育支出\t68,940\t4.1\n农林水支出\t71,830\t6.2\n科学技术支出\t3,180\t18.6\n"
    assert top(spending, "哪一项支出最多？") == "农林水支出"
    assert top(spending, "哪一项支出增长最快？") == "科学技术支出"  # the growth column, named by 增长
    quotas = "市（区）\t智能制造\t数字化转型\n太原市\t20\t20\n大同市\t6\t9\n运城市\t8\t16\n"
    assert top(quotas, "除太原市外哪个市的数字化转型名额最多？") == "运城市"
    places = "市（区）\t名额\n太原市\t20\n大同市\t9\n运城市\t16\n"
    assert top(places, "Which city other than Taiyuan has the most places?") == "运城市"
    assert top(places, "Which city has the most places?") == "太原市"
    # 除城区外 sets aside 城区, not every row with 城 in it.
    towns = "乡镇\t名额\n城区\t30\n城关镇\t20\n河西乡\t9\n"
    assert top(towns, "除城区外哪个乡镇名额最多？") == "城关镇"


def test_the_row_is_named_by_the_column_the_question_asks_for_whatever_other_headings_name():
    """哪个学段: the column headed 学段 names the rows, not 主要资助项目 (a 项目 heading names projects elsewhere)."""
    from rag.answer.table_rank import _ranked

    table = ("学段\t资助人次\t资助金额\t主要资助项目\n学前教育\t612\t61.20\t保育教育费减免\n"
             "义务教育\t2,846\t128.07\t生活费补助\n中等职业教育\t418\t136.35\t免学费、国家助学金\n")
    question = "今年春季学期哪个学段的学生资助金额最多？"
    assert _ranked(table, 0, len(table), question, question, 0, None)[0].text == "中等职业教育"
    people = "哪个学段资助人次最多？"
    assert _ranked(table, 0, len(table), people, people, 0, None)[0].text == "义务教育"


def test_a_word_letter_spaced_by_one_ideographic_space_is_one_cell():
    """村　别 and 合　计 in a table aligned with ideographic spaces: one heading and one total row, not two cells each
    (the total row's 合 was taken for the village with the largest area)."""
    from rag.answer.table_lines import cells
    from rag.answer.table_rank import _ranked

    table = ("　　村　别　　　申请户数　　批准户数　　批准面积\n　　溪后村　　　　　6　　　　　5　　　　518.0\n"
             "　　上坪村　　　　　9　　　　　8　　　　862.5\n　　合　计　　　　　15　　　　13　　　　1,380.5\n")
    assert [c.text for c in cells(table.splitlines()[0])] == ["村\u3000别", "申请户数", "批准户数", "批准面积"]
    assert [c.text for c in cells("8　第八师石河子市　168.9　2280　1190")][:2] == ["8", "第八师石河子市"]
    question = "哪个村批准的宅基地面积最大？"
    assert _ranked(table, 0, len(table), question, question, 0, None)[0].text == "上坪村"


def test_a_place_in_a_ranking_is_read_from_the_column_that_states_the_places():
    """综合指数排名第一: the row the 排名 column places first, though the index itself ranks smallest first."""
    from rag.answer.table_rank import _ranked

    table = ("| 城市 | 优良天数比例 | 综合指数 | 排名 |\n|---|---|---|---|\n| 黔南州 | 99.3 | 2.23 | 1 |\n"
             "| 安顺市 | 98.9 | 2.51 | 3 |\n| 六盘水市 | 96.7 | 2.95 | 9 |\n| 黔东南州 | 99.0 | 2.40 | 2 |\n")
    question = "1—9月环境空气质量综合指数排名第一的是哪个市（州）？"
    assert _ranked(table, 0, len(table), question, question, 0, None)[0].text == "黔南州"
    last = "综合指数排名最后的是哪个市？"
    assert _ranked(table, 0, len(table), last, last, -1, None)[0].text == "六盘水市"
    highest = "综合指数最高的是哪个市？"  # not asked by place: the index column
    assert _ranked(table, 0, len(table), highest, highest, 0, None)[0].text == "六盘水市"


def test_a_ranks_measure_is_the_head_noun_of_the_asked_words_and_a_minimum_wage_is_no_superlative():
    from rag.answer.table_rank import _ranked, asked_rank

    table = ("镇\t项目个数\t后扶资金\t受益移民\n城关镇\t6\t412\t3,860\n汉王镇\t7\t648\t4,180\n向阳镇\t9\t536\t5,260\n"
             "合计\t22\t1,596\t13,300\n")
    most = "哪个镇安排的移民后期扶持项目资金最多？"  # 项目资金: the money column, not the number of projects
    assert _ranked(table, 0, len(table), most, most, 0, None)[0].text == "汉王镇"
    tiers = ("档次\t现行月最低工资标准\t调整后月最低工资标准\t月标准增幅\n第一档\t2,100\t2,280\t8.6\n"
             "第二档\t1,900\t2,070\t8.9\n第四档\t1,560\t1,720\t10.3\n")
    rise = "辽宁这次调整最低工资标准，哪一档的月最低工资标准涨幅最大？"  # 涨幅 is headed 增幅
    assert asked_rank(rise) == 0
    assert _ranked(tiers, 0, len(tiers), rise, rise, 0, None)[0].text == "第四档"
    assert asked_rank("宽甸县执行哪一档最低工资标准？") is None  # 最低工资: a name, no lowest row asked
    assert asked_rank("哪个村得分最低？") == -1


def test_a_table_of_full_width_digits_is_read_as_figures():
    """A table set out with full-width spaces and digits (电饭煲　３００, ７５．０, １，０００) ranks by its values once
    read: the reader writes the digits, and a point or thousands comma between them, as ASCII ones."""
    from types import SimpleNamespace

    import numpy as np

    from rag.answer.span import AnswerSettings
    from rag.answer.table_rank import ranked_row
    from rag.chunking import Chunk
    from rag.documents.text import normalise_text
    from rag.search.retrieval import Hit, Retrieval

    raw = ("品类　　　　单件补贴上限　　完成率\n冰箱　　　　１，０００　　　　８７．５\n"
           "电饭煲　　　３００　　　　　　７５．０\n微波炉　　　４００　　　　　　９２．０")
    text = normalise_text(raw)
    assert len(text) == len(raw) and "1,000" in text and "75.0" in text
    assert normalise_text("我们，１２３人，第１，２条") == "我们，123人，第1，2条"  # prose commas stay
    chunk = Chunk("d:0", "d", "d.txt", (), 0, len(text), text)
    reader = SimpleNamespace(document=lambda doc_id: SimpleNamespace(id="d", text=text),
                             passages=lambda doc_id: [chunk])
    for question, row in (("哪个品类的单件补贴上限最低？", "电饭煲"), ("哪个品类的完成率最高？", "微波炉")):
        retrieval = Retrieval(question, [Hit(chunk, 1.0)], None, None, ["品类"], {"品类": 1.0}, None, {}, {},
                              np.zeros(1))
        found = ranked_row(AnswerSettings(), retrieval, reader)
        assert found is not None and found.text == row


def test_a_table_of_spending_totals_does_not_answer_how_much_per_child():
    """A fund's table in 万元 (普惠性民办幼儿园生均补助 742.80 | 731.52) sums what was paid; how much each child gets
    is a standard (每生每年1,200元), which such a table does not state."""
    from types import SimpleNamespace

    from rag.text.figures import FigureKind

    text = ("表1　学前教育发展专项资金分项目执行情况（单位：万元、%）\n二级项目\t调整后预算\t实际支出\t执行率\n"
            "公办幼儿园生均公用经费\t486.40\t480.12\t98.7\n普惠性民办幼儿园生均补助\t742.80\t731.52\t98.5\n")
    header = SimpleNamespace(title="某区教育局2024年度学前教育发展专项资金绩效自评报告", issuer="某区教育局",
                             date="2025-03-01")
    question = "How much subsidy per child per year do inclusive private kindergartens receive?"
    assert _table_answer(text, question, FigureKind.MONEY, header) is None
    assert _table_answer(text, "每生每年普惠性民办幼儿园生均补助多少？", FigureKind.MONEY, header) is None
    assert _table_answer(text, "普惠性民办幼儿园生均补助实际支出多少？", FigureKind.MONEY, header) == "731.52"


def test_full_width_separators_are_read_only_between_full_width_digits_of_one_figure():
    from rag.documents.text import normalise_text

    for raw, read in (("１．３００万元用于道路改造", "1．300万元用于道路改造"),  # a list item's number keeps its point
                      ("面积分别为１２０，１５０，１８０平方米", "面积分别为120，150，180平方米"),  # a list
                      ("120，150，180平方米", "120，150，180平方米"),  # ASCII digits: prose commas
                      ("１２，３４５，６７８人", "12,345,678人"), ("冰箱　　１２０．５　　", "冰箱　　120.5　　")):
        assert normalise_text(raw) == read
