"""Roles of the OCOP chain and the unit level at which each is held."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ValidationFailed
from .units import Level

APPLICANT = "applicant"
COMMUNE_OFFICER = "commune_officer"
COMMUNE_CHAIR = "commune_chair"
DISTRICT_OFFICER = "district_officer"
DISTRICT_COUNCIL = "district_council"
DISTRICT_CHAIR = "district_chair"
PROVINCE_OFFICE = "province_office"
PROVINCE_ADVISORY = "province_advisory"
PROVINCE_COUNCIL = "province_council"
PROVINCE_CHAIR = "province_chair"
MINISTRY_OFFICE = "ministry_office"
MINISTRY_ADVISORY = "ministry_advisory"
CENTRAL_COUNCIL = "central_council"
MINISTER = "minister"
SUPERVISOR = "supervisor"
DESIGNER = "designer"
ADMIN = "admin"

ROLE_LEVEL: dict[str, Level] = {
    APPLICANT: Level.COMMUNE,
    COMMUNE_OFFICER: Level.COMMUNE,
    COMMUNE_CHAIR: Level.COMMUNE,
    DISTRICT_OFFICER: Level.DISTRICT,
    DISTRICT_COUNCIL: Level.DISTRICT,
    DISTRICT_CHAIR: Level.DISTRICT,
    PROVINCE_OFFICE: Level.PROVINCE,
    PROVINCE_ADVISORY: Level.PROVINCE,
    PROVINCE_COUNCIL: Level.PROVINCE,
    PROVINCE_CHAIR: Level.PROVINCE,
    MINISTRY_OFFICE: Level.CENTRAL,
    MINISTRY_ADVISORY: Level.CENTRAL,
    CENTRAL_COUNCIL: Level.CENTRAL,
    MINISTER: Level.CENTRAL,
}

# Held at a unit of any level; a supervisor sees the whole subtree of its unit.
ANY_LEVEL_ROLES: frozenset[str] = frozenset({SUPERVISOR, DESIGNER, ADMIN})

ALL_ROLES: frozenset[str] = frozenset(ROLE_LEVEL) | ANY_LEVEL_ROLES


def is_known_role(name: str) -> bool:
    return name in ALL_ROLES


@dataclass(frozen=True)
class RoleGrant:
    role: str
    unit_code: str

    @classmethod
    def parse(cls, text: str) -> RoleGrant:
        role, sep, unit_code = text.strip().partition("@")
        role, unit_code = role.strip(), unit_code.strip()
        if not sep or not role or not unit_code or "@" in unit_code:
            raise ValidationFailed(
                f"Role grant {text!r} must look like role@UNIT_CODE", {"role_grant": ["bad format"]}
            )
        if not is_known_role(role):
            raise ValidationFailed(f"Unknown role {role!r} in {text!r}", {"role": [f"unknown role {role}"]})
        return cls(role, unit_code)

    @property
    def level(self) -> Level | None:
        """The unit level the role is bound to; None for roles held at any level."""
        return ROLE_LEVEL.get(self.role)

    def __str__(self) -> str:
        return f"{self.role}@{self.unit_code}"

# The office that keeps a unit's yearly plan and its periodic reports, by the unit's level.
OFFICE_ROLE = {"province": PROVINCE_OFFICE, "district": DISTRICT_OFFICER, "commune": COMMUNE_OFFICER}
