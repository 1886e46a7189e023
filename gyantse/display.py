"""Tables for the notebooks: a DataFrame as a reader should see it.

:func:`table` returns a pandas Styler that shows whole numbers without ``.0``,
thousands with separators, missing values as a dash, numbers right-aligned and
text left-aligned, with readable column names when ``labels`` are given.
"""

from collections.abc import Mapping
from numbers import Number

import pandas as pd

__all__ = ["MISSING", "format_value", "table"]

#: What a missing value shows.
MISSING = "—"


def format_value(value: object) -> str:
    """Return one cell's text: separators, no spurious ``.0``, a dash if missing.

    >>> [format_value(v) for v in (50.0, 2400000.0, 1.25, float("nan"), "pulu")]
    ['50', '2,400,000', '1.25', '—', 'pulu']
    >>> format_value(pd.NA), format_value(True), format_value(-1234.5)
    ('—', 'True', '-1,234.5')
    """
    if value is None or (not isinstance(value, str | bool) and pd.isna(value)):
        return MISSING
    if isinstance(value, bool) or not isinstance(value, Number):
        return str(value)
    number = float(value)  # type: ignore[arg-type]
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.6f}".rstrip("0").rstrip(".")


def _is_numeric(column: pd.Series) -> bool:
    return (pd.api.types.is_numeric_dtype(column)
            and not pd.api.types.is_bool_dtype(column))


def table(df: pd.DataFrame, labels: Mapping[str, str] | None = None):
    """Return ``df`` styled for reading: a :class:`pandas.io.formats.style.Styler`.

    ``labels`` renames columns (and the index name) for display; the data are
    unchanged. Numeric columns are right-aligned, every other column left-aligned.
    """
    labels = dict(labels or {})
    shown = df.rename(columns=labels)
    if shown.index.name in labels:
        shown.index = shown.index.rename(labels[shown.index.name])
    numeric = [c for c in shown.columns if _is_numeric(shown[c])]
    text = [c for c in shown.columns if c not in numeric]
    styler = shown.style.format(format_value, na_rep=MISSING)
    styler = styler.format_index(format_value, axis=0)
    if numeric:
        styler = styler.set_properties(subset=numeric, **{"text-align": "right"})
    if text:
        styler = styler.set_properties(subset=text, **{"text-align": "left"})
    return styler.set_table_styles(
        [{"selector": "th.col_heading", "props": "text-align: left;"},
         {"selector": "th.row_heading", "props": "text-align: left;"}]
        + [{"selector": f"th.col_heading.col{shown.columns.get_loc(c)}",
            "props": "text-align: right;"} for c in numeric],
        overwrite=False)
