"""Charts for the notebooks and the site, after seaborn's contract.

Every function takes data and keyword options, draws on ``ax`` (a new Axes when
None) and returns the Axes. Styling comes from :func:`theme`, which registers the
shipped CJK font so that Chinese labels render on a machine with no CJK font.
Lower bounds (超, 多) are drawn open-ended, never as exact bars. Source lines are
generated from the provenance records, never typed by hand.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from gyantse import config
from gyantse.provenance import source

__all__ = [
    "QUALIFIER_STYLE",
    "footer",
    "plot_bounded_bars",
    "plot_money_scale",
    "register_font",
    "source_line",
    "theme",
    "use_theme",
]

#: How each qualifier is drawn: marker, fill and the prefix shown beside a value.
QUALIFIER_STYLE = {
    "exact": {"marker": "o", "filled": True, "prefix": "", "label": "exact"},
    "more_than": {"marker": ">", "filled": False, "prefix": "≥ ",
                  "label": "lower bound (超, 多)"},
    "less_than": {"marker": "<", "filled": False, "prefix": "< ",
                  "label": "upper bound (不足, 不到)"},
    "approximately": {"marker": "D", "filled": False, "prefix": "≈ ",
                      "label": "approximate (近, 約)"},
    "expected": {"marker": "s", "filled": False, "prefix": "exp. ",
                 "label": "expected (預計)"},
}
MODEL_COLORS = {"shajuan": "#8c2d04", "hema": "#2b8c3e", "county": "#4d4d4d",
                "context": "#6a51a3"}


@cache
def register_font() -> str:
    """Register the shipped Noto Sans CJK SC subset with matplotlib once.

    Returns the family name to use in ``font.family``.
    """
    font_manager.fontManager.addfont(str(config.FONT_FILE))
    return config.FONT_FAMILY


def _rc() -> dict:
    return {
        "font.family": ["DejaVu Sans", register_font()],
        "figure.figsize": (8.0, 4.5),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "figure.constrained_layout.use": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 10,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "legend.fontsize": 9,
        "legend.frameon": False,
        "svg.hashsalt": "gyantse",
        "svg.fonttype": "path",
        "path.simplify": True,
    }


@contextmanager
def theme() -> Iterator[None]:
    """Apply the project's chart style inside a ``with`` block."""
    with mpl.rc_context(_rc()):
        yield


def use_theme() -> None:
    """Apply the project's chart style for the rest of the session (notebooks)."""
    mpl.rcParams.update(_rc())


def source_line(claim_ids: Sequence[str] = (), ref_ids: Sequence[str] = (),
                context: pd.DataFrame | None = None) -> str:
    """Compose a chart's source line from the provenance records.

    Names the article with its required attribution, the claim ids drawn and, for
    every external fact used, its outlet, title and date from the context table.
    """
    record = source()
    parts = [f"Source: {record.publisher_zh} ({record.publisher_en}), "
             f"{record.date_published} (date {record.date_status})"]
    if claim_ids:
        parts[0] += f"; claims {', '.join(claim_ids)}"
    if ref_ids:
        if context is None:
            from gyantse.datasets import load

            context = load("context")
        rows = context.set_index("ref_id").loc[list(ref_ids)]
        cited = dict.fromkeys(f"{r.outlet}, {r.title}, {r.date}"
                              for r in rows.itertuples())
        parts.append("External: " + "; ".join(cited))
    parts.append(f"Copyright of the article: {record.copyright_holder_zh}.")
    return "\n".join(parts)


def footer(fig: Figure, text: str) -> None:
    """Write a source line under a figure, small and left-aligned."""
    fig.text(0.0, -0.01, text, ha="left", va="top", fontsize=7, color="#555555",
             wrap=True)


def _axes(ax: Axes | None) -> Axes:
    return plt.figure().add_subplot() if ax is None else ax


def plot_bounded_bars(data: pd.DataFrame, *, label: str, value: str,
                      qualifier: str = "qualifier", color: str | None = None,
                      unit_label: str = "", fmt: str = "{:,.0f}",
                      ax: Axes | None = None) -> Axes:
    """Horizontal bars whose lower bounds are drawn open-ended.

    An exact figure is a solid bar; a ``more_than`` figure is a hatched bar with an
    arrow past its end and a ``≥`` label, so it does not read as an exact amount.
    """
    ax = _axes(ax)
    rows = data.reset_index(drop=True)
    y = range(len(rows))[::-1]
    colors = [color or "#4d4d4d"] * len(rows)
    lower = rows[qualifier].eq("more_than").tolist()
    bars = ax.barh(list(y), rows[value].astype(float), color=colors,
                   edgecolor=colors, linewidth=1.2)
    span = float(rows[value].max())
    for bar, is_lower, q, v in zip(bars, lower, rows[qualifier], rows[value],
                                   strict=True):
        end = bar.get_width()
        if is_lower:
            bar.set_facecolor("white")
            bar.set_hatch("///")
            ax.annotate("", xy=(end + span * 0.08, bar.get_y() + bar.get_height() / 2),
                        xytext=(end, bar.get_y() + bar.get_height() / 2),
                        arrowprops={"arrowstyle": "->", "color": bar.get_edgecolor()})
        text = QUALIFIER_STYLE[q]["prefix"] + fmt.format(float(v))
        ax.text(end + span * (0.1 if is_lower else 0.01),
                bar.get_y() + bar.get_height() / 2, text, va="center", fontsize=9)
    ax.set_yticks(list(y), rows[label].tolist())
    ax.set_xlim(0, span * 1.3)
    ax.set_xlabel(unit_label)
    return ax


def plot_money_scale(data: pd.DataFrame, *, label: str = "label",
                     value: str = "value", qualifier: str = "qualifier",
                     model: str = "model", ax: Axes | None = None) -> Axes:
    """Every money figure on one log scale, marker by qualifier, colour by model.

    Lower bounds get an open marker and an arrow pointing up the scale.
    """
    ax = _axes(ax)
    rows = data.sort_values(value).reset_index(drop=True)
    for i, row in rows.iterrows():
        style = QUALIFIER_STYLE[row[qualifier]]
        color = MODEL_COLORS.get(row[model], "#4d4d4d")
        ax.plot(float(row[value]), i, linestyle="none", marker=style["marker"],
                markersize=8, color=color,
                markerfacecolor=color if style["filled"] else "white")
        if row[qualifier] == "more_than":
            ax.annotate("", xy=(float(row[value]) * 2.2, i),
                        xytext=(float(row[value]) * 1.15, i),
                        arrowprops={"arrowstyle": "->", "color": color})
    ax.set_xscale("log")
    ax.set_yticks(range(len(rows)), rows[label].tolist())
    ax.set_xlabel("yuan (CNY), log scale")
    ax.grid(axis="x", which="major", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    handles = [
        plt.Line2D([], [], linestyle="none", marker=s["marker"], color="#4d4d4d",
                   markerfacecolor="#4d4d4d" if s["filled"] else "white",
                   label=s["label"])
        for q, s in QUALIFIER_STYLE.items() if q in set(rows[qualifier])
    ] + [
        plt.Line2D([], [], linestyle="none", marker="s", color=c, label=m)
        for m, c in MODEL_COLORS.items() if m in set(rows[model])
    ]
    ax.legend(handles=handles, loc="lower right")
    return ax
