"""General rules of answering, each on small hand-written snippets (no corpus file is read)."""

from __future__ import annotations

import pytest

from rag.answer.document_years import document_year, year_mismatch, years_in
from rag.answer.levels import bracketed, figure_level
from rag.answer.parts import two_parts
from rag.answer.qualifiers import alignment
from rag.chunking import ChunkerSettings, chunk_document
from rag.documents import parse_document
from rag.documents.chrome import is_non_content, sign_off
from rag.documents.headings import numbered_lead
from rag.text.bridge import bridge_terms

# -- chrome and sign-off ------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "索引号：12345/2024-001", "组配分类： 建议提案答复", "文　　号：某农函〔2024〕9号　　　发布日期：2024-05-30",
    "有 效 性：有效", "来源：某市人力资源局", "浏览次数：321", "索引号", "首页 > 政务公开 > 通知公告",
    "2024-06-12 16:20 来源: 某市财政局 【字体: 大 中 小】 打印 关闭", "领导签发：张三", "签发人：李四",
    "联系人：王五", "联系电话：010-12345678", "（联系单位：某处；联系人：赵六；联系电话：020-87654321）",
    "抄送：市政府办公室。", "附件：1. 资金分配表.xlsx", "2. 申报书模板.docx", "钱七  0431-12345678",
])
def test_chrome_lines_are_not_content(line):
    assert is_non_content(line)


@pytest.mark.parametrize("line", [
    "时间紧任务重，我们要加快推进。", "分类推进改革任务。", "全市新增就业岗位1.2万个。",
    "附件所列项目须于6月底前完成。",
])
def test_content_lines_stay(line):
    assert not is_non_content(line)


def test_sign_off_gives_signer_and_contact_with_phone():
    assert sign_off(["领导签发：张三", "联系人：李四", "联系电话：0512-1234567"]) == ("张三", "李四 0512-1234567")
    assert sign_off(["联系人姓名及电话：王五  0431-7654321", "赵六  0431-1111111"]) == (
        None, "王五 0431-7654321 赵六 0431-1111111")


# -- header -------------------------------------------------------------------------------------

_CITING = """发布时间：2024-03-01　　来源：某县人民政府办公室　　浏览次数：12

某县人民政府办公室关于印发某办法的通知
某府办字〔2024〕5号
签发人：孙八

各乡镇人民政府：

　　根据《某省办法》（某府发〔2023〕27号）要求，现印发给你们，请认真执行。

　　附件：某办法.pdf

某县人民政府办公室
2024年2月28日

联系人：周九；联系电话：0797-1234567
"""


def test_header_tells_own_number_from_cited_and_cuts_the_title():
    doc = parse_document(_CITING, "n.txt")
    h = doc.header
    assert h.doc_number == "某府办字〔2024〕5号"
    assert h.title == "某县人民政府办公室关于印发某办法的通知"
    assert (h.signer, h.contact, h.date) == ("孙八", "周九 0797-1234567", "2024-02-28")


def test_cited_number_alone_is_not_taken_as_own():
    doc = parse_document("某局工作总结\n\n　　根据《某规定》（某发〔2023〕1号），全年完成任务。\n", "s.txt")
    assert doc.header.doc_number is None


def test_chrome_lines_never_become_passages():
    doc = parse_document(_CITING, "n.txt")
    texts = " ".join(c.text for c in chunk_document(doc, ChunkerSettings()))
    assert "附件" not in texts and "联系人" not in texts and "浏览次数" not in texts
    assert "现印发给你们" in texts


# -- sections -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "expected"), [
    ("1、落实预留份额。要求各单位编制计划。", (3, "1、落实预留份额")),
    ("第三条　本办法所称补助，是指按照规定给予的资金支持，包括建设补助和运营补助两类情形。", (2, "第三条")),
    ("①建立资源池。按照原则遴选。", (5, "①建立资源池")),
    ("（二）开展专项检查。今年组织检查。", (2, "（二）开展专项检查")),
    ("全市新增就业1.2万人。", None),
])
def test_numbered_paragraphs_name_their_section(line, expected):
    assert numbered_lead(line) == expected


def test_bare_heading_lines_make_a_section_path():
    text = "某局年度工作总结\n\n主要工作成效\n\n创新能力持续增强\n　　全年研发投入强度达到3.1%。\n"
    doc = parse_document(text, "w.txt")
    chunks = chunk_document(doc, ChunkerSettings())
    assert chunks[-1].section == ("主要工作成效", "创新能力持续增强")


# -- year and place context ---------------------------------------------------------------------


def test_years_resolve_relative_words_against_the_document_date():
    assert years_in("去年完成投资，今年计划", 2024) == {"2023", "2024"}
    # An annual summary speaks from the year it reports on: its 今年 is 2023, its 明年 2024.
    assert document_year({"date": None, "title": "某县2023年工作总结和2024年工作计划"}) == 2023
    assert document_year({"date": None, "title": "关于2023年和2024年某项工作的通知"}) == 2024
    # So does a self-evaluation of one programme year, published the year after (its 本年度 is 2024).
    evaluation = {"date": "2025-04-28", "title": "某县农业农村局2024年度部门整体支出绩效自评报告"}
    assert document_year(evaluation) == 2024
    assert year_mismatch({"2024"}, "本年度“三公”经费预算18.60万元，实际支出14.27万元。", "", (), evaluation) is None
    # 由上一年度的3,000元提高到3,500元 compares with the year before; it speaks of the document's year.
    assert year_mismatch({"2024"}, "每户补助上限由上一年度的3,000元提高到3,500元。", "", (), evaluation) is None
    assert document_year({"date": "2025-03-01", "title": "关于2024年度市级预算执行的审计工作报告"}) == 2025


def test_year_from_title_or_date_when_the_sentence_names_none():
    summary = {"date": "2024-01-20", "title": "某县2023年工作总结"}
    assert year_mismatch({"2023"}, "全县生产总值增长6%。", "", (), summary) is None
    assert year_mismatch({"2021"}, "全县生产总值增长6%。", "", (), summary) == "2021"
    assert year_mismatch({"2022"}, "去年全县生产总值增长6%。", "", (), summary) is None  # the summary's 去年
    assert year_mismatch({"2022"}, "今年全县生产总值增长6%。", "", (), summary) == "2022"
    # A change from last year's value (由上年每张960元提高到1,200元) speaks of the document's year, not of the last.
    budget = {"date": "2025-02-14", "title": "某市民政局2025年部门预算说明"}
    assert year_mismatch({"2025"}, "护理补贴由上年每张每年960元提高到1,200元。", "", (), budget) is None
    assert year_mismatch({"2024"}, "上年完成护理补贴960万元。", "", (), budget) is None
    assert year_mismatch({"2025"}, "上年完成护理补贴960万元。", "", (), budget) == "2025"


# -- figure qualifiers and two-part questions ---------------------------------------------------

_RATES = "全市投入强度达到3.6%，高于全国（2.5%）、全省（2.3%）平均水平。"


def _at(figure: str) -> tuple[int, int]:
    start = _RATES.index(figure)
    return start, start + len(figure)


def test_level_words_qualify_the_nearest_figure():
    assert figure_level(_RATES, _at("3.6%")[0])[0] == "city"
    assert figure_level(_RATES, _at("2.5%")[0])[0] == "national"
    assert bracketed(_RATES, *_at("2.3%"))


def test_alignment_prefers_the_asked_level_and_the_own_figure():
    national = [alignment("全国平均投入强度是多少？", _RATES, *_at(f), 2024) for f in ("3.6%", "2.5%", "2.3%")]
    assert national.index(max(national)) == 1
    own = [alignment("投入强度是多少？", _RATES, *_at(f), 2024) for f in ("3.6%", "2.5%", "2.3%")]
    assert own.index(max(own)) == 0


def test_a_new_value_is_of_its_old_values_level_unless_a_list_gives_each_its_own():
    text = "从今年7月起，全镇村级保洁员补贴由每人每月600元提高到800元，所需资金由镇财政统筹。"
    old, new = [alignment("村级保洁员补贴从今年7月起提高到每月多少钱？", text, text.index(f), text.index(f) + 4, 2025)
                for f in ("600元", "800元")]
    assert new >= old  # 0.5 against 1.0 when the new value had no level
    listed = "对县级零工市场、乡镇零工驿站的年度运营补助分别由每个20万元、3万元提高到30万元和5万元。"
    at = listed.index("30万元")
    assert alignment("What does the city give a county-level gig market?", listed, at, at + 4, 2025) >= 0
    county, town = [alignment("县级零工市场运营补助提高到多少？", listed, listed.index(f), listed.index(f) + len(f),
                              2025) for f in ("30万元", "5万元")]
    assert town <= county  # the second item's new value is not of the first item's level


def test_alignment_prefers_the_asked_year():
    text = "去年安排资金1.2亿元，今年增加到1.5亿元。"
    spans = [(text.index(f), text.index(f) + len(f)) for f in ("1.2亿元", "1.5亿元")]
    scores = [alignment("2023年安排了多少资金？", text, a, b, 2024) for a, b in spans]
    assert scores[0] > scores[1]


def test_two_part_questions_split_at_the_second_ask():
    assert two_parts("投入多少资金，支持多少户企业？") == ("投入多少资金", "支持多少户企业？")
    assert two_parts("How much money was spent and how many firms were helped?") == (
        "How much money was spent", "how many firms were helped?")
    assert two_parts("全市有多少家企业？") is None
    # The second part may ask the same of "one" (… a boat 24 metres or longer, and one between 12 and 24 metres).
    assert two_parts("How much is paid for a boat 24 metres or longer, and one between 12 and 24 metres long?") == (
        "How much is paid for a boat 24 metres or longer", "How much for one between 12 and 24 metres long?")
    assert two_parts("How big is the county's tea garden area, and what was its tea output value?") == (
        "How big is the county's tea garden area", "what was its tea output value?")
    # One "how much" for two flows; "up to what age" asks as "how old" does.
    assert two_parts("How much did the fund take in and pay out in the first half?") == (
        "How much did the fund take in in the first half?", "How much did the fund pay out in the first half?")
    assert two_parts("How much subsidy can each household receive and use for repairs at most?") is None  # a cap
    assert two_parts("How much of the money raised and spent went to education?") is None  # one share
    assert two_parts("How much central and provincial money was allocated and used?") == (
        "How much central money was allocated and used?", "How much provincial money was allocated and used?")
    assert two_parts("What is the age limit, and up to what age is it relaxed for PhD holders?") == (
        "What is the age limit", "up to what age is it relaxed for PhD holders?")


# -- English bridge -----------------------------------------------------------------------------


def test_bridge_maps_english_words_to_chinese_terms_the_index_holds():
    held = {"补贴": 2.0, "就业": 1.5}
    terms = bridge_terms("How large is the employment subsidy?", lambda ts: {t: held.get(t, 0.0) for t in ts})
    assert set(terms) == {"补贴", "就业"}
    assert bridge_terms("就业补贴有多少？", lambda ts: dict.fromkeys(ts, 1.0)) == []


def test_bridge_maps_pinyin_place_names_to_their_chinese_spelling():
    from rag.text.pinyin_names import english_names

    held = {"兰考": 3.0, "成都": 2.0}
    terms = bridge_terms("What was Lankao county's GDP, and Chengdu's?", lambda ts: {t: held.get(t, 0.0) for t in ts})
    assert {"兰考", "成都"} <= set(terms)
    assert english_names("How many firms did Xi'an support?", places_only=True) == [("Xi'an", ("西安",))]
    assert english_names("How long is the Fan period?") == []  # a one-syllable word is no name


# -- figures, old values and folder notes ------------------------------------------------------


def test_unitless_index_and_day_without_year_are_figures():
    from rag.text.figures import find_figures

    found = [(f.kind.value, f.text) for f in find_figures("发展指数为81.5，公示期至9月20日。")]
    assert found == [("count", "81.5"), ("date", "9月20日")]


def test_a_score_is_a_figure_in_points_and_a_question_about_it_asks_for_points():
    from rag.text.asked import expected_kind
    from rag.text.asked_measures import expected_unit
    from rag.text.figures import answers_unit, find_figures

    text = "该项目得分91.6分，比上年提高3.3分；用时3分钟，占三分之一。"
    found = find_figures(text)
    assert [f.text for f in found] == ["91.6分", "3.3分", "3分钟"]  # 3分钟 is a time, 三分之一 no figure
    assert answers_unit("分", found[0]) and not answers_unit("分", found[2])
    question = "What overall score did the programme receive in its performance evaluation?"
    assert (expected_kind(question).value, expected_unit(question)) == ("count", "分")
    assert expected_unit("综合得分是多少分？") == "分" and expected_unit("需要多少分钟？") == "分钟"


def test_incidents_are_counted_with_qi_and_ten_thousands_of_a_measure_are_no_money():
    from rag.text.asked import expected_kind
    from rag.text.asked_measures import expected_unit
    from rag.text.figures import find_figures

    text = "全镇共发生火灾62起，比上年的87起下降28.7%；本办法自2024年7月1日起施行。"
    assert [f.text for f in find_figures(text)] == ["62起", "87起", "28.7%", "2024年7月1日"]
    assert expected_unit("How many fires occurred in the town in 2024?") == "起"
    assert expected_kind("补水分区计划补水多少万立方米？").value == "count"
    assert expected_kind("项目投入了多少万？").value == "money"


def test_rates_per_mille_and_per_hundred_thousand_are_rates_not_money():
    from rag.text.figures import find_figures

    text = "孕产妇死亡率由58.3/10万降至46.9/10万，婴儿死亡率8.16‰，投资10万元。"
    found = [(f.kind.value, f.text) for f in find_figures(text)]
    assert found == [("percent", "58.3/10万"), ("percent", "46.9/10万"), ("percent", "8.16‰"), ("money", "10万元")]


def test_old_value_after_you_is_not_the_answer():
    text = "保证金比例由15%降至3%。"
    spans = [(text.index(f), text.index(f) + len(f)) for f in ("15%", "3%")]
    scores = [alignment("保证金比例降到了多少？", text, a, b, None) for a, b in spans]
    assert scores[1] > scores[0]


def test_figure_year_from_its_own_words_not_from_a_comparison():
    from rag.answer.qualifiers import figure_year_mismatch

    text = "去年完成改造900家，比2021年提高5个百分点。"
    assert figure_year_mismatch("2021年完成改造多少家？", text, text.index("900家"), 2024)
    assert not figure_year_mismatch("2023年完成改造多少家？", text, text.index("900家"), 2024)
    assert not figure_year_mismatch("2023年提高了多少？", text, text.index("5个"), 2024)


def test_folder_notes_are_not_documents(tmp_path):
    from rag.documents.corpus import discover

    for name in ("README.md", "README_a.md", "LICENSE.txt", "a.txt", "b.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in discover([tmp_path])] == ["a.txt", "b.md"]
    assert [p.name for p in discover([tmp_path / "README.md"])] == ["README.md"]


def test_place_must_be_what_the_passage_or_its_document_is_about():
    from types import SimpleNamespace

    from rag.answer.span import Sentence
    from rag.chunking import Chunk
    from rag.search.retrieval import Hit

    chunk = Chunk("d:1", "d", "d.txt", ("一、工作成效",), 0, 20, "全市新增高新技术企业300家。")
    best = Sentence(Hit(chunk, 1.0), 0, 0, 0, 15, chunk.text, 1.0)
    reader = SimpleNamespace(summaries=lambda ids: {"d": {"title": "某江市科技局2024年工作总结", "date": "2024-01-05",
                                                        "issuer": "某江市科技局"}},
                             mentioned=lambda terms: set(terms))
    retrieval = SimpleNamespace(sentences={}, expected=None, pinyin_places=())
    from rag.answer.constraints import unmet_constraint as check
    assert check("某江市新增多少家高新技术企业？", best, retrieval, reader) is None
    assert check("2023年新增多少家高新技术企业？", best, retrieval, reader) is None  # the report's year
    assert check("2020年新增多少家高新技术企业？", best, retrieval, reader) == "the question asks about 2020"
    assert check("杭州市新增多少家高新技术企业？", best, retrieval, reader) == "the passage is not about 杭州市"


def test_a_year_a_later_clause_names_is_not_the_answers():
    """全年新收申请73件，加上上年结转4件: 上年 is the carried-over figure's year; the 73 of a 2024 report is 2024's."""
    from types import SimpleNamespace

    from rag.answer.constraints import unmet_constraint as check
    from rag.answer.span import Sentence
    from rag.chunking import Chunk
    from rag.search.retrieval import Hit

    text = "全年共新收政府信息公开申请73件，加上上年结转4件，共需办理77件。"
    chunk = Chunk("d:1", "d", "d.html", ("一、总体情况",), 0, len(text), text)
    best = Sentence(Hit(chunk, 1.0), 0, 0, 0, len(text), text, 1.0)
    reader = SimpleNamespace(summaries=lambda ids: {"d": {"title": "某县人民政府2024年政府信息公开工作年度报告",
                                                        "date": "2025-01-20"}},
                             mentioned=lambda terms: set(terms), paragraph=lambda *a: "")
    retrieval = SimpleNamespace(sentences={}, expected=None, pinyin_places=())
    end = text.index("73件") + 3
    asked = "2023年共新收政府信息公开申请多少件？"
    assert check(asked, best, retrieval, reader, figure_end=end) == "the question asks about 2023"
    assert check("2024年共新收政府信息公开申请多少件？", best, retrieval, reader, figure_end=end) is None
    assert check(asked, best, retrieval, reader) is None  # the whole sentence names 上年: no figure, no clause
    # A later clause without a figure of its own says what the answer's figure is for: its year is the answer's.
    from rag.answer.constraints import _through_clause

    purpose = "提前下达中央财政补助资金5000万元，用于2025年高标准农田建设，加上上年结转4件。"
    assert _through_clause(purpose, purpose.index("万元") + 2) == purpose[: purpose.index("加上")]


def test_english_place_names_are_checked_like_chinese_ones():
    from types import SimpleNamespace

    from rag.answer.span import Sentence
    from rag.chunking import Chunk
    from rag.search.retrieval import Hit

    chunk = Chunk("d:1", "d", "d.txt", ("一、工作成效",), 0, 20, "全县新增高新技术企业30家。")
    best = Sentence(Hit(chunk, 1.0), 0, 0, 0, 14, chunk.text, 1.0)
    reader = SimpleNamespace(summaries=lambda ids: {"d": {"title": "兰考县2024年工作总结", "date": "2024-01-05"}},
                             mentioned=lambda terms: {t for t in terms if t in ("兰考", "成都")})
    retrieval = SimpleNamespace(sentences={}, expected=None, pinyin_places=())
    from rag.answer.constraints import unmet_constraint as check
    assert check("How many high-tech firms did Lankao county add?", best, retrieval, reader) is None
    assert check("How many high-tech firms did Chengdu add?", best, retrieval, reader) == \
        "the passage is not about Chengdu"
    assert check("How many high-tech firms did Kaifeng add?", best, retrieval, reader) == \
        "no document mentions Kaifeng"


def test_pinyin_names_the_dictionary_lacks_are_read_from_chinese_text():
    from rag.text.romanise import pinyin_names, spelled_in

    assert pinyin_names("What was the rural income in Ligang Town in 2024?") == ["ligang"]
    assert pinyin_names("Who signed the reply to deputy Liu Xiaoyan?") == ["liuxiaoyan"]
    # Dictionary names, acronyms and English words are not such names; the first word, capitalised anyway, is one
    # unless it is an English word (Haomen Town's target …, but not Tan … or Men …).
    assert pinyin_names("How many R&D staff did Chengdu hire in June?") == []
    assert pinyin_names("Haomen Town's 2025 target for tourist visits?") == ["haomen"]
    assert pinyin_names("Men in Ligang Town?") == ["ligang"]
    # An Inner Mongolian sum (苏木) or gacha (嘎查) is a level after the name, like a town.
    assert pinyin_names("Grazing ban subsidy for Narenbaolage Sum?") == ["narenbaolage"]
    assert spelled_in("某县栗岗镇人民政府2024年上半年工作总结", "ligang") == ["栗岗"]
    assert spelled_in("尊敬的刘晓燕代表：", "liuxiaoyan") == ["刘晓燕"]
    assert spelled_in("槐坪镇人民政府", "ligang") == []


def test_a_town_an_english_question_names_in_pinyin_picks_its_own_report(tmp_path, embedder):
    from rag.pipeline import QAPipeline
    from tests.conftest import make_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, town, income in (("a.txt", "栗岗镇", "8120元"), ("b.txt", "槐坪镇", "9350元")):
        (corpus / name).write_text(f"{town}人民政府2024年上半年工作总结\n\n发布机构：{town}人民政府\n\n"
                                   f"上半年，全镇农村常住居民人均可支配收入达到{income}，同比增长6.9%。\n", "utf-8")
    pipeline = QAPipeline(make_settings(tmp_path / "data"), embedder=embedder)
    try:
        pipeline.index_paths([corpus])
        for town, income in (("Ligang", "8120元"), ("Huaiping", "9350元")):
            result = pipeline.ask(f"What was the per-capita disposable income of rural residents in {town} Town "
                                  "in the first half of 2024?")
            assert result.answer is not None and income in result.answer.text, (town, result.answer)
            assert income in result.hits[0].chunk.text
    finally:
        pipeline.close()

# -- headers of other layouts -------------------------------------------------------------------

_REPORT = """首页 > 政务公开 > 政府工作报告

2024年某县人民政府工作报告

发布时间：2024-01-22　　来源：某县人民政府办公室

政 府 工 作 报 告
——2024年1月16日在某县第十六届人民代表大会第四次会议上
县长　赵某某

各位代表：

　　现在，我代表县人民政府，向大会报告工作。
"""


def test_report_speaker_is_the_signer_and_the_occasion_is_not_the_title():
    from rag.answer.header import header_question

    h = parse_document(_REPORT, "r.txt").header
    assert (h.title, h.signer, h.date) == ("2024年某县人民政府工作报告", "赵某某", "2024-01-16")
    assert header_question("Who delivered the county's government work report in January 2024?") == "signer"


_BRIEFING = """# 某县2025年春耕备耕新闻发布会

**时间**：3月4日上午9:30
**主持人**：县委宣传部副部长、县政府新闻办主任　林秋禾
**发布人**：县农业农村局局长　马远山

**主持人 林秋禾：**

各位记者朋友，大家上午好！首先请马远山局长介绍今年春耕备耕情况。

**马远山：**

今年全县落实粮食播种面积36.2万亩。
"""


@pytest.mark.parametrize("question", ["这场新闻发布会由谁主持？", "Who hosted the county's spring ploughing briefing?",
                                      "Who chaired the press conference?"])
def test_a_hosts_name_is_read_from_the_labelled_line_not_the_titles_or_the_hosts_speech(question):
    from rag.answer.header import header_question, header_span

    doc = parse_document(_BRIEFING, "b.md")
    assert header_question(question) == "host"
    start, end = header_span(doc, "host", question)
    assert doc.text[start:end] == "林秋禾"
    speech = parse_document("主持人：好的，谢谢各位记者朋友。\n\n主持人：吴明（县政府新闻办主任）\n", "s.txt")
    start, end = header_span(speech, "host", question)
    assert speech.text[start:end] == "吴明"
    assert header_span(parse_document("会议听取了各部门汇报。\n", "n.txt"), "host", question) is None


@pytest.mark.parametrize("question", ["这次公示的监督电话是多少？", "What is the supervision hotline for this notice?",
                                      "What number do I call to complain about how my application was handled?",
                                      "I want to report misuse of the subsidies. Which number should I call?"])
def test_a_phone_asked_by_its_label_is_the_one_after_that_label_not_the_contacts(question):
    from rag.answer.header import header_question, header_span

    notice = ("某区事业单位拟聘用人员公示\n\n现将拟聘用人员予以公示，公示期为2025年8月1日至8月8日。\n"
              "联系人：王某某，联系电话：023-41420000\n"
              "监督电话：023-41421075（区纪委监委派驻纪检监察组）\n\n某区人力资源和社会保障局\n2025年7月31日\n")
    doc = parse_document(notice, "g.txt")
    assert header_question(question) == "contact"
    start, end = header_span(doc, "contact", question)
    assert doc.text[start:end] == "023-41421075"
    start, end = header_span(doc, "contact", "联系电话是多少？")
    assert doc.text[start:end] == "023-41420000"
    assert header_question("What number of households got the subsidy?") is None
    assert header_question("What serial number does the proposal have?") is None


@pytest.mark.parametrize(("question", "phone"), [
    ("What's the 24-hour duty number of the county flood control office?", "0776-6800110"),
    ("What number should a business call to object to its inspection result?", "0370-3200514"),
    ("Which number do I call to report an unauthorised fee?", "0470-8200520"),
    ("招标代理机构的联系电话是多少？", "0738-8200105"),
    ("招标人的联系电话是多少？", "0738-8300724"),
])
def test_a_phone_is_the_one_its_label_or_its_role_names(question, phone):
    """A duty line (值班电话), the line that takes objections (异议受理电话), a complaints line that writes 12345 first,
    and the phone of the role the question names (招标代理机构, not 招标人)."""
    from rag.answer.header import header_question, header_span

    notice = ("某县招标公告\n\n县防指办公室24小时值班电话：0776-6800110；县水利局值班电话：0776-6800305。\n"
              "收费投诉举报电话: 12345, 0470-8200520(价格收费管理科)\n"
              "异议受理电话：0370-3200514（信用监督管理股）\n"
              "招标人：某县产业投资有限公司　地址：某县大道1号　联系人：曾某某　电话：0738-8300724\n"
              "招标代理机构：某工程咨询有限公司　地址：某市长青街2号　联系人：彭某某　电话：0738-8200105\n\n"
              "某县发展和改革局\n2025年7月1日\n")
    doc = parse_document(notice, "z.txt")
    assert header_question(question) == "contact"
    start, end = header_span(doc, "contact", question)
    assert doc.text[start:end] == phone


@pytest.mark.parametrize(("question", "phone"), [
    ("对这次调整有疑问，打哪个电话咨询？", "022-29340076"),
    ("对征收中的违规违纪行为，应该打哪个电话举报？", "0527-80820019"),
    ("对本报告有疑问，应该打哪个电话？", "0515-86830061"),
    ("联系电话是多少？", "022-29340032"),
])
def test_a_chinese_question_calls_about_a_purpose_a_line_a_sentence_or_a_table_row_gives_a_phone_for(question, phone):
    from rag.answer.header import header_span

    notice = ("某区关于调整养老金的通知\n\n"
              "如对本报告有疑问，请与某镇党政办公室联系（地址：某路18号；电话：0515-86830061）。\n"
              "政策咨询电话：022-29340076（区社保中心）\n\n| 事项 | 单位 | 电话 |\n|---|---|---|\n"
              "| 政策咨询 | 某县自然资源局 | 0527-80821036 |\n"
              "| 监督举报 | 某县纪委监委派驻纪检监察组 | 0527-80820019 |\n\n"
              "（联系人：养老保险科　刘某某；联系电话：022-29340032）\n\n某区人力资源和社会保障局\n2025年7月3日\n")
    doc = parse_document(notice, "w.md")
    start, end = header_span(doc, "contact", question)
    assert doc.text[start:end] == phone
    assert header_span(doc, "contact", "对这次调整有疑问，找谁？") != header_span(doc, "contact", question)


@pytest.mark.parametrize(("question", "phone"), [
    ("Which number do I call to file a business-environment complaint?", "024-57636890"),
    ("Which number supervises the handling of complaints?", "024-57636812"),
    ("发现火情，县防灭火指挥部办公室的24小时值班电话是多少？", "0894-5423106"),
])
def test_the_line_of_the_word_asked_comes_first_and_a_duty_line_is_a_label(question, phone):
    """A complaint: the 投诉 line, not the 监督 line written first beside it; a supervision: the 监督 line."""
    from rag.answer.header import header_span

    notice = ("某区营商环境投诉处理情况通报\n\n"
              "　　营商环境监督电话：024-57636812；营商环境投诉电话：024-57636890（工作日8:30—17:00）。\n"
              "　　发现火情，应当立即拨打火警电话12119或县防灭火指挥部办公室24小时值班电话0894-5423106报告。\n\n"
              "某区营商环境建设局\n2025年10月9日\n")
    doc = parse_document(notice, "n.txt")
    start, end = header_span(doc, "contact", question)
    assert doc.text[start:end] == phone


@pytest.mark.parametrize("head", [
    "信息索引号　002482096/2024-119472　　　公开方式　主动公开\n组配分类　　公示公告\n\n",
    "索引号：\n11510100MB1C58720L/2024-00412\n发布机构：\n某市科学技术局\n\n",
    "某省水利厅 > 政务公开 > 建议提案办理结果公开\n\n",
])
def test_metadata_without_colons_keys_on_their_own_line_and_breadcrumbs_stay_out_of_the_title(head):
    doc = parse_document(head + "关于某某名单的公示\n\n　　根据有关办法，现将名单予以公示。\n", "g.txt")
    assert doc.header.title == "关于某某名单的公示"


def test_markdown_emphasis_around_the_number_is_not_title():
    text = "# 某厅关于某提案的答复\n\n**某文函〔2024〕96号**\n\n某某委员会：\n\n　　贵会提出的提案收悉。\n"
    h = parse_document(text, "m.md").header
    assert (h.title, h.doc_number) == ("某厅关于某提案的答复", "某文函〔2024〕96号")


# -- which figure ------------------------------------------------------------------------------


def test_old_value_a_few_words_after_you_is_not_the_answer():
    text = "资金池规模已由设立之初的1.2亿元扩大至4.5亿元。"
    spans = [(text.index(f), text.index(f) + len(f)) for f in ("1.2亿元", "4.5亿元")]
    scores = [alignment("资金池目前规模有多大？", text, a, b, None) for a, b in spans]
    assert scores[1] > scores[0]


def test_total_asked_prefers_the_total():
    text = "甲市获得奖补资金1亿元，乙市获得1.4亿元，合计2.4亿元。"
    spans = [(text.index(f), text.index(f) + len(f)) for f in ("1亿元", "2.4亿元")]
    scores = [alignment("两市一共拿到多少奖补资金？", text, a, b, None) for a, b in spans]
    assert scores[1] > scores[0]


def test_condition_stated_in_the_question_picks_its_figure():
    text = "新建连片50亩以上的，每亩奖补800元；连片200亩以上的，每亩奖补1,000元。"
    spans = [(text.index(f), text.index(f) + len(f)) for f in ("800元", "1,000元")]
    scores = [alignment("How much per mu for a new orchard of 200 contiguous mu or more?", text, a, b, None)
              for a, b in spans]
    assert scores[1] > scores[0]


def test_the_condition_a_question_opens_with_picks_its_date():
    from rag.answer.stated import stated_condition

    text = "资金须于2026年3月31日前报送使用情况。对公示内容有异议的，请于8月8日17:30前以书面形式向市科技局反映。"
    question = "对2025年度拟支持名单有异议的，应在什么时间前书面反映？"
    assert stated_condition(question, text, text.index("8月8日"))
    assert not stated_condition(question, text, text.index("2026年"))


def test_two_part_questions_split_at_a_pause_or_a_second_question():
    assert two_parts("一共兑现了多少惠企资金、惠及多少户企业？") == ("一共兑现了多少惠企资金", "惠及多少户企业？")
    assert two_parts("年度目标是多少亿元？完成率是多少？") == ("年度目标是多少亿元", "完成率是多少？")


def test_one_question_word_asking_for_two_measures_is_two_parts():
    from rag.text.asked import expected_kind
    from rag.text.figures import FigureKind

    parts = two_parts("What were the province's rural tourism visitor numbers and revenue in 2023?")
    assert parts == ("What were the province's rural tourism visitor numbers in 2023?",
                     "what were the revenue in 2023?")
    assert [expected_kind(p) for p in parts] == [FigureKind.COUNT, FigureKind.MONEY]
    # What follows the second measure is of both: the residential plot's starting price, not the listing's total.
    parts = two_parts("What are the starting price and the bid deposit for the residential plot in the sixth listing?")
    assert parts == ("What are the starting price for the residential plot in the sixth listing?",
                     "what are the bid deposit for the residential plot in the sixth listing?")
    # …unless they qualify the second alone (per square metre, the share of them in it).
    assert two_parts("What are the bid deposit and the starting price per square metre?")[0] == \
        "What are the bid deposit"
    assert [expected_kind(p) for p in parts] == [FigureKind.MONEY, FigureKind.MONEY]
    # …after words that set the scene (Under the adjusted rules, what will the deductible and the rate be for …).
    scene = two_parts("Under the adjusted rules, what will the deductible and the reimbursement rate be for a stay?")
    assert scene == ("Under the adjusted rules, what will the deductible be for a stay?",
                     "what will the reimbursement rate be for a stay?")
    assert two_parts("What is the total number of firms and workers?") is None


@pytest.mark.parametrize(("question", "kind"), [
    ("How much raw tea did the town produce in the spring?", "count"),
    ("How much central funding did the province arrange?", "money"),
    ("In how many counties is the scheme in place?", "count"),
    ("某县2024年地区生产总值的预期增长目标是多少？", "percent"),
    ("What was the city's R&D spending intensity in 2023?", "percent"),
    ("By the end of 2023, what proportion of villages had their wastewater treated?", "percent"),
    ("全程托管每亩小麦节本增收多少元？", "money"),
    ("How high has the county raised the rural minimum living allowance?", "money"),
    ("How many meal services did the subdistrict provide?", "count"),
    ("What subsidy will the city now pay for scrapping an old diesel truck?", "money"),
    ("What per-mu payment will the county give for conservation tillage?", "money"),
    # Who received a grant are counted, not the grant (the table's 受益学生 column, not 膳食补助资金).
    ("思林镇有多少学生享受了营养膳食补助？", "count"),
    ("有多少企业获得了奖励？", "count"),
    ("每人能获得多少补助？", "money"),
    # A score (93.5分), however much the question says of the fund or the spending it scores.
    ("What overall score did the 2024 special fund get in its performance evaluation?", "count"),
    ("What self-evaluation score did the bureau give its 2024 departmental spending?", "count"),
])
def test_expected_kind_of_quantities_rates_and_counts(question, kind):
    from rag.text.asked import expected_kind

    assert expected_kind(question).value == kind


def test_services_are_counted_per_person_and_visit():
    from rag.text.asked_measures import expected_unit

    assert expected_unit("How many meal services did the subdistrict provide?") == "人次"
    assert expected_unit("How many meals were delivered to older residents' homes?") == "人次"


def test_which_ones_asks_for_items_not_a_count():
    from rag.text.asked import expected_kind
    from rag.text.asked_measures import expected_unit

    assert expected_kind("科技活动周由哪几个部门联合主办？") is None and expected_unit("哪几项措施？") is None
    assert expected_kind("有几个部门参与？").value == "count"


# -- flattened tables -------------------------------------------------------------------------


def test_a_named_row_answers_with_the_cell_of_the_named_column():
    from rag.answer.tables import row_cell

    text = ("附件\n市别\t新建项目\t续建项目\t补助资金\n甲江市\t1\t2\t3600\n乙山市\t2\t3\t6400\n\n"
            "指标名称        年度目标    完成值     完成率\n技术合同成交额（亿元）   1700     1802.6    106.0%\n")
    assert [c.text for c in row_cell("补助资金中乙山市分到多少万元？", text)] == ["6400"]
    assert [c.text for c in row_cell("技术合同成交额的年度目标是多少亿元？完成率是多少？", text, asks=2)] == [
        "1700", "106.0%"]
    assert row_cell("丙河市分到多少？", text) == []
    cell = row_cell("乙山市有多少个新建项目？", text)[0]
    assert text[cell.start : cell.end] == "2"
    # No column named: what was achieved, not the target before it, unless the question asks for the target.
    assert [c.text for c in row_cell("技术合同成交额达到多少亿元？", text)] == ["1802.6"]
    assert [c.text for c in row_cell("What was the target for 技术合同成交额?", text)] == ["1700"]
    # One unit for the whole table makes every column money, not only the one whose name says so (总投资).
    plan = ("表1　重点项目投资安排（单位：万元）\n项目类别\t总投资\t2025年\t2026年\n"
            "站点和游客中心\t12400\t4200\t5000\n")
    assert [c.text for c in row_cell("站点和游客中心项目2026年计划投资多少万元？", plan, money=True)] == ["5000"]
    # A column the question writes whole outranks a neighbour in the unit asked (渔船 counts in 艘).
    ships = ("表1　各市渔船情况（渔船单位：艘；资金单位：万元）\n设区市\t海洋渔船\t新安装智能终端\t补助资金\n"
             "甲州市\t4912\t1486\t6380\n")
    assert [c.text for c in row_cell("甲州市新安装智能终端的渔船有多少艘？", ships, unit="艘")] == ["1486"]
    assert [c.text for c in row_cell("甲州市海洋渔船有多少艘？", ships, unit="艘")] == ["4912"]
    # The row's name may stand in a later column; an English question names the column by its bridged terms.
    listing = "序号\t街道\t小区名称\t建成年份\t户数（户）\n1\t甲街道\t乙厂三村\t1986\t834\n2\t丙街道\t丁村\t1990\t376\n"
    asked = "How many households does the 乙厂三村 estate have? 户数 小区"
    assert [c.text for c in row_cell(asked, listing)] == ["834"]
    # A leading 序号 is no value, and a place row is named without its suffix (临沂 for 临沂市).
    names = "序号\t市别\t县\t产业园名称\n8\t甲沂市\t乙陵县\t蔬菜产业园\n"
    assert row_cell("How much did 甲沂 receive? 资金", names) == []
    money = "市别\t新创建\t续建\t补助资金（万元）\n甲沂市\t2\t2\t5600\n"
    assert [c.text for c in row_cell("How much did 甲沂 receive? 补助资金", money)] == ["5600"]


def test_markdown_tables_units_in_headings_and_tables_over_several_passages():
    from rag.answer.table_lines import table_block
    from rag.answer.tables import row_cell

    md = ("| 社区 | 新建站点（个） | 服务户数（户） |\n| --- | :---: | ---: |\n| 甲湖社区 | 3 | 512 |\n"
          "| 乙桥社区 | 2 | 287 |\n| 合计 | 5 | 799 |\n")
    # The pipes split the cells, the rule line is no row, and 多少户 names the column whose unit note is 户.
    assert [c.text for c in row_cell("乙桥社区的站点服务多少户？", md, unit="户")] == ["287"]
    assert [c.text for c in row_cell("How many households does 乙桥社区 serve?", md, unit="户")] == ["287"]
    # A row in another passage of the same table is found through the whole table's span.
    text = ("今年各镇完成情况如下：\n镇别　　里程（公里）　　投资（万元）\n甲镇　　12.5　　900\n乙镇　　8.1　　640\n"
            "\n下一步……")
    lo = text.index("甲镇")
    start, end = table_block(text, lo, lo + 4)
    assert text[start:end].startswith("镇别") and text[start:end].endswith("640")
    assert [c.text for c in row_cell("乙镇新建多少公里？", text, start, end, unit="公里")] == ["8.1"]
    # A question about a target is not answered by a table of what was achieved.
    assert row_cell("乙镇今年的目标是多少公里？", text, start, end) == []


def test_cap_asked_prefers_the_capped_figure():
    text = "对主导制定地方标准的，每项资助20万元。同一单位年度获得的资助总额不超过100万元。"
    spans = [(text.index(f), text.index(f) + len(f)) for f in ("20万元", "100万元")]
    scores = [alignment("What is the most one organisation can receive in a year?", text, a, b, None)
              for a, b in spans]
    assert scores[1] > scores[0]


def test_a_number_the_question_states_is_a_condition_not_the_answer():
    from rag.answer.stated import stated_in_question

    assert stated_in_question("For a cold store of at least 500 tonnes, what share is subsidised?", "500吨以上")
    assert not stated_in_question("For a cold store of at least 500 tonnes, what share is subsidised?", "30%")
    assert not stated_in_question("2023年投入多少资金？", "2023年")


@pytest.mark.parametrize(("question", "kind"), [
    ("When can companies apply for the city's 2024 development fund?", "date"),
    ("How much per mu is paid for a new standard orchard?", "money"),
    ("Once the award fund notice passes without objection, by when must the money be paid out?", "date"),
])
def test_when_questions_ask_for_dates_and_paid_amounts_are_money(question, kind):
    from rag.text.asked import expected_kind

    assert expected_kind(question).value == kind


def test_a_rate_keeps_its_bound():
    from rag.answer.span import bounded_end
    from rag.text.figures import find_figures

    text = "覆盖率达到50%以上，增长6%左右，投入3亿元以上。"
    assert [text[f.start : bounded_end(text, f)] for f in find_figures(text)] == ["达到50%以上", "6%左右", "3亿元以上"]


def test_measure_words_of_the_same_things_agree():
    from rag.text.asked import expected_kind
    from rag.text.figures import same_measure

    assert same_measure("家", "3590户") and same_measure("人", "596名") and same_measure("个", "30项")
    assert not same_measure("家", "50 项以上") and not same_measure("人", "12家")
    assert same_measure("家", "1500万元")  # an amount has no measure word to disagree with
    assert expected_kind("2023年全省研发经费投入强度是多少？").value == "percent"


def test_the_counted_noun_comes_before_of():
    from rag.text.asked_measures import expected_unit

    assert expected_unit("How many technical needs of companies were solved?") is None
    assert expected_unit("How many tech companies received loans?") == "家"
    assert expected_unit("In how many counties and districts is the scheme in place?") == "个"


def test_a_measure_word_after_how_many_is_not_a_place():
    from rag.text.lexical import places

    assert "台套" not in places("如今平台纳入了多少台套仪器？")
    assert places("兰考县2023年地区生产总值是多少？") == ["兰考县"]


def test_a_period_asked_about_also_searches_its_time():
    from rag.text.lexical import question_tokens

    assert "时间" in question_tokens("拟资助项目的公示期到哪一天截止？")
    assert "时间" not in question_tokens("公示期间有异议怎么办？")


def test_running_total_asked_prefers_the_cumulative_figure():
    text = "举办第九期培训班，共148人参加培训，141人通过考试获得证书，目前已累积培训1750人。"
    spans = [(text.index(f), text.index(f) + len(f)) for f in ("共148人", "1750人")]
    scores = [alignment("到目前为止一共培训过多少人？", text, a, b, None) for a, b in spans]
    assert scores[1] > scores[0]
    scores = [alignment("How many people have been trained so far?", text, a, b, None) for a, b in spans]
    assert scores[1] > scores[0]


def test_floor_asked_prefers_the_figure_after_not_less_than():
    text = "由原来的30%前补助和70%后补助优化为立项当年拨付不少于专项资金资助额度的50%。"
    spans = [(text.index(f), text.index(f) + len(f)) for f in ("70%", "50%")]
    scores = [alignment("What minimum share of the grant is paid in the first year?", text, a, b, None)
              for a, b in spans]
    assert scores[1] > scores[0]
    # "at least 200" states a condition, not a floor asked for.
    scores = [alignment("How much for farms of at least 200 mu?", text, a, b, None) for a, b in spans]
    assert scores[1] == scores[0]


def test_target_asked_prefers_the_figure_set_as_a_target():
    text = "高新技术企业达到13,218家。2024年力争高新技术企业突破14,500家。"
    spans = [(text.index(f), text.index(f) + len(f)) for f in ("13,218家", "14,500家")]
    scores = [alignment("What target has the city set for high-tech enterprises?", text, a, b, None)
              for a, b in spans]
    assert scores[1] > scores[0]
    # A question about the present wants the figure achieved, not the target (rag.answer.qualifiers._NOW_ASKED).
    scores = [alignment("高新技术企业目前有多少家？", text, a, b, None) for a, b in spans]
    assert scores[0] > scores[1]
    scores = [alignment("高新技术企业有多少家？", text, a, b, None) for a, b in spans]
    assert scores[1] == scores[0]


def test_english_ordinals_pick_the_batch_they_name():
    from rag.answer.sides import ordinal_match

    text = "首批赋予10家试点单位，试点单位扩大到41家，第二批安排资金1亿元。"
    first, second = text.index("10家"), text.index("1亿元")
    assert ordinal_match("How many pilot institutions were first allowed to take part?", text, first) == 0.5
    assert ordinal_match("How much did the second batch receive?", text, second) == 0.5
    assert ordinal_match("How much did the third round receive?", text, second) == -0.5
    # The first half (of a year) is a period, not a batch.
    assert ordinal_match("What was spent in the first half of 2024?", text, second) == 0.0


def test_instruments_are_counted_in_sets_and_a_compound_measure_counts_either():
    from rag.text.asked_measures import expected_unit
    from rag.text.figures import find_figures, measure_words, same_measure

    assert expected_unit("How many instruments have been put on the sharing platform?") == "台"
    assert same_measure("台", "2387台/套") and not same_measure("台", "72家")
    assert [measure_words(f) for f in find_figures("已纳入科研仪器2387台/套，注册单位72家，投入8950万元。")] == \
        [("台", "套"), ("家",), ()]


def test_a_year_heading_its_sentence_covers_the_clauses_after_it():
    text = "2017年我厅共安排科技小巨人企业研发费补贴资金4840万，带动企业研发投入6.4亿元。"
    spans = [(text.index(f), text.index(f) + len(f)) for f in ("4840万", "6.4亿元")]
    scores = [alignment("How much R&D spending did the 2017 subsidies leverage?", text, a, b, None) for a, b in spans]
    assert scores[0] == scores[1] == 0.5


def test_a_metadata_block_written_as_a_table_of_cells_is_no_content():
    assert is_non_content("索引号 | 014000211/2024-00319 | 主题分类 | 商贸流通")
    assert is_non_content("发布机构 | 某省商务厅 | 成文日期 | 2024年04月03日")
    assert is_non_content("| 文号 | 某商规〔2024〕2号 |")
    assert not is_non_content("市别 | 新创建产业园 | 补助资金")  # a table's heading row
    assert not is_non_content("时间 | 事项 | 地点")


def test_a_figure_marked_per_the_unit_asked_is_the_rate_asked_for():
    text = "对挖除病树的，每株补助15元；对开展统防统治的果园，每亩补助40元。"
    spans = {f: (text.index(f), text.index(f) + len(f)) for f in ("15元", "40元")}
    for question, right, wrong in (("How much is paid for each tree removed?", "15元", "40元"),
                                   ("统防统治每亩补助多少？", "40元", "15元")):
        assert alignment(question, text, *spans[right], None) > alignment(question, text, *spans[wrong], None)


def test_a_rate_per_qualified_noun_and_per_year_meets_the_marks_it_asks_for():
    from rag.answer.per_unit import per_unit_match

    question = "What is the annual operating subsidy per rural passenger vehicle now?"
    assert per_unit_match(question, "每车每年运营补贴由", "万元") == 0.5
    assert per_unit_match(question, "每辆一次性奖补", "万元") == 0.25  # per vehicle, but not per year
    assert per_unit_match(question, "每亩补助", "元") == -0.5
    # GDP asked: a figure per head of it (人均地区生产总值) is another indicator.
    assert per_unit_match("What was Haidong's GDP in 2024?", "人均地区生产总值", "元，") == -0.5
    assert per_unit_match("What was Haidong's GDP in 2024?", "全年地区生产总值", "亿元") == 0.0
    # Each machine is counted 台: 每台补助…2万元, not the cap per resort (单个滑雪场年度补助最高200万元).
    machine = "How much subsidy does a ski resort now get for each new snowmaking machine it buys?"
    assert per_unit_match(machine, "每台补助标准由1.5万元提高到", "，单个") == 0.5
    assert per_unit_match(machine, "单个滑雪场年度补助最高", "；") == -0.5
    # "set up" is a verb: each enterprise set up is counted 家, not 套.
    set_up = "What is the award for each enterprise set up in the zone?"
    assert per_unit_match(set_up, "对新设立的企业每家奖励", "万元") > 0


def test_a_per_head_rate_marked_per_the_unit_asked_is_no_near_miss():
    text = "100周岁及以上老人每人每月由600元提高到800元。按新标准测算，全年需要资金约1,866万元。"
    question = "How much is the monthly longevity allowance for residents aged 100 and over?"
    new, total = text.index("800元"), text.index("约1,866万元")
    assert alignment(question, text, new, new + 4, None) > alignment(question, text, total, total + 9, None)


def test_a_rate_per_thousand_people_is_asked_by_its_number():
    from rag.answer.per_unit import per_unit_match

    question = "How many hospital beds per 1,000 residents did the city have?"
    assert per_unit_match(question, "每千人口医疗卫生机构床位", "张") == 0.5
    assert per_unit_match("How many general practitioners per 10,000 people?", "每万人口全科医生", "人") == 0.5
    assert per_unit_match(question, "每万人口全科医生", "人") == -0.5


def test_the_old_value_in_a_clause_after_the_figure_names_no_year_of_it():
    from rag.answer.document_years import year_mismatch

    summary = {"title": "2024年卫生健康事业发展统计公报", "date": "2025-04-10"}
    assert year_mismatch({"2024"}, "每千人口医疗卫生机构床位6.12张，上年为5.86张。", "", (), summary) is None
    assert year_mismatch({"2024"}, "上年每千人口医疗卫生机构床位5.86张。", "", (), summary) == "2024"


def test_you_opens_an_old_value_only_when_a_change_follows():
    from rag.answer.changes import old_value

    text = "我局组建了由36名专家组成的指导组，服务站由12个增加到20个。"
    assert not old_value("指导组有多少名专家？", text, text.index("36名"), text.index("36名") + 3)
    assert old_value("服务站有多少个？", text, text.index("12个"), text.index("12个") + 3)


def test_an_encouraged_higher_level_does_not_replace_the_rule():
    from rag.answer.changes import superseded

    text = "首付比例原则上不低于20%，鼓励有条件的地区提高至30%。"
    assert not superseded(text, text.index("20%") + 3)
    assert superseded("补助比例由20%提高至30%。", len("补助比例由20%"))


def test_a_named_place_asks_for_its_whole_not_for_its_governments_share():
    from rag.answer.levels import place_levels, question_levels

    assert question_levels("How much did Luonan county invest?") == set()
    assert place_levels("How much did Luonan county invest?") == {"county"}
    assert question_levels("How much did the county-level finance provide?") == {"county"}
    sentence = "完成投资3,960万元，其中省级补助2,150万元、县级财政配套1,810万元；全县种植面积39.6万亩。"
    question = "How much did Luonan county invest?"
    share = alignment(question, sentence, sentence.index("1,810"), sentence.index("1,810") + 7, 2024)
    whole = alignment(question, sentence, sentence.index("39.6"), sentence.index("39.6") + 6, 2024)
    assert whole > share


def test_one_how_many_of_two_things_counted_with_two_measure_words_is_two_parts():
    assert two_parts("How many households and people were lifted out of poverty?") == (
        "How many households were lifted out of poverty?", "How many people were lifted out of poverty?")
    assert two_parts("How many teachers and students took part?") is None  # both counted with 人: one count


def test_an_average_is_asked_of_the_figure_marked_as_one():
    sentence = "全省共配备专职应急工作人员6,870人、兼职人员1.42万人，平均每个乡镇（街道）配备专职人员3.05人。"
    question = "平均每个乡镇配备了多少名专职应急工作人员？"
    total, mean = (alignment(question, sentence, sentence.index(x), sentence.index(x) + len(x), 2024)
                   for x in ("6,870人", "3.05人"))
    assert mean > total
    changed = "改造周期由平均6个月缩短到2.5个月，企业投入由60万元下降到28万元。"
    new = alignment("平均周期缩短到了多长时间？", changed, changed.index("2.5个月"), changed.index("2.5个月") + 5, 2024)
    cost = alignment("平均周期缩短到了多长时间？", changed, changed.index("28万元"), changed.index("28万元") + 4, 2024)
    assert new > cost


def test_a_changes_new_value_is_marked_where_its_old_value_is():
    sentence = "补助比例由10%提高到15%，单个项目最高补助由200万元提高到300万元。"
    question = "单个项目最高补助多少？"
    new, rate = (alignment(question, sentence, sentence.index(x), sentence.index(x) + len(x), 2024)
                 for x in ("300万元", "15%"))
    assert new > rate


def test_a_thousands_separator_does_not_end_a_clause():
    from rag.answer.span import clause_sides
    from rag.text.figures import find_figures

    sentence = "城市低保标准由每人每月780元提高到820元，农村低保标准由每人每年6,240元提高到6,600元。"
    new = next(f for f in find_figures(sentence) if f.text == "6,600元")
    assert clause_sides(sentence, new)[0] == "农村低保标准由每人每年6,240元提高到"
    ascii_text = "补贴由每人1,000元提高到1,200元,取得中级工证书的,由每人1,500元提高到1,800元."
    rate = next(f for f in find_figures(ascii_text) if f.text == "1,800元")
    assert clause_sides(ascii_text, rate)[0] == "取得中级工证书的,由每人1,500元提高到"  # with its 的-clause


def test_a_changes_new_value_is_per_head_where_its_old_value_is():
    sentence = "取得中级工证书的,由每人1,500元提高到1,800元;对企业的奖励为2万元."
    question = "取得中级工证书的培训补贴现在是每人多少钱？"
    new, other = (alignment(question, sentence, sentence.index(x), sentence.index(x) + len(x), 2024)
                  for x in ("1,800元", "2万元"))
    assert new > other


def test_one_measure_of_two_kinds_is_two_parts_and_incomes_are_money():
    from rag.text.asked import expected_kind
    from rag.text.figures import FigureKind

    question = "What were the per capita disposable incomes of urban and of rural residents in 2024?"
    assert two_parts(question) == ("What were the per capita disposable incomes of urban residents in 2024?",
                                   "What were the per capita disposable incomes of rural residents in 2024?")
    assert expected_kind(question) == FigureKind.MONEY


def test_a_part_named_after_a_full_stop_and_its_qizhong_is_asked():
    from rag.answer.asked_parts import unasked_part
    from rag.answer.labels import pairs
    from rag.text.figures import find_figures

    sentence = "全年进出口总额1,602.4亿元，比上年增长7.6%。其中，出口1,318.5亿元，增长9.2%。"
    export = next(f for f in find_figures(sentence) if f.text == "1,318.5亿元")
    assert not unasked_part(pairs("2024年出口额是多少？"), "2024年出口额是多少？", sentence, export)


def test_what_subsidy_someone_receives_asks_for_money():
    from rag.text.asked import expected_kind
    from rag.text.figures import FigureKind

    question = "Under the county's notice, what winter heating subsidy do rural low-income households receive?"
    assert expected_kind(question) == FigureKind.MONEY
    assert expected_kind("What allowance conditions apply to rural households?") is None
    assert expected_kind("What is the inpatient deductible at a county hospital?") == FigureKind.MONEY


def test_loans_cases_and_lamps_are_counted_not_money():
    from rag.text.asked_measures import expected_unit
    from rag.text.figures import FigureKind, find_figures

    found = [(f.text, f.kind) for f in find_figures("共发放贷款4,217笔、10.83亿元，新增病例12例，受理3.5万宗。")]
    assert found == [("4,217笔", FigureKind.COUNT), ("10.83亿元", FigureKind.MONEY), ("12例", FigureKind.COUNT),
                     ("3.5万宗", FigureKind.COUNT)]
    assert expected_unit("去年发放了多少笔创业担保贷款？") == "笔"


def test_a_sum_does_not_answer_a_rate_per_unit():
    from rag.answer.per_unit import total_for_rate

    question = "What is the residential heating price per square metre for the coming season?"
    assert total_for_rate(question, "今年全市计划改造老旧供热管网720公里，计划总投资", "亿元，优")
    assert not total_for_rate(question, "居民供热价格每平方米", "元，")  # the rate itself
    assert not total_for_rate("How much is invested in the heating network?", "计划总投资", "亿元，优")
    assert not total_for_rate("What is the annual subsidy?", "安排补贴资金", "万元")  # per year: no unit of a thing
    # The most a single business can get: a cap on one business's total is per business.
    single = "What's the most a single farm business can receive in one year?"
    assert not total_for_rate(single, "第五条 同一经营主体年度奖补总额不超过", "万元, 且")
    assert total_for_rate(single, "县财政统筹安排奖补资金", "万元.")


def test_a_standard_that_starts_in_the_second_half_is_no_half_year_figure():
    from rag.answer.qualifiers import figure_year_mismatch

    text = "从今年下半年起，市级对山区乡镇、平原乡镇的补助标准分别由每公里每年3,000元、2,000元提高到4,000元和2,500元。"
    question = "What annual per-kilometre subsidy does the city now give plain-area townships?"
    assert not figure_year_mismatch(question, text, text.index("2,500元"), 2025)
    half = "今年上半年，全市完成投资28.64亿元。"
    assert figure_year_mismatch("How much was invested in 2025 as a whole?", half, half.index("28.64"), 2025)


def test_a_subsidy_per_unit_that_an_issuer_gives_asks_money():
    from rag.text.asked import expected_kind

    assert expected_kind("What annual rent subsidy per mu does the city give institutions that rent farmland?"
                         ).value == "money"
    assert expected_kind("What subsidies does the county offer?") is None


def test_a_hyphenated_word_before_what_is_counted_keeps_its_measure_word():
    from rag.text.asked_measures import expected_unit

    assert expected_unit("How many fruit-growing households in the county were covered by insurance?") == "户"
    assert expected_unit("How many state-owned companies took part?") == "家"


def test_what_and_the_noun_it_asks_for_start_a_part_of_a_two_part_question():
    question = ("From 2025, what annual operating subsidy does the city give a county-level market and what does it "
                "give a township station?")
    assert two_parts(question) == ("From 2025, what annual operating subsidy does the city give a county-level market",
                                   "what does it give a township station?")
    assert two_parts("What subsidy does the city give to family farms?") is None


def test_a_rate_per_unit_does_not_answer_a_sum_paid_out():
    from rag.answer.per_unit import rate_for_total

    assert rate_for_total("天津市2023年实际发放了多少标准化资助资金？", "主导制定团体标准的，每项资助", "万元；")
    assert not rate_for_total("主导制定团体标准的每项资助多少？", "主导制定团体标准的，每项资助", "万元；")
    assert not rate_for_total("How much was paid out in total?", "全年共发放补贴资金", "万元，惠")
    assert not rate_for_total("How much was paid out in total each year?", "每年发放", "万元，")
    question = "How much did the county pay out per household in total?"
    assert not rate_for_total(question, "每户补助", "元。")


def test_water_that_names_what_money_is_for_asks_money_not_a_volume():
    from rag.text.asked import expected_kind
    from rag.text.asked_measures import expected_unit
    from rag.text.figures import FigureKind

    assert expected_kind("How much water does the reserve let into its wetlands?") == FigureKind.COUNT
    assert expected_unit("How much water does the reserve let into its wetlands?") == "立方米"
    for question in ("How much water conservancy investment did the city complete?",
                     "How much water-saving reward money did the region allocate?"):
        assert expected_kind(question) == FigureKind.MONEY and expected_unit(question) is None


def test_a_band_below_a_number_is_not_the_condition_of_a_range_that_starts_there():
    from rag.answer.stated import stated_condition

    text = "对日均就餐30人次至49人次的食堂，每月补贴2,000元；日均就餐不足30人次的，仍按每月800元给予补贴。"
    assert not stated_condition("What does a canteen serving 30 to 49 meals a day get monthly?", text,
                                text.index("800元"))
    assert stated_condition("What does a canteen serving fewer than 30 meals a day get?", text, text.index("800元"))


@pytest.mark.parametrize(("question", "kind"), [
    ("From 2025, what reward does the city give for each newly completed tunnelling face?", "money"),
    ("What reward does a travel agency now get per overnight visitor?", "money"),
    ("What yearly maintenance subsidy per tonne of capacity does the county now pay?", "money"),
    ("What is the new maximum R&D input post-subsidy that a single company can receive?", "money"),
    ("What was the combined winning bid across all four lots?", "money"),
    ("In what year was the park opened?", "date"),
])
def test_rewards_bids_and_hyphenated_subsidies_ask_money_and_yearly_is_no_year(question, kind):
    from rag.text.asked import expected_kind

    assert expected_kind(question) == kind


def test_forest_chiefs_are_counted_in_people():
    from rag.text.asked_measures import expected_unit

    assert expected_unit("How many village-level forest chiefs did the city have?") == "人"


def test_a_question_about_a_work_reports_content_is_no_question_about_its_signer():
    from rag.answer.header import header_question

    assert header_question("谁作的政府工作报告？") == "signer"
    assert header_question("县长在大会上作报告了吗？由谁签发？") == "signer"
    assert header_question("隆回县2024年防汛抗旱工作报告中，司门前镇的直接经济损失是多少亿元？") is None
    assert header_question("安吉县政府工作报告所称竹林碳汇收储是指由谁统一收储什么？") is None


@pytest.mark.parametrize("question", ["村道专职养护员的劳务报酬是每月多少？", "党组织书记基本报酬提高到每人每年多少？",
                                      "课后服务每生每学期收费上限是多少？", "高龄津贴两档标准各提高到每月多少？"])
def test_pay_fees_and_allowances_ask_money(question):
    from rag.text.asked import expected_kind

    assert expected_kind(question) == "money"


def test_two_items_of_one_measure_asked_respectively_are_two_parts():
    assert two_parts("2024年城镇居民和农村居民人均可支配收入分别是多少？") == \
        ("2024年城镇居民人均可支配收入分别是多少？", "2024年农村居民人均可支配收入分别是多少？")
    assert two_parts("小麦和玉米亩均节本增效分别是多少？") == \
        ("小麦亩均节本增效分别是多少？", "玉米亩均节本增效分别是多少？")
    assert two_parts("2024年城镇居民人均可支配收入是多少？") is None


def test_one_measure_asked_for_two_years_is_a_part_for_each_year():
    assert two_parts("What were the town's toilet coverage rates at the end of 2023 and at the end of 2024?") == (
        "What were the town's toilet coverage rates at the end of 2023?",
        "What were the town's toilet coverage rates at the end of 2024?")
    assert two_parts("How many tourists came in 2023 and 2024?") == ("How many tourists came in 2023?",
                                                                    "How many tourists came in 2024?")
    assert two_parts("2023年底和2024年底全镇卫生厕所普及率分别是多少？") == (
        "2023年底全镇卫生厕所普及率分别是多少？", "2024年底全镇卫生厕所普及率分别是多少？")
    assert two_parts("2024年全镇卫生厕所普及率是多少？") is None


def test_a_project_number_is_the_value_after_its_label_not_the_agencys_number():
    from rag.answer.codes import asked_label, labelled_value

    assert asked_label("What's the project number of the city's 2025 smart classroom tender?") == "项目编号"
    assert asked_label("这次采购的项目编号是多少？") == "项目编号"
    assert asked_label("How many projects were numbered among the winners?") is None
    line = "（一）项目编号：PZHWJ-2025-ZC-036（代理机构项目编号：PXZX-2025-0412）"
    start, end = labelled_value("项目编号", line)
    assert line[start:end] == "PZHWJ-2025-ZC-036"
    agency_only = "代理机构项目编号：PXZX-2025-0412"
    assert labelled_value("项目编号", agency_only) is None


def test_minutes_name_who_chaired_in_their_first_sentence():
    from rag.answer.header import header_question, header_span

    minutes = ("某市人民政府常务会议纪要\n\n    9月13日上午, 市长李某华主持召开市人民政府常务会议, 研究有关事项."
               " 现将会议议定事项纪要如下:\n\n一, 关于产业工作\n\n    会议同意安排补助资金380万元.\n")
    doc = parse_document(minutes, "m.txt")
    question = "Who chaired the executive meeting?"
    assert header_question(question) == "host"
    start, end = header_span(doc, "host", question)
    assert doc.text[start:end] == "李某华"


def test_two_items_before_fenbie_are_parted_by_the_length_of_the_second_and_a_count_noun_names_its_measure():
    """每户宅基地面积和层数的上限分别是多少: the items are 面积 and 层数 (the words before 和 run on without a pause);
    层数, 户数, 人数 … 是多少 count in 层, 户, 人."""
    from rag.text.asked_measures import expected_unit

    question = "某村庄规划对新建农房每户宅基地面积和层数的上限分别是多少？"
    assert two_parts(question) == ("某村庄规划对新建农房每户宅基地面积的上限分别是多少？",
                                   "某村庄规划对新建农房每户宅基地层数的上限分别是多少？")
    assert two_parts("城镇和农村居民人均可支配收入分别是多少？") == ("城镇居民人均可支配收入分别是多少？",
                                                           "农村居民人均可支配收入分别是多少？")
    assert [expected_unit(q) for q in ("受益户数是多少？", "宅基地层数的上限分别是多少？", "参保人数有多少？",
                                       "项目数量是多少？")] == ["户", "层", "人", None]


def test_a_pinyin_name_is_a_place_when_a_level_follows_it():
    from rag.search.names import written_as_place
    from rag.text.romanise import pinyin_names, spellable

    assert written_as_place("How many accidents were there in Pengdianzi town in 2024?", "pengdianzi")
    assert written_as_place("What was Jiaxinglu Subdistrict's revenue?", "jiaxinglu")
    assert not written_as_place("Who signed the reply to deputy Liu Xiaoyan?", "liuxiaoyan")
    # One syllable spells no name of two characters (the Xijiang Miao Village).
    assert written_as_place("How many accidents were there in Peng Dianzi town?", "pengdianzi")  # in words
    # Two to four syllables, as a name of two to four characters is spelled: not the Miao of the Xijiang Miao
    # Village, nor a Mongolian banner's name of five or more (东乌珠穆沁).
    assert spellable("pengdianzi") and not spellable("miao") and not spellable("dongwuzhumuqin")
    assert pinyin_names("Grazing ban subsidy for Narenbaolage Sumu?") == ["narenbaolage"]  # 苏木 is a level


def test_a_staffing_ratio_is_no_count_of_the_whole():
    from rag.answer.per_unit import ratio_count

    question = "How many dormitory life teachers will the boarding schools have once the autumn term starts?"
    assert ratio_count(question, "按照每80名寄宿生配备")
    assert not ratio_count(question, "将全区生活教师由52名增加到")
    # A question that asks the ratio itself is answered by it.
    assert not ratio_count("每多少名寄宿生配备1名生活教师？", "按照每80名寄宿生配备")
    assert not ratio_count("How many life teachers per 80 boarders?", "按照每80名寄宿生配备")


def test_a_two_year_period_asked_is_met_only_by_its_own_period():
    """2024-2025学年 is one school year: a notice of the 2025-2026学年 does not answer it; 2024—25, 2024年至2025年 are
    the same period; a five-year plan's 2021-2025 is no such period."""
    from rag.answer.constraints import period_mismatch

    notice = "秀洲区2025-2026学年中小学校食堂大宗食材集中采购项目中标结果公告 中标金额2,755.1万元。"
    assert period_mismatch("秀洲区2024-2025学年中标金额是多少？", notice) == "2024-2025"
    assert period_mismatch("秀洲区2025—26学年中标金额是多少？", notice) is None
    assert period_mismatch("What was invested in the 2024年至2025年 season?", "2024-2025年度冬春农田水利") is None
    assert period_mismatch("How much did it invest during the 2023-2024 season?", "2024-2025年度冬春农田水利") == \
        "2023-2024"
    assert period_mismatch("2024-2025学年参与率是多少？", "本学期参与率92.4%") is None  # nothing says which year
    assert period_mismatch("2021-2025年规划的目标是多少？", "2026-2030年规划") is None  # no two-year period asked


def test_a_place_in_a_ranking_is_the_ordinal_after_the_ranking_verb():
    """排第几 asks for 第7位 of 在全区29个街镇中排名第7位, not the 第11位 it is compared with; a question that asks no
    place gets none."""
    from types import SimpleNamespace

    from rag.answer.positions import asks_position, stated_position

    assert asks_position("综合得分在海淀区排第几？") and asks_position("What rank did the subdistrict get?")
    assert asks_position("Where did Qinghe subdistrict rank in the district?")
    assert not asks_position("综合得分是多少？") and not asks_position("Which community ranked first?")
    text = "综合得分93.42分，在全区29个街镇中排名第7位，比上季度的第11位前移4位。"
    other = "从诉求类型看，物业管理类诉求最多。"
    sentences = [SimpleNamespace(text=other, score=0.9, rank=0, start=0),
                 SimpleNamespace(text=text, score=0.8, rank=1, start=50)]
    said, start, end = stated_position(sentences)
    assert said.text == text and text[start:end] == "第7位"
    assert stated_position(sentences[:1]) is None


def test_a_report_on_the_final_accounts_given_in_the_summer_after_speaks_from_its_date():
    """关于某县2024年财政决算的报告, given to the congress in August 2025, says 去年 of 2024; a department's own
    决算 and a report given before April speak from the year they report on."""
    report = {"title": "关于某某县2024年财政决算的报告", "date": "2025-08-26"}
    assert document_year(report) == 2025
    assert document_year({**report, "date": "2025-03-10"}) == 2024
    assert document_year({"title": "某某局2024年度部门决算", "date": "2025-08-26"}) == 2024
    assert document_year({"title": "某某县2024年工作总结", "date": "2025-01-05"}) == 2024


def test_a_question_with_questions_calls_the_enquiry_line_and_a_count_by_phone_is_no_contact():
    """What number should I call with questions: 咨询电话, not the supervision line below it; within how many minutes
    must it be reported by phone (多少分钟内电话报告) asks a count, not a contact."""
    from rag.answer.header import header_question, header_span

    notice = ("某州食品安全监督抽检信息公告\n\n咨询电话：0876-2100264（抽检监测科）\n"
              "监督电话：0876-2100208（机关纪委）\n联系电话：0876-2100200\n")
    doc = parse_document(notice, "f.txt")
    question = "What phone number should I call with questions about the sampling notice?"
    assert header_question(question) == "contact"
    start, end = header_span(doc, "contact", question)
    assert doc.text[start:end] == "0876-2100264"
    assert header_question("Within how many minutes must the subdistrict report a flood by phone?") is None
    assert header_question("险情发生后多少分钟内电话报告？") is None
    assert header_question("街道要在多长时间内电话报告区指挥部？") is None
    assert header_question("联系电话是多少？") == "contact" and header_question("举报电话是多少呢？") == "contact"
    assert header_question("公示期间有异议的，可在几天内拨打哪个电话反映？") == "contact"


def test_who_holds_a_role_is_the_name_on_the_line_that_role_labels():
    """指挥部办公室主任是谁: the name after the label ending with the role asked (its 副主任 is another role); no such
    line, no header answer, so the passages answer; a bare 主任 that labels two lines names no one."""
    from rag.answer.header import header_question, header_span

    plan = parse_document("某街道防汛应急预案\n\n三、组织体系\n\n总指挥：乌某某（办事处主任）\n"
                          "指挥部办公室主任：王某新（街道应急管理办公室主任）　联系电话：0470-8200318\n"
                          "指挥部办公室副主任：李某明（应急办副主任）\n", "p.txt")
    for question, name in [("某街道防汛指挥部办公室主任是谁？", "王某新"), ("总指挥是谁？", "乌某某"),
                           ("指挥部办公室副主任是谁？", "李某明")]:
        assert header_question(question) == "role"
        start, end = header_span(plan, "role", question)
        assert plan.text[start:end] == name
    assert header_span(plan, "role", "主任是谁？") is None
    assert header_span(plan, "role", "项目负责人是谁？") is None


def test_the_contact_named_on_the_line_above_its_phone_is_who_to_contact():
    """联系人：金成浩 / 联系电话：0433-… on two lines: who is the contact is the name above the phone, not the phone."""
    from rag.answer.header import header_span

    notice = ("某区企业环境信用评价结果公示\n\n公示时间为7月1日至7月7日.\n\n联系单位: 某区生态环境办公室\n"
              "联系人: 金某浩\n联系电话: 0433-7516284\n监督电话: 0433-7516210(纪工委)\n")
    doc = parse_document(notice, "h.txt")
    for question in ("评价结果的联系人是谁？", "Who is the contact person for the evaluation results?"):
        start, end = header_span(doc, "contact", question)
        assert doc.text[start:end] == "金某浩"
    start, end = header_span(doc, "contact", "联系电话是多少？")
    assert doc.text[start:end] == "0433-7516284"


def test_a_contact_right_after_an_office_is_the_documents_contact_and_whom_to_contact_asks_for_it():
    from rag.answer.header import header_question, header_span

    lines = ["乡林业和草原服务中心联系人：王某某　　联系电话：0886-3412000", "乡纪委监督电话：0886-3412001"]
    assert sign_off(lines) == (None, "王某某 0886-3412000")
    assert sign_off(["县价格监测中心联系人：李某　联系电话：0875-8120000"]) == (None, "李某 0875-8120000")
    assert sign_off(["各村联系人：见附件"]) == (None, None)
    assert sign_off(["各乡镇便民服务中心联系人：详见附件2。"]) == (None, None)
    assert sign_off(["专班下设综合组。综合组联系人：负责汇总各地排查情况"]) == (None, None)
    assert sign_off(["嘉建函〔2025〕47号　　签发：沈国华　　联系人：陈某某"]) == ("沈国华", "陈某某")
    assert header_question("护林员选聘的事，应该联系乡里的哪位工作人员？") == "contact"
    assert header_question("这个建议是哪位代表提出的？") != "contact"
    assert header_question("挂钩联系石门村的县领导是谁？") != "contact"  # a liaison duty, not whom to contact
    notice = ("某乡关于生态护林员选聘结果的公示\n\n现将选聘结果予以公示。\n\n"
              "乡林业和草原服务中心联系人：王某某　　联系电话：0886-3412000\n\n某乡人民政府\n2025年4月7日\n")
    doc = parse_document(notice, "r.txt")
    start, end = header_span(doc, "contact", "应该联系乡里的哪位工作人员？")
    assert doc.text[start:end] == "王某某"
    # A contact the question names that this document does not write: not this document's contact's phone.
    assert header_span(doc, "contact", "答复里留的联系人赵某某的电话号码是多少？") is None
    start, end = header_span(doc, "contact", "联系人是谁？联系电话是多少？")
    assert doc.text[start:end] == "0886-3412000"
    for question in ("联系人座机号码是多少？", "联系人王老师的电话是多少？"):  # no name the document lacks
        start, end = header_span(doc, "contact", question)
        assert doc.text[start:end] == "0886-3412000"


def test_a_wage_owed_is_money_and_a_forest_rangers_pay_is_no_area():
    from rag.text.asked import expected_kind
    from rag.text.asked_measures import expected_unit
    from rag.text.figures import FigureKind

    assert expected_kind("某建筑劳务有限公司拖欠了农民工多少工资？") == FigureKind.MONEY
    assert expected_kind("多少名农民工被拖欠工资？") == FigureKind.COUNT
    assert expected_kind("有多少农民工被拖欠工资？") == FigureKind.COUNT
    assert expected_kind("用人单位应当在多少日内支付拖欠的工资？") != FigureKind.MONEY
    question = "How much does a forest ranger in the township get paid per year?"
    assert expected_kind(question) == FigureKind.MONEY and expected_unit(question) is None
    assert expected_unit("How much forest land did the county plant?") == "亩"
    assert expected_unit("How much land does the park cover?") == "亩"
    assert expected_unit("How much did the orchard area increase?") == "亩"
    assert expected_kind("How big is the yearly deductible after the change?") == FigureKind.MONEY


def test_a_report_on_part_of_a_year_does_not_speak_of_the_year_before():
    from rag.answer.document_years import year_mismatch

    summary = {"title": "某开发区关于2025年上半年根治拖欠农民工工资工作情况的通报", "date": "2025-07-16"}
    sentence = "上半年，全区共受理欠薪投诉举报案件186件，同比下降21.2%。"
    assert year_mismatch({"2024"}, sentence, "", (), summary) == "2024"
    assert year_mismatch({"2025"}, sentence, "", (), summary) is None
    work_report = {"title": "某县人民政府工作报告", "date": "2025-01-10"}  # early in a year: may review the last one
    assert year_mismatch({"2024"}, "全县新增就业岗位1.2万个。", "", (), work_report) is None
