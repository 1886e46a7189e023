"""Render the offline site: an index, one page per notebook, and the datasets.

Read top-down: take the notebooks (run in fresh kernels, or with their stored
outputs), read the data package, the provenance record and the citation, render
every page into a staging folder, cut the shipped CJK font down to the characters
those pages use, and swap the folder into place. A failure anywhere leaves the
previous site as it was.

The site is self-contained: no script, stylesheet, font or image comes from another
host, images are embedded, and the pages read the same on a machine with no CJK
font. Output is byte-identical for identical input (no timestamps, stable order).
"""

import csv
import html
import io
import json
import re
import shutil
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import nbformat
import yaml
from markupsafe import Markup

from gyantse import config, sitehtml, typeface
from gyantse import pages as provenance
from gyantse._atomic import check_destination, replace_dir
from gyantse.errors import SiteError
from gyantse.notebooks import key_chart, notebook_paths, read_all
from gyantse.offline import check_offline
from gyantse.provenance import Source, source

__all__ = ["SiteError", "build_site", "findings", "fold_label", "key_chart",
           "notebook_summary"]

TEMPLATES = config.PACKAGE_DIR / "templates" / "website"
PAGE_TEMPLATE = "gyantse-notebook"
FONT_FACE = "Gyantse CJK"
FONT_PATH = "assets/gyantse-cjk.woff2"
FONT_BOLD_PATH = "assets/gyantse-cjk-bold.woff2"
SITE_TITLE = "Gyantse County's Shajuan and Hema models"
LEDE = ("Datasets and narrative notebooks built from one news report, with every "
        "figure traceable to the words of the article.")

# Tags a notebook cell can carry to shape the site.
SUMMARY_TAG = "summary"

# CJK code points, as in the unicode-range of the font face in site.css.
_CJK = re.compile(
    "[\u2e80-\u9fff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef"
    "\U00020000-\U0003ffff]"
)
# Embedded images: no text a reader sees, and most of a page's bytes.
_DATA_URI = re.compile(r"data:[^\"')\s]+")
# Elements whose text the site's stylesheet sets in bold.
_BOLD = re.compile(r"<(h[1-6]|th|strong|b)\b[^>]*>(.*?)</\1>", re.DOTALL)
_HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*#*\s*$")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A dataset a notebook loads: gyantse.load("name") or load("name").
_LOADS = re.compile(r"""\bload\(\s*["'](\w+)["']""")
# The end of a sentence: a stop, then a space and a capital (or a quote).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
FOLD_FALLBACK = "Show code"
#: Widest thumbnail of a key chart on the index, in pixels (two per CSS pixel).
THUMB_WIDTH = 640
NOTEBOOKS_PATH = "notebooks"
#: The site's icon, inline: a barley-coloured square with a white G.
FAVICON = (
    "data:image/svg+xml,"
    "%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E"
    "%3Crect width='32' height='32' rx='6' fill='%238c2d04'/%3E"
    "%3Ctext x='16' y='23' font-family='Arial,sans-serif' font-size='20' "
    "font-weight='700' fill='white' text-anchor='middle'%3EG%3C/text%3E%3C/svg%3E"
)


@dataclass(frozen=True, slots=True)
class Thumbnail:
    """A notebook's key chart, as a PNG file of the site."""

    src: str
    data: bytes
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class NotebookEntry:
    """What the index shows of one notebook, and where its page goes."""

    path: Path
    href: str
    title: str
    description: Markup
    thumbnail: Thumbnail | None


# --------------------------------------------------------------------------------
# Notebooks: their title, description, summary, findings and key chart


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _title_and_description(notebook: nbformat.NotebookNode,
                           path: Path) -> tuple[str, str]:
    """Return the title and the description of a notebook.

    The title is the first ``# `` heading of the first cell, the description the
    first paragraph after it, looked for in the rest of the first cell and then in
    the markdown cells that follow. Without a heading the title is the file's name.
    """
    cells = notebook.cells
    lines = cells[0].source.splitlines() if cells else []
    title, rest = None, []
    for index, line in enumerate(lines):
        match = _HEADING.match(line)
        if match:
            title, rest = match["title"], lines[index + 1:]
            break
    if title is None:
        return path.stem.split("-", 1)[-1].replace("-", " ").capitalize(), ""
    blocks = [rest] + [c.source.splitlines() for c in cells[1:]
                       if c.cell_type == "markdown"]
    for block in blocks:
        paragraph = _first_paragraph(block)
        if paragraph:
            return title, paragraph
    return title, ""


def _first_paragraph(lines: Iterable[str]) -> str:
    """Return the first run of non-blank lines that is not a heading, as one line."""
    paragraph: list[str] = []
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#"):
            if paragraph:
                break
            continue
        paragraph.append(text)
    return " ".join(paragraph)


def _markdown(text: str) -> str:
    """Markdown to HTML with the renderer nbconvert uses for the pages."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


def _inline(text: str) -> str:
    """Markdown of one paragraph as inline HTML (without its ``<p>``)."""
    rendered = _markdown(text).strip()
    match = re.fullmatch(r"<p>(.*)</p>", rendered, re.DOTALL)
    return match[1] if match and "<p>" not in match[1] else rendered


def notebook_summary(notebooks: Sequence[nbformat.NotebookNode]) -> str:
    r"""Join the markdown of the cells tagged ``summary`` into one paragraph.

    Headings are left out and the cells follow notebook order. Returns ``""`` when
    no cell carries the tag.

    >>> cell = nbformat.v4.new_markdown_cell("## In short\n\nPulu sells.",
    ...                                      metadata={"tags": ["summary"]})
    >>> notebook_summary([nbformat.v4.new_notebook(cells=[cell])])
    'Pulu sells.'
    """
    parts = []
    for notebook in notebooks:
        for cell in notebook.cells:
            if cell.cell_type == "markdown" and SUMMARY_TAG in _tags(cell):
                lines = [line.strip() for line in cell.source.splitlines()
                         if line.strip() and not line.lstrip().startswith("#")]
                if lines:
                    parts.append(" ".join(lines))
    return " ".join(parts)


def fold_label(source: str) -> str:
    r"""Name a folded code cell by its first comment line, else "Show code".

    >>> fold_label("# load the claims\nclaims = load('claims')")
    'Show code: load the claims'
    >>> fold_label("x = 1  # not a comment line")
    'Show code'
    """
    for line in source.splitlines():
        text = line.strip()
        if text.startswith("#") and not text.startswith("#!"):
            comment = text.lstrip("#").strip()
            if comment:
                return f"{FOLD_FALLBACK}: {comment}"
    return FOLD_FALLBACK


def _first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def findings(notebooks: Sequence[nbformat.NotebookNode],
             hrefs: Sequence[str]) -> list[tuple[str, str]]:
    r"""Return one finding per cell tagged ``summary``: its first sentence and link.

    The link goes to the heading of the section that holds the cell (the page's
    top when none precedes it), as :func:`gyantse.sitehtml.slug` names it. A
    sentence that repeats an earlier one is left out.

    >>> cells = [nbformat.v4.new_markdown_cell("## In short"),
    ...          nbformat.v4.new_markdown_cell("Pulu sells. It sells well.",
    ...                                        metadata={"tags": ["summary"]})]
    >>> findings([nbformat.v4.new_notebook(cells=cells)], ["01-pulu.html"])
    [('Pulu sells.', '01-pulu.html#in-short')]
    """
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for notebook, href in zip(notebooks, hrefs, strict=True):
        anchor = ""
        for cell in notebook.cells:
            if cell.cell_type != "markdown":
                continue
            own = ""
            for line in cell.source.splitlines():
                match = re.match(r"#{2,6}\s+(.+?)\s*#*\s*$", line)
                if match:
                    own = anchor = sitehtml.slug(_markdown(match[1]))
            if SUMMARY_TAG not in _tags(cell):
                continue
            text = " ".join(line.strip() for line in cell.source.splitlines()
                            if line.strip() and not line.lstrip().startswith("#"))
            sentence = _first_sentence(text)
            key = " ".join(sentence.lower().split())
            if sentence and key not in seen:
                seen.add(key)
                target = own or anchor
                found.append((sentence, f"{href}#{target}" if target else href))
    return found


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    if data[:8] != _PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", data[16:24])


def _shrink(png: bytes, width: int, height: int) -> tuple[bytes, int, int]:
    """Return a PNG no wider than THUMB_WIDTH, with its size; small ones as given."""
    if width <= THUMB_WIDTH:
        return png, width, height
    from PIL import Image

    size = (THUMB_WIDTH, round(height * THUMB_WIDTH / width))
    with Image.open(io.BytesIO(png)) as image:
        small = image.convert("RGB").resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue(), *size


def _loaded(notebook: nbformat.NotebookNode) -> list[str]:
    """Return the names of the datasets the notebook's code loads, in order."""
    return [name for cell in notebook.cells if cell.cell_type == "code"
            for name in _LOADS.findall(cell.source)]


def _entry(path: Path, notebook: nbformat.NotebookNode) -> NotebookEntry:
    title, description = _title_and_description(notebook, path)
    png = key_chart(notebook)
    thumbnail = None
    if png is not None:
        try:
            width, height = _png_size(png)
        except ValueError:
            raise SiteError(
                f"{config.relative(path)}: the key chart's image/png output is not "
                "a PNG image; re-run the notebook so matplotlib stores it again."
            ) from None
        png, width, height = _shrink(png, width, height)
        thumbnail = Thumbnail(f"assets/thumbs/{path.stem}.png", png, width, height)
    return NotebookEntry(path, f"{path.stem}.html", title,
                         Markup(_inline(description)) if description else Markup(""),
                         thumbnail)


# --------------------------------------------------------------------------------
# Datasets, citation and provenance


def _datasets(folder: Path) -> tuple[dict, list[dict]]:
    """Read the data package descriptor and describe each resource for the index."""
    descriptor_path = folder / "datapackage.json"
    shown = config.relative(descriptor_path)
    try:
        package = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SiteError(
            f"{shown} is missing; build the datasets first with "
            "'python -m gyantse data' (or 'make site', which does both)."
        ) from None
    except json.JSONDecodeError as exc:
        raise SiteError(f"{shown} is not valid JSON ({exc}); rebuild it with "
                        "'python -m gyantse data'.") from None
    resources = []
    for resource in package.get("resources", []):
        csv_path = folder / resource["path"]
        if not csv_path.is_file():
            raise SiteError(
                f"{shown} lists {resource['path']}, which is not in "
                f"{config.relative(folder)}; rebuild with 'python -m gyantse data'."
            )
        with csv_path.open(encoding="utf-8", newline="") as handle:
            rows = sum(1 for _ in csv.reader(handle)) - 1
        fields = [{"name": f["name"], "type": f.get("type", ""),
                   "unit": f.get("unit", ""), "description": f.get("description", "")}
                  for f in resource.get("schema", {}).get("fields", [])]
        resources.append({"name": resource["name"], "path": resource["path"],
                          "description": resource.get("description", ""),
                          "rows": max(rows, 0), "fields": fields})
    return package, resources


def _people(authors: Iterable[dict]) -> str:
    names = []
    for author in authors:
        if "family-names" in author:
            given = author.get("given-names", "")
            names.append(f"{author['family-names']}, {given}".rstrip(", "))
        elif "name" in author:
            names.append(author["name"])
    return "; ".join(names)


def _citation(path: Path) -> dict | None:
    """Return the citation text from ``CITATION.cff``, or None without that file."""
    if not path.is_file():
        return None
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise SiteError(f"{config.relative(path)} is not valid YAML ({exc}); fix "
                        "its syntax.") from None
    year = str(cff.get("date-released", ""))[:4]
    authors = _people(cff.get("authors", [])) or "gyantse contributors"
    title = cff.get("title", "gyantse")
    version = cff.get("version")
    link = (f"https://doi.org/{cff['doi']}" if cff.get("doi") else
            cff.get("repository-code") or cff.get("url") or "")
    parts = [authors, f"({year})." if year else "", f"{title}.",
             f"Version {version}." if version else "", link]
    apa = [f"{authors.rstrip('.')}.", f"({year or 'n.d.'}).", f"{title}",
           f"(Version {version})" if version else "", "[Computer software].", link]
    key = re.sub(r"\W+", "_", title.split(":")[0].strip().lower()) + (year or "")
    bibtex = [f"@software{{{key},",
              f"  author = {{{{{authors}}}}},",
              f"  title = {{{{{title}}}}},"]
    bibtex += [f"  year = {{{year}}}," if year else "",
               f"  version = {{{version}}}," if version else "",
               f"  url = {{{link}}}," if link else "",
               f"  license = {{{cff['license']}}}," if cff.get("license") else "",
               "}"]
    references = []
    for reference in cff.get("references", []):
        bits = [_people(reference.get("authors", [])),
                reference.get("title", ""),
                str(reference.get("date-published", reference.get("year", "")))]
        references.append(", ".join(b for b in bits if b) + ".")
    return {"message": cff.get("message", ""),
            "text": " ".join(p for p in parts if p),
            "apa": " ".join(p for p in apa if p),
            "bibtex": "\n".join(line for line in bibtex if line),
            "references": references}


def _title_variants(record: Source) -> dict[str, str]:
    """Map other spellings of the article's title to the one the site shows.

    The record keeps the title as published (traditional characters); the
    attribution line and the citation file spell it in simplified characters.
    """
    quoted = re.findall(r"“([^”]+)”", record.attribution_line)
    return {q: record.title_zh for q in quoted
            if q != record.title_zh and len(q) == len(record.title_zh)}


def _one_title(text: str, variants: dict[str, str]) -> str:
    for other, shown in variants.items():
        text = text.replace(other, shown)
    return text


def _article_url(record: Source) -> str:
    return record.publisher_url.rstrip("/") + record.mirror_path


# --------------------------------------------------------------------------------
# Rendering


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _exporter():
    """Return nbconvert's HTML exporter with the site's own, script-free template."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    settings = Config()
    settings.TagRemovePreprocessor.enabled = True
    settings.TagRemovePreprocessor.remove_cell_tags = ("remove-cell",)
    settings.TagRemovePreprocessor.remove_input_tags = ("remove-input",)
    settings.TagRemovePreprocessor.remove_all_outputs_tags = ("remove-output",)
    exporter = HTMLExporter(
        config=settings,
        template_name=PAGE_TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        embed_images=True,
        sanitize_html=False,
    )
    exporter.register_filter("fold_label", fold_label)
    return exporter


def _stylesheet() -> str:
    from pygments.formatters import HtmlFormatter

    css = (TEMPLATES / "site.css").read_text(encoding="utf-8")
    css += (TEMPLATES / "provenance.css").read_text(encoding="utf-8")
    return css + HtmlFormatter(style="default").get_style_defs(".highlight") + "\n"


def _check_font_coverage(pages: dict[str, str]) -> None:
    """Raise SiteError when a page shows a CJK character the shipped font lacks."""
    cmap = typeface.coverage()
    for name, page in sorted(pages.items()):
        shown = html.unescape(_DATA_URI.sub("", page))
        missing = sorted({c for c in _CJK.findall(shown) if ord(c) not in cmap})
        if missing:
            raise SiteError(
                f"{name} shows {''.join(missing)}, which the shipped typeface "
                f"{typeface.FAMILY} lacks, so it would be drawn as empty boxes; "
                "write those characters differently or add them to the typeface "
                "with 'python -m gyantse fonts'."
            )


def _subset_font(pages: Iterable[str], target: Path, bold_target: Path) -> None:
    """Write both faces of the shipped typeface cut to the pages' characters.

    The bold face gets only the characters of bold text (headings, table heads,
    strong and b), so that browsers need not fake bold Chinese.
    """
    characters = {chr(c) for c in range(0x20, 0x7F)}
    bold = set(characters)
    for page in pages:
        text = _DATA_URI.sub("", page)
        characters.update(html.unescape(text))
        for match in _BOLD.finditer(text):
            bold.update(html.unescape(re.sub(r"<[^>]*>", "", match.group(2))))
    typeface.subset_woff2(characters, target)
    typeface.subset_woff2(bold, bold_target, weight="bold")


def build_site(out: Path | None = None, *, execute: bool = True,
               workers: int = 2) -> Path:
    """Render the site into ``out`` (default ``site/``) and return its path.

    With ``execute`` every notebook runs in a fresh kernel (``workers`` at a time);
    otherwise the outputs stored in the notebooks are used. A failing notebook
    raises :class:`~gyantse.notebooks.NotebookError` naming the notebook and the
    cell, and the previous site is left untouched.
    """
    out = Path(out) if out is not None else config.SITE_DIR
    check_destination(out)  # an unusable destination is refused before any work
    # load the inputs that can fail cheaply first: provenance, data, citation
    record = source()
    package, resources = _datasets(config.PROCESSED_DIR)
    citation = _citation(config.ROOT / "CITATION.cff")
    licence = config.ROOT / "LICENSE"
    # run (or read) the notebooks, then describe each one for the index
    paths = notebook_paths()
    notebooks = read_all(paths, run=execute, workers=workers)
    entries = [_entry(p, nb) for p, nb in zip(paths, notebooks, strict=True)]

    env = _environment()
    variants = _title_variants(record)
    shared = {"site_title": SITE_TITLE, "record": record,
              "attribution": _one_title(record.attribution_line, variants),
              "article_url": _article_url(record),
              "article_host": urlsplit(record.publisher_url).hostname or "",
              "favicon": FAVICON,
              "provenance": provenance.wanted(package)}
    if citation is not None:
        citation["references"] = [_one_title(r, variants)
                                  for r in citation["references"]]
    # the claim, fact and derived ids that notebook pages link to their anchors
    targets = provenance.link_targets(package)
    footer = Markup(env.get_template("_footer.html.j2").render(shared))
    head = Markup(env.get_template("_head.html.j2").render(shared))
    names = {r["name"]: r for r in resources}
    pages: dict[str, str] = {}
    images: dict[str, bytes] = {}
    # one page per notebook, through nbconvert and the site's template
    exporter = _exporter()
    for index, (entry, notebook) in enumerate(zip(entries, notebooks, strict=True)):
        around = {"previous": entries[index - 1] if index else None,
                  "next": entries[index + 1] if index + 1 < len(entries) else None}
        nav = env.get_template("_nav.html.j2").render(shared, **around)
        bottom = env.get_template("_pager.html.j2").render(shared, **around)
        description = re.sub(r"<[^>]+>", "", str(entry.description)) or LEDE
        resources_in = {
            "metadata": {"name": entry.path.stem, "path": str(entry.path.parent)},
            "gyantse": {"title": entry.title, "site_title": SITE_TITLE,
                        "nav": Markup(nav), "bottom_nav": Markup(bottom),
                        "footer": footer, "head": head,
                        "description": " ".join(html.unescape(description).split())},
        }
        body, _ = exporter.from_notebook_node(notebook, resources=resources_in)
        # ids are linked before the tables are rewritten (which lets long ids wrap)
        # and again after, for the captions the rewrite adds; links are never nested
        body = provenance.link_ids(body, targets)
        page = sitehtml.rewrite(body, number=index + 1, stem=entry.path.stem)
        loaded = [names[n] for n in dict.fromkeys(_loaded(notebook)) if n in names]
        contents = env.get_template("_contents.html.j2").render(
            shared, headings=[h for h in page.headings if h.level == 2],
            notebook=f"{NOTEBOOKS_PATH}/{entry.path.name}", datasets=loaded)
        pages[entry.href] = provenance.link_ids(
            sitehtml.after_first_cell(page.html, contents), targets)
        images.update(page.images)
    # the article sentence by sentence, and its sources (when the data has them)
    if shared["provenance"]:
        rendered = provenance.render(
            env, {**shared, "footer": footer, "head": head},
            [(e.href, nb) for e, nb in zip(entries, notebooks, strict=True)])
        pages.update({name: sitehtml.heading_ids(page)[0]
                      for name, page in rendered.items()})
    # the index: findings, notebooks, data dictionary, citation, licences
    pages["index.html"] = env.get_template("index.html.j2").render(
        shared, lede=LEDE, footer=footer, head=head, notebooks=entries,
        package_title=package.get("title", "The datasets of this project"),
        resources=resources, citation=citation,
        data_readme=(config.PROCESSED_DIR / "README.md").is_file(),
        findings=[(Markup(_inline(text)), href) for text, href in
                  findings(notebooks, [e.href for e in entries])],
        licence_file="LICENSE.txt" if licence.is_file() else None)
    pages["index.html"] = sitehtml.heading_ids(pages["index.html"], links=False)[0]
    for name, page in pages.items():
        check_offline(name, page)
    _check_font_coverage(pages)

    with replace_dir(out) as staging:
        staging.chmod(0o755)  # a site folder is for reading by others
        # pages, stylesheet and the font cut to the pages' characters
        for name, page in sorted(pages.items()):
            (staging / name).write_text(page, encoding="utf-8", newline="\n")
        assets = staging / "assets"
        assets.mkdir()
        (assets / "site.css").write_text(_stylesheet(), encoding="utf-8",
                                         newline="\n")
        _subset_font(pages.values(), staging / FONT_PATH, staging / FONT_BOLD_PATH)
        shutil.copyfile(typeface.LICENCE, assets / "OFL.txt")
        # the charts of the pages, the notebooks themselves and the thumbnails
        for src, data in sorted(images.items()):
            target = staging / src
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (staging / NOTEBOOKS_PATH).mkdir()
        for path in paths:
            shutil.copyfile(path, staging / NOTEBOOKS_PATH / path.name)
        for entry in entries:
            if entry.thumbnail is not None:
                target = staging / entry.thumbnail.src
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(entry.thumbnail.data)
        # the datasets, the citation and the code licence
        data = staging / "data"
        data.mkdir()
        for path in (*sorted(config.PROCESSED_DIR.glob("*.csv")),
                     config.PROCESSED_DIR / "datapackage.json"):
            shutil.copyfile(path, data / path.name)
        if (config.PROCESSED_DIR / "README.md").is_file():
            shutil.copyfile(config.PROCESSED_DIR / "README.md", data / "README.md")
        if citation is not None:
            shutil.copyfile(config.ROOT / "CITATION.cff", staging / "CITATION.cff")
        if licence.is_file():
            shutil.copyfile(licence, staging / "LICENSE.txt")
    return out
