"""The provenance pages of the site: the article, sentence by sentence, and its sources.

``article.html`` shows the cleaned article in three versions side by side (zh-Hant as
published, zh-Hans, the project's English), with each claim's quote marked where it
stands and the notebook sections that use the claim listed beneath its sentence.
``sources.html`` shows every external fact with its outlet, headline, date, address,
quoted passage and excerpt, and every derived figure with its formula and inputs,
each input a link. :func:`link_ids` turns the ids in a notebook page's text into
links to these pages.

Everything is rendered from the datasets and the notebooks alone; nothing is typed
by hand. The pages are built when the data package has the ``sentences`` table.
"""

import html
import io
import re
import tokenize
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import jinja2
import nbformat
import pandas as pd
from markupsafe import Markup

from gyantse import config
from gyantse.errors import SiteError
from gyantse.sitehtml import slug

__all__ = ["ARTICLE", "SOURCES", "Use", "link_ids", "link_targets",
           "render", "uses", "wanted"]

ARTICLE = "article.html"
SOURCES = "sources.html"
# The dataset whose presence in the data package makes the site show these pages.
_TRIGGER = "sentences"
_HEADING = re.compile(r"<(h[1-6])\b([^>]*)>(.*?)</\1>", re.DOTALL | re.IGNORECASE)
# A tag or comment; quoted attribute values may hold ">".
_TAG = re.compile(r"<!--.*?-->|<(?:[^\"'>]|\"[^\"]*\"|'[^']*')*>", re.DOTALL)
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
# Elements whose text is left as it is: links, code and what is not prose.
_KEEP = frozenset({"a", "pre", "code", "kbd", "samp", "script", "style", "textarea",
                   "title", "svg", "math"})
_ID_CHAR = "A-Za-z0-9_"


# --------------------------------------------------------------------------------
# Anchors and links


def _plain(fragment: str) -> str:
    """Return the text of an HTML fragment, tags removed and references resolved."""
    fragment = re.sub(r'<a class="anchor-link".*?</a>', "", fragment, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]*>", "", fragment)).strip()


def _unique(anchor: str, taken: dict[str, int]) -> str:
    """``anchor``, or ``anchor-2``, ``anchor-3``... when a page already has it."""
    taken[anchor] = taken.get(anchor, 0) + 1
    return anchor if taken[anchor] == 1 else f"{anchor}-{taken[anchor]}"


def _id_pattern(ids: Iterable[str]) -> re.Pattern | None:
    """Return a pattern matching any of ``ids`` as a whole word, longest first."""
    ordered = sorted(set(ids), key=lambda i: (-len(i), i))
    if not ordered:
        return None
    alternatives = "|".join(re.escape(i) for i in ordered)
    return re.compile(f"(?<![{_ID_CHAR}])(?:{alternatives})(?![{_ID_CHAR}])")


def link_ids(page: str, targets: Mapping[str, str] | None = None) -> str:
    """Turn every known id in the text of ``page`` into a link to its anchor.

    ``targets`` maps ids to addresses (default: every claim, fact and derived id of
    the datasets, see :func:`link_targets`). Attributes, comments, the contents of
    links, ``pre``, ``code``, ``style`` and ``script`` elements, and so embedded
    images, are left as they are.

    >>> to = {"c1": "article.html#claim-c1"}
    >>> print(link_ids('<td>c1; c10</td><a title="c1">c1</a><code>c1</code>', to))
    <td><a class="id-link" href="article.html#claim-c1">c1</a>; c10</td><a
    title="c1">c1</a><code>c1</code>
    """
    if targets is None:
        targets = link_targets()
    pattern = _id_pattern(targets)
    if pattern is None:
        return page

    def link(match: re.Match) -> str:
        address = html.escape(targets[match[0]], quote=True)
        return f'<a class="id-link" href="{address}">{match[0]}</a>'

    parts: list[str] = []
    open_kept: dict[str, int] = {}
    position = 0
    for tag in _TAG.finditer(page):
        text = page[position:tag.start()]
        parts.append(text if any(open_kept.values()) else pattern.sub(link, text))
        parts.append(tag[0])
        position = tag.end()
        name = _TAG_NAME.match(tag[0])
        if name and name[2].lower() in _KEEP and not tag[0].endswith("/>"):
            key = name[2].lower()
            open_kept[key] = max(0, open_kept.get(key, 0) + (-1 if name[1] else 1))
    tail = page[position:]
    parts.append(tail if any(open_kept.values()) else pattern.sub(link, tail))
    return "".join(parts)


# --------------------------------------------------------------------------------
# The datasets behind the pages


def wanted(package: Mapping) -> bool:
    """Whether the data package has what the provenance pages are made of."""
    return any(r.get("name") == _TRIGGER for r in package.get("resources", []))


def _tables() -> dict[str, pd.DataFrame]:
    from gyantse.datasets import load

    return {name: load(name, index=True)
            for name in ("sentences", "claims", "context", "derived")}


def _targets(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    targets = {i: f"{ARTICLE}#claim-{i}" for i in tables["claims"].index}
    targets.update({i: f"{SOURCES}#fact-{i}" for i in tables["context"].index})
    targets.update({i: f"{SOURCES}#derived-{i}" for i in tables["derived"].index})
    return targets


def link_targets(package: Mapping | None = None) -> dict[str, str]:
    """Map every claim, fact and derived id to its anchor on the provenance pages.

    Empty when the data package has no ``sentences`` table, since the pages are
    then not built.
    """
    if package is None:
        import json

        path = config.PROCESSED_DIR / "datapackage.json"
        package = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return _targets(_tables()) if wanted(package) else {}


# --------------------------------------------------------------------------------
# Where the notebooks use each id


@dataclass(frozen=True, slots=True)
class Use:
    """A section of a notebook page whose code names an id."""

    page: str          # the notebook page, e.g. "02-shajuan-model.html"
    notebook: str      # its number, e.g. "02"
    heading: str       # the nearest heading above the code, "" if none
    anchor: str        # that heading's id on the page, "" if none
    chart: bool        # whether a cell of the section that names the id draws a chart

    @property
    def href(self) -> str:
        """The address of the section: the page, and the heading's anchor if any."""
        return f"{self.page}#{self.anchor}" if self.anchor else self.page


def _literals(source: str) -> list[str]:
    """Return the string literals of a code cell as written (f-strings included)."""
    try:
        return [t.string for t in tokenize.generate_tokens(io.StringIO(source).readline)
                if t.type == tokenize.STRING]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return re.findall(r"\"[^\"\n]*\"|'[^'\n]*'", source)


def _has_chart(cell: nbformat.NotebookNode) -> bool:
    return any("image/png" in output.get("data", {})
               for output in cell.get("outputs", []))


def uses(notebooks: Sequence[tuple[str, nbformat.NotebookNode]],
         ids: Iterable[str]) -> dict[str, list[Use]]:
    """Return, for each of ``ids``, the notebook sections whose code names it.

    ``notebooks`` pairs each notebook page's file name with the notebook. An id is
    used by a code cell when it stands as a whole word in one of the cell's string
    literals (``.loc["..."]``, ``source_line(claim_ids=[...])``); the section is the
    nearest heading above the cell, with the anchor :func:`gyantse.sitehtml.heading_ids`
    gives it (the same slug, numbered from 2 when a page repeats it).
    Cells tagged ``remove-cell`` are not on the pages and are skipped.
    """
    ids = list(ids)
    pattern = _id_pattern(ids)
    found: dict[str, dict[tuple[str, str], Use]] = {i: {} for i in ids}
    if pattern is None:
        return {}
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    for page, notebook in notebooks:
        number = page.split("-", 1)[0]
        heading, anchor, taken = "", "", {}
        for cell in notebook.cells:
            if "remove-cell" in cell.get("metadata", {}).get("tags", []):
                continue
            if cell.cell_type == "markdown":
                for match in _HEADING.finditer(markdown2html_mistune(cell.source)):
                    heading = _plain(match[3])
                    anchor = _unique(slug(heading), taken)
                continue
            if cell.cell_type != "code":
                continue
            named = {m[0] for literal in _literals(cell.source)
                     for m in pattern.finditer(literal)}
            for name in sorted(named):
                key = (page, anchor)
                before = found[name].get(key)
                chart = _has_chart(cell) or (before is not None and before.chart)
                found[name][key] = Use(page, number, heading, anchor, chart)
    return {name: list(sections.values()) for name, sections in found.items()}


# --------------------------------------------------------------------------------
# Rendering


def _number(value: object) -> str:
    """Show a figure with thousands separated and no needless decimals.

    Whole numbers from 100 up, at most two decimals below (the datasets keep six).

    >>> _number(44000000.0), _number(9.4), _number(6811.699093), _number(1.457976)
    ('44,000,000', '9.4', '6,812', '1.46')
    >>> _number(pd.NA)
    ''
    """
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    if number.is_integer() or abs(number) >= 100:
        return f"{number:,.0f}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def _words(code: object) -> str:
    """Spell a unit or qualifier code in words (``CNY_per_piece``: CNY per piece)."""
    return "" if code is None or pd.isna(code) else str(code).replace("_", " ")


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _reading(row) -> str:
    """Return a claim's or fact's value, unit and qualifier in one phrase."""
    amount = " ".join(p for p in (_number(row.get("value")), _words(row.get("unit")))
                      if p)
    qualifier = _words(row.get("qualifier"))
    return f"{amount} ({qualifier})" if qualifier and amount else amount or qualifier


def _marked(text: str, claims: pd.DataFrame, offset: int, script: str) -> Markup:
    """``text`` with each claim's quote in a ``mark`` and its figure in ``strong``."""
    out, position = [], 0
    for claim_id, claim in claims.iterrows():
        start, end = claim.char_start - offset, claim.char_end - offset
        figure_start = claim.figure_start - offset
        figure_end = claim.figure_end - offset
        tip = f"tip-{script}-{claim_id}"
        anchor = f' id="claim-{claim_id}"' if script == "hant" else ""
        out.append(html.escape(text[position:start]))
        out.append(
            f'<span class="claim"><mark{anchor} class="claim-quote" tabindex="0" '
            f'aria-describedby="{tip}" data-claim="{claim_id}">'
            f"{html.escape(text[start:figure_start])}"
            f'<strong class="figure">{html.escape(text[figure_start:figure_end])}'
            f"</strong>{html.escape(text[figure_end:end])}</mark>"
            f'<span class="tip" role="tooltip" id="{tip}">'
            f"{html.escape(_reading(claim))}: {html.escape(_text(claim.get('en')))}"
            f" · {claim_id}</span></span>")
        position = end
    out.append(html.escape(text[position:]))
    return Markup("".join(out))


def _check_claims(claims: pd.DataFrame, sentences: pd.DataFrame) -> None:
    """Raise SiteError when a claim's span does not hold its quote in its sentence."""
    shown = config.relative(config.PROCESSED_DIR / "claims.csv")
    fix = "rebuild the datasets with 'python -m gyantse data'"
    previous_end: dict[str, int] = {}
    for claim_id, claim in claims.sort_values("char_start").iterrows():
        if claim.sentence_id not in sentences.index:
            raise SiteError(f"{shown}: claim {claim_id} names sentence "
                            f"{claim.sentence_id}, which sentences.csv lacks; {fix}.")
        sentence = sentences.loc[claim.sentence_id]
        start = claim.char_start - sentence.char_start
        held = sentence.zh_hant[start:start + claim.char_end - claim.char_start]
        if (held != claim.quote or claim.char_end > sentence.char_end
                or not claim.char_start <= claim.figure_start
                <= claim.figure_end <= claim.char_end):
            raise SiteError(
                f"{shown}: the span of claim {claim_id} ({claim.char_start}-"
                f"{claim.char_end}) does not hold its quote {claim.quote!r} in "
                f"sentence {claim.sentence_id} or its figure lies outside it; {fix}.")
        if claim.char_start < previous_end.get(claim.sentence_id, -1):
            raise SiteError(f"{shown}: claim {claim_id} overlaps the claim before it "
                            f"in sentence {claim.sentence_id}; the article page can "
                            "mark only claims that do not overlap, so split or "
                            f"shorten the quotes and {fix}.")
        previous_end[claim.sentence_id] = claim.char_end


def _inputs(derived: pd.DataFrame, targets: Mapping[str, str]) -> dict[str, list]:
    """Each derived figure's inputs as (id, address) pairs, refusing unknown ones."""
    shown = config.relative(config.PROCESSED_DIR / "derived.csv")
    inputs = {}
    for derived_id, row in derived.iterrows():
        names = [n.strip() for n in _text(row.inputs).split(";") if n.strip()]
        unknown = [n for n in names if n not in targets]
        if unknown:
            raise SiteError(
                f"{shown}: derived figure {derived_id} lists the inputs "
                f"{', '.join(unknown)}, which are no claim, fact or derived id; "
                "correct its inputs and rebuild with 'python -m gyantse data'.")
        inputs[derived_id] = [(n, targets[n].removeprefix(SOURCES)) for n in names]
    return inputs


def _groups(table: pd.DataFrame, column: str) -> list[tuple[str, list]]:
    """Group rows, as dicts with None for missing values, by ``column``.

    The groups keep the order in which they first appear.
    """
    groups: dict[str, list] = {}
    for row_id, row in table.iterrows():
        record = {k: None if pd.isna(v) else v for k, v in row.items()}
        groups.setdefault(_text(row[column]) or "(none)", []).append((row_id, record))
    return list(groups.items())


def render(env: jinja2.Environment, shared: Mapping,
           notebooks: Sequence[tuple[str, nbformat.NotebookNode]]) -> dict[str, str]:
    """Render ``article.html`` and ``sources.html`` with the site's environment.

    ``shared`` holds what every page of the site gets (title, provenance record,
    footer, navigation); ``notebooks`` pairs each notebook page's file name with
    its notebook, for the lists of where each id is used.
    """
    tables = _tables()
    sentences, claims = tables["sentences"], tables["claims"]
    context, derived = tables["context"], tables["derived"]
    _check_claims(claims, sentences)
    targets = _targets(tables)
    used = uses(notebooks, targets)
    inputs = _inputs(derived, targets)

    rows = []
    for sentence_id, sentence in sentences.sort_values("char_start").iterrows():
        own = claims[claims.sentence_id == sentence_id].sort_values("char_start")
        rows.append({
            "id": sentence_id,
            "hant": _marked(sentence.zh_hant, own, sentence.char_start, "hant"),
            "hans": _marked(sentence.zh_hans, own, sentence.char_start, "hans"),
            "en": sentence.en,
            "claims": [{"id": i, "reading": _reading(c), "figure": c.figure,
                        "uses": used.get(i, [])} for i, c in own.iterrows()],
        })
    facts = [(outlet, [{"id": i, "row": r, "reading": _reading(r),
                        "url": _text(r["accessed_via"]),
                        "is_url": _text(r["accessed_via"]).startswith(("http://",
                                                                    "https://")),
                        "uses": used.get(i, [])} for i, r in members])
             for outlet, members in _groups(context, "outlet")]
    figures = [(model, [{"id": i, "row": r, "reading": _reading(r),
                         "inputs": inputs[i], "uses": used.get(i, [])}
                        for i, r in members])
               for model, members in _groups(derived, "model")]
    return {
        ARTICLE: env.get_template("article.html.j2").render(
            shared, rows=rows, claim_count=len(claims)),
        SOURCES: env.get_template("sources.html.j2").render(
            shared, facts=facts, fact_count=len(context), figures=figures,
            derived_count=len(derived)),
    }
