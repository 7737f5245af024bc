"""Chunk offsets, section paths and token budgets on the real sample corpus."""

from __future__ import annotations

import itertools

import pytest

from rag.chunking import ChunkerSettings, chunk_document, sentence_spans
from rag.config import SAMPLE_CORPUS_DIR
from rag.documents import parse_document
from rag.documents.corpus import read_document
from rag.documents.headings import heading_level
from rag.errors import ConfigurationError
from rag.text.tokens import count_tokens

SETTINGS = ChunkerSettings()


@pytest.fixture(scope="module")
def chunked():
    docs = [read_document(p) for p in sorted(SAMPLE_CORPUS_DIR.glob("*.txt"))]
    return {d.file: (d, chunk_document(d, SETTINGS)) for d in docs}


def _find(chunked, file_name, needle):
    _, chunks = chunked[file_name]
    found = [c for c in chunks if needle in c.text]
    assert found, f"no chunk of {file_name} contains {needle!r}"
    return found[0]


def test_offsets_slice_the_source_text_exactly_for_every_chunk(chunked):
    total = 0
    for doc, chunks in chunked.values():
        assert chunks, doc.file
        for chunk in chunks:
            assert doc.text[chunk.char_start : chunk.char_end] == chunk.text
            assert chunk.doc_id == doc.id and chunk.file == doc.file
            assert chunk.text == chunk.text.strip()
            total += 1
    assert total > 100


def test_chunks_stay_within_the_token_budget_unless_a_sentence_is_longer(chunked):
    for doc, chunks in chunked.values():
        sentences = {(a, b) for a, b in sentence_spans(doc, SETTINGS)}
        for chunk in chunks:
            if count_tokens(chunk.text) > SETTINGS.max_tokens:
                assert (chunk.char_start, chunk.char_end) in sentences, chunk.text


def test_chunk_ids_are_unique_and_stable(chunked):
    ids = [c.id for _, chunks in chunked.values() for c in chunks]
    assert len(ids) == len(set(ids))
    doc, chunks = chunked["000_0bd37d7d743fadf3.txt"]
    assert [c.id for c in chunk_document(doc, SETTINGS)] == [c.id for c in chunks]


def test_header_table_and_signature_lines_are_not_passages(chunked):
    for doc, chunks in chunked.values():
        for chunk in chunks:
            assert chunk.char_start >= doc.body_start and chunk.char_end <= doc.body_end
            assert "索引号" not in chunk.text and "发文字号" not in chunk.text
            assert chunk.text != doc.header.issuer


@pytest.mark.parametrize(
    ("file_name", "needle", "section"),
    [
        ("000_0bd37d7d743fadf3.txt", "近400万元", ("一、关于“加速成果落地”的建议", "（二）主要成效")),
        ("000_0bd37d7d743fadf3.txt", "进一步加大培训宣传力度", ("五、关于“资源整合与共享”的建议", "（三）下步打算")),
        ("001_472a90031f177f14.txt", "高新技术企业数量增长15.36%",
         ("二、关于“推动创新链和产业链深度融合”的建议", "（二）主要成效")),
        ("002_f5f5194419157145.txt", "产业技术创新战略联盟33个", ("一、关于搭建产学研互动平台的建议",)),
        ("002_f5f5194419157145.txt", "科技计划管理信息系统",
         ("关于省科技厅及市县科技主管部门要不断创新工作方式、方法，不断转变工作作风的建议",)),
        ("003_c810537c447ba574.txt", "吉林大学概念验证中心揭牌仪式",
         ("二、关于“加快概念验证中心建设，促进科研人员踏出科技成果转化的‘关键一步’”的建议。",)),
        ("003_c810537c447ba574.txt", "国家地方联合、省级工程研究中心",
         ("四、关于“围绕新材料、新能源、生物医药等产业，加快中试平台建设的建议。”",)),
        ("004_1e45e1e7745dc780.txt", "国家级创新型县市 2 个",
         ("一、关于完善创新政策配置，构建科技资源适配体系的建议",)),
        ("004_1e45e1e7745dc780.txt", "集聚科研人员 1000 余人",
         ("三、关于推进产业技术创新，全面搭建技术创新服务平台的建议",)),
    ],
)
def test_section_path_of_known_paragraphs(chunked, file_name, needle, section):
    assert _find(chunked, file_name, needle).section == section


def test_opening_paragraph_has_no_section(chunked):
    chunk = _find(chunked, "000_0bd37d7d743fadf3.txt", "现答复如下")
    assert chunk.section == ()


def test_paragraph_broken_mid_sentence_is_joined(chunked):
    # 004 has "…奠定了政策\n\n基础。截至目前…": one sentence split over two lines.
    chunk = _find(chunked, "004_1e45e1e7745dc780.txt", "奠定了政策")
    assert "基础。" in chunk.text


def test_embedding_text_carries_title_and_section(chunked):
    chunk = _find(chunked, "000_0bd37d7d743fadf3.txt", "近400万元")
    embedded = chunk.embedding_text()
    assert embedded.startswith("对省政协十三届二次会议第2024W298号委员提案的答复（关于加速人工智能科技创新的建议）")
    assert "一、关于“加速成果落地”的建议 > （二）主要成效" in embedded
    assert embedded.endswith(chunk.text)


def test_long_paragraph_is_split_at_sentence_ends_with_overlap():
    sentences = [f"第{i}句讲的是科技成果转化工作取得的进展和成效。" for i in range(40)]
    text = "张三委员：\n" + "".join(sentences) + "\n"
    doc = parse_document(text, "long.txt")
    settings = ChunkerSettings(max_tokens=64, overlap_sentences=1)
    chunks = chunk_document(doc, settings)
    assert len(chunks) > 3
    for chunk in chunks:
        assert chunk.text.endswith("。")
        assert count_tokens(chunk.text) <= 64
    for first, second in itertools.pairwise(chunks):
        last_sentence = first.text[first.text.rfind("第"):]
        assert second.text.startswith(last_sentence)


def test_no_overlap_when_configured_off():
    text = "张三委员：\n" + "".join(f"第{i}句讲的是科技成果转化工作。" for i in range(30)) + "\n"
    chunks = chunk_document(parse_document(text, "x.txt"), ChunkerSettings(max_tokens=48, overlap_sentences=0))
    for first, second in itertools.pairwise(chunks):
        assert first.char_end <= second.char_start


def test_a_sentence_longer_than_the_budget_is_cut_at_clauses():
    sentence = "，".join(f"第{i}项措施涉及多个部门的协同推进" for i in range(40)) + "。"
    doc = parse_document("张三委员：\n" + sentence + "\n", "x.txt")
    chunks = chunk_document(doc, ChunkerSettings(max_tokens=32, overlap_sentences=0))
    assert len(chunks) > 5
    assert "".join(c.text for c in chunks) == sentence
    assert all(count_tokens(c.text) <= 32 for c in chunks)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("一、关于“加速成果落地”的建议", (1, "一、关于“加速成果落地”的建议")),
        ("（三）下步打算：", (2, "（三）下步打算")),
        ("## 二、关于强化创新人才储备的建议", (1, "二、关于强化创新人才储备的建议")),
        ("## 工作背景", (2, "工作背景")),
        ("1. 工作目标", (3, "1. 工作目标")),
        ("关于省科技厅要不断转变工作作风的建议", (1, "关于省科技厅要不断转变工作作风的建议")),
        ("一是组建重点产业科技创新联盟，促进产学研深度融合；二是支持建设。", None),
        ("一、我省高度重视此项工作。已出台多项政策。", None),
        ("2023年总共支持8个项目，近400万元。", None),
        # Numbered lines that are whole sentences are content, not headings.
        ("第二条　县财政每年安排专项资金3,000万元，用于本办法规定的各项奖补。", None),
        ("1、公示时间：2024年3月18日至3月22日（5个工作日）。", None),
        ("（一）各市要会同财政部门，于2024年6月30日前将分解文件报备案。", None),
        ("第十三条　本办法由市财政局负责解释。", None),
        ("（二）落实贷款贴息和担保补贴。", (2, "（二）落实贷款贴息和担保补贴。")),
        ("三、关于“加强政府投入，设立种子基金”的建议。", (1, "三、关于“加强政府投入，设立种子基金”的建议。")),
        # A numbered field states a fact: a paragraph, whatever it ends with. A unit note in brackets is no field.
        ("（一）项目编号：HX-2025-ZC-118（代理机构编号：ZB-0907）", None),
        ("3、开标时间：2025年6月3日9时", None),
        ("五、分街道资金安排情况（单位：个、万元）", (1, "五、分街道资金安排情况（单位：个、万元）")),
        ("三,对建议所提事项的答复", (1, "三,对建议所提事项的答复")),  # a page flattened to ASCII punctuation
        ("二，审计评价", (1, "二，审计评价")),
        # A full stop flattened to ASCII ends a sentence as 。 does: the article or item is content.
        ("第十六条 本办法由市住房城乡建设局会同市财政局负责解释.", None),
        ("(四)虚报床位套取补贴.2家民办养老机构虚报床位136张,套取建设补贴54.40万元.", None),
        ("1.全年粮食产量2.31万吨", (3, "1.全年粮食产量2.31万吨")),
        ("三.对建议所提事项的答复", (1, "三.对建议所提事项的答复")),
    ],
)
def test_heading_detection(line, expected):
    assert heading_level(line) == expected


def test_a_one_sentence_article_is_a_passage_of_its_own_section():
    text = ("某县人民政府办公室关于印发奖补办法的通知\n\n各乡（镇）人民政府：\n\n"
            "第一条　为促进产业发展，制定本办法。\n\n第二条　县财政每年安排专项资金3,000万元，用于各项奖补。\n\n"
            "第三条　本办法自2024年5月1日起施行。\n")
    chunks = chunk_document(parse_document(text, "x.txt"), ChunkerSettings())
    found = {c.text: c.section for c in chunks}
    assert found["第二条　县财政每年安排专项资金3,000万元，用于各项奖补。"][0].startswith("第二条")
    assert "第三条　本办法自2024年5月1日起施行。" in found


@pytest.mark.parametrize("kwargs", [dict(max_tokens=4), dict(overlap_sentences=9), dict(encoding="nope")])
def test_bad_chunker_settings_fail_fast_naming_the_value(kwargs):
    with pytest.raises(ConfigurationError) as err:
        ChunkerSettings(**kwargs)
    assert str(next(iter(kwargs.values()))) in str(err.value)


def test_a_bracketed_metadata_block_and_a_two_line_title_are_no_passages():
    text = ("【标　　题】某某县财政局 某某县农业农村局关于2025年第一批补助资金分配结果的公告\n"
            "【索 引 号】0113/2025-00012　　【主题分类】财政\n"
            "【发布机构】某某县财政局　　【发文日期】2025-02-26\n"
            "【文　　号】某财农发〔2025〕6号　　【有 效 性】有效\n\n"
            "某某县财政局 某某县农业农村局\n关于2025年第一批补助资金分配结果的公告\n\n某财农发〔2025〕6号\n\n"
            "　　现将今年第一批补助资金分配结果公告如下。\n\n一、分配结果\n\n　　共安排资金1,200万元。\n\n"
            "二、公告时间\n\n　　公告时间：2025年2月26日至3月7日，共10天。\n")
    doc = parse_document(text, "notice.txt")
    assert doc.header.title == "某某县财政局某某县农业农村局关于2025年第一批补助资金分配结果的公告"
    assert doc.header.doc_number == "某财农发〔2025〕6号" and doc.header.date == "2025-02-26"
    chunks = chunk_document(doc, ChunkerSettings())
    assert chunks and not any("【" in c.text or "关于2025年第一批" in c.text for c in chunks)
    assert any(c.text.startswith("公告时间：2025年2月26日") for c in chunks)


def test_a_row_of_metadata_keys_over_a_row_of_values_is_read_and_is_no_title():
    text = ("首页 > 信息公开 > 计划总结\n索引号\t发布机构\t主题分类\t成文日期\t文号\t有效性\n"
            "611021-ABCD/2024-00089\t某某县交通运输局\t交通运输/计划总结\t2024-12-20\t某交发〔2024〕118号\t有效\n\n"
            "某某县交通运输局2024年工作总结及2025年工作计划\n\n县人民政府：\n\n"
            "　　今年以来，全县完成交通投资4.86亿元。\n")
    doc = parse_document(text, "summary.txt")
    assert doc.header.title == "某某县交通运输局2024年工作总结及2025年工作计划"
    assert (doc.header.doc_number, doc.header.date, doc.header.issuer) == ("某交发〔2024〕118号", "2024-12-20",
                                                                           "某某县交通运输局")
    assert [c.text for c in chunk_document(doc, ChunkerSettings())] == ["今年以来，全县完成交通投资4.86亿元。"]


def test_a_signature_above_the_pages_footer_and_a_markdown_metadata_table_are_no_passages():
    text = ("# 某市某局关于申报专项资金的通知\n\n| 索引号 | 1133/2024-00123 | 发布机构 | 某市某局 |\n"
            "| --- | --- | --- | --- |\n"
            "| 成文日期 | 2024-05-08 | 文号 | 某经信〔2024〕41号 |\n\n各区、县（市）经信局：\n\n"
            "　　请于6月21日前将推荐项目报送市局。\n\n某市某局        某市财政局\n                    2024年5月8日\n\n"
            "(此件公开发布)\n\n------------------------------------------------------------\n"
            "索引号: 1133/2024-00123\n发布机构: 某市某局\n")
    doc = parse_document(text, "notice.md")
    assert [c.text for c in chunk_document(doc, ChunkerSettings())] == ["请于6月21日前将推荐项目报送市局。"]
    assert doc.header.date == "2024-05-08" and doc.header.doc_number == "某经信〔2024〕41号"


def test_a_notices_recipients_listed_with_commas_are_its_addressee_not_a_passage():
    text = ("某市经济和信息化局关于组织申报2025年度市级工业发展专项资金项目的通知\n\n某经信发〔2025〕19号\n\n"
            "各区县经济和信息化主管部门，某某新区经济发展局，各有关企业：\n\n"
            "　　现就组织申报2025年度专项资金项目有关事项通知如下。\n\n"
            "发布日期 | 2025-03-14 09:41 | 解读 | 《专项资金管理办法》政策解读\n")
    doc = parse_document(text, "notice.txt")
    assert doc.header.addressee == "各区县经济和信息化主管部门，某某新区经济发展局，各有关企业"
    passages = [c.text for c in chunk_document(doc, ChunkerSettings())]
    assert passages == ["现就组织申报2025年度专项资金项目有关事项通知如下。"]


def test_a_sign_off_inside_the_text_and_an_attachment_list_are_no_passages():
    text = ("某自治区农业农村厅 某自治区财政厅关于印发《良种补贴资金管理办法》的通知\n\n"
            "各地（市）农业农村局、财政局：\n\n"
            "　　现将《良种补贴资金管理办法》印发给你们，请结合实际认真贯彻执行。\n\n"
            "　　附件：1.良种补贴资金管理办法\n　　　　　2.2025年良种补贴资金预分配表\n\n"
            "某自治区农业农村厅　　　　某自治区财政厅\n2025年3月10日\n\n良种补贴资金管理办法\n\n"
            "第一条　为规范良种补贴资金管理，制定本办法。\n\n第十六条　本办法自2025年4月1日起施行。\n\n"
            "报：自治区人民政府办公厅。\n")
    doc = parse_document(text, "measures.txt")
    passages = [c.text for c in chunk_document(doc, ChunkerSettings())]
    assert not any("预分配表" in p or "2025年3月10日" in p or p.startswith("报：") for p in passages), passages
    assert any(p.startswith("第十六条") for p in passages) and doc.header.date == "2025-03-10"


def test_the_printing_line_of_the_banji_is_no_passage():
    text = ("某市城市管理局关于印发《2025年城市管理提升行动实施方案》的通知\n\n各有关单位：\n\n"
            "　　现将《实施方案》印发给你们，请认真组织实施。\n\n"
            "　　一、目标任务。今年新建公共停车场12处。\n\n"
            "某市城市管理局办公室　　　　2025年3月11日印发\n")
    passages = [c.text for c in chunk_document(parse_document(text, "plan.txt"), ChunkerSettings())]
    assert passages and not any(p.rstrip().endswith("日印发") for p in passages), passages


def test_a_long_flattened_table_is_cut_between_rows_and_keeps_its_caption_and_headings():
    rows = "\n".join(f"{name}区\t{i}.{i}\t{i * 1000 + 80}" for i, name in enumerate("甲乙丙丁戊己庚辛壬癸", 1))
    text = ("某某局关于印发建设方案的通知\n\n各区：\n\n（三）分地区任务。各区建设任务如下：\n"
            f"表1　建设任务分解表\n区\t建设任务(万亩)\t计划投资(万元)\n{rows}\n合计\t59.5\t55800\n"
            "注：另有一区由省里直接下达。\n\n（四）主要内容。今年新建渠道12公里。\n")
    chunks = chunk_document(parse_document(text, "t.txt"), ChunkerSettings(max_tokens=64, overlap_sentences=1))
    table = [c for c in chunks if "\t" in c.text]
    assert len(table) >= 2
    assert table[0].text.startswith("表1") and "计划投资(万元)\n甲区" in table[0].text  # headings with rows
    for chunk in table:  # every passage holds whole rows
        for line in chunk.text.split("\n"):
            assert line in text.split("\n")


def test_a_tables_caption_is_chunked_with_its_rows():
    text = ("某某县住房和城乡建设局关于补助对象的公示\n\n各乡镇：\n\n现将补助对象公示如下。\n"
            "第一批补助对象汇总表（户数单位：户；资金单位：万元）\n乡镇\t拆除重建\t补助资金\n甲镇\t3\t30.8\n乙乡\t4\t36.2\n"
            "合计\t7\t67.0\n\n公示期为5个工作日。\n")
    chunks = chunk_document(parse_document(text, "t.txt"), SETTINGS)
    table = next(c for c in chunks if "汇总表" in c.text)
    assert "甲镇\t3\t30.8" in table.text and not any(c.text.startswith("第一批补助对象汇总表（") and "\t" not in c.text
                                                   for c in chunks)


def test_numbered_fields_and_the_item_after_a_table_are_passages_of_their_own_sections():
    """A procurement notice's numbered fields (（一）项目编号：…) are facts, not headings with no body, save the one
    that restates the title; a numbered item after a flattened table starts its own paragraph instead of running on
    from the table's last row."""
    text = ("某县中小学教室设备采购项目中标结果公告\n\n一、项目基本情况\n"
            "（一）项目编号：HX-2025-ZC-118（代理机构编号：ZB-0907）\n"
            "（二）项目名称：某县中小学教室设备采购项目\n（三）开标时间及地点：2025年6月3日9时，县公共资源交易中心\n"
            "（四）项目预算：860.00万元。\n二、中标信息\n包号\t中标供应商\t中标金额\n包1\t甲公司\t512.30\n合计\t—\t512.30\n"
            "（一）履约要求。设备须于2025年9月1日前交付。\n")
    sections = {c.text: c.section for c in chunk_document(parse_document(text, "t.txt"), SETTINGS)}
    assert sections["（一）项目编号：HX-2025-ZC-118（代理机构编号：ZB-0907）"] == ("一、项目基本情况", "（一）项目编号")
    assert sections["（三）开标时间及地点：2025年6月3日9时，县公共资源交易中心"] == \
        ("一、项目基本情况", "（三）开标时间及地点")
    assert sections["（一）履约要求。设备须于2025年9月1日前交付。"] == ("二、中标信息", "（一）履约要求")
    assert not any("合计" in passage and "履约" in passage for passage in sections)
    assert not any("项目名称" in passage for passage in sections)  # it restates the title: no passage


def test_the_questions_of_a_q_and_a_head_their_answers():
    """问2：… heads its answer and the list under it; 问3 replaces it (the list's last item does not head 问3's answer).
    A reporter's question (the paragraph after 某报记者：) heads the answer until the host speaks again."""
    qa = ("某区政策问答\n一、申报\n问2：哪些企业可以申请？\n答：同时满足以下条件的企业可以申请：\n（1）在区内注册；\n"
          "（2）上一年度研发费用不低于100万元，并已享受加计扣除。\n问3：奖励标准是多少？\n答：奖励比例提高到12%。\n")
    sections = {c.text: c.section for c in chunk_document(parse_document(qa, "qa.txt"), SETTINGS)}
    item = "（2）上一年度研发费用不低于100万元，并已享受加计扣除。"
    assert sections[item][:2] == ("一、申报", "问2：哪些企业可以申请？")
    assert sections["答：奖励比例提高到12%。"] == ("一、申报", "问3：奖励标准是多少？")
    press = ("某县新闻发布会实录\n主持人 张某：\n下面进入提问环节。\n某日报记者：\n今年电商销售情况如何？\n"
             "发布人 李某：\n全县电商销售额18.9亿元。\n主持人 张某：\n提问就到这里，谢谢大家。\n")
    sections = {c.text: c.section for c in chunk_document(parse_document(press, "press.txt"), SETTINGS)}
    assert sections["全县电商销售额18.9亿元。"] == ("今年电商销售情况如何？",)
    assert sections["提问就到这里，谢谢大家。"] == ()


def test_a_policy_interpretations_interpreter_lines_are_no_passages_and_its_linked_document_is():
    text = ("> 发布机构：某市医疗保障局\n> 解读机构：某市医疗保障局待遇保障科\n> 解读人：王某某\n"
            "> 发布日期：2025-09-05\n"
            "> 关联文件：《某市医疗保障局关于做好2026年度城乡居民医保参保缴费工作的通知》（某医保发〔2025〕24号）\n\n"
            "# 某市2026年度城乡居民基本医疗保险参保缴费政策问答\n\n"
            "　　一、个人缴费标准是多少？\n\n　　答：2026年度个人缴费标准为每人每年420元。\n")
    from rag.documents.formats.markdown import markdown_to_text

    doc = parse_document(markdown_to_text(text), "qa.md")
    texts = [c.text for c in chunk_document(doc, ChunkerSettings())]
    assert texts and not any("解读人" in t or "解读机构" in t for t in texts)
    assert any("420元" in t for t in texts) and any(t.startswith("关联文件：") for t in texts)


def test_a_full_stop_flattened_to_ascii_ends_a_sentence_but_a_decimal_point_or_list_marker_does_not():
    from rag.chunking import sentence_spans

    text = ("某市住房和城乡建设局关于加装电梯补助的通知\n\n各区住房城乡建设局:\n"
            "去年, 全市完成加装电梯182部, 补助资金2.6亿元. 今年计划新增260部, 市本级安排补助资金1,800万元.\n")
    doc = parse_document(text, "ascii.txt")
    sentences = [doc.text[a:b] for a, b in sentence_spans(doc, SETTINGS)]
    assert "去年, 全市完成加装电梯182部, 补助资金2.6亿元." in sentences
    assert "今年计划新增260部, 市本级安排补助资金1,800万元." in [s.strip() for s in sentences]
