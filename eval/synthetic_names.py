"""Real place names and common Chinese names for the synthetic documents (eval.synthetic).

The sample corpus is five replies of 吉林省科学技术厅; a synthetic document moves one of them
to another province: 吉林省 → 辽宁省, 长春 → 沈阳, its cities and counties → that province's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Province:
    name: str  # 辽宁 (without 省)
    abbreviation: str  # 辽, as in 辽科发〔2024〕12号
    capital: str
    cities: tuple[str, ...]  # prefecture-level
    counties: tuple[str, ...]  # county-level cities and counties


# name|abbreviation|capital|cities|counties. 浙江 and 山东 are left out: the corpus pairs 吉 with 浙 and 鲁
# (吉浙跨区域合作), which would read 浙浙 or 鲁鲁.
_PROVINCES = """\
辽宁|辽|沈阳|大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 铁岭 朝阳 盘锦 葫芦岛|瓦房店 庄河 海城 东港 凤城 \
凌海 北镇 盖州 大石桥 灯塔 调兵山 开原 北票 凌源 兴城 新民
黑龙江|黑|哈尔滨|齐齐哈尔 牡丹江 佳木斯 大庆 鸡西 双鸭山 伊春 七台河 鹤岗 黑河 绥化|五常 尚志 讷河 海林 宁安 \
穆棱 绥芬河 虎林 密山 富锦 同江 北安 安达 肇东 海伦
河北|冀|石家庄|唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水|辛集 晋州 新乐 遵化 迁安 武安 南宫 沙河 \
涿州 定州 安国 高碑店 泊头 任丘 黄骅 河间 霸州 三河 深州
山西|晋|太原|大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁|古交 介休 永济 河津 原平 侯马 霍州 孝义 汾阳 \
高平
江苏|苏|南京|无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁|江阴 宜兴 新沂 邳州 溧阳 常熟 \
张家港 昆山 太仓 启东 如皋 海安 东台 仪征 高邮 丹阳 扬中 句容 兴化 靖江 泰兴
安徽|皖|合肥|芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城|巢湖 无为 桐城 \
潜山 天长 明光 界首 宁国 广德
福建|闽|福州|厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德|福清 永安 石狮 晋江 南安 邵武 武夷山 建瓯 漳平 福安 \
福鼎
江西|赣|南昌|景德镇 萍乡 九江 新余 鹰潭 赣州 宜春 抚州 上饶|乐平 瑞昌 共青城 贵溪 瑞金 龙南 井冈山 丰城 樟树 \
高安 德兴
河南|豫|郑州|开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店|巩义 荥阳 \
新密 新郑 登封 舞钢 汝州 林州 卫辉 辉县 沁阳 孟州 禹州 长葛 义马 灵宝 邓州 永城 项城
湖北|鄂|武汉|黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州|大冶 丹江口 宜都 当阳 枝江 老河口 枣阳 \
宜城 京山 钟祥 应城 安陆 汉川 石首 洪湖 松滋 麻城 武穴 赤壁 广水
湖南|湘|长沙|株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底|浏阳 宁乡 醴陵 湘乡 韶山 耒阳 \
常宁 武冈 汨罗 临湘 沅江 资兴 洪江 冷水江 涟源
广东|粤|广州|深圳 珠海 汕头 佛山 韶关 湛江 肇庆 江门 茂名 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 \
云浮|乐昌 南雄 台山 开平 鹤山 恩平 廉江 雷州 吴川 高州 化州 信宜 四会 兴宁 陆丰 阳春 英德 连州 普宁 罗定
四川|川|成都|自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳|都江堰 \
彭州 邛崃 崇州 简阳 广汉 什邡 绵竹 江油 峨眉山 阆中 华蓥 万源 隆昌 射洪
贵州|黔|贵阳|六盘水 遵义 安顺 毕节 铜仁|清镇 赤水 仁怀 盘州 兴义 兴仁 凯里 都匀 福泉
云南|滇|昆明|曲靖 玉溪 保山 昭通 丽江 普洱 临沧|安宁 宣威 腾冲 水富 个旧 开远 蒙自 弥勒 大理 瑞丽 芒市
陕西|陕|西安|铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛|兴平 彬州 韩城 华阴 子长 神木 旬阳
甘肃|甘|兰州|嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南|玉门 敦煌 华亭 临夏 合作
海南|琼|海口|三亚 儋州|五指山 琼海 文昌 万宁 东方
青海|青|西宁|海东|格尔木 德令哈 同仁 玉树 茫崖
"""

PROVINCES = tuple(
    Province(name, abbreviation, capital, tuple(cities.split()), tuple(counties.split()))
    for name, abbreviation, capital, cities, counties in (line.split("|") for line in _PROVINCES.splitlines())
)

# The source corpus's own places: 吉林省's capital, prefecture-level cities and county-level places.
SOURCE_PROVINCE, SOURCE_ABBREVIATION, SOURCE_CAPITAL = "吉林", "吉", "长春"
SOURCE_CITIES = ("吉林市", "四平", "辽源", "通化", "白山", "松原", "白城", "延边")
# Only names that never occur inside other words of the corpus (集安 does: 中集安瑞科).
SOURCE_COUNTIES = ("梅河口", "公主岭", "舒兰", "磐石", "珲春", "敦化", "大安", "永吉")

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN_CHARS = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉晓文斌宇浩凯鹏辉俊峰雪梅琳婷慧颖"
               "晨欣怡子涵思远海波立新振东春燕光荣永胜德福宏亮佳琪博宁守成学军秋月海燕晓东")

# Per occurrence, a word becomes any member of its group, so that no two documents share every sentence.
SYNONYMS = (
    ("推动", "推进", "促进"), ("加强", "强化"), ("积极", "大力", "主动"), ("持续", "不断"), ("提升", "提高"),
    ("支持", "扶持"), ("建立", "构建", "搭建"), ("加快", "加速"), ("有关", "相关"), ("目前", "当前"),
    ("深入", "扎实"), ("充分", "全面"), ("重要", "重大"), ("加大", "增加"), ("有效", "切实"), ("逐步", "稳步"),
    ("组建", "成立"), ("着力", "努力"), ("显著", "明显"), ("培育", "培养"), ("引导", "鼓励"), ("举办", "召开"),
    ("部署", "安排"),
)
