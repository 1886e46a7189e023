"""Stored notebooks are clean, numbered and sanitized.

That they re-execute to the same outputs and charts is checked during nbval's run
(tests/_nbval_single_run.py).
"""

import json
import re

import nbformat
import pytest
from nbval.plugin import get_sanitize_patterns

from gyantse import config
from gyantse.notebooks import notebook_paths

NOTEBOOKS = notebook_paths()
IDS = [p.stem for p in NOTEBOOKS]
SANITIZE = config.NOTEBOOKS_DIR / "sanitize.cfg"


def _outputs(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            yield from cell.outputs


def _text(output) -> str:
    data = output.get("data", {})
    return output.get("text", "") + "".join(
        v for k, v in data.items() if isinstance(v, str) and not k.startswith("image/")
    )


def test_there_are_four_or_five_numbered_notebooks():
    assert 4 <= len(NOTEBOOKS) <= 5
    assert [p.name[:3] for p in NOTEBOOKS] == [f"{i:02d}-" for i in
                                               range(1, len(NOTEBOOKS) + 1)]
    stray = [p.name for p in config.NOTEBOOKS_DIR.glob("*.ipynb")
             if p not in NOTEBOOKS]
    assert stray == []


def test_every_sanitize_pair_is_read_by_nbval():
    text = SANITIZE.read_text()
    sections = re.findall(r"^\[", text, flags=re.MULTILINE)
    pairs = get_sanitize_patterns(text)
    assert len(pairs) == len(sections) > 0
    assert all(replace for _, replace in pairs)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_outputs_are_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert all(c.get("id") for c in nb.cells)
    outputs = list(_outputs(nb))
    assert not [o for o in outputs if o.get("name") == "stderr"]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(_text(o) for o in outputs)
    assert not re.search(r"0x[0-9a-f]{6,}", text)
    assert str(config.ROOT) not in json.dumps(nb) and "/home/" not in text
    assert any("image/png" in o.get("data", {}) for o in outputs)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_opens_with_title_question_and_theme(path):
    nb = nbformat.read(path, as_version=4)
    first, setup = nb.cells[0], next(c for c in nb.cells if c.cell_type == "code")
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "use_theme()" in setup.source
    tags = [t for c in nb.cells for t in c.metadata.get("tags", [])]
    assert tags.count("key-chart") == 1 and tags.count("summary") == 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_plot_cells_end_with_show(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "plt.subplots" in cell.source:
            assert cell.source.rstrip().endswith("plt.show()"), cell.source[:60]


def test_readme_lists_every_notebook():
    readme = (config.ROOT / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f"notebooks/{path.name}" in readme


def test_notebook_prose_numbers_are_asserted():
    """Each number quoted in a markdown cell appears in an assert of the notebook."""
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        asserted = set(re.findall(r"\d[\d_,.]*", "\n".join(
            line for line in code.splitlines() if "assert" in line)))
        asserted = {a.replace("_", "").replace(",", "").rstrip(".")
                    for a in asserted}
        for cell in nb.cells[1:]:
            if cell.cell_type != "markdown":
                continue
            for number in re.findall(r"(?<![\w.])\d[\d,]*(?:\.\d+)?", cell.source):
                plain = number.replace(",", "")
                if re.fullmatch(r"(19|20)\d\d|0?[1-9]|1[0-2]", plain):
                    continue  # years, months, list markers
                assert plain in asserted or plain.rstrip("0").rstrip(".") in asserted,\
                    f"{path.name}: '{number}' in prose has no assert"



def test_readme_chart_is_the_stored_key_chart():
    from gyantse.notebooks import key_chart

    notebook = nbformat.read(config.README_CHART_NOTEBOOK, as_version=4)
    assert config.README_CHART.read_bytes() == key_chart(notebook), (
        "refresh it with 'make notebooks'")
