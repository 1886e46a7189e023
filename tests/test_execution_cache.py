"""The execution cache: a notebook runs again only when something it reads changed.

Executions are counted through the execution log (GYANTSE_EXECUTION_LOG), which
every run of :func:`gyantse.notebooks.execute` appends to.
"""

import nbformat
import pytest
from _notebooks import tiny_notebook

from gyantse import config, notebooks


@pytest.fixture
def runs(tmp_path, monkeypatch):
    """Count executions in a log of this test's own."""
    log = tmp_path / "executions.log"
    log.write_text("", encoding="utf-8")
    monkeypatch.setenv(notebooks.EXECUTION_LOG_VARIABLE, str(log))
    return lambda: len(log.read_text(encoding="utf-8").splitlines())


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setattr(notebooks, "CACHE_DIR", folder)
    return folder


def _notebook(folder, code="print(6 * 7)", name="01-cached.ipynb"):
    return tiny_notebook(folder, code, name=name, title="Cached")


def _text(notebook):
    return [o.get("text") for c in notebook.cells if c.cell_type == "code"
            for o in c.outputs]


def test_a_second_run_is_read_from_the_cache(tmp_path, cache, runs):
    path = _notebook(tmp_path / "nb")
    first = notebooks.execute_cached(path)
    second = notebooks.execute_cached(path)
    assert runs() == 1
    assert _text(first) == _text(second) == ["42\n"]
    assert [p.name for p in cache.iterdir()] == [
        f"01-cached-{notebooks.execution_key(path)}.ipynb"]


def test_storing_outputs_in_the_notebook_keeps_its_key(tmp_path, cache, runs):
    path = _notebook(tmp_path / "nb")
    key = notebooks.execution_key(path)
    nbformat.write(notebooks.execute_cached(path), path)
    assert notebooks.execution_key(path) == key
    notebooks.execute_cached(path)
    assert runs() == 1


def test_a_changed_cell_runs_again_and_replaces_the_entry(tmp_path, cache, runs):
    path = _notebook(tmp_path / "nb")
    notebooks.execute_cached(path)
    _notebook(tmp_path / "nb", code="print(6 * 8)")
    assert _text(notebooks.execute_cached(path)) == ["48\n"]
    assert runs() == 2
    assert len(list(cache.iterdir())) == 1  # one entry per notebook


def test_a_changed_dataset_package_file_or_lock_changes_the_key(tmp_path,
                                                                monkeypatch):
    root = tmp_path / "root"
    for name in ("data/processed/claims.csv", "gyantse/x.py",
                 "requirements/lock.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("a", encoding="utf-8")
    path = _notebook(tmp_path / "nb")
    monkeypatch.setattr(config, "ROOT", root)
    keys = {notebooks.execution_key(path)}
    for name in ("data/processed/claims.csv", "gyantse/x.py",
                 "requirements/lock.txt"):
        (root / name).write_text("b", encoding="utf-8")
        keys.add(notebooks.execution_key(path))
    assert len(keys) == 4


@pytest.mark.parametrize("damage", ["truncated", "not-json", "empty"])
def test_a_broken_entry_is_run_again_never_served(tmp_path, cache, runs, damage):
    path = _notebook(tmp_path / "nb")
    notebooks.execute_cached(path)
    entry = next(cache.iterdir())
    text = entry.read_text(encoding="utf-8")
    entry.write_text({"truncated": text[: len(text) // 2], "not-json": "{oops",
                      "empty": ""}[damage], encoding="utf-8")
    assert notebooks.cached(path) is None
    assert not entry.exists()
    assert _text(notebooks.execute_cached(path)) == ["42\n"]
    assert runs() == 2


def test_storing_writes_whole_files_and_leaves_no_temporaries(tmp_path, cache):
    path = _notebook(tmp_path / "nb")
    notebook = nbformat.read(path, as_version=4)
    for _ in range(3):
        entry = notebooks.store_in_cache(path, notebook)
    assert sorted(p.name for p in cache.iterdir()) == [entry.name]
    assert nbformat.read(entry, as_version=4) == notebook


def test_cached_notebooks_start_no_worker(tmp_path, cache, runs, monkeypatch):
    paths = [_notebook(tmp_path / "nb", name=f"0{n}-cached.ipynb") for n in (1, 2)]
    for path in paths:
        notebooks.execute_cached(path)

    def no_pool(missing, *args, **kwargs):
        assert list(missing) == [], "a cached notebook was sent to a worker"
        return []

    monkeypatch.setattr(notebooks, "execute_all", no_pool)
    done = notebooks.execute_all_cached(paths)
    assert [_text(n) for n in done] == [["42\n"], ["42\n"]]
    assert runs() == 2
