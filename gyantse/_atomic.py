"""Write outputs beside their destination and move them into place only when done."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gyantse.errors import OutputError

__all__ = ["replace_dir", "write_bytes", "write_text"]


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    write_bytes(path, text.encode("utf-8"))


def _make_parent(parent: Path) -> None:
    """Create ``parent`` or say in one sentence why it cannot be."""
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next(p for p in (parent, *parent.parents) if p.is_file())
        raise OutputError(
            f"{parent} cannot be created because {blocker} is a file, not a folder; "
            "move that file away or choose another output folder."
        ) from None
    if not os.access(parent, os.W_OK):
        raise OutputError(
            f"{parent} is not writable; make it writable (chmod u+w) and run again."
        )


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    _make_parent(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def replace_dir(target: Path) -> Iterator[Path]:
    """Yield an empty staging folder that replaces ``target`` if the block succeeds.

    If the block raises, the staging folder is removed and ``target`` is left as it
    was. The swap is two renames in the same parent folder.
    """
    parent = target.parent
    _make_parent(parent)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = parent / f".{target.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(staging, target)
    except BaseException:
        if old.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
