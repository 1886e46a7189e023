"""Vocabulary of Chinese quantity expressions: numerals, units and qualifiers.

Data only. :mod:`gyantse.quantities` builds its grammar from these tables, so a
new unit or qualifier word is added here and nowhere else. Every table holds the
traditional characters of the article and their simplified forms.
"""

__all__ = [
    "ARABIC_DIGITS",
    "BARE_START_MULTIPLIERS",
    "BEFORE_MULTIPLIER_ONLY",
    "BEFORE_SCALED_ONLY",
    "BIG_MULTIPLIERS",
    "CHINESE_DECIMAL_POINTS",
    "CHINESE_DIGITS",
    "CLAUSE_CONTINUATIONS",
    "CLAUSE_ENDS",
    "COHORT_WORDS",
    "COUNTED_NOUNS",
    "DECIMAL_POINTS",
    "DETERMINERS",
    "DISTRIBUTIVE",
    "DOUBLINGS",
    "DURATION_VERBS",
    "FINANCIAL_DIGITS",
    "HALF",
    "HALF_NOT_AFTER",
    "HALF_UNITS",
    "HEDGE_WORDS",
    "IDIOMS",
    "JOINERS",
    "LIST_ITEM_DATED",
    "LIST_ITEM_TARGETS",
    "MAX_FIGURE_CHARS",
    "MINUS_SIGNS",
    "MODAL_NOT_BEFORE",
    "MODAL_WORDS",
    "NAME_ENDINGS",
    "NOT_BEFORE_FIGURE",
    "NOT_MODAL_AFTER",
    "ORDINAL_AFTER_DIGIT",
    "ORGANISATIONS",
    "PERIOD_BEFORE",
    "PERIOD_NOT_AFTER",
    "PLAN_BREAKDOWNS",
    "PLAN_CONTINUATIONS",
    "PROPORTIONS",
    "QUALIFIED_UNITS",
    "QUALIFIERS",
    "QUALIFIERS_AFTER",
    "QUALIFIERS_BEFORE",
    "QUALIFIERS_BETWEEN",
    "QUALIFIER_AFTER_NOT_BEFORE",
    "QUALIFIER_NOT_AFTER",
    "QUOTES",
    "RANGE_SEPARATORS",
    "RECENT_BEFORE",
    "SEPARATOR_NOT_BEFORE",
    "SMALL_MULTIPLIERS",
    "TARGET_AFTER",
    "TARGET_LISTS",
    "THOUSANDS_SEPARATORS",
    "TIME_SPAN_UNITS",
    "TITLE_MARKS",
    "UNITS",
    "UNIT_LABELS",
    "UNIT_NOT_BEFORE",
    "VAGUE_COUNT",
    "YEAR_PREFIXES",
    "YEAR_WORD",
]

# ---------------------------------------------------------------------------
# Numerals
# ---------------------------------------------------------------------------

#: Arabic digits, ASCII and full-width, mapped to their ASCII form.
ARABIC_DIGITS: dict[str, str] = {
    **{str(d): str(d) for d in range(10)},
    **{chr(0xFF10 + d): str(d) for d in range(10)},
}

#: Decimal points written between Arabic digits (ASCII and full-width).
DECIMAL_POINTS: tuple[str, ...] = (".", "．")

#: Thousands separators between groups of three Arabic digits (1,500 and 1，500).
THOUSANDS_SEPARATORS: tuple[str, ...] = (",", "，")

#: Minus signs written directly before a figure: -5% is minus five percent.
#: Words such as 減少 or 下降 are not signs: the figure stays positive.
MINUS_SIGNS: tuple[str, ...] = ("-", "\u2212", "\uff0d")  # ASCII, minus, full width

#: The longest figure, in characters, that is read as a number. Longer runs of
#: digits are codes or noise, and reading them would take time that grows with
#: their square.
MAX_FIGURE_CHARS: int = 64

#: Everyday Chinese digits. 兩/两 is "two" before a classifier or multiplier.
CHINESE_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0,
    "一": 1,
    "二": 2, "兩": 2, "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

#: Formal (financial) digits, used on contracts and receipts.
FINANCIAL_DIGITS: dict[str, int] = {
    "壹": 1,
    "貳": 2, "贰": 2,
    "參": 3, "叁": 3, "叄": 3,
    "肆": 4,
    "伍": 5,
    "陸": 6, "陆": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}

#: Decimal points between Chinese digits, as in 三點五 (3.5).
CHINESE_DECIMAL_POINTS: tuple[str, ...] = ("點", "点")

#: 半 "half", a numeral only before a unit of time (半年, 半個月, 半天): 0.5.
HALF: str = "半"

#: Characters before 半 that make it part of another word: 上半年 and 下半年 (the
#: halves of a year, a period), 大半年 "most of a year", 多半, 過半, 一半, 每半年.
HALF_NOT_AFTER: str = "上下前後后大多過过一每"

#: Units of time that hold a half after the figure: 一年半 is 1.5 years, 兩個半月
#: 2.5 months, 一個半小時 1.5 hours; mapped to their unit code.
HALF_UNITS: dict[str, str] = {
    "年半": "year",
    "個半月": "month", "个半月": "month",
    "天半": "day",
    "個半小時": "hour", "个半小时": "hour",
}

#: Multipliers inside a group of four digits (everyday and formal forms).
SMALL_MULTIPLIERS: dict[str, int] = {
    "十": 10, "拾": 10,
    "百": 100, "佰": 100,
    "千": 1_000, "仟": 1_000,
}

#: Multipliers of whole groups of four digits; 萬億 is their product, 10**12.
BIG_MULTIPLIERS: dict[str, int] = {
    "萬": 10**4, "万": 10**4,
    "億": 10**8, "亿": 10**8,
}

#: Multipliers that may open a figure on their own anywhere: 十 in 十五, 十人.
#: The others (百, 千, 萬, 億) open one only after a qualifier, as in 逾千人 or
#: 近萬人, so that 千萬 ("by all means") and 千家萬戶 are not read as figures.
BARE_START_MULTIPLIERS: tuple[str, ...] = ("十",)

# ---------------------------------------------------------------------------
# Ranges
# ---------------------------------------------------------------------------

#: Words between the two ends of a range: 3至5萬元, 8到10個月, 3%-5%, 3~5天.
#: Adjacent Chinese digits are a range too, with no word between: 五六個.
RANGE_SEPARATORS: tuple[str, ...] = ("至", "到", "-", "~", "～", "〜", "—", "–", "－")

#: Separator mapped to characters that may not follow it: —— is a dash.
SEPARATOR_NOT_BEFORE: dict[str, str] = {"—": "—", "-": "-"}

# ---------------------------------------------------------------------------
# Context that makes a number something other than a quantity
# ---------------------------------------------------------------------------

#: Characters that, directly before a figure, make it an ordinal (第一) or a
#: vague count (數十, 幾百): no figure is read after them.
NOT_BEFORE_FIGURE: str = "第幾几"

#: 數 before a figure makes it vague (數十), unless a noun before 數 makes it "the
#: number of": 參與人數1489人, 戶數, 總數.
VAGUE_COUNT: str = "數数"
COUNTED_NOUNS: str = "人戶户總总頭头個个次家株口"

#: Words before 一 that make it a determiner rather than a count:
#: 上一年 "the previous year", 這一種 "this kind", 每一個 "every".
DETERMINERS: str = "上下前後后同這这那哪每該该本當当某頭头"

#: The unit word that, after four Arabic digits, names a calendar year (2023年).
YEAR_WORD: str = "年"

#: Words that, after four Arabic digits, name a cohort by its year, not a count:
#: 2025級新生 "the freshmen of 2025", 2025屆畢業生 "the graduates of 2025".
COHORT_WORDS: str = "級级屆届"

#: Fixed expressions that hold a numeral and a classifier but state no
#: quantity: 兩位數增長 "double-digit growth", 一年一度 "yearly", 一家人 "a family".
#: A figure that overlaps one of them is not read. A classifier repeated after
#: 一 (一項項, 一張張 "one after another") is refused by the grammar itself.
IDIOMS: tuple[str, ...] = (
    "兩位數", "两位数", "三位數", "三位数",
    "一年一度", "一年比一年", "一年到頭", "一年到头", "一年四季",
    "一家人", "一家子", "一家一戶", "一家一户", "一戶一策", "一户一策",
    "一村一品", "一人一崗", "一人一岗",
    "一次性",
    "們一家", "们一家",  # 他們一家: the family
    "十七條協議", "十七条协议",
    "一年半載", "一年半载",  # "a year or so"
)

#: Last characters of Tibetan personal names: 一家 after them is "the family"
#: (格松次仁一家搬進了新居, 伍金一家以前住在…), unless an organisation follows.
NAME_ENDINGS: str = "仁西金珠吉杰傑措姆旦瑪玛布增嘎央宗卓桑才平次巴登扎"

#: Words after 一家 that make it one organisation even after a name ending:
#: 仲巴一家企業 "an enterprise in Zhongba".
ORGANISATIONS: tuple[str, ...] = (
    "企業", "企业", "公司", "合作社", "工廠", "工厂", "醫院", "医院", "酒店",
    "賓館", "宾馆", "商店", "門店", "门店", "餐廳", "餐厅", "銀行", "银行", "單位",
    "单位", "機構", "机构", "工作室", "農家樂", "农家乐", "民宿", "超市",
)


# ---------------------------------------------------------------------------
# Units and classifiers
# ---------------------------------------------------------------------------

#: Unit or classifier word, as written, mapped to its canonical unit code.
#: Money is counted in yuan: 萬元 and 億元 are a multiplier and 元.
UNITS: dict[str, str] = {
    # money
    "元": "CNY",
    "人民幣": "CNY", "人民币": "CNY",
    "美元": "USD",
    "歐元": "EUR", "欧元": "EUR",
    "港元": "HKD",
    # area
    "畝": "mu", "亩": "mu",
    "頃": "qing", "顷": "qing",
    "公頃": "ha", "公顷": "ha",
    "平方米": "m2", "平米": "m2", "㎡": "m2", "m²": "m2",
    "平方公里": "km2", "平方千米": "km2", "km²": "km2",
    # length
    "公里": "km", "千米": "km",
    "米": "m",
    "厘米": "cm", "毫米": "mm",
    "mm": "mm", "cm": "cm", "km": "km",  # Latin symbols: 477.7 mm
    # volume
    "立方米": "m3",
    # power and energy: 萬千瓦 is a multiplier and 千瓦
    "千瓦": "kW", "兆瓦": "MW", "kW": "kW", "MW": "MW",
    "千瓦時": "kWh", "千瓦时": "kWh", "千瓦小時": "kWh", "千瓦小时": "kWh",
    "kWh": "kWh",
    # temperature
    "℃": "celsius",
    # mass
    "噸": "t", "吨": "t",
    "公斤": "kg", "千克": "kg", "kg": "kg",
    "斤": "jin",
    "克": "g",
    # people and households
    "人": "person", "名": "person", "位": "person",
    "人次": "person_time",
    "口人": "person",
    "戶": "household", "户": "household",
    "歲": "age", "岁": "age", "周歲": "age", "周岁": "age",
    # organisations and places
    "家": "enterprise",
    "座": "building", "棟": "building", "栋": "building",
    "所": "institution",
    "處": "site", "处": "site",  # A級景區127處
    "間": "room", "间": "room",
    "層": "storey", "层": "storey",
    "支": "team",
    "批": "batch",
    # things
    "個": "item", "个": "item", "項": "item", "项": "item",
    "條": "piece", "条": "piece", "只": "piece", "隻": "piece", "件": "piece",
    "張": "piece", "张": "piece",
    "根": "piece", "枚": "piece",  # 三十多根蟲草, 1800萬枚雞蛋
    "份": "copy",  # 發放宣傳資料5000余份
    "雙": "pair", "双": "pair",
    "套": "set",
    "盒": "box",
    "箱": "case",
    "袋": "bag",
    "瓶": "bottle",
    "輛": "vehicle", "辆": "vehicle",
    "頭": "head", "头": "head", "匹": "head",
    "株": "plant", "棵": "plant",
    "台": "machine", "臺": "machine",
    "種": "kind", "种": "kind",
    "款": "model",
    # events
    "次": "occurrence", "遍": "occurrence", "趟": "occurrence",
    "場": "event", "场": "event",
    "期": "phase",
    "屆": "edition", "届": "edition",
    "例": "instance",
    "級": "level", "级": "level",
    # durations
    "年": "year",
    "個月": "month", "个月": "month",
    "天": "day",
    "小時": "hour", "小时": "hour",
    "個小時": "hour", "个小时": "hour",  # 6個小時
    "分鐘": "minute", "分钟": "minute",
    # proportions and ratios
    "%": "percent", "％": "percent",
    "‰": "per_mille",
    "個百分點": "percentage_point", "个百分点": "percentage_point",
    "百分點": "percentage_point", "百分点": "percentage_point",
    "成": "tenth",
    "倍": "times",
}

#: Unit code mapped to an English label (for axis titles and tables).
UNIT_LABELS: dict[str, str] = {
    "CNY": "yuan (CNY)",
    "USD": "US dollars",
    "EUR": "euros",
    "HKD": "Hong Kong dollars",
    "mu": "mu (1/15 hectare)",
    "qing": "qing (100 mu)",
    "ha": "hectares",
    "m2": "square metres",
    "km2": "square kilometres",
    "km": "kilometres",
    "m": "metres",
    "cm": "centimetres",
    "mm": "millimetres",
    "m3": "cubic metres",
    "kW": "kilowatts",
    "MW": "megawatts",
    "kWh": "kilowatt-hours",
    "celsius": "degrees Celsius",
    "t": "tonnes",
    "kg": "kilograms",
    "jin": "jin (500 grams)",
    "g": "grams",
    "person": "people",
    "person_time": "person-times (attendances)",
    "household": "households",
    "age": "years of age",
    "enterprise": "enterprises",
    "building": "buildings",
    "institution": "institutions (schools, hospitals)",
    "site": "sites (scenic spots, places: 處)",
    "room": "rooms",
    "storey": "storeys",
    "team": "teams",
    "batch": "batches (of aid cadres, trainees)",
    "item": "items",
    "piece": "pieces",
    "pair": "pairs",
    "set": "sets",
    "copy": "copies (leaflets, forms, contracts: 份)",

    "box": "boxes",
    "case": "cases",
    "bag": "bags",
    "bottle": "bottles",
    "vehicle": "vehicles",
    "head": "head of livestock",
    "plant": "plants (trees, seedlings)",
    "machine": "machines",
    "kind": "kinds",
    "model": "product models",
    "occurrence": "occurrences",
    "event": "events",
    "phase": "phases (of a project or course)",
    "edition": "editions (of a recurring event)",
    "instance": "instances (patients, operations: 例)",
    "level": "levels (grade, magnitude)",
    "year": "years",
    "month": "months",
    "day": "days",
    "hour": "hours",
    "minute": "minutes",
    "percent": "percent",
    "per_mille": "per mille",
    "percentage_point": "percentage points",
    "tenth": "tenths (成)",
    "times": "times (ratio)",
}

_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_AFTER_LATIN = "0123456789²³"  # 104km2 is 10⁴ km² with its superscripts lost

#: Unit word mapped to characters that may not follow it, because the two form
#: another word: 人民 "people", 家庭 "family", 年代 "decade", 成本 "cost",
#: 元宵 "Lantern Festival", 盒馬 "Hema".
UNIT_NOT_BEFORE: dict[str, str] = {
    "人": "民口",
    "名": "單单牌義义",
    "位": "於于置",
    "家": "庭鄉乡0123456789一二兩两三四五六七八九十",  # 一家7口人, 一家三口: a family
    "條": "件例", "条": "件例",
    "只": "是要有能",
    "天": "然津",
    "元": "宵旦素化月",
    "年": "代級级度輕轻底初",
    "成": "不員员為为本果功立效績绩熟就長长",
    "盒": "馬马",
    "所": "有在得謂谓屬属需",
    "處": "理於于在長長罰境置分室級級",
    "处": "理于於在长長罚境置分室级級",
    "台": "灣湾階阶風风",
    "期": "間间末限待盼望工項项",
    "批": "准發发評评示",
    "匹": "配",
    "例": "如外",
    "層": "面次級级", "层": "面次級级",
    "級": "別别", "级": "別别",
    "遍": "布及地",
    "支": "持付出部柱撐撑",  # 9支援藏工作隊 is nine teams
    "歲": "月", "岁": "月",
    "間": "隔斷断",
    "根": "據据本源除治基深",
    "枚": "舉举",
    "份": "額额子",  # 份額 "a share"
    "年半": "農农牧山島岛價价數数導导徑径邊边",  # 2年半農半牧 is no half
    **dict.fromkeys(("mm", "cm", "km", "kg", "kW", "MW"), _LATIN + _AFTER_LATIN),
}

#: Unit words that carry a qualifier inside them: 4個多月 "more than four months".
QUALIFIED_UNITS: dict[str, tuple[str, str]] = {
    "個多月": ("month", "more_than"), "个多月": ("month", "more_than"),
    "個多小時": ("hour", "more_than"), "个多小时": ("hour", "more_than"),
    "年多": ("year", "more_than"),
    "天多": ("day", "more_than"),
}

#: Units of a time span: after 近 they make a recent window (近兩年 "the last
#: two years"), not an approximation (近1700畝 "nearly 1,700 mu").
TIME_SPAN_UNITS: tuple[str, ...] = ("year", "month", "day", "hour", "minute")

#: Words directly before a figure and a unit of time that make them a period
#: named, not a count: 前三年每年 "each year of the first three", 前兩個月.
PERIOD_BEFORE: tuple[str, ...] = ("前",)

#: Characters before 前 that make it another word, after which the figure
#: counts: 目前, 提前3天 "three days early", 以前, 之前, 此前, 日前, 當前, 空前.
PERIOD_NOT_AFTER: str = "目提以之此日當当眼面空從从先生事跟向超年月天"

#: Marks of a title: a count of years inside one names an anniversary
#: (《西藏民主改革60年》白皮書), not a quantity.
TITLE_MARKS: tuple[str, str] = ("《", "》")

#: Qualifier words that, before a time span, mark a recent window.
RECENT_BEFORE: tuple[str, ...] = ("近",)

#: Proportion words written before the figure: 百分之五 is 5 percent.
PROPORTIONS: dict[str, str] = {
    "百分之": "percent",
    "千分之": "per_mille",
}

#: Doubling expressions (翻 N 番 multiplies by 2**N), read in unit "times".
DOUBLINGS: dict[str, int] = {
    "翻番": 2,
    "翻一番": 2, "翻了一番": 2,
    "翻二番": 4, "翻了二番": 4,
    "翻兩番": 4, "翻了兩番": 4,
    "翻两番": 4, "翻了两番": 4,
    "翻三番": 8, "翻了三番": 8,
}

# ---------------------------------------------------------------------------
# Qualifiers
# ---------------------------------------------------------------------------

#: Qualifier code mapped to what it says about the figure.
QUALIFIERS: dict[str, str] = {
    "exact": "the figure as stated (plain, or 達 'reached')",
    "more_than": "a lower bound: more than, or at least, the figure",
    "less_than": "an upper bound: less than, or at most, the figure",
    "approximately": "about the figure",
    "recent": "a window reaching to now: 近兩年 'the last two years'",
    "expected": "a forecast or plan, not yet achieved",
}

#: Qualifier words written directly before the figure.
QUALIFIERS_BEFORE: dict[str, str] = {
    "達": "exact", "达": "exact", "達到": "exact", "达到": "exact",
    "超": "more_than", "超過": "more_than", "超过": "more_than", "逾": "more_than",
    "突破": "more_than", "破": "more_than",
    "上": "more_than",  # only before a bare multiplier: 上千元, 上萬人, 上億元
    "不足": "less_than", "不到": "less_than", "低於": "less_than", "低于": "less_than",
    "近": "approximately", "將近": "approximately", "将近": "approximately",
    "接近": "approximately",
    "約": "approximately", "约": "approximately",
    "大約": "approximately", "大约": "approximately",
    "大概": "approximately",
    "過": "more_than", "过": "more_than",  # 過億元, 產值過5000萬元
    "至少": "more_than", "不少于": "more_than", "不少於": "more_than",
    "大于": "more_than", "大於": "more_than", "小于": "less_than", "小於": "less_than",
    "不低于": "more_than", "不低於": "more_than", "多于": "more_than",
    "多於": "more_than", "高于": "more_than", "高於": "more_than",
    "不超過": "less_than", "不超过": "less_than", "至多": "less_than",
    "最多": "less_than", "少于": "less_than", "少於": "less_than",
    "預計": "expected", "预计": "expected", "計劃": "expected", "计划": "expected",
}

#: Qualifier words between the figure and its unit: 10多種, 200余人, 5萬余元.
QUALIFIERS_BETWEEN: dict[str, str] = {
    "多": "more_than",
    "余": "more_than", "餘": "more_than",
}

#: Qualifier words after the unit: 200人左右, 50萬元以上, 100人以下.
QUALIFIERS_AFTER: dict[str, str] = {
    "左右": "approximately", "上下": "approximately",
    "以上": "more_than",
    "以下": "less_than", "以內": "less_than", "以内": "less_than",
    "以外": "more_than",  # 2000公里以外: beyond 2,000 km
    "內": "less_than", "内": "less_than",  # 5年內 "within five years"
}

#: Qualifier word after the unit mapped to characters that may not follow it:
#: 一套上下兩層 is "one set of two floors, upper and lower", not "about one set".
QUALIFIER_AFTER_NOT_BEFORE: dict[str, str] = {
    "上下": "0123456789一二兩两三四五六七八九十層层樓楼",
    # 內資 "domestic capital", 內地, 內容, 內部, 內設機構, 內蒙古 …
    "內": "資资地容部外設设蒙江陸陆科衣行涵在需銷销",
    "内": "资資地容部外设設蒙江陆陸科衣行涵在需销銷",
}

#: Qualifier word mapped to characters that may not precede it, because the two
#: form another word: 簽約 "sign a contract", 節約 "save", 最近 "recently".
QUALIFIER_NOT_AFTER: dict[str, str] = {
    "約": "簽合預節制契條公",
    "约": "签合预节制契条公",
    "近": "最附接將将",
    "破": "突打爆",
    "上": "以馬马",
    "過": "經经通度走跨越不", "过": "经經通度走跨越不",  # 經過3年 is "after"
}

#: Qualifier words that open a figure only before a bare multiplier (上千, 上萬),
#: since 上 before a digit is a determiner (上一年).
BEFORE_MULTIPLIER_ONLY: tuple[str, ...] = ("上",)

#: Qualifier words that open a figure only when a multiplier is in it (過億元,
#: 過5000萬元), since 過 after a verb is an aspect mark: 去過兩次 "has been twice".
BEFORE_SCALED_ONLY: tuple[str, ...] = ("過", "过")

#: Words of hedging or bound that stand before a verb, not before the figure,
#: mapped to their qualifier: the first figure after them in their clause takes
#: it unless it has a qualifier of its own (兩項收入約占總收入的80%, 大概價值人民幣
#: 1200元, 最多能採購4噸).
HEDGE_WORDS: dict[str, str] = {
    **dict.fromkeys(("約占", "约占", "約佔", "约佔", "約為", "约为", "約有", "约有",
                     "約合", "约合", "大概", "大約", "大约", "差不多", "約等於",
                     "约等于", "大致"), "approximately"),
    **dict.fromkeys(("最多能", "最多可", "至多能", "至多可"), "less_than"),
    **dict.fromkeys(("至少能", "至少可", "至少要", "至少需"), "more_than"),
}

#: Words after a figure, in its clause, that make it a target: 以5億元為目標.
TARGET_AFTER: tuple[str, ...] = ("目標", "目标")

#: Opening quotation marks mapped to their closing ones: a figure that opens a
#: short quoted name and does not fill it (“三人鄉”, “五個一批”) is no quantity.
QUOTES: dict[str, str] = {"“": "”", "「": "」", "‘": "’"}

#: Classifiers that, after one Chinese digit, name a phase or grade rather than
#: count (二期工程, 五級技能, 一、二級良種), unless one of the characters mapped
#: to them stands just before the digit (舉辦了三期, 分三級): then they count.
ORDINAL_AFTER_DIGIT: dict[str, str] = {
    "期": "了辦办訓训行展共計计", "級": "了分共計计", "级": "了分共计計",
}

#: Words before a figure that make it a calendar year: 公元923年.
YEAR_PREFIXES: tuple[str, ...] = ("公元", "公元前")

#: Words of forecast or plan: a figure after them in the same clause is
#: ``expected`` (預計可帶動500人就業), and so is one in the next clause when the
#: word ends its clause (預計,…). They win over a bound: 將超過2000萬 is expected.
MODAL_WORDS: tuple[str, ...] = (
    "預計", "预计", "計劃", "计划", "力爭", "力争", "爭取", "争取", "有望",
    "預測", "预测", "預期", "预期", "擬", "拟", "將", "将", "可望",
    "建成後可", "建成后可", "投產後可", "投产后可",  # 建成后可實現年出欄100萬只
    "規劃安排", "规划安排",  # 規劃安排援藏資金1.8億元: the allocation planned
    "目標是", "目标是", "目標為", "目标为",  # 主要預期目標是…增長7%以上,…
    "目標,即", "目标,即", "目標，即", "目标，即",  # 主要目標,即…增長10%左右,…
    "規劃到", "规划到",  # 規劃到2035年建成5600公里: planned by a year
)

#: Modal words that open a list of targets reaching the end of their sentence:
#: 主要預期目標是地區生產總值增長7%以上,固定資產投資增長15%左右,….
TARGET_LISTS: tuple[str, ...] = (
    "目標是", "目标是", "目標為", "目标为",
    "目標,即", "目标,即", "目標，即", "目标，即",  # 2018年的主要目標,即…
)

#: Words that, after a semicolon, open an item that is no longer part of a plan
#: listed in semicolons (今年將…;…;…): a date or a record of what was done.
LIST_ITEM_DATED: tuple[str, ...] = (
    "截至", "截止", "目前", "此前", "去年", "上年", "已經", "已经", "已",
)

#: Words before a first figure that make a bound before it hold for the figures
#: joined to it (分別突破300億元和3000億元: both more than), and the joining words.
DISTRIBUTIVE: tuple[str, ...] = ("分別", "分别")
JOINERS: tuple[str, ...] = ("和", "與", "与", "及", "、")

_FIGURE_START = "0123456789一二兩两三四五六七八九十"

#: Modal word mapped to characters that may not follow it (or to a pair of such
#: characters and words): 計劃的, 計劃任務 and
#: 計劃內 (資金) are the plan as a noun, 將近 is "nearly".
MODAL_NOT_BEFORE: dict[str, str] = {
    "計劃": "的任書內外", "计划": "的任书内外",  # 計劃內資金: the budget, not a plan
    # 將近 is "nearly"; 將 before a figure or a pronoun marks the object:
    # 將84%以上的項目投入農牧區 "puts over 84% of the projects into ..."
    "將": ("近軍其此該這所每資項村群農牧" + _FIGURE_START,
          ("大棚", "區域", "土地", "房屋", "產品", "全部")),
    "将": ("近军其此该这所每资项村群农牧" + _FIGURE_START,
          ("大棚", "区域", "土地", "房屋", "产品", "全部")),
    # 爭取資金 "obtained funds", 爭取社會支持 "won support": no plan
    "爭取": "資资援項项社國国上中各規规" + _FIGURE_START,  # 爭取規劃外項目
    "争取": "资資援项項社国國上中各规規" + _FIGURE_START,
}

#: Words directly before a figure that make it a description, never a plan:
#: in 計劃到2023年,在海拔4300米以下的村…, the altitude is no target.
NOT_MODAL_AFTER: tuple[str, ...] = ("海拔",)

#: Words that open a clause continuing the one before it, so that the clause keeps
#: its modality: 擬安排援藏項目132個,總投資25.6億元 (the total of the same plan).
CLAUSE_CONTINUATIONS: tuple[str, ...] = (
    "總投資", "总投资", "計劃投資", "计划投资", "投資總額", "投资总额",
)

#: Words that open a clause continuing a plan: a clause with no subject of its own
#: that opens with a verb shares the subject and the modal word of the clause
#: before it (廣東將安排項目245個,投入資金21.2億元; 計劃完成培訓10萬人次以上,
#: 實現轉移就業60萬人以上); a figure per unit restates the plan (預計畝產4000
#: 公斤以上,每畝收益8萬元以上); a change on the year before compares the planned
#: figure (預計達23.2億元,同比增長9.4%); a verb of ability goes on with what the
#: plan can do (有望建成…,每年可為全國提供…). A clause that names a subject of its
#: own (旅遊總收入達到200億元) or a date (截至5月底) ends the plan.
PLAN_CONTINUATIONS: tuple[str, ...] = (
    "投入", "實現", "实现", "確保", "确保", "連續", "连续", "完成", "安排",
    "新建", "建設", "建设", "建成", "帶動", "带动", "轉移", "转移", "惠及", "解決",
    "解决", "提供", "新增", "吸納", "吸纳", "覆蓋", "覆盖", "達到", "达到",
    "生產", "生产",
    "每畝", "每亩", "每戶", "每户", "人均", "戶均", "户均", "每年",
    "同比", "比上年", "較上年", "较上年", "比去年",
    "可為", "可为", "可實現", "可实现", "能減少", "能减少", "能夠", "能够",
)

#: Verbs that state a target's figure (增長7%以上, 達到200億元, 控制在4%以內): a
#: clause after a plan that names a measure of its own and states its figure with
#: one of them is the next item of the same list of targets (力爭接待游客達到1500萬
#: 人次,旅遊總收入達到200億元), unless it opens with a date or a record
#: (LIST_ITEM_DATED, 2017年) or tells what was done (已, 了).
LIST_ITEM_TARGETS: tuple[str, ...] = (
    "達到", "达到", "增長", "增长", "突破", "穩定在", "稳定在", "控制在", "保持在",
    "超過", "超过",
)

#: Words that open the breakdown of a figure: after a plan, its parts are planned
#: too, to the end of the sentence that lists them (計劃總投資510億元。其中,種植業
#: 111億元,養殖業104億元).
PLAN_BREAKDOWNS: tuple[str, ...] = ("其中",)

#: Verbs of duration: 近 after them is "nearly", not a recent window
#: (行車近1個小時 "drove for nearly an hour", 歷時近3年 "took nearly three years").
DURATION_VERBS: tuple[str, ...] = (
    "歷時", "历时", "經過", "经过", "經歷", "经历", "用了", "花了", "耗時", "耗时",
    "持續", "持续", "長達", "长达", "行車", "行车", "走了", "等了", "用時", "用时",
)

#: Characters that end a clause, for the reach of a modal word.
CLAUSE_ENDS: str = ",，。；;！!？?：:\n"
