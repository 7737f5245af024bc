"""Wholes and their parts, changes and their years, 分别 lists: which figure answers, on invented passages."""

from __future__ import annotations

from types import SimpleNamespace

from rag.answer.asked_parts import misses_asked_part, names_asked_part
from rag.answer.captions import caption_units
from rag.answer.dates import bare_year_out_of_role
from rag.answer.document_years import without_source
from rag.answer.figure_years import figure_years
from rag.answer.labels import joined_pairs, named_part, pairs
from rag.answer.qualifiers import alignment, figure_year_mismatch
from rag.answer.tables import row_cell
from rag.answer.totals import total_by_list
from rag.answer.wholes import parts_go_on
from rag.text.figures import FigureKind, find_figures
from tests.test_answer_choice import _ask

_FUND = "今年省级财政安排专项资金8.40亿元，比上年的7.80亿元增加0.60亿元，其中设备补贴5.10亿元、运维补贴3.30亿元。"


def _figure(text: str, sentence: str):
    return next(f for f in find_figures(sentence) if f.text == text)


def test_a_part_after_qizhong_is_of_its_wholes_level():
    question = "省级专项资金中，运维补贴安排了多少？"
    part = _figure("3.30亿元", _FUND)
    assert alignment(question, _FUND, part.start, part.end, 2025) > 0
    elsewhere = "市县自筹资金中，运维补贴3.30亿元。"
    alone = _figure("3.30亿元", elsewhere)
    assert alignment(question, elsewhere, alone.start, alone.end, 2025) == 0


def test_the_part_a_question_names_after_zhong_is_its_answer():
    question = "今年省级专项资金中，运维补贴安排了多少？"
    assert [names_asked_part(question, _FUND, f) for f in find_figures(_FUND)] == [False] * 4 + [True]
    assert not any(names_asked_part("今年省级专项资金安排了多少？", _FUND, f) for f in find_figures(_FUND))
    # A list writes the items' shared word once: 城镇低保户…、低收入户… still names 城镇低收入户.
    listed = "其中，城镇低保户210户、低收入户350户、其他困难户96户。"
    named = [f.text for f in find_figures(listed) if names_asked_part("本批对象中，城镇低收入户有多少户？", listed, f)]
    assert named == ["350户"]
    answer = _ask("今年省级专项资金中，运维补贴安排了多少？", [[(_FUND, 0.9)]])
    assert answer is not None and answer.text == "3.30亿元"


def test_a_new_value_is_of_its_old_values_year_and_answers_what_it_was_changed_to():
    sentence = ("今年起，大中型拖拉机单台补贴上限由8万元调整为6万元，其他通用机具的补贴比例保持不变，"
                "自走式播种机每台补贴由2.4万元调整为2.0万元。")
    question = "今年起自走式播种机每台补贴调整为多少？"
    old, new = _figure("2.4万元", sentence), _figure("2.0万元", sentence)
    assert alignment(question, sentence, new.start, new.end, 2025) > alignment(question, sentence, old.start,
                                                                                old.end, 2025)
    answer = _ask(question, [[(sentence, 0.9)]], {"title": "某市农机购置补贴公告", "date": "2025-03-01"})
    assert answer is not None and answer.text == "2.0万元"


def test_an_old_value_of_the_asked_year_answers_when_its_new_value_is_of_another():
    sentence = "2023年每亩补贴80元，2024年提高到每亩100元。"
    question = "2023年每亩补贴多少元？"
    old, new = _figure("80元", sentence), _figure("100元", sentence)
    assert alignment(question, sentence, old.start, old.end, 2024) > alignment(question, sentence, new.start,
                                                                                new.end, 2024)


def test_the_item_a_respective_list_gives_is_not_outranked_by_a_verb_the_question_repeats():
    sentence = "城市和农村居民最低生活保障标准分别提高到每人每月910元和705元，全年发放低保金1.12亿元。"
    answer = _ask("农村居民最低生活保障标准提高到每人每月多少元？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "705元"
    answer = _ask("城市居民最低生活保障标准提高到每人每月多少元？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "910元"


def test_a_rate_column_answers_rate_questions_only_and_total_in_english_asks_the_total_column():
    table = ("各县就业情况（单位：人、%）\n县\t登记失业人员\t实现就业\t就业率\n"
             "甲县\t820\t774\t94.4\n乙县\t615\t570\t92.7\n")
    assert [c.text for c in row_cell("乙县 how many found jobs 就业", table, rate=False)] == ["570"]
    assert [c.text for c in row_cell("乙县 what share found jobs 就业", table, rate=True)] == ["92.7"]
    funds = "各镇资金（单位：万元）\n镇\t中央资金\t省级资金\t小计\n东镇\t120\t80\t200\n"
    assert [c.text for c in row_cell("How much did 东镇 get in total?", funds)] == ["200"]


def test_caption_units_in_column_order_name_each_columns_measure():
    assert caption_units("2025年汇总表（单位：户、台（套）、万元）") == ["户", "台（套）", "万元"]
    assert caption_units("各市情况如下（单位：人、%）：") == ["人", "%"]
    assert caption_units("表1 各县面积") == []
    assert caption_units("表2 拟发放情况（渔船单位：艘；船员单位：人；金额单位：万元）") == ["艘", "人", "万元"]
    table = "兑付汇总表（单位：户、台（套）、万元）\n旗县\t购机户数\t机具数量\t补贴资金\n甲旗\t483\t572\t1501.1\n"
    assert [c.text for c in row_cell("甲旗 how many machines 补贴 机器", table, unit="台", money=False)] == ["572"]
    assert [c.text for c in row_cell("甲旗 how much subsidy 补贴", table, money=True)] == ["1501.1"]
    crews = "表2 补助（单位：艘、人）\n县\t渔船\t持证船员\t补助金额\n甲县\t386\t1876\t599.96\n"
    assert [c.text for c in row_cell("甲县 how many crew 补助 船员", crews, money=False)] == ["1876"]


def test_a_sub_row_is_named_by_its_own_label_and_a_measure_in_brackets_asks_a_quantity():
    from rag.text.asked import expected_kind
    from rag.text.asked_measures import expected_unit
    from rag.text.figures import FigureKind

    table = ("表1 主要农产品产量\n产品名称\t单位\t产量\t比上年增长（%）\n水果\t万吨\t245.8\t6.9\n"
             "其中：苹果\t万吨\t198.7\t7.4\n")
    assert [c.text for c in row_cell("苹果产量是多少万吨？", table, unit="吨", money=False, rate=False)] == ["198.7"]
    question = "How much apple output did the city record in 2023 (in 10,000 tonnes)?"
    assert expected_kind(question) == FigureKind.COUNT and expected_unit(question) == "吨"
    assert expected_kind("How much output value did the industry record in 2023?") == FigureKind.MONEY


def test_before_and_now_are_the_old_and_new_values_of_one_change():
    from rag.answer.changes import old_then_new

    sentence = ("对主导制定的国际标准、国家标准、行业标准每项分别资助40万元、25万元、10万元；团体标准每项资助4万元。"
                "其中，国家标准资助额度由原来的每项18万元提高到25万元。")
    old = _figure("18万元", sentence)
    new = next(f for f in find_figures(sentence) if f.start > old.start and f.text == "25万元")
    first, second = "How much did the city award for a national standard before", "how much does it award now?"
    assert old_then_new(first, second, sentence, old, new) and old_then_new(second, first, sentence, new, old)
    assert not old_then_new("How much for a national standard", "how much for a group standard", sentence, old, new)


def test_a_deadline_question_gets_the_day_with_its_time_and_not_a_bare_year():
    sentences = [("现将2025年第二批农机补贴兑付情况予以公示。", 0.95),
                 ("公示期为2025年9月15日至9月19日，对公示内容有异议的，请于9月19日17:00前向市农牧局反映。", 0.8),
                 ("补贴资金于10月15日前兑付到户。", 0.8)]
    answer = _ask("对2025年第二批农机补贴兑付公示有异议的，应在什么时间前反映？", [sentences],
                  {"title": "某市农牧局关于补贴兑付情况的公示", "date": "2025-09-12"})
    assert answer is not None and answer.text == "9月19日17:00前"


def test_the_level_a_day_is_due_for_follows_it_and_a_level_word_stays_with_its_own_figure():
    sentence = "各市须于9月30日前完成补贴审核发放，11月底前完成省级示范基地年度考核，12月31日前将全年工作情况报送省厅。"
    question = "各市要在什么时间前完成省级示范基地年度考核？"
    scores = {f.text: alignment(question, sentence, f.start, f.end, 2025) for f in find_figures(sentence)}
    assert scores["11月底"] > scores["12月31日"] and scores["11月底"] > scores["9月30日"]
    rates = "全省投入8.2亿元，市县配套3.1亿元。"
    assert alignment("省级投入多少？", rates, rates.index("3.1"), rates.index("3.1") + 5, 2025) <= 0


def test_a_value_lengthened_to_another_is_the_old_one():
    sentence = "全年接待过夜游客2,860.4万人次，过夜游客平均停留时间由上年的1.96天延长至2.05天。"
    answer = _ask("该市2024年过夜游客平均停留时间是多少天？", [[(sentence, 0.9)]],
                  {"title": "某市2024年文化和旅游发展统计公报", "date": "2025-03-20"})
    assert answer is not None and answer.text == "2.05天"


def test_per_hundred_in_english_is_meis_bai():
    from rag.answer.per_unit import per_unit_match

    question = "How many charging ports does the town have per 100 electric bikes?"
    assert per_unit_match(question, "每百辆车拥有充电端口", "个，") > 0
    assert per_unit_match(question, "每千人拥有", "个，") < 0
    assert per_unit_match("How much is paid per crew member?", "持证船员每人补助", "元") > 0


def test_english_money_questions_by_a_possessive_and_sales_and_two_named_items_of_a_list():
    from rag.answer.respective import respective_match
    from rag.text.asked import expected_kind
    from rag.text.figures import FigureKind

    assert expected_kind("What is Hunan's new annual operating subsidy per rural school bus?") == FigureKind.MONEY
    assert expected_kind("What were the old and the new monthly provincial subsidies for patrollers?") == \
        FigureKind.MONEY
    assert expected_kind("What were the town's online retail sales of farm products in 2024?") == FigureKind.MONEY
    assert expected_kind("What were last year's and this year's payments for a boat 12 to 24 metres long?") == \
        FigureKind.MONEY
    sentence = "按初级工、中级工、高级工分别给予每人最高2,000元、3,500元和5,000元的培训补贴。"
    scores = {f.text: respective_match(["中级", "高级"], sentence, f.start) for f in find_figures(sentence)}
    assert scores == {"2,000元": -1.0, "3,500元": 1.0, "5,000元": 1.0}
    assert all(respective_match(["中级", "高级", "初级"], sentence, f.start) == 0 for f in find_figures(sentence))


def test_a_money_question_reads_further_down_when_the_top_passages_state_no_money():
    passages = [[("您提出的《关于加强农村校车安全管理的提案》（第0328号）收悉。现答复如下：", 0.95)],
                [("本答复所称农村校车，是指主要接送义务教育阶段学生的专用客车。", 0.9)],
                [("感谢您对教育工作的关心和支持。", 0.88)],
                [("今年起，省级对每辆农村校车的年度运营补助由1.2万元提高到1.5万元。", 0.85)]]
    answer = _ask("省级对每辆农村校车的年度运营补助是多少？", passages)
    assert answer is not None and answer.text == "1.5万元"


def test_a_question_asking_before_and_after_a_change_gets_both_values():
    sentence = "居民用水第一阶梯由每立方米2.05元调整为2.30元，第二阶梯由每立方米3.08元调整为3.45元。"
    answer = _ask("第一阶梯供水价格调整前后分别是每立方米多少元？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "2.05元调整为2.30元"
    answer = _ask("第一阶梯供水价格调整后是每立方米多少元？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "2.30元"


def test_central_government_money_is_the_national_level_and_the_suggestions_level_is_not_asked():
    from rag.answer.levels import question_levels

    question = "How much central government money was in the funding, per the reply to provincial NPC suggestion 12?"
    assert question_levels(question) == {"national"}
    assert question_levels("How much did the central urban area get?") == set()


def test_a_plans_period_names_the_plan_not_a_year_asked_about():
    from rag.answer.document_years import names_document

    question = "What is the per-household subsidy under the city's 2025–2027 gas pipeline renewal plan?"
    assert names_document(question, "2025") and names_document(question, "2027")
    assert not names_document("How much was spent on gas pipelines in 2025?", "2025")


def test_a_total_changed_to_a_new_value_answers_how_many_in_total():
    sentence = "全年计划新建城市书房20个，城市书房总数由上年的41个增加到61个。"
    question = "How many city reading rooms will the city have in total after this year's additions?"
    scores = {f.text: alignment(question, sentence, f.start, f.end, 2025) for f in find_figures(sentence)}
    assert scores["61个"] > scores["20个"] and scores["61个"] > scores["41个"]


def test_a_list_of_old_values_changes_into_a_list_of_new_ones_in_order():
    from rag.answer.changes import predecessor, successor
    from rag.answer.respective import respective_list

    sentence = "甲类和乙类项目每亩补助分别由去年的1,500元、900元提高到1,800元和1,100元;其余不变。"
    old_a, old_b, new_a, new_b = (_figure(t, sentence) for t in ("1,500元", "900元", "1,800元", "1,100元"))
    assert successor(sentence, old_a.end) == new_a.start
    assert successor(sentence, old_b.end) == new_b.start
    assert predecessor(sentence, new_b.start) == old_b
    items, spans = respective_list(sentence, new_b.start)
    assert items == ["甲类", "乙类"] and spans == [(new_a.start, new_a.end), (new_b.start, new_b.end)]
    # Two old values and one new one: both become it; another figure before the change replaces nothing.
    merged = "补助由1,500元、900元统一调整为1,200元。"
    assert successor(merged, _figure("900元", merged).end) == _figure("1,200元", merged).start
    unrelated = "奖励500元，保险费由20元提高到30元。"
    assert successor(unrelated, _figure("500元", unrelated).end) is None


def test_a_rate_per_mu_or_per_head_is_asked_with_a_hyphen_or_a_livestock_noun():
    from rag.answer.per_unit import per_unit_match

    assert per_unit_match("What is the new per-mu investment for new projects?", "项目亩均投入", "元") == 0.5
    assert per_unit_match("What is the subsidy per breeding yak bull?", "补贴由每头", "元") == 0.5
    assert per_unit_match("What is the subsidy per breeding yak bull?", "每亩补助", "元") == -0.5


def test_a_row_named_only_as_the_documents_own_place_is_not_asked():
    table = ("表1　建设任务分解表\n县(市、区)\t任务(万亩)\t计划投资(万元)\n"
             "甲山区\t1.2\t3200\n乙河县\t6.5\t17580\n丙水县\t8.6\t23000\n合计\t16.3\t43780\n")
    own = "乙河市农业农村局关于印发乙河市建设方案的通知"
    asked = "丙水县的计划投资是多少万元？乙河市方案"
    assert [c.text for c in row_cell(asked, table, own=own)] == ["23000"]
    assert row_cell("乙河市方案中中央资金有多少万元？", table, own=own) == []
    assert [c.text for c in row_cell("乙河县的计划投资是多少万元？", table, own=own)] == ["17580"]
    assert [c.text for c in row_cell("乙河市方案中中央资金有多少万元？", table)] == ["6.5"]  # no document known
    # A community named after its town (茂林社区 of 茂林镇) is a row of the town's table, not the town, unless asked.
    villages = ("表1　各村（社区）考核结果（面积：亩）\n村（社区）\t实有耕地\t考核得分\n濂溪村\t6,512.6\t91.0\n"
                "茂林社区\t1,416.1\t82.5\n合计\t7,928.7\t—\n")
    own = "泾县茂林镇人民政府关于2024年度耕地保护考核结果的通报"
    assert row_cell("How much cultivated land does Maolin town actually have?", villages, own=own) == []
    assert [c.text for c in row_cell("茂林社区的考核得分是多少？", villages, own=own)] == ["82.5"]


def test_a_fund_is_no_rate_per_head_and_urban_and_rural_residents_are_two_parts():
    from rag.answer.parts import two_parts
    from rag.answer.per_unit import per_unit_match

    asked = "What is the subsidy per breeding bull?"
    assert per_unit_match(asked, "今年安排种公牛补贴资金", "万元") == -0.25
    assert per_unit_match(asked, "今年计划调配种公牛", "头") == 0.0
    assert per_unit_match("How much is the subsidy fund?", "今年安排种公牛补贴资金", "万元") == 0.0
    # A parcel delivered is counted with 件 (补贴标准由每件0.15元提高到每件0.2元), not a shop's 每个.
    parcel = "What's the new per-parcel subsidy for delivering packages?"
    assert per_unit_match(parcel, "提高到每件", "元") == 0.5
    assert per_unit_match(parcel, "每个一次性补助", "万元") == -0.5
    assert per_unit_match("How much is the reward for each parcel of land revitalized?", "每宗地奖励", "万元") == 0.5
    assert two_parts("What were the incomes of urban residents and of rural residents in 2024?") == (
        "What were the incomes of urban residents in 2024?", "What were the incomes of rural residents in 2024?")


def test_a_label_in_another_table_of_the_document_does_not_make_a_row_a_category():
    text = ("附件1\n补助资金分配表\n单位：个、万元\n市别\t新建园区\t补助资金\n甲市\t1\t3600\n乙市\t2\t6400\n"
            "合计\t3\t10000\n\n附件2\n园区名单\n序号\t市别\t园区名称\n1\t乙市\t乙市蔬菜园区\n2\t乙市\t乙市生姜园区\n")
    assert [c.text for c in row_cell("补助资金中乙市分到多少万元？", text, money=True)] == ["6400"]


def test_a_markdown_tables_headings_and_bold_caption_are_read_over_its_rule_row():
    from rag.answer.table_lines import table_block, table_heads

    text = ("说明如下。\n\n**表1　2024年度支出决算表（单位：万元）**\n\n| 科目 | 预算数 | 决算数 |\n|---|---:|---:|\n"
            "| 行政运行 | 1426.30 | 1402.18 |\n| 综合医院 | 6850.00 | 7012.46 |\n")
    start = text.index("| 综合医院")
    heads = table_heads(text, table_block(text, start, start + 5)[0])
    assert heads == "表1　2024年度支出决算表（单位：万元）\t科目\t预算数\t决算数"


def test_one_ask_for_two_items_that_repeat_their_preposition_is_two_parts():
    from rag.answer.parts import two_parts

    assert two_parts("How many households moved in 2024 through resettlement and through apartment buildings?") == (
        "How many households moved in 2024 through resettlement?",
        "How many households moved in 2024 through apartment buildings?")
    assert two_parts("How much did the city spend on roads and bridges in 2024?") is None


def test_a_sites_publisher_gives_the_signatures_issuer_its_full_name():
    from rag.documents import parse_document

    text = ("# 甲镇人民政府关于2024年工作总结的报告\n\n> 文号：甲府〔2024〕7号　｜　"
            "发布机构：某某市乙区甲镇人民政府　｜　成文日期：2024年12月16日\n\n乙区人民政府：\n\n"
            "今年全镇完成改厕412户。\n\n甲镇人民政府\n2024年12月16日\n")
    assert parse_document(text, "a.md").header.issuer == "某某市乙区甲镇人民政府"
    plain = text.replace("某某市乙区甲镇人民政府", "某某市乙区丙镇人民政府")  # another body: the signature stands
    assert parse_document(plain, "b.md").header.issuer == "甲镇人民政府"


def test_a_two_part_question_about_two_rows_is_not_two_columns_of_one():
    from types import SimpleNamespace

    from rag.answer.parts import two_parts
    from rag.answer.table_answer import _parts_in_two_rows
    from rag.answer.table_lines import table_block

    text = "表1\n方式\t计划户数\t完成户数\n平移集中\t180\t186\n上楼安置\t160\t153\n合计\t340\t339\n"
    block = table_block(text, text.index("平移"), text.index("平移") + 2)
    ask = SimpleNamespace(question="平移集中完成多少户，上楼安置完成多少户？", query_tokens=[], unit="户")
    assert _parts_in_two_rows(ask, two_parts(ask.question), text, block, "")
    columns = SimpleNamespace(question="平移集中计划多少户，完成多少户？", query_tokens=[], unit="户")
    assert not _parts_in_two_rows(columns, two_parts(columns.question), text, block, "")


def test_provincial_money_is_what_the_province_pays_not_the_provinces_whole():
    from rag.answer.levels import level_match

    sentence = "去年全省落实扶持资金3.27亿元，其中中央财政资金1.96亿元、省级财政资金0.94亿元。"
    whole, part = _figure("3.27亿元", sentence), _figure("0.94亿元", sentence)
    paid = "How much provincial money went into the support funds last year?"
    assert level_match(paid, sentence, whole.start, whole.end) == 0.0
    assert level_match(paid, sentence, part.start, part.end) == 0.5
    scope = "How much support funding was put in across the province last year?"
    assert level_match(scope, sentence, whole.start, whole.end) == 0.5


def test_a_column_of_a_part_is_asked_only_when_the_question_names_it_clearly():
    table = "表1\n州\t调配种公牛\t补贴资金\t其中野血牦牛\n甲州\t3050\t1220\t420\n乙州\t720\t288\t90\n"
    assert [c.text for c in row_cell("甲州调配多少头种公牛？牦牛 公牛", table, money=False)] == ["3050"]
    assert [c.text for c in row_cell("甲州其中野血牦牛有多少头？", table, money=False)] == ["420"]


def test_a_total_of_revenue_or_spending_is_bridged_to_its_total_row_words():
    from rag.text.bridge import bridge_terms

    terms = bridge_terms("What was the commission's total revenue in 2024?", lambda ts: dict.fromkeys(ts, 1.0))
    assert "收入合计" in terms
    assert "支出合计" in bridge_terms("What was its total spending?", lambda ts: dict.fromkeys(ts, 1.0))


def test_a_bare_table_cell_is_answered_where_the_text_states_it_with_its_unit():
    from rag.answer.table_answer import _stated_with_unit
    from rag.answer.table_lines import Cell, table_block
    from rag.text.figures import FigureKind

    text = ("村道补助标准由每公里2,000元提高到2,500元，乡道1,204.8公里。\n表1\n道路\t里程\t标准\n"
            "乡道\t1204.8\t6000\n村道\t4171.3\t2500\n")
    block = table_block(text, text.index("乡道\t"), text.index("乡道\t") + 3)
    cell = Cell(text.rindex("2500"), text.rindex("2500") + 4, "2500")
    assert _stated_with_unit(text, block, [cell], FigureKind.MONEY, "村道").text == "2,500元"
    assert _stated_with_unit(text, block, [cell], FigureKind.PERCENT, "村道") is None
    other = Cell(text.index("6000"), text.index("6000") + 4, "6000")
    assert _stated_with_unit(text, block, [other], FigureKind.MONEY, "乡道") is None  # the text never says 6,000元
    # The same digits said of another row's thing (乡道's 2,500元 would be 村道's standard) are no twin.
    assert _stated_with_unit(text, block, [cell], FigureKind.MONEY, "县道") is None


def test_last_years_and_this_years_values_of_a_change_are_both_asked():
    from rag.answer.changes import change_span

    sentence = "每艘补助标准由去年的6,000元提高到7,000元。"
    new = _figure("7,000元", sentence)
    asked = "What were last year's and this year's payments per boat?"
    assert sentence[slice(*change_span(asked, sentence, new))] == "6,000元提高到7,000元"
    assert change_span("去年和今年每艘分别补助多少？", sentence, new) is not None
    assert change_span("What is this year's payment per boat?", sentence, new) is None


def test_how_much_water_asks_for_a_volume_not_money():
    from rag.text.asked import expected_kind
    from rag.text.asked_measures import expected_unit
    from rag.text.figures import FigureKind, answers_unit

    asked = "How much free water do households on minimum living allowance get each month?"
    assert expected_kind(asked) == FigureKind.COUNT and expected_unit(asked) == "立方米"
    assert expected_unit("今年湿地补水量是多少？") == "立方米"
    volumes = find_figures("每户每月免收5立方米水费，向湿地补水1.1亿立方米，节水120万吨，投资1.2亿立即开工。")
    assert [(f.text, f.kind) for f in volumes] == [("5立方米", FigureKind.COUNT), ("1.1亿立方米", FigureKind.COUNT),
                                                  ("120万吨", FigureKind.COUNT), ("1.2亿", FigureKind.MONEY)]
    assert answers_unit("立方米", volumes[2]) and not answers_unit("立方米", find_figures("12个")[0])


def test_the_unit_asked_per_is_the_head_noun_of_the_phrase():
    from rag.answer.per_unit import per_unit_match

    asked = "What is the new annual operating subsidy per rural school bus?"
    assert per_unit_match(asked, "运营补助标准由每辆每年", "万元") == 0.5
    assert per_unit_match(asked, "每所学校每年补助", "万元") < 0.5


def test_a_part_the_question_names_by_words_of_its_own_leads_its_whole():
    from rag.answer.labels import named_part, pairs
    from rag.answer.wholes import listed_parts

    sentence = ("今年省级安排城市排水防涝补助资金22.4亿元，比去年增加3.8亿元，其中易涝积水点整治12.6亿元、"
                "排水管网建设改造6.8亿元、智慧排水监测预警3.0亿元。")
    whole = find_figures(sentence)[0]
    parts = listed_parts(sentence, whole)
    assert [f.text for f in parts] == ["12.6亿元", "6.8亿元", "3.0亿元"]
    assert named_part(pairs("易涝积水点整治"), "易涝积水点整治安排了多少？", sentence, whole, parts).text == "12.6亿元"
    # Words of the whole (补助资金, 省级) name no part; a total asked wants the whole.
    assert named_part(pairs("省级补助资金"), "省级补助资金有多少？", sentence, whole, parts) is None
    assert named_part(pairs("易涝积水点整治"), "易涝积水点整治等一共安排了多少？", sentence, whole, parts) is None


def test_a_lone_part_after_qizhong_is_asked_for_by_its_own_words():
    from rag.answer.labels import named_part, pairs
    from rag.answer.wholes import listed_parts

    sentence = "去年古城景区接待游客2,146.8万人次,比前年增长18.6%,其中夜间游客924.3万人次,占43.1%。"
    whole = find_figures(sentence)[0]
    parts = listed_parts(sentence, whole)
    assert [f.text for f in parts] == ["924.3万人次"]
    assert named_part(pairs("夜间游客"), "去年夜间游客有多少？", sentence, whole, parts).text == "924.3万人次"
    assert named_part(pairs("接待游客"), "去年接待游客多少人次？", sentence, whole, parts) is None
    # 共 asks for the whole its sentence says 共 of.
    assert named_part(pairs("夜间游客"), "去年共接待夜间在内的游客多少？", sentence, whole, parts) is None
    assert [f.text for f in find_figures("接待46批次、386人次")] == ["46批次", "386人次"]


def test_a_caption_names_two_measures_of_one_unit_and_a_label_with_its_own_note():
    from rag.answer.captions import caption_measures

    caption = "表1　去年各县市区零工市场建设运行情况(零工市场(驿站)单位:个;服务零工和促成就业单位:万人次)"
    assert caption_measures(caption) == [("零工市场", "个"), ("服务零工", "万人次"), ("促成就业", "万人次")]
    text = (caption + "\n县市区　　零工市场(驿站)　　服务零工　　促成就业\n市本级　　1　　2.46　　1.68\n"
            "兴平市　　11　　2.40　　1.62\n")
    question = "兴平市零工市场（驿站）服务零工多少万人次？"
    assert [c.text for c in row_cell(question, text, unit="人次")] == ["2.40"]


def test_a_budgets_parts_listed_with_their_shares_go_on_after_a_semicolon():
    # The sentences are cut at the semicolon; the first, with the words the question shares, scores higher.
    budget = [("本年支出预算4,210.60万元，其中基本支出1,530.20万元，占36.3%；", 0.9),
              ("项目支出2,680.40万元，占63.7%。", 0.6)]
    assert parts_go_on("本年收入预算6,120.50万元，其中财政拨款收入5,210.30万元，占85.1%；")
    assert not parts_go_on("本年收入预算6,120.50万元，其中财政拨款收入5,210.30万元；另安排债券资金300万元。")
    assert not parts_go_on("本年收入预算6,120.50万元，占全市的8.5%；")  # no list of parts
    for question, want in (("本年项目支出预算是多少？", "2,680.40万元"), ("本年支出预算一共是多少？", "4,210.60万元")):
        answer = _ask(question, [budget], {"title": "某市文化馆2025年部门预算", "date": "2025-02-10"})
        assert answer is not None and answer.text == want, question


_PROJECT = "项目总投资2.40亿元，本年安排市级资金1,260.00万元，其中一般公共预算640.00万元、彩票公益金620.00万元。"
_BUDGET = ("本年收入预算38,420.50万元，比上年的35,100.20万元增加3,320.30万元，增长9.5%。其中：一般公共预算拨款收入"
           "30,200.00万元，占78.6%；事业收入8,220.50万元，占21.4%。")


def test_a_total_asked_is_the_whole_that_its_parts_after_qizhong_add_up_to():
    question = "某局2025年收入预算总计是多少？"
    assert [total_by_list(question, _BUDGET, f) for f in find_figures(_BUDGET) if f.text.endswith("万元")] == \
        [1.0, 0.0, 0.0, -1.0, -1.0]
    assert [total_by_list(question, _PROJECT, f) for f in find_figures(_PROJECT)] == [0.0, 1.0, -1.0, -1.0]
    assert not any(total_by_list("某局2025年收入预算是多少？", _BUDGET, f) for f in find_figures(_BUDGET))
    # Within the total, how much …: the total names the whole of the part asked.
    within = "Within the total investment of the project, how much city money is arranged?"
    assert not any(total_by_list(within, _PROJECT, f) for f in find_figures(_PROJECT))
    # A clause between the whole and 其中 that is no comparison (a long one) leaves the figure no whole of that list.
    other = ("本年收入预算38,420.50万元，主要用于全市中小学校舍维修和教学设备更新等方面。其中：事业收入8,220.50万元，"
             "占21.4%。")
    assert total_by_list(question, other, find_figures(other)[0]) == 0.0
    answer = _ask(question, [[(_PROJECT, 0.9)], [(_BUDGET, 0.88)]], {"title": "某局2025年部门预算公开说明",
                                                                     "date": "2025-02-10", "issuer": "某局"})
    assert answer is not None and answer.text == "38,420.50万元"


_SORTING = ("去年市级财政安排垃圾分类专项资金2.30亿元，其中设施建设1.40亿元、运营补助0.62亿元、宣传督导0.28亿元；"
            "今年安排专项资金2.60亿元，比去年增加0.30亿元，其中设施建设1.50亿元、运营补助0.80亿元、宣传督导0.30亿元。")


def test_an_english_question_names_a_part_by_bridged_terms_that_meet_in_its_label(monkeypatch):
    assert joined_pairs(["运营", "补助", "资金"], "其中设施建设1.40亿元、运营补助0.62亿元") == {"营补"}
    assert joined_pairs(["运营"], "运营补助") == set()
    question = "How much of the city's waste sorting fund went to operating subsidies last year?"
    # The bridge gives the terms apart (运营, 补助): the label 运营补助 is named where they meet.
    monkeypatch.setattr("tests.test_answer_choice.tokenize",
                        lambda q: ["市级", "垃圾", "分类", "资金", "基金", "运营", "运行", "补助", "补贴", "去年"])
    first, second = _SORTING.split("；")
    answer = _ask(question, [[(first + "；", 0.9), (second, 0.85)]], {"title": "某市关于垃圾分类工作的答复",
                                                                     "date": "2025-05-10", "issuer": "某市某局"})
    assert answer is not None and answer.text == "0.62亿元"


def test_the_part_an_english_question_names_is_found_in_what_it_asks_not_in_the_document_it_cites():
    assert without_source("How much was invested in drainage in 2024, according to the provincial department's "
                          "reply to suggestion No. 12?") == "How much was invested in drainage in 2024"
    assert without_source("How many were trained, per the bureau's 2025 summary?") == "How many were trained"
    assert without_source("How much was spent on roads in 2024?") == "How much was spent on roads in 2024?"
    sentence = "去年全省排水防涝投资186.0亿元，其中，中央资金31.0亿元，省级财政补助资金12.5亿元，市县资金142.5亿元。"
    whole, *parts = [f for f in find_figures(sentence) if f.text.endswith("亿元")]
    assert named_part(pairs("省级"), "q", sentence, whole, parts) == parts[1]  # the province's money, when asked
    assert named_part(set(), "q", sentence, whole, parts) is None
    # One label for the parts after it (分别) names no single part: which one is rag.answer.respective's to say.
    listed = "全县地区生产总值412.0亿元，其中第一、二、三产业增加值分别为20.1亿元、180.5亿元和211.4亿元。"
    whole, *parts = find_figures(listed)
    assert named_part(pairs("产业增加值"), "q", listed, whole, parts) is None


def test_a_part_after_qizhong_is_of_its_wholes_year_past_an_earlier_years_value():
    sentence = ("去年省级工业发展专项资金安排4.20亿元，前年为3.90亿元。其中，技术改造奖励1.60亿元，"
                "首台套保险补偿0.90亿元，公共服务平台建设1.70亿元。")
    part = _figure("1.60亿元", sentence)
    assert figure_years(sentence, part.start, 2025) == {"2024"}
    assert figure_years(sentence, _figure("3.90亿元", sentence).start, 2025) == {"2023"}
    assert not figure_year_mismatch("2024年技术改造奖励安排了多少？", sentence, part.start, 2025)
    # A year written in the list is the part's own.
    own = "去年省级资金安排4.20亿元，其中2023年结转资金0.30亿元、当年新增资金3.90亿元。"
    assert figure_years(own, _figure("0.30亿元", own).start, 2025) == {"2023"}
    summary = {"title": "某省工业和信息化厅关于某建议的答复", "date": "2025-05-10", "issuer": "某省工业和信息化厅"}
    answer = _ask("2024年技术改造奖励安排了多少？", [[(sentence, 0.9)]], summary)
    assert answer is not None and answer.text == "1.60亿元"


def test_a_figure_whose_label_holds_little_of_the_part_asked_is_not_its_answer():
    question = "某市第三批租赁补贴拟发放对象中，城镇低收入家庭有多少户？"
    lead = "确定2025年第三批城镇住房保障家庭租赁补贴拟发放对象1,860户，现予以公示。"
    listed = "本批拟发放对象共1,860户，其中，城镇低保家庭512户、低收入家庭904户、其他住房困难家庭444户。"
    assert misses_asked_part(question, lead, _figure("1,860户", lead))
    assert [misses_asked_part(question, listed, f) for f in find_figures(listed)[1:]] == [False, False, True]
    assert not misses_asked_part("某市第三批租赁补贴拟发放对象有多少户？", lead, _figure("1,860户", lead))
    answer = _ask(question, [[(lead, 0.92)], [(listed, 0.88)]])
    assert answer is not None and answer.text == "904户"


def test_a_total_no_top_passage_states_is_looked_for_a_little_further_down():
    """The best passages list parts of the year's revenue (事业收入, 其他收入) and other amounts; the total stands in
    the fourth passage, marked by 合计 and by its parts after 其中. None of the first three states a total, so the
    answer is looked for among the first five."""
    from rag.answer.totals import misses_total

    question = "What was the total revenue of the municipal health commission in 2024, according to its final accounts?"
    passages = [[("事业收入2,853.19万元，占7.7%；", 0.9), ("其他收入382.90万元，占1.0%。", 0.88)],
                [("行政运行支出1,402.18万元，为年初预算的98.3%。", 0.86)],
                [("基层医疗卫生机构能力提升项目支出1,360.00万元。", 0.85)],
                [("本年度收入合计36,842.57万元，比上年增长9.9%。其中：一般公共预算财政拨款收入31,206.48万元，"
                  "占84.7%；事业收入2,853.19万元，占7.7%。", 0.87)]]
    assert misses_total(question, [s for p in passages[:3] for s, _ in p], FigureKind.MONEY)
    assert not misses_total(question, [passages[3][0][0]], FigureKind.MONEY)
    assert not misses_total("What was the health commission's other revenue in 2024?", [passages[0][1][0]],
                            FigureKind.MONEY)
    summary = {"title": "某市卫生健康委员会2024年度部门决算公开说明", "date": "2025-09-01", "issuer": "某市卫健委"}
    answer = _ask(question, passages, summary)
    assert answer is not None and answer.text == "36,842.57万元"


def test_a_phrase_whose_sense_the_whole_writes_names_no_part_by_another_sense():
    from rag.answer.figure_choice import _part_namer
    from rag.answer.labels import named_part
    from rag.answer.wholes import listed_parts

    sentence = "规模以上工业增加值增长7.8%，其中装备制造业增长10.6%，新材料产业增长12.3%。"
    whole = find_figures(sentence)[0]
    parts = listed_parts(sentence, whole)
    senses = {"产业": 0, "行业": 0, "工业": 0, "新材料": 1}  # industry: three senses; new materials: one
    before = sentence[: whole.start]
    assert named_part(_part_namer(["产业", "行业", "工业"], senses)(before), "", sentence, whole, parts) is None
    assert named_part(_part_namer(["产业", "新材料"], senses)(before), "", sentence, whole, parts).text == "12.3%"


def test_a_part_asking_for_the_target_gets_the_target_of_what_the_first_part_counts():
    """How many jobs, and what was the target: 4,800人 that 绩效目标为：… sets for new jobs, not the rate of completion
    (完成目标任务的106.8%) nor another target of that list (再就业1,600人以上)."""
    goal = ("年初设定的总体绩效目标为：城镇新增就业4,800人以上，失业人员再就业1,600人以上，"
            "就业困难人员实现就业520人以上。")
    done = "全年城镇新增就业5,126人，完成目标任务的106.8%；失业人员再就业1,742人。"
    summary = {"title": "某县2024年就业补助资金绩效自评报告", "date": "2025-02-10", "issuer": "某县人社局"}
    for question in ("How many new urban jobs did the county create in the year, and what was the target?",
                     "全年城镇新增就业多少人？目标是多少？", "城镇新增就业完成了多少人，目标是多少人？"):
        answer = _ask(question, [[(goal, 0.9)], [(done, 0.9)]], summary)
        assert answer is not None and [p.text for p in answer.parts] == ["5,126人", "4,800人以上"], question


def test_which_day_a_list_applies_from_is_read_further_down_not_off_a_bare_year_or_a_yearly_deadline():
    """从哪天开始执行 asks for the day a rule takes effect: not the bare year of a column (2024年收费额), nor a deadline
    that comes back every year (每年1月31日前…上年度); a passage further down states it (自2025年3月1日起执行)."""
    passages = [[("编制了《某盟盟本级行政事业性收费目录清单（2025年版）》，现予以公布，并就有关事项公告如下：", 0.95)],
                [("某盟盟本级行政事业性收费目录清单（2025年版）（2024年收费额单位：万元）", 0.93)],
                [("各执收单位于每年1月31日前将上年度收费项目执行情况报盟财政局备案。", 0.92)],
                [("收费标准以清单所列标准为准。", 0.8)], [("2024年，盟本级共减免各类行政事业性收费386.47万元。", 0.8)],
                [("七、本清单自2025年3月1日起执行，2024年版清单同时废止。", 0.85)]]
    summary = {"title": "关于公布某盟盟本级行政事业性收费目录清单（2025年版）的公告", "date": "2025-02-20",
               "issuer": "某盟财政局"}
    answer = _ask("某盟盟本级行政事业性收费目录清单（2025年版）从哪天开始执行？", passages, summary)
    assert answer is not None and answer.text == "2025年3月1日"
    caption = "（2024年收费额单位：万元）"
    assert bare_year_out_of_role("从哪天开始执行？", caption, find_figures(caption)[0])
    assert not bare_year_out_of_role("从哪一年开始执行？", caption, find_figures(caption)[0])


def test_the_parts_after_qizhong_belong_to_the_last_whole_before_it():
    """检查企业186家，出动检查人员412人次，发现隐患642项，其中重大隐患7项: 7项 is a part of 642项, not of 412人次; a
    rate per unit between a whole and its 其中 (每千人4.5批次) is not the whole unless no figure before it is."""
    from rag.answer.wholes import listed_parts, whole_of_list

    def figure(sentence, text):
        return next(f for f in find_figures(sentence) if f.text == text)

    sentence = "本季度共检查企业186家，出动检查人员412人次，发现各类隐患642项，其中重大隐患7项。"
    assert listed_parts(sentence, figure(sentence, "412人次")) == []
    assert [f.text for f in listed_parts(sentence, figure(sentence, "642项"))] == ["7项"]
    rate = "全市计划完成抽检29,800批次，达到每千人4.5批次，其中市本级承担12,600批次。"
    assert whole_of_list(rate, rate.index("其中"), FigureKind.COUNT).text == "29,800批次"
    fee = "服务费按每人每年60元筹集，其中医保基金支付30元、个人支付10元。"
    assert whole_of_list(fee, fee.index("其中"), FigureKind.MONEY).text == "60元"


def test_a_total_asked_in_a_measure_word_is_looked_for_further_down_and_marked_by_gong_before_its_verb():
    """一共发现了多少处问题: 本次考核共发现问题186处 (共 before the verb and its object marks the total), read from a
    passage further down when the best ones state 处 but no total in 处 (发现并交办问题97处); an overall score is
    no sum."""
    from rag.answer.totals import asks_total, misses_total

    question = "本季度人居环境考核一共发现了多少处问题？"
    best = ["镇人居环境办共开展暗访督查3轮，覆盖全部12个村，发现并当场交办问题97处，已整改86处。"]
    assert misses_total(question, best, FigureKind.COUNT, "处")
    assert not misses_total(question, ["本次考核共发现问题186处，其中生活垃圾乱堆乱放72处。"], FigureKind.COUNT, "处")
    found = "本次考核共发现问题186处，其中生活垃圾乱堆乱放72处、杂物乱堆48处。"
    answer = _ask(question, [[(best[0], 0.95)], [(found, 0.9)]])
    assert answer is not None and answer.text == "186处"
    assert not asks_total("What overall score did the programme receive?") and asks_total("How many overall?")
    assert misses_total(question, ["省财政共下达首批资金800万元。"], FigureKind.MONEY)  # a batch's, no total
    assert not misses_total(question, ["全县共有干部1200名，共发现问题 186处。"], FigureKind.COUNT, "处")


def test_the_outcomes_of_a_check_split_its_whole_and_are_not_what_was_checked():
    """How many samples were tested: 612批次, not the 检验合格598批次 after it (an outcome, though 检验 names it);
    how many failed: 不合格14批次."""
    from rag.answer.totals import unasked_outcome
    from rag.text.figures import find_figures
    from tests.test_answer_choice import _ask

    sentence = "本期共抽检粮油、肉制品等11大类食品样品612批次，检验合格598批次，不合格14批次，样品合格率97.71%。"
    figures = {f.text: f for f in find_figures(sentence)}
    question = "How many food samples did the bureau test in its sixth sampling round?"
    assert unasked_outcome(question, sentence, figures["598批次"]) and unasked_outcome(question, sentence,
                                                                                        figures["14批次"])
    assert not unasked_outcome(question, sentence, figures["612批次"])
    assert not unasked_outcome("How many of them failed?", sentence, figures["14批次"])
    assert not unasked_outcome("检验合格的有多少批次？", sentence, figures["598批次"])
    through = "全年新增就业人员5,600人，通过“人才新政”引进高层次人才320人。"  # 通过 alone is "through"
    assert not unasked_outcome("How many high-level talents were attracted?", through, find_figures(through)[-1])
    checked = "受理申请326件，经审核通过287件。"
    assert unasked_outcome("How many applications were received?", checked, find_figures(checked)[-1])
    assert not unasked_outcome("How many applications were approved?", checked, find_figures(checked)[-1])
    answer = _ask("How many food samples did the bureau test?", [[(sentence, 0.9)]])
    assert answer is not None and answer.text.startswith("612批次")


def test_an_english_question_names_the_part_it_asks_after_the_whole():
    """Of the funds, how much came from Changsha city level; how much of the funds goes to model projects; how many
    kilometres of the roads are village roads: the words that name the part, not a task (is the city to build),
    a pronoun's whole (a two-part question's second part) nor a verb after the copula (was spent)."""
    from rag.answer.asked_parts import english_part

    assert english_part("Of Liuyang's 2024 award funds for mechanising fireworks production, how much came from "
                        "Changsha city level?") == "Changsha city level"
    assert english_part("How much of Ningxia's 2025 development funds for ethnic minorities goes to model projects "
                        "for ethnic unity and progress?") == "model projects for ethnic unity and progress"
    assert english_part("How many kilometres of Ganzhou's rural roads are village roads?") == "village roads"
    assert english_part("Among the proposed recipients, how many are urban low-income households?") == \
        "urban low-income households"
    assert english_part("Of the city-level funds, how much (in 10,000 yuan) is allocated to tea workshops?") == \
        "tea workshops"
    assert english_part("How many kilometres of firebreak is Luliang city to build in 2025?") is None
    assert english_part("How much of it is county money?") is None
    assert english_part("How much of the provincial fund was spent by June?") is None
    assert english_part("How much did the county spend on roads?") is None
    # A total, each one, what there is, a verb alone or a task name no part; both forms read a verb of allocation.
    for whole in ("How many kilometres of rural roads are there in Ganzhou?", "Of the award funds, what is the total?",
                  "Of the funds, how much will each household receive?", "Of the funds, how much was spent?",
                  "Of the funds, how much is expected to be used for roads?"):
        assert english_part(whole) is None, whole
    assert english_part("How much of the fund is allocated to tea workshops?") == "tea workshops"
    assert english_part("Of the 3,600 enterprises inspected, how many were high-tech enterprises?") == \
        "high-tech enterprises"
    assert english_part("Of the funds, how much came from the province and how much from the city?") == "the province"


def test_the_english_part_leads_the_whole_and_the_other_parts_its_label_holds_its_terms():
    """其中省级资金1,200万元、长沙市级资金900万元、浏阳市级资金1,500万元: Changsha city level (长沙, 市级) names the
    second part only; 其他项目 writes projects, but not the rarer words of model projects for ethnic unity."""
    from rag.answer.asked_parts import lead_english_part, names_english_part

    fund = "全年安排机械化改造奖补资金3,600万元，其中省级资金1,200万元、长沙市级资金900万元、浏阳市级资金1,500万元。"
    groups = [("市级",), ("资金", "金额"), ("长沙",)]
    weights = {"市级": 2.0, "资金": 1.0, "金额": 1.5, "长沙": 5.0}
    assert [f.text for f in find_figures(fund) if names_english_part(groups, weights, fund, f)] == ["900万元"]
    assert not any(names_english_part([("乡镇",)], {"乡镇": 2.0}, fund, f) for f in find_figures(fund))  # unwritten
    ethnic = ("今年安排少数民族发展资金2.36亿元，其中特色村寨建设1.05亿元、民族团结进步示范创建0.64亿元、"
              "其他项目0.40亿元。")
    groups = [("示范", "典型"), ("项目",), ("民族团结", "民族", "团结"), ("进步",)]
    weights = {"示范": 3.0, "典型": 4.0, "项目": 1.0, "民族团结": 6.0, "民族": 3.0, "团结": 4.0, "进步": 5.0}
    sentence = SimpleNamespace(text=ethnic)
    found = [[1.0 - 0.1 * i, 0, -f.start, sentence, f] for i, f in enumerate(find_figures(ethnic))]
    lead_english_part(found, list(range(len(found))), groups, weights, 0.001)
    assert max(found, key=lambda x: x[0])[4].text == "0.64亿元"
