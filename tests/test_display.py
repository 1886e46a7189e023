"""gyantse.display.table: what a reader sees of a DataFrame."""

import re

import pandas as pd
import pytest

from gyantse.display import MISSING, format_value, table


@pytest.fixture
def claims() -> pd.DataFrame:
    return pd.DataFrame(
        {"value": [50.0, 2_400_000.0, float("nan")],
         "share_pct": [1.46, 12.5, 100.0],
         "en": ["Fifty trained.", "A large sum.", None]},
        index=pd.Index(["shajuan_trainees", "hema_big", "unknown"], name="claim_id"))


def cells(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.DOTALL)]


@pytest.mark.parametrize(("value", "shown"), [
    pytest.param(50.0, "50", id="whole-float"),
    pytest.param(2_400_000.0, "2,400,000", id="thousands"),
    pytest.param(4000, "4,000", id="int"),
    pytest.param(1.46, "1.46", id="decimals-kept"),
    pytest.param(-1234.5, "-1,234.5", id="negative"),
    pytest.param(float("nan"), MISSING, id="nan"),
    pytest.param(None, MISSING, id="none"),
    pytest.param(pd.NA, MISSING, id="pd-na"),
    pytest.param("15萬元", "15萬元", id="text-as-is"),
    pytest.param(True, "True", id="bool-not-number"),
])
def test_format_value(value, shown):
    assert format_value(value) == shown


def test_table_shows_no_raw_float_or_nan(claims):
    html = table(claims).to_html()
    shown = cells(html)
    assert shown == ["50", "1.46", "Fifty trained.", "2,400,000", "12.5",
                     "A large sum.", MISSING, "100", MISSING]
    assert "nan" not in html.lower().replace("nan-", "")


def test_table_aligns_numbers_right_and_text_left(claims):
    html = table(claims).to_html()
    css = {}
    for selectors, align in re.findall(r"([^{}]+)\{\s*text-align: (\w+);", html):
        for cell in re.findall(r"#T_\w+?_(row\d+_col\d+)", selectors):
            css[cell] = align
    assert css["row0_col0"] == "right" and css["row0_col1"] == "right"
    assert css["row0_col2"] == "left"


def test_labels_rename_columns_and_index_but_keep_the_data(claims):
    styler = table(claims, labels={"value": "Value (yuan)", "claim_id": "Claim"})
    html = styler.to_html()
    assert "Value (yuan)" in html and ">Claim<" in html
    assert list(claims.columns) == ["value", "share_pct", "en"]
    assert styler.data["Value (yuan)"].iloc[0] == 50.0


def test_empty_frame():
    assert "<table" in table(pd.DataFrame({"a": []})).to_html()
