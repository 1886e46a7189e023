"""The registry: the one declaration of every dataset.

A dataset is a tuple of columns. Each column names its field (type, description,
unit and, for a fixed set of values, the vocabulary it must come from) and its
source: the annotation key it is copied from, or nothing when the build computes
it. Primary and foreign keys sit in the same declaration. Everything else reads
this module: the annotation reader takes its keys from it, the build fills rows
from it, :func:`check` validates them, the descriptor and the loader take types
and keys from it.

To add a column: declare its :class:`Field` in ``_FIELDS`` below (if it is new),
add it to the dataset's ``columns`` with :func:`given` (curated, required in every
entry), :func:`optional` (curated, may be left out) or :func:`computed` (the
build's resolver supplies it), and, if it is curated, write the key into the
annotation file. README.md, "Adding a column", works an example.

>>> DATASETS["claims"].primary_key, DATASETS["claims"].annotation
('claim_id', 'claims')
>>> sorted(DATASETS["claims"].spec().required)[:3]
['actor', 'en', 'figure']
>>> check_value("model", "tibet")
("has model 'tibet'", 'use one of context, county, hema, shajuan')
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from gyantse._units import QUALIFIERS
from gyantse.errors import SchemaError

__all__ = [
    "DATASETS",
    "FIELDS",
    "PANDAS_DTYPES",
    "VOCABULARIES",
    "Column",
    "Dataset",
    "Field",
    "ForeignKey",
    "Spec",
    "check",
    "check_value",
    "computed",
    "given",
]

Row = Mapping[str, object]

# ---------------------------------------------------------------------------
# Vocabularies: every fixed set of values, each value with what it means
# ---------------------------------------------------------------------------

MODELS = MappingProxyType({
    "shajuan": "pulu weaving with the Shajuan brand",
    "hema": "highland barley for the Hema retailer",
    "county": "county-wide measures",
    "context": "background to both models: places and programmes the article "
               "names, and figures from other reports",
})
ENTITY_TYPES = MappingProxyType({
    "organisation": "a company, cooperative, office or team",
    "place": "a county, village, city or shop",
    "person": "a named person",
    "event": "a named event",
    "programme": "a policy or programme",
})
EN_STATUSES = MappingProxyType({
    "established": "an English name in wide use",
    "conventional": "the usual rendering, not fixed",
    "provisional": "this project's rendering",
})
PRODUCT_KINDS = MappingProxyType({
    "raw_material": "a material",
    "product": "a product",
    "product_line": "a range of products",
})
PRODUCT_STATUSES = MappingProxyType({
    "ordered": "ordered by a buyer",
    "sold_via_livestream": "sold in the live-stream",
    "sold_in_paris": "said to be sold in Paris",
    "used_as_raw_material": "used to make other products",
    "supplied_to_hema": "supplied to Hema",
    "on_market": "on the market",
    "developed_2023": "developed in 2023, per the article",
    "developed_2023_inferred": "developed, in 2023 as inferred from the article",
})
DATE_PRECISIONS = MappingProxyType({
    "year": "YYYY",
    "month": "YYYY-MM",
    "day": "YYYY-MM-DD",
    "year_range": "YYYY/YYYY, where the sources disagree",
})
DATE_SOURCES = MappingProxyType({
    "article": "the text gives the date",
    "external": "a context fact gives it, see reference",
    "inferred": "read from the article's address or from its context; see note",
})
VERIFICATIONS = MappingProxyType({
    "verified": "the quote occurs in a checksummed excerpt and, for a number, the "
                "parser reads the figure as the value, and the excerpt's record "
                "gives a headline and a date",
    "unverified": "no source's words found, or the consulted copy shows no headline "
                  "or no date; flagged wherever used, never used in a headline "
                  "comparison",
    "definition": "a unit conversion",
})
FINDINGS = MappingProxyType({
    "corroborated": "another report gives the same",
    "contradicted": "another report gives something else",
    "not_found": "no other report was found that bears on it",
})
SUBJECT_TYPES = MappingProxyType({"claim": "a claim_id", "event": "an event_id"})

#: Name of each vocabulary, for documentation and for the plotting styles.
VOCABULARIES = MappingProxyType({
    "model": MODELS, "qualifier": QUALIFIERS, "type": ENTITY_TYPES,
    "en_status": EN_STATUSES, "kind": PRODUCT_KINDS, "status": PRODUCT_STATUSES,
    "date_precision": DATE_PRECISIONS, "date_source": DATE_SOURCES,
    "verification": VERIFICATIONS, "finding": FINDINGS, "subject_type": SUBJECT_TYPES,
})


def _listed(lead: str, vocabulary: Mapping[str, str]) -> str:
    """Describe a field by its vocabulary: 'Lead. a: meaning; b: meaning.'."""
    return f"{lead}. " + "; ".join(f"{k}: {v}" for k, v in vocabulary.items()) + "."


# ---------------------------------------------------------------------------
# Fields: what a column holds, wherever it appears
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Field:
    """What a column holds: Frictionless type, description, unit and vocabulary.

    ``written`` is how an annotation file writes the value when that differs from
    the type: ``date`` (YAML may read 2023-10 as a date), ``ids`` (a list of ids,
    stored joined by ';').
    """

    type: str
    description: str
    unit: str | None = None
    enum: tuple[str, ...] | None = None
    written: str | None = None


def _coded(lead: str, vocabulary: Mapping[str, str]) -> Field:
    return Field("string", _listed(lead, vocabulary), enum=tuple(vocabulary))


# Frictionless type -> pandas 3 dtype used by gyantse.load.
PANDAS_DTYPES = MappingProxyType({"string": "str", "integer": "Int64",
                                  "number": "Float64", "boolean": "boolean"})

_UNIT_CODES = (
    "CNY (yuan), USD, mu (1/15 ha), ha, t, person, piece, box, kind, item, times "
    "(a ratio), percent, CNY_per_person_year and the like for rates"
)
_SPAN = "in the cleaned zh-Hant text of gyantse.article().text (0-based, end excluded)"

_FIELDS: dict[str, Field] = {
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
    "model": _coded("Business model the row belongs to", MODELS),
    "actor": Field("string", "entity_id of who achieved or received the figure; "
                   "empty when the article's sentence names no subject."),
    "metric": Field("string", "What the figure measures, in snake_case."),
    "period": Field("string", "The time the figure refers to, as the article gives "
                    "it.", written="date"),
    "type": _coded("Kind of entity", ENTITY_TYPES),
    "kind": _coded("Kind of product", PRODUCT_KINDS),
    "status": _coded("Where the product stood by the article's date",
                     PRODUCT_STATUSES),
    "role": Field("string", "The entity's role in the article, in one sentence."),
    "explanation": Field("string", "What the term means for a reader new to "
                         "Chinese policy language."),
    "event_en": Field("string", "The event, in English."),
    "fact_en": Field("string", "The external fact, in English."),
    "geography": Field("string", "Area the external fact describes."),
    "en": Field("string", "English: the row's gloss, name or translation, written "
                "by this project."),
    "en_status": _coded("How settled the English name is", EN_STATUSES),
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
    "qualifier": _coded("How the source qualifies the figure (the parser's reading "
                        "of words such as 達, 超, 多, 不足, 近, 約 and 預計)",
                        QUALIFIERS),
    "is_lower_bound": Field("boolean", "True when the figure is a floor "
                            "(qualifier more_than), not an exact amount."),
    "uses_lower_bound": Field("boolean", "True when an input of the formula, or of "
                              "a derived figure it uses, is a lower bound (a claim "
                              "or context fact qualified more_than)."),
    "uses_unverified": Field("boolean", "True when an input of the formula, or of a "
                             "derived figure it uses, is an unverified context "
                             "fact."),
    "figure": Field("string", "The quantity expression exactly as written, with "
                    "its qualifier word, inside the quote."),
    "formula": Field("string", "Arithmetic over claim_id and ref_id names and the "
                     "derived_id names of rows above it."),
    "inputs": Field("string", "The claim_id, ref_id and derived_id names the "
                    "formula uses, separated by ';'."),
    "claim_ids": Field("string", "claim_id values about this row, separated by "
                       "';'.", written="ids"),
    "reference": Field("string", "ref_id of the external fact that dates the "
                       "event."),
    "year": Field("integer", "Year the external fact refers to.", "year"),
    "date": Field("string", "In timeline, the date as precise as the evidence "
                  "allows; in context and corroboration, the report's date as "
                  "recorded, with a remark where the copy shows it otherwise (ISO "
                  "8601: YYYY, YYYY-MM or YYYY-MM-DD).", written="date"),
    "date_precision": _coded("How precise date is", DATE_PRECISIONS),
    "date_source": _coded("Where the date comes from", DATE_SOURCES),
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
    "verification": _coded("How the external fact was checked", VERIFICATIONS),
    "excerpt_id": Field("string", "Excerpt of data/raw/excerpts.yml that holds the "
                        "source's words."),
    "source_id": Field("string", "Excerpt of data/raw/excerpts.yml that holds the "
                       "other report's words; blank when nothing was found."),
    "finding_id": Field("string", "Identifier of a corroboration finding."),
    "subject": Field("string", "claim_id or event_id the finding is about."),
    "subject_type": _coded("What the subject is", SUBJECT_TYPES),
    "finding": _coded("What other reports say of the subject", FINDINGS),
}
#: Every field, by column name.
FIELDS: Mapping[str, Field] = MappingProxyType(_FIELDS)

# ---------------------------------------------------------------------------
# Datasets: columns in order, each with its source, and the keys
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a dataset: its field and where its value comes from.

    ``key`` is the annotation key the value is copied from (``None``: the build
    computes it); ``required`` says whether every annotation entry must give it.
    """

    name: str
    key: str | None = None
    required: bool = False

    @property
    def field(self) -> Field:
        """The column's field in :data:`FIELDS`."""
        return FIELDS[self.name]


def given(name: str, key: str | None = None, *, required: bool = True) -> Column:
    """Declare a column copied from annotation key ``key`` (default: its name)."""
    return Column(name, key or name, required)


def optional(name: str, key: str | None = None) -> Column:
    """Declare a column copied from an annotation key an entry may leave out."""
    return given(name, key, required=False)


def computed(name: str) -> Column:
    """Declare a column the build computes (from the article, excerpts, rows)."""
    return Column(name)


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """``column`` holds values of ``other``'s column ``other_column``.

    With ``separator``, the column holds several such values joined by it (which
    Frictionless cannot declare, so the descriptor leaves such a key out).
    """

    column: str
    other: str
    other_column: str
    separator: str | None = None
    hint: str = ""


@dataclass(frozen=True, slots=True)
class Spec:
    """Keys an entry of an annotation file must have, may have, and how written."""

    required: tuple[str, ...]
    optional: tuple[str, ...]
    written: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Dataset:
    """One dataset: its columns with their sources, its keys and its annotations.

    ``reads`` are annotation keys that are not columns but that the build reads
    (``required`` and optional); ``quotes`` says whose words the quote column
    holds: ``article`` or ``other reports``.
    """

    description: str
    annotation: str
    columns: tuple[Column, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    reads: tuple[str, ...] = ()
    reads_optional: tuple[str, ...] = ()
    quotes: str | None = None
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", tuple(c.name for c in self.columns))

    @property
    def primary_key(self) -> str:
        """The first column, which identifies a row."""
        return self.columns[0].name

    def spec(self) -> Spec:
        """Return the annotation keys: required, optional and how each is written."""
        keyed = [c for c in self.columns if c.key is not None]
        written = {c.key: c.field.written or c.field.type for c in keyed
                   if c.field.written or c.field.type != "string"}
        return Spec(
            required=tuple(dict.fromkeys(
                [c.key for c in keyed if c.required] + list(self.reads))),
            optional=tuple(dict.fromkeys(
                [c.key for c in keyed if not c.required] + list(self.reads_optional))),
            written=MappingProxyType(written),
        )


_IN_ARTICLE = (optional("quote"), optional("paragraph"), computed("char_start"),
               computed("char_end"))

_DATASETS: dict[str, Dataset] = {
    "claims": Dataset(
        "Every quantitative claim of the article, with its exact words and position.",
        "claims",
        (given("claim_id", "id"), given("model"), computed("actor"), given("metric"),
         given("period"), given("value"), given("unit"), given("qualifier"),
         computed("is_lower_bound"), given("figure"), given("quote"),
         computed("quote_hans"), given("paragraph"), computed("sentence_id"),
         computed("char_start"), computed("char_end"), computed("figure_start"),
         computed("figure_end"), computed("raw_start"), computed("raw_end"),
         given("en"), optional("note")),
        (ForeignKey("actor", "entities", "entity_id",
                    hint=", or 'unspecified' when the sentence names no subject"),),
        reads=("actor",),
        quotes="article",
    ),
    "derived": Dataset(
        "Figures computed from the claims and context facts, with formula and inputs; "
        "the US-dollar figures use the 2023 average rate, which is unverified "
        "(ref_cny_usd_2023).",
        "derived",
        (given("derived_id", "id"), given("model"), computed("value"), given("unit"),
         given("formula"), computed("inputs"), computed("uses_lower_bound"),
         computed("uses_unverified"), given("en"), optional("assumption")),
    ),
    "entities": Dataset(
        "Organisations, places, people, events and programmes the article names.",
        "entities",
        (given("entity_id", "id"), given("type"), given("model"), given("zh_hant"),
         given("zh_hans"), given("pinyin"), given("en"), given("en_status"),
         given("role"), *_IN_ARTICLE, optional("note")),
        quotes="article",
    ),
    "products": Dataset(
        "Products and materials of both models.",
        "products",
        (given("product_id", "id"), given("model"), given("kind"), given("status"),
         given("zh_hant"), given("zh_hans"), given("en"), optional("claim_ids"),
         *_IN_ARTICLE, optional("note")),
        (ForeignKey("claim_ids", "claims", "claim_id", separator=";"),),
        quotes="article",
    ),
    "timeline": Dataset(
        "Dated events, from the article and from external reports.",
        "timeline",
        (given("event_id", "id"), given("date"), given("date_precision"),
         given("date_source"), given("model"), given("event_en"), *_IN_ARTICLE,
         optional("reference"), optional("note")),
        (ForeignKey("reference", "context", "ref_id"),),
        quotes="article",
    ),
    "terms": Dataset(
        "The article's coined terms and slogans, translated and explained.",
        "terms",
        (given("term_id", "id"), given("model"), given("zh_hant"), given("zh_hans"),
         given("pinyin"), given("en"), given("explanation"), *_IN_ARTICLE,
         optional("note")),
        quotes="article",
    ),
    "context": Dataset(
        "External facts that put the article's figures in context (not the "
        "article's claims), with citations.",
        "context",
        (given("ref_id", "id"), given("fact_en"), optional("value"), optional("unit"),
         optional("qualifier"), optional("year"), optional("geography"),
         given("verification"), optional("outlet"), optional("title"),
         optional("date"), computed("accessed_via"), optional("excerpt_id", "excerpt"),
         optional("quote"), optional("figure"), optional("note")),
        reads_optional=("qualifier_word",),
        quotes="other reports",
    ),
    "corroboration": Dataset(
        "For each claim of the article and each event it mentions, whether another "
        "report corroborates it, contradicts it or was not found, with that report's "
        "words.",
        "corroboration",
        (given("finding_id", "id"), given("subject"), computed("subject_type"),
         given("finding"), optional("source_id", "source"), computed("outlet"),
         computed("date"), optional("quote"), optional("note")),
        quotes="other reports",
    ),
    "sentences": Dataset(
        "The article sentence by sentence: zh-Hant as published, zh-Hans and an "
        "English translation by this project.",
        "translation",
        (given("sentence_id", "id"), computed("paragraph"),
         computed("sentence_index"), computed("zh_hant"), computed("zh_hans"),
         given("en"), computed("char_start"), computed("char_end"),
         computed("raw_start"), computed("raw_end"),
         optional("translation_note", "note")),
        reads=("zh",),
    ),
}
#: Every dataset, in the order of the descriptor.
DATASETS: Mapping[str, Dataset] = MappingProxyType(_DATASETS)

#: The dataset of each annotation file, by file name.
BY_ANNOTATION: Mapping[str, str] = MappingProxyType(
    {d.annotation: name for name, d in _DATASETS.items()})

# ---------------------------------------------------------------------------
# Validation: one check for the build and the writer alike
# ---------------------------------------------------------------------------

_PYTHON_TYPES = {"string": (str,), "integer": (int,), "number": (int, Decimal),
                 "boolean": (bool,)}


def check_value(column: str, value: object) -> tuple[str, str] | None:
    """Say what is wrong with ``value`` in ``column`` and the fix, or return None.

    >>> check_value("paragraph", "3")
    ("paragraph is '3', not of type integer", 'correct the annotation that supplies it')
    >>> check_value("qualifier", "more_than") is None
    True
    """
    if value is None:
        return None
    spec = FIELDS[column]
    expected = _PYTHON_TYPES[spec.type]
    if (isinstance(value, bool) and bool not in expected) or not isinstance(
            value, expected):
        return (f"{column} is {value!r}, not of type {spec.type}",
                "correct the annotation that supplies it")
    if spec.enum is not None and value not in spec.enum:
        return f"has {column} '{value}'", f"use one of {', '.join(sorted(spec.enum))}"
    return None


#: Called with (dataset, row position from 0, problem, fix); raises the error.
Report = Callable[[str, int, str, str], None]


def _raise_schema(name: str, position: int, problem: str, fix: str,
                  rows: Sequence[Row]) -> None:
    key = rows[position].get(DATASETS[name].primary_key) if rows else None
    raise SchemaError(f"table {name}, row {position + 1} ({key}): {problem}; {fix}.")


def check(tables: Mapping[str, Sequence[Row]], report: Report | None = None) -> None:
    """Check every table: its columns, types, vocabularies, primary and foreign keys.

    ``report`` turns a problem into an error; by default a
    :class:`~gyantse.errors.SchemaError` naming the table and row. The build passes
    one that names the annotation file and entry instead.
    """
    missing = sorted(set(DATASETS) - set(tables))
    if missing:
        raise SchemaError(f"tables {', '.join(missing)} were not built; build them.")

    def fail(name: str, position: int, problem: str, fix: str) -> None:
        if report is not None:
            report(name, position, problem, fix)
        _raise_schema(name, position, problem, fix, tables[name])

    for name, dataset in DATASETS.items():
        seen: dict[object, int] = {}
        for position, row in enumerate(tables[name]):
            if tuple(row) != dataset.names:
                raise SchemaError(
                    f"table {name}, row {position + 1}: columns {list(row)} differ "
                    f"from the registry's {list(dataset.names)}; fill rows with "
                    "gyantse.build's row builder.")
            for column, value in row.items():
                problem = check_value(column, value)
                if problem:
                    fail(name, position, *problem)
            key = row[dataset.primary_key]
            if key is None:
                fail(name, position, "the primary key is blank", "give every row an id")
            if key in seen:
                fail(name, position, f"primary key {key!r} repeats row {seen[key] + 1}",
                     "give every row its own id")
            seen[key] = position
    for name, dataset in DATASETS.items():
        for fk in dataset.foreign_keys:
            known = {row[fk.other_column] for row in tables[fk.other]}
            for position, row in enumerate(tables[name]):
                value = row[fk.column]
                values = ([] if value is None else
                          str(value).split(fk.separator) if fk.separator else [value])
                unknown = [v for v in values if v not in known]
                if unknown:
                    fail(name, position,
                         f"{fk.column} names the unknown {fk.other_column} "
                         f"{', '.join(map(repr, unknown))}",
                         f"use an id from {DATASETS[fk.other].annotation}.yml"
                         f"{fk.hint}")
