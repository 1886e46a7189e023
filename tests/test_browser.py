"""The built site in headless Chromium: offline, error-free, Chinese drawn.

Chromium loads every page from file:// with every other request aborted (and
counted as a failure), and sees only the machine's fonts that have no CJK glyphs,
so Chinese text can only be drawn by the site's own web font. axe-core checks
every page at a desktop (1280 px) and a phone (390 px) width. A screenshot of
each page is saved under test-artifacts/screenshots/.
"""

import dataclasses
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from _browser import chromium_executable
from fontTools.ttLib import TTFont

from gyantse import config, typeface
from gyantse.provenance import source
from gyantse.site import FONT_FACE, build_site

pytestmark = pytest.mark.browser

LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = config.ROOT / "test-artifacts" / "screenshots"
FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]
PAGE_TIMEOUT_MS = 30_000
DESKTOP, PHONE = 1280, 390


def latin_only_fontconfig(folder: Path) -> Path:
    """A fontconfig file that offers Chromium only the fonts with no CJK glyphs."""
    fonts = folder / "fonts"
    fonts.mkdir(parents=True)
    for base in FONT_DIRS:
        for path in sorted(base.rglob("*")) if base.is_dir() else []:
            if path.suffix.lower() not in {".ttf", ".otf"}:
                continue
            try:
                cmap = TTFont(path, lazy=True).getBestCmap() or {}
            except Exception:  # an unreadable font is simply not offered
                continue
            link = fonts / path.name
            if ord("中") not in cmap and not link.exists():
                link.symlink_to(path)
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig>\n  <dir>{fonts}</dir>\n"
        f"  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8")
    return conf


# Everything measured inside a page, after its fonts are ready.
COLLECT = """async (sample) => {
  await document.fonts.ready;
  // load every image now, lazy ones too, and wait for each to finish decoding
  // (a broken one stays incomplete); a lazy image out of view would never load
  for (const image of document.images) image.loading = "eager";
  // (at most 20 s, so that an image that never loads fails the check, not hangs it)
  await Promise.race([
    Promise.all([...document.images].map(i => i.decode().catch(() => null))),
    new Promise(resolve => setTimeout(resolve, 20000))]);
  const face = FACE;
  const draw = (font, text) => {
    const canvas = document.createElement("canvas");
    canvas.width = 480; canvas.height = 64;
    const g = canvas.getContext("2d");
    g.font = font; g.fillStyle = "#000"; g.fillText(text, 4, 46);
    return {width: g.measureText(text).width, pixels: canvas.toDataURL()};
  };
  const web = draw(`40px "${face}"`, sample);
  const latin = draw('40px "DejaVu Sans", "Liberation Sans", sans-serif', sample);
  const missing = draw(`40px "${face}"`, "\\ue000".repeat([...sample].length));
  const footer = document.querySelector("footer");
  return {
    text: document.body.innerText,
    footerFont: footer ? getComputedStyle(footer).fontFamily : "",
    faces: [...document.fonts].map(f => [f.family.replaceAll('"', ""), f.status]),
    check: document.fonts.check(`16px "${face}"`, sample),
    web: web.width, latin: latin.width,
    differsFromLatin: web.pixels !== latin.pixels,
    differsFromMissing: web.pixels !== missing.pixels,
    images: [...document.images].map(i => ({src: i.currentSrc.startsWith("data:")
        ? i.currentSrc.slice(0, 40) : i.currentSrc,
      complete: i.complete, width: i.naturalWidth})),
    links: [...document.querySelectorAll("a[href]")].map(a => a.href),
    ids: [...document.querySelectorAll("[id]")].map(e => e.id),
  };
}""".replace("FACE", repr(FONT_FACE))


# Mark every rendered element whose own text holds CJK characters; return their counts.
MARK_CJK = r"""() => {
  const cjk = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/gu;
  const counts = [];
  for (const element of document.body.querySelectorAll("*")) {
    const own = [...element.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
      .map(n => n.textContent).join("");
    const count = (own.match(cjk) || []).length;
    // skipped by content-visibility (as JupyterLab does off screen): not drawn
    if (count && element.checkVisibility({contentVisibilityAuto: true})
        && element.getClientRects().length) {
      element.setAttribute("data-cjk-check", String(counts.length));
      counts.push({count, text: own.trim().slice(0, 40)});
    }
  }
  return counts;
}"""


def cjk_glyph_sources(page) -> list[dict]:
    """For each element showing CJK text: how many glyphs the web font drew."""
    marked = page.evaluate(MARK_CJK)
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        nodes = cdp.send("DOM.querySelectorAll",
                         {"nodeId": root, "selector": "[data-cjk-check]"})["nodeIds"]
        for node in nodes:
            attributes = cdp.send("DOM.getAttributes", {"nodeId": node})["attributes"]
            index = int(attributes[attributes.index("data-cjk-check") + 1])
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            marked[index]["web_glyphs"] = sum(
                f["glyphCount"] for f in fonts
                if f["isCustomFont"] and f["familyName"] == typeface.FAMILY)
    finally:
        cdp.detach()
    return marked


def axe_violations(page) -> list[dict]:
    """The axe-core rules the page breaks, each with the first element it names."""
    from axe_playwright_python.sync_playwright import Axe

    # no preload: axe would fetch the stylesheets again, which file:// refuses
    results = Axe().run(page, options={"resultTypes": ["violations"],
                                       "preload": False}).response
    return [{"rule": v["id"], "impact": v["impact"], "count": len(v["nodes"]),
             "first": v["nodes"][0]["target"] if v["nodes"] else None}
            for v in results["violations"]]


# What a phone-sized window shows: overflow, caption sizes, figures and tables.
PHONE_METRICS = """() => ({
  overflow: document.documentElement.scrollWidth - window.innerWidth,
  sourceSizes: [...document.querySelectorAll("figcaption, .chart-source")]
    .map(e => parseFloat(getComputedStyle(e).fontSize)),
  unlabelledScrollers: [...document.querySelectorAll("main *")]
    .filter(e => e.scrollWidth > e.clientWidth + 1
            && ["auto", "scroll"].includes(getComputedStyle(e).overflowX)
            && e.checkVisibility()
            && !(e.tabIndex >= 0 && e.getAttribute("aria-label")))
    .map(e => `${e.tagName}.${e.className}: ${e.textContent.slice(0, 40)}`),
})"""


@dataclasses.dataclass
class Visit:
    name: str
    path: Path
    blocked: list[str]
    failed: list[str]
    console_errors: list[str]
    found: dict
    violations: list[dict] = dataclasses.field(default_factory=list)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The site of the repository's notebooks and data (stand-ins where missing)."""
    from test_site import (
        has_real_data,
        has_real_notebooks,
        stand_in_data,
        stand_in_notebooks,
    )

    tmp = tmp_path_factory.mktemp("browser-site")
    with pytest.MonkeyPatch.context() as mp:
        if has_real_notebooks():
            shutil.copytree(config.NOTEBOOKS_DIR, tmp / "notebooks",
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        else:
            stand_in_notebooks(tmp / "notebooks")
        if has_real_data():
            shutil.copytree(config.PROCESSED_DIR, tmp / "processed")
        else:
            stand_in_data(tmp / "processed")
        mp.setattr(config, "NOTEBOOKS_DIR", tmp / "notebooks")
        mp.setattr(config, "PROCESSED_DIR", tmp / "processed")
        return build_site(tmp / "site", execute=False)


@pytest.fixture(scope="module")
def visits(site, tmp_path_factory) -> dict[str, Visit]:
    executable = chromium_executable()
    from playwright.sync_api import sync_playwright

    fontconfig = latin_only_fontconfig(tmp_path_factory.mktemp("fontconfig"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sample = "".join(re.findall(r"[\u3400-\u9fff]", source().publisher_zh))
    names = ["index.html", *sorted(p.name for p in site.glob("*.html")
                                   if p.name != "index.html")]
    found: dict[str, Visit] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=LAUNCH_ARGS, headless=True,
            env={**os.environ, "FONTCONFIG_FILE": str(fontconfig)})
        try:
            context = browser.new_context(viewport={"width": DESKTOP, "height": 900},
                                          device_scale_factor=1)
            for name in names:
                visit = Visit(name, site / name, [], [], [], {})

                def route(route, visit=visit):
                    if route.request.url.startswith("file:"):
                        route.continue_()
                    else:
                        visit.blocked.append(route.request.url)
                        route.abort()

                context.route("**/*", route)
                page = context.new_page()
                page.set_default_timeout(PAGE_TIMEOUT_MS)
                page.on("console", lambda m, v=visit: v.console_errors.append(m.text)
                        if m.type == "error" else None)
                page.on("pageerror", lambda e, v=visit: v.console_errors.append(str(e)))
                page.on("requestfailed", lambda r, v=visit: v.failed.append(r.url))
                page.goto((site / name).as_uri(), wait_until="load")
                visit.found = page.evaluate(COLLECT, sample)
                visit.found["cjk_elements"] = cjk_glyph_sources(page)
                visit.violations = axe_violations(page)
                page.screenshot(path=SCREENSHOTS / f"{Path(name).stem}.png",
                                full_page=True)
                page.close()
                context.unroute("**/*")
                found[name] = visit
        finally:
            browser.close()
    # screenshots of pages that no longer exist would mislead
    for old in SCREENSHOTS.glob("*.png"):
        if f"{old.stem}.html" not in found:
            old.unlink(missing_ok=True)
    return found


def test_every_page_was_visited(site, visits):
    assert set(visits) == {p.name for p in site.glob("*.html")}
    assert len(visits) >= 2


def test_no_request_leaves_the_machine_and_none_fails(visits):
    for visit in visits.values():
        assert visit.blocked == [], f"{visit.name} tried the network"
        assert visit.failed == [], f"{visit.name} has failed requests"


def test_no_console_errors(visits):
    for visit in visits.values():
        assert visit.console_errors == [], visit.name


def test_every_image_is_decoded(visits):
    for visit in visits.values():
        for image in visit.found["images"]:
            assert image["complete"] and image["width"] > 0, (visit.name, image)
    index_images = visits["index.html"].found["images"]
    thumbs = [i for i in index_images if "assets/thumbs/" in i["src"]]
    assert len(thumbs) == len(list((visits["index.html"].path.parent / "assets" /
                                    "thumbs").glob("*.png")))


def test_internal_links_resolve(visits):
    for visit in visits.values():
        for href in visit.found["links"]:
            target = urlsplit(href)
            if target.scheme != "file":
                continue
            path = Path(unquote(target.path))
            assert path.is_file(), f"{visit.name} links to missing {href}"
            if target.fragment:
                ids = (visit.found["ids"] if path == visit.path else
                       re.findall(r'id="([^"]+)"', path.read_text(encoding="utf-8")))
                fragment = unquote(target.fragment)  # the browser encodes 西藏
                assert fragment in ids, f"{visit.name}: no #{fragment}"


def test_chinese_is_drawn_with_the_web_font(visits):
    record = source()
    for visit in visits.values():
        found = visit.found
        assert record.publisher_zh in found["text"], visit.name
        assert [FONT_FACE, "loaded"] in found["faces"], (visit.name, found["faces"])
        assert found["check"], visit.name
        assert FONT_FACE in found["footerFont"], visit.name
        # not tofu: the glyphs differ from a font without CJK and from missing glyphs
        assert found["differsFromLatin"] and found["web"] != found["latin"], visit.name
        assert found["differsFromMissing"], visit.name
        # every CJK character shown on the page is a glyph of the web font
        assert found["cjk_elements"], visit.name
        for element in found["cjk_elements"]:
            assert element.get("web_glyphs", 0) >= element["count"], (visit.name,
                                                                       element)


def test_a_screenshot_of_every_page(visits):
    for name in visits:
        shot = SCREENSHOTS / f"{Path(name).stem}.png"
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def phone_visits(site, tmp_path_factory) -> dict[str, dict]:
    """Every page at a phone's width: axe-core's findings and what the reader sees."""
    executable = chromium_executable()
    from playwright.sync_api import sync_playwright

    fontconfig = latin_only_fontconfig(tmp_path_factory.mktemp("fontconfig-phone"))
    found: dict[str, dict] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=LAUNCH_ARGS, headless=True,
            env={**os.environ, "FONTCONFIG_FILE": str(fontconfig)})
        try:
            context = browser.new_context(viewport={"width": PHONE, "height": 844},
                                          device_scale_factor=2, is_mobile=True,
                                          has_touch=True)
            context.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith("file:") else route.abort())
            for path in sorted(site.glob("*.html")):
                page = context.new_page()
                page.set_default_timeout(PAGE_TIMEOUT_MS)
                page.goto(path.as_uri(), wait_until="load")
                found[path.name] = {**page.evaluate(PHONE_METRICS),
                                    "violations": axe_violations(page)}
                page.close()
        finally:
            browser.close()
    return found


def test_axe_finds_no_violation_on_a_desktop(visits):
    for visit in visits.values():
        assert visit.violations == [], (visit.name, visit.violations)


def test_axe_finds_no_violation_on_a_phone(phone_visits):
    for name, found in phone_visits.items():
        assert found["violations"] == [], (name, found["violations"])


def test_a_phone_needs_no_sideways_scrolling_but_in_labelled_regions(phone_visits):
    for name, found in phone_visits.items():
        assert found["overflow"] <= 0, f"{name} is wider than a phone"
        assert found["unlabelledScrollers"] == [], name


def test_chart_captions_and_sources_are_readable_on_a_phone(phone_visits):
    for name, found in phone_visits.items():
        assert all(size >= 9 for size in found["sourceSizes"]), name
