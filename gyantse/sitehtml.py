"""Rewrite the HTML nbconvert makes of a notebook into a page of the site.

Tables: numbers are shown with thousands separators and without a spurious
``.0``, missing values as a dash, numbers right-aligned and text left-aligned,
no header cell is empty, and each table sits in a labelled, keyboard-focusable
scroll region. Charts: numbered figures with a caption, alt text and source line
from the output's metadata, the PNG written as a file that a tap opens at full
size. Headings: an id and a link to themselves; the page's contents list is
built from them. Every rewrite works on the markup nbconvert and pandas emit.
"""

import html
import re
from base64 import b64decode
from dataclasses import dataclass, field

__all__ = ["Heading", "Rewritten", "after_first_cell", "cell_value", "heading_ids",
           "rewrite", "slug"]

MISSING = "—"
_MISSING_TEXT = {"nan", "NaN", "<NA>", "None", "NaT", "N/A"}
# A number as pandas prints it: optional sign, digits, optional decimals.
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?")
# A number as a reader writes it: thousands separators, sign, bound or percent.
_SHOWN_NUMBER = re.compile(r"[<>≈~+\-−]?\s?\d[\d,]*(?:\.\d+)?\s?%?")
_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.DOTALL)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<(th|td)\b([^>]*)>(.*?)</\1>", re.DOTALL)
_SCOPED_STYLE = re.compile(r"<style scoped[^>]*>.*?</style>\s*", re.DOTALL)
_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.DOTALL)
_CHART = re.compile(r'<figure class="chart">(.*?)</figure>', re.DOTALL)
_CELL_START = '<div class="jp-Cell '


def slug(text: str) -> str:
    """Return an id for a heading: its words, lower-case, joined by hyphens.

    >>> slug("The Shajuan model: 50 trainees & <em>pulu</em>")
    'the-shajuan-model-50-trainees-pulu'
    >>> slug("江孜县")
    '江孜县'
    """
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).lower()
    return "-".join(re.findall(r"\w+", text)) or "section"


def cell_value(text: str, *, separators: bool = True) -> str:
    """Return a table cell's text as a reader should see it.

    >>> [cell_value(t) for t in ["50.0", "2400000.0", "NaN", "1.25", "text"]]
    ['50', '2,400,000', '—', '1.25', 'text']
    >>> cell_value("2023.0", separators=False)
    '2023'
    """
    stripped = text.strip()
    if stripped in _MISSING_TEXT:
        return MISSING
    if not _PLAIN_NUMBER.fullmatch(stripped) or "e" in stripped:
        return text
    whole, _, decimals = stripped.partition(".")
    if decimals.strip("0") == "":
        decimals = ""
    if separators:
        whole = f"{int(whole):,}"
    return whole + (f".{decimals}" if decimals else "")


def _is_number(text: str) -> bool:
    return bool(_SHOWN_NUMBER.fullmatch(text.strip()))


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(1[89]|20)\d\d(\.0+)?", text.strip()))


@dataclass
class _Cell:
    tag: str
    attrs: str
    text: str
    column: int | None

    @property
    def plain(self) -> str | None:
        """The cell's text when it holds no markup."""
        return None if "<" in self.text else html.unescape(self.text)


def _table(table: str, label: str) -> str:
    """Rewrite one table: values, alignment, header cells and its scroll region."""
    table = re.sub(r'^<table\b[^>]*>', '<table class="data">', table)
    table = re.sub(r'<tr style="[^"]*">', "<tr>", table)
    spans = "rowspan" in table or "colspan" in table
    head_end = table.find("</thead>")  # rows after it (or all, without) are body
    rows = []
    for row in _ROW.finditer(table):
        cells = [_Cell(m[1], m[2], m[3], None if spans else i)
                 for i, m in enumerate(_CELL.finditer(row[1]))]
        rows.append((row.start() > head_end, row, cells))
    # a column is numeric when every value of it shown in the body is a number
    body = [c for is_body, _, cells in rows if is_body for c in cells
            if c.tag == "td" and c.column is not None]
    columns: dict[int, list[str]] = {}
    for cell in body:
        text = cell.plain
        if text is not None and text.strip() not in _MISSING_TEXT | {""}:
            columns.setdefault(cell.column, []).append(text)
    numeric = {i for i, values in columns.items()
               if all(_PLAIN_NUMBER.fullmatch(v.strip()) or _is_number(v)
                      for v in values)}
    years = {i for i in numeric if all(_is_year(v) for v in columns[i])}
    out, position = [], 0
    for is_body, row, cells in rows:
        out.append(table[position:row.start(1)])
        parts = []
        for cell in cells:
            parts.append(_cell(cell, is_body, numeric, years))
        out.append("\n".join(parts))
        position = row.end(1)
    out.append(table[position:])
    return (f'<div class="table-scroll" role="region" tabindex="0" '
            f'aria-label="{html.escape(label)}">\n{"".join(out)}\n</div>')


def _cell(cell: _Cell, is_body: bool, numeric: set[int], years: set[int]) -> str:
    text, tag, attrs = cell.text, cell.tag, cell.attrs
    plain = cell.plain
    if plain is not None:
        if tag == "td" and cell.column in numeric:
            plain = cell_value(plain, separators=cell.column not in years)
        elif tag == "td" and _PLAIN_NUMBER.fullmatch(plain.strip()):
            plain = cell_value(plain, separators=abs(float(plain)) >= 10_000)
        elif tag == "td" and plain.strip() in _MISSING_TEXT:
            plain = MISSING
        if not plain.strip():
            # an empty header cell names nothing: it is a plain cell
            return f"<td{attrs}></td>"
        text = html.escape(plain, quote=False).replace("_", "_<wbr>")
    is_number = (cell.column in numeric
                 or (tag == "td" and plain is not None and _is_number(plain)))
    if tag == "th":
        attrs += ' scope="row"' if is_body else ' scope="col"'
    if is_number or (tag == "th" and not is_body and cell.column in numeric):
        attrs += ' class="num"'
    return f"<{tag}{attrs}>{text}</{tag}>"


@dataclass(frozen=True)
class Heading:
    """A heading of a page: its level, id and text."""

    level: int
    id: str
    text: str


@dataclass
class Rewritten:
    """A page's rewritten HTML, its headings and the chart images it links."""

    html: str
    headings: list[Heading] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)


def heading_ids(page: str, *, links: bool = True) -> tuple[str, list[Heading]]:
    """Give every heading of ``page`` an id (and, with ``links``, a link to it)."""
    used: set[str] = set(re.findall(r'\bid="([^"]+)"', page))
    found = []

    def replace(match: re.Match) -> str:
        level, attrs, inner = int(match[1]), match[2] or "", match[3]
        existing = re.search(r'\bid="([^"]+)"', attrs)
        if existing:
            ident = existing[1]
        else:
            base = ident = slug(inner)
            number = 2
            while ident in used:
                ident, number = f"{base}-{number}", number + 1
            used.add(ident)
            attrs += f' id="{ident}"'
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split())
        found.append(Heading(level, ident, text))
        link = "" if level == 1 or not links else (
            f' <a class="anchor" href="#{ident}" aria-label="Link to this section: '
            f'{html.escape(text)}">#</a>')
        return f"<h{level}{attrs}>{inner}{link}</h{level}>"

    return _HEADING.sub(replace, page), found


def rewrite(page: str, *, number: int, stem: str) -> Rewritten:
    """Rewrite the page of notebook ``number`` (file stem ``stem``)."""
    page = _SCOPED_STYLE.sub("", page)
    page, headings = heading_ids(page)
    # tables, numbered in page order
    count = iter(range(1, 10_000))
    page = _TABLE.sub(
        lambda m: _table(m[0], f"Table {number}.{next(count)}"), page)
    # charts: numbered figures whose PNG becomes a file of the site
    images: dict[str, bytes] = {}
    section = {"title": ""}

    def chart(match: re.Match) -> str:
        index = len(images) + 1
        inner = match[1]
        data = re.search(r'src="data:image/png;base64,([^"]+)"', inner)[1]
        src = f"assets/figures/{stem}-{index}.png"
        images[src] = b64decode(data)
        ident = f"figure-{number}-{index}"
        label = f"Figure {number}.{index}"
        inner = inner.replace(f"data:image/png;base64,{data}", src)
        inner = inner.replace('<span class="chart-number"></span>',
                              f'<span class="chart-number">{label}:</span>')
        if 'alt=""' in inner:  # a chart without a description in its metadata
            where = f" in “{section['title']}”" if section["title"] else ""
            inner = inner.replace('alt=""', f'alt="{html.escape(label + where)}"')
            inner = inner.replace(
                '<span class="chart-title"></span>',
                f'<span class="chart-title">{html.escape(section["title"] or "")}'
                "</span>")
        inner = inner.replace("<img ", '<img loading="lazy" decoding="async" ', 1)
        inner = re.sub(r"(<img\b[^>]*>)",
                       rf'<a class="full-size" href="{src}" '
                       rf'aria-label="{label} at full size">\1</a>', inner, count=1)
        return f'<figure class="chart" id="{ident}">{inner}</figure>'

    pieces = []
    position = 0
    for match in _CHART.finditer(page):
        before = page[position:match.start()]
        for heading in _HEADING.finditer(before):
            section["title"] = " ".join(html.unescape(
                re.sub(r"<[^>]+>", "", re.sub(r'<a class="anchor".*?</a>', "",
                                               heading[3]))).split())
        pieces.append(before)
        pieces.append(chart(match))
        position = match.end()
    pieces.append(page[position:])
    return Rewritten("".join(pieces), headings, images)


def after_first_cell(page: str, insert: str) -> str:
    """Insert ``insert`` after the page's first cell (its title and lede)."""
    first = page.find(_CELL_START)
    second = page.find(_CELL_START, first + 1) if first >= 0 else -1
    if second < 0:
        end = page.find("</main>")
        return page[:end] + insert + page[end:] if end >= 0 else page + insert
    return page[:second] + insert + page[second:]
