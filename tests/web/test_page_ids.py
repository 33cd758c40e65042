"""Ids in page URLs are bounded like the API's: past the database's range they match no page (404), never a 500."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import Browser

HUGE = "9223372036854775808"  # 2^63: past 64 bits, and far past the INTEGER id columns


@pytest.mark.parametrize("path", [f"/dossiers/{HUGE}", f"/attachments/{HUGE}", f"/designer/ocop_evaluation/{HUGE}",
                                  f"/designer/ocop_evaluation/{HUGE}/edit", "/dossiers/2147483648"])
def test_an_id_past_the_database_range_is_not_found(browser_for: Any, path: str) -> None:
    browser: Browser = browser_for("designer")
    response = browser.get(path)
    assert response.status_code == 404, response.get_data(as_text=True)[:300]
