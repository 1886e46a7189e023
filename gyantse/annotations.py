"""Read the hand-curated annotation files and check their shape.

Each file in ``data/annotations/`` is a YAML mapping with a ``description`` and a
list of ``entries``; every entry is a mapping with an ``id``. Which keys an entry
must and may have, and how each is written, comes from the dataset's declaration
in :mod:`gyantse.registry`. Meaning (does the quote occur, does the
value agree with the text) is checked later, by :mod:`gyantse.build`.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from gyantse import config
from gyantse.errors import AnnotationError
from gyantse.registry import BY_ANNOTATION, DATASETS

__all__ = ["Entry", "read_annotations"]

_EXAMPLES = {"integer": "3", "number": "150000", "date": "'2023-10'",
             "ids": "[claim_id_1, claim_id_2]", "boolean": "true"}
_NAMES = {"text": "text", "integer": "a whole number", "number": "a number",
          "date": "a date", "ids": "a list of ids", "boolean": "true or false"}


def _is_number(value: object) -> bool:
    """Tell whether ``value`` is a finite int, float or numeral in text (no bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return False
    try:
        return Decimal(str(value).strip()).is_finite()
    except InvalidOperation:
        return False


def _fits(kind: str, value: object) -> bool:
    if kind == "text":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return _is_number(value)
    if kind == "date":
        return isinstance(value, (str, datetime.date)) or (
            isinstance(value, int) and not isinstance(value, bool))
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _type_error(entry: "Entry", key: str, value: object,
                written: Mapping[str, str]) -> AnnotationError:
    """Say what a value of the wrong kind is and how to write it instead."""
    kind = written.get(key, "text")
    if isinstance(value, (list, dict)):
        given = "a list" if isinstance(value, list) else "a mapping"
        if kind == "ids":
            given = "a list with an entry that is not an id"
        problem = f"gives {given} for {key}"
    else:
        problem = f"has {key} {value!r}, which is not {_NAMES[kind]}"
    if kind == "text":
        fix = f"write {key} as one text value (put quotes around it if needed)"
    else:
        fix = f"write {key} as {_NAMES[kind]}, such as {key}: {_EXAMPLES[kind]}"
    return entry.error(problem, fix)


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
    spec = DATASETS[BY_ANNOTATION[name]].spec()
    path = (folder or config.ANNOTATIONS_DIR) / f"{name}.yml"
    shown = config.relative(path)
    try:
        data = path.read_bytes()
        document = yaml.safe_load(data.decode("utf-8"))
    except (FileNotFoundError, IsADirectoryError):
        raise AnnotationError(
            f"{shown} is missing; {config.restore_hint(path)}."
        ) from None
    except UnicodeDecodeError as exc:
        raise _not_utf8(shown, data, exc) from None
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
    if not document["entries"]:
        raise AnnotationError(
            f"{shown} has an empty list under 'entries'; add its entries (see the "
            "other files in data/annotations for the layout)."
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
        unknown = sorted(str(k) for k in set(data) - allowed)
        if unknown:
            raise entry.error(
                f"has unknown keys {', '.join(unknown)}",
                f"use only {', '.join(sorted(allowed))}",
            )
        if not isinstance(data["id"], str) or not data["id"]:
            raise entry.error("has an id that is not text", "give it a text id")
        for key, value in data.items():
            if value is not None and not _fits(spec.written.get(key, "text"), value):
                raise _type_error(entry, key, value, spec.written)
        if data["id"] in seen:
            raise entry.error(
                f"repeats the id of entry {seen[data['id']]}",
                "give each entry its own id",
            )
        seen[data["id"]] = position
        entries.append(entry)
    return tuple(entries)


def _not_utf8(shown: str, data: bytes, exc: UnicodeDecodeError) -> AnnotationError:
    """Say where a file holds bytes that are not UTF-8, and the fix."""
    line = data.count(b"\n", 0, exc.start) + 1
    where = f"line {line}"
    found = _entry_at(data.decode("utf-8", errors="replace"), line - 1)
    if found:
        named = f" (id '{found[1]}')" if found[1] is not None else ""
        where = f"entry {found[0]}{named}, line {line}"
    return AnnotationError(
        f"{shown}, {where}: byte {exc.start} is not UTF-8 text; save the file as "
        "UTF-8 (retype the characters on that line if they came from elsewhere)."
    )


def _entry_at(text: str, line: int) -> tuple[int, str | None] | None:
    """Return the position and id of the entry at 0-based ``line``, if known."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if key.value != "entries" or not isinstance(value, yaml.SequenceNode):
            continue
        if not value.value or line > value.end_mark.line:
            return None
        found = None
        for position, item in enumerate(value.value, start=1):
            if item.start_mark.line <= line:
                found = (position, item)
        if found is None:
            return None
        position, item = found
        pairs = item.value if isinstance(item, yaml.MappingNode) else []
        ids = [v.value for k, v in pairs
               if k.value == "id" and isinstance(v, yaml.ScalarNode)]
        return position, (ids[0] if ids else None)
    return None
