import pytest

from workflow_service.domain import roles
from workflow_service.domain.errors import ValidationFailed
from workflow_service.domain.roles import ALL_ROLES, ANY_LEVEL_ROLES, ROLE_LEVEL, RoleGrant, is_known_role
from workflow_service.domain.units import Level

DOMAIN_ROLES = {
    "applicant", "commune_officer", "commune_chair", "district_officer", "district_council",
    "district_chair", "province_office", "province_advisory", "province_council", "province_chair",
    "ministry_office", "ministry_advisory", "central_council", "minister", "supervisor", "designer",
    "admin",
}  # fmt: skip


def test_every_role_of_the_domain_is_known() -> None:
    assert ALL_ROLES == DOMAIN_ROLES
    assert all(is_known_role(role) for role in DOMAIN_ROLES)
    assert not is_known_role("district_admin")
    assert roles.PROVINCE_CHAIR == "province_chair"


@pytest.mark.parametrize(
    ("role", "level"),
    [
        ("applicant", Level.COMMUNE),
        ("commune_officer", Level.COMMUNE),
        ("commune_chair", Level.COMMUNE),
        ("district_officer", Level.DISTRICT),
        ("district_council", Level.DISTRICT),
        ("district_chair", Level.DISTRICT),
        ("province_office", Level.PROVINCE),
        ("province_advisory", Level.PROVINCE),
        ("province_council", Level.PROVINCE),
        ("province_chair", Level.PROVINCE),
        ("ministry_office", Level.CENTRAL),
        ("ministry_advisory", Level.CENTRAL),
        ("central_council", Level.CENTRAL),
        ("minister", Level.CENTRAL),
    ],
)
def test_unit_bound_roles_are_held_at_their_level(role: str, level: Level) -> None:
    assert ROLE_LEVEL[role] is level
    assert RoleGrant(role, "x").level is level


def test_supervisor_designer_admin_are_held_at_any_level() -> None:
    assert ANY_LEVEL_ROLES == {"supervisor", "designer", "admin"}
    assert not ANY_LEVEL_ROLES & ROLE_LEVEL.keys()
    assert RoleGrant.parse("supervisor@42").level is None


def test_grant_parses_role_at_unit() -> None:
    grant = RoleGrant.parse("commune_officer@18100")
    assert grant == RoleGrant("commune_officer", "18100")
    assert str(grant) == "commune_officer@18100"
    assert RoleGrant.parse(" province_chair @ 42 ") == RoleGrant("province_chair", "42")


@pytest.mark.parametrize("text", ["commune_officer", "commune_officer@", "@18100", "", "a@b@c", "minister 42"])
def test_grant_with_bad_format_is_rejected(text: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        RoleGrant.parse(text)
    assert caught.value.status == 422


def test_grant_with_unknown_role_is_rejected() -> None:
    with pytest.raises(ValidationFailed, match="huyen_officer"):
        RoleGrant.parse("huyen_officer@436")
