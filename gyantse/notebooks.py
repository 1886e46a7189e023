"""Execute the narrative notebooks in a fresh kernel, cell by cell.

Used by ``make notebooks`` (store outputs in place) and by the site build (execute
copies). A failing cell raises :class:`NotebookError` naming the notebook, the
cell and the error; nothing is written for a notebook that fails. A kernel that is
not installed, or that dies or hangs, is reported the same way, as one sentence
that ends with the fix.
"""

import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from gyantse import config
from gyantse._atomic import write_text
from gyantse.errors import GyantseError

__all__ = ["NotebookError", "execute", "execute_in_place", "notebook_paths"]

KERNEL = "python3"
TIMEOUT_S = 600


class NotebookError(GyantseError):
    """A notebook cell failed, its kernel is missing or died, or it is missing."""


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


def _environment() -> None:
    """Kernel settings that keep stored outputs stable across machines."""
    os.environ["IPYKERNEL_CELL_NAME"] = "<IPY-INPUT>"
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    os.environ.pop("MPLBACKEND", None)


def _one_line(text: str, limit: int = 300) -> str:
    """Collapse an error value to one line of at most ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _start(client: NotebookClient, stack: ExitStack, path: Path) -> None:
    """Start the notebook's kernel; a kernel that cannot start is one sentence."""
    name = config.relative(path)
    install = ("install it with 'python -m ipykernel install --sys-prefix --name "
               f"{KERNEL}' (or run 'make setup') and run again")
    try:
        stack.enter_context(client.setup_kernel())
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
    _environment()
    try:
        notebook = nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise NotebookError(
            f"The notebook {config.relative(path)} is missing; restore it with "
            f"'git checkout -- {config.relative(path)}' or choose another one."
        ) from None
    client = NotebookClient(
        notebook, timeout=TIMEOUT_S, kernel_name=KERNEL, record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    code_number = 0
    with ExitStack() as stack:
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
    notebook.metadata.pop("widgets", None)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)",
                                       "language": "python", "name": KERNEL}
    return notebook


def _execute_and_store(path: Path) -> str:
    notebook = execute(path)
    write_text(path, nbformat.writes(notebook) + "\n")
    return path.name


def execute_in_place(names: list[str] | None = None, workers: int = 2) -> None:
    """Execute notebooks in parallel and store their outputs in place."""
    paths = notebook_paths(names)
    with ProcessPoolExecutor(max_workers=min(workers, len(paths) or 1)) as pool:
        for done in pool.map(_execute_and_store, paths):
            print(f"executed and stored {done}")
