"""The measure word a question asks its figure in (多少项 → 项, how many households → 户, how long → a duration in
any unit of time, how much land → an area), and the measures whose figures do not answer it.
"""

from __future__ import annotations

import re

from rag.text.figures import AREA_UNITS, VOLUME_UNITS

# How fast something grew asks for a rate (增长6.4%), not a duration (how fast applications are processed).
GREW = r" (?:did|has|have|does|do|is|was) .{0,40}?(?:grow|rise|increase|expand)"
AUX = r"(?:did|does|do|was|were|is|are|has|have|will)"
# A score (得分91.6分), however much the question says of the fund or spending it scores.
SCORE_ASKED = re.compile(r"\b(?:what|which) (?:[\w-]+ ){0,2}?score\b|\bhow many points\b|"
                         r"得了?多少分(?![配红钟之数值])|得分(?:是|为)?多少", re.I)
# (in 10,000 tonnes): the measure an English question asks its figure in.
IN_UNITS = r"\bin (?:10,000 |ten thousand |thousands of )?"
# An age (the upper age limit, up to what age, 年龄上限是多少): a count of years of age (35周岁以下).
_AGE_ASKED = re.compile(r"\b(?:(?:upper|lower|maximum|minimum) age|age (?:limit|cap|ceiling)s?|"
                        r"(?:what|which) age|how old (?:must|should|can|may|are|is) (?:an? |the )?(?:applicants?|"
                        r"candidates?|people|persons?|residents?|workers?|children|students?|recipients?))\b|"
                        r"年龄(?:上限|下限|限制|要求)?(?:是|为|放宽到|放宽至)?(?:多少|多大)|多大年龄|几岁", re.I)


_UNIT_ASKED = re.compile(
    r"(?:多少|(?<!哪)几)\s*(?:[万亿](?!元))?\s*(个百分点|个工作日|个月|人次|家次|户次|项|个|家|户|名|人|场|次|件|篇|所|台|套|位|种|类|条|倍|小时|分钟|天|"
    r"周岁|岁|年|"
    r"分(?![钟之])|起|笔|例|宗|本|座|处(?![理置罚])|张|辆|栋|艘|架|册|份(?!额)|株|棵|盏|眼|只|头|部(?![门分署委位])|"
    r"批(?![准复])|届|期(?![间限货])|支(?![出持付撑])|股(?![权份东])|款(?!项)|"
    r"亩|公顷|吨|立方米|平方米|平方公里|公里|千瓦时|万元|亿元|元)"
)
# "How long" (多久, 多长时间) asks for a duration in any unit of time (12个工作日, 3年): 天 stands for the class.
# 多少分钟内电话报告 asks a duration too, though it names the phone.
_DURATION_ASKED = re.compile(rf"多久|多长时间|多长的?(?:期限|时间|时限)|(?:多少|几)个?(?:分钟|小时|工作日)|"
                             rf"(?:期限|时限|时长|时间|周期|期)(?:是|为|有)?多长|"
                             rf"\bhow (?:long|soon)\b|"
                             rf"\bhow (?:quickly|fast)\b(?!{GREW})|"
                             r"\bhow many (?:days|months|years|working days|hours|minutes)\b|\bwithin how many\b", re.I)
# An English question that names working days, hours or minutes asks for them, as 多少个工作日 does; "how many days"
# asks for days of any kind (天).
_NAMED_TIME_ASKED = re.compile(r"\bhow many (working days|hours|minutes)\b", re.I)
_NAMED_TIME_UNITS = {"working days": "个工作日", "hours": "小时", "minutes": "分钟"}
# How long is the section of the trail? A length (4.6公里), not a duration; how long is the notice period is one.
_LENGTH_ASKED = re.compile(r"\bhow long (?:is|was|are|were|will be)\s+(?:(?:the|a|an|each|its|their)\s+)?"
                           r"(?:[\w'&-]+\s+){0,3}?(?:sections?|roads?|trails?|paths?|"
                           r"pipelines?|pipes?|rivers?|canals?|railways?|highways?|expressways?|greenways?|"
                           r"embankments?|dikes?|dykes?|levees?|bridges?|tunnels?|walls?|routes?|channels?|"
                           r"corridors?|cables?)\b", re.I)
# How long is a dog leash: a length in metres (1.5米).
_SHORT_LENGTH_ASKED = re.compile(r"\bhow long (?:is|was|are|were|will be|can|may|must)\s+(?:(?:a|an|the|each|every|"
                                 r"one|my|your)\s+)?(?:[\w-]+\s+){0,2}?(?:leash(?:es)?|ropes?|cords?|hoses?|poles?|"
                                 r"planks?)\b(?=\s*\?|\s+(?:be|is|are|allowed|can|must|may|in|at|for|on|of|when)\b)",
                                 re.I)
# How much water (用水量, 补水多少): a volume, in 立方米 or 吨 (5立方米, 1.1亿立方米, 120万吨).
# Not water that names what money is for (how much water conservancy investment, water-saving reward money).
_VOLUME_ASKED = re.compile(r"\bhow much (?:\w+ ){0,2}?water\b(?![\s-]+(?:[\w-]+[\s-]+){0,2}?(?:investment|"
                           r"funding|funds?|money|subsid\w*|spending|expenditure|revenue|budget|fees?|charges?|prices?|tariffs?|"
                           r"awards?|rewards?|compensation|costs?|grants?)\b)|"
                           r"(?:用水量|水量|补水量?|供水量|节水量?)(?:有|是|为|达到?)?多少", re.I)
# "How much land" asks for an area in any unit of area: 亩 stands for the class.
# The measured noun is the one before the verb (how much new civil air defence floor space did …), or within two
# words of "how much" (how much land for …).
# (How much per mu of cultivated land is set aside for …: a rate per mu, not an area.)
# (How much does a forest ranger get paid: money; the area noun names a person's work there.)
_AREA_NOUNS = (r"(?:land|area|acreage|farmland|cropland|forest|orchards?|tea gardens?|fields?|floor ?space)"
               r"(?![\s-]+(?:rangers?|guards?|wardens?|keepers?|workers?|officers?|police|firefighters?)\b)")
_AREA_ASKED = re.compile(rf"\bhow (?:much|large an?) (?:\w+ ){{0,2}}?{_AREA_NOUNS}\b|"
                         rf"\bhow much (?!per\b)(?:[\w-]+ ){{3,6}}?{_AREA_NOUNS} {AUX}\b|"
                         r"面积(?:有|是|为|达到?)?多(?:少|大)|"
                         r"\bhow (?:big|large) (?:is|are|was|were) (?:[\w'&-]+ ){0,6}?(?:area|acreage|land)\b", re.I)


# The measure word Chinese uses for what an English question counts (how many households → 户); the
# counted noun comes before any "of" (how many needs of companies counts needs, not companies).
# "how many" and up to three words before the counted noun (hyphenated ones too: fruit-growing households; how many
# of the goods counts goods).
# (full-time master's graduates: 人)
_HOW_MANY = r"\bhow many (?:of (?:the|these|those|its|their) )?(?:(?!of\b)[\w-]+(?:['’]s)? ){0,3}?"
# "how many" and up to two words before a unit of measure, a number among them (how many 10,000 mu).
_HOW_MANY_OF = r"\bhow many (?:(?!of\b)[\w,-]+ ){0,2}?"
_NOT_OF_ANIMALS = (r"(?!\s+(?:farms?|enterprises?|compan\w*|slaughter\w*|breed\w*|markets?|plants?|houses?|"
                   r"coops?|pens?|products?|industr\w*|cooperatives?|bases?|units?))")  # (sheep units: 羊单位)
_EN_UNITS = (
    (re.compile(_HOW_MANY + r"(?:households|families|farm households)\b", re.I), "户"),
    (re.compile(_HOW_MANY + r"(?:companies|firms|enterprises|businesses|banks|platforms|providers|"
                r"suppliers|vendors|operators|hospitals|clinics|shops|stores|restaurants|hotels|homestays|guesthouses|"
                r"factories|merchants|retailers|outlets|dealers)\b", re.I), "家"),
    # Tourists and visitors are counted per visit (接待游客186.5万人次).
    (re.compile(_HOW_MANY + r"(?:person-times|visits|trips|attendances|tourists|visitors|"
                r"services|meals)\b",
                re.I), "人次"),
    (re.compile(_HOW_MANY + r"(?:people|persons|workers|residents|students|trainees|members|"
                r"researchers|staff|experts|doctors|teachers|officials|scientists|graduates|volunteers|professionals|"
                r"specialists|employees|personnel|participants|patients|children|pupils|farmers|herders|villagers|"
                r"beneficiaries|recipients|retirees|nurses|technicians|instructors|inspectors|rangers|drivers|"
                r"entrepreneurs|talents|cadres|judges|lawyers|coaches|athletes|trainers|caregivers|chiefs|interns|"
                r"apprentices|learners|jobseekers|job seekers|migrants|veterans|physicians|pharmacists|midwives|"
                r"carers|tutors|guides|pensioners|women|men|persons with disabilities|people with disabilities)\b"
                r"(?!['’])", re.I),  # not veterans' businesses: what those count
     "人"),
    # Not "projects": Chinese counts them as 8个项目 as often as 30项.
    (re.compile(_HOW_MANY + r"(?:items|patents|standards|achievements)\b", re.I), "项"),
    (re.compile(_HOW_MANY + r"(?:instruments|machines|devices|sets of equipment)\b", re.I),
     "台"),
    # Kinds of goods (监测的48种商品中，上涨的17种; 38个品种 too), not "products", which Chinese counts as 个 as often.
    (re.compile(_HOW_MANY + r"(?:goods|commodities)\b", re.I), "种"),
    (re.compile(_HOW_MANY + r"(?:spots|sites|locations|points)\b", re.I), "处"),
    # Charging ports and sockets are counted with 个 (充电端口4,380个), not the 辆 of the bikes they charge.
    (re.compile(_HOW_MANY + r"(?:ports|sockets)\b", re.I), "个"),
    # Units of measure an English question names (how many tonnes, how many 10,000 mu; in 10,000 tonnes).
    (re.compile(IN_UNITS + r"(?:tonnes|tons)\b", re.I), "吨"),
    (re.compile(IN_UNITS + r"(?:kilometres|kilometers|km)\b", re.I), "公里"),
    (re.compile(IN_UNITS + r"(?:mu|hectares)\b", re.I), "亩"),
    (re.compile(_HOW_MANY_OF + r"(?:tonnes|tons)\b", re.I), "吨"),
    (re.compile(_HOW_MANY_OF + r"(?:kilometres|kilometers|km)\b", re.I), "公里"),
    (re.compile(_HOW_MANY_OF + r"mu\b", re.I), "亩"),
    (re.compile(_HOW_MANY_OF + r"hectares\b", re.I), "公顷"),
    (re.compile(r"\bhow many (?:(?!of\b)[\w-]+ ){0,3}?beds\b", re.I), "张"),
    (re.compile(_HOW_MANY + r"(?:vehicles|buses|cars|trucks)\b", re.I), "辆"),
    (re.compile(_HOW_MANY + r"(?:vessels|boats|ships)\b", re.I), "艘"),
    (re.compile(_HOW_MANY + r"(?:trees|seedlings|saplings)\b", re.I), "株"),
    # (Not the animals of poultry farms or cattle enterprises: what those count.)
    (re.compile(_HOW_MANY + rf"(?:cattle|cows|pigs|hogs|yaks|head)\b{_NOT_OF_ANIMALS}", re.I), "头"),
    # Sheep and goats are counted with 只 (奶山羊42.6万只), where cattle beside them are 头.
    (re.compile(_HOW_MANY + rf"(?:sheep|goats|lambs|chickens|ducks|geese|poultry|birds)\b{_NOT_OF_ANIMALS}", re.I),
     "只"),
    (re.compile(_HOW_MANY + r"(?:routes|roads|rivers|streets|lines)\b", re.I), "条"),
    (re.compile(_HOW_MANY + r"(?:lifts|elevators)\b", re.I), "部"),
    # Flats on offer are counted in sets (保障性租赁住房412套).
    (re.compile(_HOW_MANY + r"(?:flats|apartments)\b", re.I), "套"),
    (re.compile(_HOW_MANY + r"(?:complaints)\b", re.I), "件"),
    (re.compile(_HOW_MANY + r"(?:passports)\b", re.I), "本"),
    # Samples of a food or product inspection are counted in batches (抽检1,050批次, 不合格7批次).
    (re.compile(_HOW_MANY + r"(?:batches|samples)\b", re.I), "批次"),
    # Places are counted with 个 (104个县（市、区）).
    (re.compile(r"\bhow many (?:(?!of\b)\w+ ){0,3}?(?:counties|districts|cities|towns|townships|villages|"
                r"provinces|prefectures)\b", re.I), "个"),
    (re.compile(r"\bpercentage points?\b", re.I), "个百分点"),
    # Incidents are counted with 起 (火灾62起, 安全事故3起).
    (re.compile(_HOW_MANY + r"(?:fires|accidents|incidents)\b", re.I), "起"),
    # Cases (诉求1,286件, 受理行政复议案件3,120件) are counted with 件, and with 起 too (刑事案件12起).
    (re.compile(_HOW_MANY + r"cases\b", re.I), "件"),
    # A score is written in 分 (得分91.6分); 多少分 names it in Chinese.
    (SCORE_ASKED, "分"),
)


# 户数, 层数, 人数 … 是多少: the noun counts in its measure word (层数的上限分别是多少: 3层, not 10.5米).
_COUNT_NOUN_ASKED = re.compile(r"([户人层件次家项台辆所座])数[^，,。？?；;]{0,10}?(?:多少|几)")


def expected_unit(question: str) -> str | None:
    """The measure word a question names (多少项 → 项; how many households → 户), if any."""
    match = _UNIT_ASKED.search(question) or _COUNT_NOUN_ASKED.search(question)
    if match:
        return match.group(1)
    if _LENGTH_ASKED.search(question):
        return "公里"
    if _SHORT_LENGTH_ASKED.search(question):
        return "米"
    if named := _NAMED_TIME_ASKED.search(question):
        return _NAMED_TIME_UNITS[named.group(1).lower()]
    if _DURATION_ASKED.search(question):
        return "天"
    if _AREA_ASKED.search(question):
        return "亩"
    if _VOLUME_ASKED.search(question):
        return "立方米"
    if _AGE_ASKED.search(question):
        return "岁"
    # The noun nearest "how many" is what it counts (how many beds do the homestays have: beds).
    found = [(m.end(), unit) for pattern, unit in _EN_UNITS if (m := pattern.search(question))]
    return min(found)[1] if found else None


# "How many trails" counts things; a length, an area or a weight (482公里) measures them. Not when the words after
# "how many" name a measure (how many kilometres of trails, how many square metres).
_HOW_MANY_WORDS = re.compile(r"\bhow many((?:\s+[\w'&-]+){1,4})", re.I)
_MEASURE_NAMED = re.compile(r"\b(?:(?:kilo|centi)?met(?:re|er)s?|km|mu|hectares?|tonnes?|tons?|square|cubic|"
                            r"kilowatt\w*|kwh|megawatt\w*|litres?|liters?|kilograms?|kg|jin)\b", re.I)
# What a place produces or harvests is a quantity (29.7万吨 of oil), never the area it grows on (53.8万亩).
_OUTPUT_ASKED = re.compile(r"\b(?:produc(?:e|ed|es|tion)|output|harvest(?:ed|s)?)\b|产量", re.I)
_PHYSICAL = AREA_UNITS | VOLUME_UNITS | {"公里", "千米", "米", "厘米", "毫米", "公斤", "千克", "千瓦时", "千瓦", "兆瓦",
                                        "马力"}


# …nor a change or a rate asked (城镇化水平提升了多少, how much did forest coverage rise).
_POINTS_ASKED = re.compile(r"百分点|提高|提升|增长|增加|下降|降低|减少|高出|低于|[率比]|水平|\bpoints?\b|"
                           r"\b(?:rise|rose|risen|increase\w*|fell|fall\w*|declin\w*|drop\w*|higher|lower|rate|share|coverage|"
                           r"proportion|percent\w*)\b", re.I)


def unasked_measures(question: str) -> frozenset[str]:
    """The measure words whose figures do not answer a question, though other counts may: a length, area, volume or
    weight for how many of something (how many fitness trails), an area for how much was produced."""
    # A change in percentage points (比上年末提高0.86个百分点) is a rate's, never what a question counts unless it
    # names them.
    points = frozenset() if _POINTS_ASKED.search(question) else frozenset({"个百分点"})
    found = _HOW_MANY_WORDS.search(question)
    if found and not _MEASURE_NAMED.search(found.group(1)):
        return _PHYSICAL | points
    return (AREA_UNITS if _OUTPUT_ASKED.search(question) and not _AREA_ASKED.search(question) else frozenset()) | points


def asks_measure(question: str) -> bool:
    """The question asks a quantity in a class of measure (a duration, an area, a volume, a length, an age), not a
    sum of money or a rate, whatever else it names."""
    return any(p.search(question) for p in (_DURATION_ASKED, _AREA_ASKED, _VOLUME_ASKED, _LENGTH_ASKED, _AGE_ASKED))
