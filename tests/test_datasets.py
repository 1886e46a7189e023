"""The processed datasets: rebuilt byte for byte, valid, typed and traceable."""

import filecmp
import json

import frictionless
import pandas as pd
import pytest

import gyantse
from gyantse import config
from gyantse.build import build
from gyantse.quantities import find_quantities, parse_quantity
from gyantse.registry import DATASETS, FIELDS, PANDAS_DTYPES


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    counts = build(out_dir=out)
    return out, counts


def test_rebuild_is_byte_identical_to_the_committed_files(rebuilt):
    out, _ = rebuilt
    names = sorted(p.name for p in config.PROCESSED_DIR.iterdir())
    assert names == sorted(p.name for p in out.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(config.PROCESSED_DIR, out, names,
                                               shallow=False)
    assert (mismatch, errors) == ([], []), "run 'make data' and commit the result"


def test_two_builds_in_a_row_are_identical(rebuilt, tmp_path):
    first, _ = rebuilt
    build(out_dir=tmp_path / "again")
    names = sorted(p.name for p in first.iterdir())
    assert filecmp.cmpfiles(first, tmp_path / "again", names, shallow=False)[0] == names


def test_frictionless_validates_the_package():
    report = frictionless.validate(str(config.DATAPACKAGE))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_descriptor_describes_every_field_with_type_and_description():
    descriptor = json.loads(config.DATAPACKAGE.read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert set(resources) == set(DATASETS)
    for name, resource in resources.items():
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == list(DATASETS[name].names)
        for field in fields:
            assert field["type"] in PANDAS_DTYPES and field["description"]
    assert "中国西藏网" in descriptor["sources"][0]["title"]


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_load_gives_registry_dtypes(name):
    frame = gyantse.load(name)
    assert list(frame.columns) == list(DATASETS[name].names)
    assert len(frame) > 0
    for column in frame.columns:
        expected = PANDAS_DTYPES[FIELDS[column].type]
        assert frame[column].dtype == pd.api.types.pandas_dtype(expected), column
    assert frame[DATASETS[name].primary_key].is_unique


def test_datasets_lists_every_table_with_a_description():
    listed = gyantse.datasets()
    assert set(listed) == set(DATASETS)
    assert all(isinstance(d, str) and d.endswith(".") for d in listed.values())


def test_claims_table_has_the_required_columns():
    required = {"claim_id", "model", "metric", "value", "unit", "qualifier", "quote",
                "quote_hans", "char_start", "char_end", "paragraph", "en"}
    assert required <= set(gyantse.load("claims").columns)


def test_every_claim_quote_sits_at_its_span_in_the_cleaned_text():
    art = gyantse.article()
    for row in gyantse.load("claims").itertuples():
        assert art.text[row.char_start:row.char_end] == row.quote
        assert art.text_hans[row.char_start:row.char_end] == row.quote_hans
        assert art.text[row.figure_start:row.figure_end] == row.figure
        assert gyantse.strip_pinyin(art.raw[row.raw_start:row.raw_end]) == row.quote
        assert art.sentence_at(row.char_start).id == row.sentence_id


def test_every_claim_value_is_what_the_text_says():
    for row in gyantse.load("claims").itertuples():
        parsed = parse_quantity(row.figure)
        assert (float(parsed.value), parsed.unit, parsed.qualifier) == (
            row.value, row.unit, row.qualifier), row.claim_id
        assert row.is_lower_bound == (row.qualifier == "more_than")


def test_every_quantity_of_the_body_is_a_claim():
    art = gyantse.article()
    claims = gyantse.load("claims")
    figures = set(zip(claims.figure_start, claims.figure_end, strict=True))
    found = [(p.start + q.span[0], p.start + q.span[1])
             for p in art.paragraphs for q in find_quantities(p.text)]
    assert len(found) == 16
    assert set(found) <= figures
    assert len(claims) == len(found)


def test_values_are_in_base_units():
    claims = gyantse.load("claims").set_index("claim_id")
    money = claims[claims.unit == "CNY"]
    assert money.value.min() >= 4000
    assert 150000 in money.value.tolist() and 44_000_000 in money.value.tolist()


def test_sentences_cover_the_title_and_body_in_order():
    art = gyantse.article()
    sentences = gyantse.load("sentences")
    assert sentences.sentence_id.tolist() == [s.id for s in art.sentences]
    assert "".join(sentences.zh_hant) == art.text.replace("\n", "")
    assert sentences.en.str.len().min() > 10


def test_derived_inputs_exist_and_formulas_recompute():
    """Each formula names claims, facts and derived figures above it, and recomputes."""
    from decimal import Decimal

    from gyantse.formulas import evaluate

    claims = gyantse.load("claims", index=True).value
    context = gyantse.load("context", index=True).value.dropna()
    values = {k: Decimal(str(v)) for k, v in pd.concat([claims, context]).items()}
    for row in gyantse.load("derived").itertuples():
        assert set(row.inputs.split(";")) <= set(values), row.derived_id
        values[row.derived_id] = evaluate(row.formula, values)
        assert float(values[row.derived_id]) == pytest.approx(row.value)
