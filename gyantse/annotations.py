"""Read the hand-curated annotation files and check their shape.

Each file in ``data/annotations/`` is a YAML mapping with a ``description`` and a
list of ``entries``; every entry is a mapping with an ``id``. Which keys an entry
must and may have is the table below. Meaning (does the quote occur, does the
value agree with the text) is checked later, by :mod:`gyantse.datasets`.
"""

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from gyantse import config
from gyantse.errors import AnnotationError

__all__ = ["SPECS", "Entry", "read_annotations"]

_QUOTE = ("quote", "paragraph")


@dataclass(frozen=True, slots=True)
class Spec:
    """Keys an entry of one annotation file must have and may have."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


SPECS: dict[str, Spec] = {
    "claims": Spec(("id", "paragraph", "quote", "figure", "value", "unit",
                    "qualifier", "model", "actor", "metric", "period", "en"),
                   ("note",)),
    "entities": Spec(("id", "type", "zh_hant", "zh_hans", "pinyin", "en",
                      "en_status", "role", "model"), (*_QUOTE, "note")),
    "products": Spec(("id", "model", "zh_hant", "zh_hans", "en", "kind", "status"),
                     (*_QUOTE, "claim_ids", "note")),
    "timeline": Spec(("id", "date", "date_precision", "date_source", "event_en",
                      "model"), (*_QUOTE, "reference", "note")),
    "terms": Spec(("id", "zh_hant", "zh_hans", "pinyin", "en", "explanation",
                   "model"), (*_QUOTE, "note")),
    "context": Spec(("id", "fact_en", "verification"),
                    ("value", "unit", "qualifier", "year", "geography", "excerpt",
                     "quote", "figure", "outlet", "title", "date", "note")),
    "corroboration": Spec(("id", "subject", "finding"),
                          ("source", "quote", "note")),
    "derived": Spec(("id", "formula", "unit", "en", "model"), ("assumption",)),
    "translation": Spec(("id", "zh", "en"), ("note",)),
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One annotation entry, with where it came from for error messages."""

    file: str
    position: int
    data: MappingProxyType

    @property
    def id(self) -> str:
        """The entry's identifier."""
        return self.data["id"]

    def get(self, key: str, default: Any = None) -> Any:
        """Return the value of ``key``, or ``default`` when it is absent or empty."""
        value = self.data.get(key)
        return default if value is None else value

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def error(self, problem: str, fix: str) -> AnnotationError:
        """Build the one-sentence error naming this file, this entry and the fix."""
        return AnnotationError(
            f"{self.file}, entry {self.position} (id '{self.data.get('id')}'): "
            f"{problem}; {fix}."
        )


def read_annotations(name: str, folder: Path | None = None) -> tuple[Entry, ...]:
    """Read ``data/annotations/{name}.yml`` and check every entry's keys.

    Raises :class:`AnnotationError` naming the file, the entry and the fix.
    """
    spec = SPECS[name]
    path = (folder or config.ANNOTATIONS_DIR) / f"{name}.yml"
    shown = config.relative(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AnnotationError(
            f"{shown} is missing; restore it with 'git checkout -- {shown}'."
        ) from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        raise AnnotationError(
            f"{shown} is not valid YAML{line} ({getattr(exc, 'problem', exc)}); "
            "fix the syntax there."
        ) from None
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise AnnotationError(
            f"{shown} must be a mapping with a list under 'entries'; "
            "see the other files in data/annotations for the layout."
        )
    entries, seen = [], {}
    allowed = set(spec.required) | set(spec.optional)
    for position, data in enumerate(document["entries"], start=1):
        if not isinstance(data, dict):
            raise AnnotationError(
                f"{shown}, entry {position}: is a {type(data).__name__}, not a "
                "mapping of keys; write it as 'key: value' lines."
            )
        entry = Entry(shown, position, MappingProxyType(dict(data)))
        missing = [k for k in spec.required if data.get(k) is None]
        if missing:
            raise entry.error(f"lacks {', '.join(missing)}", "add the missing keys")
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise entry.error(
                f"has unknown keys {', '.join(unknown)}",
                f"use only {', '.join(sorted(allowed))}",
            )
        if not isinstance(data["id"], str) or not data["id"]:
            raise entry.error("has an id that is not text", "give it a text id")
        if data["id"] in seen:
            raise entry.error(
                f"repeats the id of entry {seen[data['id']]}",
                "give each entry its own id",
            )
        seen[data["id"]] = position
        entries.append(entry)
    return tuple(entries)
