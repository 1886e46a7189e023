"""Time ``find_quantities`` per megabyte of text, at four sizes, to show it linear.

Usage::

    .venv/bin/python bench/parser_speed.py

Prints CPU seconds per MB (best of 3; CPU time, so that other processes on the
machine do not count) for 0.25, 0.5, 1 and 2 MB of each input: the
article repeated (ordinary text), and inputs made only of quantities (ranges,
hedged figures, figures after a modal word with no clause end, figures before a
target word). A linear search keeps the same seconds per MB at every size.
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gyantse.quantities import find_quantities  # noqa: E402

SIZES = (250_000, 500_000, 1_000_000, 2_000_000)
ARTICLE = (ROOT / "data" / "raw" / "article.txt").read_text(encoding="utf-8")
PATTERNS = {
    "article, repeated": ARTICLE,
    "ranges (1至6萬元,)": "".join(f"{i + 1}至{i + 6}萬元," for i in range(900)),
    "約占 and 過 (約占過5萬元,)": "約占過5萬元,",
    "預計, no clause end (預計5萬元)": "預計5萬元",
    "為目標, quoted names (以5億元為目標“三人鄉”)": "以5億元為目標“三人鄉”",
    "mixed figures (超5萬盒、10多種、近兩年、一年半、3%-5%,)":
        "超5萬盒、10多種、近兩年、一年半、3%-5%,",
}


def seconds(text: str) -> tuple[float, int]:
    """Best of three timings of find_quantities on ``text``, and what it found."""
    best, found = float("inf"), 0
    for _ in range(3):
        start = time.process_time()
        found = len(find_quantities(text))
        best = min(best, time.process_time() - start)
    return best, found


def main() -> None:
    """Print seconds per MB for each input and size."""
    find_quantities(ARTICLE)  # compile the patterns before timing
    print(f"{'input':52} " + " ".join(f"{s / 1e6:>6} MB" for s in SIZES)
          + "   found at 1 MB")
    for label, unit in PATTERNS.items():
        row, found_1mb = [], 0
        for size in SIZES:
            text = (unit * (size // len(unit) + 1))[:size]
            took, found = seconds(text)
            row.append(took / (size / 1e6))
            found_1mb = found if size == 1_000_000 else found_1mb
        print(f"{label:52} " + " ".join(f"{r:9.3f}" for r in row)
              + f"   {found_1mb:,}")
    print("CPU seconds per MB of characters (1 MB = 1,000,000 characters), best of 3")


if __name__ == "__main__":
    main()
