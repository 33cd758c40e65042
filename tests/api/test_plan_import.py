"""Yearly plans imported over the API and the CLI: the seed plans give the dates their sources state."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.conftest import Api
from workflow_service.persistence.deadline_models import YearlyPlan
from workflow_service.persistence.models import AuditEntry
from workflow_service.services.context import ServiceContext
from workflow_service.services.plans.importing import plan_date
from workflow_service.services.units.importing import import_units

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "plans"
ORIGINAL_HA_TINH_2019 = ROOT / "tests" / "fixtures" / "plans" / "ha-tinh-2019-original.yaml"
EXTRA_UNITS = ("code,name,level,parent_code,valid_from,valid_to\n"
               "VN,Bộ Nông nghiệp và Môi trường,central,,,\n"
               "38,Tỉnh Thanh Hóa,province,VN,,\n"
               "51,Tỉnh Quảng Ngãi,province,VN,,\n"
               "535,Huyện Ba Tơ,district,51,,2025-06-30\n"
               "unknown-district,Huyện (chưa xác định),district,38,,\n")
YAML = {"Content-Type": "application/yaml"}

# (file, step, the date the Vietnamese source states, its wording)
SEED_DATES = [
    ("ha-tinh-2019.yaml", "district-idea-selection", date(2019, 4, 10), "hoàn thành trước ngày 10/4/2019"),
    ("ha-tinh-2019.yaml", "province-product-selection", date(2019, 4, 30), "… 30/4/2019"),
    ("ha-tinh-2019.yaml", "product-support-plans", date(2019, 5, 20), "… 20/5/2019"),
    ("thanh-hoa-2021.yaml", "district-six-month-report", date(2021, 6, 15), "báo cáo 6 tháng (trước ngày 15/6)"),
    ("thanh-hoa-2021.yaml", "district-annual-report", date(2021, 12, 1), "báo cáo năm (trước ngày 01/12)"),
    ("ha-tinh-2023-2025.yaml", "quarterly-report", date(2024, 3, 25), "báo cáo quý (trước ngày 25 của tháng cuối quý)"),
    ("ha-tinh-2023-2025.yaml", "six-month-report", date(2024, 6, 20), "6 tháng (trước ngày 20/6)"),
    ("ha-tinh-2023-2025.yaml", "annual-report", date(2025, 12, 15), "hàng năm (trước ngày 15/12)"),
    ("ba-to-2025.yaml", "idea-registration", date(2025, 4, 30), "Thời gian thực hiện: Tháng 3 – 4 năm 2025"),
    ("ba-to-2025.yaml", "district-evaluation", date(2025, 6, 30), "Thời gian trong quý II năm 2025"),
    ("district-2021.yaml", "commune-plans", date(2021, 6, 15), "trước ngày 15/6/2021"),
    ("district-2021.yaml", "year-end-review", date(2021, 12, 31), "Dự kiến trong tháng 12/2021"),
]
COUNTING_FROM = {"ha-tinh-2023-2025.yaml": {"quarterly-report": date(2024, 1, 1),
                                            "six-month-report": date(2024, 1, 1),
                                            "annual-report": date(2025, 1, 1)},
                 "thanh-hoa-2021.yaml": {"district-six-month-report": date(2021, 1, 1),
                                         "district-annual-report": date(2021, 7, 1)}}


def _post(api: Api, user: str, text: str, **params: str) -> object:
    return api.client.post("/api/v1/plans", data=text.encode(), query_string=params,
                           headers={**api.headers(user), **YAML})


def test_each_seed_plan_imports_and_gives_the_dates_of_its_source(mini_api: Api, service_ctx: ServiceContext) -> None:
    import_units(service_ctx, EXTRA_UNITS)
    ids: dict[str, int] = {}
    for path in sorted(PLANS.glob("*.yaml")):
        response = _post(mini_api, "admin", path.read_text("utf-8"))
        assert response.status_code == 201, (path.name, response.json)
        ids[path.name] = response.json["id"]
    assert len(ids) == 5
    for name, step, stated, _wording in SEED_DATES:
        on = COUNTING_FROM.get(name, {}).get(step)
        assert plan_date(service_ctx, ids[name], step, on) == stated, (name, step)
    ha_tinh = mini_api.get("officer.huongkhe", "/plans", query_string={"unit": "42", "year": 2024}).json["items"]
    assert [(p["year"], p["last_year"]) for p in ha_tinh] == [(2023, 2025)]
    detail = mini_api.get("officer.huongkhe", f"/plans/{ids['ha-tinh-2019.yaml']}").json
    steps = {s["key"]: s for s in detail["steps"]}
    assert steps["district-plans"]["due"] == "2019-03-31"
    assert steps["district-evaluation"]["window"] == {"from": "2019-10-01", "to": "2019-10-31"}
    assert detail["document"].startswith("# Kế hoạch thực hiện Chương trình OCOP tỉnh Hà Tĩnh năm 2019")


def test_the_real_31_6_2019_is_refused_naming_its_line_and_nothing_is_imported(mini_api: Api, mini_app: Flask) -> None:
    text = ORIGINAL_HA_TINH_2019.read_text("utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "due: \"31/6/2019\"" in t)
    response = _post(mini_api, "admin", text)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert f"line {line}: due '31/6/2019' is not a date (June has 30 days)" in response.json["detail"]
    assert "nothing was imported" in response.json["detail"]
    with mini_app.extensions["ocopflow"].uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(YearlyPlan)) == 0


@pytest.mark.parametrize(("text", "message"), [
    ('unit: "99999"\nyear: 2019\nsource: "x"\nsteps:\n  - key: a\n    title: A\n    due: "1/2/2019"\n',
     "line 1: unknown unit '99999'"),
    ('unit: "42"\nyear: 2019\nsource: "x"\nsteps:\n  - key: a\n    title: A\n    when: "1/2/2019"\n',
     "line 7: unknown field 'when'"),
    (('unit: "42"\nyear: 2019\nsource: "x"\nsteps:\n  - key: a\n    title: A\n    window: "3-4/2019"\n'
      '  - key: a\n    title: A again\n    window: "4-5/2019"\n'),
     "line 8: step 'a' is listed twice with overlapping windows 3-4/2019 (line 7) and 4-5/2019"),
])
def test_bad_plans_name_the_line_and_the_problem(mini_api: Api, text: str, message: str) -> None:
    response = _post(mini_api, "admin", text)
    assert response.status_code == 422, response.json
    assert message in response.json["detail"]


def test_an_existing_unit_year_is_a_conflict_unless_replaced(mini_api: Api, mini_app: Flask) -> None:
    text = (PLANS / "ha-tinh-2023-2025.yaml").read_text("utf-8")
    assert _post(mini_api, "office.hatinh", text).status_code == 201
    one_year = 'unit: "42"\nyear: 2024\nsource: "KH 2024"\nsteps:\n  - key: a\n    title: A\n    due: "1/2/2024"\n'
    conflict = _post(mini_api, "office.hatinh", one_year)
    assert conflict.status_code == 409 and "2023-2025" in conflict.json["detail"]
    dry = _post(mini_api, "office.hatinh", one_year, replace="true", dry_run="true")
    assert dry.status_code == 200 and dry.json["dry_run"] and dry.json["replaced"]
    assert [p["year"] for p in mini_api.get("admin", "/plans", query_string={"unit": "42"}).json["items"]] == [2023]
    replaced = _post(mini_api, "office.hatinh", one_year, replace="true")
    assert replaced.status_code == 201
    assert [p["source"] for p in mini_api.get("admin", "/plans", query_string={"unit": "42"}).json["items"]] \
        == ["KH 2024"]
    assert _post(mini_api, "office.thanhhoa", one_year, replace="true").status_code == 403
    assert _post(mini_api, "officer.huongkhe", one_year, replace="true").status_code == 403
    with mini_app.extensions["ocopflow"].uow() as uow:
        imports = uow.session.scalars(select(AuditEntry.actor).where(AuditEntry.action == "plan_import")).all()
    assert imports == ["office.hatinh", "office.hatinh"]


def test_the_cli_imports_and_dry_runs(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from workflow_service.cli import main

    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/cli.db", "OCOPFLOW_INSTANCE": str(tmp_path),
           "OCOPFLOW_ENV": "testing"}
    runner = CliRunner()
    assert runner.invoke(main, ["demo"], env=env).exit_code == 0
    plan = str(PLANS / "ha-tinh-2019.yaml")
    dry = runner.invoke(main, ["plans", "import", plan, "--dry-run"], env=env)
    assert dry.exit_code == 0 and dry.output.startswith("would import unit 42 2019, 16 steps"), dry.output
    done = runner.invoke(main, ["plans", "import", plan], env=env)
    assert done.exit_code == 0 and done.output.startswith("imported plan 1: unit 42 2019"), done.output
    again = runner.invoke(main, ["plans", "import", plan], env=env)
    assert again.exit_code == 2 and "already has plan 1" in again.output
    bad = runner.invoke(main, ["plans", "import", str(ORIGINAL_HA_TINH_2019)], env=env)
    assert bad.exit_code == 2 and "June has 30 days" in bad.output
