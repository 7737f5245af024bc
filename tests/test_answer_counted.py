"""The figure whose clause names what the question counts (rag.answer.counted, rag.answer.span.clause_sides)."""

from __future__ import annotations

import numpy as np

from rag.answer.counted import counted_phrase, counted_share, counted_terms
from rag.answer.span import clause_sides
from rag.search.retrieval import Retrieval
from rag.text.figures import find_figures


def _retrieval(question: str, weights: dict[str, float]) -> Retrieval:
    return Retrieval(question, [], None, None, list(weights), weights, None, {}, {}, np.zeros(1))


def _figure(sentence: str, text: str):
    return next(f for f in find_figures(sentence) if f.text.endswith(text))


def test_an_amount_whose_clause_names_what_it_counts_keeps_to_its_clause():
    sentence = "举办培训班，共148人参加培训，141人通过考试获得证书。"
    assert clause_sides(sentence, _figure(sentence, "148人"))[1] == "共148人参加培训"
    sentence = "形成88个企业技术标准、208个新产品，建立91个联合创新平台。"
    assert clause_sides(sentence, _figure(sentence, "208个"))[1] == "208个新产品"


def test_a_bare_date_or_amount_borrows_the_next_clause():
    sentence = "2023年4月26日，由市科技局、大学共建。"
    assert "共建" in clause_sides(sentence, _figure(sentence, "2023年4月26日"))[1]
    sentence = "全省共148人，其中女性60人。"
    assert "其中" in clause_sides(sentence, _figure(sentence, "148人"))[1]


def test_the_counted_phrase_is_next_to_the_ask():
    assert counted_phrase("赋权试点中实际转化的职务成果有多少个？")[0].endswith("实际转化的职务成果有")
    assert counted_phrase("联盟承接的重大科技专项下面一共开展了多少个课题？")[1] == "课题"
    assert counted_phrase("培训班有多少人考试合格拿到了证书？")[1] == "考试合格拿到了证书"
    assert counted_phrase("How many technical needs of companies were solved through the events?")[1].strip() == \
        "technical needs of companies were solved"
    assert counted_phrase("Who signed the reply?") == ("", "")
    # What was the … of: the noun phrase after "the" (a rate, an output) is what it asks; "the most" is no noun.
    assert counted_phrase("What was the public satisfaction rate of the hotline in 2024?")[1].strip() == \
        "public satisfaction rate of the hotline"
    assert counted_phrase("What is the most a single shopping centre can receive?") == ("", "")
    # did/does … VERB?: the closing verb is what happened to the counted thing.
    assert counted_phrase("How much R&D spending by companies did the subsidies leverage?")[1].split() == \
        ["R&D", "spending", "leverage"]


def test_terms_near_the_ask_weigh_more_than_the_scope_further_left():
    question = "赋权试点中实际转化的职务成果有多少个？"
    terms = counted_terms(question, _retrieval(question, {"赋权": 5.0, "转化": 2.7, "成果": 2.4, "课题": 6.0}))
    assert terms["成果"] > terms["转化"] > terms.get("赋权", 0.0) and "课题" not in terms
    question = "开展了多少个课题？"
    assert counted_terms(question, _retrieval(question, {"开展": 2.0, "课题": 6.0}))["课题"] == 1.0


def test_the_figure_whose_clause_names_the_counted_phrase_wins():
    question = "赋权试点中实际转化的职务成果有多少个？"
    retrieval = _retrieval(question, {"赋权": 5.0, "试点": 4.0, "转化": 2.7, "职务": 5.4, "成果": 2.4})
    terms = counted_terms(question, retrieval)
    sentence = "赋予10家试点单位，赋权职务科技成果297个，转化职务成果292个。"
    shares = {t: counted_share(retrieval, sentence, _figure(sentence, t), terms) for t in ("297个", "292个")}
    assert shares["292个"] > shares["297个"]


def test_a_figure_listed_after_another_shares_the_list_clause():
    sentence = "全镇城镇、农村居民人均可支配收入分别达到33,186元、19,742元。"
    retrieval = _retrieval("农村居民人均可支配收入是多少？", {"农村": 4.0, "居民": 3.0, "收入": 3.0})
    terms = counted_terms("农村居民人均可支配收入是多少？", retrieval)
    first, second = (counted_share(retrieval, sentence, _figure(sentence, t), terms) for t in ("33,186元", "19,742元"))
    assert first == second == 1.0


def test_a_clause_that_names_only_its_time_shares_the_subject_before_it():
    sentence = "去年全市劳动者参加职业技能培训2.3万人次，今年1—5月已达1.46万人次，发放补贴资金1,980万元。"
    question = "今年1到5月劳动者参加职业技能培训多少人次？"
    retrieval = _retrieval(question, {"劳动者": 4.0, "参加": 2.0, "职业技能": 4.0, "培训": 3.0})
    terms = counted_terms(question, retrieval)
    last, this, money = (counted_share(retrieval, sentence, _figure(sentence, t), terms)
                         for t in ("2.3万人次", "1.46万人次", "1,980万元"))
    assert this == last > 0 and money == 0


def test_the_new_value_of_a_change_counts_what_the_old_values_clause_names():
    sentence = "县财政对农村公路养护按照每公里3,000元的标准补助，自明年起提高到每公里4,500元。"
    question = "农村公路养护补助标准现在每公里多少元？"
    retrieval = _retrieval(question, {"农村": 4.0, "公路": 4.0, "养护": 5.0, "补助": 3.0})
    terms = counted_terms(question, retrieval)
    old, new = (counted_share(retrieval, sentence, _figure(sentence, t), terms) for t in ("3,000元", "4,500元"))
    assert new == old > 0


def test_an_english_predicate_after_the_scope_names_what_is_counted():
    phrase = counted_phrase("How many clinics in the county are now run by private operators?")[1]
    assert phrase.startswith("clinics") and phrase.endswith("run by private operators")
    assert counted_phrase("How many companies were there in 2023?")[1].strip() == "companies were there"


def test_a_part_after_its_whole_shares_the_whole_clause_only_when_the_question_names_it():
    sentence = "查出挪用培训补贴和设备补贴共计860万元，其中培训补贴510万元、设备补贴350万元。"
    question = "审计查出挪用的培训补贴是多少？"
    retrieval = _retrieval(question, {"审计": 3.0, "挪用": 5.0, "培训": 3.0, "补贴": 2.0})
    terms = counted_terms(question, retrieval)
    assert counted_share(retrieval, sentence, _figure(sentence, "510万元"), terms) == \
        counted_share(retrieval, sentence, _figure(sentence, "860万元"), terms)
    listing = "全省通过平台服务企业900家，其中，甲研究所服务企业120家；乙研究所服务企业80家。"
    question = "全省通过平台服务了多少家企业？"
    retrieval = _retrieval(question, {"全省": 2.0, "平台": 4.0, "服务": 2.0, "企业": 2.0})
    terms = counted_terms(question, retrieval)
    whole, part = (counted_share(retrieval, listing, _figure(listing, t), terms) for t in ("900家", "120家"))
    assert whole > part


def test_what_money_was_spent_on_is_what_an_english_question_counts():
    assert counted_phrase("How much did the county sports bureau spend on official hospitality in 2024?") == \
        ("", "official hospitality")
    assert counted_phrase("How much was invested on rural roads in 2024?") == ("", "rural roads")
    # A money noun or "budgeted" before "on"/"for" counts what the money went to as well.
    assert counted_phrase("What was the bureau's final accounts spending on official receptions in 2024?") == \
        ("", "official receptions")
    assert counted_phrase("How much is budgeted for official receptions in the bureau's 2025 budget?") == \
        ("", "official receptions")
    assert counted_phrase("What is the bureau's 2025 budget for official hospitality?") == ("", "official hospitality")
    assert counted_phrase("How much funding for rural roads was spent in 2024?")[1].startswith("funding")


def test_a_place_in_an_english_counted_phrase_is_where_not_what_is_counted():
    question = "What share of Jing'an district's total consumption took place at night in 2024?"
    retrieval = _retrieval(question, {"静安": 6.0, "消费": 3.0, "夜间": 4.0})
    assert set(counted_terms(question, retrieval)) == {"消费"}
    # "on" after another verb opens the scope as before.
    assert counted_phrase("How many firms did the city rely on for grain storage?")[1].startswith("firms")


def test_what_a_fund_put_into_is_counted_unless_the_money_is_named_first():
    question = "How much did the provincial tourism fund put into developing ice-and-snow tourism products?"
    assert counted_phrase(question)[1] == "developing ice-and-snow tourism products"
    # The money named after the ask is what is counted; where it went is its scope.
    assert counted_phrase("How much provincial money did Hubei put into phosphorus control?")[1].startswith(
        "provincial money")
    assert counted_phrase("How much provincial money went into the reservoir fund?")[1].startswith("provincial money")


def test_a_part_asked_by_its_source_is_named_by_the_source_not_the_whole():
    assert counted_phrase("How much of the city's 2025 rural road funding comes from its own budget?") == \
        ("", "its own budget")
    assert counted_phrase("Of this year's subsidy funds for emergency capacity, how much was arranged from the "
                          "provincial budget?") == ("", "the provincial budget")
    # Not a part: the scope opens as before.
    assert counted_phrase("How much money comes from the fund each year?") == ("", "money comes")


def test_how_many_after_an_among_clause_counts_the_clause_noun_and_what_the_verb_says_of_it():
    assert counted_phrase("Among the modern industry colleges Guangdong proposed in 2024, how many are run by "
                          "universities in eastern Guangdong?") == (
        "", "modern industry colleges Guangdong proposed are run by universities in eastern Guangdong")
    # A part of money asked by its source stays named by the source.
    assert counted_phrase("Of the funds, how much was arranged from the provincial budget?") == (
        "", "the provincial budget")


def test_what_is_counted_stops_before_has_and_the_subject_after_it():
    assert counted_phrase("How many new products has the sci-tech commissioner program helped companies develop?") \
        == ("", "new products")
    assert counted_phrase("How much provincial money has Jiangxi arranged in 2025 for seedling raising?") == (
        "", "provincial money")
    # Passive: no subject after have.
    assert counted_phrase("How many people have been trained?") == ("", "people have been trained")


def test_a_part_after_qizhong_reads_its_whole_within_its_sentence_only():
    # A sentence merged with the one before (…增加。其中：…) does not lend the part every word of that sentence.
    question = "部门整体支出预算执行率是多少？"
    sentence = "全年实际支出3,874.60万元，预算执行率96.57%，比上年增加。其中：基本支出1,126.82万元，执行率94.67%。"
    retrieval = _retrieval(question, {"支出": 3.1, "预算": 3.1, "执行": 3.7, "率": 3.4})
    terms = counted_terms(question, retrieval)
    whole = counted_share(retrieval, sentence, _figure(sentence, "96.57%"), terms)
    part = counted_share(retrieval, sentence, _figure(sentence, "94.67%"), terms)
    assert part < whole


def test_a_count_before_zhong_sizes_the_set_and_counts_only_its_own_noun():
    """全县24个乡镇（街道）中已建成工作室15个: 24个 counts 乡镇, and 15个 the 工作室 asked for."""
    from rag.answer.counted import counted_right

    sentence = "截至去年底，全县24个乡镇（街道）中已建成政协委员工作室15个，覆盖率62.5%。"
    retrieval = _retrieval("截至去年底建成了多少个政协委员工作室？", {"政协": 1.0, "委员": 1.0, "工作室": 2.0})
    terms = counted_terms(retrieval.question, retrieval)
    assert counted_right(clause_sides(sentence, _figure(sentence, "24个"))[1]) == "24个乡镇（街道）"
    assert counted_share(retrieval, sentence, _figure(sentence, "15个"), terms) > \
        counted_share(retrieval, sentence, _figure(sentence, "24个"), terms)


def test_a_part_of_a_whole_is_named_by_what_the_main_verb_says_of_it():
    """How much of the subsidies paid to ineligible people has been recovered: 已追回44.80万元, not the 发放…46.32万元
    whose clause holds the whole's every word."""
    question = "How much of the employment subsidies that had been paid to ineligible people has been recovered?"
    assert counted_phrase(question) == ("", "recovered")
    assert counted_phrase("How many of the 52 posts are in health care?") == ("", "in health care")
    assert counted_phrase("and how much of it had been rectified by the end of June 2025?") == ("", "rectified")
    # the complement after the verb names the part too; a second clause asks another part
    assert counted_phrase("How much of the special fund was used for water conservancy facilities?") == \
        ("", "used for water conservancy facilities")
    assert counted_phrase("How much of the loss was recovered, and how much is still being pursued?") == \
        ("", "recovered")
    assert counted_phrase("How much of the 5,000 million fund has been invested in water conservancy?") == \
        ("", "invested in water conservancy")
    retrieval = _retrieval(question, {"就业": 3.0, "补贴": 2.0, "发放": 2.0, "追回": 6.0})
    sentence = "向不符合条件的218人发放各类就业补贴46.32万元，市人力社保局已追回44.80万元，剩余1.52万元移交追缴。"
    terms = {"追回": 1.0}
    shares = {t: counted_share(retrieval, sentence, _figure(sentence, t), terms) for t in ("46.32万元", "44.80万元")}
    assert shares["44.80万元"] > shares["46.32万元"]


def test_had_to_be_opens_no_scope():
    """How many people had to be urgently relocated: what is counted is the people relocated (紧急转移安置1.28万人)."""
    assert counted_phrase("How many people had to be urgently relocated in the county in 2024?") == \
        ("", "people were urgently relocated")
