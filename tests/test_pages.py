"""The provenance pages: the article with its claims marked, the sources, and links.

The site is built once per module from the repository's notebooks (stored outputs)
and datasets. The lists of where each claim is used are recomputed here with
Python's own parser and the notebooks' markdown, independently of gyantse.pages.
"""

import ast
import html
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from _browser import chromium_executable

from gyantse import config, load, source
from gyantse.pages import ARTICLE, SOURCES, link_ids
from gyantse.site import build_site
from gyantse.sitehtml import slug


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("pages-site")
    shutil.copytree(config.NOTEBOOKS_DIR, tmp / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(config.PROCESSED_DIR, tmp / "processed")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(config, "NOTEBOOKS_DIR", tmp / "notebooks")
        mp.setattr(config, "PROCESSED_DIR", tmp / "processed")
        return build_site(tmp / "site", execute=False)


class Elements(HTMLParser):
    """Every element's attributes and text, and the ids of the page."""

    VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "source", "wbr"})

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.open: list[dict] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": "", "children": []}
        if self.open:
            self.open[-1]["children"].append(element)
        self.elements.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data

    def ids(self) -> set[str]:
        return {e["attrs"]["id"] for e in self.elements if "id" in e["attrs"]}

    def find(self, tag: str, **attrs) -> list[dict]:
        return [e for e in self.elements if e["tag"] == tag
                and all(e["attrs"].get(k.rstrip("_")) == v for k, v in attrs.items())]


def read(site: Path, name: str) -> Elements:
    return Elements((site / name).read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------------
# The article


def test_every_claim_is_marked_with_exactly_its_quote_and_figure(site):
    claims = load("claims", index=True)
    page = read(site, ARTICLE)
    marks = {m["attrs"]["id"]: m for m in page.find("mark") if "id" in m["attrs"]}
    assert set(marks) == {f"claim-{i}" for i in claims.index}
    for claim_id, claim in claims.iterrows():
        mark = marks[f"claim-{claim_id}"]
        assert mark["text"] == claim.quote, claim_id
        assert mark["attrs"]["tabindex"] == "0"
        figure = [c for c in mark["children"] if c["tag"] == "strong"]
        assert [f["text"] for f in figure] == [claim.figure], claim_id
        tip = page.find("span", id=mark["attrs"]["aria-describedby"])
        assert len(tip) == 1 and claim_id in tip[0]["text"]
        assert claim.unit.split("_")[0] in tip[0]["text"]
        assert claim.qualifier.replace("_", " ") in tip[0]["text"]
    # the simplified column marks the same span of the simplified text
    hans = {m["attrs"]["data-claim"]: m["text"] for m in page.find("mark")
            if "id" not in m["attrs"]}
    assert hans == dict(zip(claims.index, claims.quote_hans, strict=True))


def test_article_keeps_every_sentence_and_the_attribution(site):
    sentences = load("sentences", index=True)
    text = (site / ARTICLE).read_text(encoding="utf-8")
    rows = dict(re.findall(r'<section class="sentence" id="sentence-([^"]+)">(.*?)'
                           r"</section>", text, re.DOTALL))
    assert list(rows) == list(sentences.sort_values("char_start").index)
    for sentence_id, sentence in sentences.iterrows():
        columns = {}
        for lang, inner in re.findall(r'<p class="\w+" lang="([\w-]+)">(.*?)</p>',
                                      rows[sentence_id], re.DOTALL):
            inner = re.sub(r'<span class="(tip|label)".*?</span>', "", inner)
            columns[lang] = html.unescape(re.sub(r"<[^>]*>", "", inner))
        assert columns == {"zh-Hant": sentence.zh_hant, "zh-Hans": sentence.zh_hans,
                           "en": sentence.en}, sentence_id
    page = read(site, ARTICLE)
    # the attribution as required, the title in the one script the site shows
    record = source()
    shown = record.attribution_line
    for other in re.findall(r"“([^”]+)”", shown):
        if len(other) == len(record.title_zh):
            shown = shown.replace(other, record.title_zh)
    assert "中国西藏网" in shown and record.title_zh in shown
    notice = page.find("p", class_="attribution-notice")
    assert [p["text"] for p in notice] == [shown]
    assert shown in page.find("footer")[0]["text"]


# ----------------------------------------------------------------------------------
# Sources and derived figures


def test_every_fact_and_derived_figure_has_an_anchor(site):
    ids = read(site, SOURCES).ids()
    context, derived = load("context", index=True), load("derived", index=True)
    assert {i for i in ids if i.startswith("fact-")} == {
        f"fact-{i}" for i in context.index}
    assert {i for i in ids if i.startswith("derived-")} == {
        f"derived-{i}" for i in derived.index}


def test_every_derived_input_links_to_an_existing_anchor(site):
    page = read(site, SOURCES)
    article_ids = read(site, ARTICLE).ids()
    derived = load("derived", index=True)
    for derived_id, row in derived.iterrows():
        block = page.find("article", id=f"derived-{derived_id}")[0]
        inputs = next(e for e in _walk(block) if e["tag"] == "ul")
        links = {a["text"]: a["attrs"]["href"] for a in _walk(inputs)
                 if a["tag"] == "a"}
        assert sorted(links) == sorted(row.inputs.split(";")), derived_id
        for name, href in links.items():
            target = urlsplit(href)
            ids = article_ids if target.path == ARTICLE else page.ids()
            assert target.path in ("", ARTICLE), href
            assert target.fragment in ids, (derived_id, href)
            assert target.fragment.endswith(name)


def _walk(element: dict):
    for child in element["children"]:
        yield child
        yield from _walk(child)


def test_unverified_facts_say_so(site):
    context = load("context", index=True)
    page = read(site, SOURCES)
    for ref_id in context.index[context.verification == "unverified"]:
        block = page.find("article", id=f"fact-{ref_id}")[0]
        shown = [e["text"] for e in _walk(block) if e["tag"] == "dd"
                 and e["attrs"].get("class", "").startswith("verification")]
        assert shown == ["unverified"], ref_id


# ----------------------------------------------------------------------------------
# Where the notebooks use each claim, recomputed


def expected_uses(claim_ids: set[str]) -> dict[str, list[tuple[str, bool]]]:
    """For each claim: (address, draws a chart) of each section naming it in code."""
    names = "|".join(sorted(claim_ids, key=len, reverse=True))
    word = re.compile(f"(?<![A-Za-z0-9_])(?:{names})(?![A-Za-z0-9_])")
    found: dict[str, dict[str, bool]] = {i: {} for i in claim_ids}
    for path in sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")):
        anchor, taken = "", {}
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                for line in cell.source.splitlines():
                    heading = re.match(r"#{1,6}\s+(.+?)\s*#*$", line)
                    if heading:
                        base = slug(heading[1].replace("*", "").replace("`", ""))
                        taken[base] = taken.get(base, 0) + 1
                        anchor = base if taken[base] == 1 else f"{base}-{taken[base]}"
                continue
            if cell.cell_type != "code":
                continue
            strings = [n.value for n in ast.walk(ast.parse(cell.source))
                       if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            chart = any("image/png" in o.get("data", {}) for o in cell.outputs)
            address = f"{path.stem}.html" + (f"#{anchor}" if anchor else "")
            for text in strings:
                for match in word.finditer(text):
                    before = found[match[0]].get(address, False)
                    found[match[0]][address] = before or chart
    return {i: sorted(s.items()) for i, s in found.items()}


def test_used_in_lists_match_the_notebooks(site):
    claims = load("claims", index=True)
    page = read(site, ARTICLE)
    expected = expected_uses(set(claims.index))
    assert any(expected.values())
    for item in page.find("li"):
        links = [c for c in item["children"] if c["tag"] == "a"]
        if not links or not links[0]["attrs"]["href"].startswith("#claim-"):
            continue
        claim_id = links[0]["attrs"]["href"].removeprefix("#claim-")
        shown = []
        for use in links[1:]:
            after = item["text"].split(use["text"], 1)[1]
            shown.append((use["attrs"]["href"], after.startswith(" (chart)")))
        assert sorted(shown) == expected.pop(claim_id), claim_id
    assert expected == {}, "claims without a list"


def test_used_in_anchors_exist_on_the_notebook_pages(site):
    for a in read(site, ARTICLE).find("a", class_="use"):
        target = urlsplit(a["attrs"]["href"])
        assert target.fragment in read(site, target.path).ids(), a["attrs"]["href"]


# ----------------------------------------------------------------------------------
# Links from the notebook pages


TARGETS = {"c1": "article.html#claim-c1", "ref_x": "sources.html#fact-ref_x"}


@pytest.mark.parametrize("page", [
    '<img alt="c1" src="data:image/png;base64,c1AAAA">',
    '<a href="#c1">c1 and ref_x</a>',
    '<pre>c1 <span class="s2">"ref_x"</span></pre>',
    "<code>c1</code>",
    "<style>.c1 { color: red }</style>",
    "<!-- c1 -->",
    '<div title="ref_x" data-id=\'c1\'>c10, xc1, c1x, ref_xy</div>',
], ids=["image", "link", "pre", "code", "style", "comment", "attributes-and-words"])
def test_link_ids_leaves_attributes_code_and_links_alone(page):
    assert link_ids(page, TARGETS) == page


def test_link_ids_links_whole_words_in_text_and_tables():
    page = ('<table><tr><th>c1</th><td title="c1">ref_x; c1</td></tr></table>'
            "<pre>c1</pre><p>after ref_x.</p>")
    assert link_ids(page, TARGETS) == (
        '<table><tr><th><a class="id-link" href="article.html#claim-c1">c1</a></th>'
        '<td title="c1"><a class="id-link" href="sources.html#fact-ref_x">ref_x</a>; '
        '<a class="id-link" href="article.html#claim-c1">c1</a></td></tr></table>'
        '<pre>c1</pre><p>after <a class="id-link" href="sources.html#fact-ref_x">'
        "ref_x</a>.</p>")


def test_notebook_pages_link_ids_outside_code_only(site):
    targets = set(load("claims").claim_id) | set(load("context").ref_id)
    linked = 0
    for path in sorted(site.glob("[0-9][0-9]-*.html")):
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r"<pre.*?</pre>", text, re.DOTALL):
            assert "id-link" not in block, path.name
        for href, name in re.findall(
                r'<a class="id-link" href="([^"]+)">([^<]+)</a>', text):
            target = urlsplit(href)
            ids = read(site, target.path).ids()
            assert target.fragment in ids and target.fragment.endswith(name)
            linked += name in targets
    assert linked >= 10


# ----------------------------------------------------------------------------------
# In Chromium, from file://, on a desktop and on a phone

LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
OVERFLOW = "() => document.documentElement.scrollWidth - innerWidth"
LAYOUT = """() => {
  const row = document.querySelector("section.sentence");
  const box = s => row.querySelector(s).getBoundingClientRect();
  return {hant: [box(".hant").left, box(".hant").top],
          en: [box(".en").left, box(".en").top]};
}"""
TIP = """id => {
  const tip = document.getElementById(
    document.getElementById(id).getAttribute("aria-describedby"));
  const box = tip.getBoundingClientRect();
  return {shown: getComputedStyle(tip).display !== "none" && box.width > 0,
          text: tip.innerText,
          inside: box.left >= 0 && box.right <= document.documentElement.clientWidth};
}"""
LINKS = """() => ({
  links: [...document.querySelectorAll("a[href]")].map(a => a.href)})"""


@pytest.mark.browser
def test_article_in_chromium_at_desktop_and_phone_widths(site):
    executable = chromium_executable()
    from playwright.sync_api import sync_playwright

    claims = load("claims", index=True)
    first = f"claim-{claims.sort_values('char_start').index[0]}"
    hrefs: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable,
                                             args=LAUNCH_ARGS, headless=True,
                                             env=dict(os.environ))
        try:
            for width in (1280, 390):
                context = browser.new_context(viewport={"width": width, "height": 800})
                context.route("**/*", lambda r: r.continue_()
                              if r.request.url.startswith("file:") else r.abort())
                for name in (ARTICLE, SOURCES):
                    page = context.new_page()
                    page.goto((site / name).as_uri(), wait_until="load")
                    if width == 390:
                        assert page.evaluate(OVERFLOW) <= 0, f"{name} overflows"
                    hrefs[name] = page.evaluate(LINKS)["links"]
                    if name == ARTICLE:
                        layout = page.evaluate(LAYOUT)
                        if width == 1280:  # side by side
                            assert layout["en"][0] > layout["hant"][0]
                            assert layout["en"][1] == layout["hant"][1]
                        else:  # one under the other
                            assert layout["en"][0] == layout["hant"][0]
                            assert layout["en"][1] > layout["hant"][1]
                        assert not page.evaluate(TIP, first)["shown"]
                        page.focus(f"#{first}")
                        tip = page.evaluate(TIP, first)
                        assert tip["shown"] and tip["inside"], (width, tip)
                        assert first.removeprefix("claim-") in tip["text"]
                        if width == 390:
                            assert page.evaluate(OVERFLOW) <= 0, "tooltip overflows"
                    page.close()
                context.close()
        finally:
            browser.close()
    checked = 0
    for name, links in hrefs.items():
        for href in links:
            target = urlsplit(href)
            if target.scheme != "file":
                assert target.scheme in ("http", "https"), href
                continue
            path = Path(unquote(target.path))
            assert path.is_file(), f"{name} links to missing {href}"
            if target.fragment:
                ids = read(path.parent, path.name).ids()
                assert unquote(target.fragment) in ids, f"{name}: {href}"
                checked += 1
    assert checked >= len(claims) * 2
