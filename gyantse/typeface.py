"""The typeface the package ships, and the one every chart and page draws with.

*Gyantse CJK* is a subset of Noto Sans CJK SC 2.004 (SIL Open Font License 1.1) in
Regular and Bold, renamed so that no system font can share its family name. It
holds Latin, the punctuation and symbols of the charts, every GB 2312 character,
their traditional forms and every character of the project's own text, so charts
need no other font: they draw the same on a machine with no CJK font as on one
with Debian's ``fonts-noto-cjk``.

:func:`register_for_matplotlib` makes the shipped files the ones matplotlib finds
first under that family, whatever the system has. :func:`subset_woff2` cuts a
web font for the site. :func:`make_shipped_subsets` rebuilds the shipped files
from Noto Sans CJK (``python -m gyantse fonts``); it is for maintainers.
"""

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from gyantse import config

__all__ = [
    "FAMILY",
    "FILES",
    "coverage",
    "make_shipped_subsets",
    "register_for_matplotlib",
    "subset_woff2",
]

FAMILY = "Gyantse CJK"
FONT_DIR = config.PACKAGE_DIR / "fonts"
#: The shipped files by matplotlib weight name.
FILES = {
    "normal": FONT_DIR / "GyantseCJK-Regular.otf",
    "bold": FONT_DIR / "GyantseCJK-Bold.otf",
}
LICENCE = FONT_DIR / "OFL.txt"

# Code point ranges kept beside the Chinese characters: Latin, general
# punctuation, letter-like symbols, arrows, mathematical operators, enclosed
# numerals, CJK punctuation and full-width forms.
_RANGES = (
    (0x0020, 0x007E), (0x00A0, 0x017F), (0x02C6, 0x02DD), (0x2000, 0x206F),
    (0x20AC, 0x20AC), (0x2100, 0x215F), (0x2190, 0x21FF), (0x2200, 0x22FF),
    (0x2460, 0x24FF), (0x25A0, 0x25FF), (0x3000, 0x303F), (0xFF00, 0xFFEF),
)
# Where the sources of the subset sit in Debian's fonts-noto-cjk, and the face
# of each collection that is Simplified Chinese.
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
NOTO_FILES = {"normal": "NotoSansCJK-Regular.ttc", "bold": "NotoSansCJK-Bold.ttc"}
NOTO_SC_FACE = "Noto Sans CJK SC"


def register_for_matplotlib() -> str:
    """Make matplotlib draw the family with the shipped files; return its name.

    The files are added once and moved to the front of matplotlib's font list,
    so a system font that claims the same family can never be chosen instead.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    shipped = {str(path) for path in FILES.values()}
    known = {entry.fname for entry in manager.ttflist}
    for path in sorted(shipped - known):
        manager.addfont(path)
    ours = [entry for entry in manager.ttflist if entry.fname in shipped]
    if manager.ttflist[: len(ours)] != ours:
        manager.ttflist[:] = ours + [e for e in manager.ttflist
                                     if e.fname not in shipped]
        manager._findfont_cached.cache_clear()
    return FAMILY


@cache
def coverage() -> frozenset[int]:
    """Return the code points both shipped weights can draw."""
    from fontTools.ttLib import TTFont

    maps = [set(TTFont(path, lazy=True).getBestCmap()) for path in FILES.values()]
    return frozenset(set.intersection(*maps))


#: Web fonts already cut, by the digest of the face and the characters asked for.
CACHE_DIR = config.ROOT / ".cache" / "fonts"


def subset_woff2(characters: Iterable[str], target: Path,
                 weight: str = "normal") -> None:
    """Write the shipped face of ``weight`` cut to ``characters`` as WOFF2.

    A cut already made for the same face and characters is copied from
    :data:`CACHE_DIR` instead of made again (WOFF2 compression takes seconds).
    """
    import hashlib
    import shutil

    from fontTools import subset
    from fontTools.ttLib import TTFont

    from gyantse._atomic import write_bytes

    wanted = "".join(sorted(set(characters)))
    digest = hashlib.sha256(FILES[weight].read_bytes())
    digest.update(wanted.encode("utf-8", "surrogatepass"))
    entry = CACHE_DIR / f"{digest.hexdigest()[:32]}.woff2"
    target.parent.mkdir(parents=True, exist_ok=True)
    if entry.is_file():
        shutil.copyfile(entry, target)
        return

    options = subset.Options()
    options.flavor = "woff2"
    options.notdef_outline = True
    options.desubroutinize = True
    font = TTFont(FILES[weight], recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in wanted})
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(target)
    try:  # a cache that cannot be written only costs time
        write_bytes(entry, target.read_bytes())
    except OSError:
        pass


def _project_characters() -> set[int]:
    """Return every character of the sources, annotations, notebooks and README."""
    paths = [config.RAW_ARTICLE, config.ROOT / "README.md",
             *sorted(config.RAW_DIR.glob("**/*.txt")),
             *sorted(config.ANNOTATIONS_DIR.glob("*.yml")),
             *sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))]
    return {ord(c) for path in paths if path.exists()
            for c in path.read_text(encoding="utf-8")}


def _wanted() -> set[int]:
    """Return the code points wanted in the shipped subset, before coverage."""
    from opencc import OpenCC

    gb2312 = set()
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                gb2312.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    traditional = OpenCC("s2t").convert("".join(sorted(gb2312)))
    wanted = {ord(c) for c in gb2312 | set(traditional)} | _project_characters()
    for low, high in _RANGES:
        wanted.update(range(low, high + 1))
    return wanted


def _rename(font, weight: str) -> None:
    """Give a subset the family name of the package, keeping the licence text."""
    style = "Bold" if weight == "bold" else "Regular"
    names = {1: FAMILY, 2: style, 3: f"{FAMILY.replace(' ', '')}-{style};subset",
             4: f"{FAMILY} {style}", 6: f"{FAMILY.replace(' ', '')}-{style}",
             16: FAMILY, 17: style}
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17):
            table.removeNames(nameID=record.nameID)
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)
        table.setName(text, name_id, 1, 0, 0)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [names[6]]
        top = cff.topDictIndex[0]
        top.FamilyName, top.FullName = FAMILY, names[4]


def make_shipped_subsets(source_dir: Path = NOTO_DIR) -> list[Path]:
    """Rebuild the shipped files from Noto Sans CJK (Debian's fonts-noto-cjk)."""
    from io import BytesIO

    from fontTools import subset
    from fontTools.ttLib import TTCollection

    from gyantse._atomic import write_bytes

    wanted = _wanted()
    written = []
    for weight, name in NOTO_FILES.items():
        collection = TTCollection(source_dir / name)
        font = next(f for f in collection.fonts
                    if f["name"].getDebugName(1) == NOTO_SC_FACE)
        options = subset.Options()
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted & set(font.getBestCmap()))
        subsetter.subset(font)
        _rename(font, weight)
        font.recalcTimestamp = False
        buffer = BytesIO()
        font.save(buffer)
        write_bytes(FILES[weight], buffer.getvalue())
        written.append(FILES[weight])
    coverage.cache_clear()
    return written
