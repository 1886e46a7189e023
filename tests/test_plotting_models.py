"""Plot helpers of the model notebooks (03, 04), tested on the state of the Axes."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from gyantse import plotting

RATE = 7.0467


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def money():
    return pd.DataFrame({
        "label": ["live stream, one day", "supply to Hema", "processing base",
                  "trainees, one year"],
        "value": [150_000.0, 600_000.0, 44_000_000.0, 2_400_000.0],
        "qualifier": ["exact", "exact", "exact", "exact"],
        "model": ["shajuan", "hema", "hema", "shajuan"],
        "derived": [False, False, False, True],
    })


def _markers(ax):
    return [line for line in ax.get_lines() if line.get_marker() not in ("", "None")]


def test_money_ladder_draws_one_marker_per_row_sorted_by_value(money):
    ax = plotting.plot_money_ladder(money, derived="derived")
    assert len(_markers(ax)) == 4
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == ["live stream, one day", "supply to Hema", "trainees, one year *",
                     "processing base"]
    assert ax.get_xscale() == "log"
    assert ax.get_xlabel() == "yuan (CNY), log scale"


def test_money_ladder_marks_derived_rows_in_grey_and_legend(money):
    ax = plotting.plot_money_ladder(money, derived="derived")
    colors = {t.get_text(): t.get_color() for t in ax.get_yticklabels()}
    assert colors["trainees, one year *"] == "#666666"
    assert colors["supply to Hema"] != "#666666"
    # the typeface has no italic, so no label asks for one
    assert {t.get_fontstyle() for t in ax.get_yticklabels()} == {"normal"}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-1] == "* derived (computed here,\nnot reported)"
    assert "hema" in legend and "shajuan" in legend
    assert ax.get_legend().get_bbox_to_anchor().x0 > ax.bbox.x1  # right of the plot


def test_money_ladder_without_derived_column_adds_no_mark(money):
    ax = plotting.plot_money_ladder(money.drop(columns="derived"))
    assert not any(t.get_text().endswith("*") for t in ax.get_yticklabels())
    assert not any("derived" in t.get_text() for t in ax.get_legend().get_texts())
    assert money["label"].tolist()[0] == "live stream, one day"  # input untouched


def test_money_ladder_adds_a_dollar_axis_on_top(money):
    _, ax = plt.subplots()
    assert plotting.plot_money_ladder(money, usd_rate=RATE, ax=ax) is ax
    (secondary,) = ax.child_axes
    assert secondary.get_xlabel() == f"US dollars (at {RATE} yuan per dollar)"
    plt.gcf().canvas.draw()
    left, _ = ax.get_xlim()
    assert secondary.get_xlim()[0] == pytest.approx(left / RATE)
    labels = [t.get_text() for t in secondary.get_xticklabels() if t.get_text()]
    assert "1,000,000" in labels and "2,000,000" not in labels  # decades on a log axis


def test_money_ladder_has_no_dollar_axis_without_a_rate(money):
    ax = plotting.plot_money_ladder(money)
    assert ax.child_axes == []


def test_new_helpers_are_public():
    assert "plot_money_ladder" in set(plotting.__all__)
