"""Parallel figures and table rows of layouts the rules were not written on (session 16, varied-dev16/17).

Every sentence and table here is written for the test: a change of a list (分别由…、…提高到…和…) with each
figure repeating its measure, items that share a head character, labels numbered in brackets, a row labelled
with a word of the issuer's name, a town row beside the county's own name, last year's column beside this year's.
"""

from __future__ import annotations

import numpy as np
import pytest

from rag.answer.counted import counted_share
from rag.answer.respective import respective_list, respective_match
from rag.answer.span import coverage
from rag.answer.stated import stated_in_question
from rag.search.retrieval import Retrieval
from rag.text.bridge import bridge_groups
from rag.text.figures import find_figures
from rag.text.pinyin_names import english_names


def _figure(sentence: str, text: str, nth: int = 0):
    return [f for f in find_figures(sentence) if f.text == text][nth]


def _retrieval(question: str, weights: dict[str, float], senses: dict[str, int] | None = None) -> Retrieval:
    return Retrieval(question, [], None, None, list(weights), weights, None, {}, {}, np.zeros(1),
                     senses=senses or {})


def test_a_lists_new_values_pair_with_its_items_when_each_figure_repeats_its_measure():
    sentence = "城镇、乡村特困供养标准分别由每人每月980元、每人每年9,200元提高到每人每月1,020元和每人每年9,600元。"
    items, spans = respective_list(sentence, _figure(sentence, "9,600元").start)
    assert items == ["城镇", "乡村"]
    assert [sentence[a:b] for a, b in spans] == ["1,020元", "9,600元"]
    assert respective_match(["乡村"], sentence, _figure(sentence, "9,600元").start) == 1.0
    assert respective_match(["乡村"], sentence, _figure(sentence, "1,020元").start) == -1.0


def test_the_last_item_reaches_the_head_character_it_shares_with_the_first():
    sentence = "单季稻、双季晚稻每亩奖补分别由25元、15元提高到35元和20元。"
    items, _ = respective_list(sentence, _figure(sentence, "20元").start)
    assert items == ["单季稻", "双季晚稻"]
    # Without a shared head the last item keeps the first one's length: 大豆、玉米全程托管 -> 玉米.
    sentence = "大豆、玉米全程托管亩均增收分别为88元、131元。"
    items, _ = respective_list(sentence, _figure(sentence, "131元").start)
    assert items == ["大豆", "玉米"]
    at = _figure(sentence, "131元").start
    assert respective_match(["全程", "托管"], sentence, at, "How much did full-process trusteeship add per mu?") == 0.0
    assert respective_match(["全程", "托管"], sentence, at, "全程托管亩均增收多少？") == -0.5  # naming neither item


def test_items_labelled_by_a_bracketed_number_are_told_apart():
    sentence = "市级对一（1）类、一（2）类泵站的维修补助分别由每座每年8万元、5万元提高到10万元和6万元。"
    items, _ = respective_list(sentence, _figure(sentence, "6万元").start)
    assert len(items) == 2 and items[0] != items[1]
    assert respective_match(["2"], sentence, _figure(sentence, "6万元").start) == 1.0


def test_a_number_that_labels_a_thing_is_not_a_quantity_the_question_states():
    assert not stated_in_question("What is the subsidy for each class (2) pumping station?", "2万元")
    assert not stated_in_question("What did the reply to proposal No. 15 say it costs?", "15万元")
    assert stated_in_question("How much for stations of more than 2 units?", "2台")


def test_a_new_value_counts_what_its_lists_first_old_value_names():
    sentence = "城乡居民基础养老金和特困人员救助供养标准分别由每人每月300元、1,150元提高到330元和1,210元。"
    weights = {"特困": 2.0, "救助": 1.0}
    retrieval = _retrieval("特困人员救助供养标准提高到多少？", weights)
    old, new = _figure(sentence, "1,150元"), _figure(sentence, "1,210元")
    assert counted_share(retrieval, sentence, new, weights) == counted_share(retrieval, sentence, old, weights) > 0


def test_an_english_phrase_counts_once_whichever_sense_a_passage_writes():
    weights = {"资金": 1.0, "金额": 4.0, "家电": 6.0}
    question = "How much money for home appliance vouchers?"
    grouped = _retrieval(question, weights, {"资金": 0, "金额": 0, "家电": 1})
    # The phrase "money" weighs as its most common sense (资金), covered by either.
    assert coverage(grouped, "家电消费券资金") == 1.0
    assert coverage(grouped, "资金") == 1.0 / 7.0
    assert coverage(_retrieval(question, weights), "资金") == 1.0 / 11.0  # sense by sense, as Chinese terms count


def test_level_and_relative_year_phrases_bridge_whole():
    held = {"市级": 3.0, "今年": 2.0, "水平": 4.0, "年度": 3.0, "年级": 8.0, "资金": 2.0}
    groups = bridge_groups("How much city-level money this year?", lambda ts: {t: held.get(t, 0.0) for t in ts})
    terms = {t for group in groups for t in group}
    assert {"市级", "今年", "资金"} <= terms and not terms & {"水平", "年级"}


@pytest.mark.parametrize(("question", "held", "wanted", "unwanted"), [
    # Official text's word first, where the dictionary's first senses are everyday ones.
    ("How much went to transport projects?", {"交通": 3.0, "运输": 3.0, "项目": 2.0, "输送": 5.0}, {"交通", "项目"},
     set()),
    ("How many took on-the-job skills upgrading training?",
     {"岗位": 3.0, "在岗": 3.0, "技能提升": 4.0, "两手": 6.0, "培训": 2.0}, {"岗位", "技能提升"}, {"两手"}),
    ("What was the redemption rate of the vouchers?", {"核销": 4.0, "核销率": 5.0, "赎回": 6.0, "消费券": 3.0},
     {"核销"}, {"赎回"}),
    ("What is the standard for each drainage pumping station?", {"排涝": 4.0, "排水": 3.0, "引流": 6.0, "泵站": 3.0},
     {"排涝"}, {"引流"}),
    ("What were the copper concentrate imports?", {"铜精矿": 5.0, "精矿": 4.0, "集中": 2.0, "进口": 2.0}, {"铜精矿"},
     {"集中"}),
])
def test_official_terms_bridge_before_the_dictionarys_everyday_senses(question, held, wanted, unwanted):
    groups = bridge_groups(question, lambda ts: {t: held.get(t, 0.0) for t in ts})
    terms = {t for group in groups for t in group}
    assert wanted <= terms and not terms & unwanted


def test_a_county_named_by_one_syllable_is_found_with_its_suffix():
    assert ("Shou", ("寿县",)) in english_names("What did Shou County spend on schools?")
    assert english_names("What did Shou spend on schools?") == []
    # The dictionary writes some with a capital: 黟县 /Yi County in Huangshan/.
    assert "黟县" in dict(english_names("Who spoke for Yi County?"))["Yi"]


def test_a_place_whose_english_name_is_two_words_is_found_written_as_one_or_two():
    """巴彦淖尔 /Bayan Nur prefecture-level city/: Bayannur or Bayan Nur; 锡林浩特 /Xilinhot City in …/: Xilinhot."""
    assert ("Bayannur", ("巴彦淖尔", "巴彦淖尔市")) in english_names("How much farmland did Bayannur improve?")
    assert "锡林浩特" in dict(english_names("What did Xilinhot spend?"))["Xilinhot"]
    assert english_names("How many islands are there?", places_only=True) == []


def test_a_place_that_opens_a_question_is_found_unless_it_is_an_english_word():
    assert english_names("Liupanshui kiwifruit output in 2024?") == [("Liupanshui", ("六盘水",))]
    assert english_names("Tibet's barley output?") == []  # an English word as well: capitalised anyway


def test_an_autonomous_county_entered_with_its_suffix_is_found_by_its_name():
    # 都安县 /Du'an Yao autonomous county in …/: the people's name stands between the name and the level.
    assert english_names("How many projects did Du'an county build?") == [("Du'an", ("都安",))]


def test_a_place_written_with_its_level_syllable_as_one_word_is_found():
    """Rongxian is Rong County (容县), Lankaoxian is Lankao (兰考); a word that only ends like a level (Guangxi,
    Jiangxi) keeps its own entry."""
    assert english_names("What was Rongxian's GDP?") == [("Rongxian's", ("容县", "荣县"))]
    assert english_names("What did Lankaoxian spend?") == [("Lankaoxian", ("兰考",))]
    assert english_names("What did Guangxi and Jiangxi spend?") == [("Guangxi", ("广西",)), ("Jiangxi", ("江西",))]


def test_a_place_that_begins_a_dictionary_phrase_names_a_thing_not_the_place():
    """Sichuan pepper is 花椒, no question about Sichuan; Sichuan University (四川大学) and a Beijing resident (北京人)
    still name their places."""
    assert english_names("How much Sichuan pepper did Hanyuan county grow?", True) == [("Hanyuan", ("汉源",))]
    assert english_names("How much did Sichuan grow?", True) == [("Sichuan", ("四川",))]
    assert english_names("How many students does Sichuan University have?", True) == [("Sichuan", ("四川",))]
    assert english_names("What does each Beijing resident get?") == [("Beijing", ("北京",))]


def test_a_row_is_not_named_by_the_issuers_own_words():
    from rag.answer.tables import row_cell

    table = ("功能科目\t上年预算数\t本年预算数\n小学教育\t820.50\t861.20\n高中教育\t640.00\t702.40\n"
             "体育\t95.10\t130.00\n合计\t1555.60\t1693.60\n")
    issuer = "某市教育体育局"
    question = "How much is budgeted for senior high school education in the Education and Sports Bureau's budget? " \
               "预算 高中 教育 体育"
    found = row_cell(question, table, issuer=issuer, asked=question.split("?")[0], year=1)
    assert [c.text for c in found] == ["702.40"]  # the row spelled by its terms, this year's column
    asked = "体育本年预算多少？"
    assert [c.text for c in row_cell(asked, table, issuer=issuer, asked=asked)] == ["130.00"]


def test_a_town_row_is_not_named_by_the_county_of_the_same_name():
    from rag.answer.tables import row_cell

    table = "镇\t主体数\t补助资金\n石门镇\t12\t88.5\n柳河镇\t9\t61.0\n"
    own = "石门县农业农村局关于果园补助资金的公示 石门县农业农村局"
    question = "How much subsidy goes to Liuhe town (柳河镇) in Shimen's list? 补助 石门"
    assert [c.text for c in row_cell(question, table, own=own, money=True)] == ["61.0"]


def test_a_column_named_by_its_measure_word_answers_how_many_households():
    from rag.answer.tables import row_cell

    table = "县区\t小区（个）\t居民户数\t投资\n东城区\t14\t2210\t6100\n"
    assert [c.text for c in row_cell("How many households in 东城区? 户数 小区", table, unit="户")] == ["2210"]


def test_revenue_is_not_read_off_a_table_of_spending():
    from rag.answer.table_answer import _asked_year, _other_side

    heads = "表1 一般公共预算支出预算表（单位：万元）\t功能科目\t本年预算数"
    assert _other_side("What is the bureau's total revenue budget?", heads)
    assert not _other_side("What is the bureau's total spending budget?", heads)
    assert _asked_year("What is budgeted for 2025?", 2025) == 1 and _asked_year("What was spent in 2024?", 2025) == -1
    assert _asked_year("What is budgeted?", 2025) == 1 and _asked_year("What was last year's budget?", 2025) == -1
    assert _asked_year("What was spent in 2022?", 2025) == 0


def test_items_that_modify_what_follows_end_at_their_de():
    sentence = "今年起新建茶园和老茶园改造的县级补助标准分别由每亩800元、300元提高到1,000元和400元。"
    items, _ = respective_list(sentence, _figure(sentence, "400元").start)
    assert items[-1] == "老茶园改造"


def test_an_old_value_after_you_is_of_the_year_written_before_it():
    from rag.answer.figure_years import figure_years

    sentence = "全县污水收集率由2022年底的41.5%提高到去年底的57.0%。"
    assert figure_years(sentence, sentence.index("41.5%"), 2024) == {"2022"}
    assert figure_years(sentence, sentence.index("57.0%"), 2024) == {"2023"}
    # The new value of a change the sentence dates only by 由上年 is not of that year.
    sentence = "全区核桃产量由上年的0.82万吨增加到0.91万吨。"
    assert figure_years(sentence, sentence.index("0.82"), 2024, own_old=False) == set()


def test_two_parts_are_two_items_not_the_old_and_new_value_of_one():
    from rag.answer.changes import one_change

    sentence = "新建和改造每亩补助分别由每亩900元、400元提高到1,100元和500元。"
    parts = ("What is the new subsidy for new plots?", "and for renovated plots?")
    old, new = _figure(sentence, "900元"), _figure(sentence, "1,100元")
    assert one_change("What are the new subsidies for new and for renovated plots?", *parts, sentence, old, new)
    assert not one_change("What were the old and new subsidies?", *parts, sentence, old, new)
    assert not one_change("q", *parts, sentence, new, _figure(sentence, "500元"))


def test_a_question_opening_with_a_preposition_names_the_county_after_it():
    from rag.answer.context import named_places

    assert [p for p, _ in named_places("对武功县2025年果园补助有异议的，应在什么时间前反映？")] == ["武功县"]
    assert [p for p, _ in named_places("按照民勤县的设施农业奖补办法，钢架大棚的跨度至少要达到多少？")] == ["民勤县"]


def test_a_bridged_term_does_not_make_an_english_question_ask_for_a_target():
    from rag.answer.tables import row_cell

    table = "地市\t改造任务\t补助资金\n甲市\t120\t360\n乙市\t95\t285\n"
    named = "How many canteens is 乙市 expected to upgrade? 预期 改造 任务"
    assert [c.text for c in row_cell(named, table, money=False, asked="How many canteens is 乙市 expected to "
                                     "upgrade?")] == ["95"]


def test_two_levels_of_one_fund_are_two_parts():
    from rag.answer.parts import two_parts

    parts = two_parts("How much central and provincial money has the city lined up for pond tail water this year?")
    assert parts == ("How much central money has the city lined up for pond tail water this year?",
                     "How much provincial money has the city lined up for pond tail water this year?")
    assert two_parts("How much provincial money went into it?") is None
    # …and what growth target had been set: a second ask with its auxiliary after the noun.
    assert two_parts("How fast did the county's GDP grow last year, and what growth target had been set?") == \
        ("How fast did the county's GDP grow last year", "what growth target had been set?")
    assert two_parts("How many enterprises were certified, and what sectors were they in?") is None


def test_exports_and_imports_are_money_and_two_measures():
    from rag.answer.parts import two_parts
    from rag.text.asked import expected_kind
    from rag.text.figures import FigureKind

    assert expected_kind("What were the city's exports in 2024?") == FigureKind.MONEY
    assert expected_kind("全市2024年进出口总额是多少？") == FigureKind.MONEY
    assert expected_kind("How many exporting firms are there?") == FigureKind.COUNT
    first = two_parts("What were the city's exports and its imports in 2024?")[0]
    assert first == "What were the city's exports in 2024?"


def test_the_reply_to_the_proposal_number_asked_comes_first():
    from types import SimpleNamespace

    from rag.answer.context import named_document_first

    titles = {"a": "对市政协二届三次会议第0415号提案的答复", "b": "对市政协二届三次会议第128号提案的答复"}
    reader = SimpleNamespace(summaries=lambda ids: {d: {"title": titles[d], "doc_number": None} for d in ids})
    hits = [SimpleNamespace(chunk=SimpleNamespace(doc_id=d)) for d in ("b", "a", "b")]
    first = named_document_first("What did the reply to proposal No. 415 promise?", hits, reader)
    assert [h.chunk.doc_id for h in first] == ["a", "b", "b"]
    assert named_document_first("对第128号提案的答复文号是什么？", hits, reader) == [hits[0], hits[2], hits[1]]
    assert named_document_first("What did the city promise?", hits, reader) == hits


def test_land_acquisition_and_trade_in_bridge_to_their_official_terms():
    held = {"征收": 3.0, "征地": 4.0, "补偿": 3.0, "安置": 3.0, "以旧换新": 5.0, "新能源": 4.0, "并购": 6.0}
    terms = {t for group in bridge_groups("What compensation does the land acquisition notice set for resettlement?",
                                          lambda ts: {t: held.get(t, 0.0) for t in ts}) for t in group}
    assert {"征收", "补偿", "安置"} <= terms and "并购" not in terms
    terms = {t for group in bridge_groups("What is the voucher for a new-energy car under the trade-in programme?",
                                          lambda ts: {t: held.get(t, 0.0) for t in ts}) for t in group}
    assert {"以旧换新", "新能源"} <= terms


def test_only_a_proposal_or_suggestion_number_names_a_reply():
    from rag.documents import item_numbers

    assert item_numbers("What did the reply to CPPCC proposal No. 0372 say?") == {372}
    assert item_numbers("对市十届人大四次会议第179号建议的答复") == {179}
    assert item_numbers("How many students does No. 1 Middle School have?") == set()
    assert item_numbers("关于发布2025年第1号公告的通知") == set()
    assert item_numbers("吉科发政〔2024〕79号") == set()


def test_the_parts_of_a_curated_word_the_index_splits_are_terms_not_alternatives():
    # domestic sewage -> 生活污水, held only as 生活 and 污水: 生活 alone (生活垃圾) does not say domestic sewage.
    held = {"生活": 3.0, "污水": 4.0, "处理": 4.0, "治理": 3.8}
    groups = bridge_groups("What is the domestic sewage treatment rate?", lambda ts: {t: held.get(t, 0.0) for t in ts})
    assert ("生活",) in groups and ("污水",) in groups
    held["生活污水"] = 5.0  # held whole, the word is one term
    groups = bridge_groups("What is the domestic sewage treatment rate?", lambda ts: {t: held.get(t, 0.0) for t in ts})
    assert ("生活污水",) in groups or any("生活污水" in g for g in groups)
    assert ("生活",) not in groups


def test_the_items_of_a_respective_list_a_clause_before_keep_the_words_that_hold_a_preposition():
    """对低保对象和…防止返贫监测对象，资助标准分别由…提高到280元和200元: the first item is 低保对象 (对象 is a word,
    not the preposition 对 that opens the clause)."""
    from rag.answer.respective import respective_list, respective_match

    sentence = ("对低保对象和纳入监测范围的防止返贫监测对象，资助标准分别由上年度的每人266元、190元提高到280元和200元；"
                "对持证的一、二级重度残疾人，每人资助280元。")
    new = sentence.index("280元")
    assert respective_list(sentence, new) == (["低保对象", "纳入监测范围"], [(new, new + 4), (new + 5, new + 9)])
    assert respective_match(["低保对象"], sentence, new, "低保对象每人资助多少钱？") == 1.0


def test_he_inside_an_offices_name_joins_no_items_but_joins_them_elsewhere():
    """规划建设局、自然资源和规划分局…分别为: two offices; 线上和线下, 市级和县级部门, 男性和女性干部 are two
    items each."""
    for sentence, figure, items in [
        ("规划建设局、自然资源和规划分局办结率分别为93.1%和89.2%。", "89.2%", ["规划建设局", "自然资源和规划分局"]),
        ("线上和线下办理量分别为12,000件和8,000件。", "8,000件", ["线上", "线下"]),
        ("市级和县级部门分别安排资金120万元和80万元。", "80万元", ["市级", "县级"]),
        ("男性和女性干部分别为320人和180人。", "180人", ["男性", "女性"]),
    ]:
        found = respective_list(sentence, _figure(sentence, figure).start)
        assert found is not None and found[0] == items


def test_two_items_written_as_one_word_are_each_named():
    """城乡低保标准分别由…提高到940元和710元: 农村 asks the second (城乡 is 城镇 and 农村), as 进出口 lists 进口
    then 出口."""
    from tests.test_answer_choice import _ask

    sentence = "今年全市城乡低保标准分别由每人每月900元、670元提高到940元和710元。"
    assert _ask("农村低保标准提高到每人每月多少元？", [[(sentence, 0.9)]]).text.startswith("710元")
    assert _ask("城镇低保标准提高到每人每月多少元？", [[(sentence, 0.9)]]).text.startswith("940元")
    trade = "全年进出口总额分别为12.5亿元和18.3亿元。"
    assert _ask("全年出口总额是多少？", [[(trade, 0.9)]]).text.startswith("18.3亿元")
    # Not one set counted two ways (1.2万人、3.4万户), a name (城乡居民医保), or labelled figures (资助参保…、救助…).
    assert _ask("农村低保对象有多少？", [[("城乡低保对象分别为1.2万人、3.4万户。", 0.9)]]).text.startswith("1.2万人")
    assert _ask("农村居民医保个人缴费提高到多少？", [[("城乡居民医保个人缴费分别提高到380元和400元。", 0.9)]]) \
        .text.startswith("380元")
    assert _ask("城乡医疗救助救助了多少人次？", [[("城乡医疗救助分别资助参保2.3万人次、救助1.1万人次。", 0.9)]]) \
        .text.startswith("1.1万人次")


def test_what_a_figure_is_given_as_after_it_labels_that_figure_not_the_next():
    """按每人每天150元给予误工补助，并按每人每天60元标准保障伙食: 误工补助 is 150元's."""
    from tests.test_answer_choice import _ask

    sentence = "群众参加森林火灾扑救的，按每人每天150元给予误工补助，并按每人每天60元标准保障伙食。"
    assert _ask("每人每天的误工补助是多少？", [[(sentence, 0.9)]]).text.startswith("150元")
    assert _ask("每人每天的伙食标准是多少？", [[(sentence, 0.9)]]).text.startswith("60元")
    # A threshold's 的-clause (投资达到500万元的给予…) labels the figure after it.
    bands = "投资达到500万元的给予设备购置补助，每个项目100万元；投资达到200万元的给予贷款贴息，每个项目50万元。"
    assert _ask("贷款贴息每个项目多少钱？", [[(bands, 0.9)]]).text.startswith("50万元")


def test_a_part_that_alone_names_last_year_or_the_old_list_asks_where_a_change_starts():
    from rag.answer.changes import asks_old, old_then_new, one_change

    sentence = "肉牛饲养量由去年的2.86万头增加到3.2万头；冷凉蔬菜种植面积1.2万亩。"
    new, old = _figure(sentence, "3.2万头"), _figure(sentence, "2.86万头")
    parts = ("What is the town's beef cattle target for 2025", "how many head did it raise last year?")
    assert old_then_new(*parts, sentence, new, old)
    assert not one_change("q", *parts, sentence, new, old)
    # Both parts of last year, or neither: two items, not the two ends of one change.
    assert not old_then_new("How many head last year", "how many goats last year?", sentence, new, old)
    assert one_change("q", "How many head now", "how many goats?", sentence, old, new)
    assert asks_old("how many were on the old provincial list?")
    assert asks_old("what was the previous subsidy standard?")
    assert not asks_old("what is the old age subsidy now?") and not asks_old("what is the old-age subsidy?")
    # A comparison with last year asks for a change, not for last year's value.
    assert not old_then_new("现在养了多少头", "比上年增加了多少？", sentence, new, old)
    assert one_change("q", "What is the subsidy now", "how much higher is it than last year?", sentence, old, new)
    assert not asks_old("how many old residential compounds were renovated?")
    assert not asks_old("what is the old-age allowance?")


def test_a_part_naming_its_own_relative_year_is_dated_by_it():
    from rag.answer.document_years import names_relative_year

    assert names_relative_year("how many head did it raise last year?")
    assert names_relative_year("去年养了多少头？")
    assert not names_relative_year("比上年增长多少？")  # a comparison names no year of its own
    assert not names_relative_year("how much higher than last year?")
    assert not names_relative_year("当年有多少户？")  # that year: the other part's
    assert not names_relative_year("What is the target for 2025")


def test_numbers_that_label_a_quarter_or_grade_are_no_stated_quantity():
    sentence = "其中,优秀3个,良好6个,合格4个,不合格1个."
    assert not stated_in_question("In the Q3 2025 assessment, how many compounds were rated excellent?", "3个")
    assert not stated_in_question("What is the rate at a grade-3 hospital?", "3个")
    assert stated_in_question("How many villages have at least 3 shops?", "3个")
    # 第2批 picks the batch's row (第1批12户，第2批15户): its number stays the question's.
    assert stated_in_question("第2批有多少户？", "2批")
    assert _figure(sentence, "3个").text == "3个"


def test_one_outcome_of_a_check_is_a_part_of_the_whole_checked():
    from rag.answer.totals import outcome_part

    sentence = "本期共抽检食品样品612批次，检验合格598批次，不合格14批次，样品合格率97.71%。"
    whole, failed = _figure(sentence, "612批次"), _figure(sentence, "14批次")
    assert outcome_part("how many of them failed?", sentence, whole, failed)
    assert outcome_part("不合格的有多少批次？", sentence, whole, failed)
    assert not outcome_part("how many were from restaurants?", sentence, whole, failed)  # no outcome asked
    other = "全年抽检612批次，完成年度任务的60%；其中餐饮环节138批次，不合格14批次。"
    assert not outcome_part("how many failed?", other, _figure(other, "612批次"), _figure(other, "14批次"))


def test_what_a_deductible_or_fee_will_be_asks_for_money():
    from rag.text.asked import expected_kind
    from rag.text.figures import FigureKind

    assert expected_kind("What will the deductible be for a stay at a tertiary hospital?") == FigureKind.MONEY
    assert expected_kind("What would the fee be for a second child?") == FigureKind.MONEY
    assert expected_kind("What will the deadline be for subsidy applications?") != FigureKind.MONEY
    assert expected_kind("What will the reimbursement rate be?") != FigureKind.MONEY


def test_assets_and_liabilities_are_money_and_two_measures():
    from rag.answer.parts import two_parts
    from rag.text.asked import expected_kind
    from rag.text.figures import FigureKind

    assert expected_kind("管委会机关的行政事业性国有资产总额是多少？") == FigureKind.MONEY
    assert expected_kind("区属国有企业负债总额是多少？") == FigureKind.MONEY
    question = ("What were the total assets and total liabilities of the zone's state-owned enterprises at the end "
                "of 2024?")
    assert expected_kind(question) == FigureKind.MONEY
    assert two_parts(question) == (
        "What were the total assets of the zone's state-owned enterprises at the end of 2024?",
        "what were the total liabilities of the zone's state-owned enterprises at the end of 2024?")


def test_cases_are_counted_either_way_and_a_length_in_metres_or_kilometres():
    from rag.text.asked_measures import expected_unit
    from rag.text.figures import answers_unit, find_figures, same_measure

    assert expected_unit("How many of the hotline cases were about property management?") == "件"
    assert answers_unit("件", find_figures("刑事案件12起")[0]) and same_measure("件", "12起")
    assert expected_unit("How many fires were there?") == "起"
    assert not answers_unit("起", find_figures("信访1,286件")[0]) and not same_measure("起", "1,286件")
    assert expected_unit("How long is a dog leash allowed to be?") == "米"
    assert expected_unit("How long is the greenway?") == "公里"
    assert expected_unit("How long is the term of office of the board that leads the project?") == "天"
    # Sheep units (羊单位) are no sheep.
    assert expected_unit("How many sheep units does one adult cow count as?") is None
    assert expected_unit("How many sheep does the town raise?") == "只"


def test_a_county_of_one_character_after_a_preposition_is_read_both_ways():
    from rag.answer.context import named_places

    assert dict(named_places("按代县的命名原则，长度不足多少米的巷道不单独命名？"))["按代县"] == ("按代县", "代县")
    assert dict(named_places("从江县2024年的地区生产总值是多少？"))["从江县"] == ("从江县",)
    assert dict(named_places("将乐县2024年的地区生产总值是多少？"))["将乐县"] == ("将乐县",)
    assert dict(named_places("武功县2025年果园补助有多少？"))["武功县"] == ("武功县",)


def test_a_sum_gives_way_to_the_rate_per_unit_asked():
    from rag.answer.per_unit import marked_as_asked, rate_for_total, total_for_rate

    question = "白沙县2024年度天然橡胶价格保险每亩赔了多少钱？"
    assert total_for_rate(question, "去年全县天然橡胶价格（收入）保险共应赔付", "万元，户")
    assert not total_for_rate(question, "公共预算安排", "万元")  # 公共 is no sum
    assert marked_as_asked(question, "据此计算，去年每亩赔款", "元，未超")
    assert not marked_as_asked(question, "户均获赔", "元。各乡")
    assert not marked_as_asked("How much was paid out in total?", "每亩赔款", "元")
    # Total assets name an indicator, not a sum paid out: a rate per unit is no reason to abstain from it.
    assert not rate_for_total("What were the total assets of the enterprises?", "人均", "元")
    assert rate_for_total("How much was paid out in total?", "每亩赔款", "元")
    assert rate_for_total("What was the town's total output value?", "亩均产值", "元")


def test_a_bound_that_sorts_out_a_category_is_no_rate_reported():
    from rag.answer.stated import category_bound

    sentence = "街道每月对不满意诉求逐件回访，对满意率连续两个季度低于85%的社区，由街道约谈社区负责人。"
    question = "What was the satisfaction rate for hotline cases in Q3 2025?"
    start = sentence.index("85%")
    assert category_bound(question, sentence, start, start + 3)
    assert not category_bound("Below what satisfaction rate is a community called in?", sentence, start, start + 3)
    assert category_bound("Under what conditions is a community called in?", sentence, start, start + 3)
    # A benchmark the reported value is set against is no category (低于5.5%的预期目标, 高于8.1%的全省平均水平).
    target = "全年城镇调查失业率为5.1%，低于5.5%的预期目标，就业形势总体稳定。"
    assert not category_bound("预期目标是多少？", target, target.index("5.5%"), target.index("5.5%") + 4)
    average = "全县农民收入增长8.6%，高于8.1%的全省平均水平，"
    assert not category_bound("q", average, average.index("8.1%"), average.index("8.1%") + 4)
    reported = "群众满意率91.3%，由上季度的89.5%提高到91.3%。"
    assert not category_bound(question, reported, reported.index("91.3%"), reported.index("91.3%") + 5)


def test_each_soldier_is_a_rate_per_head():
    from rag.answer.per_unit import per_unit_match

    question = "How much is the town's own one-off cash reward for each new soldier now?"
    assert per_unit_match(question, "镇财政对批准入伍的新兵（含女兵）每人发放一次性奖励", "元，比去") > 0
    # A volunteer service hour is per hour, not per volunteer.
    assert per_unit_match("What is paid per volunteer service hour?", "每人", "元") <= 0


def test_a_day_a_count_stands_at_ends_no_range_and_the_hour_of_a_last_day_is_kept():
    from rag.answer.dates import date_role, due_end

    question = "应征青年网上报名的截止时间是什么时候？"
    as_of = "截至7月20日，全镇已有104名青年在网上报名应征。"
    assert date_role(question, as_of, as_of.index("7月20日"), as_of.index("7月20日") + 5) < 0
    for closing in ("报名截止到2025年7月20日。", "自即日起截至8月31日，逾期不再受理。"):
        day = "2025年7月20日" if "7月20日" in closing else "8月31日"
        assert date_role(question, closing, closing.index(day), closing.index(day) + len(day)) > 0
    deadline = "（一）网上报名。即日起至8月15日18时，应征青年登录全国征兵网如实填写个人信息。"
    at = deadline.index("8月15日") + len("8月15日")
    assert date_role(question, deadline, deadline.index("8月15日"), at) > 0
    assert deadline[deadline.index("8月15日") : due_end(deadline, at)] == "8月15日18时"
    assert due_end("于9月19日17:00前报送", len("于9月19日")) == len("于9月19日17:00前")
    assert due_end("于9月19日报送", len("于9月19日")) is None


def test_two_ranks_of_a_ladder_are_two_parts():
    from rag.answer.parts import two_parts

    question = "What are the new second-tier and third-tier residential gas prices in urban Xuchang?"
    assert two_parts(question) == ("What are the new second-tier residential gas prices in urban Xuchang?",
                                   "What are the new third-tier residential gas prices in urban Xuchang?")
    assert two_parts("What are the reimbursement rates at grade-one and grade-two hospitals?")[1] == \
        "What are the reimbursement rates at grade-two hospitals?"
    assert two_parts("How many first-tier cities are there?") is None


def test_the_base_of_a_comparison_with_a_programme_year_is_an_old_value_of_that_year():
    from rag.answer.changes import is_old
    from rag.answer.figure_years import figure_years

    sentence = "2026年度城乡居民医保个人缴费标准为每人每年400元,比2025年度的380元增加20元。"
    old, new = sentence.index("380元"), sentence.index("400元")
    assert is_old(sentence, old, old + 4) and not is_old(sentence, new, new + 4)
    assert figure_years(sentence, old, 2026) == {"2025"}
    assert figure_years(sentence, new, 2026) == {"2026"}


def test_flats_on_offer_are_counted_in_sets():
    from rag.text.asked_measures import expected_unit

    assert expected_unit("How many flats are on offer in the second batch?") == "套"
    assert expected_unit("How many apartments does the talent project have?") == "套"


def test_a_hotlines_number_is_no_quantity_the_question_states():
    sentence = "全年受理12345热线诉求1,936件，响应率100%，解决率96.2%，满意率97.4%。"
    assert not stated_in_question("What share of 12345 hotline complaints got resolved?", "12345")
    assert not stated_in_question("12315平台受理了多少件投诉？", "12315件")
    assert stated_in_question("How many firms have more than 12345 workers?", "12345人")
    assert _figure(sentence, "96.2%").text == "96.2%"


def test_the_year_a_long_sentence_opens_with_is_its_later_figures_year():
    from rag.answer.figure_years import figure_years

    sentence = ("去年全市共接待游客1,268万人次、实现旅游综合收入112.6亿元，分别增长9.6%和11.2%；其中乡村旅游接待游客"
                "486万人次、综合收入21.8亿元。")
    assert figure_years(sentence, sentence.index("486万人次"), 2025) == {"2024"}
    other = ("去年全市共接待游客1,268万人次、实现旅游综合收入112.6亿元，分别增长9.6%和11.2%；今年计划乡村旅游接待游客"
             "520万人次。")
    assert figure_years(other, other.index("520万人次"), 2025) == {"2025"}
    ending = ("去年底全市共有民宿312家，床位4,860张，带动周边农户发展特色种养和手工艺品加工，户均年增收1.2万元以上，"
              "全市民宿平均入住率为41.2%。")
    assert figure_years(ending, ending.index("41.2%"), 2025) == set()  # 去年底 dates the stock, not every rate after


def test_the_whole_checked_gives_way_to_the_outcome_asked():
    from rag.answer.totals import whole_of_outcomes

    sentence = "今年以来，全市累计完成食品安全监督抽检1,024批次，检出不合格23批次，不合格率2.2%。"
    whole = _figure(sentence, "1,024批次")
    assert whole_of_outcomes("今年以来食品安全监督抽检累计有多少批次不合格？", sentence, whole)
    assert whole_of_outcomes("How many batches failed?", sentence, whole)
    assert not whole_of_outcomes("今年以来累计抽检了多少批次？", sentence, whole)  # the whole asked
    assert not whole_of_outcomes("How many batches failed?", sentence, _figure(sentence, "23批次"))
    other = "全市累计抽检1,024批次；此前已有23批次不合格。"
    assert not whole_of_outcomes("How many batches failed?", other, _figure(other, "1,024批次"))


def test_second_review_cases_of_years_bounds_outcomes_and_units():
    from rag.answer.changes import _part_asks_old
    from rag.answer.dates import date_role
    from rag.answer.document_years import names_relative_year
    from rag.answer.figure_years import figure_years
    from rag.answer.parts import two_parts
    from rag.answer.stated import condition_figure
    from rag.answer.totals import whole_of_outcomes
    from rag.text.asked import expected_kind
    from rag.text.asked_measures import expected_unit
    from rag.text.figures import FigureKind, answers_unit, find_figures

    # A year that opens a rule's or a period's clause dates no later figure.
    since = ("2021年实施农村人居环境整治提升五年行动以来，全县累计改造农村卫生户厕3.6万户，清理村庄垃圾12万吨，"
             "整治黑臭水体46条，建成农村污水处理站128座。")
    assert figure_years(since, since.index("128座"), 2025) == set()
    # Below what income asks a bound; under what conditions does not.
    rule = "月收入低于1,200元的，可以申请低保。"
    end = rule.index("1,200元") + len("1,200元")
    assert not condition_figure("Below what monthly income can a family apply?", rule, end)
    assert condition_figure("Under what conditions can a family apply, and how much does it get?", rule, end)
    # 通过 (through) and 受理 (accepted) are no outcome of a check.
    accepted = "全年受理营业执照申请1,240件，当场办结1,180件，通过网上办理率达95%。"
    assert not whole_of_outcomes("How many applications were accepted?", accepted, _figure(accepted, "1,240件"))
    # Over the past year is a period, not a comparison; an amount of change asks no old value.
    assert names_relative_year("how many were created over the past year?")
    assert not _part_asks_old("和去年相比增加了多少？", "今年的补助标准是多少")
    assert not _part_asks_old("how much has it risen relative to last year?", "What is the wage now")
    # A sum or a gap of two tiers is one figure.
    assert two_parts("What share of users are in the first-tier and second-tier bands combined?") is None
    assert two_parts("What is the price gap between first-tier and second-tier users?") is None
    # 截至 after a noun is a deadline.
    closing = "网上报名时间截至2025年7月20日17:00，逾期不予受理。"
    assert date_role("报名什么时候截止？", closing, closing.index("2025"), closing.index("2025") + 10) > 0
    # A late fee after the deadline is money; the deadline itself is no money.
    assert expected_kind("What is the late fee charged after the deadline?") == FigureKind.MONEY
    # Kilometres either way; cases in 例 or 宗; a cord blood storage period is a duration.
    assert answers_unit("公里", find_figures("绿道长4.6千米")[0])
    assert not answers_unit("公里", find_figures("路面宽3米")[0])
    assert answers_unit("件", find_figures("报告病例1,234例")[0])
    assert expected_unit("How long is the cord blood storage period at the bank?") == "天"
    assert expected_unit("How long is the construction period for the new bridge?") == "天"


def test_a_later_item_of_the_list_after_a_whole_is_a_part_of_it():
    from types import SimpleNamespace

    from rag.answer.pairs import _listed_next

    text = ("确认明年全街道扶助对象共1,286人，比今年的1,224人增加62人。其中，奖励扶助对象942人（新增118人）；"
            "特别扶助对象344人（死亡家庭212人，伤残家庭121人）。")
    chunk = SimpleNamespace(text=text, char_start=0, char_end=len(text))
    cut, semi = text.index("。") + 1, text.index("；") + 1

    def sentence(start: int, end: int):
        return SimpleNamespace(text=text[start:end], start=start, end=end, row=start, hit=SimpleNamespace(chunk=chunk))

    whole_in, later = sentence(0, cut), sentence(semi, len(text))
    whole, part = _figure(text, "共1,286人"), _figure(later.text, "344人")  # offsets in their sentences
    parts = ("How many people are confirmed for assistance?", "how many of them get the special assistance?")
    assert _listed_next(parts, whole_in, later, whole, part)
    assert not _listed_next(("How many people are confirmed?", "how many communities are there?"), whole_in, later,
                            whole, part)  # no part asked
    # A later clause that is no part: more than the whole, or in another measure.
    funds = "今年共发放补贴资金2,350万元。其中，耕地地力保护补贴1,530万元；带动社会资本投入3,600万元。"
    chunk.text, chunk.char_end = funds, len(funds)
    cut, semi = funds.index("。") + 1, funds.index("；") + 1
    text = funds
    capital = sentence(semi, len(funds))
    assert not _listed_next(("How much subsidy was paid in total?", "how much of it was social capital?"),
                            sentence(0, cut), capital, _figure(funds, "2,350万元"), _figure(capital.text, "3,600万元"))


def test_the_change_against_last_year_is_no_part_of_the_whole():
    from rag.answer.changes import compared_amount

    sentence = "县里下达我乡今年护林员指标168名，比去年增加7名；按照下达指标，新选聘26名。"
    assert compared_amount("how many of them are newly recruited?", sentence, _figure(sentence, "7名"))
    assert not compared_amount("how many of them are newly recruited?", sentence, _figure(sentence, "26名"))
    assert not compared_amount("比去年增加了多少名？", sentence, _figure(sentence, "7名"))  # the change asked
    signed = "全乡共有生态护林员168名，其中，与乡政府签订管护协议后新增26名。"  # 与 names no base here
    assert not compared_amount("how many of them are new?", signed, _figure(signed, "26名"))


def test_a_part_named_better_where_the_passages_found_break_the_list_is_not_outranked_by_a_listed_one():
    from types import SimpleNamespace

    from rag.answer.pairs import _unread_item

    def candidate(text: str, figure: str, start: int, chunk_start: int, chunk_end: int, doc: str = "d"):
        chunk = SimpleNamespace(doc_id=doc, char_start=chunk_start, char_end=chunk_end, text="x" * (chunk_end -
                                                                                                 chunk_start))
        sentence = SimpleNamespace(text=text, start=start, end=start + len(text), hit=SimpleNamespace(chunk=chunk))
        return (2.0, 0, 0, sentence, _figure(text, figure))

    whole = candidate("本年三公经费预算合计18.60万元。", "18.60万元", 0, 0, 17)
    far = candidate("公务接待费3.80万元。", "3.80万元", 60, 60, 72)  # the passage between was not found
    assert _unread_item(whole, far)
    near = candidate("公务接待费3.80万元。", "3.80万元", 60, 0, 72)  # one passage holds both: the list is read
    assert not _unread_item(whole, near)
    other = candidate("公务接待费3.80万元。", "3.80万元", 60, 60, 72, doc="e")
    assert not _unread_item(whole, other)
