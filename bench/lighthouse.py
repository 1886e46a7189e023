"""Lighthouse scores of every page of the built site, on a phone and a desktop.

Serves site/ on localhost, runs Lighthouse 12 (through npx) with the system's
Chromium on each page in both form factors, and writes the four category scores
to bench/lighthouse.md. Not part of the tests: it needs npx and takes minutes.
"""

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
REPORT = ROOT / "bench" / "lighthouse.md"
LIGHTHOUSE = "lighthouse@12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = 95


def chromium() -> str:
    """Return the path of the system's Chromium, or stop with how to install it."""
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    sys.exit("Chromium is not installed; install it with 'apt-get install chromium'.")


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    """Serve ``folder`` on a free localhost port in a thread; return server, port."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def lighthouse(url: str, form: str, out: Path) -> dict[str, int]:
    """Run Lighthouse on ``url`` as ``form`` (mobile or desktop); return scores."""
    command = ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json",
               f"--output-path={out}", "--only-categories=" + ",".join(CATEGORIES),
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    if form == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chromium()})
    result = json.loads(out.read_text(encoding="utf-8"))
    return {c: round(100 * result["categories"][c]["score"]) for c in CATEGORIES}


def main() -> None:
    """Score every page in both form factors and write the report."""
    pages = sys.argv[1:] or ["index.html", *sorted(
        p.name for p in SITE.glob("*.html") if p.name != "index.html")]
    if not pages or not (SITE / "index.html").is_file():
        sys.exit("site/ has no pages; build it first with 'make site'.")
    server, port = serve(SITE)
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for page in pages:
                for form in os.environ.get("FORMS", "mobile,desktop").split(","):
                    scores = lighthouse(f"http://127.0.0.1:{port}/{page}", form,
                                        Path(tmp) / f"{page}-{form}.json")
                    rows.append((page, form, scores))
                    print(page, form, scores, flush=True)
    finally:
        server.shutdown()
    lines = ["# Lighthouse scores of the site", "",
             f"{LIGHTHOUSE} with Debian Chromium, pages served from localhost; "
             f"target {TARGET} or more in every category. Made by `make audit`.", "",
             "| page | form factor | " + " | ".join(CATEGORIES) + " |",
             "| --- | --- | " + " | ".join("---:" for _ in CATEGORIES) + " |"]
    for page, form, scores in rows:
        lines.append(f"| {page} | {form} | "
                     + " | ".join(str(scores[c]) for c in CATEGORIES) + " |")
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    below = [(p, f, c) for p, f, s in rows for c in CATEGORIES if s[c] < TARGET]
    print(f"wrote {REPORT.relative_to(ROOT)}; below {TARGET}: {below or 'none'}")


if __name__ == "__main__":
    main()
