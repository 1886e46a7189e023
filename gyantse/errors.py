"""The errors gyantse raises, each carrying one sentence that names the fix."""

__all__ = [
    "AnnotationError",
    "FigureTooLongError",
    "GyantseError",
    "NotebookError",
    "OutputError",
    "SchemaError",
    "SiteError",
    "SourceError",
    "UnknownDatasetError",
    "UsageError",
]


class GyantseError(Exception):
    """Base class: something in the project's inputs or outputs is not as expected."""


class SourceError(GyantseError):
    """The raw article is missing or is not the recorded file."""


class AnnotationError(GyantseError):
    """A curated annotation does not agree with the article or with its schema."""


class OutputError(GyantseError):
    """An output folder cannot be created or written."""


class SchemaError(GyantseError):
    """A processed table does not match the registry (gyantse.registry)."""


class UnknownDatasetError(GyantseError, LookupError):
    """A dataset name that the package does not provide."""


class UsageError(GyantseError, TypeError):
    """An argument of the wrong kind given to a gyantse function."""


class FigureTooLongError(GyantseError, ValueError):
    """A figure has more characters than a number may have (see MAX_FIGURE_CHARS)."""


class NotebookError(GyantseError):
    """A notebook cell failed or wrote to stderr, its kernel is missing or died."""


class SiteError(GyantseError):
    """An input of the site is missing, or a page would not work offline."""
