"""Search text is folded the same way for what is stored and what is typed."""

from __future__ import annotations

import pytest

from workflow_service.domain.search import dossier_search_text, fold, like_pattern


@pytest.mark.parametrize(("typed", "stored"), [
    ("mat ong", "Mật ong rừng Hương Khê"), ("MẬT ONG", "mật ong"), ("duong phen", "Đường phèn Quảng Ngãi"),
    ("keo cu do", "Kẹo cu đơ"), ("buoi phuc trach", "Bưởi Phúc Trạch"), ("  hương   khê ", "HTX Hương Khê"),
])
def test_typed_without_diacritics_or_case_finds_the_stored_name(typed: str, stored: str) -> None:
    assert fold(typed) in fold(stored)


def test_the_folded_text_keeps_only_base_letters_and_single_spaces() -> None:
    assert fold("  Đường   PHÈN\u00a0Ngãi ") == "duong phen ngai"
    assert fold(None) == "" and fold("") == ""
    assert dossier_search_text("001/PĐK-42-18101-2026", "HTX Hương Khê", "Mật ong") == (
        "001/pdk-42-18101-2026 | htx huong khe | mat ong")


def test_a_wildcard_typed_is_a_character() -> None:
    assert like_pattern("50%_x") == "%50\\%\\_x%"
