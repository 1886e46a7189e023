"""The catalogue of faults and bad inputs, in one place.

Each fault must give one clear sentence that names the file, the entry and the fix,
and must leave data/processed as it was. The README lists the same catalogue.
"""

import shutil

import pytest
import yaml

import gyantse
from gyantse import config
from gyantse.build import build, build_tables
from gyantse.errors import AnnotationError, SchemaError, SourceError


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


def test_processed_csv_missing_a_column(tmp_path):
    frame = gyantse.load("claims").drop(columns=["unit"])
    frame.to_csv(tmp_path / "claims.csv", index=False)
    with pytest.raises(SchemaError) as caught:
        gyantse.load("claims", folder=tmp_path)
    _one_sentence(str(caught.value))
    assert "lacks unit" in str(caught.value) and "make data" in str(caught.value)


def test_processed_csv_with_a_wrong_type(tmp_path):
    frame = gyantse.load("claims").astype({"paragraph": "str"})
    frame.loc[0, "paragraph"] = "three"
    frame.to_csv(tmp_path / "claims.csv", index=False)
    with pytest.raises(SchemaError, match="column paragraph holds values that are "
                       "not integer"):
        gyantse.load("claims", folder=tmp_path)


def test_processed_csv_missing(tmp_path):
    with pytest.raises(SchemaError, match="is missing; rebuild"):
        gyantse.load("claims", folder=tmp_path)
