"""Build the processed tables: resolve every annotation against the article.

Read top-down: load the article and the annotation files, resolve each quote to
its position in the cleaned text, check each claimed value against the parser,
compute the derived figures, then hand the rows to :mod:`gyantse.datapackage`.
A problem stops the build with one sentence naming the file, the entry and the fix.
"""

from decimal import Decimal
from pathlib import Path

from gyantse import config, formulas
from gyantse.annotations import Entry, read_annotations
from gyantse.datapackage import write_package
from gyantse.errors import AnnotationError, GyantseError
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
            "actor": entry["actor"], "metric": entry["metric"],
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


def _context(entries: tuple[Entry, ...]) -> list[Row]:
    return [{"ref_id": e.id, "fact_en": e["fact_en"],
             "value": None if e.get("value") is None else _number(e["value"]),
             "unit": e.get("unit"), "year": e.get("year"),
             "geography": e.get("geography"), "outlet": e["outlet"],
             "title": e.get("title"),
             "date": None if e.get("date") is None else str(e["date"]),
             "url": e.get("url"), "note": e.get("note")}
            for e in entries]


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


def _sentences(article: Article, entries: tuple[Entry, ...]) -> list[Row]:
    by_id = {e.id: e for e in entries}
    rows = []
    for sentence in article.sentences:
        entry = by_id.pop(sentence.id, None)
        if entry is None:
            raise AnnotationError(
                f"{config.relative(config.ANNOTATIONS_DIR / 'translation.yml')}: "
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
                 raw_path: Path | None = None) -> dict[str, list[Row]]:
    """Resolve every annotation against the article and return the table rows."""
    if annotations_dir is None and not config.IN_CHECKOUT:
        raise GyantseError(config.needs_checkout("Rebuilding the datasets"))
    # load the verified article and the curated annotations
    article = parse_article(read_raw(raw_path))
    read = {name: read_annotations(name, annotations_dir) for name in (
        "claims", "entities", "products", "timeline", "terms", "context", "derived",
        "translation")}
    # resolve quotes and check claimed values against the text
    claims = _claims(article, read["claims"])
    _check_coverage(article, claims, read["claims"][0].file if read["claims"] else "")
    entities = _entities(article, read["entities"])
    context = _context(read["context"])
    tables = {
        "claims": claims,
        "derived": _derived(read["derived"], claims, context),
        "entities": entities,
        "products": _products(article, read["products"],
                              {r["claim_id"] for r in claims}),
        "timeline": _timeline(article, read["timeline"],
                              {r["ref_id"] for r in context}),
        "terms": _terms(article, read["terms"]),
        "context": context,
        "sentences": _sentences(article, read["translation"]),
    }
    # cross-file references: a claim's actor is an entity
    entity_ids = {r["entity_id"] for r in entities}
    for entry, row in zip(read["claims"], claims, strict=True):
        if row["actor"] not in entity_ids:
            raise entry.error(f"names the unknown actor '{row['actor']}'",
                              "use an id from data/annotations/entities.yml")
    return tables


def build(out_dir: Path | None = None, annotations_dir: Path | None = None,
          raw_path: Path | None = None) -> dict[str, int]:
    """Rebuild ``data/processed`` atomically; return the rows written per table."""
    tables = build_tables(annotations_dir, raw_path)
    write_package(tables, out_dir or config.PROCESSED_DIR, source())
    return {name: len(rows) for name, rows in tables.items()}
