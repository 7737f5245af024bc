"""Which item of a 分别 list a question names: items in the clause before, words that join no items, the head the
items share, and English questions read against the dictionary's glosses of each item. Invented sentences."""

from __future__ import annotations

from rag.answer.respective import named_items, respective_list, respective_match
from rag.text.figures import find_figures
from rag.text.glosses import english_words, named_by_gloss

_RENT = ("对新就业到本市企业工作、在中心城区无自有住房的全日制本科、硕士研究生和博士研究生毕业生，租房补贴标准分别由"
         "每人每月300元、500元、800元提高到400元、600元和1,000元，补贴期限仍为最长36个月。")


def _start(sentence: str, text: str) -> int:
    return next(f.start for f in find_figures(sentence) if f.text == text)


def test_the_items_may_end_the_clause_before_the_list_of_figures():
    items, spans = respective_list(_RENT, _start(_RENT, "600元"))
    assert items == ["全日制本科", "硕士研究生", "博士研究生"]
    assert [_RENT[a:b] for a, b in spans] == ["400元", "600元", "1,000元"]


def test_the_items_may_follow_the_figures_in_brackets():
    """分别…提高到3元和5元(对应60至79周岁、80周岁及以上老人): the bracket lists the items in the figures' order."""
    meals = "自今年7月起,镇级助餐补贴分别由每餐2元、3元提高到3元和5元(对应60至79周岁、80周岁及以上老人),其余不变。"
    items, spans = respective_list(meals, _start(meals, "5元"))
    assert items == ["60至79周岁", "80周岁及以上老人"] and [meals[a:b] for a, b in spans] == ["3元", "5元"]
    assert named_items(items, ["80", "周岁", "老人"], "80周岁以上老人每餐补贴多少？") == [1]
    reservoirs = "今年起补助标准分别由每座3万元、1.2万元提高到4万元和1.5万元（对应小（1）型、小（2）型），其余不变。"
    items, _ = respective_list(reservoirs, _start(reservoirs, "1.5万元"))
    assert items == ["小〔1〕型", "小〔2〕型"]
    # A note that names no items in order (含5年) leaves the list as it was.
    plain = "小麦、玉米亩均补贴分别为126元、153元（含省级资金），其余不变。"
    assert respective_list(plain, _start(plain, "153元"))[0] == ["小麦", "玉米"]


def test_an_english_question_names_an_item_by_its_gloss():
    question = "What is the new monthly rent subsidy for newly employed master's graduates?"
    assert "master" in english_words("硕士研究生")
    assert named_by_gloss(["全日制本科", "硕士研究生", "博士研究生"], question) == [1]
    assert respective_match([], _RENT, _start(_RENT, "600元"), question) == 1.0
    assert respective_match([], _RENT, _start(_RENT, "1,000元"), question) == -1.0
    # graduates are all three: no item is named by it alone
    assert named_by_gloss(["全日制本科", "硕士研究生", "博士研究生"], "What do new graduates get?") == []
    assert named_by_gloss(["本科", "硕士"], "硕士毕业生每月补贴多少？") == []  # Chinese questions use their own words


def test_an_adverb_of_a_gloss_names_what_its_adjective_does():
    rows = ["公办幼儿园大班免保育教育费", "普惠性民办幼儿园大班减免保育教育费", "家庭经济困难幼儿一等资助"]
    assert "private" in english_words("民办")  # privately operated
    # a bracketed note does not make a gloss an abbreviation's: junior high school (abbr. for 初级中学)
    assert named_by_gloss(["小学", "初中"], "What is the benchmark for junior middle schools?") == [1]
    assert named_by_gloss(rows, "How many children in private kindergartens get their fees waived?", words=2) == [1]


def test_numbers_written_as_words_name_the_item_that_writes_the_digit():
    sentence = ("旅行社组织外地游客，团队过夜1晚和过夜2晚及以上的，"
                "奖励标准分别由每团1,000元、2,000元提高到1,500元和3,000元；")
    items, _ = respective_list(sentence, _start(sentence, "3,000元"))
    assert items == ["团队过夜1晚", "过夜2晚及以上"]  # 及以上 joins no items
    assert named_by_gloss(items, "What is the new reward for a tour group that stays two or more nights?") == [1]
    assert "one" not in english_words("①项目") and "two" not in english_words("２晚")  # only ASCII digits count


def test_grades_and_ranks_name_no_item_by_their_gloss():
    # 甲级 glosses "first rate, class A": a class C asked is neither item
    assert named_by_gloss(["甲级", "乙级"], "How much is awarded to a homestay rated class C?") == []


def test_canyu_joins_no_items():
    sentence = "市区学校和县（市）学校教师参与课后服务的补助标准分别由每课时50元、40元提高到60元和50元；"
    items, _ = respective_list(sentence, _start(sentence, "60元"))
    assert len(items) == 2 and items[0] == "市区学校"


def test_the_head_the_items_share_names_none_of_them():
    sentence = "对通过验收的国家级、自治区级标准化试点示范项目，分别资助40万元、20万元。"
    items, _ = respective_list(sentence, _start(sentence, "20万元"))
    assert items[-1] == "自治区级"
    homestays = ["全国甲级", "乙级旅游民宿"]
    assert named_items(homestays, ["民宿"]) == []
    assert named_items(homestays, ["乙级"]) == [1]


def test_items_written_in_full_are_named_by_what_sets_them_apart():
    """Each item writes the shared ending itself (全国乡村旅游重点村、省级乡村旅游重点村): the question's 旅游 names
    both, not the first; 省级 names the second, and a term across the ending (四星级) still names its item."""
    sentence = "对全国乡村旅游重点村、省级乡村旅游重点村的补助分别由每个200万元、100万元提高到300万元和150万元；"
    items, _ = respective_list(sentence, _start(sentence, "150万元"))
    assert items == ["全国乡村旅游重点村", "省级乡村旅游重点村"]
    assert named_items(items, ["省级", "乡村", "旅游"]) == [1]
    assert named_items(["五星级民宿", "四星级民宿"], ["四星级", "民宿"]) == [1]


def test_a_value_the_question_states_names_the_band_that_holds_it():
    from rag.answer.bands import band, named_band

    sentence = ("购买新能源乘用车，发票金额在10万元以下、10万元（含）至20万元、20万元（含）以上的，"
                "分别补贴2,000元、3,000元和5,000元；")
    items, _ = respective_list(sentence, _start(sentence, "3,000元"))
    assert [band(i) for i in items] == [(float("-inf"), 1e5), (1e5, 2e5), (2e5, float("inf"))]
    question = "What subsidy is given in 2025 for a new-energy car with an invoice price of 150,000 yuan?"
    assert respective_match([], sentence, _start(sentence, "3,000元"), question) == 1.0
    assert respective_match([], sentence, _start(sentence, "5,000元"), "发票金额25万元的新能源车补贴多少？") == 1.0
    ages = ["年满70周岁不满75周岁", "年满75周岁不满80周岁", "年满80周岁及以上"]
    assert named_band(ages, "What do retirees aged 75 to 79 get?") == [1]
    assert named_band(ages, "What do retirees aged 70 to 79 get?") == []  # two bands: none named
    assert named_band(["城镇", "农村"], "What do households of 3 people get?") == []
    # items sharing their measure (亩) keep 以上 for the band
    farms = ("今年起，镇级对水稻种植面积50亩至200亩（含）、200亩以上的家庭农场，"
             "每亩补贴分别由30元、50元提高到40元和60元；")
    question = "How much per mu does the town now pay a family farm that grows more than 200 mu of rice?"
    assert respective_match([], farms, _start(farms, "60元"), question) == 1.0


def test_wan_ben_counts_copies_not_money():
    from rag.text.asked_measures import expected_unit
    from rag.text.figures import FigureKind

    kinds = {f.text: f.kind for f in find_figures("签发普通护照168.5万本、发放资金168.5万元、图书3,000本")}
    assert kinds == {"168.5万本": FigureKind.COUNT, "168.5万元": FigureKind.MONEY, "3,000本": FigureKind.COUNT}
    assert not any(f.text.endswith("本") for f in find_figures("在校1.2万本科生"))  # 本科 is another word
    assert expected_unit("去年签发普通护照多少本？") == "本"


def test_an_english_question_names_items_by_their_label_numbers():
    from rag.answer.respective import respective_span

    sentence = "小（1）型和小（2）型水库巡查责任人的补助标准分别由每人每年1,000元、600元提高到1,200元和800元；"
    items, _ = respective_list(sentence, _start(sentence, "800元"))
    assert named_items(items, [], "What do inspectors of small type-2 reservoirs now get?") == [1]
    question = "What are the new yearly subsidies for inspectors of small type-1 and small type-2 reservoirs?"
    figure = next(f for f in find_figures(sentence) if f.text == "800元")
    start, end = respective_span([], sentence, figure, figure.end, question)
    assert sentence[start:end] == "1,200元和800元"


def test_a_citys_urban_area_is_the_city_and_cubic_metres_are_counted():
    from rag.answer.context import named_places
    from rag.text.asked import expected_kind
    from rag.text.asked_measures import expected_unit
    from rag.text.figures import FigureKind

    assert named_places("许昌市区2025年调整气价后，低保户补贴多少立方米？") == [("许昌市", ("许昌市",))]
    # 新建 (to build anew) is no place; 新建区 is
    assert named_places("赤峰市新建和改造健身步道多少公里？") == [("赤峰市", ("赤峰市",))]
    question = "对低保户每户每年补贴多少立方米用气量？"
    assert expected_unit(question) == "立方米" and expected_kind(question) == FigureKind.COUNT


def test_an_english_ordinal_of_a_tier_names_the_tier():
    sentence = "一级及以下、二级、三级定点医疗机构的支付比例分别由60%、55%、50%提高到65%、60%和55%；"
    new = [f for f in find_figures(sentence)][3:]
    items, _ = respective_list(sentence, new[1].start)
    question = "What share is now reimbursed at second-level hospitals?"
    assert named_items(items, [], question) == [1]
    assert respective_match([], sentence, new[1].start, question) == 1.0
    assert named_items(items, [], "What share is now reimbursed at hospitals of every level?") == []


def test_a_tier_written_by_its_number_names_the_tier_and_both_tiers_take_both_figures():
    sentence = "对列入保护名录的一类、二类古民居，产权人自主修缮的补助比例分别由工程费用的30%、20%提高到40%和30%。"
    items, _ = respective_list(sentence, sentence.rindex("30%"))
    assert named_items(items, [], "What share is subsidised for a class-two ancient dwelling?") == [1]
    awards = "明年起对新评定为安全生产标准化二级、三级的生产企业，一次性奖励分别由5万元、2万元提高到8万元和3万元；"
    items, _ = respective_list(awards, awards.index("8万元"))
    question = "What awards will firms newly rated level two and level three in work-safety standardisation get?"
    # The tiers name the items, though 安全生产/标准化 stand only in the first one.
    assert named_items(items, ["安全生产", "标准化"], question) == [0, 1]
    assert respective_match(["安全生产"], awards, awards.index("8万元"), question) == 1.0


def test_a_long_parenthesised_note_stays_inside_its_item():
    sentence = ("一类示范基地(连片面积3,000亩以上)、二类示范基地(连片面积1,000亩至3,000亩)的奖补标准,"
                "分别由每个60万元、30万元提高到80万元和40万元。")
    items, _ = respective_list(sentence, sentence.index("40万元"))
    assert items == ["一类示范基地", "二类示范基地"]


def test_a_star_rating_names_its_tier():
    sentence = "三星级、四星级、五星级日间照料中心的补贴标准，分别由每年3万元、5万元、8万元提高到4万元、6万元和10万元。"
    items, _ = respective_list(sentence, sentence.index("6万元"))
    assert named_items(items, [], "What does a four-star centre receive, and a five-star one?") == [1, 2]
    assert named_items(items, [], "What does a 3-star centre receive?") == [0]


def test_labels_written_before_each_old_figure_are_the_items():
    sentence = "一次性奖补标准分别由川区每个80万元、山区每个120万元提高到100万元和150万元；移民村寨仍按每个100万元"
    items, spans = respective_list(sentence, sentence.index("150万元"))
    assert items == ["川区", "山区"]
    assert [sentence[a:b] for a, b in spans] == ["100万元", "150万元"]
    mixed = "补助标准分别由每人800元、中级工1,200元提高到1,000元和1,500元"  # one label only: no list read this way
    assert respective_list(mixed, mixed.index("1,500元")) is None
    # Each label ends with what its figure is per (每亩每年): the label is what comes before it.
    sentence = "补助标准分别由大田滴灌每亩每年20元、设施农业滴灌每亩每年30元提高到30元和45元；"
    items, spans = respective_list(sentence, sentence.index("45元"))
    assert items == ["大田滴灌", "设施农业滴灌"]
    assert [sentence[a:b] for a, b in spans] == ["30元", "45元"]
    # A band's label writes its bounds, figures of another kind; the band a question names picks the new value.
    sentence = ("工作补贴分别由海拔3,500米至4,500米地区每人每月800元、4,500米以上地区每人每月1,200元"
                "提高到1,200元和1,600元；")
    items, spans = respective_list(sentence, sentence.rindex("1,600元"))
    assert items == ["海拔3,500米至4,500米地区", "4,500米以上地区"]
    assert [sentence[a:b] for a, b in spans] == ["1,200元", "1,600元"]
    question = "What is the monthly township work allowance in areas above 4,500 metres?"
    assert respective_match([], sentence, sentence.rindex("1,600元"), question) == 1.0
    assert respective_match([], sentence, sentence.rindex("1,200元"), question) == -1.0
    # a list that mixes kinds is read whole, not in one kind
    sentence = "城镇新增就业、失业人员再就业和城镇登记失业率分别为1.2万人、0.5万人和3.5%。"
    items, spans = respective_list(sentence, sentence.index("0.5万人"))
    assert len(items) == 3 and [sentence[a:b] for a, b in spans] == ["1.2万人", "0.5万人", "3.5%"]


def test_a_value_in_millions_names_its_band_before_the_words_the_first_band_writes():
    sentence = ("从今年起，对设备投资5,000万元以上、1,000万元（含）至5,000万元的项目，奖补比例分别由设备投资额的6%、5%"
                "提高到8%和6%；")
    question = "What award rate applies to a renovation project whose equipment investment is 30 million yuan?"
    new = sentence.rindex("6%")
    assert respective_match(["设备投资"], sentence, new, question) == 1.0
    assert respective_match(["设备投资"], sentence, sentence.index("8%"), question) == -1.0


def test_an_item_list_modifying_what_follows_is_cut_to_its_items():
    sentence = ("市级对科研单位租用保护区内高标准农田、一般农田的租金补贴标准分别由每亩每年300元、200元"
                "提高到400元和300元；")
    items, _ = respective_list(sentence, sentence.rindex("300元"))
    assert items == ["标准农田", "一般农田"]
    question = "What annual rent subsidy per mu do institutions that rent ordinary farmland in the protection zone get?"
    assert respective_match([], sentence, sentence.rindex("300元"), question) == 1.0
    bands = "镇级对水稻种植面积50亩至200亩（含）、200亩以上的家庭农场，每亩补贴分别由30元、50元提高到40元和60元；"
    assert respective_list(bands, bands.index("60元"))[0][1] == "200亩以上"
    assert respective_match([], bands, bands.index("60元"), "What does a farm of more than 200 mu get?") == 1.0


def test_value_added_asks_money_and_a_sector_names_its_item_of_the_three():
    from rag.text.asked import expected_kind

    assert expected_kind("What was the value added of the county's tertiary sector in 2024?").value == "money"
    assert expected_kind("第三产业增加值是多少？").value == "money"
    sentence = "全县地区生产总值586.3亿元，其中第一、二、三产业增加值分别为27.8亿元、254.6亿元和303.9亿元。"
    question = "What was the value added of the county's secondary industry in 2024?"
    assert respective_match([], sentence, _start(sentence, "254.6亿元"), question) == 1.0
    assert respective_match([], sentence, _start(sentence, "27.8亿元"), question) == -1.0


def test_an_item_that_lists_places_itself_is_one_item_of_the_respective_list():
    sentence = ("省级对粤东粤西粤北地区和江门、肇庆、惠州市整治项目的补助比例，分别由项目总投资的40%、25%"
                "提高到50%和30%；")
    new = sentence.index("30%")
    assert respective_list(sentence, new)[0] == ["粤东粤西粤北地区", "江门、肇庆、惠州"]
    assert respective_match(["肇庆"], sentence, new, "What share does the province cover in Zhaoqing?") == 1.0


def test_a_modifier_before_the_first_item_modifies_every_item():
    sentence = "自明年起，对新评定的省级、市级夜间消费示范街区的一次性奖励分别由60万元、30万元提高到90万元和45万元。"
    items, spans = respective_list(sentence, _start(sentence, "45万元"))
    assert items == ["省级", "市级"] and [sentence[a:b] for a, b in spans] == ["90万元", "45万元"]
    assert respective_match(["市级", "认定", "奖励"], sentence, _start(sentence, "45万元")) == 1.0
    assert respective_match(["市级", "认定", "奖励"], sentence, _start(sentence, "90万元")) == -1.0


def test_a_note_that_names_stays_with_its_item_and_a_village_is_no_township():
    from rag.text.bridge import bridge_terms

    sentence = ("从今年起,乡镇(街道)服务站和村(社区)服务站的运转经费分别由每站每年1万元、2,000元提高到1.5万元和"
                "3,000元,县级服务中心仍按每个每年20万元安排。")
    items, _ = respective_list(sentence, sentence.index("3,000元"))
    assert "社区" in items[1] and "社区" not in items[0]
    question = "How much does each village or community service station get each year to run?"
    held = {"行政村", "村级", "乡村", "农村", "乡镇", "社区", "服务站", "运行"}
    terms = bridge_terms(question, lambda ts: {t: float(t in held) for t in ts})
    assert "乡镇" not in terms and "社区" in terms
    assert respective_match(terms, sentence, sentence.index("3,000元"), question) == 1.0
    assert respective_match(terms, sentence, sentence.index("1.5万元"), question) == -1.0


def test_a_value_the_question_states_names_its_item_and_its_sibling_values_are_conditions():
    """首次突破1亿元、5,000万元的直播企业，奖励分别由…提高到30万元和15万元: a question about 突破5000万元的企业
    names the second item by its value (the shared words stand in the first), and 1亿元, after the same 突破, is another
    threshold, not a reward."""
    from rag.answer.stated import sibling_condition
    from tests.test_answer_choice import _ask

    question = "东海县对年直播销售额首次突破5000万元的直播企业奖励多少？"
    sentence = "对年直播销售额首次突破1亿元、5,000万元的直播企业，奖励分别由20万元、10万元提高到30万元和15万元；"
    items, _ = respective_list(sentence, _start(sentence, "15万元"))
    assert items == ["直播销售额首次突破1亿元", "5,000万元"]
    assert named_items(items, ["直播", "销售额", "突破", "5000万元"], question) == [1]
    assert sibling_condition(question, sentence, _start(sentence, "1亿元"))
    assert not sibling_condition(question, sentence, _start(sentence, "30万元"))
    assert not sibling_condition("东海县对直播企业奖励多少？", sentence, _start(sentence, "1亿元"))
    answer = _ask(question, [[(sentence, 0.9), ("对首次突破1,000万元的直播企业仍按5万元给予奖励。", 0.88)]],
                  {"title": "东海县关于调整直播电商扶持政策的通知", "date": "2025-03-01", "issuer": "东海县商务局"})
    assert answer is not None and answer.text == "15万元"


def test_storeys_written_in_words_name_their_band_on_a_page_flattened_to_ascii():
    """四层至六层的既有住宅和七层及以上的既有住宅, 每部电梯的补助标准分别由12万元, 15万元提高到15万元和20万元: the items
    are written in full, the old figures joined by an ASCII comma, and seven storeys or more is the second band."""
    sentence = ("(一)对四层至六层的既有住宅和七层及以上的既有住宅, "
                "每部电梯的补助标准分别由12万元, 15万元提高到15万元和20万元;")
    items, spans = respective_list(sentence, _start(sentence, "20万元"))
    assert items == ["四层至六层", "七层及以上"] and len(spans) == 2
    question = "How much does a building of seven storeys or more now get per lift?"
    assert respective_match([], sentence, _start(sentence, "20万元"), question) == 1.0
    assert respective_match([], sentence, sentence.rindex("15万元"), question) == -1.0
    assert respective_match([], sentence, sentence.rindex("15万元"), "六层住宅每部电梯补助多少？") == 1.0


def test_bands_in_parallel_clauses_name_the_one_that_holds_the_value_asked():
    """Parallel clauses that cap each band (200马力（含）以上拖拉机不超过30万元) may list other items after the bands;
    a 200-horsepower tractor is in the band from 200 up, not in the one below that writes 200 as its end, and the cap
    after a band (不超过) is no bound of it."""
    from rag.answer.bands import band, named_band

    labels = ["单机补贴限额：100马力以下拖拉机", "100马力（含）至200马力拖拉机", "200马力（含）以上拖拉机不超过",
              "水稻收获机"]
    assert band(labels[2]) == (200.0, float("inf"))
    question = "What's the most subsidy I can get for a 200-horsepower tractor?"
    assert named_band(labels, question) == []  # not every item is a band
    assert named_band(labels, question, partial=True) == [2]
    assert named_band(labels[:3], "What's the cap for a 150-horsepower tractor?", partial=True) == [1]
