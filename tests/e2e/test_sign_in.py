"""A real browser signs in and lands on the inbox, on a phone-sized screen too."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import PHONE, no_horizontal_scroll, sign_in


def test_an_officer_signs_in_and_sees_the_inbox_on_a_phone(page: Any) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, "officer.huongkhe")
    assert page.locator("h1").inner_text() == "Việc cần làm"
    assert "Cán bộ UBND xã · Xã Hương Khê" in page.locator(".who").inner_text()
    assert no_horizontal_scroll(page)
