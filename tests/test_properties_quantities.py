"""Property-based tests of the quantity parser."""

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gyantse._units import (
    ARABIC_DIGITS,
    BEFORE_MULTIPLIER_ONLY,
    BEFORE_SCALED_ONLY,
    BIG_MULTIPLIERS,
    CHINESE_DIGITS,
    COHORT_WORDS,
    DOUBLINGS,
    PROPORTIONS,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
    QUALIFIERS_BETWEEN,
    RANGE_SEPARATORS,
    RECENT_BEFORE,
    SMALL_MULTIPLIERS,
    TIME_SPAN_UNITS,
    UNITS,
)
from gyantse.quantities import find_quantities, parse_numeral, parse_quantity

# Words and characters the grammar cares about, mixed with arbitrary text.
VOCABULARY = sorted(
    {*ARABIC_DIGITS, *CHINESE_DIGITS, *SMALL_MULTIPLIERS, *BIG_MULTIPLIERS, *UNITS,
     *QUALIFIERS_BEFORE, *QUALIFIERS_BETWEEN, *QUALIFIERS_AFTER, *DOUBLINGS,
     *PROPORTIONS, ".", ",", "，", "、", " ", "\u3000", "年", "月", "第", "上", "點"}
)
texts = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=2)),
             max_size=30).map("".join),
)


@given(texts)
def test_spans_slice_the_text_in_order_without_overlap(text):
    found = find_quantities(text)
    end = 0
    for quantity in found:
        start, stop = quantity.span
        assert end <= start < stop <= len(text)
        assert text[start:stop] == quantity.text
        assert quantity.unit_text in quantity.text or quantity.unit == "times"
        assert isinstance(quantity.value, int | Decimal)
        end = stop
    assert parse_quantity(text) == (found[0] if found else None)


@given(st.one_of(st.none(), st.integers(), st.floats(), st.binary(),
                 st.lists(st.text())))
@pytest.mark.parametrize("function", [parse_quantity, find_quantities, parse_numeral])
def test_anything_but_str_raises_type_error(function, value):
    with pytest.raises(TypeError, match="str"):
        function(value)


FULL_WIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


@st.composite
def arabic(draw, number):
    """The integer in Arabic digits: plain, grouped by thousands, or full width."""
    style = draw(st.sampled_from(["plain", "grouped", "full-width"]))
    if style == "plain":
        return str(number)
    grouped = f"{number:,}"
    return grouped if style == "grouped" else grouped.translate(FULL_WIDTH)


@st.composite
def stated_quantities(draw):
    """(text, value, unit, qualifier) of a figure with a unit and maybe a qualifier."""
    number = draw(st.integers(1, 10**12))
    figure = draw(arabic(number))
    word = draw(st.sampled_from(sorted(UNITS)))
    place = draw(st.sampled_from(["none", "before", "between", "after"]))
    # 上 opens a figure only before a bare multiplier (上千元), not before digits
    before = {w: q for w, q in QUALIFIERS_BEFORE.items()
              if w not in BEFORE_MULTIPLIER_ONLY + BEFORE_SCALED_ONLY}
    tables = {"before": before, "between": QUALIFIERS_BETWEEN,
              "after": QUALIFIERS_AFTER}
    qualifier_word = ""
    qualifier = "exact"
    if place != "none":
        qualifier_word = draw(st.sampled_from(sorted(tables[place])))
        qualifier = tables[place][qualifier_word]
    if qualifier_word in RECENT_BEFORE and place == "before" and (
            UNITS[word] in TIME_SPAN_UNITS):
        qualifier = "recent"  # 近兩年: the last two years
    text = {
        "none": f"{figure}{word}",
        "before": f"{qualifier_word}{figure}{word}",
        "between": f"{figure}{qualifier_word}{word}",
        "after": f"{figure}{word}{qualifier_word}",
    }[place]
    # four digits and 年 with nothing between them name a calendar year
    assume(not (word == "年" and place != "between" and 1000 <= number <= 9999
                and figure.isdigit()))
    return text, number, UNITS[word], qualifier


@given(stated_quantities())
def test_arabic_figure_unit_and_qualifier_round_trip(stated):
    text, value, unit, qualifier = stated
    quantity = parse_quantity(text)
    assert quantity is not None
    assert (quantity.value, quantity.unit, quantity.qualifier) == (value, unit,
                                                                    qualifier)
    assert quantity.text == text
    assert quantity.span == (0, len(text))


@given(st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False,
                   allow_infinity=False),
       st.sampled_from(["", "萬", "億", "萬億"]))
def test_decimal_figures_are_exact(number, multiplier):
    assume(number > 0)
    scale = {"": 1, "萬": 10**4, "億": 10**8, "萬億": 10**12}[multiplier]
    quantity = parse_quantity(f"{number}{multiplier}元")
    expected = number * scale
    assert quantity.value == expected
    assert isinstance(quantity.value, int) == (expected == expected.to_integral_value())


DIGITS = "零一二三四五六七八九"


def chinese(number, *, liang=False, short_ten=True):
    """Render 1 <= number < 10**8 in Chinese numerals, the standard way.

    ``liang`` writes 兩 for a 2 before 千, 百 or 萬; ``short_ten`` writes a
    leading 一十 as 十 (十五 rather than 一十五).
    """

    def group(value, before_wan):
        out, gap = "", False
        for place, multiplier in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = value // place % 10
            if digit == 0:
                gap = gap or bool(out)
                continue
            if gap:
                out, gap = out + "零", False
            two = liang and digit == 2 and (multiplier in ("千", "百")
                                            or (before_wan and place == 1))
            out += ("兩" if two else DIGITS[digit]) + multiplier
        return out

    high, low = divmod(number, 10_000)
    text = ""
    if high:
        text = group(high, True) + "萬" + ("零" if 0 < low < 1000 else "")
    if low:
        text += group(low, False)
    if short_ten and text.startswith("一十"):
        text = text[1:]
    return text


def test_chinese_renderer_writes_the_standard_forms():
    assert chinese(10) == "十"
    assert chinese(15, short_ten=False) == "一十五"
    assert chinese(1050) == "一千零五十"
    assert chinese(100_010) == "十萬零一十"
    assert chinese(20_000, liang=True) == "兩萬"
    assert chinese(2_222, liang=True) == "兩千兩百二十二"
    assert chinese(99_999_999) == "九千九百九十九萬九千九百九十九"


@given(st.integers(1, 99_999_999), st.booleans(), st.booleans())
def test_chinese_numerals_round_trip(number, liang, short_ten):
    text = chinese(number, liang=liang, short_ten=short_ten)
    assert parse_numeral(text) == number
    quantity = parse_quantity(f"共{text}人")
    assert (quantity.value, quantity.unit, quantity.text) == (number, "person",
                                                              f"{text}人")


@given(st.integers(0, 10**8), st.integers(1, 10**8), st.sampled_from(sorted(UNITS)),
       st.sampled_from(RANGE_SEPARATORS))
def test_ranges_round_trip(low, width, word, separator):
    high = low + width
    # four digits before 年 are a year, before 級 or 屆 a cohort (2025級)
    assume(not (word in ("年", *COHORT_WORDS)
                and (1000 <= low <= 9999 or 1000 <= high <= 9999)))
    text = f"{low}{separator}{high}{word}"
    quantity = parse_quantity(text)
    assert quantity is not None
    assert (quantity.low, quantity.high, quantity.unit) == (low, high, UNITS[word])
    assert quantity.text == text and quantity.span == (0, len(text))


@given(st.integers(1, 10**6), st.sampled_from(["-", "\u2212", "\uff0d"]))
def test_minus_sign_makes_the_value_negative(number, sign):
    quantity = parse_quantity(f"增長{sign}{number}%")
    assert (quantity.value, quantity.unit) == (-number, "percent")
