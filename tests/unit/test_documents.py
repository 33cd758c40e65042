"""How official documents write dates, scores, names and file names (domain/documents.py)."""

from __future__ import annotations

from datetime import date

import pytest

from workflow_service.config import ConfigurationError, Settings
from workflow_service.domain.documents import (
    DocumentKind,
    DossierFacts,
    ascii_name,
    authority_lines,
    due_kinds,
    file_name,
    in_sentence,
    long_date,
    place_name,
    score_text,
)
from workflow_service.domain.units import Level, Period, Unit


@pytest.mark.parametrize(("day", "written"), [
    (date(2026, 5, 22), "ngày 22 tháng 5 năm 2026"),
    (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),   # day < 10 and January/February take a zero
    (date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
    (date(2026, 12, 1), "ngày 01 tháng 12 năm 2026"),
])
def test_dates_are_written_as_administrative_documents_write_them(day: date, written: str) -> None:
    assert long_date(day) == written


def test_file_names_keep_vietnamese_and_lose_what_no_file_system_takes() -> None:
    assert file_name(DocumentKind.REGISTRATION, "001/PĐK-42-18101-2026") == \
        "Mẫu 01 - Phiếu đăng ký - 001-PĐK-42-18101-2026.pdf"
    assert file_name(DocumentKind.CERTIFICATE, 'a\\b:c*"d<e>|\x00') == "Giấy chứng nhận OCOP - a-b-c-d-e.pdf"
    assert file_name(DocumentKind.RECOGNITION_DECISION, "") == "Quyết định công nhận OCOP.pdf"
    assert ascii_name("Quyết định công nhận OCOP - 2345-QĐ-UBND.pdf") == \
        "Quyet dinh cong nhan OCOP - 2345-QD-UBND.pdf"


def test_scores_names_and_headings() -> None:
    assert (score_text(78.0), score_text(77.666), score_text(91.5), score_text(None)) == ("78", "77,67", "91,5", "")
    assert in_sentence("Tỉnh Hà Tĩnh") == "tỉnh Hà Tĩnh"
    assert place_name("Thị trấn Hương Khê") == place_name("Xã Hương Khê") == "Hương Khê"
    assert authority_lines("Ủy ban nhân dân tỉnh Hà Tĩnh") == ["Ủy ban nhân dân", "tỉnh Hà Tĩnh"]
    assert authority_lines("Bộ Nông nghiệp và Môi trường") == ["Bộ Nông nghiệp và Môi trường"]


def test_each_step_brings_its_documents() -> None:
    assert due_kinds(DossierFacts(False, False, False)) == []
    assert due_kinds(DossierFacts(True, False, False)) == [DocumentKind.REGISTRATION, DocumentKind.SELF_ASSESSMENT]
    assert due_kinds(DossierFacts(True, True, True))[2:] == [
        DocumentKind.COMMUNE_REPORT, DocumentKind.RECOGNITION_DECISION, DocumentKind.CERTIFICATE]


def test_a_unit_is_named_as_it_was_on_the_day() -> None:
    commune = Unit("18101", "Xã Hương Khê", Level.COMMUNE, "42", None, None, (
        Period("Thị trấn Hương Khê", "444", None, date(2025, 6, 30)), Period("Xã Hương Khê", "42", date(2025, 7, 1))))
    assert commune.name_on(date(2024, 3, 1)) == "Thị trấn Hương Khê"
    assert commune.name_on(date(2026, 3, 1)) == "Xã Hương Khê"


def test_the_public_address_is_checked_and_production_has_no_default(tmp_path: object) -> None:
    base = {"OCOPFLOW_INSTANCE_DIR": str(tmp_path)}
    assert Settings.from_env(base).public_base_url == "http://127.0.0.1:5000"
    assert Settings.from_env({**base, "OCOPFLOW_ENV": "production"}).public_base_url is None
    given = Settings.from_env({**base, "OCOPFLOW_PUBLIC_BASE_URL": "https://ocop.hatinh.gov.vn/"})
    assert given.public_base_url == "https://ocop.hatinh.gov.vn"
    with pytest.raises(ConfigurationError, match="OCOPFLOW_PUBLIC_BASE_URL"):
        Settings.from_env({**base, "OCOPFLOW_PUBLIC_BASE_URL": "ocop.hatinh.gov.vn"})
