"""The unit tree through time on the demo data: a commune's chain upward depends on the day asked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Api
from workflow_service.domain.errors import ValidationFailed
from workflow_service.services.context import ServiceContext
from workflow_service.services.units.importing import import_units
from workflow_service.services.units.tree import subtree_codes, unit_chain, units_by_level

PLANS = sorted((Path(__file__).resolve().parents[2] / "plans").glob("*.yaml"))
HEADER = "code,name,level,parent_code,valid_from,valid_to\n"
LANES = {"commune_officer", "district_council", "province_office"}


def test_a_ha_tinh_commune_is_under_its_district_in_2024_and_under_the_province_in_2026(
        service_ctx: ServiceContext) -> None:
    with service_ctx.uow() as uow:
        before = units_by_level(uow.session, "18101", date(2024, 3, 1), LANES)
        after = units_by_level(uow.session, "18101", date(2026, 6, 1), {"commune_officer", "province_office"})
        assert before == {"commune": "18101", "district": "444", "province": "42", "central": "VN"}
        assert after == {"commune": "18101", "province": "42", "central": "VN"}
        assert units_by_level(uow.session, "18101", date(2025, 6, 30), LANES)["district"] == "444"
        with pytest.raises(ValidationFailed, match="no district unit above it on 2025-07-01"):
            units_by_level(uow.session, "18101", date(2025, 7, 1), LANES)
        tree = unit_chain(uow.session, "18101")
        assert tree.get("18101").name == "Xã Hương Khê"  # the latest name; before 1/7/2025 a thị trấn
        assert [p.name for p in tree.get("18101").periods] == ["Thị trấn Hương Khê", "Xã Hương Khê"]


def test_same_for_thanh_hoa_and_quang_ngai(service_ctx: ServiceContext) -> None:
    with service_ctx.uow() as uow:
        assert units_by_level(uow.session, "16001", date(2023, 5, 2), LANES)["district"] == "401"
        assert units_by_level(uow.session, "22603", date(2025, 4, 1), LANES)["district"] == "535"
        assert "district" not in units_by_level(uow.session, "22601", date(2026, 6, 1), set())


def test_a_merged_commune_does_not_exist_after_the_reform(service_ctx: ServiceContext) -> None:
    with service_ctx.uow() as uow:
        assert units_by_level(uow.session, "18105", date(2024, 3, 1), LANES)["district"] == "444"
        with pytest.raises(ValidationFailed, match=r"18105 \(Xã Hương Long\) did not exist on 2026-06-01"):
            units_by_level(uow.session, "18105", date(2026, 6, 1), set())


def test_a_supervisor_subtree_covers_every_period(service_ctx: ServiceContext) -> None:
    with service_ctx.uow() as uow:
        below = subtree_codes(uow.session, {"42"})
        assert {"444", "18101", "18103", "18105", "18107", "18109", "18111"} <= below
        assert subtree_codes(uow.session, {"444"}) == {"444", "18101", "18103", "18105", "18107", "18109",
                                                       "18111"}
        assert "16001" not in below and "22601" not in below


def test_the_2025_list_imported_after_the_old_one_keeps_the_old_parent(service_ctx: ServiceContext) -> None:
    import_units(service_ctx, HEADER + "42,Tỉnh Hà Tĩnh,province,,,\n444,Huyện Hương Khê,district,42,,2025-06-30\n"
                 "18201,Xã Phúc Trạch,commune,444,,2025-06-30\n")
    import_units(service_ctx, HEADER + "42,Tỉnh Hà Tĩnh,province,,,\n18201,Xã Phúc Trạch,commune,42,2025-07-01,\n")
    with service_ctx.uow() as uow:
        assert units_by_level(uow.session, "18201", date(2024, 3, 1), LANES)["district"] == "444"
        assert "district" not in units_by_level(uow.session, "18201", date(2026, 6, 1), set())
    # Importing the same list again changes nothing; a correction of one period replaces only it.
    import_units(service_ctx, HEADER + "42,Tỉnh Hà Tĩnh,province,,,\n18201,Xã Phúc Trạch,commune,42,2025-07-01,\n")
    import_units(service_ctx, HEADER + "42,Tỉnh Hà Tĩnh,province,,,\n18201,Xã Phúc Trạch cũ,commune,42,,2025-06-30\n")
    with service_ctx.uow() as uow:
        tree = unit_chain(uow.session, "18201")
        assert [(p.name, p.parent_code) for p in tree.get("18201").periods] == [
            ("Xã Phúc Trạch cũ", "42"), ("Xã Phúc Trạch", "42")]


@pytest.mark.parametrize("plan", PLANS, ids=[p.name for p in PLANS])
def test_every_plan_imports_on_the_demo_data(mini_api: Api, plan: Path) -> None:
    response = mini_api.client.post("/api/v1/plans", data=plan.read_bytes(),
                                    headers={**mini_api.headers("admin"), "Content-Type": "application/yaml"})
    assert response.status_code == 201, response.json
