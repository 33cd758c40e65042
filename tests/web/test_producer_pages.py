"""The producer's pages in-process: the landing, an idea registered from the form (errors next to the fields),
a periodic report sent from the page; and the rewards page with its downloads."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.api.test_producer_reports_and_rewards import recognised
from tests.conftest import ROOT
from tests.scenarios.seed_world import at
from tests.web.conftest import Browser
from workflow_service.domain.access import Actor
from workflow_service.domain.clock import FixedClock
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.plans.importing import import_plan

IDEA_FORM = {"commune": "18101", "producer.name": "HTX Cam Khe Mây", "producer.type": "cooperative",
             "producer.address": "Xã Hương Khê", "producer.phone": "0912 345 678",
             "product.name": "Cam sấy", "product.group": "food", "product.description": "Cam sấy dẻo."}


def _actor(app: Flask, user: str) -> Actor:
    return load_actor(app.extensions["ocopflow"], user)


def test_a_producer_lands_on_their_page_and_registers_an_idea(browser_for: Any) -> None:
    producer: Browser = browser_for("producer.huongkhe")
    assert producer.client.get("/").location == "/producer"
    page = producer.get("/producer").get_data(as_text=True)
    assert "Sản phẩm OCOP của tôi" in page and "Chưa đăng ký ý tưởng nào." in page
    producer.get("/ideas/new")
    refused = producer.post("/ideas/new", {**IDEA_FORM, "product.name": ""})
    assert refused.status_code == 422 and "has-error" in refused.get_data(as_text=True)
    producer.get("/ideas/new")
    done = producer.post("/ideas/new", IDEA_FORM)
    assert done.status_code == 302 and done.location == "/producer"
    page = producer.get("/producer").get_data(as_text=True)
    assert "001/YT-42-18101-2026" in page and "Đang xem xét" in page
    officer: Browser = browser_for("officer.huongkhe")
    assert officer.client.get("/").location == "/inbox"
    assert "UBND xã rà soát ý tưởng" in officer.get("/inbox").get_data(as_text=True)


def test_a_report_is_sent_from_the_producer_page(web_app: Flask, browser_for: Any, clock: FixedClock) -> None:
    at(clock, "2019-09-02")
    recognised(web_app, "18101", 1, 4, "2019-08-20")
    import_plan(web_app.extensions["ocopflow"], _actor(web_app, "office.hatinh"),
                (ROOT / "plans" / "ha-tinh-2019.yaml").read_text(encoding="utf-8"))
    producer: Browser = browser_for("producer.huongkhe")
    page = producer.get("/producer").get_data(as_text=True)
    assert page.count('name="summary"') == 1  # only the next report is offered
    report = page.split('action="/producer/reports/')[1].split('"')[0]
    sent = producer.post(f"/producer/reports/{report}", {"summary": "Sản lượng tháng 9: 3 tấn."})
    assert sent.status_code == 303
    assert "Đã gửi báo cáo." in producer.get("/producer").get_data(as_text=True)


def test_the_rewards_page_and_its_downloads(web_app: Flask, browser_for: Any, clock: FixedClock) -> None:
    at(clock, "2021-03-01")
    import_plan(web_app.extensions["ocopflow"], _actor(web_app, "office.thanhhoa"),
                (ROOT / "plans" / "thanh-hoa-2021.yaml").read_text(encoding="utf-8"))
    recognised(web_app, "16001", 1, 4, "2021-10-01")
    office: Browser = browser_for("office.thanhhoa")
    page = office.get("/rewards?unit=38&year=2021").get_data(as_text=True)
    assert "Thưởng theo hạng sao" in page and "20.000.000" in page
    download = office.client.get("/rewards?unit=38&year=2021&format=xlsx")
    assert download.status_code == 200 and "thuong-ocop-38-2021.xlsx" in download.headers["Content-Disposition"]
    assert browser_for("office.hatinh").get("/rewards?unit=38&year=2021").status_code == 403
