"""Read quantity expressions in Chinese text: 15萬元, 超5萬盒, 10多種, 翻一番.

A quantity is a figure with a unit or classifier from :mod:`gyantse._units`, and
the qualifier words around it. A bare number is not a quantity, and neither are
calendar years (2023年), ordinals (第一, 首屆) or enumerations (一、二、三產業).
Values are exact: ``int`` when whole, :class:`~decimal.Decimal` otherwise, and
no float is ever involved (1.48億 is 148000000).

Beyond single figures it reads ranges as one quantity with ``low`` and
``high`` (2萬至5萬元, 3%-5%, 五六個), 近 before a time span as a recent window
(近兩年: qualifier ``recent``), a figure after a modal word in its clause as
``expected`` (預計可帶動500人; 將 before a figure or a noun marks the object and
is no modal word), a figure before a target word in its clause as ``expected``
(以5億元為目標), the first figure after a hedge before the verb as approximate or
bounded (約占總收入的80%, 最多能採購4噸), and a minus sign as negative. Fixed
expressions (兩位數, 一年一度, 一項項) are not quantities. A figure longer than
``MAX_FIGURE_CHARS`` characters is no quantity either: ``find_quantities`` skips
it, and ``parse_numeral`` refuses it with :class:`~gyantse.errors.FigureTooLongError`.
The search is linear in the length of the text.

The parser only reads; what a figure means (per person, per month, whose
income) belongs to the annotations of the article.

>>> [(q.value, q.unit, q.qualifier) for q in find_quantities("首季銷售超5萬盒")]
[(50000, 'box', 'more_than')]
>>> [(q.low, q.high, q.unit) for q in find_quantities("每座棚年均收入1.7萬至2.3萬元")]
[(17000, 23000, 'CNY')]
>>> found = find_quantities("近兩年投入1100萬元,預計可帶動500人")
>>> [(q.text, q.qualifier) for q in found]
[('近兩年', 'recent'), ('1100萬元', 'exact'), ('500人', 'expected')]
>>> find_quantities("連續15年保持兩位數增長")[0].text
'15年'
"""

import re
from dataclasses import dataclass
from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import cache

from gyantse._units import (
    ARABIC_DIGITS,
    BARE_START_MULTIPLIERS,
    BEFORE_MULTIPLIER_ONLY,
    BEFORE_SCALED_ONLY,
    BIG_MULTIPLIERS,
    CHINESE_DECIMAL_POINTS,
    CHINESE_DIGITS,
    CLAUSE_CONTINUATIONS,
    CLAUSE_ENDS,
    COHORT_WORDS,
    COUNTED_NOUNS,
    DECIMAL_POINTS,
    DETERMINERS,
    DISTRIBUTIVE,
    DOUBLINGS,
    DURATION_VERBS,
    FINANCIAL_DIGITS,
    HALF,
    HALF_NOT_AFTER,
    HALF_UNITS,
    HEDGE_WORDS,
    IDIOMS,
    JOINERS,
    LIST_ITEM_DATED,
    LIST_ITEM_TARGETS,
    MAX_FIGURE_CHARS,
    MINUS_SIGNS,
    MODAL_NOT_BEFORE,
    MODAL_WORDS,
    NAME_ENDINGS,
    NOT_BEFORE_FIGURE,
    NOT_MODAL_AFTER,
    ORDINAL_AFTER_DIGIT,
    ORGANISATIONS,
    PERIOD_BEFORE,
    PERIOD_NOT_AFTER,
    PLAN_BREAKDOWNS,
    PLAN_CONTINUATIONS,
    PROPORTIONS,
    QUALIFIED_UNITS,
    QUALIFIER_AFTER_NOT_BEFORE,
    QUALIFIER_NOT_AFTER,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
    QUALIFIERS_BETWEEN,
    QUOTES,
    RANGE_SEPARATORS,
    RECENT_BEFORE,
    SEPARATOR_NOT_BEFORE,
    SMALL_MULTIPLIERS,
    TARGET_AFTER,
    TARGET_LISTS,
    THOUSANDS_SEPARATORS,
    TIME_SPAN_UNITS,
    TITLE_MARKS,
    UNIT_NOT_BEFORE,
    UNITS,
    VAGUE_COUNT,
    YEAR_PREFIXES,
    YEAR_WORD,
)
from gyantse.errors import FigureTooLongError, expect_str

__all__ = ["Quantity", "find_quantities", "parse_numeral", "parse_quantity"]


@dataclass(frozen=True, slots=True, repr=False)
class Quantity:
    """One quantity read from a text, with the words it was read from.

    Attributes:
        value: The figure, exact: ``int`` when whole, ``Decimal`` otherwise.
            Multipliers are applied (15萬元 is 150000); the unit is not
            converted (1500畝 stays 1500 mu).
        unit: Canonical unit code, a key of ``gyantse._units.UNIT_LABELS``
            (``CNY``, ``mu``, ``person``, ``percent``, ``times`` ...).
        qualifier: ``exact``, ``more_than``, ``less_than``, ``approximately``
            or ``expected``.
        text: The matched words, qualifier words included (超5萬盒).
        span: Start and end offsets of ``text`` in the string searched.
        unit_text: The unit word as written (元, 畝, 個, 百分之, 番).
        low, high: The two ends of a range (2萬至5萬元, 五六個), both exact;
            ``None`` for a single figure. A range's ``value`` is its low end.
        bound: For an ``expected`` quantity, the qualifier its own words state
            (計劃完成培訓10萬人次以上: ``more_than``); ``None`` otherwise.

    A minus sign makes the value negative (-5%); words such as 減少 do not.

    """

    value: int | Decimal
    unit: str
    qualifier: str
    text: str
    span: tuple[int, int]
    unit_text: str
    low: int | Decimal | None = None
    high: int | Decimal | None = None
    bound: str | None = None

    def __repr__(self) -> str:
        """Show the fields, without ``low``, ``high`` and ``bound`` when unset."""
        ends = "" if self.high is None else f", low={self.low!r}, high={self.high!r}"
        bound = "" if self.bound is None else f", bound={self.bound!r}"
        return (f"Quantity(value={self.value!r}, unit={self.unit!r}, "
                f"qualifier={self.qualifier!r}, text={self.text!r}, "
                f"span={self.span!r}, unit_text={self.unit_text!r}{ends}{bound})")

    @property
    def is_range(self) -> bool:
        """Whether the quantity is a range (2萬至5萬元) rather than one figure."""
        return self.high is not None


# ---------------------------------------------------------------------------
# Grammar, composed from the tables of gyantse._units
# ---------------------------------------------------------------------------


def _either(words, guards: dict[str, str] | None = None, *, after: bool = True) -> str:
    """Regex alternation of words, longest first, each with its guard if any.

    A guard lists characters that may not follow the word (``after=True``) or
    precede it (``after=False``).
    """
    guards = guards or {}
    options = []
    for word in sorted(words, key=lambda w: (-len(w), w)):
        option = re.escape(word)
        if word in guards and after and isinstance(guards[word], tuple):
            chars, following = guards[word]  # characters, and words, not after it
            option += f"(?!{_one_of(chars)}|{'|'.join(map(re.escape, following))})"
        elif word in guards and after:
            option += f"(?!{_one_of(guards[word])})"
        elif word in guards:
            option = f"(?<!{_one_of(guards[word])})" + option
        options.append(option)
    return "|".join(options)


def _one_of(chars) -> str:
    """Regex character class of the given characters."""
    return "[" + "".join(re.escape(c) for c in chars) + "]"


_MULTIPLIER_CHARS = "".join(SMALL_MULTIPLIERS) + "".join(BIG_MULTIPLIERS)
_NUMERAL_CHARS = (
    "".join(ARABIC_DIGITS) + "".join(CHINESE_DIGITS) + "".join(FINANCIAL_DIGITS)
    + _MULTIPLIER_CHARS + "".join(CHINESE_DECIMAL_POINTS) + "".join(DECIMAL_POINTS)
)
# Characters of a figure, but for 點, which is a figure's only after a digit.
_FIGURE_CHARS = "".join(c for c in _NUMERAL_CHARS if c not in CHINESE_DECIMAL_POINTS)
_SPACE = r"[ \t\u00a0\u3000]{0,8}"
# One space between groups of three digits is a thousands separator: 2 100.
_THIN_SPACE = "[ \u00a0\u2009\u202f]"
_DIGIT = _one_of(ARABIC_DIGITS)
_CN_DIGIT = _one_of("".join(CHINESE_DIGITS) + "".join(FINANCIAL_DIGITS))
_CN_PLAIN = _one_of(d for d in CHINESE_DIGITS if d not in "兩两")
# Unit and proportion words that open with a multiplier: 千克, 百分點, 百分之.
_MULTIPLIER_WORDS = [
    w for w in [*UNITS, *PROPORTIONS] if w[0] in _MULTIPLIER_CHARS
]

_ARABIC = rf"""
    (?:
        {_DIGIT}{{1,3}}(?:{_one_of(THOUSANDS_SEPARATORS)}{_DIGIT}{{3}})+  # 1,500
      | {_DIGIT}{{1,3}}(?:{_THIN_SPACE}{_DIGIT}{{3}})+(?!{_DIGIT})  # 2 100, as typeset
      | {_DIGIT}{{1,{MAX_FIGURE_CHARS}}}             # a plain run of digits: 1500
    )
    (?!{_DIGIT})                                   # the whole run, never a part
    (?:{_one_of(DECIMAL_POINTS)}{_DIGIT}+(?!{_DIGIT}))?  # decimal part: 1.48
"""

_CN_DECIMAL = rf"""
    {_one_of(CHINESE_DECIMAL_POINTS)}{_CN_PLAIN}+(?!{_CN_PLAIN})  # 點五 in 三點五
"""

_MULTIPLIER = rf"""
    {_SPACE}                                       # 15 萬元 is written too
    (?!{_either(w for w in _MULTIPLIER_WORDS if w != "千米")})  # 千 of 千克 is a unit's
    (?!(?<!{_CN_DIGIT})千米)                       # so of 5千米; 五千米 is 5000 m
    {_one_of(_MULTIPLIER_CHARS)}                   # 十 百 千 萬 億, formal 拾 佰 仟
"""

# Not inside a figure, not an ordinal (第一) or a vague count (數十), not a code (5G).
_BEHIND = rf"""
    (?<!{_one_of(_FIGURE_CHARS + NOT_BEFORE_FIGURE)})  # not in a figure; 第一, 幾十
    (?<!(?<!{_one_of(COUNTED_NOUNS)}){_one_of(VAGUE_COUNT)})  # 數十, but 人數1489人
    (?<!{_CN_DIGIT}{_one_of(CHINESE_DECIMAL_POINTS)})  # nor after 三點; 安置點437個 is
    (?<![A-Za-z])                                  # not part of a code: 5G, A4
    (?<!{_CN_DIGIT}、)                             # nor in an enumeration: 一、二級
    {"".join(f"(?<!{re.escape(w)})" for w in YEAR_PREFIXES)}  # nor a year: 公元923年
"""


# Units of time after which 半 is a figure: 半年, 半個月, 半天, 半小時.
_HALF_BEFORE = _either(("年", "個月", "个月", "天", "小時", "小时", "個小時", "个小时",
                        "分鐘", "分钟"))


def _number(behind: str) -> str:
    """Return the figure's grammar, after the guard ``behind`` on what precedes it."""
    return rf"""
    {behind}
    (?!(?<={_one_of(DETERMINERS)})一(?!{_one_of(_NUMERAL_CHARS)}))  # 上一年, 這一種
    (?!{_DIGIT}{{4}}{_SPACE}{re.escape(YEAR_WORD)})  # 2023年 is a date, not a duration
    (?!{_DIGIT}{{4}}{_SPACE}{_one_of(COHORT_WORDS)})  # 2025級 and 2025屆 are cohorts
    (?!{_DIGIT}+{_SPACE}{re.escape(YEAR_WORD)}    # 08年8月 is a date with its
       {_SPACE}{_DIGIT}{{1,2}}{_SPACE}月)           # month, not a duration
    (?:
        {_ARABIC}                                  # Arabic figure: 1500, 1.48, 1,500
      | {_one_of(d for d, v in CHINESE_DIGITS.items() if v)}  # Chinese digit, not 零
        (?:{_CN_DECIMAL})?                         # with decimals: 三點五
      | {_one_of(d for d, v in CHINESE_DIGITS.items() if not v)}{_CN_DECIMAL}  # 零點五
      | {_one_of(BARE_START_MULTIPLIERS)}          # 十 opens 十五 and 十人
      | {_one_of(FINANCIAL_DIGITS)}                # a formal digit opens a figure
        (?={_CN_DIGIT}*{_one_of(_MULTIPLIER_CHARS)})  # only before a multiplier: 伍佰
      | {_one_of(_MULTIPLIER_CHARS)}               # 百萬噸, 百餘名: a bare multiplier
        (?={_one_of(BIG_MULTIPLIERS)}|{_either(QUALIFIERS_BETWEEN)})  # before 萬 or 餘
      | (?(before){_MULTIPLIER}|(?!))              # 逾千人, 近萬人: after a qualifier
      | (?<!{_one_of(HALF_NOT_AFTER)}){re.escape(HALF)}  # 半年, 半個月, not 上半年
        (?={_HALF_BEFORE})
    )
    (?:
        {_MULTIPLIER}                              # 一千, 15萬, 1.2萬億
      | {_CN_DIGIT}(?:{_CN_DECIMAL})?              # more digits: 一千五百, 一千零五
      | (?<={_one_of(_MULTIPLIER_CHARS)}){_ARABIC}  # after a multiplier: 3億5000萬
    ){{0,{MAX_FIGURE_CHARS}}}                      # a longer run is no figure
"""


_NUMBER = _number(_BEHIND)
_BEFORE_WORDS = [w for w in QUALIFIERS_BEFORE
                 if w not in BEFORE_MULTIPLIER_ONLY + BEFORE_SCALED_ONLY]
_UNIT = _either([*UNITS, *QUALIFIED_UNITS, *HALF_UNITS], UNIT_NOT_BEFORE)
_SIGN = _one_of(MINUS_SIGNS)
# Digits that may open a range of two adjacent numerals (五六個, 兩三天).
_LOW_DIGIT = _one_of(d for d, v in CHINESE_DIGITS.items() if 0 < v < 9)
_HIGH_DIGIT = _one_of(d for d, v in CHINESE_DIGITS.items() if v > 1)

_QUANTITY_SOURCE = rf"""
    (?:
        (?P<before>
            {_either(_BEFORE_WORDS, QUALIFIER_NOT_AFTER, after=False)}
          | (?:{_either(BEFORE_MULTIPLIER_ONLY, QUALIFIER_NOT_AFTER, after=False)})
            (?={_one_of(_MULTIPLIER_CHARS)})       # 上 only before 千, 萬, 億: 上千元
          | (?:{_either(BEFORE_SCALED_ONLY, QUALIFIER_NOT_AFTER, after=False)})
            (?={_one_of(_FIGURE_CHARS)}*{_one_of(_MULTIPLIER_CHARS)})  # 過5000萬元
        )
        {_SPACE}
    )?                                             # qualifier before: 超, 近, 約, 上千
    (?:
        (?P<doubling>{_either(DOUBLINGS)})         # 翻一番, 翻了兩番: 2**N times
      | (?P<proportion>{_either(PROPORTIONS)})     # 百分之, 千分之
        {_SPACE}(?P<share>{_NUMBER})               # its figure: 百分之五, 百分之5.1
      | (?:
            (?P<low_sign>{_SIGN})?                 # the low end of a range: 3至5萬元,
            (?P<low>{_NUMBER}){_SPACE}             # 2600米至3600米, -5至10℃
            (?:(?P<low_unit>{_UNIT}){_SPACE})?
            (?P<separator>{_either(RANGE_SEPARATORS, SEPARATOR_NOT_BEFORE)}){_SPACE}
          | {_BEHIND}(?P<adjacent>{_LOW_DIGIT})(?={_HIGH_DIGIT})  # 五 of 五六個
        )?
        (?P<sign>(?(adjacent)(?!)|{_SIGN}))?       # a minus sign: -5%
        (?P<number>{_number("(?(adjacent)|" + _BEHIND + ")")})  # the figure: 50, 1.48億
        {_SPACE}
        (?:
            (?P<between>{_either(QUALIFIERS_BETWEEN)})  # 多, 余: 10多種, 200余人
            (?P<scale>{_one_of(BIG_MULTIPLIERS)})?      # 萬 after 多: 5千多萬元
            {_SPACE}
        )?
        (?P<unit>{_UNIT})                          # unit or classifier: 元, 畝, 個
    )
    (?:{_SPACE}(?:人民幣|人民币|[(（](?:人民幣|人民币)[)）])?{_SPACE}
                                   # 100萬元人民幣左右, 20萬元(人民幣)以上
       (?P<after>{_either(QUALIFIERS_AFTER, QUALIFIER_AFTER_NOT_BEFORE)}))?
                                                   # qualifier after: 左右, 以上
    """


@cache
def _quantity_pattern() -> re.Pattern[str]:
    """Compile the quantity pattern on first use, so that importing stays cheap."""
    return re.compile(_QUANTITY_SOURCE, re.VERBOSE)


@cache
def _start_pattern() -> re.Pattern[str]:
    """Match a character a quantity can start with: a figure's, a qualifier's, 翻."""
    words = [*QUALIFIERS_BEFORE, *DOUBLINGS, *PROPORTIONS, *MINUS_SIGNS, HALF]
    return re.compile(_one_of(sorted(set(_FIGURE_CHARS) | {w[0] for w in words})))


@cache
def _run_pattern() -> re.Pattern[str]:
    """Match a run of figure characters, inside which no quantity starts."""
    return re.compile(_one_of(_FIGURE_CHARS) + "+")


@cache
def _terminal_pattern() -> re.Pattern[str]:
    """Match what a quantity ends with: a unit word, 番, or 分之 before a figure."""
    words = {*UNITS, *QUALIFIED_UNITS, *HALF_UNITS, "番", "分之"}
    return re.compile(_either(words))


# The most characters a quantity may have before its unit word: qualifier, both
# figures with their units and separator, and the spaces between them.
_MAX_QUANTITY_CHARS = 4 * MAX_FIGURE_CHARS
_IDIOM_REACH = max(map(len, IDIOMS))


@cache
def _idiom_pattern() -> re.Pattern[str]:
    """Match the fixed expressions of gyantse._units.IDIOMS, longest first."""
    return re.compile(_either(IDIOMS))


@cache
def _modal_pattern() -> re.Pattern[str]:
    """Match the modal words: 預計, 計劃, 將 (not 將近) and others."""
    return re.compile(_either(MODAL_WORDS, MODAL_NOT_BEFORE))


@cache
def _hedge_pattern() -> re.Pattern[str]:
    """Match the hedging words before a verb: 約占, 大概."""
    return re.compile(_either(HEDGE_WORDS))


@cache
def _clause_end_pattern() -> re.Pattern[str]:
    """Match a character that ends a clause."""
    return re.compile(_one_of(CLAUSE_ENDS))


_NUMERAL_TOKEN = re.compile(
    rf"""
        (?P<arabic>{_ARABIC})                      # 1500, 1,500, 1.48
      | (?P<decimal>{_CN_DIGIT}{_CN_DECIMAL})      # 三點五
      | (?P<digit>{_CN_DIGIT})                     # 一 ... 九, 兩, 零, 伍
      | (?P<small>{_one_of(SMALL_MULTIPLIERS)})    # 十 百 千
      | (?P<big>{_one_of(BIG_MULTIPLIERS)})        # 萬 億
      | (?P<space>[ \t\u00a0\u3000]+)              # spaces are skipped
    """,
    re.VERBOSE,
)

# Arabic figures to a form Decimal reads: ASCII digits and point, no separators.
_TO_ASCII = str.maketrans(
    {**ARABIC_DIGITS, **dict.fromkeys(DECIMAL_POINTS, "."),
     **dict.fromkeys(THOUSANDS_SEPARATORS), **dict.fromkeys(" \u00a0\u2009\u202f")}
)
# Decimal arithmetic that can neither round nor overflow.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN,
                 traps=[InvalidOperation, Inexact, Overflow, DivisionByZero])


# ---------------------------------------------------------------------------
# Numerals
# ---------------------------------------------------------------------------


def parse_numeral(text: str) -> int | Decimal:
    """Return the value of a numeral in Arabic or Chinese digits, or a mix.

    Groups of four digits are closed by 萬 and 億 (萬億 is 10**12). A single
    digit after a multiplier, with no 零 between, is the spoken short form:
    一萬二 is 12000 and 一千五 is 1500 (and 十五 is 15, as written in full).
    Arabic digits after a multiplier are read as written: 1萬2000 is 12000.
    A multiplier that opens the numeral counts once: 十 is 10, 萬 is 10000.

    >>> parse_numeral("一千五百")
    1500
    >>> parse_numeral("兩萬"), parse_numeral("十五"), parse_numeral("一萬零五百")
    (20000, 15, 10500)
    >>> parse_numeral("一萬二")
    12000
    >>> parse_numeral("1.48億"), parse_numeral("0.5萬"), parse_numeral("1.2萬億")
    (148000000, 5000, 1200000000000)
    >>> parse_numeral("3億5000萬"), parse_numeral("三點五萬"), parse_numeral("零")
    (350000000, 35000, 0)
    >>> parse_numeral("5.10")
    Decimal('5.1')
    >>> parse_numeral("二三")
    Traceback (most recent call last):
    ...
    ValueError: '二三' is not a numeral: the figures 二 and 三 follow each other...

    A figure longer than ``MAX_FIGURE_CHARS`` (64) characters is refused, with
    :class:`~gyantse.errors.FigureTooLongError` (a ``ValueError``):

    >>> parse_numeral("5" * 100)
    Traceback (most recent call last):
    ...
    gyantse.errors.FigureTooLongError: The figure '55555555555555555555…' has 100...
    """
    expect_str(text, "parse_numeral", "the numeral")
    if len(text) > MAX_FIGURE_CHARS:
        raise FigureTooLongError(
            f"The figure {text[:20] + '…'!r} has {len(text):,} characters, more than "
            f"the {MAX_FIGURE_CHARS} a number may have, so it is not read as one."
        )
    tokens = _numeral_tokens(text)
    with localcontext(_EXACT):
        value = _combine(tokens, text)
        if value == value.to_integral_value():
            return int(value)
        return value.normalize()


def _numeral_tokens(text: str) -> list[tuple[str, str, Decimal]]:
    """Split a numeral into (kind, characters, value) tokens, without spaces."""
    tokens = []
    position = 0
    while position < len(text):
        match = _NUMERAL_TOKEN.match(text, position)
        if match is None:
            raise ValueError(
                f"{text!r} is not a numeral: {text[position]!r} at offset {position} "
                f"is neither a digit nor a multiplier."
            )
        kind, chars = match.lastgroup, match.group()
        position = match.end()
        if kind == "arabic":
            tokens.append((kind, chars, Decimal(chars.translate(_TO_ASCII))))
        elif kind == "decimal":
            whole, fraction = chars[0], chars[2:]
            digits = "".join(str(CHINESE_DIGITS[c]) for c in fraction)
            tokens.append((kind, chars, _digit_value(whole) + Decimal("0." + digits)))
        elif kind == "digit":
            value = _digit_value(chars)
            tokens.append(("zero" if value == 0 else kind, chars, value))
        elif kind in ("small", "big"):
            multipliers = SMALL_MULTIPLIERS if kind == "small" else BIG_MULTIPLIERS
            tokens.append((kind, chars, Decimal(multipliers[chars])))
    if not tokens:
        raise ValueError(f"{text!r} is not a numeral: it holds no digit.")
    return tokens


def _digit_value(char: str) -> Decimal:
    """Value of one Chinese digit, everyday or formal."""
    return Decimal(CHINESE_DIGITS.get(char, FINANCIAL_DIGITS.get(char, 0)))


def _combine(tokens: list[tuple[str, str, Decimal]], text: str) -> Decimal:
    """Add up numeral tokens group by group (see :func:`parse_numeral`)."""

    def fail(reason: str) -> ValueError:
        return ValueError(f"{text!r} is not a numeral: {reason}.")

    if [kind for kind, _, _ in tokens] == ["zero"]:
        return Decimal(0)
    total = section = Decimal(0)  # closed groups of four digits; the open group
    pending: Decimal | None = None  # a figure waiting for its multiplier
    spoken = False  # pending is one digit right after a multiplier: 一萬二
    last = None  # the last multiplier
    small_limit = big_limit = top = None  # multipliers must descend
    previous, previous_chars = None, ""
    for kind, chars, value in tokens:
        if kind == "zero":
            if previous in (None, "zero") or pending is not None:
                raise fail(f"{chars} must stand between two parts of a figure")
        elif kind in ("arabic", "decimal", "digit"):
            if pending is not None:
                raise fail(f"the figures {previous_chars} and {chars} follow each "
                           f"other with no multiplier between them")
            pending, spoken = value, kind == "digit" and previous in ("small", "big")
        elif kind == "small":
            if small_limit is not None and value >= small_limit:
                raise fail(f"{chars} cannot follow a smaller or equal multiplier")
            if pending is None and previous is not None and value != 10:
                raise fail(f"{chars} needs a digit before it")
            section += (1 if pending is None else pending) * value
            pending, small_limit, last = None, value, value
        else:  # big
            scales_all = previous == "big" or (
                big_limit is not None and value >= big_limit
            )  # 萬億, or 一萬五千億: the whole figure so far is multiplied
            if pending is not None:
                section += pending * (last // 10 if spoken and scales_all else 1)
            elif previous is None:
                section = Decimal(1)
            elif section == 0 and previous != "big":
                raise fail(f"{chars} needs a figure before it")
            if scales_all:
                if top is None or value <= top:
                    raise fail(f"{chars} repeats a multiplier already used")
                total, top = (total + section) * value, top * value
            else:
                total, top = total + section * value, top or value
            section, pending, small_limit, big_limit, last = 0, None, None, value, value
        previous, previous_chars = kind, chars
    if previous == "zero":
        raise fail("it ends with 零")
    if pending is not None and spoken:
        section += pending * (last // 10)
    elif pending is not None:
        if last is not None and pending >= last:
            raise fail(f"{previous_chars} is too large to follow a multiplier")
        section += pending
    return total + section


# ---------------------------------------------------------------------------
# Quantities
# ---------------------------------------------------------------------------


def parse_quantity(text: str) -> Quantity | None:
    """Return the first quantity in ``text``, or None when there is none.

    >>> parse_quantity("增收15萬元")
    Quantity(value=150000, unit='CNY', qualifier='exact', text='15萬元', span=(2, 6),
             unit_text='元')
    >>> parse_quantity("超5萬盒")
    Quantity(value=50000, unit='box', qualifier='more_than', text='超5萬盒',
             span=(0, 4), unit_text='盒')
    >>> q = parse_quantity("相比上一年收入翻一番")
    >>> q.value, q.unit, q.text
    (2, 'times', '翻一番')
    >>> q = parse_quantity("10多種")
    >>> q.value, q.unit, q.qualifier
    (10, 'kind', 'more_than')
    >>> parse_quantity("一千五百畝").value, parse_quantity("1.48億元").value
    (1500, 148000000)
    >>> parse_quantity("2023年10月") is None
    True
    >>> parse_quantity(1500)
    Traceback (most recent call last):
    ...
    TypeError: parse_quantity() expects the text to search as a str, but received int.
    """
    expect_str(text, "parse_quantity", "the text to search")
    return next(_quantities(text), None)


def find_quantities(text: str) -> list[Quantity]:
    """Return every quantity in ``text``, in order, with spans into ``text``.

    Spans never overlap. A run of numerals that cannot be read (二〇二三, 三四)
    yields nothing rather than a part of it.

    >>> found = find_quantities("共有優質青稞1500畝、有機青稞200畝,價值60萬元")
    >>> [(q.value, q.unit, q.text, q.span) for q in found]
    [(1500, 'mu', '1500畝', (6, 11)), (200, 'mu', '200畝', (16, 20)),
     (600000, 'CNY', '60萬元', (23, 27))]
    >>> find_quantities("2023年,首屆評選,推進一、二、三產業融合")
    []
    """
    expect_str(text, "find_quantities", "the text to search")
    return list(_quantities(text))


def _quantities(text: str):
    """Yield the quantities of ``text`` from left to right.

    Each step is bounded by the length of its match, so the whole search is
    linear in the length of the text.
    """
    pattern, starts, runs = _quantity_pattern(), _start_pattern(), _run_pattern()
    terminals, terminal = _terminal_pattern(), None
    modality, hedge, target = _Modality(text), _Hedge(text), _Target(text)
    # words absent from the whole text are never sought again
    idioms = _idiom_pattern().search(text) is not None
    quotes = any(mark in text for mark in QUOTES)
    title = _Title(text) if TITLE_MARKS[0] in text else None
    position, previous = 0, None
    while (start := starts.search(text, position)) is not None:
        if terminal is None or terminal.start() < start.start():
            terminal = terminals.search(text, start.start())  # the next unit word
            if terminal is None:
                return  # a quantity ends with a unit, 番 or a proportion's figure
        if terminal.start() - start.start() > _MAX_QUANTITY_CHARS:
            position = terminal.start() - _MAX_QUANTITY_CHARS  # too far to reach it
            continue
        match = pattern.match(text, start.start())
        if match is None:  # no quantity starts here, nor inside a run of numerals
            run = runs.match(text, start.start())
            position = run.end() if run else start.end()
            continue
        if idioms and (idiom_end := _idiom_end(text, match)) is not None:
            position = idiom_end  # 兩位數, 一年一度: no quantity in them
            continue
        if quotes and (name_end := _quoted_name_end(text, match)) is not None:
            position = name_end  # “三人鄉”, “五個一批”: a name, not a quantity
            continue
        try:
            found, position = _read(match)
        except FigureTooLongError:  # a run of digits too long to be a figure
            position = match.end()
            continue
        except ValueError:  # a numeral that cannot be read: skip the whole run
            position = match.start() + 1
            continue
        for quantity in found:
            start, end = quantity.span
            hedged = hedge.before(start, end)
            if title and quantity.unit == "year" and title.around(start, end):
                continue  # 《西藏民主改革60年》: an anniversary in a title
            if (modality.before(start) and not text.endswith(
                    NOT_MODAL_AFTER, 0, start)) or (
                    # 今後五年的目標任務: a count of years names the period
                    quantity.unit not in TIME_SPAN_UNITS and target.after(end)):
                said = hedged if quantity.qualifier == "exact" else quantity.qualifier
                if (said not in _BOUNDS and quantity.qualifier == "exact"
                        and _shares_bound(text, previous, start)):
                    said = _bound_of(previous)  # 力爭分別突破12萬公里和1300公里
                quantity = _requalified(quantity, "expected",
                                        said if said in _BOUNDS else None)
            elif hedged and quantity.qualifier == "exact":
                quantity = _requalified(quantity, hedged, None)
            elif quantity.qualifier == "exact" and _shares_bound(text, previous, start):
                quantity = _requalified(quantity, _bound_of(previous), None)
            previous = quantity
            yield quantity


def _shares_bound(text: str, previous: Quantity | None, start: int) -> bool:
    """Whether a bound before the previous figure holds for the one at ``start``.

    分別突破300億元和3000億元: after 分別, a figure joined by 和 or 、 to one with a
    bound word before it (突破, 超過, 近) has the same bound, also under a plan
    (力爭分別突破12萬公里和1300公里: both expected, both more than).
    """
    if previous is None or _bound_of(previous) is None:
        return False
    first, end = previous.span
    word = _BOUND_WORD.match(previous.text)[0]
    return (text[end:start] in JOINERS and word in QUALIFIERS_BEFORE
            and text.endswith(DISTRIBUTIVE, max(0, first - 2), first))


def _bound_of(quantity: Quantity) -> str | None:
    """Return the bound a quantity's words state, whether planned or not."""
    return quantity.qualifier if quantity.qualifier in _BOUNDS else quantity.bound


_BOUND_WORD = re.compile(r"[^0-9０-９一二兩两三四五六七八九十百千萬万億亿]*")


def _requalified(quantity: Quantity, qualifier: str, bound: str | None) -> Quantity:
    """Return the quantity with another qualifier (faster than dataclasses.replace)."""
    q = quantity
    return Quantity(q.value, q.unit, qualifier, q.text, q.span, q.unit_text,
                    q.low, q.high, bound)


# Qualifiers that an expected quantity keeps as its bound.
_BOUNDS = ("more_than", "less_than", "approximately")


def _quoted_name_end(text: str, match: re.Match) -> int | None:
    """Return the end of a short quoted name that a figure opens (“三人鄉”)."""
    start, end = match.span()
    closing = QUOTES.get(text[start - 1:start]) if start else None
    if closing is None:
        return None
    close = text.find(closing, end, end + _QUOTED_NAME_REACH)
    if close <= end:  # no closing mark near, or the quantity fills the quotes
        return None
    return close + 1


_QUOTED_NAME_REACH = 8


class _Title:
    """Whether a span lies inside a title mark (《…》) near it.

    A title is sought within ``_TITLE_REACH`` characters on each side, so each
    question reads a bounded stretch of the text.
    """

    def __init__(self, text: str):
        self.text = text

    def around(self, start: int, end: int) -> bool:
        """Whether an opening mark precedes ``start`` and its closing follows."""
        opening, closing = TITLE_MARKS
        before = self.text.rfind(opening, max(0, start - _TITLE_REACH), start)
        after = self.text.find(closing, end, end + _TITLE_REACH)
        return (before >= 0 and after >= 0
                and self.text.find(closing, before, start) < 0
                and self.text.find(opening, end, after) < 0)


_TITLE_REACH = 40


class _Target:
    """Whether a target word (為目標) follows a figure in its clause.

    Ends are asked in increasing order; each search starts beyond the last
    match found, so the text is read once.
    """

    def __init__(self, text: str):
        self.text, self.target, self.clause_end = text, None, None
        self.target_pattern = re.compile(_either(TARGET_AFTER))

    def after(self, end: int) -> bool:
        """Whether a target word comes after ``end`` before the clause ends."""
        if self.target is False:
            return False  # no target word in the rest of the text
        if self.target is not None and self.target.start() < end:
            self.target = None
        if self.target is None:
            self.target = self.target_pattern.search(self.text, end) or False
        if not self.target:
            return False
        if self.clause_end is None or (
                self.clause_end is not False and self.clause_end.start() < end):
            # False: no clause end in the rest of the text, never searched again
            self.clause_end = _clause_end_pattern().search(self.text, end) or False
        return (self.clause_end is False
                or self.target.start() < self.clause_end.start())


class _Hedge:
    """Whether a hedging word (約占, 大概) stands earlier in a figure's clause.

    It qualifies the first figure after it only. Spans are asked in increasing
    order, and each stretch of text is searched once.
    """

    def __init__(self, text: str):
        self.text, self.scanned = text, 0
        self.absent = _hedge_pattern().search(text) is None

    def before(self, start: int, end: int) -> str | None:
        """Return the qualifier of a hedging word since the last figure, if any."""
        if self.absent:
            return None
        last = None
        for last in _hedge_pattern().finditer(self.text, self.scanned, start):  # noqa: B007
            pass
        self.scanned = max(self.scanned, end)
        if last is None or _clause_end_pattern().search(self.text, last.end(), start):
            return None
        return HEDGE_WORDS[last.group()]


# A target year after a modal word: 計劃到2023年, 力爭到2025年底,
_TARGET_YEAR = re.compile(rf"[到至]{_DIGIT}{{4}}{re.escape(YEAR_WORD)}[底末]?[,，]")
# A clause that opens with a target year goes on with the plan before it:
# 將用10年時間打造…,到2020年末實現…, to the end of the sentence.
_TARGET_YEAR_OPEN = re.compile(rf"[到至]{_DIGIT}{{4}}{re.escape(YEAR_WORD)}")
_SENTENCE_END = re.compile("[。；;！!？?\n]")
_SENTENCE_ENDS = "。；;！!？?\n"
_LIST_END = re.compile("[。！!？?\n]")
_SEMICOLONS = "；;"
# An item after a semicolon that opens with a date or a record: 2017年7月, 截至.
_DATED_ITEM = re.compile(
    rf"\s*(?:{_DIGIT}+\s*{re.escape(YEAR_WORD)}|{_either(LIST_ITEM_DATED)})")

# The next item of a list of targets after a plan: a clause that names a measure
# (at most _ITEM_SUBJECT characters, none of them 已 or 了) and states its figure
# with a verb of LIST_ITEM_TARGETS; not one that opens with a date or a record.
_ITEM_SUBJECT = 12
_TARGET_ITEM = re.compile(
    rf"(?!\s*(?:{_DIGIT}+\s*{re.escape(YEAR_WORD)}|{_either(LIST_ITEM_DATED)}))"
    rf"[^{re.escape(CLAUSE_ENDS)}已了]{{0,{_ITEM_SUBJECT}}}?(?:{_either(LIST_ITEM_TARGETS)})"
    rf"[約约近超]?{_one_of(_FIGURE_CHARS)}")


class _Modality:
    """Whether a modal word (預計, 將) reaches a position of the text.

    It reaches the rest of its clause, and the next clause when it ends its own
    (預計,…). A modal word before a target year (計劃到2023年,…) reaches the rest
    of its sentence. Positions are asked in increasing order, so the text is read
    once.
    """

    def __init__(self, text: str):
        self.text, self.scanned, self.active, self.modal_end = text, 0, False, -1
        self.frame = False  # 計劃到2023年,…: up to the end of the sentence
        self.listed = False  # 今年將…;…;…: up to the end of the sentence, past ;
        self.absent = _modal_pattern().search(text) is None

    def before(self, position: int) -> bool:
        """Whether a modal word reaches ``position``."""
        if self.absent:
            return False
        modals, at = _modal_pattern(), self.scanned
        # one character past the position, for the guard after a modal word (將8)
        while (modal := modals.search(self.text, at, position + 1)) is not None:
            if modal.end() > position:
                break
            self._close(at, modal.start())
            self.active, self.modal_end, at = True, modal.end(), modal.end()
            self.frame = (_TARGET_YEAR.match(self.text, modal.end()) is not None
                          or modal.group() in TARGET_LISTS)
        self._close(at, position)
        self.scanned = max(self.scanned, position)
        return self.active

    def _close(self, start: int, stop: int) -> None:
        """Apply the clause ends between ``start`` and ``stop``."""
        if not self.active:
            return
        ends, at = _clause_end_pattern(), start
        while (end := ends.search(self.text, at, stop)) is not None:
            at = end.end()
            if self.text.startswith(PLAN_BREAKDOWNS, at):
                self.frame = True  # 其中,…: the parts of the plan, to the sentence end
                continue
            if (self.text[at:at + 1] in "到至" and end.group() not in _SENTENCE_ENDS
                    and _TARGET_YEAR_OPEN.match(self.text, at)):
                self.frame = True  # …,到2020年末實現…: the plan's target year
                continue
            if self.text.startswith(CLAUSE_CONTINUATIONS, at) or (
                    self.text.startswith(PLAN_CONTINUATIONS, at)
                    and not _SENTENCE_END.match(self.text, end.start())):
                continue  # 擬安排項目132個,總投資25.6億元: the same plan goes on
            if end.group() in _SEMICOLONS:
                if not _DATED_ITEM.match(self.text, at):
                    self.listed = True  # 今年將…;…;…: a plan listed in semicolons
                    continue
                self.listed = False  # …;截至5月底,…: the list of the plan is over
            elif self.listed and not _LIST_END.match(self.text, end.start()):
                continue
            if self.frame and not _SENTENCE_END.match(self.text, end.start()):
                continue  # 計劃到2023年,…: up to the end of the sentence
            if self.frame or self.listed or self.modal_end != end.start():
                if (end.group() not in _SENTENCE_ENDS
                        and _TARGET_ITEM.match(self.text, at)):
                    continue  # 力爭…達到1500萬人次,旅遊總收入達到200億元
                self.active = self.frame = self.listed = False  # its clause is over
                return
            self.modal_end = -1  # 預計,…: it reaches the next clause, and no further


def _idiom_end(text: str, match: re.Match) -> int | None:
    """Return the end of a fixed expression (IDIOMS) that overlaps the match."""
    start, end = match.span()
    reach = _IDIOM_REACH
    for idiom in _idiom_pattern().finditer(text, max(0, start - reach + 1),
                                           min(len(text), end + reach - 1)):
        if idiom.start() < end and start < idiom.end():
            return idiom.end()
    return None


def _read(match: re.Match) -> tuple[list[Quantity], int]:
    """Return the quantities of a match and where to search next.

    A range whose ends do not agree (3個月至5年, 5至3人) is read as the low end
    alone, if it has a unit, and the search goes on from the high end.
    Raises ValueError when a numeral cannot be read.
    """
    text, start = match.string, match.start()
    figures = [match[g] for g in ("low", "number", "share") if match[g]]
    if sum(map(len, figures)) > MAX_FIGURE_CHARS:
        raise FigureTooLongError(f"a figure of {sum(map(len, figures))} characters")
    if match["doubling"]:
        value, unit, unit_text = DOUBLINGS[match["doubling"]], "times", "番"
        return [_make(match, value, unit, unit_text)], match.end()
    if match["proportion"]:
        unit_text = match["proportion"]
        value = parse_numeral(match["share"])
        return [_make(match, value, PROPORTIONS[unit_text], unit_text)], match.end()
    unit_text = match["unit"]
    unit = _unit_code(unit_text)
    if match["number"] == "一" and text.startswith(unit_text, match.end("unit")):
        raise ValueError("一項項: a repeated classifier is no count")
    if (unit_text == "家" and match["number"] == "一" and not match["before"]
            and text[start - 1:start] in tuple(NAME_ENDINGS)
            and not text.startswith(ORGANISATIONS, match.end("unit"))):
        raise ValueError("格松次仁一家: the family of a person is no count")
    if unit_text in RANK_UNITS and text[start - 1:start] == "前" and start:
        raise ValueError("前5位: a rank, not a count of people")
    if (unit in TIME_SPAN_UNITS and not match["before"] and start
            and text[start - 1] in PERIOD_BEFORE
            and text[start - 2:start - 1] not in tuple(PERIOD_NOT_AFTER)):
        raise ValueError("前三年: a period named, not a count of years")
    if (unit_text in ORDINAL_AFTER_DIGIT and len(match["number"]) == 1
            and match["number"] in CHINESE_DIGITS and not match["before"]
            and not (start and text[start - 1] in ORDINAL_AFTER_DIGIT[unit_text])):
        raise ValueError("二期, 五級: a phase or grade, not a count")
    high = _signed(match["sign"], _value(match["number"] + (match["scale"] or ""),
                                         unit_text))
    if not (match["low"] or match["adjacent"]):
        return [_make(match, high, unit, unit_text)], match.end()
    low = _low_end(match, high)
    low_unit = match["low_unit"]
    if low is not None and (low_unit is None or _unit_code(low_unit) == unit):
        return [_make(match, low, unit, unit_text, high=high)], match.end()
    # not a range: the low end alone, when it has a unit, then the high end
    found = []
    if low_unit is not None and match["low"]:
        end = match.end("low_unit")
        value = _signed(match["low_sign"], _value(match["low"], low_unit))
        found.append(Quantity(
            value, _unit_code(low_unit), _qualifier(match, low_unit, after=None),
            text[start:end], (start, end), low_unit,
        ))
    return found, match.start("sign") if match["sign"] else match.start("number")


RANK_UNITS = ("位", "名")  # after 前: 居全國前5位 is a rank
_SIMPLE_FIGURE = re.compile(r"([0-9]+(?:\.[0-9]+)?)([萬万億亿]?)")


def _value(figure: str, unit_text: str = "") -> int | Decimal:
    """parse_numeral, with a short way for the common 1500, 1.48 and 15萬.

    半 is 0.5, and a half in the unit word (一年半, 兩個半月) adds 0.5.
    """
    if figure == HALF:
        return Decimal("0.5")
    if unit_text in HALF_UNITS:
        return _exact(Decimal(_value(figure)) + Decimal("0.5"))
    simple = _SIMPLE_FIGURE.fullmatch(figure)
    if simple is None:
        return parse_numeral(figure)
    if not simple[2] and "." not in figure:
        return int(figure)
    value = _EXACT.multiply(Decimal(simple[1]), BIG_MULTIPLIERS.get(simple[2], 1))
    return int(value) if value == value.to_integral_value() else _EXACT.normalize(value)


def _low_end(match: re.Match, high: int | Decimal) -> int | Decimal | None:
    """Return the low end of a range, or None when the ends make no range.

    An end without a multiplier shares the high end's (3至5萬元 is 30,000 to
    50,000); adjacent numerals share everything after the digit (四五千米).
    """
    if match["adjacent"]:
        low_digit, high_digit = (_digit_value(match["adjacent"]),
                                 _digit_value(match["number"][0]))
        rest = match["number"][1:] + (match["scale"] or "")
        if low_digit >= high_digit or not all(c in _MULTIPLIER_CHARS for c in rest):
            return None
        return _exact(high / high_digit * low_digit)
    low = _signed(match["low_sign"], _value(match["low"], match["low_unit"] or ""))
    number = match["number"]
    if not any(c in _MULTIPLIER_CHARS for c in match["low"]):
        head = number.rstrip(_MULTIPLIER_CHARS)
        tail = number[len(head):] + (match["scale"] or "")
        if tail and head and abs(low) <= _value(head):
            low = _signed(match["low_sign"], _value(match["low"] + tail))
    return low if low < high else None


def _exact(value: Decimal) -> int | Decimal:
    """Return an int when whole, else the normalised Decimal."""
    with localcontext(_EXACT):
        return int(value) if value == value.to_integral_value() else value.normalize()


def _signed(sign: str | None, value: int | Decimal) -> int | Decimal:
    """Return the value, negative after a minus sign."""
    return -value if sign else value


def _unit_code(unit_text: str) -> str:
    """Return the canonical code of a unit word, qualified or not."""
    if unit_text in HALF_UNITS:
        return HALF_UNITS[unit_text]
    return QUALIFIED_UNITS.get(unit_text, (UNITS.get(unit_text),))[0]


def _qualifier(match: re.Match, unit_text: str, *, after: str | None) -> str:
    """Return the qualifier: the word before, between, inside the unit, or after."""
    before = match["before"]
    if (before in RECENT_BEFORE and _unit_code(unit_text) in TIME_SPAN_UNITS
            and not match.string.endswith(DURATION_VERBS, 0, match.start())):
        return "recent"  # 近兩年: the last two years; but 行車近1個小時 is "nearly"
    bound = QUALIFIERS_AFTER.get(after)
    if bound in ("more_than", "less_than"):
        return bound  # 近1000公里以內: the bound after says more than 近
    said = [
        QUALIFIERS_BEFORE.get(before),
        QUALIFIERS_BETWEEN.get(match["between"]),
        QUALIFIED_UNITS.get(unit_text, (None, None))[1],
        QUALIFIERS_AFTER.get(after),
    ]  # the first that says more than "exact" (達 … 以上 is more_than)
    return next((q for q in said if q and q != "exact"), "exact")


def _make(match: re.Match, value, unit: str, unit_text: str, *, high=None) -> Quantity:
    """Build the Quantity of a whole match (a range when ``high`` is given)."""
    qualifier = _qualifier(match, unit_text, after=match["after"])
    if high is None:
        return Quantity(value, unit, qualifier, match.group(), match.span(), unit_text)
    return Quantity(value, unit, qualifier, match.group(), match.span(), unit_text,
                    low=value, high=high)
