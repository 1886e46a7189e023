"""Properties of the pinyin cleaner and of the article's offsets."""

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pypinyin import Style, pinyin

from gyantse.text import parse_article, strip_pinyin, strip_pinyin_with_offsets

# Characters with readings: the article's annotated ones, heteronyms, ü, neutral tone.
POOL = "產業鄉風農發聯絡優勢網統習質創區協復應戰據標權現環當節經調轉關和們綠女嗯"
READINGS = {
    char: sorted(
        {
            reading
            for style in (Style.TONE, Style.NORMAL)
            for reading in pinyin(char, style=style, heteronym=True)[0]
        }
    )
    for char in POOL
}
# Plain text around them: digits, Latin, spaces, and punctuation of both widths.
FILLER = "江孜縣2023年 abc，。、；：！？,.;:!?“”「」-"
CLOSING = re.compile(r"[，。、；：！？）」』”’》〉】,.;:!?)\]]")

annotation_like = st.one_of(
    st.sampled_from(POOL),
    st.sampled_from(FILLER),
    st.sampled_from(["(", ")", "（", "）", " "]),
    st.sampled_from([f"({r})" for rs in READINGS.values() for r in rs]),
    st.text(max_size=3),
)
# Arbitrary text, and text dense with parentheses, readings and spaces.
texts = st.one_of(st.text(), st.lists(annotation_like).map("".join))


@given(st.text())
def test_no_crash_on_arbitrary_text(text):
    clean, offsets = strip_pinyin_with_offsets(text)
    assert clean == strip_pinyin(text)
    assert len(offsets) == len(clean) + 1


@given(texts)
def test_idempotent(text):
    once = strip_pinyin(text)
    assert strip_pinyin(once) == once


@given(st.text(alphabet=st.characters(exclude_characters="()（）")))
def test_text_without_parentheses_is_unchanged(text):
    assert strip_pinyin(text) == text


@given(texts)
def test_offsets_map_back(text):
    clean, offsets = strip_pinyin_with_offsets(text)
    assert all(clean[i] == text[offsets[i]] for i in range(len(clean)))
    assert list(offsets) == sorted(set(offsets))
    assert offsets[-1] == len(text)


@st.composite
def annotated(draw):
    """Return an annotation-free text and the same text with readings inserted."""
    original = draw(st.text(alphabet=POOL + FILLER, min_size=1))
    pieces = []
    for index, char in enumerate(original):
        pieces.append(char)
        # A space before closing punctuation goes with an annotation put before it,
        # so no annotation goes there.
        following = original[index + 1 : index + 3]
        swallowed = following[:1] == " " and CLOSING.match(following[1:])
        if char in READINGS and not swallowed and draw(st.booleans()):
            reading = draw(st.sampled_from(READINGS[char]))
            reading = draw(st.sampled_from([reading, reading.upper()]))
            opening, closing = draw(st.sampled_from(["()", "（）", "(）"]))
            # Before closing punctuation the mirror may write a space after it.
            space = " " if CLOSING.match(following[:1]) and draw(st.booleans()) else ""
            pieces.append(f"{opening}{reading}{closing}{space}")
    return original, "".join(pieces)


@given(annotated())
def test_inserted_readings_are_removed(pair):
    original, with_readings = pair
    assert strip_pinyin(with_readings) == original


@given(texts, st.data())
def test_raw_span_round_trip(body, data):
    body = body.replace("\n", " ")
    notice = strip_pinyin(body.strip()).startswith(("版權聲明", "版权声明"))
    assume(body.strip() and not notice)
    raw = f"標題\n{body}\n版權聲明\n- 相關"
    article = parse_article(raw)
    paragraph = article.paragraph(1)
    start = data.draw(st.integers(paragraph.start, paragraph.end))
    end = data.draw(st.integers(start, paragraph.end))
    raw_start, raw_end = article.raw_span(start, end)
    assert strip_pinyin(raw[raw_start:raw_end]) == article.text[start:end]


@pytest.mark.parametrize("char", POOL)
def test_pool_characters_have_readings(char):
    assert READINGS[char]
