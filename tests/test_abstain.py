"""The near misses an answer must not be returned for (rag.answer.abstain)."""

from __future__ import annotations

from rag.answer.abstain import (
    answer_unmet,
    asked_ordinals,
    indicator_unmet,
    measure_stems,
    ordinal_unmet,
    rate_stems,
    where_unmet,
    who_unmet,
)
from rag.text.figures import FigureKind


def test_ordinals_are_read_from_chinese_and_english_questions():
    assert asked_ordinals("第十四届论坛在哪里举办？") == [(14, frozenset({"届"}))]
    assert asked_ordinals("首批有几家？") == [(1, frozenset({"批"}))]
    # A quarter: 第二季度, the third quarter, Q3 (a document of 前三季度 states the third).
    assert asked_ordinals("2025年第二季度作出了多少件行政处罚决定？") == [(2, frozenset({"季度"}))]
    assert asked_ordinals("How many fines in the third quarter of 2025?") == [(3, frozenset({"季度"}))]
    assert asked_ordinals("Q3 2025 fines?") == [(3, frozenset({"季度"}))]
    assert ordinal_unmet("第二季度作出了多少件？", lambda: "2025年第三季度行政处罚信息公示") is not None
    assert ordinal_unmet("What was paid in the third quarter?", lambda: "前三季度共发放资金…") is None
    assert asked_ordinals("How many passed in the eighth training course?") == [(8, frozenset({"期"}))]
    # a batch of vouchers or funds is written 第二批, 第二期 or 第二轮 alike
    assert asked_ordinals("the 3rd round of funding") == [(3, frozenset({"轮", "批", "期"}))]
    assert ordinal_unmet("How many shops take part in the second batch of vouchers?",
                         lambda: "第二期消费券共有6,800家商户参与。") is None
    assert ordinal_unmet("How many shops take part in the third batch of vouchers?",
                         lambda: "第二期消费券共有6,800家商户参与。")
    # "first" that counts nothing (first allowed, the first half) is no ordinal.
    assert asked_ordinals("Which units were first allowed to keep the rights?") == []
    assert asked_ordinals("What was the income in the first half of 2024?") == []
    assert asked_ordinals("What was decided in the second half of the session?") == []
    assert asked_ordinals("When was it done for the first time?") == []


def test_an_ordinal_the_document_never_states_is_unmet():
    document = "举办第九期技术经纪人培训班，共148人参加培训。"
    assert ordinal_unmet("How many passed the exam in the eighth training course?", lambda: document)
    assert ordinal_unmet("How many took part in the ninth training course?", lambda: document) is None
    assert ordinal_unmet("第八期培训班有多少人参加？", lambda: document)
    # 六届 counts editions: the seventh is not stated.
    assert ordinal_unmet("第七届合作活动在哪里举办？", lambda: "已连续组织承办六届合作活动。")
    # 首期 is the first; 十四届 without 第 is still the fourteenth.
    assert ordinal_unmet("基金第一期到账多少？", lambda: "首期3亿元已到账。") is None
    assert ordinal_unmet("第十四届人大会议的建议", lambda: "省十四届人大二次会议") is None
    # 不合格5批次 counts batches of samples; it states no fifth round.
    bulletin = "2025年第6期食品安全监督抽检信息通告：本期抽检186批次，不合格5批次。"
    assert ordinal_unmet("How many samples were tested in the fifth sampling round?", lambda: bulletin)
    assert ordinal_unmet("How many samples were tested in the sixth sampling round?", lambda: bulletin) is None
    assert ordinal_unmet("What projects are in the third batch?", lambda: "第三批次项目名单如下") is None


def test_the_document_is_read_only_for_an_ordinal_question():
    def unread() -> str:
        raise AssertionError("read")

    assert ordinal_unmet("How much was paid?", unread) is None


def test_who_needs_a_person_or_a_role():
    opening = "2023年4月26日，由市科技局、某大学共建的概念验证中心揭牌仪式在某校区启动。"
    assert who_unmet("Who is the director of the concept verification centre?", opening)
    assert who_unmet("Who heads the provincial department?", "二是组织开展科学技术奖评选工作。")
    assert who_unmet("Who is the director of the centre?", "中心主任由张伟担任。") is None
    # A deputy's 代表/委员 or a name-like word is not the role asked.
    assert who_unmet("Who is the director of the county office?", "我代表县人民政府向大会报告工作，请各位委员审议。")
    assert who_unmet("Who is the mayor of the city?", "成科函〔2024〕58号")
    assert who_unmet("Who proposed the suggestion?", "王立群委员提出的建议收悉。") is None
    assert who_unmet("谁作的政府工作报告？", "县长许卫东代表县人民政府作报告。") is None
    # A question that names no role may be answered by an organisation.
    assert who_unmet("Who organised the science week?", "科技活动周由省科技厅牵头组织。") is None
    assert who_unmet("Who is in charge of the programme?", "由省财政厅负责组织实施。") is None
    assert who_unmet("Who issued the measures?", "省科技厅印发了实施办法。") is None
    assert who_unmet("Who drew up the plan?", "优化全省科技创新布局。")
    assert who_unmet("How much was paid?", opening) is None


def test_where_needs_a_place_besides_the_questions():
    assert where_unmet("合作活动在哪个城市举办？", "现场发布科技成果400余项，签订合作项目14个。")
    assert where_unmet("合作活动在哪个城市举办？", "本次活动在长春举行。") is None
    assert where_unmet("长春市的活动在哪里举办？", "长春市举办了活动。")
    assert where_unmet("How many projects were signed?", "签订合作项目14个。") is None
    assert where_unmet("Which city hosted the fair?", "签订合作项目14个。")
    assert where_unmet("Where was the centre's opening held?", "揭牌仪式在某大学南湖校区举行。") is None
    # The province a city question names is not the city.
    assert where_unmet("2023年吉林科技周在哪个城市举办？", "省科技厅联合举办2023年吉林省科技周。")
    # An office or a website answers "where to apply", and 哪个省级部门 asks for an organisation.
    assert where_unmet("Where should applicants submit their materials?", "向所在地科技主管部门提交。") is None
    assert where_unmet("哪个省级部门负责受理？", "由科技主管部门受理。") is None


def test_an_indicator_the_answer_does_not_name_is_unmet():
    growth = "2023年，我省高新技术企业数量增长15.36%。"
    assert indicator_unmet("What was the province's GDP growth rate in 2023?", growth)
    assert indicator_unmet("2023年全社会研发经费投入强度是多少？", growth)
    assert indicator_unmet("2023年地区生产总值增长多少？", "全年地区生产总值增长6.3%。") is None
    assert indicator_unmet("What was the R&D intensity?", "研发经费投入强度达到1.5%。") is None
    assert indicator_unmet("How many high-tech firms grew?", growth) is None
    assert indicator_unmet("What was the R&D intensity?", "研发经费占地区生产总值比重为1.5%。") is None
    # Urban and rural residents' figures are stated apart, unless the question asks for both.
    rural = "农村居民人均可支配收入达到15,862元, 增长7.4%."
    assert indicator_unmet("What was the per capita disposable income of urban residents last year?", rural)
    assert indicator_unmet("What was the per capita disposable income of rural residents last year?", rural) is None
    assert indicator_unmet("What were the incomes of urban and rural residents?", rural) is None
    assert indicator_unmet("农村居民人均可支配收入是多少？", "城镇居民人均可支配收入43,286元。")
    assert indicator_unmet("How many rural households were approved?", "经审核批准农户宅基地申请27户。") is None
    assert indicator_unmet("How much is paid per person?", "按每名学员500元的标准补助。") is None


def test_a_rate_needs_what_it_measures():
    income = "城镇、农村居民人均可支配收入分别达到33,186元、19,742元，分别增长5.1%、7.4%。"
    assert rate_stems("2023年城镇化率是多少？") == ["城镇化"]
    assert rate_stems("税率是多少？") == []
    assert indicator_unmet("2023年兰考县城镇化率是多少？", income)
    assert indicator_unmet("What was the unemployment rate in 2023?", income)
    assert indicator_unmet("收入增长率是多少？", income) is None
    assert indicator_unmet("科技成果转化率是多少？", "全省成果转化率达到35%。") is None
    assert indicator_unmet("调解成功率是多少？", "调解成功率达到86.4%。") is None


def test_an_investment_fund_is_not_a_budget_allocation():
    allocation = "对专精特新中小企业给予奖补，共安排10250万元。"
    assert indicator_unmet("What is the total size of the start-up guidance (seed) fund pool?", allocation)
    assert indicator_unmet("引导基金规模是多少？", allocation)
    assert indicator_unmet("How big is the seed fund?", "设立种子基金，总规模10亿元。") is None
    # A development fund or funding is a budget's money: 专项资金 answers it.
    assert indicator_unmet("How much did the city budget for its foreign trade development fund?",
                           "安排外经贸发展专项资金6800万元。") is None
    # …and so is an industry fund (竹产业发展资金, an industry development fund), unless it invests (产业投资基金).
    assert indicator_unmet("How much of the province's tea industry fund went to processing?",
                           "去年省级安排茶产业发展资金2.40亿元，其中精深加工0.60亿元。") is None
    assert indicator_unmet("How big is the industrial investment fund?", "安排产业发展资金2.40亿元。")


def test_answer_checks_by_what_is_asked():
    document = lambda: "第九期培训班。"  # noqa: E731
    # Who and where apply to sentence answers only; ordinals and indicators to both.
    assert answer_unmet("Who paid 5万元?", "共安排5万元。", "", document, FigureKind.MONEY) is None
    assert answer_unmet("Who heads it?", "共安排5万元。", "", document, None)
    assert answer_unmet("How many were in the eighth course?", "共148人。", "", document, FigureKind.COUNT)
    assert answer_unmet("What was GDP growth?", "企业增长15%。", "", document, FigureKind.PERCENT)
    assert answer_unmet("What was GDP growth?", "增长15%。", "一、地区生产总值", document, FigureKind.PERCENT) is None


def test_an_article_the_measures_do_not_have_is_unmet():
    measures = "第一条　为规范奖补资金管理，制定本办法。\n第十六条　本办法自2024年5月1日起施行。"
    assert ordinal_unmet("奖补办法第十八条是怎么规定的？", lambda: measures)
    assert ordinal_unmet("奖补办法第十六条是怎么规定的？", lambda: measures) is None


def test_a_volume_or_sum_asked_names_what_it_measures():
    assert measure_stems("赤壁市入汛以来平均降雨量是多少？") == ["降雨"]
    assert measure_stems("全市社会消费品零售总额是多少") == ["零售"]
    assert measure_stems("容县2024年沙田柚总产量是多少？") == ["沙田柚"]
    # Words of amount that measure nothing of their own, and ones the question does not ask for.
    assert measure_stems("补助金额是多少？") == []
    assert measure_stems("高质量发展专项资金管理办法什么时候起施行？") == []
    assert measure_stems("What was the trade value?") == []
    # A water level is no rainfall; the number of pilot counties is no trade value.
    assert indicator_unmet("赤壁市入汛以来平均降雨量是多少？", "西凉湖(与赤壁市共有)最高水位21.93米")
    assert indicator_unmet("永仁县去年野生菌交易额是多少？", "在南华县、永仁县等8个县市开展试点")
    assert indicator_unmet("全县入汛以来平均降雨量是多少？", "全县平均降雨量612.4毫米") is None
    # 进口额 read off a table of 进出口 goods.
    assert indicator_unmet("铜精矿进口额是多少亿元？", "铜精矿\t48.6\t42.6\t表1 主要进出口商品情况") is None
    # A word of time or scope before a bare 产量 names nothing measured; a generic amount after a name is cut off.
    assert measure_stems("今年产量是多少？") == [] and measure_stems("上半年销量是多少吨？") == []
    assert measure_stems("全市人口数量是多少？") == ["人口"]
    # 降雨量 is written 降水量 too, 交易额 成交额.
    assert indicator_unmet("全县入汛以来平均降雨量是多少？", "全县年平均降水量1,200毫米") is None
    assert indicator_unmet("野生菌交易额是多少？", "全州野生菌成交额38.6亿元") is None
    # An item of spending names itself: a total budget is no 会议费; a two-part question asks the total too.
    assert measure_stems("某局2024年会议费支出是多少？") == ["会议"]
    assert indicator_unmet("某局2024年会议费支出是多少？", "本年支出合计7,915.64万元，其中基本支出3,864.92万元")
    assert indicator_unmet("某局2024年会议费支出是多少？", "会议费支出12.36万元，比上年减少1.2万元") is None
    assert measure_stems("“三公”经费预算合计多少？其中公务接待费是多少？") == []
