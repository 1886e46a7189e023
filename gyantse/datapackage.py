"""Write the processed tables as UTF-8 CSV with a Frictionless descriptor.

Every value is checked against the field registry before anything is written, and
the folder is replaced only when all files are complete, so a failed build leaves
``data/processed`` as it was. Output is byte-identical for identical input.
"""

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path

from gyantse._atomic import replace_dir
from gyantse.errors import SchemaError
from gyantse.fields import FIELDS, TABLES
from gyantse.provenance import Source

__all__ = ["descriptor", "format_value", "integrity", "readme", "write_package"]

_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Tables whose quote column holds the words of other reports, not of the article.
_OTHER_REPORTS = ("context", "corroboration")

_PYTHON_TYPES = {"string": (str,), "integer": (int,), "number": (int, Decimal),
                 "boolean": (bool,)}


def format_value(value: object) -> str:
    """Render one value for CSV: exact decimals, lower-case booleans, blank for None.

    >>> [format_value(v) for v in (Decimal("150000"), Decimal("2.50"), True, None, 7)]
    ['150000', '2.5', 'true', '', '7']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _check(name: str, rows: list[Mapping[str, object]]) -> None:
    """Check columns, types and the primary key of one table's rows."""
    table = TABLES[name]
    keys = set()
    for number, row in enumerate(rows, start=1):
        if tuple(row) != table.columns:
            raise SchemaError(
                f"table {name}, row {number}: columns {list(row)} differ from the "
                f"registry's {list(table.columns)}; align the builder with "
                "gyantse/fields.py."
            )
        for column, value in row.items():
            expected = _PYTHON_TYPES[FIELDS[column].type]
            wrong_bool = isinstance(value, bool) and bool not in expected
            if value is not None and (wrong_bool or not isinstance(value, expected)):
                raise SchemaError(
                    f"table {name}, row {number} ({row[table.primary_key]}): "
                    f"{column} is {value!r}, not of type {FIELDS[column].type}; "
                    "correct the annotation that supplies it."
                )
        key = row[table.primary_key]
        if key is None or key in keys:
            raise SchemaError(f"table {name}: primary key {key!r} is blank or "
                              "repeated; give every row its own id.")
        keys.add(key)


def _check_foreign_keys(tables: Mapping[str, list[Mapping[str, object]]]) -> None:
    for name, table in TABLES.items():
        for column, other, other_column in table.foreign_keys:
            known = {row[other_column] for row in tables[other]}
            for row in tables[name]:
                if row[column] is not None and row[column] not in known:
                    raise SchemaError(
                        f"table {name}, row {row[table.primary_key]}: {column} "
                        f"'{row[column]}' is not a {other_column} of {other}; "
                        "use an existing id."
                    )


def _csv_text(name: str, rows: Iterable[Mapping[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TABLES[name].columns)
    for row in rows:
        writer.writerow([format_value(row[c]) for c in TABLES[name].columns])
    return buffer.getvalue()


def _schema(name: str) -> dict:
    table = TABLES[name]
    fields = []
    for column in table.columns:
        field = FIELDS[column]
        entry = {"name": column, "type": field.type, "description": field.description}
        if field.unit:
            entry["unit"] = field.unit
        fields.append(entry)
    schema: dict = {"fields": fields, "primaryKey": [table.primary_key]}
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [c], "reference": {"resource": other, "fields": [oc]}}
            for c, other, oc in table.foreign_keys
        ]
    return schema


def integrity(data: bytes, rows: int) -> dict:
    r"""Return the Frictionless size, checksum and row count of one CSV file.

    >>> integrity(b"id\na\n", 1)
    {'bytes': 5, 'hash': 'sha256:1830fc9c...', 'rows': 1}
    """
    return {"bytes": len(data), "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
            "rows": rows}


def descriptor(record: Source, files: Mapping[str, dict] | None = None) -> dict:
    """Return the Frictionless data package descriptor of all tables.

    ``files`` maps a table name to its :func:`integrity` fields (``bytes``,
    ``hash``, ``rows``), which :func:`gyantse.load` checks before reading a file.
    """
    files = files or {}
    return {
        "name": "gyantse",
        "title": "Gyantse County's Shajuan and Hema models: claims of one news "
                 "report, traceable to its words",
        "description": (
            "Tidy tables built from the report "
            f"'{record.title_zh}' ({record.publisher_en}, {record.date_published}, "
            f"date {record.date_status}). Every row that comes from the text keeps "
            "its exact quote and character span. " + record.attribution_line
        ),
        "licenses": [{"name": "CC-BY-4.0",
                      "title": "Creative Commons Attribution 4.0 (the curated "
                               "annotations and translation)",
                      "path": _LICENSE_URL}],
        "sources": [{"title": record.attribution_line,
                     "path": record.publisher_url.rstrip("/") + record.mirror_path}],
        "resources": [
            {"name": name, "path": f"{name}.csv", "title": name.capitalize(),
             "description": TABLES[name].description, "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8", **files.get(name, {}),
             "schema": _schema(name)}
            for name in TABLES
        ],
    }


def readme(record: Source) -> str:
    """Return the README that travels with the CSVs: source, files, text and license.

    The text depends only on the provenance record and the table registry, so it is
    identical for identical input (no dates or times of the build).
    """
    quoted = [name for name, table in TABLES.items() if "quote" in table.columns]
    own = [f"`{name}.csv`" for name in quoted if name not in _OTHER_REPORTS]
    others = [f"`{name}.csv`" for name in quoted if name in _OTHER_REPORTS]
    lines = [
        "# Gyantse County's Shajuan and Hema models: datasets",
        "",
        "Generated by `python -m gyantse data` from `data/annotations` and `data/raw`; "
        "do not edit by hand.",
        "",
        "## Source",
        "",
        record.attribution_line,
        "",
        "The tables describe this one article (`context.csv` adds external facts, each "
        "with its own citation); each row that rests on its text keeps the exact quote "
        "and its position. `context.csv` and `corroboration.csv` quote other reports: "
        "their words are kept in `data/raw/excerpts/`, each file checksummed in "
        "`data/raw/excerpts.yml` with the report's outlet, headline, date and the "
        "address of the copy consulted. The provenance of the article (where it "
        "was obtained, how the date was inferred, the publisher's attribution "
        "requirement) is recorded in `data/raw/sources.yml`.",
        "",
        "## Files",
        "",
        *(f"- `{name}.csv`: {TABLES[name].description}" for name in TABLES),
        "- `datapackage.json`: Frictionless Data descriptor with the schema of every "
        "table (column types, descriptions, units and keys), each file's size, "
        "sha256 and row count (checked by `gyantse.load`), the source and the "
        "license.",
        "",
        "## The article's text",
        "",
        "`sentences.csv` reproduces the article's title and body sentence by sentence, "
        "and the `quote` columns of " + ", ".join(own[:-1]) + " and " + own[-1]
        + " reproduce passages of it; those of " + " and ".join(others) + " quote "
        "other reports (and, where a finding says so, a second copy of the article), "
        "as kept in `data/raw/excerpts/`. They are included only so that every "
        "annotation can be checked against the words it rests on. The text remains "
        "under the "
        f"copyright of {record.copyright_holder_zh} ({record.copyright_holder_en}); it "
        "is reproduced with the attribution above and is not relicensed here.",
        "",
        "## License",
        "",
        "The project's own curation (the annotations, the English translation, the "
        "derived figures and the structure of the tables) is licensed under the "
        f"Creative Commons Attribution 4.0 International license (CC BY 4.0, "
        f"{_LICENSE_URL}). The license grants no rights in the article's text. Any use "
        "of these files must also carry the source line above.",
        "",
    ]
    return "\n".join(lines)


def write_package(tables: Mapping[str, list[Mapping[str, object]]], out_dir: Path,
                  record: Source) -> None:
    """Check all tables, then replace ``out_dir`` with CSVs, descriptor and README."""
    missing = sorted(set(TABLES) - set(tables))
    if missing:
        raise SchemaError(f"tables {', '.join(missing)} were not built; build them.")
    for name in TABLES:
        _check(name, tables[name])
    _check_foreign_keys(tables)
    files = {name: _csv_text(name, tables[name]).encode("utf-8") for name in TABLES}
    stats = {name: integrity(data, len(tables[name])) for name, data in files.items()}
    with replace_dir(Path(out_dir)) as staging:
        for name, data in files.items():
            (staging / f"{name}.csv").write_bytes(data)
        (staging / "datapackage.json").write_text(
            json.dumps(descriptor(record, stats), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8")
        _write_readme(staging, record)


def _write_readme(folder: Path, record: Source) -> None:
    """Write README.md, naming the source and the license, into ``folder``."""
    (folder / "README.md").write_text(readme(record), encoding="utf-8", newline="")
