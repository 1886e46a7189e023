"""Run a notebook's kernel as if the machine had other fonts, and log the fonts used.

Two situations a reader's machine can be in, set up for real inside the kernel
before any notebook code runs (an IPython start-up file):

- ``none``: matplotlib finds no system font at all, only its own files;
- ``decoy``: the system has fonts that claim the shipped family name (and Noto
  Sans CJK SC's) in both weights, drawn from other outlines, so a chart that used
  them would differ.

Every font file the Agg renderer opens is appended to a log file.
"""

import json
from pathlib import Path

import matplotlib
from fontTools.ttLib import TTFont

from gyantse import typeface

MODES = ("none", "decoy")

_STARTUP = '''
import json, os
import matplotlib.font_manager as fm
import matplotlib.backends.backend_agg as agg

_mode = os.environ["GYANTSE_FONT_MODE"]
_decoys = json.loads(os.environ["GYANTSE_FONT_DECOYS"])
_system = fm.findSystemFonts

def _only(fontpaths=None, fontext="ttf"):
    if fontpaths is not None:  # matplotlib's own fonts
        return _system(fontpaths, fontext)
    return list(_decoys) if _mode == "decoy" else []

fm.findSystemFonts = _only
vars(fm.fontManager).update(vars(fm.FontManager()))
fm.findSystemFonts = _system

_log = os.environ["GYANTSE_FONT_LOG"]
_get_font = agg.get_font

def _logged(paths, *args, **kwargs):
    with open(_log, "a", encoding="utf-8") as handle:
        handle.write("".join(f"{path}\\n" for path in paths))
    return _get_font(paths, *args, **kwargs)

agg.get_font = _logged
'''


def decoys(folder: Path) -> list[Path]:
    """Write DejaVu outlines renamed to the shipped family and to Noto's."""
    mpl_fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for family in (typeface.FAMILY, "Noto Sans CJK SC"):
        for style, source in (("Regular", "DejaVuSans.ttf"),
                              ("Bold", "DejaVuSans-Bold.ttf")):
            font = TTFont(mpl_fonts / source)
            names = font["name"]
            for name_id, text in ((1, family), (2, style), (4, f"{family} {style}"),
                                  (6, f"Decoy-{style}"), (16, family), (17, style)):
                names.setName(text, name_id, 3, 1, 0x409)
                names.setName(text, name_id, 1, 0, 0)
            target = folder / f"decoy-{family.replace(' ', '')}-{style}.ttf"
            font.save(target)
            written.append(target)
    return written


def environment(mode: str, tmp: Path) -> dict[str, str]:
    """Return the variables that make a kernel started with them run in ``mode``.

    The font log is ``tmp``/fonts-opened.txt.
    """
    startup = tmp / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-fonts.py").write_text(_STARTUP, encoding="utf-8")
    (tmp / "fonts-opened.txt").write_text("", encoding="utf-8")
    found = decoys(tmp / "decoys") if mode == "decoy" else []
    return {"IPYTHONDIR": str(tmp / "ipython"), "GYANTSE_FONT_MODE": mode,
            "GYANTSE_FONT_DECOYS": json.dumps([str(p) for p in found]),
            "GYANTSE_FONT_LOG": str(tmp / "fonts-opened.txt")}


def opened(log: Path) -> set[str]:
    """Return the font files the kernel's renderer opened."""
    return {line for line in log.read_text(encoding="utf-8").splitlines() if line}
