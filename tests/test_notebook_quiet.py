"""Notebook cells run quietly, and stream outputs do not depend on chunking.

A cell that writes to stderr or raises a warning fails the run with one sentence
naming the notebook and the cell, unless it is tagged to allow it with a reason;
the site refuses stored outputs that break the same rule.
"""

import nbformat
import pytest
from _notebooks import tiny_notebook

from gyantse import config, notebooks
from gyantse import site as site_module
from gyantse.notebooks import ALLOW_STDERR_TAG, NotebookError


def _notebook(folder, *cells, name="01-quiet.ipynb"):
    return tiny_notebook(folder, *cells, name=name, title="Quiet")


def _fails(path, *fragments):
    with pytest.raises(NotebookError) as caught:
        notebooks.execute(path)
    message = str(caught.value)
    assert message.count(". ") == 0 and message.endswith("."), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_a_cell_that_warns_fails_naming_notebook_and_cell(tmp_path):
    path = _notebook(tmp_path, "x = 1",
                     "import warnings\nwarnings.warn('fonts are missing')", "y = 2")
    _fails(path, "01-quiet.ipynb, cell 3 (code cell 2) wrote to stderr",
           "UserWarning: fonts are missing", f"tag the cell '{ALLOW_STDERR_TAG}'")


def test_a_cell_that_logs_to_stderr_fails(tmp_path):
    path = _notebook(tmp_path, "import sys\nprint('findfont: oops', file=sys.stderr)")
    _fails(path, "cell 2 (code cell 1) wrote to stderr (findfont: oops)")


def test_a_tag_without_a_reason_is_refused(tmp_path):
    path = _notebook(tmp_path, ("import sys\nprint('!', file=sys.stderr)",
                                {"tags": [ALLOW_STDERR_TAG]}))
    _fails(path, f"tagged '{ALLOW_STDERR_TAG}' but gives no reason",
           "metadata field 'allow_stderr'")


def test_a_tagged_cell_with_a_reason_keeps_its_stderr_and_streams_merge(tmp_path):
    chunked = ("import sys, time\n"
               "for word in ('one', 'two', 'three'):\n"
               "    print(word, flush=True)\n"
               "    time.sleep(0.05)\n"
               "print('more')")
    path = _notebook(tmp_path, chunked, (
        "import sys\nprint('shown on purpose', file=sys.stderr)",
        {"tags": [ALLOW_STDERR_TAG],
         "allow_stderr": "shows what a warning looks like"}))
    done = notebooks.execute(path)
    first, second = (c for c in done.cells if c.cell_type == "code")
    assert [(o.output_type, o.name, o.text) for o in first.outputs] == [
        ("stream", "stdout", "one\ntwo\nthree\nmore\n")]
    assert [(o.name, o.text) for o in second.outputs] == [
        ("stderr", "shown on purpose\n")]


def test_merge_streams_keeps_other_outputs_between_streams_apart():
    outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a"),
        nbformat.v4.new_output("stream", name="stdout", text="b"),
        nbformat.v4.new_output("display_data", data={"text/plain": "x"}),
        nbformat.v4.new_output("stream", name="stdout", text="c"),
        nbformat.v4.new_output("stream", name="stderr", text="d"),
        nbformat.v4.new_output("stream", name="stderr", text="e"),
    ]
    merged = notebooks.merge_streams(outputs)
    assert [(o.output_type, o.get("name"), o.get("text")) for o in merged] == [
        ("stream", "stdout", "ab"), ("display_data", None, None),
        ("stream", "stdout", "c"), ("stream", "stderr", "de")]
    assert outputs[0].text == "a"  # the input is not changed


def test_the_site_refuses_stored_stderr_output(tmp_path, monkeypatch):
    path = _notebook(tmp_path / "notebooks", "1 + 1")
    stored = nbformat.read(path, as_version=4)
    stored.cells[1].outputs = [nbformat.v4.new_output(
        "stream", name="stderr", text="findfont: Failed to find font weight bold\n")]
    nbformat.write(stored, path)
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", tmp_path / "notebooks")
    expected = (r"01-quiet.ipynb, cell 2 \(code cell 1\) wrote to stderr "
                r"\(findfont: Failed to find font weight bold\)")
    with pytest.raises(NotebookError, match=expected):
        site_module.build_site(tmp_path / "site", execute=False)
    assert not (tmp_path / "site").exists()
