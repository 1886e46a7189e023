"""Nothing that is committed or published names the machine that made it.

Scans the committed notebooks (sources, text outputs and metadata; image data is
skipped), everything under ``data/``, the README, citation and ``docs/``, and a
site rendered from the stored outputs, for absolute local paths, this machine's
host name and the user's name. The scan is checked against planted traces, so it
cannot pass by looking at nothing.

A generic account name such as ``root`` is not searched for as a bare word (it is
an English word too); paths under ``/root/`` are caught as local paths. Names are
matched as whole words outside base64 data, web addresses and HTML class
attributes, where a short host name such as ``vm`` occurs by chance (Pygments
styles magic variables with the class ``vm``).
"""

import base64
import getpass
import json
import os
import re
import shutil
import socket
from collections.abc import Iterable, Iterator
from pathlib import Path

import nbformat
import pytest

from gyantse import config

LOCAL_PATH = re.compile(r"/(?:work|root|home|tmp|Users)/|/var/folders/"
                        r"|\b[A-Za-z]:\\+Users\\+")
WEB_ADDRESS = re.compile(r"https?://[^\s\"'<>()]+")
DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+")
CLASS_ATTRIBUTE = re.compile(r"""\sclass=(?:"[^"]*"|'[^']*')""")
GENERIC_NAMES = {"root", "localhost", "nobody", "user", "admin"}


def identities() -> set[str]:
    """This machine's host name and the user's names, minus generic ones."""
    host = socket.gethostname()
    names = {host, host.split(".")[0]}
    try:
        names.add(getpass.getuser())
    except (KeyError, OSError):
        pass
    names |= {os.environ.get(v, "") for v in ("USER", "LOGNAME", "SUDO_USER")}
    return {n for n in names if len(n) >= 2 and n.lower() not in GENERIC_NAMES}


def _walk_notebook(node, key: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        for k, value in node.items():
            if not k.startswith("image/"):
                yield k
                yield from _walk_notebook(value, k)
    elif isinstance(node, list):
        for item in node:
            yield from _walk_notebook(item, key)
    elif isinstance(node, str):
        yield node


def _texts(path: Path) -> tuple[str, bool]:
    """The text of ``path`` to scan, and whether it is a text file."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1"), False
    if path.suffix == ".ipynb":
        text = "\n".join(_walk_notebook(json.loads(text)))
    text = CLASS_ATTRIBUTE.sub("", DATA_URI.sub("data:", text))
    return text, True


def traces(paths: Iterable[Path], names: Iterable[str]) -> list[str]:
    """Every local path or name found in ``paths``, as 'file: match' lines."""
    # a name is a whole word: not part of a longer word, a CSS class or a file name
    words = [re.compile(rf"(?<![\w.-]){re.escape(n)}(?![\w-])", re.IGNORECASE)
             for n in sorted(names)]
    found = []
    for path in paths:
        text, is_text = _texts(path)
        text = WEB_ADDRESS.sub("", text) if is_text else text
        for pattern in [LOCAL_PATH, *(words if is_text else [])]:
            found += [f"{path}: {m.group()!r}" for m in pattern.finditer(text)]
    return found


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and ".ipynb_checkpoints" not in p.parts)


# ----------------------------------------------------------------------------------
# The project's files


def test_committed_notebooks_name_no_local_path_user_or_host():
    assert traces(files(config.NOTEBOOKS_DIR), identities()) == []


def test_data_names_no_local_path_user_or_host():
    paths = files(config.DATA_DIR)
    assert any(p.suffix == ".csv" for p in paths)
    assert traces(paths, identities()) == []


def test_readme_citation_and_docs_name_no_local_path_user_or_host():
    paths = [config.ROOT / name for name in ("README.md", "CITATION.cff")
             if (config.ROOT / name).exists()]
    if (config.ROOT / "docs").is_dir():
        paths += files(config.ROOT / "docs")
    assert traces(paths, identities()) == []


@pytest.fixture(scope="module")
def rendered_site(tmp_path_factory):
    from gyantse import site

    return site.build_site(tmp_path_factory.mktemp("site") / "site", execute=False)


def test_rendered_site_names_no_local_path_user_or_host(rendered_site):
    paths = files(rendered_site)
    assert any(p.name == "index.html" for p in paths)
    assert traces(paths, identities()) == []


# ----------------------------------------------------------------------------------
# The scan itself finds what is planted and nothing else


def _notebook(path: Path, source: str = "x = 1", text: str = "1",
              image: bytes = b"\x89PNG") -> Path:
    cell = nbformat.v4.new_code_cell(source, outputs=[nbformat.v4.new_output(
        "display_data", data={"text/plain": text,
                              "image/png": base64.b64encode(image).decode()})])
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    return path


PLANTS = {
    "work-path": "/work/main/data/processed/claims.csv",
    "root-path": "/root/.cache/matplotlib",
    "home-path": "/home/someone/gyantse/notebooks",
    "tmp-path": "/tmp/pytest-of-someone/pytest-3",
    "mac-path": "/Users/someone/gyantse",
    "windows-path": r"C:\Users\someone\gyantse",
    "user-name": "written by amala",
    "host-name": "HOST",
}


@pytest.fixture
def copies(tmp_path):
    """Writable copies of the data and of a notebook, clean before planting."""
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, data)
    stored = sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
    notebook = tmp_path / "01-copy.ipynb"
    if stored:
        shutil.copyfile(stored[0], notebook)
    else:
        _notebook(notebook)
    names = identities() | {"amala"}
    assert traces([*files(data), notebook], names) == []
    return data, notebook, names


@pytest.mark.parametrize("carrier", ["csv", "yaml", "notebook-output",
                                     "notebook-source", "html"])
@pytest.mark.parametrize("plant", PLANTS, ids=list(PLANTS))
def test_scan_finds_a_planted_trace(copies, tmp_path, plant, carrier):
    data, notebook, names = copies
    planted = PLANTS[plant].replace("HOST", socket.gethostname())
    if planted.lower() in GENERIC_NAMES:
        pytest.skip(f"the host name {planted!r} is generic")
    if carrier == "csv":
        target = data / "processed" / "claims.csv"
        lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[1] = lines[1].replace(",", f",{planted} ", 1)
        target.write_text("".join(lines), encoding="utf-8")
    elif carrier == "yaml":
        target = data / "annotations" / "claims.yml"
        target.write_text(target.read_text(encoding="utf-8")
                          + f"# {planted}\n", encoding="utf-8")
    elif carrier.startswith("notebook"):
        target = notebook
        nb = nbformat.read(notebook, as_version=4)
        cell = nbformat.v4.new_code_cell(
            f"print('{planted}')" if carrier == "notebook-source" else "x = 1",
            outputs=[] if carrier == "notebook-source" else [
                nbformat.v4.new_output("stream", name="stdout",
                                       text=f"saved to {planted}\n")])
        nb.cells.append(cell)
        nbformat.write(nb, notebook)
    else:
        target = tmp_path / "page.html"
        image = base64.b64encode(b"\x89PNG" + bytes(range(256)) * 4).decode()
        target.write_text(f'<img src="data:image/png;base64,{image}">'
                          f"<p>{planted}</p>", encoding="utf-8")
    scanned = [*files(data), notebook] + ([target] if carrier == "html" else [])
    found = traces(scanned, names)
    assert len(found) == 1, found
    assert found[0].startswith(f"{target}: ")


def test_scan_finds_a_path_in_a_binary_file(tmp_path):
    target = tmp_path / "thumb.png"
    target.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe tEXt /home/amala/x.png \xff")
    assert traces([target], {"amala"}) == [f"{target}: '/home/'"]


def test_scan_ignores_image_data_web_addresses_and_style_classes(tmp_path):
    """Base64 data and style classes can spell a short name; web addresses /home/."""
    image = b"".join(base64.b64decode(f"+{n}/" + "A" * (4 - (len(n) + 2) % 4))
                     for n in ("vm", "amala"))
    notebook = _notebook(tmp_path / "01-image.ipynb", image=image)
    page = tmp_path / "page.html"
    encoded = base64.b64encode(image).decode()
    assert "+vm/" in encoded and "+amala/" in encoded
    page.write_text(f'<img src="data:image/png;base64,{encoded}">'
                    '<a href="https://example.org/home/tmp/page">a page</a>'
                    '<span class="vm">__name__</span>', encoding="utf-8")
    css = tmp_path / "site.css"
    css.write_text(".highlight .vm { color: #19177C }\n", encoding="utf-8")
    assert traces([notebook, page, css], {"vm", "amala"}) == []
    page.write_text(page.read_text(encoding="utf-8") + "<p>built on vm.</p>",
                    encoding="utf-8")
    assert traces([notebook, page, css], {"vm", "amala"}) == [f"{page}: 'vm'"]


def test_this_machine_is_searched_for():
    host = socket.gethostname()
    if host.lower() in GENERIC_NAMES or len(host) < 2:
        pytest.skip(f"the host name {host!r} is generic")
    assert host in identities()
