"""The offline audit: a page of the site may fetch nothing from another host.

Every address through which a page could load something (elements that fetch,
inline styles and style sheets) is collected; one that names another host stops
the build with a sentence naming the page and the addresses.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from gyantse.errors import SiteError

__all__ = ["check_offline"]

# Elements and attributes through which a page would fetch something.
_FETCHING_TAGS = {"audio", "embed", "iframe", "img", "input", "link", "object",
                  "script", "source", "track", "video"}
_FETCHING_ATTRS = {"data", "href", "poster", "src", "srcset"}
_CSS_REMOTE = re.compile(
    r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""",
    re.IGNORECASE,
)

class _Fetches(HTMLParser):
    """Collect every address through which a page would fetch a resource."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.addresses: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if tag in _FETCHING_TAGS and name in _FETCHING_ATTRS:
                self.addresses.extend(v.split()[0] for v in value.split(",")
                                      if v.strip())
            elif name == "style":
                self.addresses.extend(_CSS_REMOTE.findall(value))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.addresses.extend(_CSS_REMOTE.findall(data))


def check_offline(name: str, page: str) -> None:
    """Raise SiteError when page ``name`` would load anything from another host.

    >>> check_offline("ok.html", '<img src="data:image/png;base64,AAAA">')
    >>> check_offline("bad.html", '<link href="https://cdn.example/x.css">')
    Traceback (most recent call last):
    gyantse.errors.SiteError: bad.html would load https://cdn.example/x.css from ...
    """
    parser = _Fetches()
    parser.feed(page)
    remote = [a for a in parser.addresses
              if a.startswith("//") or urlsplit(a).scheme in {"http", "https", "ftp"}]
    if remote:
        raise SiteError(
            f"{name} would load {', '.join(sorted(set(remote)))} from the network; "
            "embed the resource in the notebook (or the template) or remove it, "
            "so that the site works offline."
        )
