"""Charts for the notebooks and the site, after seaborn's contract.

Every function takes data and keyword options, draws on ``ax`` (a new Axes when
None) and returns the Axes. Styling comes from :func:`theme`, which draws all
text with the shipped typeface (:mod:`gyantse.typeface`), so that charts render
Chinese, and render it the same, whatever fonts the machine has.
Lower bounds (超, 多) are drawn open-ended, never as exact bars. Source lines are
generated from the provenance records, never typed by hand.
"""

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from gyantse import typeface
from gyantse.provenance import source

__all__ = [
    "MODEL_COLORS",
    "NEUTRAL",
    "QUALIFIER_STYLE",
    "QualifierStyle",
    "add_usd_axis",
    "figure_title",
    "footer",
    "plot_bounded_bars",
    "plot_claim_map",
    "plot_stacked_bars",
    "register_font",
    "source_line",
    "theme",
    "use_theme",
]

#: The colour of what belongs to no model: axes, legend keys, plain bars.
NEUTRAL = "#4d4d4d"


@dataclass(frozen=True, slots=True)
class QualifierStyle:
    """How figures of one qualifier are drawn: marker, fill, prefix and legend label.

    Only an exact figure gets a filled marker: a bound, an approximation or a
    forecast gets an open one, so that it never reads as an exact amount. (Bars
    are drawn open only for lower bounds; see :func:`plot_bounded_bars`.)
    """

    marker: str
    filled: bool
    prefix: str
    label: str

    def face(self, color: str) -> str:
        """Return the marker fill: ``color`` for an exact figure, else white."""
        return color if self.filled else "white"

    def key(self, color: str = NEUTRAL) -> plt.Line2D:
        """Return a legend entry for this qualifier."""
        return plt.Line2D([], [], linestyle="none", marker=self.marker, color=color,
                          markerfacecolor=self.face(color), label=self.label)


#: How each qualifier of the registry (gyantse.registry.VOCABULARIES) is drawn.
QUALIFIER_STYLE = MappingProxyType({
    "exact": QualifierStyle("o", True, "", "exact"),
    "more_than": QualifierStyle(">", False, "> ", "lower bound (超, 多)"),
    "less_than": QualifierStyle("<", False, "< ", "upper bound (不足, 不到)"),
    "approximately": QualifierStyle("D", False, "≈ ", "approximate (近, 約)"),
    "recent": QualifierStyle("|", False, "recent ", "recent window (近…年)"),
    "expected": QualifierStyle("s", False, "exp. ", "expected (預計)"),
})
#: The colour of each model of the registry.
MODEL_COLORS = MappingProxyType({"shajuan": "#8c2d04", "hema": "#2b8c3e",
                                 "county": NEUTRAL, "context": "#6a51a3"})


def _qualifier_keys(present: Iterable[str]) -> list[plt.Line2D]:
    """Legend entries for the qualifiers in ``present``, in the registry's order."""
    present = set(present)
    return [s.key() for q, s in QUALIFIER_STYLE.items() if q in present]


def register_font() -> str:
    """Make matplotlib find the shipped typeface first; return its family name."""
    return typeface.register_for_matplotlib()


def _rc() -> dict:
    # One family, shipped in both weights the theme uses (normal and bold) and
    # no italic, so that matplotlib never falls back to a font of the system.
    return {
        "font.family": [register_font()],
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
    """Apply the project's chart style for the rest of the session (notebooks).

    In IPython, figures then display as described, sharp PNGs
    (:func:`gyantse.figures.show_described`).
    """
    from gyantse.figures import show_described

    mpl.rcParams.update(_rc())
    show_described()


def source_line(claim_ids: Sequence[str] = (), ref_ids: Sequence[str] = (),
                context: pd.DataFrame | None = None) -> str:
    """Compose a chart's source line from the provenance records.

    Names the article with its required attribution, the claim ids drawn and, for
    every external fact used, its outlet, title and date from the context table;
    a fact whose ``verification`` there is ``unverified`` (its source's words are not
    stored, or the consulted copy shows no headline or date) is cited with
    "(unverified)" after it.
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
        cited = dict.fromkeys(
            ", ".join(str(part) for part in (r.outlet, r.title, r.date)
                      if isinstance(part, str) and part)
            + (" (unverified)" if r.verification == "unverified" else "")
            for r in rows.itertuples()
        )
        parts.append("External: " + "; ".join(cited))
    parts.append(f"Copyright of the article: {record.copyright_holder_zh}.")
    return "\n".join(parts)


FOOTER_SIZE = 7  # points
# The average advance of a character of the typeface, in ems: a Latin letter
# takes about half an em, a Chinese character a whole one.
_NARROW_EM, _WIDE_EM = 0.5, 1.0


def _advance(text: str) -> float:
    """Return the width of ``text`` in ems, counting wide characters double."""
    return sum(_WIDE_EM if unicodedata.east_asian_width(c) in "WF" else _NARROW_EM
               for c in text)


def wrap_to_width(text: str, width_em: float) -> str:
    """Break each line of ``text`` between words so it fits ``width_em`` ems.

    >>> wrap_to_width("aaaa bbbb cccc", 4).splitlines()
    ['aaaa', 'bbbb', 'cccc']
    >>> wrap_to_width("中国西藏网 tibet", 6).splitlines()
    ['中国西藏网', 'tibet']
    """
    lines = []
    for line in text.splitlines() or [""]:
        current = ""
        for word in line.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and _advance(candidate) > width_em:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return "\n".join(lines)


def footer(fig: Figure, text: str) -> None:
    """Write a source line under a figure, small and left-aligned.

    The text is broken into lines here, once, to the figure's width, rather than
    by matplotlib at every draw.
    """
    width_em = fig.get_figwidth() * 72 / FOOTER_SIZE
    fig.text(0.0, -0.01, wrap_to_width(text, width_em), ha="left", va="top",
             fontsize=FOOTER_SIZE, color="#555555")


def figure_title(fig: Figure, text: str) -> None:
    """Write a chart's title at the figure's top left, clear of long tick labels.

    An Axes title starts where the Axes starts, so long category labels push it
    to the right; this one starts at the figure's left edge, in the theme's style.
    """
    fig.suptitle(text, x=0.0, ha="left", fontsize=mpl.rcParams["axes.titlesize"],
                 fontweight=mpl.rcParams["axes.titleweight"])


def _axes(ax: Axes | None) -> Axes:
    return plt.figure().add_subplot() if ax is None else ax


def plot_bounded_bars(data: pd.DataFrame, *, label: str, value: str,
                      qualifier: str = "qualifier", color: str | None = None,
                      unit_label: str = "", fmt: str = "{:,.0f}",
                      unit: str | None = None, ax: Axes | None = None) -> Axes:
    """Horizontal bars whose lower bounds are drawn open-ended.

    An exact figure is a solid bar; a ``more_than`` figure is a hatched bar with an
    arrow past its end and a ``>`` label, so it does not read as an exact amount.
    With ``unit``, the text of that column follows each bar's value, for bars
    whose units differ.
    """
    ax = _axes(ax)
    rows = data.reset_index(drop=True)
    y = range(len(rows))[::-1]
    colors = [color or NEUTRAL] * len(rows)
    lower = rows[qualifier].eq("more_than").tolist()
    bars = ax.barh(list(y), rows[value].astype(float), color=colors,
                   edgecolor=colors, linewidth=1.2)
    span = float(rows[value].max())
    units = rows[unit].tolist() if unit is not None else [None] * len(rows)
    for bar, is_lower, q, v, u in zip(bars, lower, rows[qualifier], rows[value],
                                      units, strict=True):
        end = bar.get_width()
        if is_lower:
            bar.set_facecolor("white")
            bar.set_hatch("///")
            ax.annotate("", xy=(end + span * 0.08, bar.get_y() + bar.get_height() / 2),
                        xytext=(end, bar.get_y() + bar.get_height() / 2),
                        arrowprops={"arrowstyle": "->", "color": bar.get_edgecolor()})
        text = QUALIFIER_STYLE[q].prefix + fmt.format(float(v))
        if u is not None:
            text += f" {u}"
        ax.text(end + span * (0.1 if is_lower else 0.01),
                bar.get_y() + bar.get_height() / 2, text, va="center", fontsize=9)
    ax.set_yticks(list(y), rows[label].tolist())
    ax.set_xlim(0, span * 1.3)
    ax.set_xlabel(unit_label)
    return ax


def add_usd_axis(ax: Axes, *, rate: float, axis: str = "x",
                 label: str | None = None) -> Axes:
    """Add a secondary axis in US dollars at ``rate`` yuan per dollar.

    The axis (on top for ``"x"``, on the right for ``"y"``) converts the yuan
    values of ``ax``; it is returned so that its ticks can be adjusted.
    """
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', not {axis!r}.")

    def to_usd(cny):
        return cny / rate

    def to_cny(usd):
        return usd * rate

    label = label or f"US dollars (at {rate} yuan per dollar)"
    if axis == "x":
        secondary = ax.secondary_xaxis("top", functions=(to_usd, to_cny))
        secondary.set_xlabel(label)
    else:
        secondary = ax.secondary_yaxis("right", functions=(to_usd, to_cny))
        secondary.set_ylabel(label)
    scale = getattr(secondary, f"{axis}axis")
    scale.set_major_formatter(mpl.ticker.StrMethodFormatter("{x:,.0f}"))
    is_log = getattr(ax, f"get_{axis}scale")() == "log"
    scale.set_major_locator(mpl.ticker.LogLocator() if is_log
                            else mpl.ticker.MaxNLocator(nbins=6))
    return secondary


def _lighter(color: str, amount: float) -> tuple[float, float, float]:
    """``color`` mixed with white: 0 keeps it, 1 gives white."""
    r, g, b = mpl.colors.to_rgb(color)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


_SHADES = (0.0, 0.45, 0.7, 0.25, 0.6)


def plot_stacked_bars(data: pd.DataFrame, *, label: str = "label",
                      value: str = "value", segment: str | None = None,
                      group: str = "model", qualifier: str | None = None,
                      unit_label: str = "", fmt: str = "{:,.0f}",
                      ax: Axes | None = None) -> Axes:
    """Horizontal bars made of parts, one bar per ``label``, top to bottom.

    Rows that share a ``label`` stack left to right in the order given. Each part
    takes the colour of its ``group`` (see ``MODEL_COLORS``); neighbouring parts of
    one group get lighter shades so that they stay apart. A part wide enough shows
    its ``segment`` name inside; the names of parts too narrow to hold them go in a
    legend right of the plot, keyed by their shade, so that every named part is
    identified. Each
    bar's total is written past its end. With ``qualifier``, a ``more_than`` part
    is drawn open and hatched as in :func:`plot_bounded_bars`, and its bar's total
    reads as a lower bound (>).
    """
    ax = _axes(ax)
    rows = data.reset_index(drop=True)
    labels = list(dict.fromkeys(rows[label]))
    y = {name: len(labels) - 1 - i for i, name in enumerate(labels)}
    ends, lower = dict.fromkeys(labels, 0.0), dict.fromkeys(labels, False)
    shade = {name: {} for name in labels}
    span = float(rows.groupby(label, sort=False)[value].sum().max())
    keyed: dict[str, mpl.patches.Patch] = {}
    for _, row in rows.iterrows():
        name, width = row[label], float(row[value])
        base = MODEL_COLORS.get(row[group], NEUTRAL)
        step = shade[name].setdefault(row[group], 0)
        shade[name][row[group]] += 1
        color = _lighter(base, _SHADES[step % len(_SHADES)])
        is_lower = qualifier is not None and row[qualifier] == "more_than"
        ax.barh(y[name], width, left=ends[name], linewidth=1.2,
                color="white" if is_lower else color,
                edgecolor=color if is_lower else "white",
                hatch="///" if is_lower else None)
        text = "" if segment is None else str(row[segment])
        if text and width >= span * max(0.1, 0.015 * len(text)):
            dark = sum(_lighter(base, _SHADES[step % len(_SHADES)])) < 1.8
            ax.text(ends[name] + width / 2, y[name], text,
                    ha="center", va="center", fontsize=8,
                    color=color if is_lower else ("white" if dark else "#222222"),
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1}
                    if is_lower else None)
        elif text:
            keyed.setdefault(text, mpl.patches.Patch(
                facecolor="white" if is_lower else color, edgecolor=color,
                hatch="///" if is_lower else None, label=text))
        ends[name] += width
        lower[name] |= is_lower
    for name in labels:
        prefix = QUALIFIER_STYLE["more_than"].prefix if lower[name] else ""
        ax.text(ends[name] + span * 0.01, y[name], prefix + fmt.format(ends[name]),
                va="center", fontsize=9)
    ax.set_yticks(list(y.values()), labels)
    ax.set_xlim(0, span * 1.22)
    ax.set_xlabel(unit_label)
    ax.xaxis.set_major_formatter(mpl.ticker.StrMethodFormatter("{x:,.0f}"))
    if keyed:
        ax.legend(handles=list(keyed.values()), loc="upper left",
                  bbox_to_anchor=(1.01, 1.0), fontsize=8,
                  title="parts too narrow\nto label", title_fontsize=8)
    return ax


def plot_claim_map(claims: pd.DataFrame, *, sentences: pd.DataFrame,
                   ax: Axes | None = None) -> Axes:
    """Where each claim sits in the article, by character offset and model.

    ``sentences`` is the ``sentences`` dataset: its paragraphs become alternately
    shaded bands named above the plot (title, ¶1 …) and its sentence starts ticks
    along the bottom. Each claim of ``claims`` is drawn on its model's row as the
    span of its quote, with a marker at its figure (shape by qualifier, colour by
    model) labelled with the figure as printed, alternately above and below.
    """
    ax = _axes(ax)
    present = set(claims["model"])
    models = [m for m in MODEL_COLORS if m in present]
    models += sorted(present - set(models))
    row_of = {m: len(models) - 1 - i for i, m in enumerate(models)}
    paragraphs = sentences.groupby("paragraph").agg(
        start=("char_start", "min"), end=("char_end", "max"))
    for number, (start, end) in paragraphs.iterrows():
        if number % 2:
            ax.axvspan(start, end, color="#eeeeee", zorder=0, linewidth=0)
        ax.text((start + end) / 2, len(models) - 0.25,
                "title" if number == 0 else f"¶{number}", ha="center",
                va="bottom", fontsize=8, color="#555555")
    ax.vlines(sentences["char_start"], -0.7, -0.55, color="#888888", linewidth=0.8)
    ordered = claims.sort_values("figure_start").reset_index(drop=True)
    for i, claim in ordered.iterrows():
        y, color = row_of[claim["model"]], MODEL_COLORS.get(claim["model"], NEUTRAL)
        style = QUALIFIER_STYLE[claim["qualifier"]]
        ax.hlines(y, claim["char_start"], claim["char_end"], color=color,
                  linewidth=3, alpha=0.35)
        ax.plot(claim["figure_start"], y, linestyle="none", marker=style.marker,
                markersize=7, color=color, markerfacecolor=style.face(color))
        up = i % 2 == 0
        ax.annotate(claim["figure"], (claim["figure_start"], y),
                    xytext=(0, 7 if up else -7), textcoords="offset points",
                    rotation=90, ha="center", va="bottom" if up else "top",
                    fontsize=7, color=color)
    ax.set_yticks(list(row_of.values()), list(row_of))
    ax.set_ylim(-0.75, len(models) - 0.05)
    ax.set_xlim(0, int(sentences["char_end"].max()))
    ax.set_xlabel("character offset in the cleaned article (zh-Hant); "
                  "ticks at the bottom mark sentence starts")
    ax.legend(handles=_qualifier_keys(claims["qualifier"]), loc="center left")
    return ax
