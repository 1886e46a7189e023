"""The catalogue of faults and bad inputs, in one place.

Each fault must give one clear sentence that names the file, the entry and the fix,
and must leave data/processed as it was. The README lists the same catalogue.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

import gyantse
import gyantse.__main__ as gyantse_cli
from gyantse import _atomic, config, notebooks
from gyantse.build import build, build_tables
from gyantse.errors import AnnotationError, OutputError, SchemaError, SourceError
from gyantse.notebooks import NotebookError


@pytest.fixture
def annotations(tmp_path):
    """A writable copy of data/annotations."""
    folder = tmp_path / "annotations"
    shutil.copytree(config.ANNOTATIONS_DIR, folder)
    return folder


def _edit(folder, name, change):
    path = folder / f"{name}.yml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document["entries"])
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


def _one_sentence(message: str) -> None:
    assert message.count("\n") == 0
    assert message.rstrip().endswith(".")


def _first_claim(folder):
    path = folder / "claims.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["entries"][0]


def _fails(folder, *fragments, error=AnnotationError):
    with pytest.raises(error) as caught:
        build_tables(annotations_dir=folder)
    message = str(caught.value)
    _one_sentence(message)
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    return message


def test_quote_not_in_the_article(annotations):
    claim_id = _first_claim(annotations)["id"]

    def change(entries):
        entries[0]["quote"] = "江孜縣從未說過這句話"

    _edit(annotations, "claims", change)
    _fails(annotations, "claims.yml", f"'{claim_id}'", "江孜縣從未說過這句話",
           "copy the words exactly")


def test_duplicate_id(annotations):
    def change(entries):
        entries[1]["id"] = entries[0]["id"]

    _edit(annotations, "claims", change)
    _fails(annotations, "claims.yml", "entry 2", "repeats the id of entry 1",
           "give each entry its own id")


def test_value_that_disagrees_with_the_text(annotations):
    claim = _first_claim(annotations)

    def change(entries):
        entries[0]["value"] = entries[0]["value"] * 10

    _edit(annotations, "claims", change)
    _fails(annotations, f"'{claim['id']}'", "but the text", "correct value")


def test_unknown_unit(annotations):
    def change(entries):
        entries[0]["unit"] = "furlong"

    _edit(annotations, "claims", change)
    _fails(annotations, "furlong", "correct value, unit or qualifier")


def test_missing_key(annotations):
    def change(entries):
        del entries[0]["quote"]

    _edit(annotations, "claims", change)
    _fails(annotations, "claims.yml", "entry 1", "lacks quote", "add the missing keys")


def test_misspelt_key(annotations):
    def change(entries):
        entries[0]["qualifer"] = entries[0].pop("note", "x")

    _edit(annotations, "claims", change)
    _fails(annotations, "unknown keys qualifer")


def test_malformed_yaml(annotations):
    (annotations / "entities.yml").write_text("entries: [\n  - id: x\n",
                                              encoding="utf-8")
    _fails(annotations, "entities.yml", "not valid YAML", "fix the syntax")


def test_unknown_actor(annotations):
    def change(entries):
        entries[0]["actor"] = "org_nobody"

    _edit(annotations, "claims", change)
    _fails(annotations, "org_nobody", "entities.yml")


def test_a_quantity_no_claim_covers(annotations):
    def change(entries):
        entries.pop()

    _edit(annotations, "claims", change)
    _fails(annotations, "no claim covers it", "add a claim")


def test_translation_that_does_not_match_its_sentence(annotations):
    def change(entries):
        entries[1]["zh"] = entries[1]["zh"][:-3]

    _edit(annotations, "translation", change)
    _fails(annotations, "translation.yml", "differs from sentence", "set zh to")


def test_failed_build_leaves_processed_untouched(annotations, tmp_path):
    out = tmp_path / "processed"
    shutil.copytree(config.PROCESSED_DIR, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def change(entries):
        entries[0]["quote"] = "不存在"

    _edit(annotations, "claims", change)
    with pytest.raises(AnnotationError):
        build(out_dir=out, annotations_dir=annotations)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_edited_raw_article(tmp_path):
    raw = tmp_path / "article.txt"
    raw.write_bytes(config.RAW_ARTICLE.read_bytes() + b" ")
    with pytest.raises(SourceError) as caught:
        build_tables(raw_path=raw)
    _one_sentence(str(caught.value))
    assert "git checkout -- " in str(caught.value)


def test_missing_raw_article(tmp_path):
    with pytest.raises(SourceError, match="is missing; restore"):
        build_tables(raw_path=tmp_path / "article.txt")


def test_unknown_dataset_name():
    with pytest.raises(gyantse.UnknownDatasetError) as caught:
        gyantse.load("claim")
    _one_sentence(str(caught.value))
    assert "claims" in str(caught.value) and "gyantse.datasets()" in str(caught.value)


@pytest.fixture
def processed(tmp_path):
    """A writable copy of data/processed."""
    folder = tmp_path / "processed"
    shutil.copytree(config.PROCESSED_DIR, folder)
    return folder


def test_processed_csv_missing_a_column(processed):
    frame = gyantse.load("claims").drop(columns=["unit"])
    frame.to_csv(processed / "claims.csv", index=False)
    with pytest.raises(SchemaError) as caught:
        gyantse.load("claims", folder=processed)
    _one_sentence(str(caught.value))
    assert "lacks unit" in str(caught.value) and "make data" in str(caught.value)


def test_processed_csv_with_a_wrong_type(processed):
    frame = gyantse.load("claims").astype({"paragraph": "str"})
    frame.loc[0, "paragraph"] = "three"
    frame.to_csv(processed / "claims.csv", index=False)
    with pytest.raises(SchemaError, match="column paragraph holds values that are "
                       "not integer"):
        gyantse.load("claims", folder=processed)


def test_processed_csv_missing(tmp_path):
    with pytest.raises(SchemaError, match="is missing; rebuild"):
        gyantse.load("claims", folder=tmp_path)


# ----------------------------------------------------------------------------------
# An output folder that cannot be written


@pytest.fixture
def processed_copy(tmp_path):
    """A copy of data/processed and a snapshot of its bytes."""
    out = tmp_path / "parent" / "processed"
    shutil.copytree(config.PROCESSED_DIR, out)
    return out, _snapshot(out.parent)


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _read_only_sentence(message, parent):
    _one_sentence(message)
    assert f"{parent} is not writable" in message, message
    assert "make it writable" in message


def _deny_writes(monkeypatch, folder):
    """Make the writability check see ``folder`` as read-only."""
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if Path(path) == folder and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(_atomic.os, "access", access)


def test_read_only_output_folder_is_refused(processed_copy, monkeypatch):
    """The writability check itself, on any account (root may write anywhere)."""
    out, before = processed_copy
    _deny_writes(monkeypatch, out.parent)
    with pytest.raises(OutputError) as caught:
        build(out_dir=out)
    _read_only_sentence(str(caught.value), out.parent)
    assert _snapshot(out.parent) == before


_BUILD_AND_REPORT = """
import sys
from pathlib import Path
from gyantse.build import build
from gyantse.errors import OutputError
try:
    build(out_dir=Path(sys.argv[1]))
except OutputError as exc:
    print("refused", exc, sep="|")
except Exception as exc:
    print(type(exc).__name__, exc, sep="|")
else:
    print("built")
"""

# Root passes every permission check through these capabilities; without them, root
# is held to the permission bits of the folders it owns, like any other user.
_OVERRIDES = "-dac_override,-dac_read_search,-fowner"


def test_read_only_output_folder_really_is_not_written(tmp_path):
    """A parent folder without write permission, denied by the file system.

    As root the build runs in a child process whose bounding set lacks the
    capabilities that let root write anywhere (``setpriv``, from util-linux).
    """
    out = tmp_path / "parent" / "processed"
    shutil.copytree(config.PROCESSED_DIR, out)
    before = _snapshot(out.parent)
    command = [sys.executable, "-c", _BUILD_AND_REPORT, str(out)]
    if os.geteuid() == 0:
        drop = [shutil.which("setpriv") or "setpriv", f"--bounding-set={_OVERRIDES}"]
        try:
            subprocess.run([*drop, "true"], capture_output=True, check=True)
        except (OSError, subprocess.CalledProcessError):
            reason = ("root's overrides cannot be dropped here (setpriv, from "
                      "util-linux, needs CAP_SETPCAP)")
            if os.environ.get("CI") == "true":
                pytest.fail(reason)
            pytest.skip(reason)
        command = [*drop, *command]
    out.parent.chmod(0o555)
    try:
        result = subprocess.run(command, capture_output=True, text=True,
                                timeout=120, check=False)
    finally:
        out.parent.chmod(0o755)
    assert result.returncode == 0, result.stderr
    kind, _, message = result.stdout.strip().partition("|")
    assert kind == "refused", result.stdout
    _read_only_sentence(message, out.parent)
    assert _snapshot(out.parent) == before


def test_output_folder_under_a_file(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        build(out_dir=blocker / "processed" / "deeper")
    _one_sentence(str(caught.value))
    assert f"{blocker} is a file, not a folder" in str(caught.value)
    assert "choose another output folder" in str(caught.value)
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder\n"


def test_command_line_reports_a_read_only_folder_in_one_line(processed_copy,
                                                             monkeypatch, capsys):
    out, before = processed_copy
    monkeypatch.setattr(config, "PROCESSED_DIR", out)
    _deny_writes(monkeypatch, out.parent)
    code = gyantse_cli.main(["data"])
    captured = capsys.readouterr()
    assert code == 1
    _read_only_sentence(captured.err.removeprefix("error: ").strip(), out.parent)
    assert _snapshot(out.parent) == before


# ----------------------------------------------------------------------------------
# Notebooks: a kernel that is missing or cannot start, a cell that fails


def _tiny_notebook(folder, *sources, name="01-tiny.ipynb"):
    cells = [nbformat.v4.new_markdown_cell("# A tiny notebook")]
    cells += [nbformat.v4.new_code_cell(source) for source in sources]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)",
                                       "language": "python", "name": "python3"}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(notebook, path)
    return path


def _notebook_fails(path, *fragments):
    with pytest.raises(NotebookError) as caught:
        notebooks.execute(path)
    message = str(caught.value)
    _one_sentence(message)
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    return message


def test_missing_kernel(tmp_path, monkeypatch):
    path = _tiny_notebook(tmp_path, "1 + 1")
    monkeypatch.setattr(notebooks, "KERNEL", "gyantse-no-such-kernel")
    _notebook_fails(path, "kernel 'gyantse-no-such-kernel'", path.name,
                    "is not installed", "python -m ipykernel install --sys-prefix")


def test_kernel_whose_python_is_gone(tmp_path, monkeypatch):
    """A kernel installed from an environment that was since deleted."""
    spec = tmp_path / "jupyter" / "kernels" / "gyantse-gone"
    spec.mkdir(parents=True)
    missing = tmp_path / "deleted-env" / "bin" / "python"
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(missing), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "gone", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setattr(notebooks, "KERNEL", "gyantse-gone")
    path = _tiny_notebook(tmp_path, "1 + 1")
    _notebook_fails(path, "kernel 'gyantse-gone'", str(missing), "does not exist",
                    "python -m ipykernel install --sys-prefix")


def test_notebook_with_a_failing_cell(tmp_path):
    path = _tiny_notebook(tmp_path, "x = 1", "raise ValueError('first line\\nsecond')",
                          "y = 2")
    _notebook_fails(path, path.name, "cell 3 (code cell 2)",
                    "ValueError: first line second", "fix that cell")


def test_failing_notebook_is_not_rewritten(tmp_path, monkeypatch):
    path = _tiny_notebook(tmp_path / "notebooks", "1 / 0")
    before = path.read_bytes()
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", path.parent)
    with pytest.raises(NotebookError, match="ZeroDivisionError"):
        notebooks.execute_in_place([path.name])
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_missing_notebook(tmp_path):
    with pytest.raises(NotebookError) as caught:
        notebooks.execute(tmp_path / "01-gone.ipynb")
    _one_sentence(str(caught.value))
    assert "01-gone.ipynb is missing" in str(caught.value)


def test_unknown_notebook_name():
    with pytest.raises(NotebookError) as caught:
        notebooks.notebook_paths(["99-nothing.ipynb"])
    _one_sentence(str(caught.value))
    assert "No notebook named 99-nothing.ipynb" in str(caught.value)


def test_kernel_that_dies_as_it_starts(tmp_path, monkeypatch):
    """A kernel whose program exits at once, as a Python without ipykernel does."""
    spec = tmp_path / "jupyter" / "kernels" / "gyantse-exits"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-c", "raise SystemExit(1)", "{connection_file}"],
        "display_name": "exits", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setattr(notebooks, "KERNEL", "gyantse-exits")
    path = _tiny_notebook(tmp_path, "1 + 1")
    _notebook_fails(path, "kernel 'gyantse-exits'", "died as it started",
                    "ipykernel", "python -m ipykernel install --sys-prefix")


def test_kernel_that_dies_in_a_cell(tmp_path):
    path = _tiny_notebook(tmp_path, "x = 1", "import os\nos._exit(1)")
    _notebook_fails(path, path.name, "cell 3 (code cell 2)", "the kernel died",
                    "run again")


def test_cell_that_runs_too_long(tmp_path, monkeypatch):
    monkeypatch.setattr(notebooks, "TIMEOUT_S", 1)
    path = _tiny_notebook(tmp_path, "import time\ntime.sleep(60)")
    _notebook_fails(path, path.name, "cell 2 (code cell 1)", "longer than 1 s",
                    "make the cell faster")
