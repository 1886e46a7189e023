"""JupyterLab on the notebooks: the server lists them, Chromium shows one, its kernel
runs it, and the server shuts down cleanly.

The server runs from the project's environment on 127.0.0.1 with a random token,
on a temporary copy of the notebooks folder (the first real notebook when there is
one, else a small stand-in), with its settings, workspaces and runtime files in
temporary folders. The browser may reach only that server. Every wait is bounded.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest

from gyantse import config, typeface
from gyantse.lab import command, install

pytestmark = pytest.mark.browser

START_TIMEOUT_S = 90
RUN_TIMEOUT_S = 300
SHUTDOWN_TIMEOUT_S = 30
PAGE_TIMEOUT_MS = 90_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stand_in_notebook(folder: Path) -> None:
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    notebook = nbformat.v4.new_notebook(cells=[
        md("# Lab check 江孜\n\nA notebook that runs in the project's kernel."),
        code("import gyantse\nrecord = gyantse.source()\nrecord.publisher_zh"),
        code("total = sum(range(10))\nassert total == 45\nprint(total)"),
    ])
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)",
                                       "language": "python", "name": "python3"}
    nbformat.write(notebook, folder / "01-lab-check.ipynb")


class Lab:
    """A running JupyterLab server and how to talk to it."""

    def __init__(self, root: Path, work: Path) -> None:
        self.root = root
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = work / "lab.log"
        environment = {**os.environ, "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
                       "JUPYTER_CONFIG_DIR": str(work / "config")}
        # the typeface and stylesheet, set up as Binder's postBuild does
        install(work / "config")
        jupyter = Path(sys.executable).with_name("jupyter")
        command = [
            str(jupyter), "lab", "--no-browser",
            f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
            "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            f"--LabApp.workspaces_dir={work / 'workspaces'}",
            f"--LabApp.user_settings_dir={work / 'settings'}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")  # CI containers run as root
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(command, stdout=self.log,
                                        stderr=subprocess.STDOUT, env=environment)

    def request(self, method: str, path: str, body: dict | None = None,
                timeout: float = 10) -> dict:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path, data=data, method=method,
            headers={"Authorization": f"token {self.token}",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
        return json.loads(text) if text else {}

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {self.process.returncode} "
                            f"before answering:\n{self.output()}")
            try:
                self.request("GET", "/api/status", timeout=2)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.25)
        pytest.fail(f"JupyterLab did not answer within {START_TIMEOUT_S} s:\n"
                    f"{self.output()}")

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]

    def stop(self) -> None:
        """Make sure the server is gone (used only when the clean shutdown failed)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    work = tmp_path_factory.mktemp("lab")
    root = work / "notebooks"
    real = sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
    if real:
        shutil.copytree(config.NOTEBOOKS_DIR, root,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    else:
        root.mkdir()
        stand_in_notebook(root)
    server = Lab(root, work)
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def first_notebook(lab) -> Path:
    return sorted(lab.root.glob("[0-9][0-9]-*.ipynb"))[0]


def first_heading(path: Path) -> str:
    cell = nbformat.read(path, as_version=4).cells[0]
    return next(line[2:].strip() for line in cell.source.splitlines()
                if line.startswith("# "))


def test_rest_api_lists_the_notebooks(lab):
    listing = lab.request("GET", "/api/contents")
    listed = sorted(item["name"] for item in listing["content"]
                    if item["type"] == "notebook")
    expected = sorted(p.name for p in lab.root.glob("[0-9][0-9]-*.ipynb"))
    assert expected and set(expected) <= set(listed)
    one = lab.request("GET", f"/api/contents/{expected[0]}")
    assert one["type"] == "notebook" and one["content"]["cells"]


def test_notebook_opens_in_chromium_with_its_heading(lab, first_notebook):
    from test_browser import LAUNCH_ARGS, chromium_executable

    executable = chromium_executable()
    from playwright.sync_api import sync_playwright

    outside: list[str] = []

    def route(route):
        if route.request.url.startswith(lab.base + "/"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    title = first_heading(first_notebook)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable,
                                             args=LAUNCH_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", route)
            page = context.new_page()
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            page.goto(f"{lab.base}/lab/tree/{first_notebook.name}?token={lab.token}")
            heading = page.locator(".jp-Notebook .jp-MarkdownOutput h1").first
            heading.wait_for(state="visible")
            assert title in heading.inner_text()
            # the notebook's kernel starts, and Lab reports it idle
            page.locator(".jp-Notebook").first.wait_for(state="visible")
        finally:
            browser.close()
    assert outside == []


def test_chinese_is_drawn_with_the_shipped_typeface(lab, first_notebook, tmp_path):
    """With no CJK font on the machine, Lab draws Chinese with the shipped faces."""
    from test_browser import (
        LAUNCH_ARGS,
        chromium_executable,
        cjk_glyph_sources,
        latin_only_fontconfig,
    )

    executable = chromium_executable()
    from playwright.sync_api import sync_playwright

    fontconfig = latin_only_fontconfig(tmp_path / "fontconfig")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=LAUNCH_ARGS, headless=True,
            env={**os.environ, "FONTCONFIG_FILE": str(fontconfig)})
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            page.goto(f"{lab.base}/lab/tree/{first_notebook.name}?token={lab.token}")
            page.locator(".jp-Notebook .jp-MarkdownOutput h1").first.wait_for(
                state="visible")
            page.wait_for_function(
                "() => [...document.querySelectorAll('.jp-Notebook')].some("
                "n => /[\\u4e00-\\u9fff]/.test(n.innerText))")
            # the bold face too: headings in Chinese ask for it
            page.evaluate("""async (family) => {
                await document.fonts.load(`16px "${family}"`, "江孜");
                await document.fonts.load(`bold 16px "${family}"`, "江孜");
                await new Promise(r => requestAnimationFrame(() => r()));
            }""", typeface.FAMILY)
            faces = page.evaluate("""async () => {
                await document.fonts.ready;
                return [...document.fonts].map(f => [f.family.replaceAll('"', ''),
                                                     f.weight, f.status]);
            }""")
            elements = cjk_glyph_sources(page)

            page.screenshot(path=tmp_path / "lab.png")
        finally:
            browser.close()
    assert [typeface.FAMILY, "400", "loaded"] in faces, faces
    assert [typeface.FAMILY, "700", "loaded"] in faces, faces
    assert elements, "no Chinese text was shown"
    for element in elements:
        assert element.get("web_glyphs", 0) >= element["count"], element


def test_make_lab_runs_on_a_configuration_folder_with_the_stylesheet(tmp_path):
    """The folder make lab gives JupyterLab; the user's settings stay in use."""
    user = tmp_path / "user"
    argv, environ = command(tmp_path / "lab", "jupyter",
                            {"JUPYTER_CONFIG_DIR": str(user), "HOME": str(tmp_path)})
    assert environ["JUPYTER_CONFIG_DIR"] == str(tmp_path / "lab")
    assert argv[:2] == ["jupyter", "lab"]
    assert f"--LabApp.user_settings_dir={user}/lab/user-settings" in argv
    settings = json.loads((tmp_path / "lab" / "jupyter_lab_config.json").read_text())
    assert settings == {"LabApp": {"custom_css": True}}
    css = (tmp_path / "lab" / "custom" / "custom.css").read_text(encoding="utf-8")
    for path in typeface.FILES.values():
        assert f'src: url("{path.name}")' in css
        assert (tmp_path / "lab" / "custom" / path.name).read_bytes() == \
            path.read_bytes()
    assert css.count("unicode-range: U+2E80-9FFF") == 2


class KernelChannel:
    """The kernel's websocket, speaking the Jupyter messaging protocol."""

    def __init__(self, lab: Lab, kernel_id: str) -> None:
        import websocket

        self.session = uuid.uuid4().hex
        self.socket = websocket.create_connection(
            f"ws://127.0.0.1:{lab.port}/api/kernels/{kernel_id}/channels"
            f"?session_id={self.session}",
            header=[f"Authorization: token {lab.token}"], timeout=RUN_TIMEOUT_S)

    def send(self, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        self.socket.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "session": self.session,
                       "username": "gyantse-test", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content,
            "channel": "shell", "buffers": [],
        }))
        return msg_id

    def replies(self, msg_id: str, deadline: float):
        """Messages answering ``msg_id`` until the kernel is idle and has replied."""
        replied = idle = False
        while not (replied and idle):
            self.socket.settimeout(max(1.0, deadline - time.monotonic()))
            message = json.loads(self.socket.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            yield message
            replied |= message["msg_type"].endswith("_reply")
            idle |= (message["msg_type"] == "status"
                     and message["content"]["execution_state"] == "idle")
            if time.monotonic() > deadline:
                raise TimeoutError(f"no answer within {RUN_TIMEOUT_S} s")

    def close(self) -> None:
        self.socket.close()


def test_notebook_runs_in_the_server_kernel_without_errors(lab, first_notebook):
    session = lab.request("POST", "/api/sessions", {
        "path": first_notebook.name, "name": first_notebook.name, "type": "notebook",
        "kernel": {"name": "python3"}})
    channel = KernelChannel(lab, session["kernel"]["id"])
    deadline = time.monotonic() + RUN_TIMEOUT_S
    try:
        info = list(channel.replies(channel.send("kernel_info_request", {}), deadline))
        assert any(m["msg_type"] == "kernel_info_reply" for m in info)
        notebook = nbformat.read(first_notebook, as_version=4)
        ran = 0
        for number, cell in enumerate(notebook.cells, start=1):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            msg_id = channel.send("execute_request", {
                "code": cell.source, "silent": False, "store_history": True,
                "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
            messages = list(channel.replies(msg_id, deadline))
            errors = [f"{m['content']['ename']}: {m['content']['evalue']}"
                      for m in messages if m["msg_type"] == "error"]
            reply = next(m for m in messages if m["msg_type"] == "execute_reply")
            assert errors == [], f"{first_notebook.name}, cell {number}: {errors}"
            assert reply["content"]["status"] == "ok", (number, reply["content"])
            ran += 1
        assert ran > 0
    finally:
        channel.close()


def test_server_shuts_down_cleanly(lab):
    lab.request("POST", "/api/shutdown")
    try:
        code = lab.process.wait(timeout=SHUTDOWN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"JupyterLab still runs {SHUTDOWN_TIMEOUT_S} s after "
                    f"/api/shutdown:\n{lab.output()}")
    assert code == 0, lab.output()
