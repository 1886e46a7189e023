"""Write outputs beside their destination and move them into place only when done.

A folder is built in a staging folder ``.NAME.new-*`` beside it and swapped in with
two renames, the previous one passing through ``.NAME.old``. Both names are ours: a
run that was killed half-way leaves them behind, and the next run clears them (a
staging folder only when no running build holds its lock) or, if the swap itself
was cut short, puts the previous output back. Anything else in the way (a file
where the folder should be, a file named like our leftovers) is refused with one
sentence and left where it is.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from gyantse.errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: leftovers are never cleared
    fcntl = None

__all__ = ["check_destination", "replace_dir", "write_bytes", "write_text"]


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    write_bytes(path, text.encode("utf-8"))


def _existing_ancestor(path: Path) -> Path:
    """Return the nearest of ``path`` and its parents that exists (as anything)."""
    return next(p for p in (path, *path.parents) if os.path.lexists(p))


def _check_parent(parent: Path) -> None:
    """Say in one sentence why ``parent`` cannot be created or written, if so."""
    existing = _existing_ancestor(parent)
    if not existing.is_dir():
        raise OutputError(
            f"{parent} cannot be created because {existing} is a file, not a folder; "
            "move that file away or choose another output folder."
        )
    if not os.access(existing, os.W_OK):
        raise OutputError(
            f"{existing} is not writable; make it writable (chmod u+w) and run again."
        )


def _make_parent(parent: Path) -> None:
    """Create ``parent`` or say in one sentence why it cannot be."""
    _check_parent(parent)
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        _check_parent(parent)  # something appeared meanwhile: name it
        raise
    if not os.access(parent, os.W_OK):
        raise OutputError(
            f"{parent} is not writable; make it writable (chmod u+w) and run again."
        )


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    if path.is_dir():
        raise OutputError(f"{path} is a folder, not a file; move that folder away or "
                          "choose another output file.")
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


def _old(target: Path) -> Path:
    return target.parent / f".{target.name}.old"


def check_destination(target: Path) -> None:
    """Refuse, in one sentence, an output folder that cannot be replaced safely.

    Nothing is created or removed: this is the check to run before long work.
    """
    target = Path(target)
    if target.is_symlink():
        raise OutputError(
            f"{target} is a symbolic link; remove the link or give the folder it "
            "points to, since the build replaces the folder itself."
        )
    if os.path.lexists(target) and not target.is_dir():
        raise OutputError(
            f"{target} is a file, not a folder; move that file away or choose "
            "another output folder."
        )
    _check_parent(target.parent)
    if target.is_dir() and not os.access(target, os.W_OK):
        raise OutputError(
            f"{target} is not writable; make it writable (chmod u+w) and run again."
        )
    old = _old(target)
    if os.path.lexists(old) and (old.is_symlink() or not old.is_dir()):
        raise OutputError(
            f"{old} is in the way of the build (it is not a folder that a build "
            "left behind); move it away or delete it and run again."
        )


def _remove(folder: Path) -> None:
    """Remove a folder of ours or say in one sentence why it cannot be."""
    try:
        shutil.rmtree(folder)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise OutputError(
            f"{folder} was left by an earlier build and cannot be removed "
            f"({exc.strerror}); remove it and run again."
        ) from None


def _lock(folder: Path) -> int | None:
    """Hold an exclusive lock on ``folder`` (None if another process holds it)."""
    fd = os.open(folder, os.O_RDONLY)
    if fcntl is None:  # pragma: no cover - not POSIX
        return fd
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _clear_leftovers(target: Path) -> None:
    """Undo what an interrupted run left beside ``target``; nothing of anyone else's."""
    old = _old(target)
    if old.is_dir() and not old.is_symlink():
        if os.path.lexists(target):
            _remove(old)  # the previous output, left when cleaning up was cut short
        else:
            os.replace(old, target)  # the swap was cut short: put it back
    if fcntl is None:  # pragma: no cover - not POSIX: no way to tell who uses them
        return
    for staging in target.parent.glob(f".{target.name}.new-*"):
        if staging.is_symlink() or not staging.is_dir():
            continue
        fd = _lock(staging)
        if fd is None:
            continue  # a running build is filling it
        try:
            _remove(staging)
        finally:
            os.close(fd)


@contextmanager
def replace_dir(target: Path) -> Iterator[Path]:
    """Yield an empty staging folder that replaces ``target`` if the block succeeds.

    If the block raises, the staging folder is removed and ``target`` is left as it
    was. The swap is two renames in the same parent folder.
    """
    target = Path(target)
    check_destination(target)
    parent = target.parent
    _make_parent(parent)
    _clear_leftovers(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=parent))
    lock = _lock(staging)
    old = _old(target)
    try:
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)
        yield staging
        if target.exists():
            os.replace(target, old)
        try:
            os.replace(staging, target)
        except BaseException:
            if old.exists():
                os.replace(old, target)
            raise
    finally:
        if lock is not None:
            os.close(lock)
        shutil.rmtree(staging, ignore_errors=True)
    with suppress(OSError):
        shutil.rmtree(old)
