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

import pytest
import yaml
from _notebooks import tiny_notebook

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


def test_a_missing_translation_names_the_file_of_the_folder_given(annotations):
    def change(entries):
        del entries[2]

    _edit(annotations, "translation", change)
    message = _fails(annotations, "has no translation", "add an entry with that id")
    assert message.startswith(f"{annotations / 'translation.yml'}: sentence ")


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


_tiny_notebook = tiny_notebook


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


# ----------------------------------------------------------------------------------
# Annotation values of the wrong type, an empty file, bytes that are not UTF-8


def _fails_and_keeps(folder, out, *fragments):
    """The build fails with one sentence and leaves ``out`` and its parent as is."""
    before = _snapshot(out.parent)
    with pytest.raises(AnnotationError) as caught:
        build(out_dir=out, annotations_dir=folder)
    message = str(caught.value)
    _one_sentence(message)
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert _snapshot(out.parent) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]
    return message


def test_value_that_is_not_a_number(annotations, processed_copy):
    out, _ = processed_copy
    claim_id = _first_claim(annotations)["id"]

    def change(entries):
        entries[0]["value"] = "abc"

    _edit(annotations, "claims", change)
    _fails_and_keeps(annotations, out, "claims.yml", "entry 1", f"'{claim_id}'",
                     "has value 'abc', which is not a number",
                     "write value as a number, such as value: 150000")


@pytest.mark.parametrize("key", ["model", "qualifier", "actor"])
@pytest.mark.parametrize("given", [["shajuan", "hema"], {"name": "shajuan"}],
                         ids=["list", "mapping"])
def test_list_or_mapping_where_one_value_belongs(annotations, processed_copy, key,
                                                  given):
    out, _ = processed_copy
    claim_id = _first_claim(annotations)["id"]

    def change(entries):
        entries[0][key] = given

    _edit(annotations, "claims", change)
    kind = "a list" if isinstance(given, list) else "a mapping"
    _fails_and_keeps(annotations, out, "claims.yml", "entry 1", f"'{claim_id}'",
                     f"gives {kind} for {key}", f"write {key} as one text value")


def test_file_with_no_entries(annotations, processed_copy):
    out, _ = processed_copy
    (annotations / "claims.yml").write_text("description: claims\nentries: []\n",
                                            encoding="utf-8")
    message = _fails_and_keeps(annotations, out, "claims.yml",
                               "has an empty list under 'entries'", "add its entries")
    assert message.startswith(str(annotations / "claims.yml"))


def test_annotation_file_that_is_not_utf8(annotations, processed_copy):
    out, _ = processed_copy
    path = annotations / "claims.yml"
    third = yaml.safe_load(path.read_text(encoding="utf-8"))["entries"][2]
    data = path.read_bytes()
    at = data.index(f"id: {third['id']}".encode())
    at = data.index(b"quote: ", at) + len(b"quote: ")
    path.write_bytes(data[:at] + "江孜".encode("gb18030") + data[at:])
    line = data.count(b"\n", 0, at) + 1
    _fails_and_keeps(annotations, out, "claims.yml", f"entry 3 (id '{third['id']}')",
                     f"line {line}", "is not UTF-8 text", "save the file as UTF-8")


# ----------------------------------------------------------------------------------
# Leftovers of an interrupted build, and files in the way of the output folder


def _hidden(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_stale_old_folder_is_cleared(processed_copy):
    out, _ = processed_copy
    stale = out.parent / ".processed.old"
    stale.mkdir()
    (stale / "claims.csv").write_text("left by a killed build\n", encoding="utf-8")
    build(out_dir=out)
    assert _hidden(out.parent) == []
    assert _snapshot(out) == _snapshot(config.PROCESSED_DIR)


def test_swap_cut_short_is_put_back_before_building(processed_copy):
    """Killed between the two renames: the previous output sits in .processed.old."""
    out, before = processed_copy
    os.replace(out, out.parent / ".processed.old")
    with pytest.raises(RuntimeError, match="fails while staging"):
        with _atomic.replace_dir(out) as staging:
            (staging / "half.csv").write_text("a,b\n", encoding="utf-8")
            raise RuntimeError("the build fails while staging")
    assert _snapshot(out.parent) == before
    assert _hidden(out.parent) == []


def test_stale_old_file_is_refused_and_kept(processed_copy):
    """A file of that name is no folder of ours (an older version moved files there)."""
    out, _ = processed_copy
    stale = out.parent / ".processed.old"
    stale.write_text("someone's notes\n", encoding="utf-8")
    before = _snapshot(out.parent)
    with pytest.raises(OutputError) as caught:
        build(out_dir=out)
    _one_sentence(str(caught.value))
    assert f"{stale} is in the way of the build" in str(caught.value)
    assert "move it away or delete it" in str(caught.value)
    assert _snapshot(out.parent) == before
    assert _hidden(out.parent) == [".processed.old"]


def test_command_line_with_a_stale_old_file(processed_copy, monkeypatch, capsys):
    out, _ = processed_copy
    (out.parent / ".processed.old").write_text("in the way\n", encoding="utf-8")
    before = _snapshot(out.parent)
    monkeypatch.setattr(config, "PROCESSED_DIR", out)
    assert gyantse_cli.main(["data"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "move it away or delete it" in err
    assert _snapshot(out.parent) == before
    assert _hidden(out.parent) == [".processed.old"]


def test_leftover_staging_folders_are_cleared(processed_copy):
    out, _ = processed_copy
    for suffix in ("k1ll3d00", "xyz12345"):
        leftover = out.parent / f".processed.new-{suffix}"
        leftover.mkdir()
        (leftover / "claims.csv").write_text("half-written\n", encoding="utf-8")
    build(out_dir=out)
    assert _hidden(out.parent) == []
    assert _snapshot(out) == _snapshot(config.PROCESSED_DIR)


def test_staging_folder_of_a_running_build_is_left_alone(processed_copy):
    """A staging folder whose lock is held belongs to a build that is still running."""
    import fcntl

    out, _ = processed_copy
    running = out.parent / ".processed.new-running1"
    running.mkdir()
    (running / "claims.csv").write_text("being written\n", encoding="utf-8")
    fd = os.open(running, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        build(out_dir=out)
    finally:
        os.close(fd)
    assert _hidden(out.parent) == [".processed.new-running1"]
    assert (running / "claims.csv").read_text(encoding="utf-8") == "being written\n"


def test_failed_staging_leaves_no_staging_behind(processed_copy, monkeypatch):
    """A failure at the swap itself (here: the rename) removes the staging folder."""
    out, before = processed_copy
    real_replace = os.replace

    def failing_replace(src, dst):
        if Path(src).name.startswith(".processed.new-"):
            raise OSError(5, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(_atomic.os, "replace", failing_replace)
    with pytest.raises(OSError, match="Input/output error"):
        build(out_dir=out)
    monkeypatch.undo()
    assert _snapshot(out.parent) == before
    assert _hidden(out.parent) == []


def test_output_path_that_is_a_file_is_refused(tmp_path):
    out = tmp_path / "processed"
    out.write_text("my own file\n", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        build(out_dir=out)
    _one_sentence(str(caught.value))
    assert f"{out} is a file, not a folder" in str(caught.value)
    assert "move that file away" in str(caught.value)
    assert out.read_text(encoding="utf-8") == "my own file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]


# ----------------------------------------------------------------------------------
# Damaged processed files: gyantse.load checks them against datapackage.json


def _load_refuses(folder, *fragments, name="claims"):
    before = _snapshot(folder)
    with pytest.raises(SchemaError) as caught:
        gyantse.load(name, folder=folder)
    message = str(caught.value)
    _one_sentence(message)
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert _snapshot(folder) == before
    return message


def test_truncated_csv_is_refused(processed):
    path = processed / "claims.csv"
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:5]))
    recorded = next(r for r in json.loads(
        (processed / "datapackage.json").read_text(encoding="utf-8"))["resources"]
        if r["name"] == "claims")
    _load_refuses(processed, "claims.csv has 4 rows",
                  f"records {recorded['rows']} rows in {recorded['bytes']} bytes",
                  "truncated or changed", "rebuild it with 'make data'")


def test_header_only_csv_is_refused(processed):
    path = processed / "claims.csv"
    path.write_bytes(path.read_bytes().splitlines(keepends=True)[0])
    _load_refuses(processed, "claims.csv has 0 rows", "truncated or changed")


def test_csv_edited_in_place_is_refused(processed):
    """Same size, one figure changed: only the checksum tells."""
    path = processed / "claims.csv"
    data = path.read_bytes()
    path.write_bytes(data.replace(b",150000,", b",950000,", 1))
    assert path.read_bytes() != data and len(path.read_bytes()) == len(data)
    _load_refuses(processed, "truncated or changed", "make data")


def test_csv_in_another_encoding_is_refused(processed):
    path = processed / "claims.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    _load_refuses(processed, "claims.csv is not UTF-8 text", "make data")


def test_folder_in_place_of_a_csv_is_refused(processed):
    (processed / "claims.csv").unlink()
    (processed / "claims.csv").mkdir()
    _load_refuses(processed, "claims.csv is a folder, not a CSV file", "make data")


def test_missing_descriptor_is_refused(processed):
    (processed / "datapackage.json").unlink()
    _load_refuses(processed, "datapackage.json is missing", "cannot be checked",
                  "make data")


def test_descriptor_without_checksums_is_refused(processed):
    path = processed / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        del resource["hash"]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    _load_refuses(processed, "records no size, sha256 and row count for claims.csv")


def test_installed_package_says_reinstall_not_make_data(processed, monkeypatch):
    monkeypatch.setattr(config, "IN_CHECKOUT", False)
    path = processed / "claims.csv"
    path.write_bytes(path.read_bytes()[:-200])
    message = _load_refuses(processed, "reinstall the package")
    assert "make data" not in message and "git" not in message
    with pytest.raises(SourceError) as caught:
        build_tables(raw_path=processed / "article.txt", annotations_dir=processed)
    assert "reinstall the package" in str(caught.value)
    assert "git checkout" not in str(caught.value)


# ----------------------------------------------------------------------------------
# gyantse.load given the wrong kind of argument


def test_load_given_a_list():
    with pytest.raises(gyantse.UsageError) as caught:
        gyantse.load(["claims"])
    _one_sentence(str(caught.value))
    assert isinstance(caught.value, TypeError)  # still a TypeError for callers
    assert "load takes one dataset name, not a list (['claims'])" in str(caught.value)
    assert "gyantse.load('claims')" in str(caught.value)


def test_load_given_a_folder_as_the_name():
    folder = str(config.PROCESSED_DIR)
    with pytest.raises(gyantse.UnknownDatasetError) as caught:
        gyantse.load(folder)
    _one_sentence(str(caught.value))
    assert f"There is no dataset {folder!r}" in str(caught.value)
    assert "a folder second, as in gyantse.load('claims', folder)" in str(caught.value)


def test_load_given_a_file_name():
    with pytest.raises(gyantse.UnknownDatasetError) as caught:
        gyantse.load("claims.csv")
    _one_sentence(str(caught.value))
    assert "give the name alone, as in gyantse.load('claims')" in str(caught.value)


def test_load_takes_the_folder_as_text():
    frame = gyantse.load("claims", str(config.PROCESSED_DIR))
    assert frame.equals(gyantse.load("claims"))


def test_load_given_a_folder_of_the_wrong_kind(tmp_path):
    with pytest.raises(gyantse.UsageError) as caught:
        gyantse.load("claims", 3)
    _one_sentence(str(caught.value))
    with pytest.raises(SchemaError) as caught:
        gyantse.load("claims", tmp_path / "nowhere")
    _one_sentence(str(caught.value))
    assert "is not a folder" in str(caught.value)


# ----------------------------------------------------------------------------------
# The site command: a missing extra, an unusable destination


@pytest.fixture
def no_notebook_runs(monkeypatch):
    """Fail the test if any notebook is executed or read for the site."""
    import gyantse.site

    def refuse(*args, **kwargs):
        raise AssertionError("a notebook ran before the destination was checked")

    monkeypatch.setattr(notebooks, "execute_all_cached", refuse)
    monkeypatch.setattr(gyantse.site, "read_all", refuse)
    monkeypatch.setattr(notebooks, "execute", refuse)
    monkeypatch.setattr(notebooks, "execute_in_place", refuse)


def _site_refused(capsys, out, *fragments):
    code = gyantse_cli.main(["site", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    message = err.removeprefix("error: ").strip()
    _one_sentence(message)
    assert err.count("\n") == 1
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    return message


def test_site_destination_that_is_a_file(tmp_path, capsys, no_notebook_runs):
    out = tmp_path / "site"
    out.write_text("not a folder\n", encoding="utf-8")
    _site_refused(capsys, out, f"{out} is a file, not a folder", "move that file away")
    assert out.read_text(encoding="utf-8") == "not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_site_destination_under_a_file(tmp_path, capsys, no_notebook_runs):
    blocker = tmp_path / "a-file"
    blocker.write_text("x\n", encoding="utf-8")
    _site_refused(capsys, blocker / "site", f"{blocker} is a file, not a folder",
                  "move that file away")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_site_destination_in_a_read_only_folder(tmp_path, capsys, monkeypatch,
                                                no_notebook_runs):
    parent = tmp_path / "readonly"
    parent.mkdir()
    _deny_writes(monkeypatch, parent)
    _site_refused(capsys, parent / "site", f"{parent} is not writable",
                  "make it writable")
    assert list(parent.iterdir()) == []


def test_site_destination_that_is_read_only(tmp_path, capsys, monkeypatch,
                                            no_notebook_runs):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous site\n", encoding="utf-8")
    _deny_writes(monkeypatch, out)
    _site_refused(capsys, out, f"{out} is not writable", "make it writable")
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site\n"


@pytest.mark.parametrize("command", ["site", "notebooks"])
def test_command_without_the_site_extra(monkeypatch, capsys, no_notebook_runs,
                                        command):
    monkeypatch.setitem(sys.modules, "nbconvert", None)
    monkeypatch.setitem(sys.modules, "nbclient", None)
    assert gyantse_cli.main([command]) == 1
    err = capsys.readouterr().err
    message = err.removeprefix("error: ").strip()
    _one_sentence(message)
    assert f"python -m gyantse {command} needs nbconvert, nbclient" in message
    assert "install it with pip install 'gyantse[site]'" in message


# ----------------------------------------------------------------------------------
# Build leftovers are not committed


@pytest.mark.parametrize("path", ["build/lib/gyantse/config.py",
                                  "dist/gyantse-1.0.0-py3-none-any.whl",
                                  "dist/gyantse-1.0.0.tar.gz",
                                  "gyantse-1.0.0-py3-none-any.whl",
                                  "gyantse.egg-info/PKG-INFO"])
def test_build_leftovers_are_ignored_by_git(path):
    if shutil.which("git") and (config.ROOT / ".git").exists():
        result = subprocess.run(["git", "check-ignore", "--no-index", "-q", path],
                                cwd=config.ROOT, capture_output=True, check=False)
        assert result.returncode == 0, f"{path} is not ignored: {result.stderr!r}"
    else:  # a copy without git: the patterns that cover these paths are listed
        patterns = (config.ROOT / ".gitignore").read_text(encoding="utf-8").split()
        first = path.split("/")[0]
        assert (f"/{first}/" in patterns or f"{first}/" in patterns
                or any(Path(path).match(p) for p in patterns if p.startswith("*"))
                or ("*.egg-info/" in patterns and first.endswith(".egg-info"))), path
