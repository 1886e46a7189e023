"""gyantse.figures: a chart's title, alt text and source line, read from the figure."""

import matplotlib.pyplot as plt
import pandas as pd

from gyantse import figures, plotting


def bars() -> pd.DataFrame:
    return pd.DataFrame({"label": ["scarves", "dolls"], "value": [500, 120_000],
                         "qualifier": ["exact", "more_than"]})


def test_describe_reads_title_labels_values_and_source():
    with plotting.theme():
        fig, ax = plt.subplots()
        plotting.plot_bounded_bars(bars(), label="label", value="value",
                                   unit_label="pieces", ax=ax)
        plotting.figure_title(fig, "Two orders")
        plotting.footer(fig, "Source: 中国西藏网 (China Tibet Online)")
        fig.canvas.draw()
        described = figures.describe(fig)
    plt.close(fig)
    assert described["title"] == "Two orders"
    assert described["alt"] == ("Chart: Two orders. pieces: scarves: 500; "
                                "dolls: > 120,000.")
    assert described["source"] == "Source: 中国西藏网 (China Tibet Online)"


def test_describe_falls_back_to_axes_titles_and_limits_the_length():
    fig, (left, right) = plt.subplots(1, 2)
    left.set_title("Left panel")
    right.set_title("Right panel")
    labels = [f"category {i}" for i in range(200)]
    left.set_yticks(range(200), labels)
    fig.canvas.draw()
    described = figures.describe(fig)
    plt.close(fig)
    assert described["title"] == "Left panel; Right panel"
    assert len(described["alt"]) <= figures.ALT_LIMIT + 1
    assert described["alt"].endswith("…")


def test_show_described_changes_nothing_outside_ipython():
    assert figures.show_described() is False
