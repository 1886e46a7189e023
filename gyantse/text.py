"""Cleaning and structuring the article text.

The raw article (China Tibet Online, 中国西藏网; copyright 高原(北京)文化传播有限公司,
to be named as the source wherever its text is shown) was scraped from a mirror that
converted it to traditional characters and wrote a pinyin reading after some of
them: ``產(chǎn)業(yè)`` for 產業. This module removes those readings, keeping a map
from every cleaned character back to the raw text, converts to simplified characters
without changing offsets, and splits the article into title, body paragraphs and
sentences (`parse_article`).

What counts as a reading annotation
    A parenthesis, ASCII or full-width, whose whole content is a reading of the
    Han character right before it according to pypinyin (all heteronyms, with or
    without tone marks, ``ü`` or ``v``, any case). Several readings in a row after one
    character all go. Anything else stays: ``高原(北京)``, ``(5.1%)``,
    ``盒馬(Hema)``, ``氆氌(pulu)``, and the outer parentheses of a headline's
    ``(深入學(xué)習(xí)...)``.

The space after a reading
    One space right after an annotation is removed with it only when punctuation
    follows, where published Chinese never has a space (``風(fēng) ，`` becomes
    ``風，``). A space between an annotation and a character is kept: the one such
    space in the article, in the related headline ``都在刮大風(fēng) 他卻說``, is
    the headline's own separator between its two clauses.

Known limitations
    A parenthesis that happens to spell a reading of the character before it is
    removed even when it was meant as something else (an English gloss ``和(he)``, a
    romanised surname ``王(Wang)``); a space the mirror might write between an
    annotation and the next character cannot be told from a genuine one and stays.
"""

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from gyantse.errors import expect_str

__all__ = [
    "Article",
    "Paragraph",
    "Sentence",
    "parse_article",
    "strip_pinyin",
    "strip_pinyin_with_offsets",
    "to_simplified",
]

# Pinyin spelling: Latin letters, precomposed (tone-marked vowels, ü, ń, ḿ) or followed
# by combining tone marks (ê̄, decomposed ǎ).
_LETTER = r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"
_COMBINING_MARK = r"[\u0300-\u036f]"
_OPEN = r"[(（]"
_CLOSE = r"[)）]"
# Punctuation that never has a space before it in published Chinese.
_CLOSING_PUNCTUATION = r"[，。、；：！？）」』”’》〉】,.;:!?)\]]"

_ANNOTATION = re.compile(
    rf"""
    {_OPEN}                                   # opening parenthesis
    (?P<reading>{_LETTER}(?:{_LETTER}|{_COMBINING_MARK})*)  # a candidate reading
    {_CLOSE}                                  # closing parenthesis
    (?:\x20(?={_CLOSING_PUNCTUATION}))?       # the space before punctuation, if any
    """,
    re.VERBOSE,
)

# Marks that end a sentence (semicolons do not), and quotes that close after them.
_TERMINAL_MARKS = "。！？!?"
_CLOSING_QUOTES = "”’」』"

_SENTENCE = re.compile(
    rf"""
    [^{_TERMINAL_MARKS}]*                     # anything up to a terminal mark
    (?:[{_TERMINAL_MARKS}]+                   # the mark, or several such as ！？
       [{_CLOSING_QUOTES}]*                   # and the quotes it closes
    | \Z)                                     # or else the end of the paragraph
    """,
    re.VERBOSE,
)

_NOTICE_PREFIXES = ("版權聲明", "版权声明")
_HEADLINE_PREFIX = "- "


@functools.cache
def _pypinyin():
    """Import pypinyin on first use, so that importing gyantse stays quick."""
    import pypinyin

    return pypinyin


@functools.cache
def _opencc_t2s():
    """Build the OpenCC traditional-to-simplified converter on first use."""
    import opencc

    return opencc.OpenCC("t2s")


def _normalise(reading: str) -> str:
    """Compose tone marks, fold case and spell a bare ``ü`` as ``v``."""
    return unicodedata.normalize("NFC", reading).casefold().replace("ü", "v")


@functools.cache
def _readings(char: str) -> frozenset[str]:
    """Every reading pypinyin knows for ``char``, with and without tone marks."""
    pypinyin = _pypinyin()
    found = set()
    for style in (pypinyin.Style.TONE, pypinyin.Style.NORMAL):
        for readings in pypinyin.pinyin(
            char, style=style, heteronym=True, errors="ignore"
        ):
            found.update(_normalise(reading) for reading in readings)
    return frozenset(found)


def _kept_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of ``text`` that remain once reading annotations are cut."""
    kept = []
    copied = 0  # everything before this position is either kept or cut
    chain_end, host = -1, ""  # end of the last cut annotation, and its character
    for match in _ANNOTATION.finditer(text):
        start = match.start()
        if start != chain_end:  # a second reading after the same character keeps host
            host = text[start - 1] if start else ""
        if host and _normalise(match["reading"]) in _readings(host):
            kept.append((copied, start))
            copied = chain_end = match.end()
    kept.append((copied, len(text)))
    return kept


def strip_pinyin(text: str) -> str:
    """Remove the pinyin readings the mirror wrote after characters.

    >>> strip_pinyin("推動產(chǎn)業(yè)振興")
    '推動產業振興'
    >>> strip_pinyin("我們(men)與高原(北京)、盒馬(Hema)、(5.1%)")
    '我們與高原(北京)、盒馬(Hema)、(5.1%)'
    >>> strip_pinyin("綠（LV）色")
    '綠色'
    >>> strip_pinyin("作風(fēng) ，刮大風(fēng) 他")
    '作風，刮大風 他'
    >>> strip_pinyin(["產"])
    Traceback (most recent call last):
    ...
    TypeError: strip_pinyin() expects the text as a str, but received list.
    """
    expect_str(text, "strip_pinyin")
    return "".join(text[start:end] for start, end in _kept_spans(text))


def strip_pinyin_with_offsets(text: str) -> tuple[str, tuple[int, ...]]:
    """Strip readings and map every cleaned position back to ``text``.

    Returns the cleaned text and, for each position 0 to ``len(clean)`` inclusive,
    the index in ``text`` it came from; the last entry is ``len(text)``.

    >>> strip_pinyin_with_offsets("產(chǎn)業")
    ('產業', (0, 7, 8))
    """
    expect_str(text, "strip_pinyin_with_offsets")
    kept = _kept_spans(text)
    clean = "".join(text[start:end] for start, end in kept)
    offsets = itertools.chain.from_iterable(range(start, end) for start, end in kept)
    return clean, (*offsets, len(text))


def to_simplified(text: str) -> str:
    """Convert to simplified characters with OpenCC ``t2s``, one character for one.

    OpenCC 1.4.2's ``t2s`` dictionaries map every entry to one of the same length, so
    the whole text converts at once, phrases included, and offsets carry over. Should
    a dictionary ever change the length, each character is converted on its own
    instead, keeping any character whose conversion is not a single character.

    >>> to_simplified("盒馬訂單農業，青稞面")
    '盒马订单农业，青稞面'
    >>> to_simplified(None)
    Traceback (most recent call last):
    ...
    TypeError: to_simplified() expects the text as a str, but received NoneType.
    """
    expect_str(text, "to_simplified")
    convert = _opencc_t2s().convert
    converted = convert(text)
    if len(converted) == len(text):
        return converted
    singles = (convert(char) for char in text)
    return "".join(
        single if len(single) == 1 else char
        for char, single in zip(text, singles, strict=True)
    )


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the article, with its place in `Article.text`.

    ``id`` reads ``p3.s2`` (paragraph 3, sentence 2; the title is paragraph 0),
    ``index`` counts from 1 within the paragraph, ``text`` is the cleaned zh-Hant
    sentence and ``text_hans`` its simplified form of the same length; ``start`` and
    ``end`` are character offsets into `Article.text`.
    """

    id: str
    paragraph: int
    index: int
    text: str
    text_hans: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """The title (number 0) or a body paragraph (1 to n), split into sentences.

    ``start`` and ``end`` are character offsets into `Article.text`.
    """

    number: int
    text: str
    text_hans: str
    start: int
    end: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Article:
    """The article cleaned of reading annotations, with offsets back to the raw text.

    ``text`` is the title and the body paragraphs joined by newlines, in zh-Hant as
    published (imperfect conversions such as 青稞面 included); ``text_hans`` is its
    simplified form, character for character. The copyright ``notice`` and the
    ``related`` headlines that follow it are kept apart and are not in ``text``.
    ``raw_offsets[i]`` is the index in ``raw`` of ``text[i]`` (for a newline between
    paragraphs, the end of the paragraph before it); the last entry maps the end.
    """

    raw: str = field(repr=False)
    title: Paragraph
    paragraphs: tuple[Paragraph, ...]
    notice: str
    related: tuple[str, ...]
    text: str
    text_hans: str = field(repr=False)
    raw_offsets: tuple[int, ...] = field(repr=False)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence, the title's first."""
        return tuple(s for p in (self.title, *self.paragraphs) for s in p.sentences)

    def paragraph(self, number: int) -> Paragraph:
        """Return paragraph ``number``: 0 is the title, 1 to n the body."""
        if number == 0:
            return self.title
        if 1 <= number <= len(self.paragraphs):
            return self.paragraphs[number - 1]
        raise ValueError(
            f"There is no paragraph {number}: the article has the title (0) and "
            f"body paragraphs 1 to {len(self.paragraphs)}."
        )

    def locate(self, quote: str, paragraph: int | None = None) -> tuple[int, int]:
        """Return the span in `text` of the one occurrence of ``quote``.

        With ``paragraph``, only that paragraph is searched. Overlapping occurrences
        count as separate ones.
        """
        expect_str(quote, "Article.locate")
        if not quote:
            raise ValueError("An empty quote cannot be located; give the words.")
        if paragraph is None:
            where, low, high = "the article", 0, len(self.text)
        else:
            found = self.paragraph(paragraph)
            where, low, high = f"paragraph {paragraph}", found.start, found.end
        hits = []
        hit = self.text.find(quote, low, high)
        while hit != -1:
            hits.append(hit)
            hit = self.text.find(quote, hit + 1, high)
        if not hits:
            raise ValueError(
                f"The quote {quote!r} does not occur in {where}; quotes are matched "
                "against the cleaned zh-Hant text (Article.text), without pinyin."
            )
        if len(hits) > 1:
            raise ValueError(
                f"The quote {quote!r} occurs {len(hits)} times in {where}; give a "
                "longer quote that occurs only once."
            )
        return hits[0], hits[0] + len(quote)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the offsets in `raw` of the span ``text[start:end]``.

        The raw span takes along the annotations of the characters it covers, so
        stripping them from ``raw[rs:re]`` gives back ``text[start:end]``.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(
                f"The span ({start}, {end}) is not within the article's text, which "
                f"has {len(self.text)} characters; give 0 <= start <= end <= "
                f"{len(self.text)}."
            )
        raw_start, raw_end = self.raw_offsets[start], self.raw_offsets[end]
        # A space cut along with the last annotation belongs outside the span: on its
        # own, with no punctuation after it, it would be kept.
        if end > start and raw_end - 1 > self.raw_offsets[end - 1]:
            if self.raw[raw_end - 1] == " ":
                raw_end -= 1
        return raw_start, raw_end

    def sentence_at(self, offset: int) -> Sentence:
        """Return the sentence that contains character ``offset`` of `text`."""
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        raise ValueError(
            f"Offset {offset} is not inside any sentence: the article's text has "
            f"{len(self.text)} characters, and the newlines between paragraphs "
            "belong to none."
        )


def _lines(raw: str) -> list[tuple[int, str]]:
    """Split ``raw`` into lines without surrounding whitespace, with their offsets."""
    lines, position = [], 0
    for line in raw.split("\n"):
        content = line.strip()
        lead = len(line) - len(line.lstrip())
        lines.append((position + lead, content))
        position += len(line) + 1
    return lines


def _paragraph(number: int, text: str, text_hans: str, start: int) -> Paragraph:
    """Build paragraph ``number`` from its slice of the article's text."""
    end = start + len(text)
    sentences = []
    for match in _SENTENCE.finditer(text):
        words = match.group()
        if not words.strip():
            continue
        first = start + match.start() + len(words) - len(words.lstrip())
        last = start + match.end() - (len(words) - len(words.rstrip()))
        sentences.append(
            Sentence(
                id=f"p{number}.s{len(sentences) + 1}",
                paragraph=number,
                index=len(sentences) + 1,
                text=text[first - start : last - start],
                text_hans=text_hans[first - start : last - start],
                start=first,
                end=last,
            )
        )
    return Paragraph(number, text, text_hans, start, end, tuple(sentences))


def parse_article(raw: str) -> Article:
    """Split the raw article into title, body paragraphs, notice and headlines.

    The title is the first line; the body paragraphs are the non-empty lines up to
    the copyright notice (the line starting with 版權聲明 or 版权声明); the related
    headlines are the lines starting with ``- `` after it.
    """
    expect_str(raw, "parse_article")
    lines = _lines(raw)
    expected = (
        "expected the headline on the first line, then the body paragraphs, then "
        "the copyright notice on a line starting with 版權聲明 or 版权声明"
    )
    if not lines[0][1]:
        raise ValueError(
            f"The article has no title: its first line is blank; {expected}."
        )
    notice_index = next(
        (
            index
            for index, (_, content) in enumerate(lines[1:], start=1)
            if strip_pinyin(content).startswith(_NOTICE_PREFIXES)
        ),
        None,
    )
    if notice_index is None:
        raise ValueError(
            f"No copyright notice was found; {expected}. Pass the raw article as "
            "published, with its notice."
        )
    body = [line for line in lines[1:notice_index] if line[1]]
    if not body:
        raise ValueError(
            "No body paragraphs were found between the title and the copyright "
            f"notice on line {notice_index + 1}; {expected}."
        )
    related = []
    for index in range(notice_index + 1, len(lines)):
        content = lines[index][1]
        if not content:
            continue
        if not content.startswith(_HEADLINE_PREFIX):
            raise ValueError(
                f"Line {index + 1} follows the copyright notice but is neither blank "
                f"nor a related headline starting with {_HEADLINE_PREFIX!r}: "
                f"{content!r}. Move it above the notice or mark it as a headline."
            )
        related.append(strip_pinyin(content[len(_HEADLINE_PREFIX) :].strip()))

    # Clean the title and the body, recording where each character came from.
    cleaned, raw_offsets = [], []
    for line_start, content in [lines[0], *body]:
        clean, offsets = strip_pinyin_with_offsets(content)
        cleaned.append(clean)
        # The end entry doubles as the raw position of the newline that follows.
        raw_offsets.extend(line_start + offset for offset in offsets)
    text = "\n".join(cleaned)
    text_hans = to_simplified(text)

    # Cut the text into paragraphs and sentences.
    paragraphs, start = [], 0
    for number, clean in enumerate(cleaned):
        end = start + len(clean)
        paragraphs.append(_paragraph(number, clean, text_hans[start:end], start))
        start = end + 1
    return Article(
        raw=raw,
        title=paragraphs[0],
        paragraphs=tuple(paragraphs[1:]),
        notice=strip_pinyin(lines[notice_index][1]),
        related=tuple(related),
        text=text,
        text_hans=text_hans,
        raw_offsets=tuple(raw_offsets),
    )
