"""gyantse: the Shajuan and Hema models of Gyantse County, as traceable data.

The public API: clean the source text, read its quantities, and load the datasets.
Importing the package does no work and imports no plotting library.
"""

from gyantse.datasets import datasets, load
from gyantse.errors import (
    AnnotationError,
    GyantseError,
    NotebookError,
    OutputError,
    SchemaError,
    SiteError,
    SourceError,
    UnknownDatasetError,
    UsageError,
)
from gyantse.provenance import article, source
from gyantse.quantities import Quantity, find_quantities, parse_quantity
from gyantse.text import Article, strip_pinyin

__all__ = [
    "AnnotationError",
    "Article",
    "GyantseError",
    "NotebookError",
    "OutputError",
    "Quantity",
    "SchemaError",
    "SiteError",
    "SourceError",
    "UnknownDatasetError",
    "UsageError",
    "article",
    "datasets",
    "find_quantities",
    "load",
    "parse_quantity",
    "source",
    "strip_pinyin",
]
