"""Producers' periodic reports from a plan's `applicant` recurring step (Hà Tĩnh 2019: monthly before the 15th),
and the rewards table by star from a plan's `rewards:` section (Thanh Hóa 2021: 10, 20, 100 million VND)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import select

from tests.conftest import ROOT, Api
from tests.scenarios.seed_world import add_users, at, import_plan
from workflow_service.domain.clock import VN_TZ, FixedClock
from workflow_service.persistence.models import Dossier, ProcessDefinition
from workflow_service.services.certificate_records.writer import record_certificate_outcome


def recognised(app: Flask, commune: str, seq: int, stars: int, issued: str, producer: str = "producer.huongkhe",
               name: str = "Bưởi Phúc Trạch") -> int:
    """A product dossier recognised with a certificate issued on `issued` (as the chains leave it)."""
    ctx = app.extensions["ocopflow"]
    with ctx.uow() as uow:
        definition = uow.session.scalars(select(ProcessDefinition).where(
            ProcessDefinition.key == "ocop_qd1048_2019")).first()
        assert definition is not None
        year = int(issued[:4])
        row = Dossier(registration_number=f"{seq:03d}/PĐK-x-{commune}-{year}", reg_year=year, reg_seq=seq,
                      definition_id=definition.id, commune_code=commune, province_code=commune[:2], kind="first_time",
                      status="completed", producer_name=f"HTX {seq}", product_name=f"{name} {seq}", stars=stars,
                      certificate={"number": f"C-{seq}", "issue_date": issued, "stars": stars, "issued_by": "province"},
                      data={}, routing={"units": {}, "filer_is_applicant": True}, state="", serializer_version="1",
                      filed_at=datetime.fromisoformat(f"{issued}T09:00:00").replace(tzinfo=VN_TZ), filed_by=producer)
        uow.session.add(row)
        uow.session.flush()
        if stars >= 3:  # the certificate record, as the recognition step writes it
            record_certificate_outcome(uow.session, row, row.filed_at)
        uow.commit()
        return row.id


def test_a_certified_producer_owes_the_monthly_reports_after_its_certificate(
        app: Flask, api: Api, clock: FixedClock) -> None:
    at(clock, "2019-09-02", api)
    add_users(app, {"producer.giapho": ["applicant@18103"]})
    recognised(app, "18101", 1, 3, "2019-08-20")
    recognised(app, "18103", 2, 2, "2019-08-20", producer="producer.giapho")  # 2★: no certificate rights
    import_plan(api, "office.hatinh", "ha-tinh-2019.yaml")

    mine = api.get("producer.huongkhe", "/producer-reports").json["items"]
    assert [(r["step"], r["period"], r["due_at"], r["status"]) for r in mine] == [
        ("producer-monthly-report", f"2019-{m}", f"2019-{m}-15T17:00:00+07:00", "open") for m in ("09", "10", "11", "12")]
    assert api.get("producer.giapho", "/producer-reports").json["items"] == []
    assert len(api.get("officer.huongkhe", "/producer-reports").json["items"]) == 4  # the producer's commune
    assert api.get("officer.huongpho", "/producer-reports").json["items"] == []

    report = mine[0]["id"]
    assert api.post("officer.huongkhe", f"/producer-reports/{report}/submit", {"summary": "x"}).status_code == 403
    assert api.post("producer.huongkhe", f"/producer-reports/{report}/submit", {}).status_code == 422
    sent = api.post("producer.huongkhe", f"/producer-reports/{report}/submit",
                    {"summary": "Sản lượng tháng 9: 2 tấn bưởi.", "revenue_million_vnd": 60})
    assert sent.status_code == 200, sent.json
    assert (sent.json["status"], sent.json["deadline_status"]) == ("submitted", "on_time")
    again = api.post("producer.huongkhe", f"/producer-reports/{report}/submit", {"summary": "lại"})
    assert again.status_code == 409
    overview = api.get("producer.huongkhe", "/producer").json
    assert [r["status"] for r in overview["reports"]][:2] == ["submitted", "open"]
    assert [c["number"] for c in overview["certificates"]] == ["C-1"]


def _rewards(api: Api, user: str, **params: Any) -> Any:
    return api.get(user, "/rewards", query_string=params)


def test_thanh_hoa_2021_rewards_by_star_for_the_year_and_its_exports(app: Flask, api: Api,
                                                                    clock: FixedClock) -> None:
    at(clock, "2021-03-01", api)
    imported = api.client.post("/api/v1/plans", data=(ROOT / "plans" / "thanh-hoa-2021.yaml").read_bytes(),
                               headers={**api.headers("office.thanhhoa"), "Content-Type": "application/yaml"})
    assert imported.status_code == 201 and imported.json["rewards"] == {"3": 10_000_000, "4": 20_000_000,
                                                                       "5": 100_000_000}
    for seq, stars in enumerate((3, 3, 4, 5), start=1):
        recognised(app, "16001", seq, stars, "2021-11-10", name="=HYPERLINK(\"x\")" if seq == 1 else "Nem chua")
    recognised(app, "16001", 9, 4, "2020-12-30")  # recognised the year before: not counted
    recognised(app, "18101", 8, 5, "2021-06-01")  # another province

    table = _rewards(api, "office.thanhhoa", unit="38", year=2021)
    assert table.status_code == 200, table.json
    body = table.json
    assert body["plan_source"].startswith("Kế hoạch số …/KH-UBND năm 2021")
    assert body["by_star"] == [{"stars": 3, "products": 2, "amount": 20_000_000},
                               {"stars": 4, "products": 1, "amount": 20_000_000},
                               {"stars": 5, "products": 1, "amount": 100_000_000}]
    assert body["total"] == 140_000_000 and len(body["rows"]) == 4
    district = _rewards(api, "admin", unit="401", year=2021).json  # a district uses its province's plan
    assert (district["total"], district["plan_id"]) == (140_000_000, body["plan_id"])
    assert _rewards(api, "admin", unit="38", year=2020).json["total"] == 0  # no plan for 2020 sets rewards
    assert _rewards(api, "office.hatinh", unit="38", year=2021).status_code == 403
    assert _rewards(api, "producer.huongkhe", unit="38", year=2021).status_code == 403
    assert _rewards(api, "office.thanhhoa", unit="38", year=1999).status_code == 422

    exported = api.get("office.thanhhoa", "/rewards/export", query_string={"unit": "38", "year": 2021})
    assert exported.status_code == 200 and exported.headers["Content-Type"].startswith("text/csv")
    assert 'filename="thuong-ocop-38-2021.csv"' in exported.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert lines[1][:5] == ["Số đăng ký", "Xã", "Chủ thể", "Sản phẩm", "Hạng sao"]
    assert lines[2][3].startswith("'=HYPERLINK")  # a product name is never a formula
    assert lines[-1] == ["Tổng cộng", "", "", "4 sản phẩm", "", "", "", "140000000"]
    xlsx = api.get("office.thanhhoa", "/rewards/export", query_string={"unit": "38", "year": 2021, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert [c.value for c in sheet[sheet.max_row]][-1] == 140_000_000
