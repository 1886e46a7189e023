"""Build the processed tables: resolve every annotation against the article.

Read top-down: load the article and the annotation files; fill each dataset's rows
with the one row builder, which copies the curated keys the registry
(:mod:`gyantse.registry`) names, places quotes in the article, and asks the
dataset's resolver for its computed columns (the resolver also checks meaning:
does the parser read the claimed value, does a quote occur in its excerpt); then
check every table against the registry and hand the rows to
:mod:`gyantse.datapackage`. A problem stops the build with one sentence naming
the file, the entry and the fix.
"""

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path

from gyantse import config, formulas
from gyantse.annotations import Entry, read_annotations
from gyantse.datapackage import write_package
from gyantse.errors import AnnotationError, GyantseError
from gyantse.excerpts import Excerpt, read_excerpts
from gyantse.provenance import read_raw, source
from gyantse.quantities import find_quantities, parse_quantity
from gyantse.registry import DATASETS, check, check_value
from gyantse.text import Article, parse_article, to_simplified

__all__ = ["build", "build_tables"]

Row = dict[str, object]
Resolver = Callable[[Entry, Row], Row]

# a claim whose sentence names no subject has this actor (empty in the claims table)
UNSPECIFIED = "unspecified"
# date_precision -> length of the date
_DATE_LENGTHS = {"year": 4, "month": 7, "day": 10, "year_range": 9}
# words before a figure that make it approximate but that the parser does not read;
# a context fact names one in `qualifier_word` (a documented override)
_QUALIFIER_WORDS = {"约有": "approximately", "約有": "approximately"}
# an excerpt's headline that starts so is not a headline; a date needs a year (YYYY)
_NO_HEADLINE = "not shown"
_DATED = re.compile(r"(?:\d{4}|[A-Z][a-z]+ \d{4})\b")
# context units whose parser unit has another name
_PARSER_UNITS = {"village": "item", "region": "item", "base": "item"}


def _number(value: object) -> Decimal:
    """Exact decimal of a YAML number (YAML floats go through their text form)."""
    return Decimal(str(value))


def _as_stored(written: str | None, kind: str, value: object) -> object:
    """Turn an annotation value into the value the column stores."""
    if value is None:
        return None
    if written == "ids":
        return ";".join(value) or None
    if written == "date":
        return str(value)
    if kind == "number":
        return _number(value)
    return value


def _locate(entry: Entry, article: Article, quote: str, paragraph: object) -> Row:
    """Position of an entry's quote: paragraph, span in the clean and raw text."""
    if not isinstance(paragraph, int) or not 0 <= paragraph <= len(article.paragraphs):
        raise entry.error(
            f"names paragraph {paragraph!r}",
            f"use 0 (the title) to {len(article.paragraphs)}",
        )
    try:
        start, end = article.locate(quote, paragraph)
    except ValueError as exc:
        raise entry.error(
            f"the quote '{quote}' cannot be placed ({exc})",
            "copy the words exactly from gyantse.article().paragraph"
            f"({paragraph}).text",
        ) from None
    raw_start, raw_end = article.raw_span(start, end)
    return {"char_start": start, "char_end": end, "raw_start": raw_start,
            "raw_end": raw_end}


def build_rows(name: str, entries: tuple[Entry, ...], article: Article,
               resolve: Resolver | None = None) -> list[Row]:
    """Fill the rows of dataset ``name``, one per annotation entry.

    Curated columns are copied from their annotation keys and checked against
    their field (type, vocabulary) before anything else; a quote of the article
    is placed; ``resolve(entry, row)`` then returns the computed columns (and may
    replace a curated value, as the claims' actor 'unspecified' becomes blank).
    """
    dataset = DATASETS[name]
    rows = []
    for entry in entries:
        row: Row = {}
        for column in dataset.columns:
            if column.key is not None:
                spec = column.field
                row[column.name] = _as_stored(spec.written, spec.type,
                                              entry.get(column.key))
                problem = check_value(column.name, row[column.name])
                if problem:
                    raise entry.error(*problem)
        if dataset.quotes == "article" and row.get("quote") is not None:
            row |= _locate(entry, article, row["quote"], row["paragraph"])
        if resolve is not None:
            row |= resolve(entry, row)
        missing = [c for c in dataset.names if c not in row]
        if missing:
            raise GyantseError(f"the {name} resolver gives no {', '.join(missing)}; "
                               "return every computed column of the registry.")
        rows.append({c: row[c] for c in dataset.names})
    return rows


def _check_coverage(article: Article, claims: list[Row], file: str) -> None:
    """Every quantity the parser finds in the body must be some claim's figure."""
    figures = {(row["figure_start"], row["figure_end"]) for row in claims}
    for paragraph in article.paragraphs:
        for quantity in find_quantities(paragraph.text):
            start = paragraph.start + quantity.span[0]
            if not any(s <= start < e for s, e in figures):
                raise AnnotationError(
                    f"{file}: the article states '{quantity.text}' in paragraph "
                    f"{paragraph.number} (character {start}) but no claim covers "
                    "it; add a claim whose figure is those words."
                )


def _claim(article: Article) -> Resolver:
    """Place the figure in its quote and check the parser reads the annotation."""

    def resolve(entry: Entry, row: Row) -> Row:
        figure, quote = row["figure"], row["quote"]
        if quote.count(figure) != 1:
            raise entry.error(
                f"the figure '{figure}' occurs {quote.count(figure)} times in its "
                "quote", "make the figure the exact words of the quantity, once"
            )
        parsed = parse_quantity(figure)
        if parsed is None:
            raise entry.error(f"no quantity can be read in the figure '{figure}'",
                              "give the figure with its number and unit")
        annotated = (row["value"], row["unit"], row["qualifier"])
        read = (Decimal(parsed.value), parsed.unit, parsed.qualifier)
        if annotated != read:
            raise entry.error(
                f"says {annotated[0]} {annotated[1]} ({annotated[2]}) but the text "
                f"'{figure}' reads {read[0]} {read[1]} ({read[2]})",
                "correct value, unit or qualifier to agree with the text",
            )
        figure_start = row["char_start"] + quote.index(figure)
        return {"actor": None if entry["actor"] == UNSPECIFIED else entry["actor"],
                "is_lower_bound": row["qualifier"] == "more_than",
                "quote_hans": to_simplified(quote),
                "sentence_id": article.sentence_at(row["char_start"]).id,
                "figure_start": figure_start, "figure_end": figure_start + len(figure)}

    return resolve


def _event(entry: Entry, row: Row) -> Row:
    """Check that the date is as precise as it says and an external date is cited."""
    if _DATE_LENGTHS[row["date_precision"]] != len(row["date"]):
        raise entry.error(
            f"has date '{row['date']}' with precision '{row['date_precision']}'",
            "write the date as YYYY (year), YYYY-MM (month), YYYY-MM-DD (day) "
            "or YYYY/YYYY (year_range)")
    if row["date_source"] == "external" and row["reference"] is None:
        raise entry.error("has an external date but no reference",
                          "name the context fact that supplies the date")
    return {}


def _check_fact_value(entry: Entry, quote: str) -> None:
    """Check that the parser reads the fact's figure, inside its quote, as its value."""
    figure = entry.get("figure")
    if figure is None or quote.count(figure) != 1:
        found = "no figure" if figure is None else f"the figure '{figure}' " \
            f"{quote.count(figure)} times"
        raise entry.error(f"has a value but its quote holds {found}",
                          "give as figure the exact words of the quantity, once, "
                          "inside the quote")
    value, unit = _number(entry["value"]), entry.get("unit")
    qualifier = entry.get("qualifier", "exact")
    if unit == "calendar_year":
        read = (_number(figure[:-1]) if figure[:-1].isdigit() and figure.endswith("年")
                else None, unit, "exact")
    else:
        parsed = parse_quantity(figure)
        if parsed is None:
            raise entry.error(f"no quantity can be read in the figure '{figure}'",
                              "give the figure with its number and unit")
        read = (Decimal(parsed.value), parsed.unit, parsed.qualifier)
        unit = _PARSER_UNITS.get(unit, str(unit).split("_per_")[0])
        word = entry.get("qualifier_word")
        if word is not None:
            if word not in _QUALIFIER_WORDS or quote.count(word + figure) != 1:
                raise entry.error(
                    f"names the qualifier_word '{word}', which is not one of "
                    f"{', '.join(_QUALIFIER_WORDS)} or does not stand right before "
                    f"the figure '{figure}' in the quote",
                    "drop qualifier_word, or give one of those words as it stands "
                    "before the figure")
            read = (*read[:2], _QUALIFIER_WORDS[word])
    if (value, unit, qualifier) != read:
        raise entry.error(
            f"says {value} {entry.get('unit')} ({qualifier}) but its source's words "
            f"'{figure}' read {read[0]} {read[1]} ({read[2]})",
            "correct value, unit or qualifier to agree with the excerpt",
        )


def _fact(excerpts: Mapping[str, Excerpt]) -> Resolver:
    """Check a context fact against its excerpt; a quoted fact cites the excerpt."""

    def resolve(e: Entry, row: Row) -> Row:
        status = row["verification"]
        cited = {"accessed_via": None}
        quoted = row["excerpt_id"] is not None or row["quote"] is not None
        if status == "verified" or (status == "unverified" and quoted):
            excerpt = excerpts.get(row["excerpt_id"])
            if excerpt is None or row["quote"] is None:
                raise e.error(
                    f"is {status} but names the excerpt {row['excerpt_id']!r} with "
                    f"the quote {row['quote']!r}",
                    "name an id of data/raw/excerpts.yml and quote its words, or "
                    "mark the fact unverified",
                )
            if row["quote"] not in excerpt.text:
                raise e.error(
                    f"the quote '{row['quote']}' does not occur in the excerpt "
                    f"'{excerpt.id}' (data/raw/{excerpt.file})",
                    "copy the words exactly from that file, or mark the fact "
                    "unverified",
                )
            if any(row[k] is not None for k in ("outlet", "title", "date")):
                raise e.error(f"is {status} but gives its own outlet, title or date",
                              f"drop them: they come from excerpt '{excerpt.id}'")
            lacks = [part for part, ok in (
                ("headline", not excerpt.headline.startswith(_NO_HEADLINE)),
                ("date", _DATED.match(excerpt.date) is not None)) if not ok]
            if status == "verified" and lacks:
                raise e.error(
                    f"is verified but its excerpt '{excerpt.id}' records no "
                    f"{' and no '.join(lacks)} (headline '{excerpt.headline}', date "
                    f"'{excerpt.date}')",
                    "mark the fact unverified and say in its note which of headline "
                    "and date the consulted copy lacks")
            if status == "unverified" and not row["note"]:
                raise e.error("is unverified but has no note",
                              "say in a note why it is unverified")
            cited = {"outlet": excerpt.outlet, "title": excerpt.headline,
                     "date": excerpt.date, "accessed_via": excerpt.accessed_via}
        elif quoted:
            raise e.error(f"is {status} but names an excerpt or a quote",
                          "mark it verified or unverified, or drop excerpt and quote")
        elif row["outlet"] is None:
            raise e.error("names no outlet", "give the outlet it was recorded from")
        if row["value"] is not None and quoted:
            _check_fact_value(e, row["quote"])
        qualifier = None if row["value"] is None else row["qualifier"] or "exact"
        return {**cited, "qualifier": qualifier}

    return resolve


def _finding(excerpts: Mapping[str, Excerpt], subjects: Mapping[str, str]) -> Resolver:
    """Check a finding's subject and that its quote occurs in its excerpt."""

    def resolve(e: Entry, row: Row) -> Row:
        if row["subject"] not in subjects:
            raise e.error(f"names the unknown subject '{row['subject']}'",
                          "use a claim_id of claims.yml or an id of timeline.yml")
        excerpt = None
        if row["source_id"] is not None:
            excerpt = excerpts.get(row["source_id"])
            if excerpt is None:
                raise e.error(f"names the unknown source '{row['source_id']}'",
                              "use an excerpt id of data/raw/excerpts.yml")
        if row["finding"] != "not_found" and (excerpt is None or row["quote"] is None):
            raise e.error(f"is {row['finding']} without a source and its quote",
                          "name the excerpt and quote the words that bear on it")
        if row["quote"] is not None and (excerpt is None
                                         or row["quote"] not in excerpt.text):
            raise e.error(
                f"the quote '{row['quote']}' does not occur in the excerpt "
                f"'{row['source_id']}'",
                "copy the words exactly from that excerpt's file")
        return {"subject_type": subjects[row["subject"]],
                "outlet": None if excerpt is None else excerpt.outlet,
                "date": None if excerpt is None else excerpt.date}

    return resolve


def _figure(values: dict[str, Decimal], lower: set[str],
            unverified: set[str]) -> Resolver:
    """Evaluate a formula over claims, facts and the derived figures above it.

    Later formulas build on a derived figure's exact value, not on the 6 decimal
    places published; a lower bound or an unverified fact anywhere below a figure
    is carried up to it.
    """

    def resolve(e: Entry, row: Row) -> Row:
        if e.id in values:
            raise e.error(f"has the id '{e.id}' of a claim, a context fact or a "
                          "derived figure above it", "give it an id of its own")
        try:
            used = formulas.names(row["formula"])
            exact = formulas.evaluate(row["formula"], values, rounded=False)
        except ValueError as exc:
            raise e.error(str(exc), "use claim, context and earlier derived ids with "
                          "+ - * / and parentheses") from None
        values[e.id] = exact
        for below in (lower, unverified):
            if below & set(used):
                below.add(e.id)
        return {"value": formulas.round_published(exact), "inputs": ";".join(used),
                "uses_lower_bound": e.id in lower,
                "uses_unverified": e.id in unverified}

    return resolve


def _sentence(article: Article) -> Resolver:
    """Take a translated sentence's Chinese from the article, checked against zh."""
    by_id = {s.id: s for s in article.sentences}

    def resolve(entry: Entry, row: Row) -> Row:
        sentence = by_id.get(entry.id)
        if sentence is None:
            raise entry.error("names no sentence of the article",
                              "use the sentence ids of gyantse.article().sentences")
        if entry["zh"] != sentence.text:
            raise entry.error(
                f"its zh text differs from sentence {sentence.id} of the article",
                f"set zh to '{sentence.text}'",
            )
        raw_start, raw_end = article.raw_span(sentence.start, sentence.end)
        return {"paragraph": sentence.paragraph, "sentence_index": sentence.index,
                "zh_hant": sentence.text, "zh_hans": sentence.text_hans,
                "char_start": sentence.start, "char_end": sentence.end,
                "raw_start": raw_start, "raw_end": raw_end}

    return resolve


def _in_article_order(article: Article, rows: list[Row], file: str) -> list[Row]:
    """Every sentence of the article has one translation; rows in article order."""
    by_id = {row["sentence_id"]: row for row in rows}
    for sentence in article.sentences:
        if sentence.id not in by_id:
            raise AnnotationError(
                f"{file}: sentence {sentence.id} ('{sentence.text[:20]}…') has no "
                "translation; add an entry with that id."
            )
    return [by_id[s.id] for s in article.sentences]


def build_tables(annotations_dir: Path | None = None,
                 raw_path: Path | None = None,
                 excerpts_dir: Path | None = None) -> dict[str, list[Row]]:
    """Resolve every annotation against the article and return the table rows.

    ``excerpts_dir`` is the folder holding ``excerpts.yml`` (default ``data/raw``).
    """
    if annotations_dir is None and not config.IN_CHECKOUT:
        raise GyantseError(config.needs_checkout("Rebuilding the datasets"))
    # load the verified article, the checked excerpts and the curated annotations
    article = parse_article(read_raw(raw_path))
    excerpts = read_excerpts(excerpts_dir)
    read = {name: read_annotations(d.annotation, annotations_dir)
            for name, d in DATASETS.items()}

    def rows(name: str, resolve: Resolver | None = None) -> list[Row]:
        return build_rows(name, read[name], article, resolve)

    # claims first: their figures must cover every quantity of the article
    tables = {"claims": rows("claims", _claim(article))}
    _check_coverage(article, tables["claims"], read["claims"][0].file)
    tables["context"] = rows("context", _fact(excerpts))
    for name in ("entities", "products", "terms"):
        tables[name] = rows(name)
    tables["timeline"] = rows("timeline", _event)
    values = {r["claim_id"]: r["value"] for r in tables["claims"]}
    values |= {r["ref_id"]: r["value"] for r in tables["context"]
               if r["value"] is not None}
    lower = {r["claim_id"] for r in tables["claims"] if r["is_lower_bound"]}
    lower |= {r["ref_id"] for r in tables["context"] if r["qualifier"] == "more_than"}
    unverified = {r["ref_id"] for r in tables["context"]
                  if r["verification"] == "unverified"}
    tables["derived"] = rows("derived", _figure(values, lower, unverified))
    subjects = {r["claim_id"]: "claim" for r in tables["claims"]}
    subjects |= {r["event_id"]: "event" for r in tables["timeline"]}
    tables["corroboration"] = rows("corroboration", _finding(excerpts, subjects))
    covered = {r["subject"] for r in tables["corroboration"]}
    missing = [s for s in subjects if s not in covered]
    if missing:
        raise AnnotationError(
            f"{read['corroboration'][0].file}: no finding covers {', '.join(missing)}; "
            "add an entry for each (finding not_found when no other report was found)."
        )
    tables["sentences"] = _in_article_order(
        article, rows("sentences", _sentence(article)), read["sentences"][0].file)

    # the registry's check (types, vocabularies, keys), naming the entry at fault
    entries = {name: {e.id: e for e in found} for name, found in read.items()}

    def report(name: str, position: int, problem: str, fix: str) -> None:
        key = tables[name][position][DATASETS[name].primary_key]
        entry = entries[name].get(key)
        if entry is not None:
            raise entry.error(problem, fix)

    check(tables, report)
    return {name: tables[name] for name in DATASETS}


def build(out_dir: Path | None = None, annotations_dir: Path | None = None,
          raw_path: Path | None = None,
          excerpts_dir: Path | None = None) -> dict[str, int]:
    """Rebuild ``data/processed`` atomically; return the rows written per table."""
    tables = build_tables(annotations_dir, raw_path, excerpts_dir)
    write_package(tables, out_dir or config.PROCESSED_DIR, source())
    return {name: len(rows) for name, rows in tables.items()}
