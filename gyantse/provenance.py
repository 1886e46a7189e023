"""The source article: its provenance record and its checksum-verified text."""

import hashlib
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

from gyantse import config
from gyantse.errors import SourceError
from gyantse.text import Article, parse_article

__all__ = ["Source", "article", "read_raw", "source"]


@dataclass(frozen=True, slots=True)
class Source:
    """Provenance of the raw article, as recorded in ``data/raw/sources.yml``."""

    id: str
    file: str
    sha256: str
    bytes: int
    encoding: str
    publisher_zh: str
    publisher_en: str
    publisher_url: str
    channel: dict[str, str]
    title_zh: str
    title_en: str
    date_published: str
    date_status: str
    date_reasoning: str
    mirror_path: str
    obtained_from: str
    copyright_holder_zh: str
    copyright_holder_en: str
    attribution_required: str
    attribution_line: str
    license_note: str


def _read_record(path: Path) -> Source:
    """Read the provenance record, naming the file and the missing keys on error."""
    import yaml  # only reading the record needs it; importing gyantse stays cheap

    shown = config.relative(path)
    try:
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(f"{shown} is missing; {config.restore_hint(path)}.") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problem = ("is not UTF-8 text" if isinstance(exc, UnicodeDecodeError)
                   else f"is not valid YAML ({' '.join(str(exc).split())})")
        fix = "fix its syntax" if config.IN_CHECKOUT else config.REINSTALL
        raise SourceError(f"{shown} {problem}; {fix}.") from None
    except IsADirectoryError:
        raise SourceError(f"{shown} is a folder, not the provenance record; "
                          f"{config.restore_hint(path)}.") from None
    names = [f.name for f in fields(Source)]
    fix = "" if config.IN_CHECKOUT else f"; {config.REINSTALL}"
    if not isinstance(record, dict):
        raise SourceError(
            f"{shown} must be a mapping of the keys {', '.join(names)}{fix}."
        )
    missing = [n for n in names if n not in record]
    if missing:
        raise SourceError(
            f"{shown} lacks the keys {', '.join(missing)}"
            f"{fix or '; add them'}."
        )
    values = {n: record[n] for n in names}
    values["date_published"] = str(values["date_published"])
    return Source(**values)


@cache
def source() -> Source:
    """Return the provenance record of the article (publisher, date, attribution)."""
    return _read_record(config.SOURCES_FILE)


def read_raw(path: Path | None = None, record: Source | None = None) -> str:
    """Return the raw article text after checking its bytes against the record.

    Raises :class:`SourceError` with the fix when the file is missing or edited.
    """
    record = record or source()
    path = path or config.RAW_DIR / record.file
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise SourceError(
            f"{config.relative(path)} is missing; "
            f"{config.restore_hint(path, 'the raw article')} "
            "(it must be the original file, byte for byte)."
        ) from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != record.sha256:
        never = " and never edit it" if config.IN_CHECKOUT else ""
        raise SourceError(
            f"{config.relative(path)} has sha256 {digest[:12]}… but "
            f"{config.relative(config.SOURCES_FILE)} records {record.sha256[:12]}…: "
            f"the raw article was changed; {config.restore_hint(path)}{never}."
        )
    return data.decode(record.encoding)


@cache
def article() -> Article:
    """Return the cleaned, structured article (zh-Hant as published, and zh-Hans)."""
    return parse_article(read_raw())
