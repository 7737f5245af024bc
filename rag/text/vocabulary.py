"""Curated English -> Chinese vocabulary of official documents for the English bridge (rag.text.bridge).

CC-CEDICT glosses official words with their everyday senses first (fund -> 出资, town -> 城市); these
entries give the sense Chinese official documents use. General vocabulary only: no places, people,
programmes or figures of one document.
"""

# Adjectives of administrative level that the dictionary glosses only as "province-level" and the like.
OFFICIAL = {
    "national": ("国家级", "全国"), "provincial": ("省级", "全省"), "municipal": ("市级", "全市"),
    "city": ("市级", "全市"), "county": ("县级", "全县"), "central": ("中央",),
    # "city-level": the level adjective whole (level alone glosses as 水平, 层次, 程度).
    "national level": ("国家级",), "provincial level": ("省级",), "province level": ("省级",),
    "city level": ("市级",), "municipal level": ("市级",), "county level": ("县级",), "village level": ("村级",),
    "district level": ("区级",), "town level": ("镇级", "乡镇级"), "township level": ("乡镇级", "乡级"),
    # City and county money is one level's in official text (市县财政资金).
    "city and county": ("市县",), "cities and counties": ("市县",), "municipal and county": ("市县",),
    # A year relative to the document's ("this year" would else bridge as year: 年度, 年级, a school grade).
    "this year": ("今年", "本年"), "last year": ("去年", "上年"), "next year": ("明年",),
    # Units the dictionary has only as single characters.
    "per mu": ("每亩",), "mu": ("每亩",), "per capita": ("人均",), "person times": ("人次",),
    # One-off (a hyphen splits it) starts with a stop word, so only a curated entry is looked up.
    "one off": ("一次性",), "one time": ("一次性",),
}
# General vocabulary of Chinese official documents whose usual term the dictionary lacks or buries among
# everyday senses (fund -> 出资, program -> 应用程序). Only words any such document may use: no places,
# people, programmes or figures of one document.
GOVERNMENT = {
    "fund": ("资金", "资助", "基金"), "funds": ("资金",),
    "funding": ("资金", "资助", "经费"), "money": ("资金", "金额"), "measures": ("办法", "措施"), "fiscal": ("财政",),
    "finance": ("财政", "金融"), "budget": ("预算",), "allocate": ("下达", "安排"), "earmark": ("安排", "下达"),
    # Money spent (CC-CEDICT has spent only as exhausted, 人困马乏) and a plan (its first gloss is an acronym's).
    "spent": ("支出", "花费", "使用"), "actually spent": ("实际支出", "支出"), "spent batteries": ("废旧电池",),
    "plan": ("计划", "方案", "规划"), "plans": ("计划", "方案", "规划"),
    "program": ("计划", "项目", "工程"), "project": ("项目",), "scheme": ("计划", "项目", "试点"),
    "pilot": ("试点",), "trial": ("试行", "试点"), "gdp": ("生产总值",), "regional gdp": ("地区生产总值",),
    "gross regional product": ("地区生产总值", "生产总值"), "output value": ("产值",),
    "added value": ("增加值",), "value added": ("增加值",), "year on year": ("同比",),
    "percentage point": ("百分点",), "public notice": ("公示",), "publicity": ("公示",),
    "public comment": ("公示",), "publicity period": ("公示期",), "comment period": ("公示期",),
    "latest date": ("最迟", "截止"), "last date": ("最迟", "截止"), "latest day": ("最迟", "截止"),
    "list": ("名单", "清单"), "deadline": ("截止", "之前"), "recognize": ("认定",), "recognized": ("认定",),
    "apply": ("申报", "申请"), "application": ("申报", "申请"), "declare": ("申报",),
    "implement": ("实施", "落实"), "implementation": ("实施",), "take effect": ("施行", "实施"),
    "valid": ("有效期",), "sign off": ("签发",), "signed off": ("签发",), "issue": ("印发", "下达"),
    "issued": ("印发",), "reply": ("答复",), "proposal": ("提案", "建议"), "suggestion": ("建议",),
    "deputy": ("代表",), "member": ("委员", "成员"), "enterprise": ("企业",), "firm": ("企业",),
    "company": ("企业",), "sme": ("中小企业",), "tech": ("科技",), "science and technology": ("科技",),
    "technology": ("技术", "科技"), "renovate": ("改造",), "renovation": ("改造",), "retrofit": ("改造",),
    "upgrade": ("改造", "升级"), "upgrading": ("改造", "升级"), "residential compound": ("小区",),
    "growth": ("增长",), "increase": ("增长",), "target": ("目标", "力争"), "reward": ("奖励",),
    "subsidise": ("补贴", "补助"), "subsidize": ("补贴", "补助"),
    # 奖补 (an award given as a subsidy: 奖补资金, 以奖代补) beside the dictionary's senses.
    "subsidy": ("补贴", "补助", "资助", "奖补"), "subsidies": ("补贴", "补助", "资助", "奖补"),
    "cap": ("最高",), "ceiling": ("最高",),
    "maximum": ("最高",), "rural": ("农村", "乡村"), "urban": ("城镇", "城市"), "modern": ("现代",),
    "agricultural": ("农业",), "science": ("科技", "科学"), "interest": ("利息", "贴息"),
    "grant": ("资助", "补助"), "award": ("奖励",), "r&d": ("研发",), "document number": ("文号",),
    "phone number": ("电话", "联系电话"), "telephone": ("电话",), "lift": ("电梯",),
    "industrial park": ("产业园", "工业园区", "园区"),
    # Verbs of funding and oversight (a fund is 分解下达, a plan 报…备案, a project 立项, a fee 扣减).
    "breakdown": ("分解",), "break down": ("分解",), "file": ("备案", "报送"), "for the record": ("备案",),
    "approve": ("立项", "批准", "审批"), "approved": ("立项", "批准", "审批"), "penalty": ("扣减", "处罚"),
    "deduct": ("扣减", "扣除"), "deducted": ("扣减", "扣除"), "goal": ("目标", "力争"),
    # Nouns of policy whose official term the dictionary buries (build -> 建筑 rather than 建设).
    "build": ("建设",), "building": ("建设",), "construction": ("建设",), "innovative": ("创新型", "创新"),
    "innovation": ("创新",), "guideline": ("指引", "指南", "指导意见"), "guidelines": ("指引", "指南", "指导意见"),
    "tax": ("税收",), "tax incentive": ("税收优惠",), "incentive": ("激励", "优惠"), "incentives": ("激励", "优惠"),
    "market entity": ("市场主体",), "market entities": ("市场主体",), "entity": ("主体",), "entities": ("主体",),
    "household": ("户数", "住户"), "households": ("户数", "住户"), "township": ("乡镇",), "special fund": ("专项资金",),
    # Industry is 产业 (茶产业, 产业链) or 行业 in official text, not the dictionary's 实业 or 商界; a zone is a 区
    # of some kind (保护区, 合作区, 开发区), not 地带; cooperation 合作; home-based care 居家 (not baseball's 本垒).
    "industry": ("产业", "行业", "工业"), "industries": ("产业", "行业", "工业"), "chain": ("产业链", "链条"),
    "industry chain": ("产业链",), "industrial chain": ("产业链",), "supply chain": ("供应链",),
    "zone": ("区域", "片区", "园区", "开发区", "保护区", "合作区", "示范区"), "cooperation": ("合作", "协作"),
    "home based": ("居家",),
    # A village is no township (the dictionary's 乡镇 would name the 乡镇 item of a list of both).
    "village": ("行政村", "村级", "乡村", "农村"), "villages": ("行政村", "村级", "乡村", "农村"),
    "work report": ("工作报告",), "work summary": ("工作总结",), "notice": ("通知",), "circular": ("通知",),
    "complete": ("完成",), "completed": ("完成",), "training": ("培训",), "trained": ("培训",),
    # Everyday words whose first glosses are not the official sense (share -> 分享, end -> 终端, pay -> 工资).
    "share": ("比例", "占比", "比重"), "proportion": ("比例", "比重", "占比"), "cppcc": ("政协",),
    "put forward": ("提出",), "propose": ("提出",), "proposed": ("提出",), "end": ("年底", "年末"),
    "on time": ("按期", "按时"), "value": ("金额", "价值"), "pay": ("支付", "拨付", "兑付"),
    "paid": ("支付", "拨付", "兑付"), "social insurance": ("社会保险", "社保"),
    # Paying into insurance or paying a fee (连续缴纳社会保险满6个月, 缴费), not paying out.
    "paid social insurance": ("缴纳社会保险", "缴纳", "社会保险"),
    "pay social insurance": ("缴纳社会保险", "缴纳", "社会保险"),
    "paid into": ("缴纳", "缴存"),
    "pay out": ("兑现", "拨付", "发放"), "support": ("支持", "扶持"),
    "save": ("节省", "节约"), "saved": ("节省", "节约"), "saves": ("节省", "节约"),  # money or time, not 救援
    "water saving": ("节水",), "water conservation": ("节水", "水土保持"),
    # Water as what is used and priced (用水, 水价), not the verb (浇水); the Yellow River, not a colour and a river.
    "water use": ("用水",), "water price": ("水价",), "water prices": ("水价",), "yellow river": ("黄河",),
    "strip intercropping": ("带状复合种植", "带状"),
    "worked example": ("举例", "示例", "例如"),
    "rate": ("比例",), "signing": ("签约", "签署"), "signed up": ("签约",), "sign up": ("签约", "报名"),
    "permanent residents": ("常住人口", "常住居民"), "permanent population": ("常住人口",),
    "saline alkali": ("盐碱",), "saline": ("盐碱",), "alkaline": ("盐碱",), "improve": ("提高", "提升", "改善", "改良"),
    "soil improvement": ("改良",), "land improvement": ("改良",), "farmland": ("耕地", "农田"),
    "buy back": ("赎买", "回购"), "buyback": ("赎买", "回购"),
    "cultivated land": ("耕地",), "arable land": ("耕地",),
    "stalk": ("秆", "茎秆"), "stalks": ("秆", "茎秆"), "whole stalk": ("整秆",), "new": ("新增",), "estate": ("小区",),
    "development": ("发展",), "cover": ("覆盖",), "replied": ("答复",), "organisation": ("单位", "组织", "机构"),
    "organization": ("单位", "组织", "机构"), "in total": ("合计", "共计", "总计"),
    "pilot scale": ("中试",), "pilot plant": ("中试",), "incubator": ("孵化器",), "incubators": ("孵化器",),
    "research results": ("科研成果", "成果"), "results": ("成果",), "achievement": ("成果",),
    "achievements": ("成果",), "centre": ("中心",), "centres": ("中心",), "center": ("中心",), "centers": ("中心",),
    "university": ("高校", "大学"), "universities": ("高校", "大学"), "leverage": ("带动", "撬动", "拉动"),
    "leveraged": ("带动", "撬动", "拉动"), "each": ("每个", "每人", "每家", "每户"),
    # Everyday glosses that miss the official sense (town -> 城市, season -> 日月, change -> 转化, grade -> 分级).
    "change": ("调整", "改变", "变化"), "town": ("全镇", "乡镇"), "season": ("季节", "季度"), "spring": ("春季",),
    # School years and admissions (一年级, 初一, 招生): first-graders are no first grade of a rating.
    # (A first-grade hospital or road is 一级: no school year.) Admitting takes pupils or patients (收治).
    "first graders": ("一年级", "小学一年级"), "first grader": ("一年级", "小学一年级"),
    "first year pupils": ("一年级", "初一"), "first year students": ("一年级", "初一"),
    "admit": ("招生", "招收", "录取", "收治", "接收"), "school admission": ("招生", "入学"),
    "school admissions": ("招生", "入学"), "admitted to hospital": ("收治", "住院"),
    "enrol": ("招生", "入学", "报名"), "enroll": ("招生", "入学", "报名"), "enrolment": ("招生", "入学"),
    "enrollment": ("招生", "入学"), "drill": ("演练", "演习", "钻探"), "drills": ("演练", "演习"),
    "drilling": ("钻井", "钻探"), "pupils": ("学生",),
    "participants": ("参加人员", "参与人员", "参演人员"),
    "grade": ("等级", "星级"), "grade a": ("甲级",), "top grade": ("甲级",), "working": ("工作",),
    # The tertiary sector (第三产业) and hospitals by grade (a tertiary hospital: 三级定点医疗机构); not the geological
    # Tertiary (第三纪).
    "tertiary": ("第三产业", "第三", "三级"), "tertiary sector": ("第三产业",), "tertiary industry": ("第三产业",),
    "tertiary education": ("高等教育",),
    "tertiary hospital": ("三级医院", "三级"), "secondary hospital": ("二级医院", "二级"),
    "primary hospital": ("一级医院", "一级"),
    "institute": ("研究院", "研究所"),
    # Checks and their outcomes (failed the monitoring -> 监测不合格), and the classes of rural roads.
    "fail": ("不合格",), "failed": ("不合格",), "failing": ("不合格",), "unqualified": ("不合格",),
    "pass": ("合格",), "passed": ("合格",), "qualified": ("合格",), "excellent": ("优秀",),
    "monitoring": ("监测",), "monitored": ("监测",), "monitor": ("监测",), "inspection": ("检查", "抽检"),
    "spot check": ("抽检", "抽查"),
    "village road": ("村道",), "village roads": ("村道",), "township road": ("乡道",), "township roads": ("乡道",),
    "county road": ("县道",), "county roads": ("县道",),
    # Care and schooling terms (long-term care for the 失能, 民办/普惠性 kindergartens, 生均 funds) and degrees of
    # severity.
    "disabled": ("失能", "残疾"), "disability": ("失能", "残疾"), "disabled person": ("失能", "残疾人"),
    "disabled people": ("失能", "残疾人"), "severely": ("重度",), "severe": ("重度",),
    "moderately": ("中度",), "moderate": ("中度",), "mildly": ("轻度",), "mild": ("轻度",),
    "private": ("民办", "民营", "私营"), "privately run": ("民办",), "inclusive": ("普惠性", "普惠"),
    "per child": ("生均",), "per pupil": ("生均",), "per student": ("生均",),
    # Public finance (budget execution reports).
    "non tax revenue": ("非税收入",), "tax revenue": ("税收收入",),
    "general public budget": ("一般公共预算",), "government fund budget": ("政府性基金预算",),
    # A balance sheet (国有资产管理情况报告): assets, liabilities and what is left.
    "total assets": ("资产总额", "资产"), "total liabilities": ("负债总额", "负债"), "liabilities": ("负债",),
    "liability": ("负债",), "net assets": ("净资产",), "owners equity": ("所有者权益",),
    "bond quota": ("债券额度", "新增债券"), "debt quota": ("债务限额", "新增债务"),
    # Consumption vouchers and allowances for the elderly.
    "voucher": ("消费券",), "vouchers": ("消费券",), "consumption voucher": ("消费券",),
    "dining voucher": ("餐饮券",), "dining vouchers": ("餐饮券",), "catering voucher": ("餐饮券",),
    "appliance voucher": ("家电券",), "appliance vouchers": ("家电券",), "claim": ("领取", "申领"),
    "claimed": ("领取", "申领"),
    "consumption vouchers": ("消费券",), "redemption rate": ("核销率",), "redemption": ("核销",),
    "redeemed": ("核销",), "home appliance": ("家电",), "home appliances": ("家电",),
    "household appliance": ("家电",), "household appliances": ("家电",), "catering": ("餐饮",),
    "longevity allowance": ("高龄津贴",), "old-age allowance": ("高龄津贴",), "elderly allowance": ("高龄津贴",),
    "monthly": ("每月",), "without a home": ("无房",), "homeless": ("无房",), "provident fund": ("公积金",),
    "meal service": ("助餐",), "meal services": ("助餐",), "meal assistance": ("助餐",),
    "elderly canteen": ("助餐点", "老年食堂"), "elderly canteens": ("助餐点", "老年食堂"),
    "home-based care": ("居家养老",), "home care": ("居家养老",),
    # Medical insurance: what the insured pays before it reimburses, and the share it reimburses.
    "deductible": ("起付线", "起付标准"), "deductibles": ("起付线", "起付标准"),
    "reimbursement rate": ("报销比例",), "reimbursement ratio": ("报销比例",),
    # … and where: care in another province (异地就医, 跨省), paid directly (直接结算), in hospital (住院).
    "settlement": ("结算",), "direct settlement": ("直接结算",), "settled": ("结算",),
    "out of province": ("跨省", "异地", "省外"), "cross province": ("跨省",), "inter provincial": ("跨省",),
    "hospital stay": ("住院",), "hospital stays": ("住院",), "inpatient": ("住院",), "hospitalisation": ("住院",),
    "hospitalization": ("住院",), "hospitalised": ("住院",), "hospitalized": ("住院",),
    # Words the dictionary lacks (waterlogging, remediate) or glosses by the family only (parents: 父母, not the 家长 of
    # schools and fees).
    "parents": ("家长",), "parent": ("家长",), "waterlogging": ("内涝",),
    # Weather and disaster bulletins (气候公报, 自然灾害情况通报).
    "rainfall": ("降水量", "降雨量", "降水", "降雨"), "precipitation": ("降水量", "降水"),
    "affected by disasters": ("受灾",), "affected by natural disasters": ("受灾",), "people affected": ("受灾人口",),
    "disaster-affected": ("受灾",), "affected by flooding": ("受灾", "洪涝"), "affected by drought": ("受灾", "干旱"),
    # Insurance taken out (参保) and homes on offer (推出…房源, 412套).
    "took out": ("参保", "投保"), "take out": ("参保", "投保"), "insured": ("参保", "投保"),
    "took out loans": ("贷款",), "take out loans": ("贷款",), "took out a loan": ("贷款",),
    "take out a loan": ("贷款",),
    "insured area": ("参保面积", "投保面积"), "on offer": ("推出", "提供"), "homes": ("住房", "房源"),
    "flats": ("住房", "房源", "公寓"), "apartments": ("公寓", "住房", "房源"),
    "waterlogging-prone": ("易涝",), "flooding": ("内涝", "洪涝"), "remediate": ("整治", "治理"),
    "remediating": ("整治", "治理"), "remediation": ("整治", "治理"), "crackdown": ("整治", "集中整治", "专项整治"),
    "crackdowns": ("整治", "集中整治", "专项整治"), "rectify": ("整改",), "rectification": ("整改",),
    # Problems a check found are fixed (整改), those still open are outstanding (未整改, 尚未完成).
    "fix": ("整改", "修复"), "outstanding": ("未整改", "尚未", "剩余"), "left over": ("尚未", "剩余", "遗留"),
    "leftover": ("尚未", "剩余", "遗留"),
    # Money an audit finds is handed over to the treasury (上缴财政, 上缴国库).
    "treasury": ("国库", "财政"), "hand over": ("上缴", "移交"), "handed over": ("上缴", "移交"),
    "turned over": ("上缴", "移交"), "fixed asset": ("固定资产",),
    "fixed assets": ("固定资产",),
    # The forest chief system (林长制): chiefs and rangers patrol the forests (巡林, 巡护).
    "forest chief": ("林长",), "forest chiefs": ("林长",), "ranger": ("护林员",), "rangers": ("护林员",),
    "forest ranger": ("护林员",), "forest rangers": ("护林员",),
    "forest patrol": ("巡林", "巡护"), "forest patrols": ("巡林", "巡护"), "patrol": ("巡护", "巡查", "巡逻"),
    "patrols": ("巡护", "巡查", "巡逻"),
    # Student aid (学生资助) is paid into a family's bank account (账户).
    "student aid": ("学生资助", "资助"), "financial aid": ("资助",), "account": ("账户",), "accounts": ("账户",),
    # Ports count containers in standard boxes (标箱, TEU) and their traffic as throughput (吞吐量).
    "teu": ("标箱", "标准箱"), "teus": ("标箱", "标准箱"), "throughput": ("吞吐量",),
    # Social assistance.
    "minimum living allowance": ("低保",), "minimum living guarantee": ("低保",), "subsistence allowance": ("低保",),
    "minimum subsistence allowance": ("低保",), "basic living allowance": ("低保",),
    # Social insurance pays benefits (待遇: 享受待遇人数, 待遇支出), besides the everyday sense of gain (受益, 效益).
    "benefit": ("待遇", "受益", "效益"), "benefits": ("待遇", "受益", "效益"),
    # Performance evaluation of funds (绩效评价): scores and grades.
    "score": ("得分", "评分"), "overall score": ("综合评分", "综合得分", "总分"), "scored": ("得分", "评分"),
    "performance evaluation": ("绩效评价",), "performance assessment": ("绩效评价", "绩效考核"),
    "self evaluation": ("自评",),
    # Credit ratings of firms are cards by colour (环境信用评价: 绿牌, 蓝牌, 黄牌, 红牌, 黑牌).
    **{phrase: (card,) for colour, card in (("green", "绿牌"), ("blue", "蓝牌"), ("yellow", "黄牌"), ("red", "红牌"),
                                            ("black", "黑牌"))
       for phrase in (f"rated {colour}", f"{colour} rating", f"{colour} card", f"{colour} rated")},
    # Electric bikes and cars are charged (充电) at charging ports and piles (充电端口, 充电桩), not charged a fee.
    "e-bike charging": ("电动自行车", "充电"), "charging facilities": ("充电设施",),
    "charging port": ("充电端口", "端口"), "charging ports": ("充电端口", "端口"),
    "charging pile": ("充电桩",), "charging piles": ("充电桩",), "charging station": ("充电站", "充电桩"),
    "charging stations": ("充电站", "充电桩"), "e-bike": ("电动自行车",), "e-bikes": ("电动自行车",),
    "electric bike": ("电动自行车",), "electric bikes": ("电动自行车",), "electric bicycles": ("电动自行车",),
    "add": ("新增", "增加"), "added": ("新增", "增加"),
    # Major administrative decisions (重大行政决策) are listed in a catalogue (目录) each year (an administrative
    # decision alone may be an individual one, 行政决定, that is appealed).
    "major administrative decision": ("重大行政决策",), "major administrative decisions": ("重大行政决策",),
    "decision making": ("决策",),
    # Disasters: people moved out of danger are 紧急转移安置, not relocated for good (搬迁).
    "urgently relocated": ("紧急转移",), "emergency relocation": ("紧急转移",), "evacuated": ("转移",),
    "evacuation": ("转移",),
    # Recruitment: a written exam (笔试) and an interview (面试) make the combined score (综合成绩).
    "written exam": ("笔试",), "written examination": ("笔试",), "written test": ("笔试",),
    "combined score": ("综合成绩", "总成绩"), "total score": ("综合成绩", "总成绩", "总分"),
    # Industrial upgrading: smart retrofits and digital transformation (智能化改造, 数字化转型; 智改数转 for both).
    "smart manufacturing": ("智能制造", "智改数转"), "digital transformation": ("数字化转型", "数转", "智改数转"),
    "smart retrofit": ("智能化改造", "智改"), "smart retrofits": ("智能化改造", "智改"),
    "intelligent retrofit": ("智能化改造", "智改"), "intelligent retrofits": ("智能化改造", "智改"),
    "integration of informatisation and industrialisation": ("两化融合",),
    "integration of informatization and industrialization": ("两化融合",),
    "equipment renewal": ("设备更新",), "equipment upgrades": ("设备更新",),
    # Fruit the dictionary glosses only as two words (kiwi fruit -> 猕猴桃; kiwi alone is the bird).
    "kiwifruit": ("猕猴桃",), "kiwifruits": ("猕猴桃",),
    # Forestry: the tea-oil camellia (油茶) that the dictionary glosses only by its Latin name.
    "camellia": ("油茶",), "camellia oil": ("油茶",), "oil tea": ("油茶",), "afforestation": ("造林",),
    # Final accounts of a department (部门决算): its revenue, spending and the "three public expenses".
    "final accounts": ("决算",), "fiscal appropriation": ("财政拨款",), "fiscal appropriations": ("财政拨款",),
    "official reception": ("公务接待",), "official receptions": ("公务接待",), "official hospitality": ("公务接待",),
    "own budget": ("本级财政", "本级"), "own-level budget": ("本级财政", "本级"),
    "official vehicle": ("公务用车",), "official vehicles": ("公务用车",), "official cars": ("公务用车",),
    "three public expenses": ("三公经费", "三公"), "three official expenses": ("三公经费", "三公"),
    "basic expenditure": ("基本支出",), "revenue budget": ("收入预算",), "expenditure budget": ("支出预算",),
    "spending budget": ("支出预算",), "reading room": ("书房", "阅览室"), "reading rooms": ("书房", "阅览室"),
    "project expenditure": ("项目支出",), "operating expenses": ("运行经费",), "operating costs": ("运行经费",),
    "administrative operating costs": ("机关运行经费",), "administrative operating expenses": ("机关运行经费",),
    "total revenue": ("收入合计", "总收入"), "total income": ("收入合计", "总收入"),
    "total expenditure": ("支出合计", "总支出"), "total spending": ("支出合计", "总支出"),
    # Recourse a decision or notice states (六十日内申请行政复议; 六个月内提起行政诉讼).
    "administrative review": ("行政复议",), "administrative reconsideration": ("行政复议",),
    "administrative appeal": ("行政复议",), "administrative litigation": ("行政诉讼",),
    "administrative lawsuit": ("行政诉讼",), "lawsuit": ("诉讼",), "sue": ("诉讼", "起诉"),
    # Health statistics (bulletins of health commissions): rates, facilities, staff.
    "maternal": ("孕产妇",), "maternal mortality": ("孕产妇死亡率",), "maternal mortality rate": ("孕产妇死亡率",),
    "infant mortality": ("婴儿死亡率",), "infant mortality rate": ("婴儿死亡率",),
    "under five mortality": ("5岁以下儿童死亡率",),
    "hospital bed": ("床位",), "hospital beds": ("床位",), "beds": ("床位",), "bed": ("床位",),
    "health technician": ("卫生技术人员",), "health technicians": ("卫生技术人员",),
    # Health care as a sector (卫生类岗位, 医疗卫生机构), not the everyday 保健.
    "health care": ("卫生", "医疗卫生", "医疗"), "healthcare": ("卫生", "医疗卫生", "医疗"),
    "licensed doctor": ("执业医师",), "licensed doctors": ("执业医师",), "practising physicians": ("执业医师",),
    "registered nurse": ("注册护士",), "registered nurses": ("注册护士",), "nurses": ("注册护士", "护士"),
    "hospital delivery": ("住院分娩",), "hospital delivery rate": ("住院分娩率",),
    "vaccination": ("接种",), "immunisation": ("免疫", "接种"), "immunization": ("免疫", "接种"),
    "family doctor": ("家庭医生",), "family doctors": ("家庭医生",),
    "township health centre": ("乡镇卫生院",), "township health centres": ("乡镇卫生院",),
    "township hospital": ("乡镇卫生院",), "township hospitals": ("乡镇卫生院",),
    "village clinic": ("村卫生室",), "village clinics": ("村卫生室",),
    "medical institution": ("医疗卫生机构", "医疗机构"), "medical institutions": ("医疗卫生机构", "医疗机构"),
    # Rural living: toilets, heating; grain crops of statistical bulletins.
    "sanitary toilet": ("卫生厕所",), "sanitary toilets": ("卫生厕所",), "toilet renovation": ("改厕", "户厕改造"),
    "toilet renovations": ("改厕", "户厕改造"), "heating season": ("采暖季", "供暖季"),
    "early rice": ("早稻",), "late rice": ("晚稻",), "middle-season rice": ("中稻",),
    # Tiers of a subsidy or a price (一等资助, 第一档): an English ordinal with tier, grade or bracket.
    "first tier": ("一等", "一档", "第一档"), "second tier": ("二等", "二档", "第二档"),
    "third tier": ("三等", "三档", "第三档"), "top tier": ("一等", "一档", "第一档"),
    "tier one": ("一档", "第一档"), "tier two": ("二档", "第二档"), "tier three": ("三档", "第三档"),
    # …but cities ranked by tier are 一线城市, 二线城市.
    "tier one city": ("一线城市",), "tier one cities": ("一线城市",), "tier two city": ("二线城市",),
    "tier two cities": ("二线城市",), "tier three city": ("三线城市",), "tier three cities": ("三线城市",),
    # Trade: online and retail sales, e-commerce, farm products.
    "online retail sales": ("网络零售额", "网络零售"), "retail sales": ("零售额",),
    "online sales": ("网络销售", "线上销售"),
    "agricultural products": ("农产品",), "farm products": ("农产品",),
    # Vocational skill grades (职业技能等级): 初级工, 中级工, 高级工, 技师, 高级技师.
    "elementary-level": ("初级", "初级工"), "junior-level": ("初级", "初级工"), "entry-level": ("初级", "初级工"),
    "intermediate level": ("中级", "中级工"), "advanced level": ("高级", "高级工"),
    "intermediate worker": ("中级工",), "advanced worker": ("高级工",), "senior worker": ("高级工",),
    "technician": ("技师",), "senior technician": ("高级技师",),
    # Veterans' employment (退役军人就业): those who find their own jobs.
    "self-employed veterans": ("自主就业退役军人", "自主就业"), "self-employed": ("自主就业", "个体"),
    "per 1,000": ("每千",), "per thousand": ("每千",), "per 10,000": ("每万",), "per 100,000": ("每10万", "10万"),
    # Land acquisition and resettlement (征收土地补偿安置公告): the dictionary has acquisition as 并购 (a takeover).
    "acquisition": ("征收", "征地"), "land acquisition": ("征地", "征收"), "expropriation": ("征收",),
    "expropriate": ("征收",), "requisition": ("征收", "征用"), "compensation": ("补偿",), "compensate": ("补偿",),
    "resettlement": ("安置",), "resettle": ("安置",), "relocation": ("搬迁", "安置"), "relocate": ("搬迁",),
    "land-losing": ("被征地", "失地"), "losing land": ("被征地", "失地"),
    # Land-use rights sold by listing or auction (挂牌出让): a plot of land, not of a story (剧情).
    "plot": ("地块", "宗地"), "plots": ("地块", "宗地"), "land plot": ("地块", "宗地"),
    "starting price": ("起始价", "起拍价", "起价"), "opening price": ("起始价", "起拍价", "起价"),
    "reserve price": ("底价", "保留价"), "bid deposit": ("竞买保证金", "投标保证金", "保证金"),
    # Consumption and environment programmes every level runs.
    "trade in": ("以旧换新",), "new energy": ("新能源",), "wastewater": ("污水", "废水"),
    "waste water": ("污水", "废水"), "tail water": ("尾水",), "dibao": ("低保",), "seedling raising": ("育秧", "育苗"),
    # Words the dictionary glosses only by everyday senses (products: 制品, 用品; hazards: 风险) or not at all.
    "product": ("产品",), "products": ("产品",),
    # What a farm or a factory turns out is its 产量 (output), which the dictionary lacks for these verbs
    # (harvest: 采集, 收割; produce: 出产, 创作; yield: 低头, 屈挠).
    "harvest": ("产量", "收获", "收割"), "produce": ("产量", "生产"), "production": ("产量", "生产"),
    "yield": ("产量", "单产"), "output": ("产量", "产出"),
    "actual": ("实际", "实有"), "actually": ("实际", "实有"),
    "operating": ("运营", "运行"), "day care": ("日间照料",),
    "hazard": ("隐患", "风险"), "hazards": ("隐患", "风险"), "hidden hazards": ("隐患",),
    "dilapidated": ("危房", "危旧"), "quake-proofing": ("抗震",), "seismic": ("抗震",),
    "secondary vocational": ("中等职业", "中职"), "vocational education": ("职业教育",),
    "migrant workers": ("农民工",), "skills training": ("技能培训",),
    "skills upgrading": ("技能提升",), "skill upgrading": ("技能提升",), "skills improvement": ("技能提升",),
    "on the job": ("岗位", "在岗"), "coal-to-gas": ("煤改气",),
    "coal-to-electricity": ("煤改电",), "mobile source": ("移动源",),
    # Everyday senses the dictionary puts first (toilet: 化妆; visitors: 观众; lottery: 博彩; driver: 指导;
    # charge: 负荷; air defence: 国内; gig: 演出) where official documents write another word.
    "toilet": ("厕所", "户厕"), "toilets": ("厕所", "户厕"), "household toilet": ("户厕",),
    "household toilets": ("户厕",), "visitor": ("游客",), "visitors": ("游客",), "tourist": ("游客",),
    "tourists": ("游客",), "lottery": ("彩票",), "welfare lottery": ("福利彩票",), "sports lottery": ("体育彩票",),
    "driver": ("驾驶员", "司机"), "drivers": ("驾驶员", "司机"), "charge": ("收费", "费用"),
    "charges": ("收费", "费用"),
    "air defence": ("人防", "人民防空"), "air defense": ("人防", "人民防空"), "per person": ("每人", "人均"),
    "transport": ("交通", "运输"), "transportation": ("交通", "运输"), "traffic": ("交通",),
    "gig": ("零工",), "gig worker": ("零工",), "gig workers": ("零工",), "gig market": ("零工市场",),
    "gig markets": ("零工市场",), "farm machinery": ("农机", "农业机械"),
    # Mechanised field work, as rates (机耕率97.2%、机种率68.4%、机收率43.4%).
    "machine harvesting": ("机收", "机械化收获"), "mechanised harvesting": ("机收", "机械化收获"),
    "machine planting": ("机种", "机播", "机械化种植"), "machine sowing": ("机播", "机种"),
    "machine ploughing": ("机耕",), "machine tillage": ("机耕",), "contributions": ("缴费", "缴存"),
    # Money paid into a fund (住房公积金缴存额, 缴纳社保费): "paid in" is no payment out (支付).
    "paid in": ("缴存", "缴纳"), "pay in": ("缴存", "缴纳"), "paying in": ("缴存", "缴纳"),
    "trips abroad": ("出国",), "overseas trips": ("出国",), "power batteries": ("动力电池",),
    "power battery": ("动力电池",), "civil affairs": ("民政",),
    "wetland": ("湿地",), "wetlands": ("湿地",), "inbound": ("入境",), "treatment": ("处理", "治理", "治疗"),
    "domestic sewage": ("生活污水",), "domestic waste": ("生活垃圾",), "household waste": ("生活垃圾",),
    "sorting": ("分类",), "waste sorting": ("垃圾分类",),
    "rescue": ("救援",), "full time": ("专职",), "prepaid card": ("预付卡",),
    "prepaid cards": ("预付卡",), "start-ups": ("初创企业", "在孵企业"), "startups": ("初创企业", "在孵企业"),
    # Flood control: the drainage (排涝, 排水) of pumping stations and fields (the dictionary: 排水, 引流).
    "drainage": ("排涝", "排水"),
    # Border trade: ore concentrates (铜精矿) that the dictionary splits into 铜 (one character, no term) and 集中.
    "copper concentrate": ("铜精矿",), "zinc concentrate": ("锌精矿",), "lead concentrate": ("铅精矿",),
    "iron ore": ("铁矿砂", "铁矿石"),
    # Night-time economy (夜间, not the dictionary's 晚上), e-commerce, procurement results, audits, elderly homes.
    # Hyphens split words (night-time: "night time"), as the bridge reads the question.
    "night": ("夜间",), "night time": ("夜间",), "nighttime": ("夜间",), "e commerce": ("电子商务", "电商"),
    "ecommerce": ("电子商务", "电商"), "winning bid": ("中标", "成交"), "winning bidder": ("中标",),
    "turned down": ("不符合", "未通过"), "rejected": ("不符合", "未通过"), "clawed back": ("追回",),
    "got back": ("追回",), "age friendly": ("适老化",), "ageing friendly": ("适老化",), "aging friendly": ("适老化",),
    "elderly friendly": ("适老化",), "per tonne": ("每吨",), "per ton": ("每吨",),
    "maintenance": ("运维", "维护", "养护", "维修"),
    "traceability": ("追溯", "溯源"), "traceable": ("追溯", "可追溯"),
    # Sports facilities (fitness: 适存度, the biologist's sense; trail: 线索, a clue).
    "fitness": ("健身",), "trail": ("步道", "绿道"), "trails": ("步道", "绿道"),
    # Talent and employment (master: 主人; graduate: 出师, 卒业; employed: 雇用), receptions (招待会), long-term
    # care insurance (长期照护).
    "master": ("硕士",), "master plan": ("总体规划",), "graduate": ("毕业生", "毕业"), "graduates": ("毕业生",),
    "college graduate": ("高校毕业生", "大学生"), "college graduates": ("高校毕业生", "大学生"),
    "university graduate": ("高校毕业生", "大学生"), "university graduates": ("高校毕业生", "大学生"),
    "employed": ("就业", "雇用"), "reception": ("接待",), "receptions": ("接待",), "long term care": ("长期护理",),
    # Insurance premiums (奖金, 溢价: a bonus, a price premium) and mutual aid (互助: split as 相互 + 救助).
    "premium": ("缴费", "保费"), "premiums": ("缴费", "保费"), "mutual aid": ("互助",),
    # Care and health care (elderly care: 老年 + 照护; no grassroots; medical: 医药, 医护; institutions: 研究院).
    "elderly care": ("养老",), "grassroots": ("基层",), "medical": ("医疗",), "institution": ("机构",),
    "institutions": ("机构",),
    # Statistical and policy terms the dictionary lacks or glosses by their everyday parts (above: 之上, size: 大小;
    # satisfaction: none; revitalization: 维新; funeral: 丧礼 before the civil-affairs 殡葬).
    "above designated size": ("规模以上",), "above scale": ("规模以上",),
    "specialized and sophisticated": ("专精特新",), "specialised and sophisticated": ("专精特新",),
    "little giant": ("小巨人",), "little giants": ("小巨人",),
    "highly skilled": ("高技能",), "skilled worker": ("技能人才",), "skilled workers": ("技能人才",),
    "skilled talent": ("技能人才",), "skilled talents": ("技能人才",),
    "satisfaction": ("满意度", "满意率", "满意"), "satisfaction rate": ("满意率", "满意度"),
    "revitalization": ("振兴",), "rural revitalization": ("乡村振兴",), "funeral": ("殡葬", "丧葬"),
    # Grain (粮食, not the dictionary's 谷物) and its reserves, rotated (轮换) as they age; equipment installed (安装).
    "grain": ("粮食",), "grain reserve": ("储备粮", "粮食储备"), "grain reserves": ("储备粮", "粮食储备"),
    "rotation": ("轮换",), "install": ("安装",), "installed": ("安装",), "installation": ("安装",),
    # Meeting a standard (达标率 of effluent, of water quality).
    "compliance": ("达标", "合规"), "compliance rate": ("达标率",), "up to standard": ("达标",),
    # Jobs (the dictionary's first sense is Steve Jobs) and finding one (实现就业).
    "job": ("就业", "岗位"), "jobs": ("就业", "岗位"), "found jobs": ("实现就业", "就业"),
    "find jobs": ("实现就业", "就业"),
    "found work": ("实现就业", "就业"), "find work": ("实现就业", "就业"),
    # Social assistance's class of the destitute (特困人员: no income, no ability to work, no one to support them).
    "extreme poverty": ("特困",), "people in extreme poverty": ("特困人员", "特困"), "extremely poor": ("特困",),
    "destitute": ("特困",),
    # Households watched so that they do not slide back into poverty (防返贫监测对象).
    "falling back into poverty": ("返贫",), "fall back into poverty": ("返贫",), "return to poverty": ("返贫",),
    "relapse into poverty": ("返贫",), "returning to poverty": ("返贫",), "slipping back into poverty": ("返贫",),
    # Government bonds (国债; the ultra-long special treasury bonds of 2024 fund trade-ins and equipment renewal).
    "treasury bond": ("国债",), "treasury bonds": ("国债",), "government bonds": ("国债", "政府债券"),
    "special treasury bonds": ("特别国债",), "ultra long special treasury bonds": ("超长期特别国债",),
    # What people earn is their income (收入; from work away from home, 劳务收入).
    "earn": ("收入", "劳务收入"), "earned": ("收入", "劳务收入"), "earning": ("收入", "劳务收入"),
    "labour income": ("劳务收入",), "labor income": ("劳务收入",),
    # Categories lettered A, B, C are 甲类, 乙类, 丙类 (乙类病种, 甲类传染病), not grades (二级).
    "category a": ("甲类",), "category b": ("乙类",), "category c": ("丙类",), "class a": ("甲类",),
    "class b": ("乙类",), "class c": ("丙类",),
    # …and classes numbered one, two, three are 一类, 二类, 三类 (二类区域) or grades 一级, 二级 (一级保护野生动物,
    # 三级公路; class alone glosses as 社会, 等级).
    "class one": ("一类", "一级"), "class two": ("二类", "二级"), "class three": ("三类", "三级"),
    "class four": ("四类", "四级"), "class 1": ("一类", "一级"), "class 2": ("二类", "二级"),
    "class 3": ("三类", "三级"), "class 4": ("四类", "四级"),
    # Fined (罚款, 罚金; the adjective "fine" glosses as 优良, 良好).
    "fined": ("罚款", "罚金", "处罚"), "fines": ("罚款", "罚金"),
    # Posts filled by selection (选聘 rangers, 招录 civil servants) as well as by open recruitment (招聘).
    "recruited": ("招聘", "选聘", "招录", "聘用"), "newly recruited": ("新选聘", "新招聘", "新聘", "新招录", "新增"),
    "newly hired": ("新选聘", "新招聘", "新聘", "新招录", "新增"), "newly selected": ("新选聘", "新遴选", "新增"),
    # The two family-planning support schemes: rewards for rural families that kept to the policy (奖励扶助) and
    # special support for families whose only child died or was disabled (特别扶助).
    "special assistance": ("特别扶助", "专项", "帮助", "援助", "扶持"),
    "reward assistance": ("奖励扶助",), "incentive assistance": ("奖励扶助",), "reward support": ("奖励扶助",),
    # What the insured pays first (先行自付, 自费) and fees waived (减免).
    "self pay": ("自付", "自费"), "out of pocket": ("自付", "自费"), "pay themselves": ("自付",),
    # Improving low-yield forest or farmland is 改造 (低产林改造, 中低产田改造), as renovating is.
    "improvement": ("改造", "提升", "改善"),
    "waive": ("减免", "免除"), "waived": ("减免", "免除"), "waiver": ("减免",), "fee waiver": ("减免",),
    # Everyday senses first in the dictionary where official text means another (living: 居家; floor space: 地面,
    # 楼层; startup: 初创 only; summer: 壮年; high-standard: 高位).
    "high standard farmland": ("高标准农田",), "latest time": ("最迟", "截止"), "main works": ("主体工程", "主体"),
    "main structure": ("主体工程", "主体"), "mediation": ("调解",), "success rate": ("成功率",),
    "living": ("生活",), "living subsidy": ("生活补助", "生活补贴"), "living allowance": ("生活补助", "生活补贴"),
    "floor space": ("面积",), "floor area": ("面积",),
    "home purchase": ("购房",), "house purchase": ("购房",), "buying homes": ("购房",), "buying a home": ("购房",),
    "buy a home": ("购房",), "homebuyers": ("购房",), "startup": ("创业", "初创"),
    "unified management": ("统筹管理", "统一管理"), "summer": ("夏季", "暑期"), "study tour": ("研学",),
    "study tours": ("研学",), "prefecture level": ("地级", "州级"), "contribution": ("缴费", "贡献"),
    # Farming, fishing and herding seasons and bans (伏季休渔, 禁牧), and fruit the dictionary lacks.
    "fishing moratorium": ("休渔",), "fishing ban": ("禁渔", "休渔"), "grazing ban": ("禁牧",),
    "grazing prohibition": ("禁牧",), "bayberry": ("杨梅",), "bayberries": ("杨梅",),
    # Old housing, pipes and plants to renew are 老旧 (老旧小区, 老旧管网), not the dictionary's 古老 or 陈年.
    "old": ("老旧",),
    # Culture and tourism is one word of official text (文旅消费券, 文旅局), besides its two nouns.
    "culture and tourism": ("文旅", "文化", "旅游"), "cultural tourism": ("文旅", "文化", "旅游"),
    # Sizes, states and amounts of official text (size: 大小, current: 现在, 江流; above: 之上; capacity: 身份, 容量).
    "size": ("规模",), "current": ("目前", "现行"), "above": ("以上",), "capacity": ("能力", "容量"),
    "fund pool": ("资金池",), "pool": ("资金池",), "model": ("示范", "典型"), "send": ("报送", "上报"),
    # Health insurance: outpatient care, reimbursement (偿还 is repaying a debt).
    "outpatient": ("门诊",), "reimburse": ("报销",), "reimbursed": ("报销",), "reimbursement": ("报销",),
    "medical security": ("医疗保障", "医保"),
    # Utilities, farming and livestock (stock: 股份; dairy: 农业; tea garden: 园林; leakage: 渗漏).
    "prices": ("价格",), "water supply": ("供水",), "leakage": ("漏损", "渗漏"),
    "leakage rate": ("漏损率",), "in stock": ("存栏",), "slaughter": ("出栏", "屠宰"), "dairy": ("奶业", "乳业"),
    "forage": ("饲草",), "tailwater": ("尾水",), "tea garden": ("茶园",), "tea gardens": ("茶园",),
    "brick tea": ("砖茶",), "pomelo": ("沙田柚", "柚子"), "improved seed": ("良种",), "improved seeds": ("良种",),
    "vessel trips": ("艘次",), "new energy vehicles": ("新能源汽车",),
    # Schools, fairs, minorities, tax and finance terms the dictionary splits into everyday words.
    "primary and secondary schools": ("中小学",), "primary and secondary": ("中小学",), "booth": ("展位",),
    "booth fee": ("展位费",), "ethnic minorities": ("少数民族",), "ethnic minority": ("少数民族",),
    "ethnic unity": ("民族团结",), "autonomous region": ("自治区",), "additional deduction": ("加计扣除",),
    "super deduction": ("加计扣除",), "debt financing": ("债权融资", "融资"), "air raid": ("防空",),
    # Crops and rural trades the dictionary lacks or glosses by other senses (idle: 休闲).
    "tulou": ("土楼",), "combine harvester": ("收割机",), "combine harvesters": ("收割机",), "idle": ("闲置",),
    # Soil and crop-residue practices (conservation: 保育; straw: 稻草, 吸管).
    "conservation tillage": ("保护性耕作",), "black soil": ("黑土地", "黑土"), "straw": ("秸秆",),
    "crop straw": ("秸秆",), "subsoiling": ("深松",), "deep loosening": ("深松",),
    # Border trade (边民互市) and its customs clearance (通关).
    "border trade": ("互市", "边贸"), "border residents": ("边民",), "customs clearance": ("通关",),
    # Posts, interns and the money of welfare (见习 of employment internships; 衔接资金 bridging the end of poverty).
    "postdoctoral": ("博士后",), "internship": ("见习", "实习"), "interns": ("见习", "实习"),
    "intern": ("见习", "实习"), "kept on": ("留用",), "lottery welfare fund": ("彩票公益金",),
    "welfare fund": ("公益金",), "bridging funds": ("衔接资金",), "bridging": ("衔接",), "in difficulty": ("困难",),
    "small and micro enterprises": ("小微企业",), "small and micro": ("小微",), "state run": ("国有",),
    "state owned": ("国有",), "percentage": ("比例",),
    # Things bought and services given (a train: 培训; a window: 视窗).
    "steam train": ("小火车",), "little train": ("小火车",),
    "desks and chairs": ("课桌椅",), "eye care": ("护眼",), "second hand home": ("二手房",),
    "second hand housing": ("二手房",), "window": ("窗口",), "windows": ("窗口",),
    "health commission": ("卫生健康", "卫健委"),
    # A department's posts as its budget states them (编制数1,286人, 实有人数1,204人).
    "staffing": ("编制",), "staffing quota": ("编制",), "authorised staff": ("编制",), "authorized staff": ("编制",),
    # Information disclosure (信息公开; disclose: 揭露, an exposé) and what procurement saves (savings: 储蓄).
    "proactively": ("主动",), "proactive": ("主动",), "disclose": ("公开",), "disclosed": ("公开",),
    "disclosure": ("公开",), "savings rate": ("节支率", "节约率"), "saving rate": ("节支率", "节约率"),
    # Greenhouses of facility agriculture (span: 跨度; solar: 太阳能).
    "multi-span": ("连栋",), "multi-span greenhouse": ("连栋温室",), "solar greenhouse": ("日光温室",),
    "solar greenhouses": ("日光温室",), "plastic tunnel": ("冷棚", "大棚"),
    # Residents' requests a hotline takes in (诉求, 受理; request: 要求, 征求) and services after class (课后服务).
    "requests": ("诉求", "申请"), "citizen requests": ("诉求",), "take in": ("受理",), "took in": ("受理",),
    "after school": ("课后",), "after school services": ("课后服务",),
    "take part": ("参加", "参与"), "took part": ("参加", "参与"), "participate": ("参与", "参加"),
    "participation": ("参与", "参加"),
    # A case opened on a violation (立案查处; investigation alone glosses as 调查).
    "formal investigation": ("立案", "立案查处"), "opened a case": ("立案",), "cases opened": ("立案",),
    # Out of work (失业; the dictionary's 待业 and 无业 are rarer in official text).
    "unemployed": ("失业",), "unemployment": ("失业",), "registered as unemployed": ("登记失业",),
    "registered unemployed": ("登记失业",),
    # Sizes named together (大中型水库: large alone is 大型, one of its parts).
    "large and medium sized": ("大中型",), "large and medium": ("大中型",), "medium and large": ("大中型",),
    "small and medium sized": ("中小型", "中小"),
    # Prices that rise and fall (rose: 玫瑰, the flower; fell: 砍伐, of trees).
    "rose in price": ("上涨",), "rise in price": ("上涨",), "risen in price": ("上涨",), "went up": ("上涨", "上升"),
    "fell in price": ("下降", "下跌"), "fall in price": ("下降", "下跌"), "went down": ("下降", "下跌"),
    "price rise": ("上涨",), "price rises": ("上涨",),
    # A supplier's challenge to a procurement result (质疑; the dictionary's 挑战 after it); money disbursed (拨付, a
    # loan's 放款: the dictionary has none); "how long" asks, it names nothing (long alone glosses 多头, 悠久).
    "challenge": ("质疑", "挑战"), "challenges": ("质疑", "挑战"), "disburse": ("拨付", "发放", "放款"),
    "disbursement": ("拨付", "发放", "放款"), "how long": (),
    # Parking (泊位 spaces, 夜间包月 overnight passes, 周边居民 nearby residents) and a cost audit (成本监审: cost alone
    # glosses as 费用, 花费, which what something costs is; the audited cost is 成本).
    "parking space": ("泊位", "停车位", "车位"), "parking spaces": ("泊位", "停车位", "车位"),
    "overnight": ("夜间", "过夜"), "monthly pass": ("包月",),
    "nearby": ("周边", "附近"), "annual cost": ("年均成本", "成本", "年度"), "cost audit": ("成本监审",),
    # Tea gardens interplanted with shade trees (套种遮阴树; the dictionary has 间作 only).
    "interplant": ("套种", "间作"), "interplanting": ("套种", "间作"), "shade": ("遮阴", "遮荫"),
}
# The bridge reads a hyphen as a space (coal-to-gas: "coal to gas"), so the keys are looked up that way; an entry is
# written once, either way.
CURATED = {english.replace("-", " "): chinese for english, chinese in {**OFFICIAL, **GOVERNMENT}.items()}
