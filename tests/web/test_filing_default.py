"""With the four regulation chains deployed, the filing page still preselects the current one (R4)."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from tests.api.test_regulation_chains import CHAINS


def test_the_filing_page_offers_every_chain_and_preselects_the_current_regulation(web_app: Flask,
                                                                                  browser_for: Any) -> None:
    page = browser_for("producer.huongkhe").get("/dossiers/new").get_data(as_text=True)
    options = re.findall(r'<option value="(ocop_[a-z0-9_]+)"( selected)?>', page)
    assert sorted(k for k, _selected in options) == sorted(CHAINS)
    assert [k for k, selected in options if selected] == ["ocop_evaluation"]
