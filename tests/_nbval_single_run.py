"""nbval's run of each notebook is the one execution of it in ``make test``.

Registered by tests/conftest.py. Around nbval's run of a notebook:

- its kernel gets :data:`gyantse.notebooks.KERNEL_ENV`, and matplotlib sees no
  system font (odd-numbered notebooks) or decoy fonts that claim the shipped
  family (even-numbered ones);
- after each cell, the charts it drew must equal the stored ones, compared by
  digest (both versions are saved under test-artifacts/charts/ when they
  differ) and drawn from the shipped typeface alone;
- when every cell passed, the stored notebook is what execution gives for its
  key, so it goes into the execution cache that ``make site`` reads;
- each kernel start, and each execution through :mod:`gyantse.notebooks`, is
  logged; at the end the run fails if any notebook ran more than once.
"""

import base64
import hashlib
import os
import tempfile
from collections import Counter
from pathlib import Path

import _fontmodes
import nbformat
import pytest

from gyantse import config, notebooks, typeface

ARTIFACTS = config.ROOT / "test-artifacts" / "charts"
LOG_VARIABLE = notebooks.EXECUTION_LOG_VARIABLE
#: The cache that ``make site`` reads; tests of the cache itself use their own.
CACHE_DIR = notebooks.CACHE_DIR

_runs: dict[str, dict] = {}


def _is_cell(item) -> bool:
    return type(item).__name__ == "IPyNbCell"


def _path(item) -> Path:
    return Path(str(item.parent.fspath)).resolve()


def _mode(path: Path) -> str:
    names = [p.name for p in notebooks.notebook_paths()]
    index = names.index(path.name) if path.name in names else 0
    return _fontmodes.MODES[index % 2]


def over_executed(lines: list[str], real: list[Path]) -> dict[str, int]:
    """Return the real notebooks logged more than once, with their counts.

    >>> over_executed(["/n/01.ipynb", "/n/01.ipynb", "/x.ipynb", "/x.ipynb"],
    ...               [Path("/n/01.ipynb"), Path("/n/02.ipynb")])
    {'01.ipynb': 2}
    """
    counts = Counter(lines)
    return {Path(p).name: counts[str(p)] for p in real if counts[str(p)] > 1}


def pytest_configure(config) -> None:
    if not os.environ.get(LOG_VARIABLE):  # the controller; workers inherit it
        handle, name = tempfile.mkstemp(prefix="gyantse-executions-", suffix=".log")
        os.close(handle)
        os.environ[LOG_VARIABLE] = name


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    if not _is_cell(item) or item.parent.kernel is not None:
        yield
        return
    # the first cell: nbval starts the notebook's kernel now, with this environment
    path = _path(item)
    mode = _mode(path)
    folder = Path(tempfile.mkdtemp(prefix="gyantse-nbval-fonts-"))
    variables = {**_fontmodes.environment(mode, folder), **notebooks.KERNEL_ENV}
    saved = {name: os.environ.get(name)
             for name in (*variables, *notebooks.KERNEL_ENV_DROP)}
    os.environ.update(variables)
    for name in notebooks.KERNEL_ENV_DROP:
        os.environ.pop(name, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    if item.parent.kernel is not None:
        notebooks.log_execution(path)
        _runs[str(path)] = {"mode": mode, "log": folder / "fonts-opened.txt",
                            "failed": False, "cells": 0}


def _pngs(outputs) -> list[bytes]:
    return [base64.b64decode(o["data"]["image/png"]) for o in outputs or []
            if "image/png" in o.get("data", {})]


@pytest.hookimpl(trylast=True)
def pytest_runtest_call(item) -> None:
    """After nbval passed a cell: its charts equal the stored ones, drawn alike."""
    if not _is_cell(item):
        return
    path, run = _path(item), _runs.get(str(_path(item)))
    fresh, stored = _pngs(item.test_outputs), _pngs(item.cell.outputs)
    where = f"{path.name}, code cell {item.cell_num}"
    assert len(fresh) == len(stored), (
        f"{where} drew {len(fresh)} charts where {len(stored)} are stored; "
        "regenerate outputs with 'make notebooks'")
    differ = []
    for number, (old, new) in enumerate(zip(stored, fresh, strict=True), 1):
        if hashlib.sha256(old).digest() != hashlib.sha256(new).digest():
            differ.append(number)
            for kind, data in (("stored", old), ("rerun", new)):
                name = f"{path.stem}-cell{item.cell_num}-{number}-{kind}.png"
                target = ARTIFACTS / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
    # digests only: a byte-by-byte diff of two PNGs takes minutes to print
    assert not differ, (
        f"{where}: chart(s) {differ} differ from the stored ones (with "
        f"{run['mode'] if run else 'these'} system fonts); both versions are in "
        f"{ARTIFACTS.relative_to(config.ROOT)}/; regenerate outputs with "
        "'make notebooks' if the change is intended")
    if fresh and run is not None:
        fonts = {line for line in run["log"].read_text(encoding="utf-8").splitlines()
                 if line}
        shipped = {str(p) for p in typeface.FILES.values()}
        assert fonts and fonts <= shipped, (
            f"{where} drew text with {sorted(fonts - shipped)}, not only the shipped "
            f"typeface (with {run['mode']} system fonts)")


def pytest_runtest_logreport(report) -> None:
    run = _runs.get(str(Path(config.ROOT / report.nodeid.split("::")[0]).resolve()))
    if run is not None and report.failed:
        run["failed"] = True
    if run is not None and report.when == "call" and report.passed:
        run["cells"] += 1


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if not _is_cell(item) or (nextitem is not None and nextitem.parent is item.parent):
        return
    # the notebook's last cell: certify its stored outputs when every cell passed
    path = _path(item)
    run = _runs.pop(str(path), None)
    cells = sum(1 for cell in item.parent.nb.cells if cell.cell_type == "code")
    if run is not None and not run["failed"] and run["cells"] == cells:
        notebooks.store_in_cache(path, nbformat.read(path, as_version=4),
                                 cache_dir=CACHE_DIR)


def pytest_sessionfinish(session, exitstatus) -> None:
    if hasattr(session.config, "workerinput"):
        return  # the controller reads the log once every worker is done
    log = Path(os.environ.get(LOG_VARIABLE, ""))
    if not log.is_file():
        return
    lines = log.read_text(encoding="utf-8").splitlines()
    log.unlink()
    repeated = over_executed(lines, [p.resolve() for p in notebooks.notebook_paths()])
    if repeated:
        session.config.get_terminal_writer().line(
            f"error: notebooks executed more than once in this run: {repeated}; "
            "a test re-executes a notebook that nbval already ran", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
