"""Officer pages through a browser-like client: inbox, claim, the task form, drafts, dossier, filing."""

from __future__ import annotations

import re

from flask import Flask

from tests.engine.test_ocop_evaluation import FILING
from tests.web.chain import file, open_task, to_council_scoring
from tests.web.conftest import Browser
from workflow_service.services.context import ServiceContext

CARD_PRODUCER = re.compile(r"· HTX số (\d)\s*</p>")


def ctx_of(app: Flask) -> ServiceContext:
    context: ServiceContext = app.extensions["ocopflow"]
    return context


def test_the_inbox_offers_the_commune_task_and_claims_it_in_one_click(web_app: Flask, browser_for) -> None:
    dossier_id = file(ctx_of(web_app))
    task = open_task(ctx_of(web_app), dossier_id, "commune_review")
    officer: Browser = browser_for("officer.huongkhe")
    page = officer.get("/inbox").get_data(as_text=True)
    assert task.id in page and "001/PĐK-42-18101-2026" in page and "HTX Nông nghiệp Hương Khê" in page
    response = officer.post(f"/tasks/{task.id}/claim", {"next": "/inbox?scope=mine"})
    assert response.status_code == 302 and response.location == "/inbox?scope=mine"
    assert open_task(ctx_of(web_app), dossier_id, "commune_review").claimed_by == "officer.huongkhe"
    mine = officer.get("/inbox?scope=mine").get_data(as_text=True)
    assert task.id in mine and f"/tasks/{task.id}/unclaim" in mine
    officer.post(f"/tasks/{task.id}/unclaim", {"next": "/inbox"})
    assert open_task(ctx_of(web_app), dossier_id, "commune_review").claimed_by is None


def test_another_commune_sees_neither_the_task_nor_the_dossier(web_app: Flask, browser_for) -> None:
    dossier_id = file(ctx_of(web_app))
    task = open_task(ctx_of(web_app), dossier_id, "commune_review")
    outsider: Browser = browser_for("officer.huongpho")
    assert task.id not in outsider.get("/inbox").get_data(as_text=True)
    assert outsider.get(f"/dossiers/{dossier_id}").status_code == 404
    assert outsider.get(f"/tasks/{task.id}").status_code == 404
    assert outsider.post(f"/tasks/{task.id}/claim").status_code == 404
    assert open_task(ctx_of(web_app), dossier_id, "commune_review").claimed_by is None


def test_a_claim_without_the_csrf_token_changes_nothing(web_app: Flask, browser_for) -> None:
    dossier_id = file(ctx_of(web_app))
    task = open_task(ctx_of(web_app), dossier_id, "commune_review")
    officer: Browser = browser_for("officer.huongkhe")
    assert officer.post(f"/tasks/{task.id}/claim", csrf=False).status_code == 400
    assert open_task(ctx_of(web_app), dossier_id, "commune_review").claimed_by is None


def test_a_scoresheet_out_of_range_is_shown_inline_and_nothing_is_lost(web_app: Flask, browser_for) -> None:
    dossier_id = to_council_scoring(ctx_of(web_app))
    task = open_task(ctx_of(web_app), dossier_id, "council_scoring", "council1.hatinh")
    member: Browser = browser_for("council1.hatinh")
    member.post(f"/tasks/{task.id}/claim")
    page = member.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert 'class="scoresheet"' in page and "Phần A: Sản phẩm và sức mạnh cộng đồng" in page
    sheet = {"part_a": "45", "part_b": "20", "part_c": "28", "minimum_star": "4", "comments": "Tốt"}
    refused = member.post(f"/tasks/{task.id}", {**sheet, "action": "complete"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert re.search(r'id="f-part_a-error">[^<]*0[^<]*40', html)  # "from 0 to 40", next to the field
    assert 'value="45"' in html and "Tốt" in html
    assert open_task(ctx_of(web_app), dossier_id, "council_scoring", "council1.hatinh").status == "open"
    done = member.post(f"/tasks/{task.id}", {**sheet, "part_a": "30", "action": "complete"})
    assert done.status_code == 302 and done.location == "/inbox"
    assert all(t.id != task.id for t in [open_task(ctx_of(web_app), dossier_id, "council_scoring",
                                                   "council2.hatinh")])
    timeline = member.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert ('<span class="person" title="council1.hatinh">Hoàng Văn Lợi</span> (<span title="province_council@42">'
            "Thành viên Hội đồng cấp tỉnh · Tỉnh Hà Tĩnh</span>)") in timeline  # the member's name, login on hover
    assert "<dt>Phần A: Sản phẩm và sức mạnh cộng đồng</dt><dd>30 / 40</dd>" in timeline  # labelled, not part_a
    assert "<dt>Tổng điểm</dt>" in timeline or "<dt>Tổng</dt>" in timeline


def test_a_draft_is_kept_for_the_holder_only(web_app: Flask, browser_for) -> None:
    dossier_id = file(ctx_of(web_app))
    task = open_task(ctx_of(web_app), dossier_id, "commune_review")
    officer: Browser = browser_for("officer.huongkhe")
    not_held = officer.post(f"/tasks/{task.id}", {"action": "save", "notes": "x"})
    assert not_held.status_code == 409
    officer.post(f"/tasks/{task.id}/claim")
    saved = officer.post(f"/tasks/{task.id}", {"action": "save", "complete": "true", "notes": "Đang xem"})
    assert saved.status_code == 302
    assert open_task(ctx_of(web_app), dossier_id, "commune_review").draft == {"complete": True,
                                                                              "notes": "Đang xem"}
    assert "Đang xem" in officer.get(f"/tasks/{task.id}").get_data(as_text=True)


def test_a_word_typed_into_a_number_field_is_reported_and_kept(web_app: Flask, browser_for) -> None:
    dossier_id = to_council_scoring(ctx_of(web_app))
    task = open_task(ctx_of(web_app), dossier_id, "council_scoring", "council2.hatinh")
    member: Browser = browser_for("council2.hatinh")
    member.post(f"/tasks/{task.id}/claim")
    response = member.post(f"/tasks/{task.id}", {"part_a": "ba mươi", "part_b": "20", "part_c": "28",
                                                 "minimum_star": "4", "action": "complete"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="ba mươi"' in html and 'id="f-part_a-error"' in html


def test_attachments_are_checked_stored_and_readable_only_within_the_units(web_app: Flask, browser_for) -> None:
    dossier_id = file(ctx_of(web_app))
    task = open_task(ctx_of(web_app), dossier_id, "commune_review")
    officer: Browser = browser_for("officer.huongkhe")
    officer.post(f"/tasks/{task.id}/claim")
    pdf = b"%PDF-1.4\n% Mau 03\n"
    from io import BytesIO
    sent = officer.post(f"/tasks/{task.id}/attachments", {"file": (BytesIO(pdf), "mau03.pdf")},
                        content_type="multipart/form-data")
    assert sent.status_code == 302
    fake = officer.post(f"/tasks/{task.id}/attachments", {"file": (BytesIO(b"MZ\x90\x00"), "virus.pdf")},
                        content_type="multipart/form-data")
    assert fake.status_code == 422  # the page stays, its error next to the file field
    assert re.search(r'id="file-error"[^>]*>[^<]*\.pdf', fake.get_data(as_text=True))
    page = officer.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    links = re.findall(r'href="(/attachments/\d+)"', page)
    assert len(links) == 1 and "mau03.pdf" in page and "virus.pdf" not in page
    with officer.client.get(links[0]) as download:
        assert download.status_code == 200 and download.data == pdf
        assert download.headers["Content-Disposition"].startswith("attachment")
    with browser_for("supervisor.hatinh").client.get(links[0]) as supervisor_download:
        assert supervisor_download.status_code == 200
    assert browser_for("officer.huongpho").get(links[0]).status_code == 404


def test_a_producer_files_a_dossier_in_the_browser(web_app: Flask, browser_for) -> None:
    producer: Browser = browser_for("producer.huongkhe")
    form = {"process": "ocop_evaluation", "commune": "18101", "kind": "first_time"}
    form |= {f"producer.{k}": str(v) for k, v in FILING["producer"].items()}
    form |= {f"product.{k}": str(v) for k, v in FILING["product"].items()}
    bad = producer.post("/dossiers/new", {**form, "producer.phone": "call me"})
    assert bad.status_code == 422 and 'id="f-producer-phone-error"' in bad.get_data(as_text=True)
    filed = producer.post("/dossiers/new", form)
    assert filed.status_code == 302
    page = producer.get(filed.location).get_data(as_text=True)
    assert "001/PĐK-42-18101-2026" in page and "Bưởi Phúc Trạch" in page and "Hợp tác xã" in page
    assert 'id="diagram"' in page


def test_an_officer_cannot_file_for_another_commune(web_app: Flask, browser_for) -> None:
    officer: Browser = browser_for("officer.huongpho")
    form = {"process": "ocop_evaluation", "commune": "18101", "kind": "first_time"}
    form |= {f"producer.{k}": str(v) for k, v in FILING["producer"].items()}
    form |= {f"product.{k}": str(v) for k, v in FILING["product"].items()}
    assert officer.post("/dossiers/new", form).status_code == 422


def test_inbox_filters_and_pages_follow_the_due_date(web_app: Flask, browser_for, clock) -> None:
    from datetime import timedelta
    ctx = ctx_of(web_app)
    ids = []
    for n in range(5):
        ids.append(file(ctx, {**FILING, "producer": {**FILING["producer"], "name": f"HTX số {n}"}}))
        clock.advance(timedelta(days=1))
    officer: Browser = browser_for("officer.huongkhe")
    first = officer.get("/inbox?scope=claimable").get_data(as_text=True)
    assert re.findall(CARD_PRODUCER, first) == ["0", "1", "2", "3", "4"]
    found = officer.get("/inbox?q=HTX+s%E1%BB%91+3").get_data(as_text=True)
    assert re.findall(CARD_PRODUCER, found) == ["3"]
    assert "HTX số" not in officer.get("/inbox?step=office_check").get_data(as_text=True)
    clock.advance(timedelta(days=20))  # 15 working days from the first filing have passed
    overdue = officer.get("/inbox?deadline=overdue").get_data(as_text=True)
    assert "HTX số 0" in overdue and "badge-overdue" in overdue


def test_the_inbox_pages_with_a_cursor(web_app: Flask, browser_for) -> None:
    from workflow_service.services.accounts.users import load_actor
    from workflow_service.services.tasks.inbox import InboxQuery, inbox_page
    ctx = ctx_of(web_app)
    for _n in range(5):
        file(ctx)
    actor = load_actor(ctx, "officer.huongkhe")
    first = inbox_page(ctx, actor, InboxQuery(limit=2))
    second = inbox_page(ctx, actor, InboxQuery(limit=2, after=first.next_cursor))
    third = inbox_page(ctx, actor, InboxQuery(limit=2, after=second.next_cursor))
    seen = [t.id for t in first.tasks + second.tasks + third.tasks]
    assert len(seen) == len(set(seen)) == 5 and third.next_cursor is None
    restart = inbox_page(ctx, actor, InboxQuery(limit=2, after="garbage"))
    assert [t.id for t in restart.tasks] == [t.id for t in first.tasks]


def test_tasks_without_a_deadline_come_after_the_dated_ones_across_pages(web_app: Flask) -> None:
    from sqlalchemy import update

    from workflow_service.persistence.models import TaskRow
    from workflow_service.services.accounts.users import load_actor
    from workflow_service.services.tasks.inbox import InboxQuery, inbox_page
    ctx = ctx_of(web_app)
    ids = [file(ctx) for _n in range(5)]
    undated = {open_task(ctx, i, "commune_review").id for i in ids[:2]}
    with ctx.uow() as uow:
        uow.session.execute(update(TaskRow).where(TaskRow.id.in_(undated)).values(due_at=None))
        uow.commit()
    actor = load_actor(ctx, "officer.huongkhe")
    seen, after = [], None
    for _page in range(5):
        page = inbox_page(ctx, actor, InboxQuery(limit=2, after=after))
        seen += [t.id for t in page.tasks]
        after = page.next_cursor
        if after is None:
            break
    assert len(seen) == 5 and set(seen[3:]) == undated


def test_a_search_by_part_of_a_producer_name_finds_that_dossier_only_whatever_the_case(web_app: Flask) -> None:
    from workflow_service.services.accounts.users import load_actor
    from workflow_service.services.tasks.inbox import InboxQuery, inbox_page
    ctx = ctx_of(web_app)
    ids = [file(ctx, {**FILING, "producer": {**FILING["producer"], "name": f"HTX Rare {n} Mountain"}})
           for n in range(6)]
    actor = load_actor(ctx, "officer.huongkhe")
    every = inbox_page(ctx, actor, InboxQuery(limit=100))
    assert {t.dossier_id for t in every.tasks} >= set(ids)
    for term in ("rare 4 mount", "RARE 4", "Rare 4 Mountain"):
        found = inbox_page(ctx, actor, InboxQuery(search=term))
        assert [t.dossier_id for t in found.tasks] == [ids[4]], term
        assert [t.id for t in found.tasks] == [t.id for t in every.tasks if t.dossier_id == ids[4]]
    assert inbox_page(ctx, actor, InboxQuery(search="rare 4%")).tasks == []  # a wildcard is a character
    assert len(inbox_page(ctx, actor, InboxQuery(search="htx rare")).tasks) == 6
