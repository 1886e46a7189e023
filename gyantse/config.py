"""Where the project's files live.

Every path is derived from the repository root, which is the folder above the
package unless the ``GYANTSE_ROOT`` environment variable names another one.
"""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("GYANTSE_ROOT", PACKAGE_DIR.parent)).resolve()

DATA_DIR = ROOT / "data"
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


def relative(path: Path) -> str:
    """Return ``path`` relative to the repository root when it lies inside it.

    >>> relative(ROOT / "data" / "raw" / "article.txt")
    'data/raw/article.txt'
    """
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
