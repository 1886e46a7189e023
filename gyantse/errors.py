"""The errors gyantse raises, each carrying one sentence that names the fix.

Also the one guard for text arguments, so that every function words it alike.
"""

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
    "expect_str",
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


def expect_str(value: object, function: str, what: str = "the text") -> None:
    """Raise TypeError in one sentence unless ``value`` is a str.

    >>> expect_str(["推動"], "strip_pinyin")
    Traceback (most recent call last):
    TypeError: strip_pinyin() expects the text as a str, but received list.
    """
    if not isinstance(value, str):
        raise TypeError(f"{function}() expects {what} as a str, but received "
                        f"{type(value).__name__}.")
