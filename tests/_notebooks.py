"""Small notebooks written for tests: a title cell and the code cells asked for."""

from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python",
              "name": "python3"}


def tiny_notebook(folder: Path, *cells, name: str = "01-tiny.ipynb",
                  title: str = "A tiny notebook") -> Path:
    """Write a notebook of ``cells``: sources, or (source, metadata) pairs."""
    made = [nbformat.v4.new_markdown_cell(f"# {title}")]
    for cell in cells:
        source, metadata = cell if isinstance(cell, tuple) else (cell, {})
        made.append(nbformat.v4.new_code_cell(source, metadata=metadata))
    notebook = nbformat.v4.new_notebook(cells=made)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(notebook, path)
    return path
