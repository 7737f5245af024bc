"""Headers of the five sample documents, which use three different layouts."""

from __future__ import annotations

import pytest

from rag.config import SAMPLE_CORPUS_DIR
from rag.documents import iso_date, parse_document
from rag.documents.chrome import sign_off
from rag.documents.corpus import read_document, safe_file_name
from rag.errors import DocumentError

EXPECTED = {
    # title line, then the 文号 under it; no date anywhere in the letter
    "000_0bd37d7d743fadf3.txt": dict(
        doc_number="吉科发高〔2024〕74号",
        title="对省政协十三届二次会议第2024W298号委员提案的答复",
        addressee="孙昭艳委员",
        issuer="吉林省科学技术厅",
        date=None,
        subject="关于加速人工智能科技创新的建议",
    ),
    "001_472a90031f177f14.txt": dict(
        doc_number="吉科发政〔2024〕79号",
        title="对省政协十三届二次会议第372号委员提案的答复",
        addressee="战滨华委员",
        issuer="吉林省科学技术厅",
        date="2024-05-29",
        subject="关于发挥粤港澳大湾区科技创新优势，推动吉林全面振兴率先实现新突破的建议",
    ),
    # 文号 first, then a title broken over two lines
    "002_f5f5194419157145.txt": dict(
        doc_number="吉科发计〔2018〕134号",
        title="对省十三届人大一次会议第1020号代表建议的答复",
        addressee="姜伟代表",
        issuer="吉林省科学技术厅",
        date="2018-06-07",
        subject="关于搭建产学研互通平台的建议",
    ),
    # the site's metadata table
    "003_c810537c447ba574.txt": dict(
        doc_number="吉科发成〔2024〕87号",
        title="对省政协十三届二次会议第2024W218号委员提案的答复",
        addressee="孙俊奇委员",
        issuer="吉林省科学技术厅",
        date="2024-05-29",
        subject="关于加强吉林省高校及科研院所科技成果转化的建议",
    ),
    "004_1e45e1e7745dc780.txt": dict(
        doc_number="吉科发农〔2024〕71号",
        title="关于对省政协十三届二次会议第W10号委员提案的答复",
        addressee="崔剑峰委员",
        issuer="吉林省科学技术厅",
        date="2024-05-23",
        subject="关于加强吉林省创新型县市建设的建议",
    ),
}


@pytest.mark.parametrize("file_name", sorted(EXPECTED))
def test_header_of_each_sample_document(file_name):
    doc = read_document(SAMPLE_CORPUS_DIR / file_name)
    assert doc.file == file_name
    assert doc.id == file_name.removesuffix(".txt")
    header = doc.header
    got = dict(doc_number=header.doc_number, title=header.title, addressee=header.addressee,
               issuer=header.issuer, date=header.date, subject=header.subject)
    assert got == EXPECTED[file_name]


def test_body_excludes_header_and_signature():
    doc = read_document(SAMPLE_CORPUS_DIR / "003_c810537c447ba574.txt")
    body = doc.text[doc.body_start : doc.body_end]
    assert "索引号" not in body and "发文字号" not in body
    assert body.strip().startswith("您在省政协十三届二次会议上提出的")
    assert "2024年5月29日" not in body
    assert doc.text[doc.body_end :].strip().startswith("吉林省科学技术厅")


def test_sample_corpus_is_a_copy_of_shared_corpus():
    shared = SAMPLE_CORPUS_DIR.parents[1].parent / "shared" / "corpus"
    if not shared.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    for original in shared.glob("*.txt"):
        assert (SAMPLE_CORPUS_DIR / original.name).read_bytes() == original.read_bytes()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024年05月29日", "2024-05-29"), ("2024 年 5 月 23 日", "2024-05-23"), ("2018-6-7", "2018-06-07"),
     ("2024年13月1日", None), ("无日期", None)],
)
def test_iso_date(text, expected):
    assert iso_date(text) == expected


def test_line_ends_and_bom_are_normalised():
    doc = parse_document("\ufeff吉科发高〔2024〕1号\r\n测试标题\r\n张三委员：\r\n正文第一段。\r\n", "x.txt")
    assert "\r" not in doc.text and not doc.text.startswith("\ufeff")
    assert doc.header.doc_number == "吉科发高〔2024〕1号"
    assert doc.header.title == "测试标题"
    assert doc.header.addressee == "张三委员"


def test_empty_document_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="empty"):
        read_document(path)


def test_gbk_document_reads_like_its_utf8_original(tmp_path):
    original = SAMPLE_CORPUS_DIR / "003_c810537c447ba574.txt"
    path = tmp_path / original.name
    path.write_bytes(original.read_text(encoding="utf-8").encode("gbk"))
    assert read_document(path).header == read_document(original).header


@pytest.mark.parametrize("name", ["../x.txt", "/etc/passwd", "a/b.txt", "a\\b.txt", "..", ".hidden.txt", "a\x00.txt"])
def test_unsafe_file_names_are_refused(name):
    with pytest.raises(DocumentError, match="file names may not"):
        safe_file_name(name)


def test_chinese_file_names_are_accepted():
    assert safe_file_name("关于概念验证的答复.docx") == "关于概念验证的答复.docx"


def test_a_line_introducing_a_list_after_prose_is_no_salutation():
    text = ("某市工业和信息化局关于2024年技术改造扶持计划拟资助项目的公示\n\n"
            "　　经企业申报、专家评审，拟对某某公司等86个项目给予资助，资助金额合计23400万元。现予以公示。\n\n"
            "拟资助项目按所在区汇总情况如下：\n所在区\t项目数\n甲区\t14\n")
    doc = parse_document(text, "notice.txt")
    assert doc.header.addressee is None
    assert "86个项目" in doc.text[doc.body_start : doc.body_end]


def test_a_line_introducing_a_list_after_prose_flattened_to_ascii_is_no_salutation():
    """On a page flattened to ASCII a sentence ends in ". ": the minutes' items (会议明确:) are body, not a salutation
    that would make every paragraph above it header."""
    text = ("某市人民政府常务会议纪要\n\n发布机构: 某市人民政府办公室    发布日期: 2024-09-20\n\n"
            "    9月13日上午, 市长某某主持召开市人民政府常务会议, 研究草果产业等事项. 现将会议议定事项纪要如下:\n\n"
            "一, 关于草果产业工作\n\n    会议同意安排烘烤设施补助资金380万元, 补助标准由每座1.2万元提高到1.5万元.\n"
            "    会议明确:\n    (一) 各乡(镇)于10月31日前完成申报.\n")
    doc = parse_document(text, "minutes.txt")
    assert doc.header.addressee is None and doc.header.title == "某市人民政府常务会议纪要"
    assert "1.5万元" in doc.text[doc.body_start : doc.body_end]


def test_a_metadata_key_alone_on_its_line_is_no_salutation():
    text = ("索引号：\n1151/2024-00412\n发布机构：\n某市科学技术局\n\n某市科学技术局关于第0389号提案答复的函\n\n"
            "某科函〔2024〕58号\n\n九三学社某市委员会：\n\n　　贵委提出的提案收悉。现答复如下：\n")
    assert parse_document(text, "reply.txt").header.addressee == "九三学社某市委员会"


def test_signature_block_reads_past_the_disclosure_note_and_the_further_contacts():
    text = ("某省财政厅关于下达专项资金的通知\n\n某财建〔2024〕96号\n\n各市财政局：\n\n"
            "　　现将专项资金下达你们，请按规定使用。\n\n"
            "某省财政厅　　　　某省工业和信息化厅\n\n2024年9月3日\n\n（此件公开发布）\n\n"
            "联系人：省财政厅经济建设一处　赵某某　0351-4046152\n"
            "　　　　省工业和信息化厅中小企业发展处　郭某某　0351-4040927\n\n"
            "抄送：某部某监管局。\n")
    doc = parse_document(text, "notice.txt")
    assert doc.header.date == "2024-09-03" and doc.header.issuer.startswith("某省财政厅")
    assert doc.header.contact == "赵某某 0351-4046152"  # the name after the office, not the office's first characters
    assert "此件" not in doc.text[doc.body_start : doc.body_end]


def test_a_contact_or_signer_after_other_text_on_its_line_is_read_with_that_lines_phone():
    text = ("某县工业和信息化局关于拟支持项目的公示\n\n现将拟支持项目公示如下。\n\n"
            "受理电话：0530-3265871（县工业和信息化局技术改造股）　联系人：孙某某\n"
            "监督电话：0530-3221846（县纪委监委派驻纪检监察组）\n\n某县工业和信息化局\n2025年9月8日\n")
    doc = parse_document(text, "gongshi.txt")
    assert doc.header.contact == "孙某某 0530-3265871"  # its own line's phone, not the supervision line's
    text = "某省某厅\n\n（A类）　签发人：罗某某\n\n某某代表：\n\n　　您提出的建议收悉。现答复如下：\n"
    assert parse_document(text, "reply.txt").header.signer == "罗某某"
    assert sign_off(["全年受理投诉1,260件，办结率98.6%。"]) == (None, None)  # a body sentence names no one
    # …after an office and a comma, and a supervision line below it is no further contact.
    lines = ["1、某县农业农村局种植业管理股，联系人：陈某某，电话：0857-6222418", "监督电话：0857-6235127"]
    assert sign_off(lines) == (None, "陈某某 0857-6222418")
    # …after an office that ends in 股 or 办, with the phone on the next line.
    for office in ("县农业农村局乡村振兴股", "镇党政办"):
        assert sign_off([f"联系人：{office}　刘某某", "联系电话：0633-6218572"]) == (None, "刘某某 0633-6218572")


def test_the_last_row_of_a_table_is_no_issuer():
    text = ("关于2024年度省级工业设计中心拟认定名单的公示\n\n序号  设区市  企业名称  类别\n"
            "36  丽水市  某某锯床有限公司  企业工业设计中心\n")
    assert parse_document(text, "list.txt").header.issuer is None


def test_a_notice_signs_off_before_its_attachments_and_a_bulletin_under_its_title():
    from rag.documents.parse import parse_document

    notice = "\n".join([
        "某市农业农村局关于下达2024年某项补助资金的通知", "", "某农发〔2024〕12号", "", "各县（区）农业农村局：",
        "", "　　现将2024年某项补助资金下达你们，请按要求使用。", "", "　　附件：1.资金分配表.xlsx", "",
        "某市农业农村局", "2024年5月8日", "", "（此件主动公开）", "", "附件1", "", "资金分配表",
        "县别\t补助资金", "甲县\t300", "乙县\t200", "合计\t500", ""])
    header = parse_document(notice, "notice.txt").header
    assert (header.issuer, header.date) == ("某市农业农村局", "2024-05-08")
    bulletin = "\n".join([
        "某市2023年国民经济和社会发展统计公报", "某市统计局　国家统计局某市调查队", "2024年3月20日", "",
        "一、综合", "", "　　初步核算，全年全市地区生产总值612.4亿元，比上年增长5.2%。", ""])
    header = parse_document(bulletin, "bulletin.txt").header
    assert (header.issuer, header.date) == ("某市统计局 国家统计局某市调查队", "2024-03-20")


def test_a_report_to_the_congress_is_issued_by_the_body_its_speaker_heads():
    text = ("政　府　工　作　报　告\n——2025年1月14日在某山县第十八届人民代表大会第五次会议上\n县长　某某某\n\n"
            "各位代表：\n\n　　现在，我代表县人民政府，向大会报告工作。\n")
    h = parse_document(text, "r.txt").header
    assert (h.title, h.issuer, h.signer) == ("政府工作报告", "某山县人民政府", "某某某")
    court = text.replace("政　府", "法　院").replace("县长", "院长")
    assert parse_document(court, "c.txt").header.issuer == "某山县人民法院"


def test_a_page_without_an_issuer_takes_the_publisher_its_info_bar_names():
    text = ("2024年工作总结\n发布时间：2025-01-21　　信息来源：某某县农业农村局　　【字体：大 中 小】\n\n"
            "　　2024年，全县农业经济稳中有进，粮食产量达到12.3万吨。\n")
    assert parse_document(text, "s.txt").header.issuer == "某某县农业农村局"
    not_an_issuer = text.replace("某某县农业农村局", "技术改造科")
    assert parse_document(not_an_issuer, "s.txt").header.issuer is None


def test_the_number_line_may_carry_the_signer():
    text = ("关于市十届人大四次会议第179号建议的答复\n发布时间:2025-07-15 15:02  信息来源:某市住房和城乡建设局\n\n"
            "某建函[2025]47号                                   签发人:某国华\n(A类)\n\n某某某代表:\n\n"
            "    您提出的建议收悉,现答复如下:\n")
    h = parse_document(text, "a.txt").header
    assert (h.title, h.doc_number, h.signer) == (
        "关于市十届人大四次会议第179号建议的答复", "某建函[2025]47号", "某国华")


def test_a_file_number_cell_is_the_documents_own_number():
    text = ("索引号:\tQZ0-2025-00037\t文件编号:\t某工信技改〔2025〕18号\n"
            "# 关于组织申报项目的通知\n有关企业：\n　　现通知如下。\n")
    assert parse_document(text, "n.txt").header.doc_number == "某工信技改〔2025〕18号"


def test_handling_result_publicity_and_information_name_lines_are_metadata_not_title():
    text = ("首页　>　政务公开　>　建议提案办理\n\n"
            "信息名称：关于市政协十届二次会议第0101号提案的答复\n"
            "发布机构：某市某局　　发布日期：2025-07-08\n\n"
            "关于市政协十届二次会议第0101号提案的答复\n\n"
            "文号：某局函〔2025〕12号\n签发人：张某\n办理结果：A类（所提问题已经解决或基本解决）\n公开属性：主动公开\n\n"
            "李某委员：\n　　您提出的提案收悉。现答复如下。\n")
    header = parse_document(text, "reply.txt").header
    assert header.title == "关于市政协十届二次会议第0101号提案的答复"
    assert header.doc_number == "某局函〔2025〕12号"


def test_the_issuer_under_a_reports_occasion_and_a_bracketed_title_key_are_not_the_title():
    title = "关于某省2024年预算执行情况和2025年预算草案的报告"
    report = (f"{title}\n\n——2025年1月16日在某省第十四届人民代表大会第三次会议上\n\n"
              "某省财政厅\n\n各位代表：\n　　受省人民政府委托，现将预算执行情况报告如下。\n")
    assert parse_document(report, "r.txt").header.title == title
    title = "某市2024年国民经济和社会发展统计公报"
    bulletin = (f"【信息来源】某市统计局　【发布时间】2025-03-21 09:30\n【文章标题】{title}\n\n"
                f"{title}\n\n某市统计局\n2025年3月20日\n\n　　2024年，全市经济运行稳中有进。\n")
    assert parse_document(bulletin, "b.txt").header.title == title


def test_a_metadata_blocks_title_line_is_the_title_not_the_shorter_heading_over_the_text():
    text = ("某县人民政府门户网站 > 政务公开 > 政府工作报告\n\n标\u3000\u3000题：2025年某县人民政府工作报告\n"
            "发布机构：某县人民政府办公室\n发布日期：2025-01-21\n\n政府工作报告\n"
            "——2025年1月16日在某县第十九届人民代表大会第四次会议上\n县长\u3000王某某\n\n各位代表：\n"
            "\u3000\u3000现在，我代表县人民政府向大会报告工作，请予审议。\n")
    header = parse_document(text, "report.txt").header
    assert (header.title, header.signer) == ("2025年某县人民政府工作报告", "王某某")


def test_field_lines_around_the_title_are_no_part_of_it_and_a_spaced_signer_key_names_the_signer():
    reply = ("关于县政协九届三次会议第0042号提案的答复\n答复类型：B类\n签 发 人：周某某\n（类别：B类）\n\n"
             "王某委员：\n　　您提出的提案收悉。现答复如下。\n")
    h = parse_document(reply, "reply.txt").header
    assert (h.title, h.signer) == ("关于县政协九届三次会议第0042号提案的答复", "周某某")
    press = ("# 某县2025年春茶产销情况新闻发布会实录\n**时间**：3月2日上午\n**地点**：县政府新闻发布厅\n"
             "**主持人**：县政府新闻办主任　李某某\n\n谢谢主持人。今年全县茶园面积12.6万亩。\n")
    assert parse_document(press, "p.md").header.title == "某县2025年春茶产销情况新闻发布会实录"
    qa = ("首页 / 政务公开 / 政策解读\n> **关联文件：** 《某县促进消费的若干措施》（某政办规〔2025〕2号）\n"
          "是否有效：是\n\n# 《某县促进消费的若干措施》政策问答\n为便于群众了解政策，现解读如下。\n")
    assert parse_document(qa, "q.md").header.title == "《某县促进消费的若干措施》政策问答"
    bracketed = ("[索引号] 0001/2025-00012  [发布机构] 某市财政局  [发布日期] 2025-01-20\n"
                 "关于某市2024年预算执行情况的报告\n\n各位代表：\n　　现将预算执行情况报告如下。\n")
    assert parse_document(bracketed, "b.txt").header.title == "关于某市2024年预算执行情况的报告"


def test_an_empty_number_cell_takes_no_key_as_its_value_and_a_bracketed_issuing_body_is_metadata():
    page = ("索引号:\t0141/2025-00006\t分类:\t政府信息公开年报\n发文机关:\t某县某镇人民政府\t生成日期:\t2025-01-20\n"
            "发文字号:\t\t公开方式:\t主动公开\n某镇2024年政府信息公开工作年度报告\n本报告根据条例要求编制。\n")
    h = parse_document(page, "p.html").header
    assert (h.doc_number, h.issuer) == (None, "某县某镇人民政府")
    bracketed = ("【发文机构】某区人民政府办公室　　【发文字号】某政办督〔2025〕9号\n【成文日期】2025年08月04日\n"
                 "某区人民政府办公室关于专项督查情况的通报\n某政办督〔2025〕9号\n各镇人民政府：\n"
                 "　　现将督查情况通报如下。\n")
    h = parse_document(bracketed, "b.txt").header
    assert (h.title, h.doc_number) == ("某区人民政府办公室关于专项督查情况的通报", "某政办督〔2025〕9号")


def test_a_speakers_name_with_a_middle_dot_and_a_letterhead_are_no_part_of_the_title():
    report = ("某苏县人民政府　政府工作报告（摘要）\n\n政　府　工　作　报　告\n"
              "——2025年1月8日在某苏县第十八届人民代表大会第五次会议上\n"
              "某苏县人民政府县长　叶尔兰·巴合提\n\n各位代表：\n　　现在，我代表县人民政府向大会报告工作。\n")
    h = parse_document(report, "r.txt").header
    assert (h.title, h.signer) == ("某苏县人民政府政府工作报告(摘要)", "叶尔兰·巴合提")
    notice = ("某市某区某某街道办事处文件\n\n某街发〔2025〕14号\n\n某某街道办事处关于印发《实施方案》的通知\n\n"
              "各社区居委会：\n　　现将《实施方案》印发给你们，请认真抓好落实。\n\n某某街道办事处\n2025年3月12日\n")
    h = parse_document(notice, "n.txt").header
    assert (h.title, h.issuer) == ("某某街道办事处关于印发《实施方案》的通知", "某市某区某某街道办事处")


def test_a_sites_footer_saved_with_the_page_is_no_passage():
    from rag.chunking import ChunkerSettings, chunk_document

    text = ("某县2024年国民经济和社会发展统计公报\n\n某县统计局\n\n"
            "　　全年全县地区生产总值完成142.36亿元，比上年增长5.4%。\n\n【打印本页】　【关闭窗口】\n\n"
            "主办：某县人民政府办公室　承办：某县政务服务和数据管理局\n"
            "网站标识码：1301290012　冀ICP备05013682号-1　冀公网安备13012902000145号\n")
    chunks = chunk_document(parse_document(text, "b.txt"), ChunkerSettings())
    assert chunks and all("ICP" not in c.text and "主办" not in c.text for c in chunks)
    assert any("142.36亿元" in c.text for c in chunks)
    from rag.documents.chrome import is_non_content
    for content in ("（三）开展ICP备案信息核查，清理未备案网站120个。", "依法保护版权所有人的合法权益。",
                    "主办单位：县文化和旅游局", "承办单位：县教育局", "网站标识码：3601000001"):
        assert not is_non_content(content), content
    # 主办 inside a sentence is content.
    body = "某县统计公报\n\n　　全年由县文旅局主办：乡村旅游节等活动12场，接待游客3.2万人次。\n"
    assert any("12场" in c.text for c in chunk_document(parse_document(body, "c.txt"), ChunkerSettings()))


def test_a_site_publisher_in_brackets_gives_the_issuer_its_full_name():
    page = ("某县人民政府 > 信息公开 > 乡镇信息公开 > 某某乡 > 公示公告\n\n"
            "【索引号】115333230152186734/2025-00027　　【发布机构】福贡县某某乡人民政府\n"
            "【成文日期】2025-04-07　　【发布日期】2025-04-08\n\n"
            "某某乡人民政府关于2025年度生态护林员选聘结果的公示\n\n"
            "　　根据县里的通知要求，现将选聘结果予以公示。\n\n某某乡人民政府\n2025年4月7日\n")
    assert parse_document(page, "p.txt").header.issuer == "福贡县某某乡人民政府"
    flattened = page.replace("【索引号】115333230152186734/2025-00027　　【发布机构】福贡县某某乡人民政府",
                             "发布机构某某乡人民政府")  # a key run into its value: no fuller name
    assert parse_document(flattened, "p.txt").header.issuer == "某某乡人民政府"
