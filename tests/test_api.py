"""The public API: explicit, importable, and free of work at import time."""

import subprocess
import sys

import gyantse


def test_public_names():
    assert set(gyantse.__all__) >= {"strip_pinyin", "parse_quantity",
                                     "find_quantities", "load", "datasets", "article"}
    for name in gyantse.__all__:
        assert getattr(gyantse, name) is not None


def test_import_loads_no_plotting_library_and_does_no_work():
    code = (
        "import sys, gyantse\n"
        "heavy = [m for m in ('matplotlib', 'pypinyin', 'opencc', 'frictionless', "
        "'nbformat', 'IPython') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
        "from gyantse import provenance\n"
        "print(provenance.article.cache_info().currsize,\n"
        "      provenance.source.cache_info().currsize)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True,
                            text=True, check=True)
    assert result.stdout.split("\n")[:2] == ["", "0 0"]
    assert result.stderr == ""


def test_article_api_gives_both_scripts():
    art = gyantse.article()
    assert "產業振興" in art.text and "产业振兴" in art.text_hans
    assert len(art.text) == len(art.text_hans)
