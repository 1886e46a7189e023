"""Load the processed datasets as typed pandas DataFrames.

Each file is checked against the size and sha256 that ``datapackage.json`` records
for it before it is read, so a truncated, re-encoded or edited file is refused
instead of loaded with rows missing.

>>> sorted(datasets())[:3]
['claims', 'context', 'corroboration']
>>> claims = load("claims", index=True)
>>> trainees = claims.loc["shajuan_trainees"]
>>> float(trainees.value), trainees.unit, trainees.qualifier
(50.0, 'person', 'exact')
>>> load("claim")
Traceback (most recent call last):
gyantse.errors.UnknownDatasetError: There is no dataset 'claim'; the datasets are ...
"""

import csv
import hashlib
import io
import json
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from gyantse import config
from gyantse.errors import SchemaError, UnknownDatasetError, UsageError
from gyantse.registry import DATASETS, FIELDS, PANDAS_DTYPES

__all__ = ["datasets", "load"]


def datasets() -> dict[str, str]:
    """Return the dataset names with a one-line description of each."""
    return {name: d.description for name, d in sorted(DATASETS.items())}


def _check_name(name: object) -> str:
    """Return ``name`` if it names a dataset, else say in one sentence what to pass."""
    names = ", ".join(sorted(DATASETS))
    if isinstance(name, (list, tuple, set, frozenset)):
        example = next((n for n in name if isinstance(n, str)), "claims")
        raise UsageError(
            f"load takes one dataset name, not a {type(name).__name__} ({name!r}); "
            f"call it once for each, as in gyantse.load({example!r})."
        )
    if not isinstance(name, str):
        raise UsageError(
            f"load takes a dataset name as text, not {type(name).__name__} "
            f"({name!r}); use one of {names}."
        )
    if name in DATASETS:
        return name
    base = Path(name).name
    if base.removesuffix(".csv") in DATASETS:  # a file name or path of a dataset
        hint = f"give the name alone, as in gyantse.load({base.removesuffix('.csv')!r}"
        hint += ", folder)" if base != name else ")"
        raise UnknownDatasetError(f"There is no dataset {name!r}; {hint}.")
    if "/" in name or os.sep in name or Path(name).is_dir():
        raise UnknownDatasetError(
            f"There is no dataset {name!r}; load takes a dataset name first ({names}) "
            "and a folder second, as in gyantse.load('claims', folder)."
        )
    raise UnknownDatasetError(
        f"There is no dataset {name!r}; the datasets are {names} "
        "(see gyantse.datasets())."
    )


def _folder(folder: object) -> Path:
    if folder is None:
        return config.PROCESSED_DIR
    if not isinstance(folder, (str, os.PathLike)):
        raise UsageError(
            f"load takes a folder as a path or text, not {type(folder).__name__} "
            f"({folder!r}); pass the folder that holds the CSV files and "
            "datapackage.json."
        )
    path = Path(folder)
    if not path.is_dir():
        raise SchemaError(
            f"{path} is not a folder; pass the folder that holds the CSV files and "
            "datapackage.json."
        )
    return path


@lru_cache(maxsize=8)
def _recorded_in(path: Path, _stamp: tuple[int, int, int]) -> dict[str, dict]:
    """Return the size, checksum and row count of each resource of a descriptor."""
    shown = config.relative(path)
    rebuild = config.rebuild_hint()
    try:
        descriptor = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as exc:
        raise SchemaError(f"{shown} is not valid JSON ({exc}); {rebuild}.") from None
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    recorded = {}
    for resource in resources if isinstance(resources, list) else []:
        if not isinstance(resource, dict):
            continue
        size, digest, rows = (resource.get(k) for k in ("bytes", "hash", "rows"))
        if (isinstance(size, int) and isinstance(rows, int) and isinstance(digest, str)
                and digest.startswith("sha256:")):
            recorded[str(resource.get("name"))] = {
                "bytes": size, "rows": rows, "sha256": digest.removeprefix("sha256:")}
    return recorded


def _recorded(folder: Path, name: str) -> dict:
    """Return what ``datapackage.json`` in ``folder`` records of ``name``."""
    path = folder / "datapackage.json"
    shown = config.relative(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise SchemaError(f"{shown} is missing, so {name}.csv cannot be checked; "
                          f"{config.rebuild_hint()}.") from None
    if not path.is_file():
        raise SchemaError(f"{shown} is not a file; remove it and "
                          f"{config.rebuild_hint()}.")
    recorded = _recorded_in(path, (stat.st_mtime_ns, stat.st_size, stat.st_ino))
    if name not in recorded:
        raise SchemaError(f"{shown} records no size, sha256 and row count for "
                          f"{name}.csv; {config.rebuild_hint()}.")
    return recorded[name]


def _column_problem(name: str, header: list[str]) -> str | None:
    columns = DATASETS[name].names
    if header == list(columns):
        return None
    missing = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    return "; ".join(
        part for part in (
            f"lacks {', '.join(missing)}" if missing else "",
            f"has unexpected {', '.join(extra)}" if extra else "",
            "has its columns out of order" if not (missing or extra) else "",
        ) if part
    )


def _read(data: bytes, name: str, shown: str) -> pd.DataFrame:
    """Parse the CSV bytes with the registry's dtypes, naming a column that fails."""
    columns = DATASETS[name].names
    dtypes = {c: PANDAS_DTYPES[FIELDS[c].type] for c in columns}
    options = {"keep_default_na": False, "na_values": [""], "encoding": "utf-8"}
    try:
        return pd.read_csv(io.BytesIO(data), dtype=dtypes, **options)
    except (ValueError, TypeError):
        for column, dtype in dtypes.items():
            try:
                pd.read_csv(io.BytesIO(data), usecols=[column],
                            dtype={column: dtype}, **options)
            except (ValueError, TypeError):
                raise SchemaError(
                    f"{shown}: column {column} holds values that are not "
                    f"{FIELDS[column].type}; {config.rebuild_hint()}."
                ) from None
        raise SchemaError(f"{shown} cannot be read as CSV; "
                          f"{config.rebuild_hint()}.") from None


def _damaged(data: bytes, name: str, shown: str, recorded: dict,
             descriptor: str) -> SchemaError:
    """Say how a file differs from what the descriptor records, and the fix."""
    rebuild = config.rebuild_hint()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return SchemaError(f"{shown} is not UTF-8 text (byte {exc.start} cannot be "
                           f"decoded); {rebuild}.")
    header = next(csv.reader(io.StringIO(text, newline="")), [])
    problem = _column_problem(name, header)
    if problem:
        return SchemaError(f"{shown} {problem}; {rebuild}.")
    rows = len(_read(data, name, shown))
    return SchemaError(
        f"{shown} has {rows} rows in {len(data)} bytes but {descriptor} records "
        f"{recorded['rows']} rows in {recorded['bytes']} bytes (and its sha256): the "
        f"file was truncated or changed; {rebuild}."
    )


def load(name: str, folder: str | os.PathLike | None = None, *,
         index: bool = False) -> pd.DataFrame:
    """Return dataset ``name`` with the dtypes of the registry.

    With ``index=True`` the table is indexed by its primary key (``claim_id``,
    ``ref_id``, ...), so that ``load("claims", index=True).loc["shajuan_trainees"]``
    finds a row by its id.

    Text columns are ``str``, counts ``Int64``, figures ``Float64`` and flags
    ``boolean``. The file must have the size and sha256 that ``datapackage.json``
    records; a file that is missing, damaged, or whose columns or values do not
    match the registry raises :class:`~gyantse.errors.SchemaError` naming the file
    and the fix.
    """
    name = _check_name(name)
    directory = _folder(folder)
    path = directory / f"{name}.csv"
    shown = config.relative(path)
    if path.is_dir():
        raise SchemaError(f"{shown} is a folder, not a CSV file; remove it and "
                          f"{config.rebuild_hint()}.")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SchemaError(f"{shown} is missing; {config.rebuild_hint()}.") from None
    recorded = _recorded(directory, name)
    if (len(data) != recorded["bytes"]
            or hashlib.sha256(data).hexdigest() != recorded["sha256"]):
        raise _damaged(data, name, shown, recorded,
                       config.relative(directory / "datapackage.json"))
    frame = _read(data, name, shown)
    if len(frame) != recorded["rows"]:
        raise SchemaError(
            f"{shown} has {len(frame)} rows but "
            f"{config.relative(directory / 'datapackage.json')} records "
            f"{recorded['rows']}; {config.rebuild_hint()}."
        )
    return frame.set_index(DATASETS[name].primary_key) if index else frame
