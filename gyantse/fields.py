"""The field registry: every column of every dataset, described once.

Tables reference fields by name; the Frictionless descriptor, the CSV writer and
the loader all read their types and descriptions from here.
"""

from dataclasses import dataclass

__all__ = ["FIELDS", "PANDAS_DTYPES", "TABLES", "Field", "Table"]


@dataclass(frozen=True, slots=True)
class Field:
    """One column: Frictionless type, description and, where it has one, unit."""

    type: str
    description: str
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """One dataset: a description, its columns in order and its primary key."""

    description: str
    columns: tuple[str, ...]
    primary_key: str
    foreign_keys: tuple[tuple[str, str, str], ...] = ()


# Frictionless type -> pandas 3 dtype used by gyantse.load.
PANDAS_DTYPES = {"string": "str", "integer": "Int64", "number": "Float64",
                 "boolean": "boolean"}

_UNIT_CODES = (
    "CNY (yuan), USD, mu (1/15 ha), ha, t, person, piece, box, kind, item, times "
    "(a ratio), percent, CNY_per_person_year and the like for rates"
)
_SPAN = "in the cleaned zh-Hant text of gyantse.article().text (0-based, end excluded)"

FIELDS: dict[str, Field] = {
    # identifiers
    "claim_id": Field("string", "Identifier of a quantitative claim of the article."),
    "derived_id": Field("string", "Identifier of a figure derived from claims."),
    "entity_id": Field("string", "Identifier of an organisation, place, person, "
                       "event or programme named in the article."),
    "product_id": Field("string", "Identifier of a product or material."),
    "event_id": Field("string", "Identifier of a dated event."),
    "term_id": Field("string", "Identifier of a coined term or slogan."),
    "ref_id": Field("string", "Identifier of an external context fact."),
    "sentence_id": Field("string", "Sentence of the article, 'p{paragraph}.s{n}'; "
                         "p0.s1 is the title."),
    # meaning
    "model": Field("string", "Business model the row belongs to: shajuan (pulu "
                   "weaving with the Shajuan brand), hema (highland barley for the "
                   "Hema retailer), county (county-wide measures) or context."),
    "actor": Field("string", "entity_id of who achieved or received the figure; "
                   "empty when the article's sentence names no subject."),
    "metric": Field("string", "What the figure measures, in snake_case."),
    "period": Field("string", "The time the figure refers to, as the article gives "
                    "it."),
    "type": Field("string", "Kind of entity: organisation, place, person, event or "
                  "programme."),
    "kind": Field("string", "raw_material, product or product_line."),
    "status": Field("string", "Where the product stood by the article's date."),
    "role": Field("string", "The entity's role in the article, in one sentence."),
    "explanation": Field("string", "What the term means for a reader new to "
                         "Chinese policy language."),
    "event_en": Field("string", "The event, in English."),
    "fact_en": Field("string", "The external fact, in English."),
    "geography": Field("string", "Area the external fact describes."),
    "en": Field("string", "English: the row's gloss, name or translation, written "
                "by this project."),
    "en_status": Field("string", "How settled the English name is: established, "
                       "conventional or provisional."),
    "zh_hant": Field("string", "Chinese as published (traditional characters, "
                     "reading annotations removed)."),
    "zh_hans": Field("string", "The same in simplified characters (OpenCC t2s)."),
    "pinyin": Field("string", "Hanyu Pinyin with tone marks."),
    "note": Field("string", "Why a reading is uncertain, or another caveat."),
    "assumption": Field("string", "The assumption a derived figure rests on."),
    "translation_note": Field("string", "A translation choice a reader should "
                              "know about."),
    # numbers
    "value": Field("number", f"The figure in base units, see unit ({_UNIT_CODES})."),
    "unit": Field("string", f"Unit of value: {_UNIT_CODES}."),
    "qualifier": Field("string", "How the article qualifies the figure: exact "
                       "(plain, or 達 'reached'), more_than (超, 多), less_than "
                       "(不足), approximately (近, 約) or expected (預計)."),
    "is_lower_bound": Field("boolean", "True when the figure is a floor "
                            "(qualifier more_than), not an exact amount."),
    "uses_lower_bound": Field("boolean", "True when an input of the formula is a "
                              "lower bound."),
    "figure": Field("string", "The quantity expression exactly as written, with "
                    "its qualifier word, inside the quote."),
    "formula": Field("string", "Arithmetic over claim_id and ref_id names."),
    "inputs": Field("string", "The claim_id and ref_id names the formula uses, "
                    "separated by ';'."),
    "claim_ids": Field("string", "claim_id values about this row, separated by "
                       "';'."),
    "reference": Field("string", "ref_id of the external fact that dates the "
                       "event."),
    "year": Field("integer", "Year the external fact refers to.", "year"),
    "date": Field("string", "In timeline, the date as precise as the evidence "
                  "allows; in context and corroboration, the report's date as "
                  "recorded, with a remark where the copy shows it otherwise (ISO "
                  "8601: YYYY, YYYY-MM or "
                  "YYYY-MM-DD)."),
    "date_precision": Field("string", "year, month, day, or year_range (date "
                            "YYYY/YYYY, where the sources disagree)."),
    "date_source": Field("string", "article (the text gives the date), external (a "
                         "context fact gives it, see reference) or inferred (read "
                         "from the article's address or from its context; see note)."),
    # provenance
    "quote": Field("string", "The exact words that carry the row: the article's "
                   "(zh-Hant as published, reading annotations removed) or, in "
                   "context and corroboration, the other report's, as its excerpt "
                   "gives them."),
    "quote_hans": Field("string", "The quote in simplified characters."),
    "paragraph": Field("integer", "Paragraph of the article: 0 is the title, 1-4 "
                       "the body."),
    "sentence_index": Field("integer", "Position of the sentence in its "
                            "paragraph, from 1."),
    "char_start": Field("integer", f"Start of the quote {_SPAN}.", "character"),
    "char_end": Field("integer", f"End of the quote {_SPAN}.", "character"),
    "figure_start": Field("integer", f"Start of the figure {_SPAN}.", "character"),
    "figure_end": Field("integer", f"End of the figure {_SPAN}.", "character"),
    "raw_start": Field("integer", "Start of the same words in data/raw/article.txt "
                       "(character offset, annotations included).", "character"),
    "raw_end": Field("integer", "End of the same words in data/raw/article.txt.",
                     "character"),
    "outlet": Field("string", "Publication that reported the external fact."),
    "title": Field("string", "Headline or document title of that report."),
    "accessed_via": Field("string", "Address of the copy of the report that was "
                          "consulted (often a mirror), where known."),
    "verification": Field("string", "verified (the quote occurs in a checksummed "
                    "excerpt and, for a number, the parser reads the figure as the "
                    "value, and the excerpt's record gives a headline and a date), "
                    "unverified (no source's words found, or the consulted copy shows "
                    "no headline or no date; flagged wherever used, never used in a "
                    "headline comparison) or definition (a unit conversion)."),
    "excerpt_id": Field("string", "Excerpt of data/raw/excerpts.yml that holds the "
                        "source's words."),
    "source_id": Field("string", "Excerpt of data/raw/excerpts.yml that holds the "
                       "other report's words; blank when nothing was found."),
    "finding_id": Field("string", "Identifier of a corroboration finding."),
    "subject": Field("string", "claim_id or event_id the finding is about."),
    "subject_type": Field("string", "claim or event."),
    "finding": Field("string", "corroborated (another report gives the same), "
                     "contradicted (another report gives something else) or "
                     "not_found (no other report was found that bears on it)."),
}

_QUOTED = ("quote", "paragraph", "char_start", "char_end")

TABLES: dict[str, Table] = {
    "claims": Table(
        "Every quantitative claim of the article, with its exact words and position.",
        ("claim_id", "model", "actor", "metric", "period", "value", "unit",
         "qualifier", "is_lower_bound", "figure", "quote", "quote_hans", "paragraph",
         "sentence_id", "char_start", "char_end", "figure_start", "figure_end",
         "raw_start", "raw_end", "en", "note"),
        "claim_id",
        (("actor", "entities", "entity_id"),),
    ),
    "derived": Table(
        "Figures computed from the claims and context facts, with formula and inputs; "
        "the US-dollar figures use the 2023 average rate, which is unverified "
        "(ref_cny_usd_2023).",
        ("derived_id", "model", "value", "unit", "formula", "inputs",
         "uses_lower_bound", "en", "assumption"),
        "derived_id",
    ),
    "entities": Table(
        "Organisations, places, people, events and programmes the article names.",
        ("entity_id", "type", "model", "zh_hant", "zh_hans", "pinyin", "en",
         "en_status", "role", *_QUOTED, "note"),
        "entity_id",
    ),
    "products": Table(
        "Products and materials of both models.",
        ("product_id", "model", "kind", "status", "zh_hant", "zh_hans", "en",
         "claim_ids", *_QUOTED, "note"),
        "product_id",
    ),
    "timeline": Table(
        "Dated events, from the article and from external reports.",
        ("event_id", "date", "date_precision", "date_source", "model", "event_en",
         *_QUOTED, "reference", "note"),
        "event_id",
        (("reference", "context", "ref_id"),),
    ),
    "terms": Table(
        "The article's coined terms and slogans, translated and explained.",
        ("term_id", "model", "zh_hant", "zh_hans", "pinyin", "en", "explanation",
         *_QUOTED, "note"),
        "term_id",
    ),
    "context": Table(
        "External facts that put the article's figures in context (not the "
        "article's claims), with citations.",
        ("ref_id", "fact_en", "value", "unit", "qualifier", "year", "geography",
         "verification", "outlet", "title", "date", "accessed_via", "excerpt_id",
         "quote", "figure", "note"),
        "ref_id",
    ),
    "corroboration": Table(
        "For each claim of the article and each event it mentions, whether another "
        "report corroborates it, contradicts it or was not found, with that report's "
        "words.",
        ("finding_id", "subject", "subject_type", "finding", "source_id", "outlet",
         "date", "quote", "note"),
        "finding_id",
    ),
    "sentences": Table(
        "The article sentence by sentence: zh-Hant as published, zh-Hans and an "
        "English translation by this project.",
        ("sentence_id", "paragraph", "sentence_index", "zh_hant", "zh_hans", "en",
         "char_start", "char_end", "raw_start", "raw_end", "translation_note"),
        "sentence_id",
    ),
}
