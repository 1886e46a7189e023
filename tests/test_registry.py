"""The registry is the one declaration of each dataset.

Adding a column takes the registry and the annotation file and nothing else; the
vocabularies are checked wherever they are used; every consumer reads the registry.
"""

import dataclasses
import json
import shutil
from decimal import Decimal

import pytest
import yaml

import gyantse
from gyantse import config, plotting, registry
from gyantse._units import QUALIFIERS
from gyantse.annotations import read_annotations
from gyantse.build import build
from gyantse.errors import AnnotationError, SchemaError


@pytest.fixture
def annotations(tmp_path):
    folder = tmp_path / "annotations"
    shutil.copytree(config.ANNOTATIONS_DIR, folder)
    return folder


def _entries(folder, name):
    return yaml.safe_load((folder / f"{name}.yml").read_text(encoding="utf-8"))


def _write(folder, name, document):
    (folder / f"{name}.yml").write_text(
        yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_new_column_needs_only_the_registry_and_the_annotation_file(
        annotations, tmp_path, monkeypatch):
    # the registry: a field and a curated column of the terms dataset
    monkeypatch.setitem(registry._FIELDS, "register", registry.Field(
        "string", "Register of the term.", enum=("slogan", "name")))
    terms = registry.DATASETS["terms"]
    monkeypatch.setitem(registry._DATASETS, "terms", dataclasses.replace(
        terms, columns=(*terms.columns, registry.optional("register"))))
    # the annotation file: the key on one entry
    document = _entries(annotations, "terms")
    document["entries"][0]["register"] = "slogan"
    _write(annotations, "terms", document)

    out = tmp_path / "processed"
    build(out, annotations_dir=annotations)
    frame = gyantse.load("terms", out, index=True)
    assert frame["register"].iloc[0] == "slogan"
    assert frame["register"].iloc[1:].isna().all()
    schema = next(r["schema"] for r in json.loads(
        (out / "datapackage.json").read_text(encoding="utf-8"))["resources"]
        if r["name"] == "terms")
    assert schema["fields"][-1] == {
        "name": "register", "type": "string", "description": "Register of the term.",
        "constraints": {"enum": ["slogan", "name"]}}

    # and its vocabulary is enforced, naming the file and the entry
    document["entries"][0]["register"] = "motto"
    _write(annotations, "terms", document)
    with pytest.raises(AnnotationError, match=r"terms\.yml, entry 1 .*has register "
                       r"'motto'; use one of name, slogan\."):
        build(tmp_path / "other", annotations_dir=annotations)
    assert not (tmp_path / "other").exists()


def test_the_annotation_keys_come_from_the_registry():
    for name, dataset in registry.DATASETS.items():
        spec = dataset.spec()
        allowed = set(spec.required) | set(spec.optional)
        for entry in read_annotations(dataset.annotation):
            assert set(entry.data) <= allowed, (name, entry.id)
            assert all(entry.get(k) is not None for k in spec.required)
    claims = registry.DATASETS["claims"].spec()
    assert claims.written["value"] == "number" and claims.written["period"] == "date"
    assert registry.DATASETS["products"].spec().written["claim_ids"] == "ids"


@pytest.mark.parametrize("name", sorted(registry.DATASETS))
def test_every_coded_column_holds_its_vocabulary(name):
    frame = gyantse.load(name)
    for column in frame.columns:
        enum = registry.FIELDS[column].enum
        if enum is not None:
            assert set(frame[column].dropna()) <= set(enum), column


def test_each_fixed_set_is_declared_once():
    assert registry.FIELDS["qualifier"].enum == tuple(QUALIFIERS)
    assert set(plotting.QUALIFIER_STYLE) == set(QUALIFIERS)
    assert set(plotting.MODEL_COLORS) == set(registry.FIELDS["model"].enum)
    for column, vocabulary in registry.VOCABULARIES.items():
        assert registry.FIELDS[column].enum == tuple(vocabulary)
        assert all(f"{value}: " in registry.FIELDS[column].description
                   for value in vocabulary)


def test_check_names_the_table_row_and_fix():
    tables = {name: [] for name in registry.DATASETS}
    row = dict.fromkeys(registry.DATASETS["terms"].names)
    tables["terms"] = [row | {"term_id": "t1", "model": "tibet"}]
    with pytest.raises(SchemaError, match=r"^table terms, row 1 \(t1\): has model "
                       r"'tibet'; use one of context, county, hema, shajuan\.$"):
        registry.check(tables)
    tables["terms"] = [row | {"term_id": "t1", "paragraph": Decimal(3)}]
    with pytest.raises(SchemaError, match="paragraph is Decimal"):
        registry.check(tables)
    tables["terms"] = [row | {"term_id": "t1"}, row | {"term_id": "t1"}]
    with pytest.raises(SchemaError,
                       match="primary key 't1' repeats row 1; give every row its own"):
        registry.check(tables)
    tables["terms"] = [row]
    with pytest.raises(SchemaError, match="the primary key is blank; give every row"):
        registry.check(tables)
    tables["terms"] = [{"term_id": "t1"}]
    with pytest.raises(SchemaError, match="differ from the registry's"):
        registry.check(tables)


def test_check_follows_foreign_keys_with_and_without_separator():
    tables = {name: [] for name in registry.DATASETS}
    product = dict.fromkeys(registry.DATASETS["products"].names)
    tables["products"] = [product | {"product_id": "p1", "claim_ids": "a;b"}]
    tables["claims"] = [dict.fromkeys(registry.DATASETS["claims"].names)
                        | {"claim_id": "a"}]
    with pytest.raises(SchemaError, match=r"claim_ids names the unknown claim_id 'b'; "
                       r"use an id from claims\.yml\."):
        registry.check(tables)
    tables["claims"][0]["actor"] = "nobody"
    with pytest.raises(SchemaError, match="or 'unspecified' when the sentence"):
        registry.check(tables)


@pytest.mark.parametrize("name", sorted(registry.DATASETS))
def test_load_indexes_by_the_primary_key(name):
    indexed = gyantse.load(name, index=True)
    assert indexed.index.name == registry.DATASETS[name].primary_key
    assert indexed.index.is_unique
    assert indexed.reset_index().equals(gyantse.load(name))


def test_a_curated_boolean_column_is_written_and_read_as_boolean(
        annotations, tmp_path, monkeypatch):
    monkeypatch.setitem(registry._FIELDS, "featured", registry.Field(
        "boolean", "True when the term is in the title."))
    terms = registry.DATASETS["terms"]
    monkeypatch.setitem(registry._DATASETS, "terms", dataclasses.replace(
        terms, columns=(*terms.columns, registry.optional("featured"))))
    document = _entries(annotations, "terms")
    document["entries"][0]["featured"] = True
    _write(annotations, "terms", document)
    build(tmp_path / "out", annotations_dir=annotations)
    featured = gyantse.load("terms", tmp_path / "out")["featured"]
    assert str(featured.dtype) == "boolean" and featured.iloc[0]
    document["entries"][0]["featured"] = "yes"
    _write(annotations, "terms", document)
    with pytest.raises(AnnotationError, match="write featured as true or false"):
        build(tmp_path / "again", annotations_dir=annotations)


def _add_derived(folder, **entry):
    document = _entries(folder, "derived")
    document["entries"].append({"unit": "item", "en": "A test figure.",
                                "model": "context", **entry})
    _write(folder, "derived", document)


def test_a_derived_id_may_not_shadow_a_claim_or_fact(annotations, tmp_path):
    _add_derived(annotations, id="shajuan_trainees", formula="ref_mu_per_hectare * 2")
    with pytest.raises(AnnotationError, match=r"derived\.yml, entry \d+ \(id 'shajuan_"
                       r"trainees'\): has the id 'shajuan_trainees' of a claim"):
        build(tmp_path / "out", annotations_dir=annotations)


def test_bounds_and_unverified_facts_are_carried_up_through_derived_rows(
        annotations, tmp_path):
    # a lower bound among the context facts (超过180个), then a figure built on it
    _add_derived(annotations, id="der_test_villages",
                 formula="ref_hema_villages_2024 * 1")
    _add_derived(annotations, id="der_test_twice", formula="der_test_villages * 2")
    build(tmp_path / "out", annotations_dir=annotations)
    derived = gyantse.load("derived", tmp_path / "out", index=True)
    for figure in ("der_test_villages", "der_test_twice"):
        assert derived.loc[figure, "uses_lower_bound"]
        assert derived.loc[figure, "uses_unverified"]
    assert derived.loc["der_test_twice", "value"] == 360
    assert not derived.loc["der_hema_land_total_mu", "uses_unverified"]


def test_later_formulas_build_on_exact_values():
    derived = gyantse.load("derived", index=True)
    harvest = derived.loc["der_hema_land_harvest_at_county_yield_t"]
    assert "der_gyantse_barley_yield_2024" in harvest["inputs"].split(";")
    # 1,700 mu × (62,000 t × 1,000 ÷ 116,600 mu) ÷ 1,000, not 1,700 × 531.732419 ÷ 1,000
    assert harvest["value"] == 903.945111
    assert round(1700 * derived.loc["der_gyantse_barley_yield_2024", "value"] / 1000,
                 6) == 903.945112
