"""The offline site: index, notebook pages, datasets, font, escaping, atomicity.

The site is built once per module from the stored outputs (``execute=False``).
When the repository has no numbered notebooks or no processed data yet, small
stand-ins are written to a temporary folder and the config paths point there, so
the checks hold both before and after the real notebooks land.
"""

import base64
import csv
import dataclasses
import hashlib
import html
import io
import json
import re
import shutil
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from gyantse import config, typeface
from gyantse import site as site_module
from gyantse.notebooks import NotebookError
from gyantse.pages import ARTICLE, SOURCES, wanted
from gyantse.provenance import source
from gyantse.site import build_site

CJK = re.compile(
    "[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)


# ----------------------------------------------------------------------------------
# Stand-in notebooks and data


def png_bytes(width: int = 48, height: int = 24, rgb=(140, 45, 4)) -> bytes:
    """A small solid-colour PNG, written by hand."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return (struct.pack(">I", len(data)) + body
                + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF))

    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height, 9))
            + chunk(b"IEND", b""))


def png_output(data: bytes) -> nbformat.NotebookNode:
    return nbformat.v4.new_output(
        "display_data",
        data={"image/png": base64.b64encode(data).decode(),
              "text/plain": "<Figure size 480x240 with 1 Axes>"})


def write_notebook(path: Path, cells: list) -> Path:
    notebook = nbformat.v4.new_notebook(cells=cells)
    for number, cell in enumerate(notebook.cells):
        cell.id = f"{path.stem}-{number}"
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)",
                                       "language": "python", "name": "python3"}
    nbformat.write(notebook, path)
    return path


def stand_in_notebooks(folder: Path) -> None:
    """Two narrative notebooks with stored outputs, Chinese text and charts."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    folder.mkdir(parents=True, exist_ok=True)
    write_notebook(folder / "01-pulu.ipynb", [
        md("# Pulu weaving in 江孜县\n\nHow much did the 沙涓合作新模式 (Shajuan "
           "model) pay its *weavers*?\n\nMore prose."),
        code('print("氆氌 pulu")', metadata={"tags": ["show-code"]},
             outputs=[nbformat.v4.new_output("stream", name="stdout",
                                             text="氆氌 pulu\n")]),
        md("Weavers earned **more than** 150,000 yuan (超15萬元).",
           metadata={"tags": ["summary"]}),
        code("plot_first()", outputs=[png_output(png_bytes(30, 30, (0, 0, 0)))]),
        code("plot_key()", metadata={"tags": ["key-chart"]},
             outputs=[png_output(png_bytes(64, 32))]),
    ])
    write_notebook(folder / "02-barley.ipynb", [
        md("# Highland barley for Hema\n\n"),
        md("## The question\n\nWhat did 盒马 buy of the 青稞 harvest?"),
        code("table()", outputs=[nbformat.v4.new_output(
            "execute_result", execution_count=1,
            data={"text/html": "<table class=\"dataframe\"><tr><th>青稞</th>"
                               "<td>1,000</td></tr></table>",
                  "text/plain": "青稞 1,000"})]),
        md("## Finding\n\nThe order covered the whole harvest.",
           metadata={"tags": ["summary"]}),
        code("chart()", outputs=[png_output(png_bytes(40, 20, (43, 140, 62)))]),
    ])


def stand_in_data(folder: Path) -> None:
    """A two-table data package in the layout of gyantse.datapackage."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "claims.csv").write_text(
        'claim_id,value,quote\nc1,150000,"超15萬元"\nc2,20,"line one\nline two"\n',
        encoding="utf-8")
    (folder / "entities.csv").write_text("entity_id,zh_hans\ne1,江孜县\n",
                                         encoding="utf-8")
    descriptor = {
        "name": "gyantse", "title": "Stand-in package",
        "resources": [
            {"name": "claims", "path": "claims.csv", "description": "Claims.",
             "schema": {"fields": [
                 {"name": "claim_id", "type": "string", "description": "Id."},
                 {"name": "value", "type": "number", "unit": "CNY",
                  "description": "Amount."},
                 {"name": "quote", "type": "string", "description": "Words."}]}},
            {"name": "entities", "path": "entities.csv",
             "description": "Entities.",
             "schema": {"fields": [
                 {"name": "entity_id", "type": "string", "description": "Id."},
                 {"name": "zh_hans", "type": "string",
                  "description": "Simplified."}]}},
        ],
    }
    (folder / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


def has_real_notebooks() -> bool:
    return any(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))


def has_real_data() -> bool:
    return (config.PROCESSED_DIR / "datapackage.json").is_file()


# ----------------------------------------------------------------------------------
# Reading the built site


class Page(HTMLParser):
    """Tags with their attributes, and the text of the footer."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.footer_depth = 0
        self.footer = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "footer" or self.footer_depth:
            self.footer_depth += tag == "footer"

    def handle_endtag(self, tag):
        if tag == "footer" and self.footer_depth:
            self.footer_depth -= 1

    def handle_data(self, data):
        if self.footer_depth:
            self.footer += data

    def attrs(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]


@dataclasses.dataclass
class Built:
    out: Path
    notebooks: list[Path]
    processed: Path


@pytest.fixture(scope="module", params=["repository"])
def built(request, tmp_path_factory) -> Built:
    """The site of the repository's notebooks and data (copied first, so that the
    checks see one version of them); the few checks of known text ask for the
    stand-ins instead, with ``stand_ins_only``."""
    tmp = tmp_path_factory.mktemp(f"site-{request.param}")
    stand_in = request.param == "stand-in"
    with pytest.MonkeyPatch.context() as mp:
        if stand_in or not has_real_notebooks():
            stand_in_notebooks(tmp / "notebooks")
        else:
            shutil.copytree(config.NOTEBOOKS_DIR, tmp / "notebooks",
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        if stand_in or not has_real_data():
            stand_in_data(tmp / "processed")
        else:
            shutil.copytree(config.PROCESSED_DIR, tmp / "processed")
        mp.setattr(config, "NOTEBOOKS_DIR", tmp / "notebooks")
        mp.setattr(config, "PROCESSED_DIR", tmp / "processed")
        notebooks = sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
        before = {p: p.read_bytes() for p in notebooks}
        out = build_site(tmp / "out", execute=False)
        assert {p: p.read_bytes() for p in notebooks} == before
        return Built(out, notebooks, config.PROCESSED_DIR)


# Checks of known text: only on the stand-ins, whose content this module wrote.
stand_ins_only = pytest.mark.parametrize("built", ["stand-in"], indirect=True)


def pages(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.html"))}


def first_heading(path: Path) -> str:
    cell = nbformat.read(path, as_version=4).cells[0]
    return next(line[2:].strip() for line in cell.source.splitlines()
                if line.startswith("# "))


# ----------------------------------------------------------------------------------
# Index


def test_build_returns_the_folder_with_one_page_per_notebook(built):
    assert (built.out / "index.html").is_file()
    package = json.loads((built.processed / "datapackage.json").read_text("utf-8"))
    provenance = [ARTICLE, SOURCES] if wanted(package) else []
    assert sorted(pages(built.out)) == sorted(
        ["index.html", *provenance] + [f"{p.stem}.html" for p in built.notebooks])


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def cards(index: str) -> dict[str, tuple[str, str]]:
    """href -> (title, description) of every notebook card of the index."""
    found = {}
    for card in re.findall(r'<li class="card">(.*?)</li>', index, re.DOTALL):
        href, title = re.search(r'<h3[^>]*><a href="([^"]+)">(.*?)</a></h3>',
                                card).groups()
        description = re.search(r'<div class="description">(.*?)</div>', card,
                                re.DOTALL)[1]
        found[href] = (text_of(title), text_of(description))
    return found


def expected_description(path: Path) -> str:
    """The first paragraph after the title, as words (markdown marks dropped)."""
    cells = nbformat.read(path, as_version=4).cells
    lines = cells[0].source.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# ")) + 1
    blocks = [lines[start:]] + [c.source.splitlines() for c in cells[1:]
                                if c.cell_type == "markdown"]
    for block in blocks:
        paragraph = []
        for line in block:
            if not line.strip() or line.lstrip().startswith("#"):
                if paragraph:
                    break
                continue
            paragraph.append(line.strip())
        if paragraph:
            return " ".join(paragraph)
    return ""


def words(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[\W_]", "", text)


def test_index_lists_every_notebook_with_title_description_and_thumbnail(built):
    index = (built.out / "index.html").read_text(encoding="utf-8")
    listed = cards(index)
    images = {a["src"]: a for a in Page(index).attrs("img")}
    assert list(listed) == [f"{p.stem}.html" for p in built.notebooks]
    for path in built.notebooks:
        notebook = nbformat.read(path, as_version=4)
        title, description = listed[f"{path.stem}.html"]
        assert title == " ".join(first_heading(path).split())
        assert description and words(description) == words(expected_description(path))
        has_png = any("image/png" in o.get("data", {})
                      for c in notebook.cells for o in c.get("outputs", []))
        if has_png:
            src = f"assets/thumbs/{path.stem}.png"
            assert src in images, f"no thumbnail for {path.name}"
            data = (built.out / src).read_bytes()
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # decodes every pixel; raises on a broken file
                assert image.format == "PNG" and min(image.size) > 0
                assert images[src]["width"] == str(image.width)
                assert images[src]["height"] == str(image.height)


@stand_ins_only
def test_index_shows_the_description_after_the_heading(built):
    index = (built.out / "index.html").read_text(encoding="utf-8")
    assert "How much did the 沙涓合作新模式 (Shajuan model) pay its " \
           "<em>weavers</em>?" in index
    assert "More prose" not in index
    # the first paragraph after the heading may sit in the next markdown cell
    assert "What did 盒马 buy of the 青稞 harvest?" in index


@stand_ins_only
def test_thumbnail_is_the_key_chart_else_the_first_png(built):
    key = (built.out / "assets/thumbs/01-pulu.png").read_bytes()
    assert key == png_bytes(64, 32)
    first = (built.out / "assets/thumbs/02-barley.png").read_bytes()
    assert first == png_bytes(40, 20, (43, 140, 62))


def test_findings_are_one_bullet_per_summary_cell_linking_to_its_section(built):
    index = (built.out / "index.html").read_text(encoding="utf-8")
    summaries = [c for p in built.notebooks
                 for c in nbformat.read(p, as_version=4).cells
                 if c.cell_type == "markdown"
                 and "summary" in c.metadata.get("tags", [])]
    if not summaries:
        assert 'id="findings"' not in index
        return
    section = index[index.index('id="findings"'):index.index('id="notebooks"')]
    items = re.findall(r"<li>(.*?)</li>", section, re.DOTALL)
    assert 0 < len(items) <= len(summaries)
    texts = [text_of(item) for item in items]
    assert len(set(texts)) == len(texts), "a finding is repeated"
    for item in items:
        href = re.findall(r'<a href="([^"]+)">', item)[-1]
        page, _, anchor = href.partition("#")
        target = (built.out / page).read_text(encoding="utf-8")
        assert not anchor or f'id="{anchor}"' in target, href
        assert len(text_of(item).split()) < 90, "a finding is too long for a bullet"


@stand_ins_only
def test_findings_keep_order_and_drop_headings(built):
    index = (built.out / "index.html").read_text(encoding="utf-8")
    section = index[index.index('id="findings"'):index.index('id="notebooks"')]
    first = section.index("Weavers earned <strong>more than</strong>")
    assert first < section.index("The order covered the whole harvest.")
    assert 'href="02-barley.html#finding"' in section
    assert "Finding</" not in section.replace("Findings</", "")


# ----------------------------------------------------------------------------------
# Data


def test_data_files_are_copied(built):
    for source_file in [*built.processed.glob("*.csv"),
                        built.processed / "datapackage.json"]:
        copied = built.out / "data" / source_file.name
        assert copied.read_bytes() == source_file.read_bytes()


def test_dictionary_has_every_resource_and_field(built):
    index = (built.out / "index.html").read_text(encoding="utf-8")
    package = json.loads((built.processed / "datapackage.json").read_text("utf-8"))
    links = [a["href"] for a in Page(index).attrs("a")]
    for resource in package["resources"]:
        start = index.index(f'id="data-{resource["name"]}"')
        block = index[start:index.index("</article>", start)]
        assert text_of(re.search(r"<h3[^>]*>(.*?)</h3>", block)[1]) == resource["name"]
        assert f"data/{resource['path']}" in links
        with (built.processed / resource["path"]).open(encoding="utf-8") as handle:
            rows = sum(1 for _ in csv.reader(handle)) - 1
        assert f"{rows:,} rows" in block
        table = [[text_of(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
                 for row in re.findall(r"<tr>(.*?)</tr>", block, re.S)]
        expected = [[f["name"], f["type"], f.get("unit", ""),
                     " ".join(f["description"].split())]
                    for f in resource["schema"]["fields"]]
        assert [row for row in table if row] == expected


# ----------------------------------------------------------------------------------
# Offline, font, attribution, licences


def test_no_remote_script_style_font_or_image(built):
    for name, text in pages(built.out).items():
        page = Page(text)
        for tag in ("script", "link", "img", "iframe", "source", "video", "audio"):
            for attrs in page.attrs(tag):
                for key in ("src", "href", "srcset", "data"):
                    value = (attrs.get(key) or "").strip().lower()
                    assert not value.startswith(("http://", "https://", "//")), \
                        f"{name}: <{tag} {key}={value}>"
        assert not page.attrs("script"), f"{name} has a script"
        assert "mathjax" not in text.lower() and "require.js" not in text.lower()
    css = (built.out / "assets/site.css").read_text(encoding="utf-8")
    assert "http://" not in css and "https://" not in css


def test_internal_links_resolve(built):
    for name, text in pages(built.out).items():
        for tag, key in (("a", "href"), ("link", "href"), ("img", "src")):
            for attrs in Page(text).attrs(tag):
                target = urlsplit(attrs[key])
                if target.scheme or not target.path:
                    continue
                assert (built.out / unquote(target.path)).is_file(), \
                    f"{name} links to missing {attrs[key]}"


def test_web_font_covers_every_cjk_character(built):
    woff2 = built.out / "assets/gyantse-cjk.woff2"
    assert woff2.read_bytes()[:4] == b"wOF2"
    cmap = TTFont(woff2).getBestCmap()
    texts = pages(built.out)
    used = {c for text in texts.values() for c in CJK.findall(html.unescape(text))}
    assert used, "the pages show no Chinese text"
    assert sorted(c for c in used if ord(c) not in cmap) == []
    # exactly the pages' characters plus ASCII: nothing else
    allowed = {ord(c) for text in texts.values() for c in html.unescape(text)}
    assert set(cmap) <= allowed | set(range(0x20, 0x7F))
    assert woff2.stat().st_size < 400_000


def test_bold_web_font_covers_the_chinese_of_bold_text(built):
    woff2 = built.out / "assets/gyantse-cjk-bold.woff2"
    font = TTFont(woff2)
    assert font["OS/2"].usWeightClass == 700
    cmap = font.getBestCmap()
    bold = set()
    for text in pages(built.out).values():
        for _, inner in re.findall(r"<(h[1-6]|th|strong|b)\b[^>]*>(.*?)</\1>", text,
                                   flags=re.DOTALL):
            bold.update(CJK.findall(html.unescape(re.sub(r"<[^>]*>", "", inner))))
    assert bold, "no bold Chinese on the pages"
    assert sorted(c for c in bold if ord(c) not in cmap) == []
    regular = built.out / "assets/gyantse-cjk.woff2"
    assert woff2.stat().st_size < regular.stat().st_size
    css = (built.out / "assets/site.css").read_text(encoding="utf-8")
    assert 'src: url("gyantse-cjk-bold.woff2") format("woff2");\n  font-weight: 700;' \
        in css


def unicode_ranges(face: str) -> list[range]:
    spans = re.search(r"unicode-range:([^;]+);", face)[1]
    found = []
    for start, end in re.findall(r"U\+([0-9A-Fa-f]+)(?:-([0-9A-Fa-f]+))?", spans):
        found.append(range(int(start, 16), int(end or start, 16) + 1))
    return found


def test_css_declares_the_font_for_cjk_beside_a_latin_stack(built):
    css = (built.out / "assets/site.css").read_text(encoding="utf-8")
    face = css[css.index("@font-face"):css.index("}", css.index("@font-face"))]
    assert 'font-family: "Gyantse CJK"' in face
    assert 'url("gyantse-cjk.woff2") format("woff2")' in face
    assert "font-display: block" in face
    # the face serves every CJK character of the pages and no ASCII one, so Latin
    # text is drawn by the Latin fonts of the stack
    ranges = unicode_ranges(face)
    used = {c for text in pages(built.out).values() for c in CJK.findall(text)}
    assert [c for c in used if not any(ord(c) in r for r in ranges)] == []
    assert not any(code in r for r in ranges for code in range(0x80))
    latin = re.search(r"--latin:([^;]+);", css)[1]
    assert "Arial" in latin and "Gyantse CJK" not in latin
    sans = re.search(r"--sans:([^;]+);", css)[1]
    assert '"Gyantse CJK"' in sans and "var(--latin)" in sans
    assert re.search(r"body \{[^}]*font-family: var\(--sans\);", css)
    for text in pages(built.out).values():
        links = Page(text).attrs("link")
        assert {"rel": "stylesheet", "href": "assets/site.css"} in links


def test_attribution_in_every_page_footer(built):
    record = source()
    simplified = re.findall(r"“([^”]+)”", record.attribution_line)
    for name, text in pages(built.out).items():
        footer = " ".join(Page(text).footer.split())
        assert record.publisher_zh in footer, name
        # the attribution line, with the article's title as published
        line = record.attribution_line
        for title in simplified:
            line = line.replace(title, record.title_zh)
        assert " ".join(line.split()) in footer, name


def test_the_article_title_has_one_script_everywhere(built):
    record = source()
    simplified = {t for t in re.findall(r"“([^”]+)”", record.attribution_line)
                  if t != record.title_zh}
    # the site's own text: the index, and every page's header and footer (the
    # outputs of notebook cells are shown as the code printed them)
    index = html.unescape((built.out / "index.html").read_text(encoding="utf-8"))
    assert record.title_zh in index
    for name, text in pages(built.out).items():
        outside = text[:text.index("<main")] + text[text.index("</main>"):]
        chrome = html.unescape(text if name == "index.html" else outside)
        for title in simplified:
            assert title not in chrome, name


def test_licences_and_font_licence_are_in_the_site(built):
    index = (built.out / "index.html").read_text(encoding="utf-8")
    for words in ("MIT", "CC BY 4.0", "SIL Open Font License 1.1"):
        assert words in index
    assert (built.out / "assets/OFL.txt").read_bytes() == \
        typeface.LICENCE.read_bytes()
    if (config.ROOT / "CITATION.cff").is_file():
        assert 'id="cite"' in index and (built.out / "CITATION.cff").is_file()


# ----------------------------------------------------------------------------------
# Notebook pages


def test_notebook_pages_fold_code_and_drop_prompts(built):
    for path in built.notebooks:
        text = (built.out / f"{path.stem}.html").read_text(encoding="utf-8")
        notebook = nbformat.read(path, as_version=4)
        code = [c for c in notebook.cells if c.cell_type == "code" and c.source.strip()]
        shown = [c for c in code if "show-code" in c.metadata.get("tags", [])]
        assert text.count("<summary>Show code") == len(code) - len(shown)
        assert "In&nbsp;[" not in text and "Out[" not in text
        assert {"class": "home", "href": "index.html"} in Page(text).attrs("a")
        assert "anchor-link" not in text
        title = text_of(text.split("<title>")[1].split("</title>")[0])
        assert title.startswith(" ".join(first_heading(path).split()) + " · ")


@stand_ins_only
def test_show_code_cells_stay_open_and_images_are_embedded(built):
    page = (built.out / "01-pulu.html").read_text(encoding="utf-8")
    shown_code = page.index("氆氌")
    assert "<details" not in page[page.index("</h1>"):shown_code]
    assert 'src="assets/figures/01-pulu-2.png"' in page
    chart = built.out / "assets/figures/01-pulu-2.png"
    assert chart.read_bytes() == png_bytes(64, 32)
    assert "data:image/png" not in page


def test_two_builds_are_identical(built, tmp_path, monkeypatch):
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", built.notebooks[0].parent)
    monkeypatch.setattr(config, "PROCESSED_DIR", built.processed)
    again = build_site(tmp_path / "again", execute=False)

    def digests(folder):
        return {p.relative_to(folder).as_posix():
                hashlib.sha256(p.read_bytes()).digest()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    assert digests(again) == digests(built.out)


# ----------------------------------------------------------------------------------
# Escaping and atomicity


def test_text_from_data_is_escaped(tmp_path, monkeypatch):
    attack = "<script>alert(1)</script>"
    stand_in_notebooks(tmp_path / "notebooks")
    stand_in_data(tmp_path / "processed")
    descriptor_path = tmp_path / "processed/datapackage.json"
    descriptor = json.loads(descriptor_path.read_text("utf-8"))
    descriptor["title"] = attack
    descriptor["resources"][0]["description"] = attack
    descriptor["resources"][0]["schema"]["fields"][0]["description"] = attack
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    record = dataclasses.replace(source(), attribution_line=f"中国西藏网 {attack}",
                                 title_en=attack)
    monkeypatch.setattr(site_module, "source", lambda: record)
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", tmp_path / "notebooks")
    monkeypatch.setattr(config, "PROCESSED_DIR", tmp_path / "processed")
    out = build_site(tmp_path / "out", execute=False)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for name, text in pages(out).items():
        assert "<script" not in text, name
        assert escaped in text, name
    assert (out / "index.html").read_text("utf-8").count(escaped) >= 5


def test_a_character_missing_from_the_font_stops_the_build(tmp_path, monkeypatch):
    cmap = typeface.coverage()
    rare = next(chr(c) for c in range(0x9FA5, 0x4E00, -1) if c not in cmap)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / "01-rare.ipynb", [
        nbformat.v4.new_markdown_cell(f"# Rare\n\nThe character {rare}.")])
    stand_in_data(tmp_path / "processed")
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", notebooks)
    monkeypatch.setattr(config, "PROCESSED_DIR", tmp_path / "processed")
    with pytest.raises(site_module.SiteError, match=f"01-rare.html shows {rare}"):
        build_site(tmp_path / "site", execute=False)
    assert not (tmp_path / "site").exists()


def test_a_remote_resource_stops_the_build(tmp_path, monkeypatch):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / "01-remote.ipynb", [
        nbformat.v4.new_markdown_cell("# Remote\n\nA picture.\n\n"
                                      "![logo](https://example.org/logo.png)")])
    stand_in_data(tmp_path / "processed")
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", notebooks)
    monkeypatch.setattr(config, "PROCESSED_DIR", tmp_path / "processed")
    with pytest.raises(site_module.SiteError,
                       match=re.escape("01-remote.html would load "
                                       "https://example.org/logo.png")):
        build_site(tmp_path / "site", execute=False)


def test_missing_data_package_names_the_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "PROCESSED_DIR", tmp_path / "processed")
    with pytest.raises(site_module.SiteError, match="python -m gyantse data"):
        build_site(tmp_path / "site", execute=False)


def test_failing_notebook_raises_and_keeps_the_previous_site(tmp_path, monkeypatch):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / "01-fine.ipynb", [md("# Fine"), code("1 + 1")])
    broken = write_notebook(notebooks / "02-broken.ipynb", [
        md("# Broken\n\nThe second cell fails."),
        code("x = 1"),
        code("raise ValueError('deliberate failure')"),
        code("x + 1"),
    ])
    before = broken.read_bytes()
    stand_in_data(tmp_path / "processed")
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", notebooks)
    monkeypatch.setattr(config, "PROCESSED_DIR", tmp_path / "processed")
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous site", encoding="utf-8")
    with pytest.raises(NotebookError, match=r"02-broken\.ipynb, cell 3 \(code cell 2\)"
                       r".*ValueError: deliberate failure"):
        build_site(out, execute=True, workers=2)
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks", "processed",
                                                          "site"]
    assert broken.read_bytes() == before


def test_execute_runs_copies_in_a_pool_and_renders_fresh_outputs(tmp_path,
                                                                 monkeypatch):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for number in (1, 2):
        write_notebook(notebooks / f"0{number}-run.ipynb", [
            md(f"# Run {number}\n\nComputed at build time."),
            code(f"print('answer', {number} * 21)", metadata={"tags": ["show-code"]}),
        ])
    before = {p: p.read_bytes() for p in notebooks.iterdir()}
    stand_in_data(tmp_path / "processed")
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", notebooks)
    monkeypatch.setattr(config, "PROCESSED_DIR", tmp_path / "processed")
    out = build_site(tmp_path / "site", execute=True, workers=2)
    assert "answer 21" in (out / "01-run.html").read_text(encoding="utf-8")
    assert "answer 42" in (out / "02-run.html").read_text(encoding="utf-8")
    assert {p: p.read_bytes() for p in notebooks.iterdir()} == before


# ----------------------------------------------------------------------------------
# Reading comfort: tables, charts, headings, navigation, head


def tables(text: str) -> list[str]:
    return re.findall(r"<table\b.*?</table>", text, re.DOTALL)


def test_tables_show_no_nan_raw_float_or_empty_header(built):
    raw_float = re.compile(r"-?\d+\.0")
    for name, text in pages(built.out).items():
        for table in tables(text):
            cells = re.findall(r"<(th|td)\b([^>]*)>(.*?)</\1>", table, re.DOTALL)
            for tag, _, inner in cells:
                shown = text_of(inner)
                assert shown not in {"NaN", "nan", "<NA>", "None", "NaT"}, name
                assert not raw_float.fullmatch(shown), (name, shown)
                assert tag == "td" or shown, f"{name} has an empty <th>"
            assert 'style="text-align: right;"' not in table, name


def test_tables_sit_in_labelled_focusable_scroll_regions(built):
    for name, text in pages(built.out).items():
        if name == "index.html":
            continue
        wrapped = re.findall(r'<div class="table-scroll" role="region" tabindex="0" '
                             r'aria-label="(Table [\d.]+)">\s*<table', text)
        assert len(wrapped) == len(tables(text)), name
        assert len(set(wrapped)) == len(wrapped), name


def test_numbers_are_right_aligned_and_text_left_aligned(built):
    css = (built.out / "assets/site.css").read_text(encoding="utf-8")
    assert re.search(r"table\.data td\.num \{ text-align: right;", css)
    assert "text-align: left; vertical-align: top;" in css
    for name, text in pages(built.out).items():
        for table in tables(text):
            for attrs, inner in re.findall(r"<td\b([^>]*)>(.*?)</td>", table, re.S):
                shown = text_of(inner)
                if re.fullmatch(r"[A-Za-z][A-Za-z ,.'-]{3,}", shown):
                    assert "num" not in attrs, (name, shown)


@stand_ins_only
def test_stand_in_table_number_is_right_aligned(built):
    page = (built.out / "02-barley.html").read_text(encoding="utf-8")
    assert '<td class="num">1,000</td>' in page
    assert '<th scope="row">青稞</th>' in page


def test_every_chart_is_a_numbered_figure_with_unique_alt_text(built):
    for path in built.notebooks:
        text = (built.out / f"{path.stem}.html").read_text(encoding="utf-8")
        notebook = nbformat.read(path, as_version=4)
        outputs = [o for c in notebook.cells for o in c.get("outputs", [])
                   if "image/png" in o.get("data", {})]
        figures = re.findall(r"<figure\b.*?</figure>", text, re.DOTALL)
        assert len(figures) == len(outputs), path.name
        number = int(path.stem[:2]) if path.stem[:2].isdigit() else None
        alts = []
        for index, (figure, output) in enumerate(zip(figures, outputs, strict=True)):
            caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S)
            assert caption, path.name
            assert re.match(r"Figure \d+\.\d+: \S", text_of(caption[1]))
            if number is not None:
                assert f"Figure {number}.{index + 1}:" in text_of(caption[1])
            alt = html.unescape(re.search(r'alt="([^"]*)"', figure)[1])
            meta = output.get("metadata", {}).get("image/png", {})
            if "alt" in meta:  # described by gyantse.figures: from the chart's data
                assert alt == meta["alt"] and meta["title"] in alt
                assert text_of(caption[1]).endswith(
                    " ".join(meta["source"].split())) or not meta["source"]
            alts.append(alt)
            src = re.search(r'src="([^"]+)"', figure)[1]
            assert (built.out / src).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            assert f'href="{src}"' in figure  # a tap opens it at full size
        assert len(set(alts)) == len(alts), f"{path.name}: alt texts repeat"


def test_repository_charts_carry_their_description():
    if not has_real_notebooks():
        pytest.skip("no notebooks yet")
    for path in sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                if "image/png" in output.get("data", {}):
                    meta = output.metadata["image/png"]
                    assert meta["alt"].startswith("Chart: ") and meta["title"]
                    png = base64.b64decode(output.data["image/png"])
                    width = struct.unpack(">I", png[16:20])[0]
                    assert width // 2 == meta["width"], "not drawn at twice the size"


def test_every_heading_has_an_id_and_pages_list_their_sections(built):
    for name, text in pages(built.out).items():
        for level, attrs in re.findall(r"<h([1-6])\b([^>]*)>", text):
            assert re.search(r'\bid="[^"]+"', attrs), f"{name}: <h{level}> has no id"
        ids = re.findall(r'\bid="([^"]+)"', text)
        assert len(ids) == len(set(ids)), f"{name} repeats an id"
        if name == "index.html":
            continue
        toc = re.search(r'<nav class="page-toc" aria-label="On this page">(.*?)</nav>',
                        text, re.DOTALL)
        h2 = re.findall(r'<h2\b[^>]*id="([^"]+)"', text)
        if h2:
            assert re.findall(r'href="#([^"]+)"', toc[1]) == h2, name


def test_pages_have_previous_next_at_top_and_bottom(built):
    names = [f"{p.stem}.html" for p in built.notebooks]
    for index, name in enumerate(names):
        text = (built.out / name).read_text(encoding="utf-8")
        top = text[:text.index("<main")]
        bottom = text[text.index("</main>"):]
        for neighbour in (names[index - 1] if index else None,
                          names[index + 1] if index + 1 < len(names) else None):
            if neighbour:
                assert f'href="{neighbour}"' in top and f'href="{neighbour}"' in bottom


def test_notebook_pages_link_their_notebook_and_datasets(built):
    names = {r["name"]: r["path"] for r in json.loads(
        (built.processed / "datapackage.json").read_text("utf-8"))["resources"]}
    for path in built.notebooks:
        text = (built.out / f"{path.stem}.html").read_text(encoding="utf-8")
        assert f'href="notebooks/{path.name}"' in text
        assert (built.out / "notebooks" / path.name).read_bytes() == path.read_bytes()
        source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells
                           if c.cell_type == "code")
        for name in re.findall(r"""load\(\s*["'](\w+)["']""", source):
            if name in names:
                assert f'href="data/{names[name]}"' in text, (path.name, name)


def test_fold_labels_come_from_the_first_comment_line():
    assert site_module.fold_label("# the claims\nx = 1") == "Show code: the claims"
    assert site_module.fold_label("x = 1") == "Show code"
    assert site_module.fold_label("x = 1\n    ## counts by model  \n") == \
        "Show code: counts by model"


def test_every_page_has_a_description_an_icon_and_no_missing_favicon(built):
    for name, text in pages(built.out).items():
        page = Page(text)
        metas = {a.get("name"): a.get("content") for a in page.attrs("meta")}
        assert metas.get("description", "").strip(), name
        icons = [a for a in page.attrs("link") if a.get("rel") == "icon"]
        assert icons and icons[0]["href"].startswith("data:image/svg+xml,"), name


def test_citation_as_text_apa_and_bibtex(built):
    if not (config.ROOT / "CITATION.cff").is_file():
        pytest.skip("no CITATION.cff")
    index = (built.out / "index.html").read_text(encoding="utf-8")
    section = index[index.index('id="cite"'):index.index('id="licences"')]
    for heading in ("Plain text", "APA", "BibTeX"):
        assert f">{heading}</h3>" in section
    bibtex = html.unescape(re.search(r"<pre[^>]*>(.*?)</pre>", section, re.S)[1])
    assert bibtex.startswith("@software{") and bibtex.rstrip().endswith("}")
    assert "[Computer software]" in section


def test_print_stylesheet_keeps_tables_and_figures_whole(built):
    css = (built.out / "assets/site.css").read_text(encoding="utf-8")
    media = css[css.index("@media print"):]
    assert "break-inside: avoid" in media and "figure" in media
    assert re.search(r"\.table-scroll[^{]*\{ overflow: visible; \}", media)
    assert "prefers-color-scheme: dark" in css
