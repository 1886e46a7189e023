"""The shipped typeface: its files, its coverage, and that matplotlib uses it.

Whole notebooks are drawn with no system fonts and with decoys of the family in
tests/test_notebooks_meta.py; these tests check the parts in one process.
"""

import _fontmodes
import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager

from gyantse import config, typeface
from gyantse.__main__ import main


@pytest.mark.parametrize(("weight", "style", "os2_weight"),
                         [("normal", "Regular", 400), ("bold", "Bold", 700)])
def test_each_weight_ships_under_the_package_family(weight, style, os2_weight):
    font = TTFont(typeface.FILES[weight], lazy=True)
    assert font["name"].getDebugName(1) == typeface.FAMILY
    assert font["name"].getDebugName(2) == style
    assert font["OS/2"].usWeightClass == os2_weight
    assert "Open Font License" in font["name"].getDebugName(13)


def test_both_weights_draw_every_character_of_the_project():
    text = "".join(path.read_text(encoding="utf-8") for path in [
        config.RAW_ARTICLE, *sorted(config.RAW_DIR.glob("**/*.txt")),
        *sorted(config.ANNOTATIONS_DIR.glob("*.yml")),
        *sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))])
    wanted = {ord(c) for c in text if c.isprintable() and not c.isspace()}
    # emoji and the like are not chart text; everything the charts can show is
    missing = {c for c in wanted - typeface.coverage() if c < 0x1F000}
    assert not missing, "".join(map(chr, sorted(missing)))
    for symbol in "≥≈≤×→−–—…‰%€¥":
        assert ord(symbol) in typeface.coverage(), symbol


def test_registration_puts_the_shipped_files_before_any_decoy(tmp_path):
    manager = font_manager.fontManager
    before = list(manager.ttflist)
    decoys = _fontmodes.decoys(tmp_path)
    try:
        for path in decoys:  # the decoys come first, as system fonts would
            manager.addfont(path)
        added = manager.ttflist[len(before):]
        manager.ttflist[:] = added + before
        manager._findfont_cached.cache_clear()
        assert typeface.register_for_matplotlib() == typeface.FAMILY
        for weight in ("normal", "bold"):
            found = font_manager.findfont(font_manager.FontProperties(
                family=typeface.FAMILY, weight=weight), fallback_to_default=False)
            assert found == str(typeface.FILES[weight])
        shipped = {str(p) for p in typeface.FILES.values()}
        assert {e.fname for e in manager.ttflist[:2]} == shipped
        typeface.register_for_matplotlib()  # a second call adds nothing
        assert sum(e.fname in shipped for e in manager.ttflist) == 2
    finally:
        manager.ttflist[:] = before
        manager._findfont_cached.cache_clear()
        typeface.register_for_matplotlib()


def test_theme_draws_with_the_family_alone():
    from gyantse import plotting

    with plotting.theme():
        assert list(matplotlib.rcParams["font.family"]) == [typeface.FAMILY]
        assert matplotlib.rcParams["axes.titleweight"] in typeface.FILES


def test_web_subset_keeps_only_the_characters_asked_for(tmp_path):
    target = tmp_path / "web.woff2"
    typeface.subset_woff2("江孜 Gyantse", target)
    font = TTFont(target)
    assert font.flavor == "woff2"
    assert set(font.getBestCmap()) == {ord(c) for c in "江孜 Gyantse"}


def test_rebuilding_without_the_noto_collections_is_one_sentence(tmp_path, capsys):
    assert main(["fonts", "--source", str(tmp_path)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"error: {tmp_path} has no NotoSansCJK-Regular.ttc")
    assert error.endswith("or pass --source with their folder.")
    assert error.count(". ") == 0


def test_a_web_subset_is_cut_once_then_copied(tmp_path, monkeypatch):
    from fontTools import subset

    monkeypatch.setattr(typeface, "CACHE_DIR", tmp_path / "cache")
    typeface.subset_woff2("江孜", tmp_path / "first.woff2")

    def refuse(*args, **kwargs):
        raise AssertionError("the subset was cut again")

    with monkeypatch.context() as patched:
        patched.setattr(subset, "Subsetter", refuse)
        typeface.subset_woff2("孜江", tmp_path / "second.woff2")  # same set
        with pytest.raises(AssertionError, match="cut again"):
            typeface.subset_woff2("江孜縣", tmp_path / "third.woff2")
    assert (tmp_path / "second.woff2").read_bytes() == \
        (tmp_path / "first.woff2").read_bytes()
    assert len(list((tmp_path / "cache").iterdir())) == 1
