"""Charts as notebook outputs: a PNG at twice the resolution, with a description.

In a notebook, :func:`show_described` makes every matplotlib figure display as a
PNG drawn at twice the figure's dpi (shown at its normal size, so it stays sharp
on high-density screens) whose output metadata carries the chart's title, an alt
text read from what the chart shows (titles, category labels and the value
written beside each bar) and its source line. The site turns these into the
image's ``alt``, its caption and a source line set as text.
"""

from collections.abc import Iterable

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

__all__ = ["describe", "show_described"]

#: Longest alt text, in characters; a longer reading is cut at a separator.
ALT_LIMIT = 700


def _clean(text: str) -> str:
    return " ".join(text.replace("$", "").split())


def _title(fig: Figure) -> str:
    """Return the figure's own title, else its Axes' titles joined."""
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text().strip():
        return _clean(suptitle.get_text())
    titles = [_axes_title(ax) for ax in fig.axes]
    return "; ".join(t for t in titles if t)


def _axes_title(ax: Axes) -> str:
    parts = (ax.get_title(loc) for loc in ("left", "center", "right"))
    return " ".join(_clean(p) for p in parts if p.strip())


def _y(ax: Axes, text: Text) -> float | None:
    """Return where a text points to on the data's y axis, if it does."""
    if isinstance(text, Annotation) and text.xycoords == "data":
        return float(text.xy[1])
    if text.get_transform() == ax.transData:
        return float(text.get_position()[1])
    return None


def _values(ax: Axes) -> list[str]:
    """Each category label with the text written on its row, top to bottom."""
    ticks = [(float(t.get_position()[1]), _clean(t.get_text()))
             for t in ax.get_yticklabels() if t.get_text().strip()]
    texts = [(_y(ax, t), _clean(t.get_text())) for t in ax.texts
             if t.get_text().strip()]
    rows = []
    for y, label in sorted(ticks, key=lambda item: -item[0]):
        written = [text for ty, text in texts
                   if ty is not None and abs(ty - y) < 0.45]
        rows.append(f"{label}: {', '.join(written)}" if written else label)
    return rows


def _panels(fig: Figure, title: str) -> Iterable[str]:
    for ax in fig.axes:
        if not ax.get_visible() or not (ax.get_yticklabels() or ax.texts):
            continue
        heading = _axes_title(ax)
        rows = _values(ax)
        if not rows:
            continue
        axis = _clean(ax.get_xlabel())
        head = heading if heading and heading not in title else ""
        if axis:
            head = f"{head} ({axis})" if head else axis
        yield f"{head}: {'; '.join(rows)}" if head else "; ".join(rows)


def _footer(fig: Figure) -> str:
    suptitle = getattr(fig, "_suptitle", None)
    return " ".join(_clean(t.get_text()) for t in fig.texts
                    if t is not suptitle and t.get_text().strip())


def describe(fig: Figure) -> dict[str, str]:
    """Return the title, an alt text and the source line of a drawn figure.

    The alt text starts with the title and goes on with each panel's category
    labels and the values written beside them, as the chart shows them.
    """
    title = _title(fig)
    panels = list(_panels(fig, title))
    alt = ". ".join(p for p in [f"Chart: {title}" if title else "Chart", *panels]
                    if p)
    if len(alt) > ALT_LIMIT:
        cut = alt.rfind("; ", 0, ALT_LIMIT - 1)
        alt = alt[:cut if cut > 0 else ALT_LIMIT - 1] + "…"
    return {"title": title, "alt": alt + ("" if alt.endswith((".", "…")) else "."),
            "source": _footer(fig)}


def _png_described(fig: Figure) -> tuple[str, dict] | None:
    """Return a PNG at twice the dpi, with its display size and description.

    Returns None for a figure with nothing drawn, as matplotlib's own formatter.
    """
    from IPython.core.pylabtools import retina_figure

    drawn = retina_figure(fig, base64=True)
    if drawn is None:
        return None
    png, size = drawn
    return png, {**size, **describe(fig)}


def show_described() -> bool:
    """Display figures as described double-resolution PNGs in this IPython session.

    Returns False (and changes nothing) outside IPython.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    import importlib

    import matplotlib

    # load the backend now: the inline backend sets its own formatters as it loads
    backend = matplotlib.get_backend()
    if backend.startswith("module://"):
        importlib.import_module(backend.removeprefix("module://"))
    _use_described()
    # the inline backend sets its own formatters once the first cell has run;
    # set this one again after every cell, after the backend's own hook
    if _use_described not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", _use_described)
    return True


def _use_described(*_, shell=None) -> None:
    from IPython import get_ipython

    shell = shell or get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Figure,
                                                                 _png_described)
