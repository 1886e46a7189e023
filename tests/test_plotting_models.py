"""Plot helpers of the model notebooks (03, 04), tested on the state of the Axes."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from gyantse import plotting
from gyantse.analysis import income_grid

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


def test_sensitivity_draws_one_line_per_group_and_a_reference():
    grid = income_grid(4000, workers=[10, 30, 50], months=[3, 12])
    ax = plotting.plot_sensitivity(
        grid, x="workers", y="total_cny", group="months", reference=340_000,
        reference_label="reported, 340,000 yuan", group_label="{} months",
        xlabel="trainees at work (persons)", ylabel="combined increase (yuan)")
    lines = _markers(ax)
    assert len(lines) == 2
    assert [len(line.get_xdata()) for line in lines] == [3, 3]
    assert list(lines[1].get_ydata()) == [480_000, 1_440_000, 2_400_000]
    (reference,) = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert list(reference.get_ydata()) == [340_000, 340_000]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["3 months",
                                                                  "12 months"]
    assert [t.get_text() for t in ax.texts] == ["reported, 340,000 yuan"]
    assert ax.get_xlabel() == "trainees at work (persons)"
    assert ax.get_ylabel() == "combined increase (yuan)"


def test_sensitivity_labels_default_to_columns_and_reference_is_optional():
    grid = income_grid(4000, workers=[10, 20], months=[6])
    ax = plotting.plot_sensitivity(grid, x="workers", y="total_cny", group="months")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("workers", "total_cny")
    assert len(ax.get_lines()) == 1 and len(ax.texts) == 0
    ax.figure.canvas.draw()
    assert "," in "".join(t.get_text() for t in ax.get_yticklabels())


def test_new_helpers_are_public():
    assert {"plot_money_ladder", "plot_sensitivity"} <= set(plotting.__all__)
