"""domain.visibility: every role has a reach; who reads a council member's sheet."""

from __future__ import annotations

from workflow_service.domain.access import Actor
from workflow_service.domain.roles import ALL_ROLES, RoleGrant
from workflow_service.domain.visibility import (
    DOSSIER_REACH,
    Reach,
    aggregate_only,
    may_read_dossier_sheets,
    may_read_sheet,
)


def actor(*grants: str) -> Actor:
    return Actor("someone", tuple(RoleGrant.parse(g) for g in grants))


def test_every_role_has_a_reach_and_producers_see_only_their_own() -> None:
    assert set(DOSSIER_REACH) == ALL_ROLES
    assert DOSSIER_REACH["applicant"] is Reach.OWN and DOSSIER_REACH["designer"] is Reach.NONE


def test_sheets_are_read_by_the_council_its_office_and_chair_of_that_province_and_admins() -> None:
    for grant in ("province_council@42", "province_office@42", "province_chair@42", "admin@VN"):
        assert may_read_sheet(actor(grant), "province_council", "42"), grant
    for grant in ("province_advisory@42", "supervisor@42", "commune_officer@18101", "applicant@18101",
                  "province_office@38", "central_council@VN"):
        assert not may_read_sheet(actor(grant), "province_council", "42"), grant
    assert may_read_sheet(actor("applicant@18101"), "commune_officer", "18101")  # not a sheet step


def test_a_dossiers_data_keeps_the_aggregate_only_for_others() -> None:
    data = {"score": 78.0, "stars": 4, "band": 4, "council_sheets": [{"member": "council1", "total": 78}]}
    assert aggregate_only(data) == {"score": 78.0, "stars": 4, "band": 4}
    units = {"commune": "18101", "province": "42", "central": "VN"}
    assert may_read_dossier_sheets(actor("province_office@42"), units)
    assert not may_read_dossier_sheets(actor("province_advisory@42"), units)
    assert not may_read_dossier_sheets(actor("province_office@38"), units)
