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
import json
import re
import shutil
import struct
from base64 import b64decode
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import nbformat
import yaml
from markupsafe import Markup

from gyantse import config, typeface
from gyantse import pages as provenance
from gyantse._atomic import check_destination, replace_dir
from gyantse.errors import SiteError
from gyantse.notebooks import (
    check_quiet,
    execute_all_cached,
    merge_streams,
    notebook_paths,
)
from gyantse.offline import check_offline
from gyantse.provenance import Source, source

__all__ = ["SiteError", "build_site", "key_chart", "notebook_summary"]

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
KEY_CHART_TAG = "key-chart"

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
# Notebooks: run them, read their title, description, summary and key chart


def _read_or_run(paths: Sequence[Path], run: bool,
                 workers: int) -> list[nbformat.NotebookNode]:
    """Return the notebooks, executed in a process pool or as stored.

    Each notebook is read into memory and run there, so ``notebooks/`` is never
    written. Stored outputs get their consecutive streams merged, as a run would,
    and a page is refused when a cell holds stderr output without leave to.
    """
    if run:
        return execute_all_cached(paths, workers)
    notebooks = [nbformat.read(path, as_version=4) for path in paths]
    for path, notebook in zip(paths, notebooks, strict=True):
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs = merge_streams(cell.outputs)
        check_quiet(notebook, path)
    return notebooks


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


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    if data[:8] != _PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", data[16:24])


def key_chart(notebook: nbformat.NotebookNode) -> bytes | None:
    """Return the first PNG of the cell tagged ``key-chart``, else the first PNG."""
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    tagged = [c for c in cells if KEY_CHART_TAG in _tags(c)]
    for cell in tagged + cells:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                return b64decode(png if isinstance(png, str) else "".join(png))
    return None


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
    parts = [_people(cff.get("authors", [])) or "gyantse contributors",
             f"({year})." if year else "",
             f"{cff.get('title', 'gyantse')}.",
             f"Version {cff['version']}." if cff.get("version") else "",
             f"https://doi.org/{cff['doi']}" if cff.get("doi") else
             cff.get("repository-code") or cff.get("url") or ""]
    references = []
    for reference in cff.get("references", []):
        bits = [_people(reference.get("authors", [])),
                reference.get("title", ""),
                str(reference.get("date-published", reference.get("year", "")))]
        references.append(", ".join(b for b in bits if b) + ".")
    return {"message": cff.get("message", ""),
            "text": " ".join(p for p in parts if p), "references": references}


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
    return HTMLExporter(
        config=settings,
        template_name=PAGE_TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        embed_images=True,
        sanitize_html=False,
    )


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
    notebooks = _read_or_run(paths, execute, workers)
    entries = [_entry(p, nb) for p, nb in zip(paths, notebooks, strict=True)]
    summary = notebook_summary(notebooks)

    env = _environment()
    shared = {"site_title": SITE_TITLE, "record": record,
              "article_url": _article_url(record),
              "article_host": urlsplit(record.publisher_url).hostname or "",
              "provenance": provenance.wanted(package)}
    # the claim, fact and derived ids that notebook pages link to their anchors
    targets = provenance.link_targets(package)
    footer = Markup(env.get_template("_footer.html.j2").render(shared))
    pages: dict[str, str] = {}
    # one page per notebook, through nbconvert and the site's template
    exporter = _exporter()
    for index, (entry, notebook) in enumerate(zip(entries, notebooks, strict=True)):
        nav = env.get_template("_nav.html.j2").render(
            shared, previous=entries[index - 1] if index else None,
            next=entries[index + 1] if index + 1 < len(entries) else None)
        resources_in = {
            "metadata": {"name": entry.path.stem, "path": str(entry.path.parent)},
            "gyantse": {"title": entry.title, "site_title": SITE_TITLE,
                        "nav": Markup(nav), "footer": footer},
        }
        body, _ = exporter.from_notebook_node(notebook, resources=resources_in)
        pages[entry.href] = provenance.link_ids(provenance.heading_ids(body), targets)
    # the article sentence by sentence, and its sources (when the data has them)
    if shared["provenance"]:
        pages.update(provenance.render(
            env, {**shared, "footer": footer},
            [(e.href, nb) for e, nb in zip(entries, notebooks, strict=True)]))
    # the index: summary, notebooks, data dictionary, citation, licences
    pages["index.html"] = env.get_template("index.html.j2").render(
        shared, lede=LEDE, footer=footer, notebooks=entries,
        package_title=package.get("title", "The datasets of this project"),
        resources=resources, citation=citation,
        data_readme=(config.PROCESSED_DIR / "README.md").is_file(),
        summary=Markup(_markdown(summary)) if summary else "",
        licence_file="LICENSE.txt" if licence.is_file() else None)
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
        # thumbnails of the key charts
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
