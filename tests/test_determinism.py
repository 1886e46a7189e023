"""The same inputs give the same bytes, in one process and across processes.

Already covered elsewhere, and not repeated here: two builds in a row in one
process are byte-identical, and equal to the committed ``data/processed``
(``tests/test_datasets.py``); two site builds are byte-identical
(``tests/test_site.py``). Stored notebook outputs re-execute to the same charts
(``tests/test_notebooks_meta.py``) and the same text (nbval).

Added here: the datasets built in fresh interpreters under different hash seeds
(set and dict order must not leak into the files), and charts drawn with the
project theme, whose PNG and SVG bytes must not change between renders or
processes.
"""

import filecmp
import json
import os
import subprocess
import sys

import pytest

from gyantse import config

SEEDS = ("0", "1", "2")


def _run(code: str, *args: str, seed: str) -> str:
    env = os.environ | {"PYTHONHASHSEED": seed, "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, "-c", code, *args], env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


_BUILD = "import sys; from gyantse.build import build; build(out_dir=sys.argv[1])"


@pytest.mark.slow
def test_builds_under_different_hash_seeds_equal_the_committed_files(tmp_path):
    names = sorted(p.name for p in config.PROCESSED_DIR.iterdir())
    for seed in SEEDS[1:]:
        out = tmp_path / f"seed-{seed}"
        _run(_BUILD, str(out), seed=seed)
        assert sorted(p.name for p in out.iterdir()) == names
        _, different, errors = filecmp.cmpfiles(config.PROCESSED_DIR, out, names,
                                                 shallow=False)
        assert (different, errors) == ([], []), f"hash seed {seed} changes them"


# Draws the project's two chart kinds from the real data, with a generated source
# line, the way a notebook's inline backend saves them, twice, and prints digests.
_RENDER = """
import hashlib, io, json
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import gyantse
from gyantse.plotting import (footer, plot_bounded_bars, plot_claim_map,
                              source_line, theme)

claims = gyantse.load("claims")
money = claims[claims.unit == "CNY"].assign(label=lambda d: d.claim_id)
people = claims[claims.unit == "person"]

def draw():
    with theme():
        fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
        plot_bounded_bars(people, label="claim_id", value="value",
                          unit_label="people (人)", ax=left)
        left.set_title("受益群眾 beneficiaries")
        plot_claim_map(claims, sentences=gyantse.load("sentences"), ax=right)
        footer(fig, source_line(claim_ids=list(money.claim_id)))
        digests = {}
        for fmt, options in (("png", {"bbox_inches": "tight"}),
                             ("svg", {"metadata": {"Date": None}})):
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, **options)
            digests[fmt] = hashlib.sha256(buffer.getvalue()).hexdigest()
        plt.close(fig)
        return digests

print(json.dumps([draw(), draw()]))
"""


@pytest.mark.slow
def test_charts_render_to_identical_bytes():
    renders = [json.loads(_run(_RENDER, seed=seed)) for seed in SEEDS[:2]]
    first = renders[0][0]
    assert set(first) == {"png", "svg"}
    for seed, (once, twice) in zip(SEEDS[:2], renders, strict=True):
        assert once == first, f"hash seed {seed} changes the chart"
        assert twice == first, "a second render in the same process differs"
