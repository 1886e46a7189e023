"""Build the processed tables: resolve every annotation against the article.

Read top-down: load the article and the annotation files, resolve each quote to
its position in the cleaned text, check each claimed value against the parser,
compute the derived figures, then hand the rows to :mod:`gyantse.datapackage`.
A problem stops the build with one sentence naming the file, the entry and the fix.
"""

import re
from decimal import Decimal
from pathlib import Path

from gyantse import config, formulas
from gyantse.annotations import Entry, read_annotations
from gyantse.datapackage import write_package
from gyantse.errors import AnnotationError, GyantseError
from gyantse.excerpts import Excerpt, read_excerpts
from gyantse.provenance import read_raw, source
from gyantse.quantities import find_quantities, parse_quantity
from gyantse.text import Article, parse_article, to_simplified

__all__ = ["build", "build_tables"]

Row = dict[str, object]

_MODELS = {"shajuan", "hema", "county", "context"}
_QUALIFIERS = {"exact", "more_than", "less_than", "approximately", "expected"}


def _number(value: object) -> Decimal:
    """Exact decimal of a YAML number (YAML floats go through their text form)."""
    return Decimal(str(value))


def _locate(entry: Entry, article: Article, quote: str, paragraph: int) -> Row:
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
    return {"quote": quote, "paragraph": paragraph, "char_start": start,
            "char_end": end, "raw_start": raw_start, "raw_end": raw_end}


def _optional_quote(entry: Entry, article: Article) -> Row:
    """Quote columns of an entry whose quote is optional (blank when absent)."""
    if entry.get("quote") is None:
        return {"quote": None, "paragraph": None, "char_start": None,
                "char_end": None}
    located = _locate(entry, article, entry["quote"], entry.get("paragraph"))
    return {k: located[k] for k in ("quote", "paragraph", "char_start", "char_end")}


def _check_model(entry: Entry) -> str:
    if entry["model"] not in _MODELS:
        raise entry.error(f"has model '{entry['model']}'",
                          f"use one of {', '.join(sorted(_MODELS))}")
    return entry["model"]


def _claims(article: Article, entries: tuple[Entry, ...]) -> list[Row]:
    rows = []
    for entry in entries:
        # place the quote, then the figure inside it
        where = _locate(entry, article, entry["quote"], entry["paragraph"])
        figure, quote = entry["figure"], entry["quote"]
        if quote.count(figure) != 1:
            raise entry.error(
                f"the figure '{figure}' occurs {quote.count(figure)} times in its "
                "quote", "make the figure the exact words of the quantity, once"
            )
        figure_start = where["char_start"] + quote.index(figure)
        # the parser must read the annotated value, unit and qualifier
        parsed = parse_quantity(figure)
        if parsed is None:
            raise entry.error(f"no quantity can be read in the figure '{figure}'",
                              "give the figure with its number and unit")
        if entry["qualifier"] not in _QUALIFIERS:
            raise entry.error(f"has qualifier '{entry['qualifier']}'",
                              f"use one of {', '.join(sorted(_QUALIFIERS))}")
        annotated = (_number(entry["value"]), entry["unit"], entry["qualifier"])
        read = (Decimal(parsed.value), parsed.unit, parsed.qualifier)
        if annotated != read:
            raise entry.error(
                f"says {annotated[0]} {annotated[1]} ({annotated[2]}) but the text "
                f"'{figure}' reads {read[0]} {read[1]} ({read[2]})",
                "correct value, unit or qualifier to agree with the text",
            )
        rows.append({
            "claim_id": entry.id, "model": _check_model(entry),
            "actor": None if entry["actor"] == UNSPECIFIED else entry["actor"],
            "metric": entry["metric"],
            "period": str(entry["period"]), "value": annotated[0],
            "unit": annotated[1], "qualifier": annotated[2],
            "is_lower_bound": annotated[2] == "more_than", "figure": figure,
            "quote": quote, "quote_hans": to_simplified(quote),
            "paragraph": where["paragraph"],
            "sentence_id": article.sentence_at(where["char_start"]).id,
            "char_start": where["char_start"], "char_end": where["char_end"],
            "figure_start": figure_start, "figure_end": figure_start + len(figure),
            "raw_start": where["raw_start"], "raw_end": where["raw_end"],
            "en": entry["en"], "note": entry.get("note"),
        })
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


def _entities(article: Article, entries: tuple[Entry, ...]) -> list[Row]:
    return [{"entity_id": e.id, "type": e["type"], "model": _check_model(e),
             "zh_hant": e["zh_hant"], "zh_hans": e["zh_hans"], "pinyin": e["pinyin"],
             "en": e["en"], "en_status": e["en_status"], "role": e["role"],
             **_optional_quote(e, article), "note": e.get("note")}
            for e in entries]


def _products(article: Article, entries: tuple[Entry, ...],
              claim_ids: set[str]) -> list[Row]:
    rows = []
    for e in entries:
        ids = list(e.get("claim_ids", []))
        unknown = [i for i in ids if i not in claim_ids]
        if unknown:
            raise e.error(f"names unknown claim ids {', '.join(unknown)}",
                          "use ids from data/annotations/claims.yml")
        rows.append({"product_id": e.id, "model": _check_model(e), "kind": e["kind"],
                     "status": e["status"], "zh_hant": e["zh_hant"],
                     "zh_hans": e["zh_hans"], "en": e["en"],
                     "claim_ids": ";".join(ids) or None,
                     **_optional_quote(e, article), "note": e.get("note")})
    return rows


def _timeline(article: Article, entries: tuple[Entry, ...],
              ref_ids: set[str]) -> list[Row]:
    rows = []
    for e in entries:
        if e.get("reference") is not None and e["reference"] not in ref_ids:
            raise e.error(f"names the unknown reference '{e['reference']}'",
                          "use an id from data/annotations/context.yml")
        if e["date_source"] not in _DATE_SOURCES:
            raise e.error(f"has date_source '{e['date_source']}'",
                          f"use one of {', '.join(sorted(_DATE_SOURCES))}")
        if _PRECISIONS.get(e["date_precision"]) != len(str(e["date"])):
            raise e.error(
                f"has date '{e['date']}' with precision '{e['date_precision']}'",
                "write the date as YYYY (year), YYYY-MM (month), YYYY-MM-DD (day) "
                "or YYYY/YYYY (year_range)")
        if e["date_source"] == "external" and e.get("reference") is None:
            raise e.error("has an external date but no reference",
                          "name the context fact that supplies the date")
        rows.append({"event_id": e.id, "date": str(e["date"]),
                     "date_precision": e["date_precision"],
                     "date_source": e["date_source"], "model": _check_model(e),
                     "event_en": e["event_en"], **_optional_quote(e, article),
                     "reference": e.get("reference"), "note": e.get("note")})
    return rows


def _terms(article: Article, entries: tuple[Entry, ...]) -> list[Row]:
    return [{"term_id": e.id, "model": _check_model(e), "zh_hant": e["zh_hant"],
             "zh_hans": e["zh_hans"], "pinyin": e["pinyin"], "en": e["en"],
             "explanation": e["explanation"], **_optional_quote(e, article),
             "note": e.get("note")}
            for e in entries]


_STATUSES = {"verified", "unverified", "definition"}
_DATE_SOURCES = {"article", "external", "inferred"}
# date_precision -> length of the date; year_range is an ISO 8601 interval YYYY/YYYY,
# for a date on which the sources disagree
_PRECISIONS = {"year": 4, "month": 7, "day": 10, "year_range": 9}
# a claim whose sentence names no subject has this actor (empty in the claims table)
UNSPECIFIED = "unspecified"
# words before a figure that make it approximate but that the parser does not read;
# a context fact names one in `qualifier_word` (a documented override)
_QUALIFIER_WORDS = {"约有": "approximately", "約有": "approximately"}
_FINDINGS = {"corroborated", "contradicted", "not_found"}
# an excerpt's headline that starts so is not a headline; a date needs a year (YYYY)
_NO_HEADLINE = "not shown"
_DATED = re.compile(r"(?:\d{4}|[A-Z][a-z]+ \d{4})\b")
# context units whose parser unit has another name
_PARSER_UNITS = {"village": "item", "region": "item", "base": "item"}


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


def _context(entries: tuple[Entry, ...],
             excerpts: dict[str, Excerpt]) -> list[Row]:
    rows = []
    for e in entries:
        status = e["verification"]
        if status not in _STATUSES:
            raise e.error(f"has verification '{status}'",
                          f"use one of {', '.join(sorted(_STATUSES))}")
        cited = {"outlet": e.get("outlet"), "title": e.get("title"),
                 "date": None if e.get("date") is None else str(e["date"]),
                 "accessed_via": None}
        quoted = e.get("excerpt") is not None or e.get("quote") is not None
        if status == "verified" or (status == "unverified" and quoted):
            excerpt = excerpts.get(e.get("excerpt"))
            if excerpt is None or e.get("quote") is None:
                raise e.error(
                    f"is {status} but names the excerpt {e.get('excerpt')!r} with the "
                    f"quote {e.get('quote')!r}",
                    "name an id of data/raw/excerpts.yml and quote its words, or "
                    "mark the fact unverified",
                )
            if e["quote"] not in excerpt.text:
                raise e.error(
                    f"the quote '{e['quote']}' does not occur in the excerpt "
                    f"'{excerpt.id}' (data/raw/{excerpt.file})",
                    "copy the words exactly from that file, or mark the fact "
                    "unverified",
                )
            if any(e.get(k) is not None for k in ("outlet", "title", "date")):
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
            if status == "unverified" and not e.get("note"):
                raise e.error("is unverified but has no note",
                              "say in a note why it is unverified")
            cited = {"outlet": excerpt.outlet, "title": excerpt.headline,
                     "date": excerpt.date, "accessed_via": excerpt.accessed_via}
        elif quoted:
            raise e.error(f"is {status} but names an excerpt or a quote",
                          "mark it verified or unverified, or drop excerpt and quote")
        elif e.get("outlet") is None:
            raise e.error("names no outlet", "give the outlet it was recorded from")
        if e.get("value") is not None and quoted:
            _check_fact_value(e, e["quote"])
        rows.append({
            "ref_id": e.id, "fact_en": e["fact_en"],
            "value": None if e.get("value") is None else _number(e["value"]),
            "unit": e.get("unit"),
            "qualifier": None if e.get("value") is None else e.get("qualifier",
                                                                     "exact"),
            "year": e.get("year"), "geography": e.get("geography"),
            "verification": status, **cited,
            "excerpt_id": e.get("excerpt"), "quote": e.get("quote"),
            "figure": e.get("figure"), "note": e.get("note")})
    return rows


def _corroboration(entries: tuple[Entry, ...], claims: list[Row],
                   timeline: list[Row], excerpts: dict[str, Excerpt]) -> list[Row]:
    """Check each finding against its excerpt; every claim and event needs one."""
    subjects = {r["claim_id"]: "claim" for r in claims}
    subjects |= {r["event_id"]: "event" for r in timeline}
    rows = []
    for e in entries:
        if e["subject"] not in subjects:
            raise e.error(f"names the unknown subject '{e['subject']}'",
                          "use a claim_id of claims.yml or an id of timeline.yml")
        if e["finding"] not in _FINDINGS:
            raise e.error(f"has finding '{e['finding']}'",
                          f"use one of {', '.join(sorted(_FINDINGS))}")
        excerpt = None
        if e.get("source") is not None:
            excerpt = excerpts.get(e["source"])
            if excerpt is None:
                raise e.error(f"names the unknown source '{e['source']}'",
                              "use an excerpt id of data/raw/excerpts.yml")
        if e["finding"] != "not_found" and (excerpt is None or e.get("quote") is None):
            raise e.error(f"is {e['finding']} without a source and its quote",
                          "name the excerpt and quote the words that bear on it")
        if e.get("quote") is not None and (excerpt is None
                                           or e["quote"] not in excerpt.text):
            raise e.error(
                f"the quote '{e['quote']}' does not occur in the excerpt "
                f"'{e.get('source')}'",
                "copy the words exactly from that excerpt's file")
        rows.append({
            "finding_id": e.id, "subject": e["subject"],
            "subject_type": subjects[e["subject"]], "finding": e["finding"],
            "source_id": e.get("source"),
            "outlet": None if excerpt is None else excerpt.outlet,
            "date": None if excerpt is None else excerpt.date,
            "quote": e.get("quote"), "note": e.get("note")})
    covered = {r["subject"] for r in rows}
    missing = [s for s in subjects if s not in covered]
    if missing and entries:
        raise AnnotationError(
            f"{entries[0].file}: no finding covers {', '.join(missing)}; add an entry "
            "for each (finding not_found when no other report was found)."
        )
    return rows


def _derived(entries: tuple[Entry, ...], claims: list[Row],
             context: list[Row]) -> list[Row]:
    values = {r["claim_id"]: r["value"] for r in claims}
    values |= {r["ref_id"]: r["value"] for r in context if r["value"] is not None}
    lower = {r["claim_id"] for r in claims if r["is_lower_bound"]}
    rows = []
    for e in entries:
        try:
            used = formulas.names(e["formula"])
            value = formulas.evaluate(e["formula"], values)
        except ValueError as exc:
            raise e.error(str(exc), "use claim and context ids with + - * / and "
                          "parentheses") from None
        rows.append({"derived_id": e.id, "model": _check_model(e), "value": value,
                     "unit": e["unit"], "formula": e["formula"],
                     "inputs": ";".join(used),
                     "uses_lower_bound": bool(lower & set(used)), "en": e["en"],
                     "assumption": e.get("assumption")})
    return rows


def _sentences(article: Article, entries: tuple[Entry, ...],
               file: Path) -> list[Row]:
    by_id = {e.id: e for e in entries}
    rows = []
    for sentence in article.sentences:
        entry = by_id.pop(sentence.id, None)
        if entry is None:
            raise AnnotationError(
                f"{config.relative(file)}: "
                f"sentence {sentence.id} ('{sentence.text[:20]}…') has no "
                "translation; add an entry with that id."
            )
        if entry["zh"] != sentence.text:
            raise entry.error(
                f"its zh text differs from sentence {sentence.id} of the article",
                f"set zh to '{sentence.text}'",
            )
        raw_start, raw_end = article.raw_span(sentence.start, sentence.end)
        rows.append({"sentence_id": sentence.id, "paragraph": sentence.paragraph,
                     "sentence_index": sentence.index, "zh_hant": sentence.text,
                     "zh_hans": sentence.text_hans, "en": entry["en"],
                     "char_start": sentence.start, "char_end": sentence.end,
                     "raw_start": raw_start, "raw_end": raw_end,
                     "translation_note": entry.get("note")})
    if by_id:
        extra = next(iter(by_id.values()))
        raise extra.error("names no sentence of the article",
                          "use the sentence ids of gyantse.article().sentences")
    return rows


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
    read = {name: read_annotations(name, annotations_dir) for name in (
        "claims", "entities", "products", "timeline", "terms", "context", "derived",
        "translation", "corroboration")}
    # resolve quotes and check claimed values against the text
    claims = _claims(article, read["claims"])
    _check_coverage(article, claims, read["claims"][0].file if read["claims"] else "")
    entities = _entities(article, read["entities"])
    context = _context(read["context"], excerpts)
    timeline = _timeline(article, read["timeline"], {r["ref_id"] for r in context})
    tables = {
        "claims": claims,
        "derived": _derived(read["derived"], claims, context),
        "entities": entities,
        "products": _products(article, read["products"],
                              {r["claim_id"] for r in claims}),
        "timeline": timeline,
        "terms": _terms(article, read["terms"]),
        "context": context,
        "sentences": _sentences(article, read["translation"],
                                (annotations_dir or config.ANNOTATIONS_DIR)
                                / "translation.yml"),
        "corroboration": _corroboration(read["corroboration"], claims, timeline,
                                        excerpts),
    }
    # cross-file references: a claim's actor is an entity
    entity_ids = {r["entity_id"] for r in entities}
    for entry, row in zip(read["claims"], claims, strict=True):
        if row["actor"] is not None and row["actor"] not in entity_ids:
            raise entry.error(f"names the unknown actor '{row['actor']}'",
                              "use an id from data/annotations/entities.yml, or "
                              f"'{UNSPECIFIED}' when the sentence names no subject")
    return tables


def build(out_dir: Path | None = None, annotations_dir: Path | None = None,
          raw_path: Path | None = None,
          excerpts_dir: Path | None = None) -> dict[str, int]:
    """Rebuild ``data/processed`` atomically; return the rows written per table."""
    tables = build_tables(annotations_dir, raw_path, excerpts_dir)
    write_package(tables, out_dir or config.PROCESSED_DIR, source())
    return {name: len(rows) for name, rows in tables.items()}
