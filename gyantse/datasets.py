"""Load the processed datasets as typed pandas DataFrames.

>>> sorted(datasets())[:3]
['claims', 'context', 'derived']
>>> claims = load("claims")
>>> trainees = claims.set_index("claim_id").loc["shajuan_trainees"]
>>> float(trainees.value), trainees.unit, trainees.qualifier
(50.0, 'person', 'exact')
>>> load("claim")
Traceback (most recent call last):
gyantse.errors.UnknownDatasetError: There is no dataset 'claim'; the datasets are ...
"""

import csv
from pathlib import Path

import pandas as pd

from gyantse import config
from gyantse.errors import SchemaError, UnknownDatasetError
from gyantse.fields import FIELDS, PANDAS_DTYPES, TABLES

__all__ = ["datasets", "load"]


def datasets() -> dict[str, str]:
    """Return the dataset names with a one-line description of each."""
    return {name: table.description for name, table in sorted(TABLES.items())}


def _header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return next(csv.reader(handle), [])
    except FileNotFoundError:
        raise SchemaError(
            f"{config.relative(path)} is missing; rebuild the datasets with "
            "'make data' (or 'python -m gyantse data')."
        ) from None


def load(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Return dataset ``name`` with the dtypes of the field registry.

    Text columns are ``str``, counts ``Int64``, figures ``Float64`` and flags
    ``boolean``. A file whose columns or values do not match the registry raises
    :class:`~gyantse.errors.SchemaError` naming the columns and the fix.
    """
    if name not in TABLES:
        raise UnknownDatasetError(
            f"There is no dataset {name!r}; the datasets are "
            f"{', '.join(sorted(TABLES))} (see gyantse.datasets())."
        )
    columns = TABLES[name].columns
    path = (folder or config.PROCESSED_DIR) / f"{name}.csv"
    header = _header(path)
    if header != list(columns):
        missing = [c for c in columns if c not in header]
        extra = [c for c in header if c not in columns]
        detail = "; ".join(
            part for part in (
                f"lacks {', '.join(missing)}" if missing else "",
                f"has unexpected {', '.join(extra)}" if extra else "",
                "has its columns out of order" if not (missing or extra) else "",
            ) if part
        )
        raise SchemaError(
            f"{config.relative(path)} {detail}; rebuild it with 'make data'."
        )
    dtypes = {c: PANDAS_DTYPES[FIELDS[c].type] for c in columns}
    try:
        return pd.read_csv(path, dtype=dtypes, keep_default_na=False,
                           na_values=[""], encoding="utf-8")
    except (ValueError, TypeError):
        for column, dtype in dtypes.items():
            try:
                pd.read_csv(path, usecols=[column], dtype={column: dtype},
                            keep_default_na=False, na_values=[""])
            except (ValueError, TypeError):
                raise SchemaError(
                    f"{config.relative(path)}: column {column} holds values that "
                    f"are not {FIELDS[column].type}; rebuild it with 'make data'."
                ) from None
        raise
