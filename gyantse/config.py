"""Where the project's files live.

Run from a checkout of the repository (an editable install, or ``GYANTSE_ROOT``
naming a checkout), every path is derived from the repository root, the folder above
the package. Installed from a wheel, the package carries its own copy of the
datasets, the raw article and its record in ``gyantse/data/``, and :data:`DATA_DIR`
points there; the annotations, notebooks and site exist only in a checkout.
"""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SHIPPED_DATA_DIR = PACKAGE_DIR / "data"
_ROOT_OVERRIDE = os.environ.get("GYANTSE_ROOT")
#: True when the package runs from a checkout, False when it is installed.
IN_CHECKOUT = (bool(_ROOT_OVERRIDE) or (PACKAGE_DIR.parent / "pyproject.toml").is_file()
               or not SHIPPED_DATA_DIR.is_dir())
ROOT = Path(_ROOT_OVERRIDE or PACKAGE_DIR.parent).resolve()

DATA_DIR = ROOT / "data" if IN_CHECKOUT else SHIPPED_DATA_DIR
RAW_DIR = DATA_DIR / "raw"
RAW_ARTICLE = RAW_DIR / "article.txt"
SOURCES_FILE = RAW_DIR / "sources.yml"
ANNOTATIONS_DIR = DATA_DIR / "annotations"
PROCESSED_DIR = DATA_DIR / "processed"
DATAPACKAGE = PROCESSED_DIR / "datapackage.json"
NOTEBOOKS_DIR = ROOT / "notebooks"
SITE_DIR = ROOT / "site"
README_CHART = ROOT / "docs" / "money-scale.png"
README_CHART_NOTEBOOK = NOTEBOOKS_DIR / "04-models-compared-and-claims-audit.ipynb"

REINSTALL = ("reinstall the package from the wheel or folder it came from "
             "('pip install --force-reinstall --no-deps ...')")


def relative(path: Path) -> str:
    """Return ``path`` relative to the repository root when it lies inside it.

    >>> relative(ROOT / "data" / "raw" / "article.txt")
    'data/raw/article.txt'
    """
    if not IN_CHECKOUT:
        return str(path)
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def restore_hint(path: Path, what: str = "it") -> str:
    """Return how to get back a file of the project that is missing or changed.

    >>> restore_hint(ROOT / "data" / "raw" / "sources.yml")
    "restore it with 'git checkout -- data/raw/sources.yml'"
    """
    if IN_CHECKOUT:
        return f"restore {what} with 'git checkout -- {relative(path)}'"
    return REINSTALL


def rebuild_hint() -> str:
    """Return how to get back a processed dataset that is missing or damaged.

    >>> rebuild_hint()
    "rebuild it with 'make data' (or 'python -m gyantse data')"
    """
    if IN_CHECKOUT:
        return "rebuild it with 'make data' (or 'python -m gyantse data')"
    return REINSTALL


def needs_checkout(what: str) -> str:
    """Return the sentence for a command that works only in a checkout."""
    return (f"{what} needs a checkout of the repository (the installed package "
            "carries only the datasets and the article); run it in a clone of the "
            "repository, or set GYANTSE_ROOT to one.")
