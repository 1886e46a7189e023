"""Source excerpts: the exact words of the external reports the context facts cite.

``data/raw/excerpts.yml`` records, for each excerpt, its file under
``data/raw/excerpts/``, its sha256 and the report it quotes (outlet, headline, date
and the address of the copy consulted). Reading an excerpt checks its bytes against
the record, as :func:`gyantse.provenance.read_raw` does for the article.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from gyantse import config
from gyantse.errors import SourceError

__all__ = ["Excerpt", "read_excerpts"]

_KEYS = ("id", "file", "sha256", "bytes", "outlet", "headline", "date",
         "accessed_via")


@dataclass(frozen=True, slots=True)
class Excerpt:
    """One checksummed excerpt and the report it quotes."""

    id: str
    file: str
    sha256: str
    outlet: str
    headline: str
    date: str
    accessed_via: str
    text: str
    note: str | None = None


def _record_path(raw_dir: Path) -> Path:
    return raw_dir / "excerpts.yml"


def read_excerpts(raw_dir: Path | None = None) -> dict[str, Excerpt]:
    """Return every excerpt by id, after checking each file against its checksum.

    Raises :class:`SourceError` naming the file, the excerpt and the fix when the
    record is incomplete or a file is missing or differs from its recorded sha256.
    """
    import yaml  # only the build reads excerpts; importing gyantse stays cheap

    raw_dir = raw_dir or config.RAW_DIR
    record_path = _record_path(raw_dir)
    shown = config.relative(record_path)
    try:
        document = yaml.safe_load(record_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(
            f"{shown} is missing; restore it with 'git checkout -- {shown}'."
        ) from None
    entries = document.get("excerpts") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise SourceError(f"{shown} must be a mapping with a list under 'excerpts'; "
                          "restore it with 'git checkout -- " + shown + "'.")
    excerpts: dict[str, Excerpt] = {}
    for position, entry in enumerate(entries, start=1):
        missing = [k for k in _KEYS if not isinstance(entry, dict) or k not in entry]
        if missing:
            raise SourceError(f"{shown}, excerpt {position}: lacks "
                              f"{', '.join(missing)}; add them.")
        path = raw_dir / entry["file"]
        where = config.relative(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise SourceError(
                f"{where} (excerpt '{entry['id']}' of {shown}) is missing; restore it "
                f"with 'git checkout -- {where}'."
            ) from None
        digest = hashlib.sha256(data).hexdigest()
        if digest != entry["sha256"]:
            raise SourceError(
                f"{where} has sha256 {digest[:12]}… but {shown} records "
                f"{str(entry['sha256'])[:12]}… for excerpt '{entry['id']}': the "
                f"excerpt was changed; restore it with 'git checkout -- {where}', or, "
                "if the passage was quoted again from its source, record the new "
                "sha256 and bytes there."
            )
        excerpts[entry["id"]] = Excerpt(
            id=entry["id"], file=entry["file"], sha256=digest,
            outlet=entry["outlet"], headline=entry["headline"],
            date=str(entry["date"]), accessed_via=entry["accessed_via"],
            text=data.decode("utf-8"), note=entry.get("note"))
    return excerpts
