"""Cleaning and structuring the article text: example tables grouped by origin."""

import re

import pytest

from gyantse import text as text_module
from gyantse.config import RAW_ARTICLE
from gyantse.text import (
    parse_article,
    strip_pinyin,
    strip_pinyin_with_offsets,
    to_simplified,
)

HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
LEFTOVER_READING = re.compile(rf"{HAN}[(（][a-zü\u00e0-\u01dc]+[)）]")


@pytest.fixture(scope="module")
def raw():
    return RAW_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def article(raw):
    return parse_article(raw)


# Every annotated form that occurs in the article, quoted from it.
ARTICLE_FORMS = [
    pytest.param("推動產(chǎn)業(yè)振興", "推動產業振興", id="title-two-in-a-row"),
    pytest.param("援藏優(yōu)勢", "援藏優勢", id="title-first-reading"),
    pytest.param("聯(lián)絡(luò)小組", "聯絡小組", id="heteronym-luo-of-luo-lao"),
    pytest.param("改進作風(fēng)狠抓", "改進作風狠抓", id="feng-of-three-tones"),
    pytest.param("提質(zhì)增收", "提質增收", id="zhi"),
    pytest.param("鄉(xiāng)村", "鄉村", id="xiang-of-three-tones"),
    pytest.param("當(dāng)天", "當天", id="dang"),
    pytest.param("調(diào)研", "調研", id="heteronym-diao-of-diao-tiao"),
    pytest.param("轉(zhuǎn)載", "轉載", id="zhuan"),
    pytest.param("版權(quán)聲明:", "版權聲明:", id="notice-prefix"),
    pytest.param("規(guī)劃先行", "規劃先行", id="gui"),
    pytest.param(
        "都在刮大風(fēng) 他卻說舍不得離開",
        "都在刮大風 他卻說舍不得離開",
        id="headline-space-before-character-kept",
    ),
    pytest.param(
        "中華文脈(深入學(xué)習(xí)貫徹習(xí)近平)",
        "中華文脈(深入學習貫徹習近平)",
        id="headline-readings-inside-genuine-parentheses",
    ),
    pytest.param(
        "春節(jié)文化",
        "春節文化",
        id="jie",
    ),
]

# Parentheses that are not readings and must survive.
GENUINE = [
    pytest.param("高原(北京)文化傳播有限公司", id="article-company-name"),
    pytest.param("賡續中華文脈(深入學習貫徹)", id="article-headline-parenthetical"),
    pytest.param("增長(5.1%)", id="percentage"),
    pytest.param("收入(人民幣,下同)", id="currency-note"),
    pytest.param("報道(完)", id="end-mark"),
    pytest.param("盒馬(Hema)", id="brand-romanisation"),
    pytest.param("氆氌(pulu)", id="word-romanisation"),
    pytest.param("年份(2023)", id="year"),
    pytest.param("產(yè)業", id="reading-of-another-character"),
    pytest.param("2023(nian)", id="after-a-digit"),
    pytest.param("Tibet(tì)", id="after-a-latin-letter"),
    pytest.param("產()業", id="empty-parentheses"),
    pytest.param("產( chǎn)業", id="space-inside-parentheses"),
]

EDGE_CASES = [
    pytest.param("", "", id="empty"),
    pytest.param("(chǎn)業", "(chǎn)業", id="at-start-has-no-character"),
    pytest.param("產(chǎn)", "產", id="at-end"),
    pytest.param("產（chǎn）業", "產業", id="full-width-parentheses"),
    pytest.param("產(chǎn）業", "產業", id="mixed-parentheses"),
    pytest.param("們(men)", "們", id="toneless-neutral"),
    pytest.param("產(chan)業", "產業", id="toneless"),
    pytest.param("產(cha\u030cn)業", "產業", id="decomposed-tone-mark"),
    pytest.param("綠(lǜ)色", "綠色", id="u-umlaut-tone"),
    pytest.param("綠(lü)色", "綠色", id="u-umlaut-toneless"),
    pytest.param("綠(lv)色", "綠色", id="v-for-u-umlaut"),
    pytest.param("女(NV)", "女", id="v-uppercase"),
    pytest.param("產(CHǍN)業", "產業", id="uppercase-tone"),
    pytest.param("產(Chan)業", "產業", id="capitalised"),
    pytest.param("和(hé)(hè)", "和", id="two-readings-one-character"),
    pytest.param("產(chǎn) ，", "產，", id="space-before-full-width-comma-cut"),
    pytest.param("產(chǎn) ,業", "產,業", id="space-before-ascii-comma-cut"),
    pytest.param("產(chǎn) 業", "產 業", id="space-before-character-kept"),
    pytest.param("產(chǎn) ", "產 ", id="space-at-end-kept"),
    pytest.param("產(chǎn)  ，", "產  ，", id="two-spaces-kept"),
    pytest.param("產(chǎn) (yè)", "產 (yè)", id="space-before-parenthesis-kept"),
    pytest.param("產(chǎn)\n業(yè)", "產\n業", id="across-a-newline"),
    pytest.param("嗯(ńg)", "嗯", id="syllabic-n"),
]

LIMITATIONS = [
    pytest.param(
        "他說和(he)是英文的他",
        "他說和(he)是英文的他",
        id="english-gloss-spells-a-reading",
        marks=pytest.mark.xfail(strict=True, reason="he is a reading of 和"),
    ),
    pytest.param(
        "作者王(Wang)",
        "作者王(Wang)",
        id="romanised-surname",
        marks=pytest.mark.xfail(strict=True, reason="wang is a reading of 王"),
    ),
    pytest.param(
        "產(chǎn) 業(yè)",
        "產業",
        id="mirror-space-between-characters",
        marks=pytest.mark.xfail(
            strict=True, reason="a mirror's space looks like a genuine one"
        ),
    ),
]


@pytest.mark.parametrize(("raw_text", "clean"), ARTICLE_FORMS)
def test_article_forms(raw_text, clean):
    assert strip_pinyin(raw_text) == clean


@pytest.mark.parametrize("text", GENUINE)
def test_genuine_parentheses_survive(text):
    assert strip_pinyin(text) == text


@pytest.mark.parametrize(("raw_text", "clean"), EDGE_CASES)
def test_edge_cases(raw_text, clean):
    assert strip_pinyin(raw_text) == clean


@pytest.mark.parametrize(("raw_text", "clean"), LIMITATIONS)
def test_known_limitations(raw_text, clean):
    assert strip_pinyin(raw_text) == clean


def test_every_annotation_in_the_article_is_a_reading(raw):
    annotations = set(re.findall(rf"{HAN}\([a-z\u00e0-\u01dc]+\) ?", raw))
    assert len(annotations) == 39
    for annotation in annotations:
        kept_space = " " if annotation.endswith(" ") else ""
        assert strip_pinyin(annotation) == annotation[0] + kept_space


def test_no_reading_left_in_the_article(raw):
    clean = strip_pinyin(raw)
    assert LEFTOVER_READING.findall(clean) == []
    assert "高原(北京)" in clean
    assert "(深入學習貫徹習近平新時代中國特色社會主義思想)" in clean


def test_stripping_is_idempotent_on_the_article(raw):
    once = strip_pinyin(raw)
    assert strip_pinyin(once) == once


@pytest.mark.parametrize("function", [strip_pinyin, strip_pinyin_with_offsets])
@pytest.mark.parametrize("value", [None, b"\xe7\x94\xa2", 3, ["產"]])
def test_non_str_is_a_type_error(function, value):
    with pytest.raises(TypeError, match=type(value).__name__):
        function(value)


def test_offsets_example():
    clean, offsets = strip_pinyin_with_offsets("推動產(chǎn)業(yè)振興")
    assert clean == "推動產業振興"
    assert offsets == (0, 1, 2, 9, 14, 15, 16)


# Simplified conversion.
SIMPLIFIED = [
    pytest.param("產業", "产业", id="chan-ye"),
    pytest.param("盒馬", "盒马", id="hema"),
    pytest.param("鄉村振興", "乡村振兴", id="xiangcun"),
    pytest.param("江孜縣", "江孜县", id="county"),
    pytest.param("氆氌", "氆氇", id="pulu"),
    pytest.param("青稞面", "青稞面", id="already-simplified-stays"),
    pytest.param("2023年,", "2023年,", id="ascii-punctuation-stays"),
]


@pytest.mark.parametrize(("hant", "hans"), SIMPLIFIED)
def test_to_simplified(hant, hans):
    assert to_simplified(hant) == hans


def test_to_simplified_keeps_length_of_the_article(raw):
    clean = strip_pinyin(raw)
    assert len(to_simplified(clean)) == len(clean)


def test_to_simplified_falls_back_per_character(monkeypatch):
    class Lengthening:
        """A converter with one entry that is longer than its key."""

        def convert(self, text):
            return text.replace("產", "产").replace("龍", "龙龙")

    monkeypatch.setattr(text_module, "_opencc_t2s", Lengthening)
    assert to_simplified("產龍產") == "产龍产"


def test_to_simplified_rejects_non_str():
    with pytest.raises(TypeError, match="bytes"):
        to_simplified(b"abc")


# The article's structure.
def test_title(article):
    assert article.title.number == 0
    assert article.title.text == "日喀則江孜縣依托援藏優勢推動產業振興"
    assert article.title.text_hans == "日喀则江孜县依托援藏优势推动产业振兴"
    assert [s.id for s in article.title.sentences] == ["p0.s1"]
    assert article.paragraph(0) is article.title


def test_paragraphs_and_sentences(article):
    assert [p.number for p in article.paragraphs] == [1, 2, 3, 4]
    counts = {p.number: len(p.sentences) for p in (article.title, *article.paragraphs)}
    assert counts == {0: 1, 1: 2, 2: 4, 3: 5, 4: 4}
    assert len(article.sentences) == 16
    assert article.sentences[0].id == "p0.s1"
    assert article.sentences[-1].id == "p4.s4"
    first = article.paragraph(3).sentences[0]
    assert first.text.startswith("江孜縣圍繞“民族手工業”做文章,")
    assert first.text.endswith("推動民族手工業提質增收。")


def test_sentence_ends(article):
    for sentence in article.sentences[1:]:
        assert sentence.text[-1] in "。！？!?”」"
    assert article.paragraph(1).sentences[0].text == "產業振興是鄉村振興的重中之重。"


def test_notice_and_related(article):
    assert article.notice.startswith("版權聲明:凡注明“來源:中國西藏網”")
    assert "高原(北京)文化傳播有限公司" in article.notice
    assert len(article.related) == 10
    assert article.related[0] == "【新春走基層】我在南極建新站"
    assert article.related[4] == "新春走基層丨一年有兩百多天都在刮大風 他卻說舍不得離開"
    assert article.related[6].endswith("(深入學習貫徹習近平新時代中國特色社會主義思想)")
    assert "版權" not in article.text
    assert "南極" not in article.text
    assert "盒馬" not in article.text_hans


def test_text_is_title_and_body(article):
    parts = [article.title.text, *(p.text for p in article.paragraphs)]
    assert article.text == "\n".join(parts)
    assert len(article.text_hans) == len(article.text)
    assert LEFTOVER_READING.findall(article.text) == []


def test_offsets_into_text(article):
    for paragraph in (article.title, *article.paragraphs):
        assert article.text[paragraph.start : paragraph.end] == paragraph.text
        hans = article.text_hans[paragraph.start : paragraph.end]
        assert hans == paragraph.text_hans
    for sentence in article.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert article.text_hans[sentence.start : sentence.end] == sentence.text_hans
        assert len(sentence.text_hans) == len(sentence.text)


def test_raw_span_round_trip(article, raw):
    spans = [(s.start, s.end) for s in article.sentences]
    spans += [(p.start, p.end) for p in article.paragraphs]
    spans.append((0, len(article.text)))
    for start, end in spans:
        raw_start, raw_end = article.raw_span(start, end)
        assert strip_pinyin(raw[raw_start:raw_end]) == article.text[start:end]


def test_raw_span_takes_the_annotations_along(article, raw):
    start, end = article.locate("產業", paragraph=0)
    raw_start, raw_end = article.raw_span(start, end)
    assert raw[raw_start:raw_end] == "產(chǎn)業(yè)"


def test_raw_span_out_of_range(article):
    with pytest.raises(ValueError, match="not within the article's text"):
        article.raw_span(0, len(article.text) + 1)


@pytest.mark.parametrize("word", ["青稞面", "前店后坊", "制作"])
def test_imperfect_conversions_keep_their_published_form(article, word):
    start, end = article.locate(word)
    assert article.text[start:end] == word


SIMPLIFIED_IN_ARTICLE = [
    pytest.param("產業振興", "产业振兴", id="chanye"),
    pytest.param("盒馬訂單", "盒马订单", id="hema"),
    pytest.param("江孜氆氌", "江孜氆氇", id="pulu"),
    pytest.param("沙涓時裝", "沙涓时装", id="shajuan"),
]


@pytest.mark.parametrize(("hant", "hans"), SIMPLIFIED_IN_ARTICLE)
def test_simplified_text_at_the_same_offsets(article, hant, hans):
    start = article.text.index(hant)
    assert article.text_hans[start : start + len(hant)] == hans


# locate, sentence_at and paragraph.
def test_locate_unique(article):
    start, end = article.locate("前店后坊")
    assert article.text[start:end] == "前店后坊"
    assert article.sentence_at(start).id == "p3.s1"


def test_locate_in_paragraph(article):
    start, end = article.locate("盒馬", paragraph=1)
    assert article.paragraph(1).start <= start < end <= article.paragraph(1).end


def test_locate_absent(article):
    with pytest.raises(ValueError, match="'拉薩' does not occur in the article"):
        article.locate("拉薩")


def test_locate_absent_in_paragraph(article):
    with pytest.raises(ValueError, match="does not occur in paragraph 3"):
        article.locate("盒馬", paragraph=3)


def test_locate_with_annotation_is_absent(article):
    with pytest.raises(ValueError, match="without pinyin"):
        article.locate("產(chǎn)業")


def test_locate_ambiguous(article):
    with pytest.raises(ValueError, match=r"occurs 2 times in paragraph 4; .* longer"):
        article.locate("盒馬村", paragraph=4)


def test_locate_ambiguous_in_article(article):
    with pytest.raises(ValueError, match=r"'江孜縣' occurs \d+ times in the article"):
        article.locate("江孜縣")


def test_locate_empty_quote(article):
    with pytest.raises(ValueError, match="empty quote"):
        article.locate("")


def test_sentence_at(article):
    for sentence in article.sentences:
        assert article.sentence_at(sentence.start) is sentence
        assert article.sentence_at(sentence.end - 1) is sentence


@pytest.mark.parametrize("offset", [-1, 18, 10_000])
def test_sentence_at_outside_sentences(article, offset):
    with pytest.raises(ValueError, match=f"Offset {offset} is not inside"):
        article.sentence_at(offset)


@pytest.mark.parametrize("number", [-1, 5])
def test_missing_paragraph(article, number):
    with pytest.raises(ValueError, match=f"no paragraph {number}: .* 1 to 4"):
        article.paragraph(number)


# Structures parse_article must accept or reject.
def test_simplified_notice_and_blank_lines():
    raw = "標題\n\n第一段。第二句！\n\n版权声明:注明来源。\n\n- 標題一\n- 標題二"
    article = parse_article(raw)
    assert [p.text for p in article.paragraphs] == ["第一段。第二句！"]
    assert article.text == "標題\n第一段。第二句！"
    assert article.related == ("標題一", "標題二")
    assert [s.text for s in article.sentences] == ["標題", "第一段。", "第二句！"]


def test_sentence_split_rules():
    raw = "標題\n他說：「好。」然後走了；再見!真的?是”嗎？”\n版權聲明"
    sentences = [s.text for s in parse_article(raw).paragraph(1).sentences]
    assert sentences == ["他說：「好。」", "然後走了；再見!", "真的?", "是”嗎？”"]


def test_whitespace_around_lines_is_not_text():
    raw = "  標題 \r\n\u3000\u3000產(chǎn)業(yè)振興。 \r\n版權聲明"
    article = parse_article(raw)
    assert article.text == "標題\n產業振興。"
    for paragraph in (article.title, *article.paragraphs):
        raw_start, raw_end = article.raw_span(paragraph.start, paragraph.end)
        assert strip_pinyin(raw[raw_start:raw_end]) == paragraph.text


MALFORMED = [
    pytest.param("", "no title", id="empty"),
    pytest.param("\n正文。\n版權聲明", "no title", id="blank-first-line"),
    pytest.param("標題\n正文。", "No copyright notice", id="no-notice"),
    pytest.param("標題\n\n版權聲明", "No body paragraphs", id="no-body"),
    pytest.param(
        "標題\n正文。\n版權聲明\n- 標題\n多出的一行",
        "Line 5 follows the copyright notice",
        id="stray-line-after-notice",
    ),
]


@pytest.mark.parametrize(("raw", "message"), MALFORMED)
def test_malformed_structure(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_article(raw)


def test_parse_article_rejects_non_str():
    with pytest.raises(TypeError, match=r"parse_article\(\) expects the text as a str"):
        parse_article(RAW_ARTICLE)
