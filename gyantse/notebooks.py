"""Execute the narrative notebooks in a fresh kernel, cell by cell.

Used by ``make notebooks`` (store outputs in place) and by the site build (execute
copies). A failing cell raises :class:`NotebookError` naming the notebook, the
cell and the error; nothing is written for a notebook that fails. A kernel that is
not installed, or that dies or hangs, is reported the same way, as one sentence
that ends with the fix.

A cell must run quietly: one that writes to stderr (a warning, a log message)
fails in the same way, unless it carries the tag ``allow-stderr`` and gives the
reason in its metadata field ``allow_stderr``. Consecutive stream outputs are
merged, so stored and rendered outputs do not depend on how the kernel chunked
them.
"""

import copy
import ctypes
import functools
import hashlib
import json
import multiprocessing
import os
import signal
import sys
from base64 import b64decode
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from tempfile import TemporaryDirectory

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from gyantse import config
from gyantse._atomic import write_text
from gyantse.errors import NotebookError

__all__ = [
    "ALLOW_STDERR_TAG",
    "KERNEL_ENV",
    "KEY_CHART_TAG",
    "NotebookError",
    "cached",
    "check_quiet",
    "execute",
    "execute_all",
    "execute_all_cached",
    "execute_cached",
    "execute_in_place",
    "execution_key",
    "key_chart",
    "log_execution",
    "merge_streams",
    "notebook_paths",
    "read_all",
    "store_in_cache",
]

KERNEL = "python3"
TIMEOUT_S = 600
ALLOW_STDERR_TAG = "allow-stderr"
#: Settings given to every kernel, on top of the environment, so that stored
#: outputs are the same on every machine: warning locations name no temporary
#: file and the debugger does not warn about frozen modules.
KERNEL_ENV = {"IPYKERNEL_CELL_NAME": "<IPY-INPUT>",
              "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
#: Variables a kernel must not inherit: matplotlib picks its inline backend.
KERNEL_ENV_DROP = ("MPLBACKEND",)
#: When this variable names a file, each execution appends its notebook's path.
EXECUTION_LOG_VARIABLE = "GYANTSE_EXECUTION_LOG"


def notebook_paths(names: list[str] | None = None) -> list[Path]:
    """Return the numbered notebooks (all, or those named), in order."""
    paths = sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
    if not names:
        return paths
    by_name = {p.name: p for p in paths} | {p.stem: p for p in paths}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise NotebookError(
            f"No notebook named {', '.join(unknown)} in "
            f"{config.relative(config.NOTEBOOKS_DIR)}; choose from "
            f"{', '.join(p.name for p in paths)}."
        )
    return [by_name[n] for n in names]


def kernel_environment() -> dict[str, str]:
    """Return this process's environment with :data:`KERNEL_ENV` applied."""
    env = {k: v for k, v in os.environ.items() if k not in KERNEL_ENV_DROP}
    return env | KERNEL_ENV


def log_execution(path: Path) -> None:
    """Append ``path`` to the file that ``GYANTSE_EXECUTION_LOG`` names, if any."""
    log = os.environ.get(EXECUTION_LOG_VARIABLE)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{Path(path).resolve()}\n")


def merge_streams(outputs: list) -> list:
    """Merge consecutive stream outputs of the same name into one.

    >>> merged = merge_streams([
    ...     {"output_type": "stream", "name": "stdout", "text": "a "},
    ...     {"output_type": "stream", "name": "stdout", "text": "b"},
    ...     {"output_type": "stream", "name": "stderr", "text": "c"}])
    >>> [(o["name"], o["text"]) for o in merged]
    [('stdout', 'a b'), ('stderr', 'c')]
    """
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream"
                and previous.get("name") == output.get("name")):
            previous["text"] = previous["text"] + output["text"]
        else:
            merged.append(copy.copy(output))
    return merged


def _allowed_stderr(cell, where: str) -> bool:
    """Return whether the cell may write to stderr; a tag needs its reason."""
    metadata = cell.get("metadata", {})
    if ALLOW_STDERR_TAG not in metadata.get("tags", []):
        return False
    reason = metadata.get("allow_stderr")
    if not isinstance(reason, str) or not reason.strip():
        raise NotebookError(
            f"{where} is tagged '{ALLOW_STDERR_TAG}' but gives no reason; write why "
            "in the cell's metadata field 'allow_stderr', or remove the tag."
        )
    return True


def _check_quiet(cell, where: str) -> None:
    """Raise NotebookError when a cell wrote to stderr without leave to do so."""
    errors = [o for o in cell.get("outputs", [])
              if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    if errors and not _allowed_stderr(cell, where):
        first = next((line for line in errors[0]["text"].splitlines()
                      if line.strip()), "")
        raise NotebookError(
            f"{where} wrote to stderr ({_one_line(first, 200)}); remove the cause "
            f"of that warning or message, or tag the cell '{ALLOW_STDERR_TAG}' "
            "with the reason in its metadata field 'allow_stderr', and run again."
        )


def _one_line(text: str, limit: int = 300) -> str:
    """Collapse an error value to one line of at most ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_quiet(notebook: nbformat.NotebookNode, path: Path) -> None:
    """Raise NotebookError when a stored cell of ``notebook`` holds stderr output.

    The rule is the one execution applies, for outputs read from a file.
    """
    code_number = 0
    for index, cell in enumerate(notebook.cells):
        code_number += cell.cell_type == "code"
        if cell.cell_type == "code":
            _check_quiet(cell, f"{config.relative(path)}, cell {index + 1} (code "
                               f"cell {code_number})")


def _start(client: NotebookClient, stack: ExitStack, path: Path) -> None:
    """Start the notebook's kernel; a kernel that cannot start is one sentence."""
    name = config.relative(path)
    install = ("install it with 'python -m ipykernel install --sys-prefix --name "
               f"{KERNEL}' (or run 'make setup') and run again")
    try:
        # the client shuts the kernel down on leaving, though it did not make it
        stack.enter_context(client.setup_kernel(env=kernel_environment(),
                                                cleanup_kc=True))
    except NoSuchKernel:
        raise NotebookError(
            f"The Jupyter kernel '{KERNEL}' that runs {name} is not installed in "
            f"this environment; {install}."
        ) from None
    except FileNotFoundError as exc:
        raise NotebookError(
            f"The Jupyter kernel '{KERNEL}' that runs {name} points to "
            f"{exc.filename}, which does not exist; re{install}."
        ) from None
    except RuntimeError as exc:
        raise NotebookError(
            f"The Jupyter kernel '{KERNEL}' that runs {name} died as it started "
            f"({_one_line(exc)}); check that its Python has ipykernel, or "
            f"re{install}."
        ) from None


def execute(path: Path) -> nbformat.NotebookNode:
    """Run notebook ``path`` top to bottom in a fresh kernel and return it.

    The working folder is the notebook's own, as in JupyterLab and under nbval.
    """
    try:
        notebook = nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise NotebookError(
            f"The notebook {config.relative(path)} is missing; restore it with "
            f"'git checkout -- {config.relative(path)}' or choose another one."
        ) from None
    code_number = 0
    log_execution(path)
    with ExitStack() as stack:
        # the kernel talks over local sockets in a private folder: no TCP port to
        # race for, and no warning about unencrypted TCP on the terminal
        sockets = stack.enter_context(TemporaryDirectory(prefix="gyantse-kernel-"))
        manager = AsyncKernelManager(kernel_name=KERNEL, transport="ipc",
                                     connection_file=str(Path(sockets) / "kernel.json"))
        client = NotebookClient(
            notebook, km=manager, timeout=TIMEOUT_S, kernel_name=KERNEL,
            record_timing=False, resources={"metadata": {"path": str(path.parent)}},
        )
        _start(client, stack, path)
        for index, cell in enumerate(notebook.cells):
            code_number += cell.cell_type == "code"
            where = (f"{config.relative(path)}, cell {index + 1} (code cell "
                     f"{code_number})")
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as exc:
                error = exc.ename + (f": {_one_line(exc.evalue)}"
                                     if exc.evalue.strip() else "")
                raise NotebookError(
                    f"{where} failed with {error}; fix that cell and run again."
                ) from None
            except CellTimeoutError:
                raise NotebookError(
                    f"{where} ran longer than {TIMEOUT_S} s; make the cell faster "
                    "or find where it waits, and run again."
                ) from None
            except DeadKernelError:
                raise NotebookError(
                    f"{where}: the kernel died (often from running out of memory); "
                    "free memory or fix the cell, and run again."
                ) from None
            if cell.cell_type == "code":
                cell.outputs = merge_streams(cell.outputs)
                _check_quiet(cell, where)
    notebook.metadata.pop("widgets", None)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)",
                                       "language": "python", "name": KERNEL}
    return notebook


def _end_with_parent() -> None:
    """Ask Linux to stop this worker when the process that started it dies.

    A kernel stops by itself once its parent (this worker) is gone.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def execute_all(paths: Sequence[Path], workers: int = 2,
                run: Callable[[Path], object] = execute) -> list:
    """Run ``run`` on each notebook in a pool of ``workers``; return the results.

    Workers are spawned clean (no threads or patched state of this process) and
    end when this process does. The first failure, in notebook order, is raised
    as it came.
    """
    if not paths:
        return []
    pool = ProcessPoolExecutor(max_workers=max(1, min(workers, len(paths))),
                               mp_context=multiprocessing.get_context("spawn"),
                               initializer=_end_with_parent)
    try:
        futures = [pool.submit(run, path) for path in paths]
        return [future.result() for future in futures]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --------------------------------------------------------------------------------
# The execution cache: an executed notebook, kept under a key of everything that
# decides its outputs, is reused instead of run again.

CACHE_DIR = config.ROOT / ".cache" / "executions"
#: Files, beside the notebook itself, whose content decides a notebook's outputs.
_INPUT_GLOBS = (("data/processed", "*"), ("gyantse", "**/*.py"),
                ("gyantse/fonts", "*.otf"), ("requirements", "lock.txt"))


def _inputs_digest() -> str:
    """Return a digest of the datasets, the package source, fonts and lock."""
    digest = hashlib.sha256()
    for folder, pattern in _INPUT_GLOBS:
        for path in sorted((config.ROOT / folder).glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(config.ROOT).as_posix().encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def execution_key(path: Path, notebook: nbformat.NotebookNode | None = None) -> str:
    """Return the cache key of notebook ``path``: its cells and every input.

    Outputs and execution counts are left out, so storing outputs in the
    notebook does not change its key; markdown is in, since pages show it.
    """
    notebook = nbformat.read(path, as_version=4) if notebook is None else notebook
    cells = [{"cell_type": c.cell_type, "source": c.source, "id": c.get("id"),
              "metadata": c.get("metadata", {})} for c in notebook.cells]
    text = json.dumps({"cells": cells, "kernel": KERNEL, "env": KERNEL_ENV,
                       "python": sys.version_info[:2], "inputs": _inputs_digest()},
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _entry(path: Path, key: str, cache_dir: Path | None) -> Path:
    return (CACHE_DIR if cache_dir is None else cache_dir) / f"{path.stem}-{key}.ipynb"


def cached(path: Path, key: str | None = None,
           cache_dir: Path | None = None) -> nbformat.NotebookNode | None:
    """Return the cached execution of ``path`` for its key, or None.

    An entry that cannot be read as a valid notebook is deleted, never served.
    """
    entry = _entry(path, execution_key(path) if key is None else key, cache_dir)
    try:
        notebook = nbformat.read(entry, as_version=4)
        nbformat.validate(notebook)
    except FileNotFoundError:
        return None
    except Exception:  # a torn or corrupt entry is run again
        entry.unlink(missing_ok=True)
        return None
    return notebook


def store_in_cache(path: Path, notebook: nbformat.NotebookNode,
                   key: str | None = None, cache_dir: Path | None = None) -> Path:
    """Keep ``notebook`` as the execution of ``path``; return the entry.

    The entry is written beside its place and moved there whole, so a
    concurrent reader sees the old entry, the new one, or none.
    """
    entry = _entry(path, execution_key(path, notebook) if key is None else key,
                   cache_dir)
    for old in entry.parent.glob(f"{path.stem}-*.ipynb"):  # one entry a notebook
        if old != entry:
            old.unlink(missing_ok=True)
    write_text(entry, nbformat.writes(notebook) + "\n")
    return entry


def execute_cached(path: Path,
                   cache_dir: Path | None = None) -> nbformat.NotebookNode:
    """Return the execution of ``path``, from the cache when its key matches."""
    key = execution_key(path)
    notebook = cached(path, key, cache_dir)
    if notebook is None:
        notebook = execute(path)
        store_in_cache(path, notebook, key, cache_dir)
    return notebook


def execute_all_cached(paths: Sequence[Path], workers: int = 2,
                       cache_dir: Path | None = None) -> list:
    """Return each notebook's execution: cached ones read, the others run.

    Only the notebooks without a matching entry start a worker and a kernel.
    """
    cache_dir = CACHE_DIR if cache_dir is None else cache_dir
    found = {path: cached(path, cache_dir=cache_dir) for path in paths}
    missing = [path for path, notebook in found.items() if notebook is None]
    run = functools.partial(execute_cached, cache_dir=cache_dir)
    ran = dict(zip(missing, execute_all(missing, workers, run), strict=True))
    return [found[path] if found[path] is not None else ran[path] for path in paths]


def execute_in_place(names: list[str] | None = None, workers: int = 2) -> None:
    """Execute notebooks (reusing cached executions) and store their outputs."""
    paths = notebook_paths(names)
    for path, notebook in zip(paths, execute_all_cached(paths, workers), strict=True):
        text = nbformat.writes(notebook) + "\n"
        if path.read_text(encoding="utf-8") != text:
            write_text(path, text)
        print(f"stored the outputs of {path.name}")


# --------------------------------------------------------------------------------
# Reading notebooks for the site and the README


#: The tag of the cell whose chart stands for its notebook (site thumbnail, README).
KEY_CHART_TAG = "key-chart"


def read_all(paths: Sequence[Path], *, run: bool,
             workers: int = 2) -> list[nbformat.NotebookNode]:
    """Return the notebooks, executed (through the cache and the one pool) or as stored.

    Each notebook is read into memory and run there, so ``notebooks/`` is never
    written. Stored outputs get their consecutive streams merged, as a run would,
    and a notebook is refused when a cell holds stderr output without leave to.
    """
    if run:
        return execute_all_cached(paths, workers)
    notebooks = [nbformat.read(path, as_version=4) for path in paths]
    for path, notebook in zip(paths, notebooks, strict=True):
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs = merge_streams(cell.outputs)
        check_quiet(notebook, path)
    return notebooks


def key_chart(notebook: nbformat.NotebookNode) -> bytes | None:
    """Return the first PNG of the cell tagged ``key-chart``, else the first PNG."""
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    tagged = [c for c in cells
              if KEY_CHART_TAG in c.get("metadata", {}).get("tags", [])]
    for cell in tagged + cells:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                return b64decode(png if isinstance(png, str) else "".join(png))
    return None
