"""The English -> Chinese bridge of the lexical side (rag.text.bridge): phrases, spellings, compounds."""

from rag.text.bridge import bridge_terms


def _held(*terms: str):
    """A term_weights stand-in: the given terms are in the index (idf 1.0), nothing else is."""
    held = set(terms)
    return lambda ts: {t: 1.0 if t in held else 0.0 for t in ts}


def test_multi_word_expression_is_matched_whole_before_its_words():
    terms = bridge_terms("What was the county's gross regional product in 2023?", _held("地区生产总值", "产品"))
    assert "地区生产总值" in terms and "产品" not in terms


def test_acronym_of_a_dictionary_gloss_is_a_key():
    assert "生产总值" in bridge_terms("What growth rate does the county target for its GDP?", _held("生产总值"))


def test_hyphenated_words_split_as_glosses_are_keyed():
    assert "人均" in bridge_terms("What was the per-capita disposable income?", _held("人均", "可支配收入"))
    assert "高新技术" in bridge_terms("How many high-tech firms?", _held("高新技术"))


def test_british_spelling_and_inflections_reach_the_dictionary_word():
    held = _held("认定", "资金", "改造", "计划", "标准化")
    assert "认定" in bridge_terms("How many colleges will the province recognise?", held)
    assert "资金" in bridge_terms("How much funding was given?", held)
    assert "改造" in bridge_terms("How many lifts were retrofitted?", held)
    assert "计划" in bridge_terms("What does the programme cover?", held)
    assert "标准化" in bridge_terms("What do the standardisation measures say?", held)


def test_adjacent_phrases_join_into_the_compound_the_index_holds():
    terms = bridge_terms("How many projects are in the technology upgrading list?", _held("技术", "改造", "技术改造"))
    assert terms[0] == "技术改造"


def test_a_fee_closes_the_compound_of_the_phrase_before_it():
    held = _held("建设", "建设费", "服务", "服务费", "费用")
    assert bridge_terms("How much relocation construction fees did the province collect?", held)[0] == "建设费"
    assert "服务费" in bridge_terms("What agency service fee did the supplier pay?", held)
    assert bridge_terms("What fee applies?", held) == []  # a fee alone joins nothing


def test_information_disclosure_and_procurement_savings_reach_their_official_terms():
    held = _held("主动", "公开", "揭露", "节支", "节约", "储蓄")
    assert "主动" in bridge_terms("How much information did the town publish proactively?", held)
    terms = bridge_terms("How many disclosure requests did the bureau receive?", held)
    assert "公开" in terms and "揭露" not in terms
    terms = bridge_terms("What was the savings rate of the procurement?", held)
    assert "节支" in terms and "储蓄" not in terms


def test_greenhouses_of_facility_agriculture_reach_their_terms():
    held = _held("连栋", "连栋温室", "日光温室", "跨度", "多个", "温室")
    terms = bridge_terms("What's the most an operator can get for a multi-span greenhouse?", held)
    assert terms[0] == "连栋温室" and "跨度" not in terms and "多个" not in terms
    assert "日光温室" in bridge_terms("How much per mu for new solar greenhouses?", held)


def test_function_words_and_misleading_glosses_bring_no_terms():
    held = _held("目前", "现在", "办公室", "心志", "一定", "资金")
    assert bridge_terms("By what date must the bureau file the fund documents? It will be one.", held) == ["资金"]


def test_curated_official_sense_replaces_the_everyday_glosses():
    # "fund" is 出资 / 基金 in the dictionary; official text says 资金.
    assert bridge_terms("How big is the fund?", _held("资金", "出资")) == ["资金"]
    # Official text calls universities and colleges 高校 (本科高校, 高职院校), rarely 大学 alone.
    assert "高校" in bridge_terms("Which undergraduate universities qualify?", _held("高校", "大学", "本科"))
    # Projects are approved by 立项; subsidies leverage (带动) spending.
    assert "立项" in bridge_terms("How many projects were approved?", _held("立项", "项目", "同意"))
    assert "带动" in bridge_terms("How much spending did the subsidies leverage?", _held("带动", "资金"))
    assert "中试" in bridge_terms("How many pilot-scale trial centres were built?", _held("中试", "试点", "中心"))


def test_english_question_vector_mixes_in_its_bridged_chinese_terms():
    from types import SimpleNamespace

    import numpy as np

    from rag.pipeline import QAPipeline
    from rag.search.retrieval import HybridRetriever, RetrievalSettings

    seen: list[list[str]] = []

    def encode_query(texts):
        seen.append(list(texts))
        return np.array([[1.0, 0.0] if t.isascii() else [0.0, 1.0] for t in texts], dtype=np.float32)

    reader = SimpleNamespace(term_weights=_held("资金"))
    stub = SimpleNamespace(retriever=HybridRetriever(RetrievalSettings(english_dense_mix=0.5)),
                           embedder=SimpleNamespace(encode_query=encode_query))

    def query_vector(question):
        return QAPipeline._query_vector(stub, question, stub.retriever.bridged_terms(reader, question))

    vector = query_vector("How much funding was given?")
    assert seen[-1] == ["How much funding was given?", "资金"]
    assert np.allclose(vector, [2 ** -0.5, 2 ** -0.5])
    assert np.allclose(query_vector("资金有多少？"), [0.0, 1.0])  # Chinese: its own vector


def test_each_part_of_an_english_two_part_question_gets_its_bridged_terms():
    from types import SimpleNamespace

    from rag.answer.span import part_terms

    retrieval = SimpleNamespace(token_weights={"资金": 1.0, "企业": 1.0, "funding": 0.5})
    assert part_terms("how much funding went to the firms", retrieval) == ["funding", "资金", "企业"]
    assert part_terms("and how many firms", retrieval) == ["企业"]


def test_official_vocabulary_covers_british_and_compound_terms():
    held = _held("电梯", "升降机", "产业园", "工业园区", "研发", "文号")
    assert bridge_terms("How many lifts will be installed?", held) == ["电梯"]
    assert bridge_terms("How much does each industrial park get?", held)[0] == "产业园"
    assert bridge_terms("How much R&D spending?", held) == ["研发"]
    assert bridge_terms("What is the document number of the reply?", held) == ["文号"]


def test_verbs_of_funding_and_oversight_reach_the_official_terms():
    held = _held("分解", "备案", "立项", "扣减", "力争", "目标", "档案")
    assert bridge_terms("When must they file the fund breakdown?", held) == ["备案", "分解"]
    assert bridge_terms("How many projects were approved?", held) == ["立项"]
    assert bridge_terms("What penalty applies?", held) == ["扣减"]
    assert set(bridge_terms("What is the target?", held)) == {"目标", "力争"}


def test_policy_nouns_reach_their_official_terms_not_the_everyday_ones():
    held = _held("建设", "建筑", "指引", "创新型", "税收优惠", "市场主体", "激励")
    assert bridge_terms("What does the guideline for building innovative counties cover?", held) == [
        "指引", "建设", "创新型"]
    assert bridge_terms("How do tax incentives reach market entities?", held) == ["税收优惠", "市场主体"]


def test_everyday_words_take_their_official_sense():
    held = _held("比例", "分享", "政协", "年底", "终端", "拨付", "工资", "合计")
    assert bridge_terms("What share of the CPPCC budget?", held) == ["比例", "政协"]
    assert bridge_terms("How much was paid by the end of 2023?", held) == ["拨付", "年底"]
    assert bridge_terms("How much money in total?", held) == ["合计"]
    # Money paid into a fund is 缴存 (缴存额), not a payment out (支付).
    into = _held("缴存", "缴纳", "支付", "住房公积金")
    assert bridge_terms("How much housing provident fund was paid in?", into)[-2:] == ["缴存", "缴纳"]


def test_research_vocabulary_reaches_the_official_terms():
    held = _held("中试", "中心", "科研成果", "成果", "果实")
    assert bridge_terms("How many pilot-scale centres for research results?", held) == [
        "中试", "中心", "科研成果", "成果"]


def test_recourse_vocabulary_tells_administrative_review_from_litigation():
    held = _held("行政复议", "行政诉讼", "行政", "复核")
    assert "行政复议" in bridge_terms("How long do I have to apply for administrative review?", held)
    assert "行政诉讼" in bridge_terms("How long do I have to file an administrative lawsuit?", held)


def test_english_is_told_from_chinese_in_whole_questions_and_in_parts():
    from rag.text.english import is_english

    assert is_english("R&D spending") and is_english("How many households does the 建设厂三村 estate have?")
    assert not is_english("2023年吉林省R&D投入强度是多少？") and not is_english("GDP增长多少")


def test_each_reaches_the_per_item_term_official_text_writes():
    # 新创建产业园每个补助…: "how much each" asks for the figure 每个 heads, though "each" is a function word.
    held = _held("每个", "产业园")
    assert "每个" in bridge_terms("How much does each industrial park get?", held)
    assert bridge_terms("How much does each one get?", _held("产业园")) == []
    # each firm (每家) and each household (每户) too
    assert "每家" in bridge_terms("How much does each advanced enterprise get?", _held("每家", "企业"))


def test_everyday_glosses_give_way_to_the_official_sense_of_time_place_and_grade():
    held = _held("调整", "转化", "全镇", "城市", "春季", "季节", "日月", "等级", "分级", "甲级")
    assert bridge_terms("How will the way funds are paid change?", held)[-1:] == ["调整"]
    assert bridge_terms("What did the town produce in the spring season?", held) == ["全镇", "春季", "季节"]
    assert bridge_terms("How many graded homestays are top-grade (Grade A)?", held) == ["等级", "甲级"]


def test_an_adjective_of_administrative_level_keeps_its_first_held_sense():
    # national -> 国家级 (and its word 国家), not also 全国: one word must not count two or three times.
    held = _held("国家级", "国家", "全国", "省级", "全省", "奖励")
    assert bridge_terms("How many national awards?", held) == ["国家级", "国家", "奖励"]
    assert bridge_terms("How many provincial awards?", _held("全省", "奖励")) == ["全省", "奖励"]


def test_an_english_question_searches_the_places_it_names_in_chinese():
    from types import SimpleNamespace

    from rag.search.retrieval import HybridRetriever

    # 茶陵 is in a header only (the body says 全县): no passage weight, but the header holds it.
    reader = SimpleNamespace(term_weights=lambda terms: {t: 0.0 if t == "茶陵" else 1.0 for t in terms},
                             mentioned=lambda terms: {t for t in terms if t == "茶陵"})
    question = "How long does it take to open a business in Chaling county?"
    assert ("茶陵",) in HybridRetriever().bridged_terms(reader, question)  # a group of its own
    nowhere = SimpleNamespace(term_weights=reader.term_weights, mentioned=lambda terms: set())
    assert not any("茶陵" in group for group in HybridRetriever().bridged_terms(nowhere, question))


def test_the_county_of_a_named_county_is_part_of_its_name_not_a_level():
    held = _held("县级", "全县", "投资")
    assert bridge_terms("How much did Luonan county invest?", held) == ["投资"]
    assert bridge_terms("How much did the county invest?", held) == ["县级", "投资"]


def test_a_one_off_subsidy_bridges_although_one_is_a_stop_word():
    held = _held("一次性", "补贴", "一次")
    assert bridge_terms("What one-off subsidy does the province give?", held)[:1] == ["一次性"]


def test_city_and_county_money_is_one_levels():
    held = _held("市县", "市级", "县级", "预算")
    assert bridge_terms("How much came from city and county budgets?", held) == ["市县", "预算"]


def test_outcomes_of_checks_and_classes_of_roads_reach_their_official_terms():
    held = _held("不合格", "失败", "监测", "村道", "村庄", "道路")
    assert bridge_terms("How many firms failed the monitoring?", held) == ["不合格", "监测"]
    assert bridge_terms("How many kilometres were village roads?", held) == ["村道"]


def test_a_town_an_english_question_names_in_pinyin_is_found_in_the_tables_of_its_countys_document():
    from types import SimpleNamespace

    from rag.chunking import Chunk
    from rag.search.names import spelled_in_passages
    from rag.text.romanise import pinyin_names

    table = "镇\t户数\t面积（亩）\n洪水镇\t6120\t128436.5\n南古镇\t5926\t118204.6\n"
    reader = SimpleNamespace(passages=lambda doc_id: [Chunk("d:0", "d", "d.txt", (), 0, len(table), table)])
    question = "How many mu of farmland in Nangu town, Minle county, qualify for the subsidy?"
    names = pinyin_names(question)
    assert spelled_in_passages(reader, names, ["d"], (("Minle", ("民乐",)),)) == {"Nangu": ["南古镇"]}
    assert spelled_in_passages(reader, names, [], ()) == {}


def test_a_pinyin_name_is_spelled_by_characters_that_start_a_word_not_across_two_words():
    from types import SimpleNamespace

    from rag.chunking import Chunk
    from rag.search.names import pinyin_header_names, spelled_in_passages, word_start

    # Huahe: the firm 华禾 of a table row, not the 化和 that 文化和旅游 spells across 文化 and 和.
    text = "市文化和旅游局会同有关部门审核。\n8\t安徽东至华禾化工有限公司\t东至县\t100,800\n"
    reader = SimpleNamespace(passages=lambda doc_id: [Chunk("d:0", "d", "d.txt", (), 0, len(text), text)])
    assert spelled_in_passages(reader, ["huahe"], ["d"], ()) == {"Huahe": ["华禾"]}
    assert word_start("市文化和旅游局", "化和") is None
    # A rare town that jieba joins to the level before it (区井庄) still starts after that level.
    assert word_start("北京市延庆区井庄镇人民政府", "井庄") == 6
    headers = {"a": "某省文化和旅游厅", "b": "北京市延庆区井庄镇人民政府"}
    assert pinyin_header_names(lambda: headers, ["huahe", "jingzhuang"]) == (["b"], (("Jingzhuang", ("井庄",)),))


def test_care_in_another_province_paid_directly_in_hospital_bridges_to_its_official_terms():
    held = _held("直接结算", "直接", "结算", "跨省", "异地", "住院", "和解", "医院", "省份")
    terms = bridge_terms("What was the direct settlement rate for out-of-province hospital stays?", held)
    assert {"结算", "跨省", "住院"} <= set(terms) and not {"和解", "省份", "医院"} & set(terms)


def test_official_words_before_the_dictionarys_everyday_senses():
    held = _held("户厕", "化妆", "游客", "观众", "彩票", "博彩", "人防", "零工", "演出")
    assert {"户厕"} <= set(bridge_terms("How many household toilets were renovated?", held))
    assert "化妆" not in bridge_terms("How many household toilets were renovated?", held)
    terms = bridge_terms("How many visitors came, and how much lottery money and air defence space is there?", held)
    assert {"游客", "彩票", "人防"} <= set(terms) and not {"观众", "博彩"} & set(terms)
    assert "零工" in bridge_terms("How many gig workers were served?", held)
    held = _held("民政", "国内", "专职", "救援", "抢救", "处理", "待遇")
    terms = bridge_terms("How many full-time rescue staff does civil affairs have?", held)
    assert {"民政", "专职", "救援"} <= set(terms)
    assert "待遇" not in bridge_terms("How much tail-water treatment capacity is there?", held)
    held = _held("夜间", "晚上", "电商", "中标", "适老化")
    terms = bridge_terms("How many night-time visitors, e-commerce sales and ageing-friendly homes?", held)
    assert {"夜间", "电商", "适老化"} <= set(terms) and "晚上" not in terms
    assert "中标" in bridge_terms("What was the winning bid?", held)


def test_the_level_word_after_a_pinyin_name_is_no_part_of_it():
    from rag.text.romanise import pinyin_names, spelled_in

    # Banner (旗, a county of Inner Mongolia) reads as pinyin; the name is Abaga alone.
    assert pinyin_names("What does Abaga Banner pay herders per mu?") == ["abaga"]
    assert spelled_in("阿巴嘎旗2025年草原补奖资金汇总表", "abaga") == ["阿巴嘎"]


def test_a_term_glossed_in_pinyin_in_brackets_reaches_its_chinese_word():
    from rag.text.pinyin_names import glossed_terms

    question = "How many farm-stay restaurants (nongjiale) does the town have now?"
    assert glossed_terms(question) == ["农家乐"]
    assert "农家乐" in bridge_terms(question, _held("农家乐"))
    assert glossed_terms("What (is) the plan?") == []


def test_official_terms_of_care_and_schooling():
    held = _held("重度", "失能", "民办", "普惠性", "生均", "残疾")
    terms = bridge_terms("How much can a severely disabled person cared for at home receive?", held)
    assert {"重度", "失能"} <= set(terms)
    assert {"民办", "普惠性", "生均"} <= set(bridge_terms("What is the per-child subsidy for private inclusive "
                                                        "kindergartens?", held))


def test_public_finance_terms():
    held = _held("非税收入", "一般公共预算", "税收收入")
    terms = bridge_terms("How much non-tax revenue did the province's general public budget bring in?", held)
    assert {"非税收入", "一般公共预算"} <= set(terms) and "税收收入" not in terms


def test_a_place_whose_english_name_is_not_its_pinyin_is_named_by_its_dictionary_gloss():
    from rag.text.pinyin_names import english_names, names

    # CC-CEDICT: 日喀则 [Ri4 ka1 ze2] /Shigatse or Xigaze, Tibetan: …, city and prefecture …/
    question = "How much subsidy money have Shigatse and Lhasa been allocated, and what does Urumqi get?"
    found = dict(english_names(question, places_only=True))
    assert "日喀则" in found["Shigatse"] and "拉萨" in found["Lhasa"] and "乌鲁木齐" in found["Urumqi"]
    # An English word is no place's name, a gloss naming another place adds nothing to a pinyin name, and the
    # pinyin of a word without its suffix stays that word's own (上海, not also 上海市 through "Shanghai municipality").
    table = names()
    assert "north" not in table and table["hebei"] == (("河北",), True) and table["shanghai"][0] == ("上海",)
    # 昌都县 /Qamdo county/: a bulletin of 昌都市 writes the name without the county's suffix.
    assert dict(english_names("Vegetable reserve of Qamdo city this winter?", places_only=True))["Qamdo"] == \
        ("昌都县", "昌都")


def test_a_pinyin_name_no_header_writes_is_looked_for_in_the_best_candidates_documents():
    from types import SimpleNamespace

    from rag.search.names import best_documents

    # Rows 1-2 of the bulletin whose header the question's other place (Liupanshui) matches, rows 3-4 of others.
    facts = {1: SimpleNamespace(doc_id="bulletin"), 2: SimpleNamespace(doc_id="bulletin"),
             3: SimpleNamespace(doc_id="other"), 4: SimpleNamespace(doc_id="third")}
    dense = {1: 0.70, 2: 0.72, 3: 0.90, 4: 0.80}
    assert best_documents(facts, dense, {"bulletin": 1.0}) == ["bulletin", "other"]
    assert best_documents(facts, dense, {}) == ["other", "third"]


def test_a_town_the_dictionary_lacks_is_looked_for_first_where_the_header_names_the_known_place():
    from types import SimpleNamespace

    from rag.search.names import best_documents, placed_documents

    question = "How much strip intercropping subsidy is proposed for Matou town in Tancheng's 2025 public notice?"
    headers = {"notice": "关于2025年大豆玉米带状复合种植补贴面积和资金的公示 郯城县农业农村局",
               "other": "太原市民政局关于2025年度补贴拟补助对象的公示 太原市民政局"}
    placed = placed_documents(question, lambda: headers)
    assert placed == {"notice"}
    facts = {1: SimpleNamespace(doc_id="other"), 2: SimpleNamespace(doc_id="notice")}
    dense = {1: 0.83, 2: 0.85}
    # The other notice's header matches more of the question's words; the one naming Tancheng is read first.
    assert best_documents(facts, dense, {"other": 1.0, "notice": 0.7}, placed)[0] == "notice"
    assert best_documents(facts, dense, {"other": 1.0, "notice": 0.7})[0] == "other"


def test_a_dictionary_place_no_document_mentions_is_spelled_as_the_documents_write_it():
    from types import SimpleNamespace

    from rag.answer.context import named_places
    from rag.search.names import unknown_names

    # The dictionary's Xizhou is 溪州; the index holds only 喜洲 (a township's report), found like a pinyin name.
    question = "How many tourists did Xizhou town in Dali receive in 2024?"
    reader = SimpleNamespace(mentioned=lambda terms: {t for t in terms if t in ("大理",)})
    assert unknown_names(reader, question) == ["xizhou"]
    everywhere = SimpleNamespace(mentioned=lambda terms: set(terms))
    assert unknown_names(everywhere, question) == []
    # The candidate's header writes 大理 but not the dictionary's 溪州: Xizhou is looked for, Dali is not.
    assert unknown_names(everywhere, question, lambda: {"d": "大理市喜洲镇2024年工作总结"}) == ["xizhou"]
    # Some document mentions the dictionary's 梁山, but no candidate's header does: its passages are read too.
    sichuan = lambda: {"d": "四川省应急管理厅关于提案的答复"}  # noqa: E731
    liangshan = "How many rescue members does Liangshan prefecture have?"
    assert unknown_names(everywhere, liangshan, sichuan) == ["liangshan"]
    # The spelling a header gives joins the dictionary's under the one name.
    assert ("Xizhou", ("溪州", "喜洲")) in named_places(question, (("Xizhou", ("喜洲",)),))


def test_health_statistics_reach_the_terms_bulletins_use():
    held = _held("孕产妇死亡率", "婴儿死亡率", "床位", "卫生技术人员", "母系")
    assert bridge_terms("What was the maternal mortality rate?", held)[0] == "孕产妇死亡率"
    assert "床位" in bridge_terms("How many hospital beds were there?", held)
    assert "卫生技术人员" in bridge_terms("How many health technicians does the city have?", held)
    assert bridge_terms("How high is the minimum living allowance?", _held("低保", "最低")) == ["低保"]


def test_industrial_upgrading_terms_reach_their_abbreviations():
    held = _held("智改数转", "数字化转型", "智能化改造", "油茶")
    assert "智改数转" in bridge_terms("How much goes to smart manufacturing and digital transformation?", held)
    assert "智能化改造" in bridge_terms("How many projects are smart retrofits?", held)
    assert bridge_terms("How much went to the camellia oil industry?", held) == ["油茶"]


def test_vouchers_appliances_and_allowances_for_the_elderly_reach_their_terms():
    held = _held("消费券", "家电", "高龄津贴", "每月")
    assert bridge_terms("How much went to home appliance vouchers?", held) == ["家电", "消费券"]
    assert bridge_terms("What is the monthly longevity allowance?", held) == ["每月", "高龄津贴"]
    fixes = _held("整改", "未整改", "固定资产", "投资")
    assert bridge_terms("By when must the villages fix the problems still outstanding?", fixes) == ["整改", "未整改"]
    assert bridge_terms("How big must the fixed-asset investment be?", fixes) == ["固定资产", "投资"]
    forests = _held("巡林", "巡护", "林长", "护林员", "专职")
    assert bridge_terms("How many forest patrols did the forest chiefs and rangers carry out?", forests) == [
        "巡林", "巡护", "林长", "护林员"]
    assert bridge_terms("How many full-time forest rangers does the farm have?", forests) == ["专职", "护林员"]
    dining = _held("餐饮券", "领取", "消费券")
    assert bridge_terms("Once I claim a dining voucher, how long can I use it?", dining) == ["领取", "餐饮券"]
    assert bridge_terms("How many meal services were provided?", _held("助餐", "服务")) == ["助餐"]
    assert "无房" in bridge_terms("How much can a worker without a home withdraw?", _held("无房", "家"))


def test_a_departments_final_accounts_reach_their_terms():
    held = _held("公务接待", "三公经费", "财政拨款", "招待会")
    assert bridge_terms("How much was spent on official receptions?", held) == ["公务接待"]
    assert "财政拨款" in bridge_terms("How much fiscal appropriation revenue did the bureau receive?", held)


def test_a_name_is_spelled_only_from_characters_whose_reading_begins_it():
    from rag.text.romanise import _first_characters, spelled_in

    firsts = _first_characters("panzhou")
    assert firsts.fullmatch("盘") and firsts.fullmatch("攀") and not firsts.fullmatch("州")
    assert _first_characters("iiii") is None  # no reading begins so: nothing to look for
    assert spelled_in("钟山区　428.17\n盘州市　742.08", "panzhou") == ["盘州"]


def test_a_place_the_index_holds_only_with_its_suffix_is_searched_so_and_umlauts_are_read():
    from types import SimpleNamespace

    from rag.search.retrieval import HybridRetriever
    from rag.text.pinyin_names import english_names
    from rag.text.romanise import pinyin_names

    # jieba keeps 敖汉旗 whole: the bare name is no index term, the name with its suffix is.
    reader = SimpleNamespace(term_weights=lambda terms: {t: float(t != "敖汉") for t in terms},
                             mentioned=lambda terms: {t for t in terms if t == "敖汉旗"})
    groups = HybridRetriever().bridged_terms(reader, "How many machines did buyers in Aohan Banner get?")
    bridged = [t for group in groups for t in group]
    assert "敖汉旗" in bridged and "敖汉" not in bridged
    assert ("Lüliang", ("吕梁", "陆良")) in english_names("How much is Lüliang city to build?")
    assert pinyin_names("How much did Lüxing town get?") == ["lvxing"]


def test_official_senses_come_before_the_dictionarys_everyday_ones():
    held = _held("产品", "制品", "隐患", "风险", "日间照料", "运营", "农民工")
    assert bridge_terms("How much went into ice-and-snow tourism products?", held)[0] == "产品"
    assert "隐患" in bridge_terms("How many hidden hazards were found?", held)
    assert "日间照料" in bridge_terms("What is the day-care centres' operating subsidy?", held)
    assert "农民工" in bridge_terms("How many migrant workers were trained?", held)


def test_a_foreign_proper_name_is_found_and_months_are_not_names():
    from rag.text.foreign import foreign_names

    assert foreign_names("What is the capital of France?") == [("France", ("法国", "法兰西"))]
    assert foreign_names("After the July adjustment, what is the allowance?") == []
    assert foreign_names("How much did Lankao County spend?") == []  # a Chinese place: english_names reads it
    assert foreign_names("法国的首都是哪里？") == []


def test_a_question_about_a_foreign_name_no_document_mentions_has_no_passage():
    from types import SimpleNamespace

    from rag.answer.context import place_mismatch
    from rag.chunking import Chunk

    chunk = Chunk("d:0", "d", "d.txt", (), 0, 12, "一是优化专项资金支持方式。")
    nothing = SimpleNamespace(mentioned=lambda terms: set())
    everything = SimpleNamespace(mentioned=lambda terms: set(terms))
    assert place_mismatch("What is the capital of France?", chunk, {}, nothing) == "no document mentions France"
    assert place_mismatch("What is the capital of France?", chunk, {}, everything) is None


def test_a_district_the_dictionary_enters_only_with_its_suffix_is_named_beside_its_namesake():
    from rag.text.pinyin_names import english_names

    # 静安区 [Jing4 an1 qu1] /Jing'an district, central Shanghai/ beside 靖安 /Jing'an county in Yichun/
    assert set(dict(english_names("How much did Jing'an district's fund pay?"))["Jing'an"]) == {"静安", "靖安"}


def test_a_noun_of_action_reaches_its_verbs_senses_and_level_adjectives_bridge_whole():
    held = _held("消费", "用量", "完成", "区级", "地区", "水平")
    assert "消费" in bridge_terms("What share of the district's total consumption was at night?", held)
    assert "完成" in bridge_terms("What is the completion rate of the renovations?", held)
    terms = bridge_terms("What award does a district-level demonstration street get?", held)
    assert "区级" in terms and "水平" not in terms


def test_possessives_irregular_forms_and_adverbs_reach_the_dictionary_word():
    from rag.text.english import forms, singular

    held = _held("企业", "部门", "建设", "公里", "财政", "财务", "金融")
    assert "企业" in bridge_terms("How many enterprises were certified?", held)  # not "enterpris"
    assert "部门" in bridge_terms("What is the department's 2025 budget?", held)
    assert "建设" in bridge_terms("How many greenhouses were built?", held)
    assert "公里" in bridge_terms("How many kilometres of roads?", held)
    assert set(bridge_terms("How many financially needy pupils?", held)) & {"财政", "财务", "金融"}
    assert "urgent" in forms("urgently") and forms("family") == ("family",)
    assert forms("Department's".lower())[0] == "department"
    assert [singular(w) for w in ("bases", "facilities", "criteria", "series")] == \
        ["base", "facility", "criterion", "series"]


def test_a_derived_word_the_dictionary_lacks_is_looked_up_as_the_word_it_derives_from():
    held = _held("住宅", "职业", "更新", "收获", "退休", "统计")
    assert "住宅" in bridge_terms("How many residential users pay less?", held)
    assert "职业" in bridge_terms("How many vocational schools are there?", held)
    assert "更新" in bridge_terms("How much goes to urban renewal?", held)
    assert "收获" in bridge_terms("How many harvesters were subsidised?", held)
    assert "退休" in bridge_terms("What do retirees receive?", held)
    assert "统计" in bridge_terms("What does the statistical bulletin say?", held)


def test_parents_and_waterlogging_bridge_to_their_official_terms():
    # The dictionary glosses parents by the family only (父母) and lacks waterlogging and remediation.
    assert "家长" in bridge_terms("How much did parents contribute to the fund?", _held("家长", "父母"))
    terms = bridge_terms("What share of a waterlogging-point remediation project is covered?", _held("内涝", "整治"))
    assert {"内涝", "整治"} <= set(terms)
    assert "标箱" in bridge_terms("How many containers (in TEU) did the ports handle?", _held("标箱", "集装箱"))


def test_a_passages_own_words_read_back_through_the_dictionary_say_what_an_english_question_asks():
    """The bridge's senses of master (掌握, 师傅) and booth miss the words official text writes; a passage's words,
    read back through their glosses, hold them (硕士: master's degree; 展位: booth)."""
    from rag.text.glosses import asked_words, glossed_share

    asked = asked_words("What share of the booth fee at overseas trade fairs is subsidised?")
    assert [forms[0] for forms in asked] == ["share", "booth", "fee", "overseas", "trade", "fairs", "subsidised"]
    booth = glossed_share(asked, "企业参加境外展会的，展位费补助比例由40%提高到60%。")
    warehouse = glossed_share(asked, "对在境外租赁公共海外仓的企业，按首年租金的25%给予补助。")
    assert booth > warehouse > 0
    asked = asked_words("How much living allowance does a master's graduate get each month?")
    master = glossed_share(asked, "全日制硕士研究生每人每月发放生活补贴1,200元。")
    doctor = glossed_share(asked, "全日制博士研究生每人每月发放生活补贴2,500元。")
    assert master > doctor
    assert asked_words("硕士研究生每月补贴多少？") == () and glossed_share((), "硕士研究生") == 0.0


def test_what_a_farm_or_factory_turns_out_is_its_output():
    # The dictionary has harvest as 采集 or 收割, produce as 出产 or 创作, yield as 低头: a bulletin's table says 产量.
    held = _held("产量", "水稻", "油茶", "采集", "出产", "低头")
    assert bridge_terms("How much paddy rice did the county harvest in 2024?", held) == ["水稻", "产量"]
    assert bridge_terms("How much camellia oil did the province produce?", held) == ["油茶", "产量"]
    assert bridge_terms("What was the rice yield?", held) == ["水稻", "产量"]


def test_actual_reaches_what_official_tables_write_for_it():
    # 实有床位 beside 编制床位: what a hospital actually has; the dictionary has only 实际 and 现实.
    held = _held("实际", "实有", "现实", "床位")
    assert bridge_terms("How many actual beds did the county hospitals have?", held) == ["实际", "实有", "床位"]


def test_a_subsidy_may_be_an_award_given_as_one():
    # 奖补资金 (以奖代补): the dictionary glosses subsidy as 补贴, 补助 and 资助 only.
    held = _held("补贴", "补助", "资助", "奖补")
    assert bridge_terms("How much subsidy is proposed?", held) == ["补贴", "补助", "资助", "奖补"]


def test_industry_zone_and_cooperation_take_their_official_senses():
    # The dictionary has industry as 实业/商界, chain as 连环/链子, zone as 地带, cooperation as 协和, home as 本垒.
    held = _held("产业链", "产业", "茶叶", "合作", "合作区", "地带", "实业", "居家", "本垒", "照护")
    chain = "What was the output value of the whole tea industry chain?"
    assert bridge_terms(chain, held) == ["茶叶", "产业链", "产业"]
    assert bridge_terms("Which industry grew fastest?", held) == ["产业"]
    assert bridge_terms("the border economic cooperation zone", held) == ["合作", "合作区"]
    assert bridge_terms("home-based care", held)[0] == "居家"


def test_traceability_reaches_its_official_terms():
    # The dictionary lacks traceability: 电池溯源, 追溯平台.
    held = _held("追溯", "溯源", "电池", "平台")
    assert bridge_terms("the battery traceability platform", held) == ["电池", "追溯", "溯源", "平台"]


def test_a_gloss_with_a_bracketed_abbreviation_note_is_still_a_gloss_and_fitness_trails_are_walkways():
    # 内蒙古 /Inner Mongolia (abbr. for 内蒙古自治区)/: the note is no reason to skip the gloss.
    held = _held("内蒙古", "健身", "步道", "线索", "适存度")
    assert bridge_terms("fitness trails in Inner Mongolia", held) == ["健身", "步道", "内蒙古"]


def test_graduates_receptions_and_long_term_care_take_their_official_senses():
    # The dictionary: master 主人, graduate 出师/卒业, employed 雇用, reception 招待会, care 照护.
    held = _held("硕士", "毕业生", "就业", "接待", "长期护理", "主人", "出师", "招待会", "照护")
    assert bridge_terms("newly employed master's graduates", held) == ["就业", "硕士", "毕业生"]
    assert bridge_terms("receptions", held) == ["接待"]
    assert bridge_terms("long-term care", held) == ["长期护理"]


def test_insurance_premiums_and_mutual_aid_reach_their_official_terms():
    from rag.text.asked import expected_kind
    from rag.text.figures import FigureKind

    held = _held("缴费", "奖金", "溢价", "互助", "相互", "救助", "养老")
    assert bridge_terms("What is the individual premium for resident medical insurance?", held) == ["缴费"]
    assert expected_kind("What is the individual premium for resident medical insurance?") == FigureKind.MONEY
    assert bridge_terms("How many rural mutual-aid points were built?", held) == ["互助"]
    assert bridge_terms("How many rural mutual-aid elderly care points were built?", held) == ["互助", "养老"]


def test_health_care_words_reach_the_official_terms_of_a_final_accounts_row():
    held = _held("基层", "医疗", "医药", "卫生", "机构", "研究院", "研究所")
    assert bridge_terms("What was spent on grassroots medical and health institutions?", held) == \
        ["基层", "医疗", "卫生", "机构"]


def test_an_ized_adjective_reaches_the_ization_noun_of_official_text():
    held = _held("标准化", "生态", "茶园")
    assert "标准化" in bridge_terms("How many mu of new standardised ecological tea gardens will be built?", held)


def test_statistical_and_policy_terms_that_the_dictionary_splits_into_everyday_words():
    held = _held("规模以上", "之上", "大小", "专精特新", "高技能", "技能人才", "满意率", "乡村振兴", "殡葬", "自付",
                 "减免")
    terms = bridge_terms("How many industrial enterprises above designated size does the county have?", held)
    assert "规模以上" in terms and not {"之上", "大小"} & set(terms)
    assert "专精特新" in bridge_terms("How many specialised and sophisticated SMEs are there?", held)
    assert {"高技能", "技能人才"} <= set(bridge_terms("What share of skilled workers are highly skilled?", held))
    assert "满意率" in bridge_terms("What was the public satisfaction rate of the hotline?", held)
    assert "乡村振兴" in bridge_terms("How much rural revitalisation funding was there?", held)
    assert "殡葬" in bridge_terms("How much is budgeted for funeral management?", held)
    assert "自付" in bridge_terms("What share must patients pay themselves first?", held)
    assert "减免" in bridge_terms("How many children get their fees waived?", held)
    assert "改造" in bridge_terms("What is the low-yield forest improvement task?", _held("改造", "改进"))
    bonds = bridge_terms("How much came from ultra-long special treasury bonds?", _held("特别", "国债", "国库"))
    assert {"特别", "国债"} <= set(bonds) and "国库" not in bonds
    assert "特困" in bridge_terms("How much is paid to people in extreme poverty?", _held("特困", "极端", "贫困"))


def test_a_hyphenated_vocabulary_entry_is_found_as_the_bridge_reads_hyphens():
    held = _held("煤改气", "燃气", "自主就业退役军人", "实现就业", "乔布斯")
    assert "煤改气" in bridge_terms("How many households switched under coal-to-gas?", held)
    assert "自主就业退役军人" in bridge_terms("How many self-employed veterans were received?", held)
    jobs = bridge_terms("How many veterans found jobs?", held)
    assert "实现就业" in jobs and "乔布斯" not in jobs
    grain = bridge_terms("How much is for the rotation costs of grain reserves?", _held("储备粮", "轮换", "谷物"))
    assert {"储备粮", "轮换"} <= set(grain) and "谷物" not in grain
    assert "达标率" in bridge_terms("What was the compliance rate of effluent?", _held("达标率", "合规"))


def test_everyday_senses_give_way_to_official_terms_of_deadlines_mediation_and_herding():
    assert "最迟" in bridge_terms("What's the latest time to file an objection?", _held("最迟", "最新"))
    assert "调解" in bridge_terms("What was the mediation success rate?", _held("调解", "成功率"))
    assert "生活" in bridge_terms("What are the production and living subsidies?", _held("生活", "居家"))
    assert "面积" in bridge_terms("Total floor space of the incubators?", _held("面积", "地面", "楼层"))
    assert "购房" in bridge_terms("How much was for buying homes?", _held("购房", "购买", "民居"))
    assert "禁牧" in bridge_terms("This year's grazing ban subsidy?", _held("禁牧", "放牧", "禁止"))
    assert "主体工程" in bridge_terms("By when must the main works be finished?", _held("主体工程", "主要"))
    assert "老旧" in bridge_terms("How much for rebuilding old facilities?", _held("老旧", "古老", "陈年"))
    assert "文旅" in bridge_terms("The culture and tourism voucher pilot?", _held("文旅", "文化", "旅游"))
    assert "规模" in bridge_terms("What is the current size of the fund pool?", _held("规模", "大小", "资金池", "池塘"))
    assert "资金池" in bridge_terms("What is the current size of the fund pool?", _held("规模", "资金池", "池塘"))
    assert "报销" in bridge_terms("What share was reimbursed?", _held("报销", "偿还"))
    assert "茶园" in bridge_terms("How many mu of tea gardens?", _held("茶园", "园林"))
    assert "中小学" in bridge_terms("How many primary and secondary schools?", _held("中小学", "主次"))
    assert "窗口" in bridge_terms("Which windows do you go to?", _held("窗口", "视窗"))
    assert "通关" in bridge_terms("How did it shorten customs clearance for border trade?", _held("通关", "互市"))


def test_a_part_of_a_province_is_named_by_its_abbreviation_and_direction():
    from rag.text.regions import regional_names

    assert regional_names("How many are run by universities in eastern, western and northern Guangdong?") == [
        ("粤东", "粤西", "粤北")]
    assert regional_names("Counties of northwestern Sichuan and southern Jiangxi") == [("川西北",), ("赣南",)]
    assert regional_names("north-eastern Fujian") == [("闽东北",)]
    assert regional_names("South Korea and West Lake") == []
    terms = bridge_terms("How many colleges are in northern Jiangsu?", _held("苏北", "北部", "学院"))
    assert "苏北" in terms


def test_farming_practices_bridge_to_their_official_terms_not_everyday_senses():
    terms = bridge_terms("How much money is set aside for conservation tillage and straw returning?",
                         _held("保护性", "耕作", "保育", "秸秆", "稻草"))
    assert {"保护性", "耕作", "秸秆"} <= set(terms) and not {"保育", "稻草"} & set(terms)


def test_households_monitored_against_falling_back_into_poverty_bridge_to_the_official_terms():
    terms = bridge_terms("How many households are being monitored for the risk of falling back into poverty?",
                         _held("监测", "返贫", "风险"))
    assert {"监测", "返贫"} <= set(terms)


def test_hotline_requests_and_after_school_services_bridge_to_their_official_terms():
    held = _held("诉求", "受理", "课后服务", "参与")
    terms = bridge_terms("How many citizen requests did the subdistrict take in?", held)
    assert {"诉求", "受理"} <= set(terms)
    terms = bridge_terms("What share of students take part in after-school services?", held)
    assert {"课后服务", "参与"} <= set(terms)


def test_charging_ports_are_for_batteries_not_fees_and_a_written_exam_is_bishi():
    held = _held("充电", "端口", "充电端口", "收费", "费用", "电动自行车", "新增", "笔试", "综合成绩")
    terms = set(bridge_terms("How many new e-bike charging ports did the subdistrict add?", held))
    assert {"充电", "电动自行车", "新增"} <= terms and not {"收费", "费用"} & terms
    assert "收费" in bridge_terms("What are the charging standards for on-street parking?", held)  # a fee
    assert {"笔试", "综合成绩"} <= set(bridge_terms("How much does the written exam count towards the combined score?",
                                                  held))


def test_credit_ratings_are_cards_by_colour_and_college_graduates_are_gaoxiao_graduates():
    held = _held("黑牌", "红牌", "高校毕业生", "大学生", "毕业生")
    assert "黑牌" in bridge_terms("How long must a company rated black wait to repair its credit?", held)
    assert "红牌" in bridge_terms("How many firms got a red rating?", held)
    assert {"高校毕业生", "大学生"} <= set(bridge_terms("How many college graduates found jobs?", held))


def test_money_handed_to_the_treasury_and_problems_left_over_reach_audit_terms():
    held = _held("上缴", "国库", "财政", "尚未", "剩余", "遗留")
    assert {"上缴", "财政"} <= set(bridge_terms("How much was handed over to the treasury?", held))
    assert {"尚未", "剩余"} <= set(bridge_terms("By when must the problems left over be fixed?", held))


def test_major_administrative_decisions_reach_their_catalogue_term():
    held = _held("重大行政决策", "行政决策", "决定")
    terms = bridge_terms("How many items did the county put on its major administrative decision list?", held)
    assert "重大行政决策" in terms and "决定" not in terms
    assert "行政决策" not in bridge_terms("How long do I have to appeal an administrative decision?",
                                       _held("行政决策", "行政", "决定"))


def test_land_plots_hospital_grades_and_health_care_reach_their_official_terms():
    held = _held("三级", "第三产业", "第三", "卫生", "医疗卫生", "保健", "地块", "宗地", "起始价", "竞买保证金",
                 "保证金", "剧情", "第三纪")
    plot = bridge_terms("What are the starting price and the bid deposit for the residential plot?", held)
    assert {"地块", "起始价", "竞买保证金"} <= set(plot) and "剧情" not in plot
    assert "三级" in bridge_terms("What is the rate at a tertiary hospital?", held)
    assert "第三产业" in bridge_terms("What was the value added of the tertiary sector?", held)
    assert "第三纪" not in bridge_terms("What was the value added of the tertiary sector?", held)
    assert "卫生" in bridge_terms("How many of the posts are in health care?", held)


def test_paying_into_social_insurance_crackdowns_and_balance_sheets_reach_their_official_terms():
    held = _held("缴纳", "社会保险", "社保", "支付", "整治", "集中整治", "负债总额", "负债", "资产总额", "资产", "结束")
    assert "缴纳" in bridge_terms("How long must a parent have paid social insurance?", held)
    assert "集中整治" in bridge_terms("When does the dog-keeping crackdown end?", held)
    assert "结束" in bridge_terms("When does the dog-keeping crackdown end?", held)
    assert {"资产总额", "负债总额"} <= set(bridge_terms("What were the total assets and total liabilities?", held))


def test_tertiary_education_is_higher_education_not_the_tertiary_sector():
    held = _held("高等教育", "第三产业", "第三", "产业")
    terms = bridge_terms("How many students are in tertiary education?", held)
    assert "高等教育" in terms and "第三产业" not in terms


def test_rainfall_insurance_taken_out_and_homes_on_offer_reach_their_official_terms():
    held = _held("降水量", "降水", "降雨", "参保", "投保", "参保面积", "推出", "住房", "房源", "受灾", "受灾人口",
                 "拍摄")
    assert "降水量" in bridge_terms("What was the average annual rainfall across the city?", held)
    terms = bridge_terms("How many households took out rubber price insurance, and how large was the insured area?",
                         held)
    assert {"参保", "参保面积"} <= set(terms) and "拍摄" not in terms
    assert {"推出", "房源"} <= set(bridge_terms("How many homes are on offer in the second batch?", held))
    assert "受灾" in bridge_terms("How many people were affected by natural disasters?", held)
    assert "受灾人口" in bridge_terms("How many people affected were there?", held)


def test_mechanised_field_work_reaches_its_rates():
    held = _held("机收", "机械化收获", "机械", "收获", "机耕", "机种")
    assert "机收" in bridge_terms("What was the machine harvesting rate for sugarcane?", held)
    assert "机耕" in bridge_terms("What was the machine ploughing rate?", held)


def test_saving_money_is_jiesheng_not_a_rescue():
    held = _held("节省", "节约", "救援", "保存")
    terms = bridge_terms("How much printing cost did online application save for applicants?", held)
    assert "节省" in terms and "救援" not in terms
    assert bridge_terms("What is the cap on the water-saving reward?", _held("节水", "节省", "节约")) == ["节水"]


def test_water_use_prices_the_yellow_river_strip_intercropping_and_worked_examples():
    held = _held("用水", "水价", "浇水", "黄河", "黄色", "带状复合种植", "带状", "剥夺", "举例", "示例")
    assert "水价" in bridge_terms("What is the water price for households?", held)
    terms = bridge_terms("How much water did the Yellow River basin use?", held)
    assert "黄河" in terms and "黄色" not in terms
    assert "带状" in bridge_terms("What is the subsidy for soybean and maize strip intercropping?", held)
    assert "剥夺" not in bridge_terms("What is the subsidy for soybean and maize strip intercropping?", held)
    assert "举例" in bridge_terms("In the worked example, how much does the pension rise?", held)


def test_fines_recruits_and_the_family_planning_schemes_reach_their_official_terms():
    assert "罚款" in bridge_terms("How much is the company to be fined?", _held("罚款", "优良", "良好"))
    assert "优良" not in bridge_terms("How much is the company to be fined?", _held("罚款", "优良", "良好"))
    assert "选聘" in bridge_terms("How many rangers were recruited?", _held("选聘", "招聘", "护林员"))
    assert "新选聘" in bridge_terms("How many are newly recruited?", _held("新选聘", "新增"))
    assert "特别扶助" in bridge_terms("How many get the special assistance?", _held("特别扶助", "特别", "扶助"))
    assert "援助" in bridge_terms("What special assistance do orphans get?", _held("特别扶助", "援助", "孤儿"))
    assert "乙类" in bridge_terms("What is the deductible for category-B diseases?", _held("乙类", "二级", "起付"))
    assert "劳务收入" in bridge_terms("How much did the workers earn?", _held("劳务收入", "收入", "工人"))


def test_school_years_admissions_money_spent_plans_and_drills_reach_their_official_terms():
    held = _held("一年级", "小学", "计划", "招生", "实际支出", "支出", "演练", "人困马乏", "等级", "中国人民解放军海军")
    terms = bridge_terms("How many first-graders do the primary schools plan to admit?", held)
    assert {"一年级", "小学", "计划", "招生"} <= set(terms) and "等级" not in terms
    assert "中国人民解放军海军" not in terms
    assert bridge_terms("How much was actually spent?", held) == ["实际支出", "支出"]
    assert "人困马乏" not in bridge_terms("How much was spent on the project?", held)
    assert "演练" in bridge_terms("How many people took part in the flood drill?", held)


def test_grades_tiers_and_admissions_keep_their_other_senses():
    held = _held("一年级", "一年", "等级", "一线城市", "一档", "收治", "招生", "钻井", "钻探", "演练", "废旧电池",
                 "支出")
    assert "一年级" not in bridge_terms("How many first-grade hospitals are there?", held)
    assert bridge_terms("How many tier one cities?", held) == ["一线城市"]
    assert "收治" in bridge_terms("How many patients were admitted?", held)
    assert "演练" not in bridge_terms("How many wells were drilling?", held)
    assert bridge_terms("How are spent batteries recycled?", held) == ["废旧电池"]


def test_a_procurement_challenge_and_money_disbursed_reach_their_official_terms_how_long_names_nothing():
    held = _held("质疑", "挑战", "放款", "拨付", "多头", "悠久")
    terms = bridge_terms("How long do suppliers have to file a challenge against the result?", held)
    assert terms[:1] == ["质疑"] and "多头" not in terms and "悠久" not in terms
    assert "放款" in bridge_terms("How quickly are loans now disbursed?", held)


def test_numbered_classes_parking_spaces_and_interplanting_reach_their_official_terms():
    held = _held("三类", "社会", "泊位", "夜间", "周边", "年均成本", "成本", "监审", "套种", "遮阴")
    terms = bridge_terms("What does a nearby resident pay for an overnight pass in a class-three zone?", held)
    assert {"三类", "夜间", "周边"} <= set(terms) and "社会" not in terms
    assert "三级" in bridge_terms("How many kilometres of class three roads?", _held("三级", "公路"))
    audit = bridge_terms("What annual cost per parking space did the cost audit find?", held)
    assert {"年均成本", "泊位"} <= set(audit)
    assert {"套种", "遮阴"} <= set(bridge_terms("How much per mu for interplanting shade trees?", held))
