"""Notebook workers and their kernels end when the process that started them dies."""

import os
import signal
import subprocess
import sys
import time

import nbformat
import psutil

STARTED_TIMEOUT_S = 60
GONE_TIMEOUT_S = 30

RUN = """
import sys
from pathlib import Path
from gyantse.notebooks import execute_all
execute_all([Path(sys.argv[1])], workers=1)
"""


def _sleeping_notebook(folder):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Waits"),
        nbformat.v4.new_code_cell("import time\ntime.sleep(600)")])
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)",
                                       "language": "python", "name": "python3"}
    path = folder / "01-waits.ipynb"
    nbformat.write(notebook, path)
    return path


def _kernels(parent: psutil.Process) -> list[psutil.Process]:
    return [p for p in parent.children(recursive=True)
            if "ipykernel_launcher" in " ".join(p.cmdline())]


def test_killing_the_parent_ends_its_workers_and_kernels(tmp_path):
    path = _sleeping_notebook(tmp_path)
    parent = subprocess.Popen([sys.executable, "-c", RUN, str(path)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        handle = psutil.Process(parent.pid)
        deadline = time.monotonic() + STARTED_TIMEOUT_S
        while not _kernels(handle) and time.monotonic() < deadline:
            time.sleep(0.2)
        descendants = handle.children(recursive=True)
        assert _kernels(handle), "the notebook's kernel never started"
        os.kill(parent.pid, signal.SIGKILL)  # no chance to clean up
        parent.wait(timeout=10)
        gone, alive = psutil.wait_procs(descendants, timeout=GONE_TIMEOUT_S)
        assert not alive, [" ".join(p.cmdline()) for p in alive]
        assert len(gone) >= 2  # a worker and its kernel at least
    finally:
        try:
            os.killpg(parent.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
