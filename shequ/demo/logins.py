"""The demo logins: one per role, where each holds its role, and their published password."""

from shequ.accounts.roles import Role

DEMO_PASSWORD = "Shequ@2026"  # noqa: S105 — the published password of the demo logins

# login, role, where: the district, or the first subdistrict / community / grid, the territory
# of the first community's first party branch, or the flat of the resident himself.
DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("district_admin", Role.DISTRICT_ADMIN, "district"),
    ("subdistrict_admin", Role.SUBDISTRICT_ADMIN, "subdistrict"),
    ("secretary", Role.COMMUNITY_SECRETARY, "community"),
    ("worker", Role.COMMUNITY_WORKER, "community"),
    ("grid_worker", Role.GRID_WORKER, "grid"),
    ("branch_secretary", Role.BRANCH_SECRETARY, "branch"),
    ("party_member", Role.PARTY_MEMBER, "community"),
    ("resident", Role.RESIDENT, "flat"),
    ("unit_contact", Role.UNIT_CONTACT, "community"),
    ("auditor", Role.AUDITOR, "district"),
]
