"""Reading quantities: example tables grouped by origin."""

import re
from decimal import Decimal

import pytest

from gyantse._units import PROPORTIONS, QUALIFIERS, UNIT_LABELS, UNITS
from gyantse.config import RAW_ARTICLE
from gyantse.quantities import Quantity, find_quantities, parse_numeral, parse_quantity


@pytest.fixture(scope="module")
def body():
    """Body paragraphs 1-4 of the article, pinyin readings stripped.

    Tone-marked vowels run from U+00E0 (à) to U+01DC (ǜ); gyantse.text does the
    real cleaning, with offsets back to the raw text.
    """
    raw = RAW_ARTICLE.read_text(encoding="utf-8")
    text = re.sub(r"(?<=[\u4e00-\u9fff])\([a-z\u00e0-\u01dc]+\)", "", raw)
    return "\n".join(text.splitlines()[1:5])


def reads(text, value, unit, qualifier, figure):
    """Assert that the first quantity of ``text`` is the given one."""
    quantity = parse_quantity(text)
    assert quantity is not None, f"no quantity read in {text!r}"
    assert (quantity.value, quantity.unit, quantity.qualifier, quantity.text) == (
        value, unit, qualifier, figure,
    )
    assert type(quantity.value) is type(value)
    assert text[slice(*quantity.span)] == quantity.text


# Every quantity of the article's body, with the words around it, in order:
# (context, value, unit, qualifier, figure).
ARTICLE = [
    pytest.param("2023年組織50名本地手工業人員", 50, "person", "exact", "50名",
                 id="p3-trainees-50名"),
    pytest.param("人均每月增收4000元", 4000, "CNY", "exact", "4000元",
                 id="p3-income-per-person-month-4000元"),
    pytest.param("簽訂500條圍巾訂單合同", 500, "piece", "exact", "500條",
                 id="p3-scarves-500條"),
    pytest.param("促進合作社增收15萬元", 150_000, "CNY", "exact", "15萬元",
                 id="p3-coop-income-15萬元"),
    pytest.param("相比上一年收入翻一番", 2, "times", "exact", "翻一番",
                 id="p3-doubling-翻一番-not-上一年"),
    pytest.param("簽訂500只布娃娃合同", 500, "piece", "exact", "500只",
                 id="p3-dolls-500只"),
    pytest.param("幫助她增收4萬元", 40_000, "CNY", "exact", "4萬元",
                 id="p3-weaver-income-4萬元"),
    pytest.param("銷售“江孜系列產品”達15萬元", 150_000, "CNY", "exact", "達15萬元",
                 id="p3-livestream-達15萬元-reached-is-exact"),
    pytest.param("共有優質青稞1500畝", 1500, "mu", "exact", "1500畝",
                 id="p4-barley-1500畝"),
    pytest.param("有機青稞200畝", 200, "mu", "exact", "200畝",
                 id="p4-organic-barley-200畝"),
    pytest.param("供應價值60萬元的青稞米和青稞面", 600_000, "CNY", "exact", "60萬元",
                 id="p4-supply-60萬元"),
    pytest.param("共同出資4400萬元新建", 44_000_000, "CNY", "exact", "4400萬元",
                 id="p4-investment-4400萬元"),
    pytest.param("首季銷售超5萬盒", 50_000, "box", "more_than", "超5萬盒",
                 id="p4-rice-pudding-超5萬盒-not-首季"),
    pytest.param("端午期間銷量超10萬只", 100_000, "piece", "more_than", "超10萬只",
                 id="p4-zongzi-超10萬只-not-端午"),
    pytest.param("綠豆薄荷青稞涼粥等10多種商品", 10, "kind", "more_than", "10多種",
                 id="p4-products-10多種"),
    pytest.param("形成了以青稞米、青稞粉、青稞爆珠為原料的25個系列產品", 25, "item",
                 "exact", "25個", id="p4-series-25個"),
]

# Dates, ordinals and enumerations of the body that are not quantities.
NOT_IN_ARTICLE = [
    pytest.param("2023年,日喀則市江孜縣", id="p1-year"),
    pytest.param("“四敢”要求", id="p1-four-dares"),
    pytest.param("推進一、二、三產業融合發展", id="p2-enumeration"),
    pytest.param("首屆“江孜工匠”評選活動", id="p2-first-edition"),
    pytest.param("自2023年10月上崗以來", id="p3-year-and-month"),
    pytest.param("預計將在2024年法國巴黎時裝周", id="p3-expected-year"),
    pytest.param("“滬品入藏”雙向路徑", id="p4-two-way"),
    pytest.param("以“高原第一和美鄉村”為目標", id="p4-ordinal-第一"),
    pytest.param("打造西藏首個“盒馬村”", id="p4-first-首個"),
    pytest.param("開發首款青稞八寶飯", id="p4-first-首款"),
    pytest.param("首季銷售", id="p4-first-season-首季"),
]


@pytest.mark.parametrize(("context", "value", "unit", "qualifier", "figure"), ARTICLE)
def test_article_quantity(body, context, value, unit, qualifier, figure):
    assert context in body
    reads(context, value, unit, qualifier, figure)


@pytest.mark.parametrize("context", NOT_IN_ARTICLE)
def test_article_non_quantity(body, context):
    assert context in body
    assert find_quantities(context) == []


def test_article_body_has_exactly_the_sixteen_quantities(body):
    found = find_quantities(body)
    assert [q.text for q in found] == [p.values[4] for p in ARTICLE]
    assert [(q.value, q.unit, q.qualifier) for q in found] == [
        p.values[1:4] for p in ARTICLE
    ]
    assert all(body[slice(*q.span)] == q.text for q in found)


def test_article_dates_and_ordinals_are_outside_every_span(body):
    spans = [q.span for q in find_quantities(body)]
    for word in ("2023年", "2023年10月", "2024年", "首屆", "一、二、三產業", "四敢",
                 "首個", "首款", "首季", "高原第一", "雙向", "上一年", "端午"):
        assert word in body
        for match in re.finditer(re.escape(word), body):
            assert all(end <= match.start() or start >= match.end()
                       for start, end in spans), word


# Forms the article does not use, and traps: (text, value, unit, qualifier, figure).
EDGE_CASES = [
    # Chinese numerals
    pytest.param("一千五百畝", 1500, "mu", "exact", "一千五百畝", id="cn-一千五百"),
    pytest.param("兩萬元", 20_000, "CNY", "exact", "兩萬元", id="cn-兩萬"),
    pytest.param("两万元", 20_000, "CNY", "exact", "两万元", id="cn-simplified-两万"),
    pytest.param("兩人", 2, "person", "exact", "兩人", id="cn-兩-alone"),
    pytest.param("十人", 10, "person", "exact", "十人", id="cn-十-alone"),
    pytest.param("十五種", 15, "kind", "exact", "十五種", id="cn-十五"),
    pytest.param("二十五萬元", 250_000, "CNY", "exact", "二十五萬元", id="cn-二十五萬"),
    pytest.param("一百一十人", 110, "person", "exact", "一百一十人", id="cn-一百一十"),
    pytest.param("一千零五十畝", 1050, "mu", "exact", "一千零五十畝",
                 id="cn-零-inside"),
    pytest.param("一萬零五百元", 10_500, "CNY", "exact", "一萬零五百元",
                 id="cn-零-after-萬"),
    pytest.param("一萬二千元", 12_000, "CNY", "exact", "一萬二千元", id="cn-一萬二千"),
    pytest.param("三億五千萬元", 350_000_000, "CNY", "exact", "三億五千萬元",
                 id="cn-億-and-萬"),
    pytest.param("三點五萬元", 35_000, "CNY", "exact", "三點五萬元",
                 id="cn-decimal-點"),
    pytest.param("伍佰元", 500, "CNY", "exact", "伍佰元", id="cn-formal-伍佰"),
    # Arabic figures
    pytest.param("0.5萬元", 5000, "CNY", "exact", "0.5萬元", id="decimal-0.5萬"),
    pytest.param("1.48億元", 148_000_000, "CNY", "exact", "1.48億元",
                 id="decimal-1.48億"),
    pytest.param("1.2萬億元", 1_200_000_000_000, "CNY", "exact", "1.2萬億元",
                 id="萬億"),
    pytest.param("3億5000萬元", 350_000_000, "CNY", "exact", "3億5000萬元",
                 id="arabic-億-and-萬"),
    pytest.param("5千萬元", 50_000_000, "CNY", "exact", "5千萬元", id="arabic-千萬"),
    pytest.param("１５萬元", 150_000, "CNY", "exact", "１５萬元",
                 id="full-width-digits"),
    pytest.param("1,500畝", 1500, "mu", "exact", "1,500畝", id="thousands-comma"),
    pytest.param("1，500畝", 1500, "mu", "exact", "1，500畝",
                 id="thousands-full-width-comma"),
    pytest.param("2,000,000元", 2_000_000, "CNY", "exact", "2,000,000元",
                 id="thousands-two-groups"),
    pytest.param("50 名", 50, "person", "exact", "50 名", id="space-before-unit"),
    pytest.param("15 萬元", 150_000, "CNY", "exact", "15 萬元",
                 id="space-before-multiplier"),
    pytest.param("1500\u3000畝", 1500, "mu", "exact", "1500\u3000畝",
                 id="ideographic-space"),
    # percent and ratios
    pytest.param("百分之五", 5, "percent", "exact", "百分之五", id="percent-百分之五"),
    pytest.param("百分之五十", 50, "percent", "exact", "百分之五十",
                 id="percent-百分之五十"),
    pytest.param("百分之5.1", Decimal("5.1"), "percent", "exact", "百分之5.1",
                 id="percent-百分之-arabic"),
    pytest.param("百分之零點五", Decimal("0.5"), "percent", "exact", "百分之零點五",
                 id="percent-百分之零點五"),
    pytest.param("增長5.1%", Decimal("5.1"), "percent", "exact", "5.1%",
                 id="percent-sign"),
    pytest.param("５％", 5, "percent", "exact", "５％", id="percent-full-width"),
    pytest.param("提高2個百分點", 2, "percentage_point", "exact", "2個百分點",
                 id="percentage-point-not-個"),
    pytest.param("近4成", 4, "tenth", "approximately", "近4成", id="成-tenths"),
    pytest.param("增長1.5倍", Decimal("1.5"), "times", "exact", "1.5倍", id="倍"),
    pytest.param("翻兩番", 4, "times", "exact", "翻兩番", id="翻兩番"),
    pytest.param("翻了一番", 2, "times", "exact", "翻了一番", id="翻了一番"),
    pytest.param("翻了两番", 4, "times", "exact", "翻了两番", id="翻了两番-simplified"),
    # units: longest word first, simplified forms
    pytest.param("接待500人次", 500, "person_time", "exact", "500人次",
                 id="unit-人次-before-人"),
    pytest.param("30公頃", 30, "ha", "exact", "30公頃", id="unit-公頃-before-頃"),
    pytest.param("30公顷", 30, "ha", "exact", "30公顷", id="unit-公顷-simplified"),
    pytest.param("2000亩", 2000, "mu", "exact", "2000亩", id="unit-亩-simplified"),
    pytest.param("300户", 300, "household", "exact", "300户", id="unit-户-simplified"),
    pytest.param("5万吨", 50_000, "t", "exact", "5万吨", id="unit-吨-simplified"),
    pytest.param("20张", 20, "piece", "exact", "20张", id="unit-张-simplified"),
    pytest.param("6个", 6, "item", "exact", "6个", id="unit-个-simplified"),
    pytest.param("3個月", 3, "month", "exact", "3個月", id="unit-個月-not-個"),
    pytest.param("5千克", 5, "kg", "exact", "5千克", id="unit-千克-not-multiplier"),
    pytest.param("100万美元", 1_000_000, "USD", "exact", "100万美元",
                 id="unit-美元-not-元"),
    pytest.param("15家企業", 15, "enterprise", "exact", "15家", id="unit-家"),
    pytest.param("4款", 4, "model", "exact", "4款", id="unit-款"),
    pytest.param("3座", 3, "building", "exact", "3座", id="unit-座"),
    # qualifiers
    pytest.param("約200人", 200, "person", "approximately", "約200人", id="q-約"),
    pytest.param("约200人", 200, "person", "approximately", "约200人",
                 id="q-约-simplified"),
    pytest.param("大約300戶", 300, "household", "approximately", "大約300戶",
                 id="q-大約"),
    pytest.param("將近80人", 80, "person", "approximately", "將近80人", id="q-將近"),
    pytest.param("200人左右", 200, "person", "approximately", "200人左右",
                 id="q-左右-after"),
    pytest.param("逾千人", 1000, "person", "more_than", "逾千人", id="q-逾-bare-千"),
    pytest.param("近萬人", 10_000, "person", "approximately", "近萬人",
                 id="q-近-bare-萬"),
    pytest.param("超過3000元", 3000, "CNY", "more_than", "超過3000元", id="q-超過"),
    pytest.param("超过3000元", 3000, "CNY", "more_than", "超过3000元",
                 id="q-超过-simplified"),
    pytest.param("200余人", 200, "person", "more_than", "200余人", id="q-余"),
    pytest.param("200餘人", 200, "person", "more_than", "200餘人", id="q-餘"),
    pytest.param("5萬余元", 50_000, "CNY", "more_than", "5萬余元", id="q-萬余元"),
    pytest.param("5千多萬元", 50_000_000, "CNY", "more_than", "5千多萬元",
                 id="q-多-before-萬"),
    pytest.param("50萬元以上", 500_000, "CNY", "more_than", "50萬元以上", id="q-以上"),
    pytest.param("不足100人", 100, "person", "less_than", "不足100人", id="q-不足"),
    pytest.param("預計5000人", 5000, "person", "expected", "預計5000人", id="q-預計"),
    pytest.param("预计5000人", 5000, "person", "expected", "预计5000人",
                 id="q-预计-simplified"),
    pytest.param("計劃200戶", 200, "household", "expected", "計劃200戶", id="q-計劃"),
    pytest.param("达3万元", 30_000, "CNY", "exact", "达3万元", id="q-达-simplified"),
    # traps around the figure
    pytest.param("簽約50家企業", 50, "enterprise", "exact", "50家",
                 id="trap-簽約-is-not-約"),
    pytest.param("最近3天", 3, "day", "exact", "3天", id="trap-最近-is-not-近"),
    pytest.param("相隔上一年3個月", 3, "month", "exact", "3個月",
                 id="trap-上一年-is-a-determiner"),
    pytest.param("2023年種植500畝", 500, "mu", "exact", "500畝",
                 id="trap-year-then-quantity"),
]

# Texts with no quantity in them.
NO_QUANTITY = [
    pytest.param("", id="empty"),
    pytest.param("1500", id="bare-number"),
    pytest.param("二〇二三年", id="year-in-chinese-digits"),
    pytest.param("2023 年", id="year-with-space"),
    pytest.param("第一名", id="ordinal-第"),
    pytest.param("數十人", id="vague-數十"),
    pytest.param("三四個", id="two-digits-in-a-row"),
    pytest.param("十四五規劃", id="plan-name-十四五"),
    pytest.param("千萬不要", id="千萬-adverb"),
    pytest.param("千家萬戶", id="千家萬戶-idiom"),
    pytest.param("一成不變", id="一成不變-idiom"),
    pytest.param("50年代", id="decade-年代"),
    pytest.param("正月十五元宵節", id="元宵-festival"),
    pytest.param("零件", id="零-is-no-figure"),
    pytest.param("參加培訓", id="formal-參-without-multiplier"),
    pytest.param("5G基站", id="code-5G"),
    pytest.param("這一種方式", id="determiner-這一"),
    pytest.param("盒馬村", id="hema-盒馬"),
]


@pytest.mark.parametrize(("text", "value", "unit", "qualifier", "figure"), EDGE_CASES)
def test_edge_case(text, value, unit, qualifier, figure):
    reads(text, value, unit, qualifier, figure)


@pytest.mark.parametrize("text", NO_QUANTITY)
def test_no_quantity(text):
    assert parse_quantity(text) is None
    assert find_quantities(text) == []


NUMERALS = [
    pytest.param("一", 1, id="一"),
    pytest.param("十", 10, id="十"),
    pytest.param("十五", 15, id="十五"),
    pytest.param("二十", 20, id="二十"),
    pytest.param("一百零五", 105, id="一百零五"),
    pytest.param("一千零十", 1010, id="一千零十"),
    pytest.param("一萬二", 12_000, id="spoken-一萬二"),
    pytest.param("一千五", 1500, id="spoken-一千五"),
    pytest.param("兩百五十", 250, id="兩百五十"),
    pytest.param("一萬五千億", 1_500_000_000_000, id="一萬五千億"),
    pytest.param("萬億", 10**12, id="萬億-alone"),
    pytest.param("1萬2000", 12_000, id="arabic-after-萬"),
    pytest.param("5.10", Decimal("5.1"), id="decimal-normalized"),
    pytest.param("1.23456萬", Decimal("12345.6"), id="decimal-kept-exact"),
    pytest.param("零", 0, id="零"),
    pytest.param("壹拾貳", 12, id="formal-壹拾貳"),
]


@pytest.mark.parametrize(("text", "value"), NUMERALS)
def test_numeral(text, value):
    assert parse_numeral(text) == value
    assert type(parse_numeral(text)) is type(value)


@pytest.mark.parametrize("text", [
    pytest.param("", id="empty"),
    pytest.param("二三", id="two-digits"),
    pytest.param("一百零", id="ends-with-零"),
    pytest.param("零五", id="leading-零"),
    pytest.param("一萬二萬", id="萬-twice"),
    pytest.param("一百千", id="ascending"),
    pytest.param("1萬20000", id="tail-too-large"),
    pytest.param("五x", id="foreign-character"),
])
def test_numeral_invalid(text):
    with pytest.raises(ValueError, match="is not a numeral"):
        parse_numeral(text)


def test_find_quantities_in_order_without_overlap():
    text = "近4成農戶增收超過3000元,其中200余人月增收1.5萬元左右"
    found = find_quantities(text)
    assert [(q.value, q.unit, q.qualifier) for q in found] == [
        (4, "tenth", "approximately"),
        (3000, "CNY", "more_than"),
        (200, "person", "more_than"),
        (15_000, "CNY", "approximately"),
    ]
    assert [text[slice(*q.span)] for q in found] == [q.text for q in found]


def test_quantity_is_frozen_and_readable():
    quantity = parse_quantity("超5萬盒")
    assert repr(quantity) == (
        "Quantity(value=50000, unit='box', qualifier='more_than', text='超5萬盒', "
        "span=(0, 4), unit_text='盒')"
    )
    with pytest.raises(AttributeError):
        quantity.value = 1
    assert quantity == Quantity(50_000, "box", "more_than", "超5萬盒", (0, 4), "盒")


def test_every_unit_code_has_a_label_and_every_label_a_word():
    codes = {*UNITS.values(), *PROPORTIONS.values(), "times"}
    assert codes == set(UNIT_LABELS)


def test_qualifiers_are_the_documented_codes():
    for q in ("exact", "more_than", "less_than", "approximately", "expected"):
        assert q in QUALIFIERS


# Known limitations: what the parser should read and does not, each with a reason.
KNOWN_LIMITATIONS = [
    pytest.param("3至5萬元", "3至5萬元", id="range-至",
                 marks=pytest.mark.xfail(strict=True, reason="ranges are not read; "
                                         "only the upper figure 5萬元 is found")),
    pytest.param("3-5萬元", "3-5萬元", id="range-hyphen",
                 marks=pytest.mark.xfail(strict=True, reason="ranges are not read; "
                                         "only the upper figure 5萬元 is found")),
    pytest.param("上萬人", "上萬人", id="上萬-tens-of-thousands",
                 marks=pytest.mark.xfail(strict=True, reason="上 is not a qualifier "
                                         "word, so the bare 萬 opens no figure")),
    pytest.param("一五〇〇畝", "一五〇〇畝", id="digit-by-digit-chinese",
                 marks=pytest.mark.xfail(strict=True, reason="Chinese digits without "
                                         "multipliers (as in years) are not read")),
    pytest.param("三分之一的農戶", "三分之一", id="fraction-分之",
                 marks=pytest.mark.xfail(strict=True, reason="fractions other than "
                                         "百分之 and 千分之 are not read")),
]


@pytest.mark.parametrize(("text", "figure"), KNOWN_LIMITATIONS)
def test_known_limitation_figure(text, figure):
    quantity = parse_quantity(text)
    assert quantity is not None
    assert quantity.text == figure


@pytest.mark.xfail(strict=True, reason="預計 and 計劃 qualify only a figure right "
                   "after them; a verb in between leaves the figure exact")
def test_known_limitation_expected_before_verb():
    assert parse_quantity("預計增收15萬元").qualifier == "expected"


@pytest.mark.xfail(strict=True, reason="家 is read as enterprises, also in 一家人 "
                   "(a family)")
def test_known_limitation_family():
    assert parse_quantity("一家人") is None


@pytest.mark.parametrize("function", [parse_quantity, find_quantities, parse_numeral])
@pytest.mark.parametrize("value", [
    pytest.param(1500, id="int"),
    pytest.param(None, id="None"),
    pytest.param("15萬元".encode(), id="bytes"),
])
def test_non_str_raises_type_error(function, value):
    with pytest.raises(TypeError, match=rf"expects .* str, but received "
                                        rf"{type(value).__name__}\."):
        function(value)
