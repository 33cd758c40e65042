"""A deadline rule as a designer wrote it, in the page's words: every kind of rule in Vietnamese and English; a
rule that cannot be read is shown as written, in <code>."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, session

from workflow_service.web.i18n import init_babel
from workflow_service.web.labels import deadline_rule_text


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    app = Flask(__name__)
    app.secret_key = "test"
    init_babel(app, Path(tmp_path_factory.mktemp("instance")))
    return app


@pytest.fixture(params=["vi", "en"])
def lang(app: Flask, request: pytest.FixtureRequest) -> Iterator[str]:
    with app.test_request_context("/"):
        session["lang"] = request.param
        yield str(request.param)


RULES = {
    "15 working days": ("15 ngày làm việc", "15 working days"),
    "1 working day": ("1 ngày làm việc", "1 working day"),
    "20 days": ("20 ngày", "20 days"),
    "20 ngày": ("20 ngày", "20 days"),
    "1 day": ("1 ngày", "1 day"),
    "3 months": ("3 tháng", "3 months"),
    "1 month": ("1 tháng", "1 month"),
    "plan:district-evaluation": ("ngày của bước <code>district-evaluation</code> trong kế hoạch",
                                 "the date of the plan's step <code>district-evaluation</code>"),
    "round:district": ("hạn đóng đợt cấp huyện", "the district round's closing day"),
    "round:province": ("hạn đóng đợt cấp tỉnh", "the provincial round's closing day"),
    "round:ministry": ("hạn đóng đợt cấp trung ương", "the central round's closing day"),
    "date:expiry_date": ("ngày trong trường <code>expiry_date</code>", "the date in the field <code>expiry_date</code>"),
    "60 working days from 2026-05-22": ("60 ngày làm việc kể từ 22/05/2026", "60 working days from 22/05/2026"),
    "30 days from 2026-05-22": ("30 ngày kể từ 22/05/2026", "30 days from 22/05/2026"),
    "15 workdays": ("<code>15 workdays</code>", "<code>15 workdays</code>"),
    "P15D": ("<code>P15D</code>", "<code>P15D</code>"),
    "<b>x</b>": ("<code>&lt;b&gt;x&lt;/b&gt;</code>", "<code>&lt;b&gt;x&lt;/b&gt;</code>"),
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_kind_of_rule_reads_in_words(lang: str, rule: str) -> None:
    vi, en = RULES[rule]
    assert str(deadline_rule_text(rule)) == (vi if lang == "vi" else en)


def test_no_rule_is_nothing(lang: str) -> None:
    assert str(deadline_rule_text(None)) == "" and str(deadline_rule_text("")) == ""
