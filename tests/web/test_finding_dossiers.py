"""Finding things: "mat ong" finds "Mật ong" in the inbox and the dossier list; the list filters by state,
current step, commune and regulation and shows each dossier's current step."""

from __future__ import annotations

import re

from flask import Flask

from tests.engine.test_ocop_evaluation import FILING
from tests.web.chain import BEFORE_SCORING, do, file
from tests.web.conftest import Browser
from workflow_service.services.context import ServiceContext


def ctx_of(app: Flask) -> ServiceContext:
    context: ServiceContext = app.extensions["ocopflow"]
    return context


def _product(name: str) -> dict:
    return {**FILING, "product": {**FILING["product"], "name": name}}


def _cards(html: str) -> list[str]:
    return re.findall(r'class="task-name regno" href="/dossiers/(\d+)"', html)


def test_a_search_without_diacritics_finds_the_dossier_in_inbox_and_list(web_app: Flask, browser_for) -> None:
    honey = file(ctx_of(web_app), _product("Mật ong rừng Hương Khê"))
    file(ctx_of(web_app), _product("Kẹo cu đơ"))
    officer: Browser = browser_for("officer.huongkhe")
    for term in ("mat ong", "MAT ONG", "Mật ong", "mật"):
        inbox = officer.get(f"/inbox?q={term}").get_data(as_text=True)
        assert "Mật ong rừng Hương Khê" in inbox and "Kẹo cu đơ" not in inbox, term
        assert _cards(officer.get(f"/dossiers?q={term}").get_data(as_text=True)) == [str(honey)], term
    assert "Kẹo cu đơ" in officer.get("/inbox?q=keo+cu+do").get_data(as_text=True)
    assert _cards(officer.get("/dossiers?q=002%2FPDK").get_data(as_text=True)) != [str(honey)]


def test_the_list_shows_the_current_step_and_filters_by_it(web_app: Flask, browser_for) -> None:
    ctx = ctx_of(web_app)
    waiting = file(ctx, _product("Kẹo cu đơ"))
    moved = file(ctx, _product("Mật ong"))
    do(ctx, moved, "officer.huongkhe", "commune_review", BEFORE_SCORING[0][2])
    office: Browser = browser_for("supervisor.hatinh")
    listing = office.get("/dossiers").get_data(as_text=True)
    assert "Đang ở bước: <strong>UBND xã kiểm tra hồ sơ" in listing
    assert "<strong>Cơ quan tham mưu OCOP tỉnh kiểm tra hồ sơ</strong>" in listing
    assert _cards(office.get("/dossiers?step=office_check").get_data(as_text=True)) == [str(moved)]
    assert _cards(office.get("/dossiers?step=commune_review").get_data(as_text=True)) == [str(waiting)]
    assert _cards(office.get("/dossiers?status=completed").get_data(as_text=True)) == []
    assert set(_cards(office.get("/dossiers?commune=18101&regulation=R4").get_data(as_text=True))) == {
        str(waiting), str(moved)}
    assert _cards(office.get("/dossiers?regulation=R2").get_data(as_text=True)) == []
    assert '<option value="18101" title="18101">Xã Hương Khê</option>' in listing


def test_a_long_list_says_more_than_the_cap_and_still_pages(web_app: Flask, browser_for, monkeypatch) -> None:
    from workflow_service.services.dossiers import listing
    from workflow_service.web import dossier_pages

    monkeypatch.setattr(listing, "COUNT_CAP", 3)  # the name the module reads
    monkeypatch.setattr(dossier_pages, "PAGE", 2)
    ctx = ctx_of(web_app)
    filed = [file(ctx, _product(f"Mật ong {i}")) for i in range(5)]
    officer: Browser = browser_for("officer.huongkhe")
    first = officer.get("/dossiers").get_data(as_text=True)
    assert "Hơn 3 hồ sơ trong đơn vị của bạn." in first
    assert _cards(first) == [str(i) for i in filed[::-1][:2]]
    assert 'rel="next" href="/dossiers?offset=2"' in first
    last = officer.get("/dossiers?offset=4").get_data(as_text=True)
    assert _cards(last) == [str(filed[0])] and 'rel="next"' not in last
    narrowed = officer.get("/dossiers?q=mat+ong+4").get_data(as_text=True)
    assert "Tìm thấy 1 hồ sơ." in narrowed


def test_the_commune_filter_lists_the_communes_of_ones_units_or_asks_for_a_code(web_app: Flask, browser_for,
                                                                                 monkeypatch) -> None:
    from workflow_service.services.dossiers import listing

    office: Browser = browser_for("supervisor.hatinh")
    listing_page = office.get("/dossiers").get_data(as_text=True)  # no dossier filed: the province's communes
    assert '<option value="18101" title="18101">Xã Hương Khê</option>' in listing_page
    officer: Browser = browser_for("officer.huongkhe")
    assert re.findall(r'<option value="(\d+)" title', officer.get("/dossiers").get_data(as_text=True)) == ["18101"]
    monkeypatch.setattr(listing, "COMMUNE_CHOICES", 0)
    typed = office.get("/dossiers?commune=18101").get_data(as_text=True)
    assert 'name="commune" inputmode="numeric" maxlength="32" value="18101"' in typed
