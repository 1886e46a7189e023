"""Lighthouse scores of every page of the built site, on a phone and a desktop.

Serves site/ on localhost (text gzip-compressed, as a static host would), runs
Lighthouse 12 (through npx) with the system's Chromium on each page in both form
factors, and writes the four category scores to bench/lighthouse.md. Not part of
the tests: it needs npx and takes minutes.
"""

import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
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
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))


def chromium() -> str:
    """Return the path of the system's Chromium, or stop with how to install it."""
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    sys.exit("Chromium is not installed; install it with 'apt-get install chromium'.")


class Compressing(http.server.SimpleHTTPRequestHandler):
    """Serve text files gzip-compressed, as static hosts do, and log nothing."""

    TEXT = (".html", ".css", ".json", ".csv", ".ipynb", ".txt", ".md", ".cff")

    def send_head(self):  # noqa: D102 (SimpleHTTPRequestHandler's hook)
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in self.TEXT):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args) -> None:  # noqa: D102
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    """Serve ``folder`` on a free localhost port in a thread; return server, port."""
    handler = functools.partial(Compressing, directory=str(folder))
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
            tmp = os.environ.get("LIGHTHOUSE_JSON", tmp)
            for page in pages:
                for form in os.environ.get("FORMS", "mobile,desktop").split(","):
                    # the median of RUNS runs: one run varies with the machine's load
                    runs = [lighthouse(f"http://127.0.0.1:{port}/{page}", form,
                                       Path(tmp) / f"{page}-{form}-{run}.json")
                            for run in range(RUNS)]
                    scores = {c: statistics.median_low(r[c] for r in runs)
                              for c in CATEGORIES}
                    rows.append((page, form, scores))
                    print(page, form, scores, flush=True)
    finally:
        server.shutdown()
    lines = ["# Lighthouse scores of the site", "",
             f"{LIGHTHOUSE} with Debian Chromium, pages served gzip-compressed from "
             f"localhost; the median score of {RUNS} runs; "
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
