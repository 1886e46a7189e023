"""Plot helpers, checked on the state of the Axes they draw (after seaborn)."""

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from gyantse import load, plotting
from gyantse.provenance import source


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def ax():
    with plotting.theme():
        yield plt.figure().add_subplot()


def bars(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def texts(ax):
    return [t.get_text() for t in ax.texts]


def rows_top_down(ax):
    """The y tick labels as read from the top of the chart down."""
    ticks = sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])
    return [t.get_text() for t in ticks]


FIGURES = pd.DataFrame({
    "label": ["圍巾 scarves", "布娃娃 dolls", "八寶飯 boxes"],
    "value": [500, 500, 50_000],
    "qualifier": ["exact", "exact", "more_than"],
    "model": ["shajuan", "shajuan", "hema"],
})


# ----------------------------------------------------------------------------------
# theme and source line


def test_theme_registers_the_cjk_font_and_restores_rc():
    before = list(matplotlib.rcParams["font.family"])
    with plotting.theme():
        assert plotting.register_font() in matplotlib.rcParams["font.family"]
        assert tuple(matplotlib.rcParams["figure.figsize"]) == (8.0, 4.5)
    assert list(matplotlib.rcParams["font.family"]) == before


def test_source_line_names_the_article_claims_and_external_facts():
    line = plotting.source_line(claim_ids=["shajuan_trainees"],
                                ref_ids=["ref_tar_rural_income_2023"])
    record = source()
    assert line.startswith(f"Source: {record.publisher_zh} ({record.publisher_en})")
    assert "(date inferred)" in line
    assert "claims shajuan_trainees" in line
    assert "China News Service (中新社)" in line
    assert line.endswith(f"Copyright of the article: {record.copyright_holder_zh}.")


def test_source_line_marks_unverified_external_facts():
    line = plotting.source_line(ref_ids=["ref_cny_usd_2023",
                                         "ref_tar_rural_income_2023"])
    context = load("context").set_index("ref_id")
    assert context.loc["ref_cny_usd_2023", "verification"] == "unverified"
    assert "2024-02-29 (unverified)" in line
    assert line.count("(unverified)") == 1


def test_bounded_bars_write_each_bars_unit(ax):
    plotting.plot_bounded_bars(FIGURES.assign(unit=["a", "b", "c"]), label="label",
                               value="value", unit="unit", ax=ax)
    assert texts(ax)[0].endswith(" a") and texts(ax)[-1] == "> 50,000 c"


def test_source_line_without_ids_names_only_the_article():
    line = plotting.source_line()
    assert "claims" not in line and "External" not in line


def test_footer_writes_the_line_under_the_figure(ax):
    plotting.footer(ax.figure, "Source: test")
    (text,) = ax.figure.texts
    assert text.get_text() == "Source: test"
    assert text.get_position()[1] < 0


def test_figure_title_starts_at_the_figure_edge(ax):
    with plotting.theme():
        plotting.figure_title(ax.figure, "Fifty trainees")
    (title,) = ax.figure.texts
    assert ax.figure.get_suptitle() == title.get_text() == "Fifty trainees"
    assert title.get_position()[0] == 0 and title.get_horizontalalignment() == "left"
    assert title.get_fontweight() == "bold"


# ----------------------------------------------------------------------------------
# plot_bounded_bars


def test_bounded_bars_one_bar_per_row_labels_top_down(ax):
    out = plotting.plot_bounded_bars(FIGURES, label="label", value="value",
                                     unit_label="pieces", ax=ax)
    assert out is ax
    assert len(bars(ax)) == 3
    assert rows_top_down(ax) == FIGURES.label.tolist()
    assert ax.get_xlabel() == "pieces"


def test_bounded_bars_hatch_and_mark_only_lower_bounds(ax):
    plotting.plot_bounded_bars(FIGURES, label="label", value="value", ax=ax)
    hatches = [b.get_hatch() for b in bars(ax)]
    assert hatches == [None, None, "///"]
    assert texts(ax)[-1] == "> 50,000"
    assert texts(ax)[0] == "500"


def test_bounded_bars_makes_its_own_axes():
    ax = plotting.plot_bounded_bars(FIGURES, label="label", value="value")
    assert len(bars(ax)) == 3


# ----------------------------------------------------------------------------------
# plot_stacked_bars


PARTS = pd.DataFrame({
    "label": ["reported", "reported", "implied"],
    "part": ["orders", "live stream", "50 × 4,000 × 3"],
    "value": [190_000, 150_000, 600_000],
    "model": ["shajuan", "shajuan", "shajuan"],
    "qualifier": ["exact", "exact", "exact"],
})


def test_stacked_bars_stack_rows_that_share_a_label(ax):
    out = plotting.plot_stacked_bars(PARTS, segment="part", unit_label="yuan",
                                     ax=ax)
    assert out is ax
    assert len(bars(ax)) == 3
    assert rows_top_down(ax) == ["reported", "implied"]
    assert [b.get_x() for b in bars(ax)] == [0, 190_000, 0]
    assert ax.get_xlabel() == "yuan"
    assert {"orders", "live stream", "340,000", "600,000"} <= set(texts(ax))


def test_stacked_bars_colour_by_model(ax):
    data = PARTS.assign(model=["shajuan", "context", "hema"])
    plotting.plot_stacked_bars(data, ax=ax)
    colors = [matplotlib.colors.to_hex(b.get_facecolor()) for b in bars(ax)]
    assert colors == [plotting.MODEL_COLORS[m] for m in data.model]


def test_stacked_bars_draw_lower_bounds_open_and_hatched(ax):
    data = PARTS.assign(qualifier=["exact", "more_than", "exact"])
    plotting.plot_stacked_bars(data, qualifier="qualifier", ax=ax)
    assert [b.get_hatch() for b in bars(ax)] == [None, "///", None]
    assert "> 340,000" in texts(ax)
    assert "600,000" in texts(ax)


def test_stacked_bars_ignore_qualifier_unless_asked(ax):
    data = PARTS.assign(qualifier=["exact", "more_than", "exact"])
    plotting.plot_stacked_bars(data, ax=ax)
    assert all(b.get_hatch() is None for b in bars(ax))
    assert "340,000" in texts(ax)


# ----------------------------------------------------------------------------------
# add_usd_axis


def test_usd_axis_converts_at_the_rate(ax):
    ax.set_xlim(0, 70_467)
    usd = plotting.add_usd_axis(ax, rate=7.0467)
    ax.figure.canvas.draw()
    assert usd.get_xlabel() == "US dollars (at 7.0467 yuan per dollar)"
    assert usd.get_xlim() == pytest.approx((0, 10_000))
    assert "10,000" in [t.get_text() for t in usd.get_xticklabels()]


def test_usd_axis_on_y_takes_a_label(ax):
    usd = plotting.add_usd_axis(ax, rate=7.0, axis="y", label="USD")
    assert usd.get_ylabel() == "USD"


def test_usd_axis_rejects_an_unknown_axis(ax):
    with pytest.raises(ValueError, match="axis must be 'x' or 'y', not 'z'"):
        plotting.add_usd_axis(ax, rate=7.0, axis="z")


# ----------------------------------------------------------------------------------
# plot_claim_map


def test_claim_map_places_every_claim_at_its_figure(ax):
    claims, sentences = load("claims"), load("sentences")
    plotting.plot_claim_map(claims, sentences=sentences, ax=ax)
    markers = [line for line in ax.lines if line.get_marker() != "None"]
    assert len(markers) == len(claims)
    xs = sorted(float(line.get_xdata()[0]) for line in markers)
    assert xs == sorted(claims.figure_start.astype(float))
    labels = [a.get_text() for a in ax.texts if a.get_rotation() == 90]
    assert sorted(labels) == sorted(claims.figure)


def test_claim_map_rows_paragraphs_and_sentence_ticks(ax):
    claims, sentences = load("claims"), load("sentences")
    plotting.plot_claim_map(claims, sentences=sentences, ax=ax)
    assert rows_top_down(ax) == ["shajuan", "hema"]
    names = [t.get_text() for t in ax.texts if t.get_rotation() == 0]
    assert names == ["title", "¶1", "¶2", "¶3", "¶4"]
    segments = [len(c.get_segments()) for c in ax.collections]
    assert len(sentences) in segments  # one tick per sentence
    assert ax.get_xlim() == (0, int(sentences.char_end.max()))
    assert "character offset" in ax.get_xlabel()


def test_claim_map_lower_bounds_get_open_markers(ax):
    claims = load("claims")
    plotting.plot_claim_map(claims, sentences=load("sentences"), ax=ax)
    markers = [line for line in ax.lines if line.get_marker() != "None"]
    open_markers = [m for m in markers if m.get_markerfacecolor() == "white"]
    assert len(open_markers) == int(claims.is_lower_bound.sum())
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["exact", "lower bound (超, 多)"]


def test_stacked_bars_put_narrow_parts_in_a_legend_and_shade_neighbours(ax):
    data = pd.DataFrame({"label": ["county", "village", "village"],
                         "part": ["all", "high-quality", "organic"],
                         "value": [116_600, 1_500, 200],
                         "model": ["county", "hema", "hema"]})
    plotting.plot_stacked_bars(data, segment="part", ax=ax)
    assert "all" in texts(ax) and "organic" not in texts(ax)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["high-quality", "organic"]
    village = [matplotlib.colors.to_hex(b.get_facecolor()) for b in bars(ax)[1:]]
    assert village[0] == plotting.MODEL_COLORS["hema"] and village[1] != village[0]
