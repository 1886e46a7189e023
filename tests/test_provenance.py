"""The raw article is the original file, and its provenance record is complete."""

import hashlib

import pytest

from gyantse import config
from gyantse.errors import SourceError
from gyantse.provenance import article, read_raw, source

# The checksum of the original file, as recorded in data/raw/sources.yml.
ORIGINAL_SHA256 = "3c29ded1cb44202fdb798f93d64fc9940a810a0af52d0342b49e014c57320609"


def test_raw_bytes_are_the_original():
    data = config.RAW_ARTICLE.read_bytes()
    assert len(data) == 4850
    assert hashlib.sha256(data).hexdigest() == ORIGINAL_SHA256
    assert not data.endswith(b"\n")


def test_record_carries_checksum_date_reasoning_and_attribution():
    record = source()
    assert record.sha256 == ORIGINAL_SHA256
    assert record.bytes == 4850
    assert record.date_published == "2024-02-07"
    assert record.date_status == "inferred"
    assert "t20240207" in record.mirror_path
    assert "中国西藏网" in record.attribution_line
    assert record.copyright_holder_zh == "高原(北京)文化传播有限公司"
    assert record.publisher_en == "China Tibet Online"


def test_edited_raw_file_is_refused(tmp_path):
    edited = tmp_path / "article.txt"
    edited.write_bytes(config.RAW_ARTICLE.read_bytes().replace("50名".encode(),
                                                              "60名".encode()))
    expected = r"article\.txt has sha256 .*'git checkout -- "
    with pytest.raises(SourceError, match=expected):
        read_raw(edited)


def test_missing_raw_file_is_named(tmp_path):
    with pytest.raises(SourceError, match=r"missing; restore the raw article"):
        read_raw(tmp_path / "article.txt")


def test_article_is_parsed_from_the_verified_file():
    art = article()
    assert art.title.text == "日喀則江孜縣依托援藏優勢推動產業振興"
    assert len(art.paragraphs) == 4
    assert art.notice.startswith("版權聲明")
    assert len(art.related) == 10
