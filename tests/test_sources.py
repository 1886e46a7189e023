"""External facts: quoted from checksummed excerpts, parsed like claims, corroborated.

Each fault gives one sentence naming the file, the entry and the fix, as in
tests/test_faults.py.
"""

import hashlib
import re
import shutil

import pytest
import yaml

import gyantse
from gyantse import config
from gyantse.build import build_tables
from gyantse.errors import AnnotationError, SourceError
from gyantse.excerpts import read_excerpts
from gyantse.quantities import parse_quantity


@pytest.fixture
def annotations(tmp_path):
    folder = tmp_path / "annotations"
    shutil.copytree(config.ANNOTATIONS_DIR, folder)
    return folder


@pytest.fixture
def raw(tmp_path):
    """A writable copy of the excerpts and their record."""
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(config.RAW_DIR / "excerpts.yml", folder)
    shutil.copytree(config.RAW_DIR / "excerpts", folder / "excerpts")
    return folder


def _edit(folder, name, change):
    path = folder / f"{name}.yml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change({e["id"]: e for e in document["entries"]}, document["entries"])
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


def _fails(*fragments, error=AnnotationError, **folders):
    with pytest.raises(error) as caught:
        build_tables(**folders)
    message = str(caught.value)
    assert message.count("\n") == 0 and message.rstrip().endswith(".")
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    return message


# --- the build checks -------------------------------------------------------------

def test_quote_missing_from_its_excerpt(annotations):
    def change(by_id, _):
        by_id["ref_tar_rural_income_2023"]["quote"] = "農村居民人均可支配收入19925元"

    _edit(annotations, "context", change)
    _fails("context.yml",
           "'ref_tar_rural_income_2023'", "19925元", "does not occur in the excerpt",
           "cns_2024_01_23_tibet_economy", "copy the words exactly",
           annotations_dir=annotations)


def test_value_the_excerpt_does_not_give(annotations):
    def change(by_id, _):
        by_id["ref_gyantse_barley_area_2024"]["value"] = 11660

    _edit(annotations, "context", change)
    _fails("context.yml", "'ref_gyantse_barley_area_2024'", "says 11660 mu",
           "'11.66万亩' read 116600 mu", "correct value, unit or qualifier",
           annotations_dir=annotations)


def test_wrong_qualifier_of_a_fact(annotations):
    def change(by_id, _):
        by_id["ref_ajia_gesang_orders_since_2024"]["qualifier"] = "exact"

    _edit(annotations, "context", change)
    _fails("'ref_ajia_gesang_orders_since_2024'", "(exact)", "(more_than)",
           annotations_dir=annotations)


def test_figure_outside_its_quote(annotations):
    def change(by_id, _):
        by_id["ref_gyantse_barley_output_2024"]["figure"] = "6.3万吨"

    _edit(annotations, "context", change)
    _fails("'ref_gyantse_barley_output_2024'", "'6.3万吨' 0 times",
           "inside the quote", annotations_dir=annotations)


def test_verified_fact_without_an_excerpt(annotations):
    def change(by_id, _):
        del by_id["ref_gyantse_barley_output_2024"]["excerpt"]

    _edit(annotations, "context", change)
    _fails("'ref_gyantse_barley_output_2024'", "mark the fact unverified",
           annotations_dir=annotations)


def test_verified_fact_whose_copy_shows_no_headline(annotations):
    def change(by_id, _):
        by_id["ref_hema_villages_2023"]["verification"] = "verified"

    _edit(annotations, "context", change)
    _fails("'ref_hema_villages_2023'", "'cqn_2023_07_20_hema_conference'",
           "records no headline", "mark the fact unverified",
           annotations_dir=annotations)


def test_verified_fact_whose_copy_shows_no_date(annotations):
    def change(by_id, _):
        by_id["ref_banjiu_lunbu_altitude"]["verification"] = "verified"

    _edit(annotations, "context", change)
    _fails("'ref_banjiu_lunbu_altitude'", "'bk5_banjue_lunbu_gazetteer'",
           "records no date", "'undated'", annotations_dir=annotations)


def test_unverified_quote_is_still_checked(annotations):
    def change(by_id, _):
        q = by_id["ref_hema_villages_2023"]["quote"]
        by_id["ref_hema_villages_2023"]["quote"] = q.replace("185", "186")

    _edit(annotations, "context", change)
    _fails("'ref_hema_villages_2023'", "does not occur in the excerpt",
           annotations_dir=annotations)


def test_excerpt_whose_checksum_changed(raw):
    path = raw / "excerpts" / "lingshouw_2024_05_22_hema_villages.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("25", "26"),
                    encoding="utf-8")
    _fails("excerpts/lingshouw_2024_05_22_hema_villages.txt has sha256",
           "excerpts.yml records", "'lingshouw_2024_05_22_hema_villages'",
           "git checkout --", error=SourceError, excerpts_dir=raw)


def test_missing_excerpt(raw):
    (raw / "excerpts" / "bk5_banjue_lunbu_gazetteer.txt").unlink()
    _fails("bk5_banjue_lunbu_gazetteer.txt", "is missing", "git checkout --",
           error=SourceError, excerpts_dir=raw)


def test_unknown_date_source(annotations):
    def change(by_id, _):
        by_id["evt_article_published"]["date_source"] = "guessed"

    _edit(annotations, "timeline", change)
    _fails("timeline.yml", "'evt_article_published'", "'guessed'", "inferred",
           annotations_dir=annotations)


def test_date_more_precise_than_its_precision(annotations):
    def change(by_id, _):
        by_id["evt_dragon_boat_zongzi_sales_2023"]["date"] = "2023-06-22"

    _edit(annotations, "timeline", change)
    _fails("'evt_dragon_boat_zongzi_sales_2023'", "precision 'year'", "YYYY",
           annotations_dir=annotations)


def test_finding_about_an_unknown_subject(annotations):
    def change(by_id, _):
        by_id["find_scarf_order"]["subject"] = "shajuan_scarves"

    _edit(annotations, "corroboration", change)
    _fails("corroboration.yml", "'find_scarf_order'", "shajuan_scarves",
           "use a claim_id", annotations_dir=annotations)


def test_finding_quote_missing_from_its_source(annotations):
    def change(by_id, _):
        by_id["find_fashion_show"]["quote"] = "雪域回響大秀在拉薩舉行"

    _edit(annotations, "corroboration", change)
    _fails("'find_fashion_show'", "does not occur in the excerpt",
           "xinhua_2023_09_19_pulu_show", annotations_dir=annotations)


def test_corroborated_without_a_source(annotations):
    def change(by_id, _):
        by_id["find_scarf_order"]["finding"] = "corroborated"

    _edit(annotations, "corroboration", change)
    _fails("'find_scarf_order'", "is corroborated without a source",
           annotations_dir=annotations)


def test_claim_with_no_finding(annotations):
    def change(_, entries):
        entries[:] = [e for e in entries if e["subject"] != "hema_product_series"]

    _edit(annotations, "corroboration", change)
    _fails("corroboration.yml", "no finding covers hema_product_series",
           "not_found", annotations_dir=annotations)


# --- the data as built ------------------------------------------------------------

def test_every_excerpt_matches_its_checksum_and_record():
    excerpts = read_excerpts()
    record = yaml.safe_load((config.RAW_DIR / "excerpts.yml").read_text("utf-8"))
    assert len(excerpts) == len(record["excerpts"]) >= 20
    for entry in record["excerpts"]:
        data = (config.RAW_DIR / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"]
        assert entry["accessed_via"].startswith("http")


def test_verified_facts_carry_citation_and_quote_found_in_their_excerpt():
    context = gyantse.load("context")
    excerpts = read_excerpts()
    verified = context[context["verification"].eq("verified")]
    assert len(verified) >= 25
    cited = ["outlet", "title", "date", "accessed_via", "excerpt_id", "quote"]
    assert verified[cited].notna().all().all()
    assert not verified["title"].str.startswith("not shown").any()
    assert verified["date"].str.match(r"\d{4}|[A-Z][a-z]+ \d{4}").all()
    # facts whose copy lacks a headline or a date keep their exact quote, unverified
    quoted = context[context["verification"].eq("unverified")].dropna(subset=["quote"])
    assert len(quoted) == 18
    for row in quoted.itertuples():
        assert row.quote in excerpts[row.excerpt_id].text, row.ref_id
    for row in verified.itertuples():
        excerpt = excerpts[row.excerpt_id]
        assert row.quote in excerpt.text and row.accessed_via == excerpt.accessed_via
        if not pd_isna(row.value) and row.unit != "calendar_year":
            read = parse_quantity(row.figure)
            # a documented override: 约有 before the figure, unread by the parser
            overridden = (f"约有{row.figure}" in row.quote
                          and row.qualifier == "approximately")
            assert float(read.value) == row.value
            assert read.qualifier == row.qualifier or overridden, row.ref_id


def test_a_qualifier_word_that_is_not_before_the_figure_is_refused(annotations):
    def change(by_id, _):
        by_id["ref_gyantse_population_2024"]["qualifier_word"] = "大约"

    _edit(annotations, "context", change)
    _fails("'ref_gyantse_population_2024'", "qualifier_word '大约'",
           annotations_dir=annotations)


def pd_isna(value):
    import pandas as pd

    return bool(pd.isna(value))


def test_corrections_to_the_reference_table_are_applied():
    context = gyantse.load("context").set_index("ref_id")
    assert context.loc["ref_tar_rural_income_2022", "verification"] == "unverified"
    assert "ref_artisans_income_2025" not in context.index  # Legal Daily: not found
    assert context.loc["ref_hema_village_regions_2024", "date"].startswith("2024-05-22")
    assert "ref_hema_village_regions_2023" not in context.index
    assert "阿佳格桑" in context.loc["ref_ajia_gesang_workshop_opened", "quote"]
    starts = context.loc[["ref_shajuan_pulu_plan_2022", "ref_shajuan_coop_start_march",
                          "ref_shajuan_coop_start_april"], "year"].tolist()
    assert starts == [2022, 2023, 2023]
    assert context.loc["ref_shajuan_pulu_plan_2022", "geography"] != "Gyantse County"
    pd_daily = context.loc["ref_gyantse_barley_industry_value_2024"]
    assert pd_daily["verification"] == "unverified"
    assert "時尚家居設計展" in context.loc["ref_paris_design_fair_2024", "quote"]


def test_unverified_facts_feed_no_comparison():
    """An unverified fact, at any depth below a derived figure, feeds only dollar
    conversions (the exchange rate) and context figures computed from other reports
    alone, which say so; never a figure that also rests on the article's claims."""
    context = gyantse.load("context", index=True)
    unverified = set(context.index[context["verification"].eq("unverified")])
    claims = set(gyantse.load("claims")["claim_id"])
    below: dict[str, set[str]] = {}  # every claim and fact under a derived figure
    for row in gyantse.load("derived").itertuples():
        inputs = set(row.inputs.split(";"))
        below[row.derived_id] = (inputs - set(below)).union(
            *(below[i] for i in inputs & set(below)))
        assert row.uses_unverified == bool(unverified & below[row.derived_id])
        if row.uses_unverified:
            context_only = row.model == "context" and not claims & below[row.derived_id]
            assert row.unit.startswith("USD") or (
                context_only and "unverified" in row.en), row.derived_id
    assert below["der_per_capita_increase_per_year_usd"] == {
        "shajuan_income_increase_per_person_month", "ref_cny_usd_2023"}


def test_corroboration_covers_every_claim_and_event():
    findings = gyantse.load("corroboration")
    claims, timeline = gyantse.load("claims"), gyantse.load("timeline")
    subjects = set(claims["claim_id"]) | set(timeline["event_id"])
    assert set(findings["subject"]) == subjects
    assert set(findings["finding"]) <= {"corroborated", "contradicted", "not_found"}
    sourced = findings[findings["finding"].ne("not_found")]
    assert sourced[["source_id", "outlet", "quote"]].notna().all().all()
    excerpts = read_excerpts()
    for row in findings.dropna(subset=["quote"]).itertuples():
        assert row.quote in excerpts[row.source_id].text
    hema = findings[findings["subject"].str.startswith("hema_")]
    assert len(hema) == 8 and hema["finding"].eq("not_found").all()


def test_timeline_dates_match_their_precision_and_source():
    timeline = gyantse.load("timeline").set_index("event_id")
    pattern = {"year": r"\d{4}", "month": r"\d{4}-\d\d", "day": r"\d{4}-\d\d-\d\d",
               "year_range": r"\d{4}/\d{4}"}
    for row in timeline.itertuples():
        assert re.fullmatch(pattern[row.date_precision], row.date), row.Index
    start = timeline.loc["evt_shajuan_cooperation"]
    assert (start["date"], start["date_precision"]) == ("2023-04", "month")
    assert start["reference"] == "ref_shajuan_coop_start_april"
    assert set(timeline["date_source"]) == {"article", "external", "inferred"}
    assert timeline.loc["evt_article_published", "date_source"] == "inferred"
    zongzi = timeline.loc["evt_dragon_boat_zongzi_sales_2023"]
    assert (zongzi["date"], zongzi["date_precision"], zongzi["date_source"]) == (
        "2023", "year", "inferred")
