"""Roles and the permissions each grants (R-PPL-3, issue 2). Scope comes from the node held."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    SUBDISTRICT_ADMIN = "subdistrict_admin", _("Subdistrict administrator")
    COMMUNITY_SECRETARY = "community_secretary", _("Community secretary")
    COMMUNITY_WORKER = "community_worker", _("Community worker")
    GRID_WORKER = "grid_worker", _("Grid worker")
    BRANCH_SECRETARY = "branch_secretary", _("Party branch secretary")
    PARTY_MEMBER = "party_member", _("Party member")
    RESIDENT = "resident", _("Resident")
    UNIT_CONTACT = "unit_contact", _("Unit contact")
    AUDITOR = "auditor", _("Auditor")


VIEW_NODE = "territory.view_node"
CHANGE_NODE = "territory.change_node"
VIEW_PERSON = "people.view_person"
CHANGE_PERSON = "people.change_person"
UNMASK_PERSON = "people.unmask_person"
VIEW_SENSITIVE_TAGS = "people.view_sensitive_tags"
VIEW_HOUSEHOLD = "people.view_household"
VIEW_AUDIT = "core.view_auditevent"
MANAGE_ROLES = "accounts.manage_roles"
IMPORT_SHEET = "sheets.import_sheet"
EXPORT_SHEET = "sheets.export_sheet"
VIEW_CASE = "cases.view_case"
RECORD_CASE = "cases.record_case"
DISPATCH_CASE = "cases.dispatch_case"
HANDLE_CASE = "cases.handle_case"
APPROVE_CASE = "cases.approve_case"
CONFIGURE_CASES = "cases.configure_cases"
REQUEST_ITEM = "admission.request_item"
DECIDE_ITEM = "admission.decide_item"
VIEW_ITEM = "admission.view_item"
VIEW_PARTY = "party.view_party"
VIEW_PARTY_MEMBER = "party.view_member"
MANAGE_PARTY = "party.manage_party"
RECORD_PARTY = "party.record_party"
MANAGE_RECRUITMENT = "party.manage_recruitment"
VIEW_CIRCUMSTANCES = "party.view_circumstances"
VIEW_PUBLIC = "deliberation.view_public"
PROPOSE = "deliberation.propose"
VIEW_DELIBERATION = "deliberation.view"
RECORD_DELIBERATION = "deliberation.record"
MANAGE_DELIBERATION = "deliberation.manage"
VIEW_PB = "pb.view"
RECORD_PB = "pb.record"
MANAGE_PB = "pb.manage"

_STAFF_PEOPLE = {
    VIEW_NODE,
    VIEW_PERSON,
    VIEW_HOUSEHOLD,
    CHANGE_PERSON,
    UNMASK_PERSON,
    VIEW_SENSITIVE_TAGS,
}
# Spreadsheets in and out (R-PPL-4): importing writes the registry of a community.
_SHEETS = {IMPORT_SHEET, EXPORT_SHEET}
# Residents' requests (R-CASE-2): workers take, dispatch and handle; secretaries and the
# levels above approve postponements and send-backs and close; grid workers take and handle.
_CASES_WORK = {VIEW_CASE, RECORD_CASE, DISPATCH_CASE, HANDLE_CASE}
_CASES_LEAD = _CASES_WORK | {APPROVE_CASE, CONFIGURE_CASES}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.DISTRICT_ADMIN: frozenset(
        _STAFF_PEOPLE | _SHEETS | _CASES_LEAD | {CHANGE_NODE, VIEW_AUDIT, MANAGE_ROLES}
    ),
    Role.SUBDISTRICT_ADMIN: frozenset(
        _STAFF_PEOPLE | _SHEETS | _CASES_LEAD | {CHANGE_NODE, VIEW_AUDIT, MANAGE_ROLES}
    ),
    Role.COMMUNITY_SECRETARY: frozenset(_STAFF_PEOPLE | _SHEETS | _CASES_LEAD | {CHANGE_NODE}),
    Role.COMMUNITY_WORKER: frozenset(_STAFF_PEOPLE | _SHEETS | _CASES_WORK),
    # A grid worker keeps his grid on the phone: he exports it, the community imports; he
    # records what he sees on his round and handles what is sent to him.
    Role.GRID_WORKER: frozenset(
        _STAFF_PEOPLE | {EXPORT_SHEET, VIEW_CASE, RECORD_CASE, HANDLE_CASE}
    ),
    # Party members, residents and unit contacts see their area's figures, not its people.
    Role.PARTY_MEMBER: frozenset({VIEW_NODE}),
    Role.RESIDENT: frozenset({VIEW_NODE}),
    Role.UNIT_CONTACT: frozenset({VIEW_NODE}),
    # The auditor reads everything in scope, the trail included, and never unmasks.
    Role.AUDITOR: frozenset(
        {
            VIEW_NODE,
            VIEW_PERSON,
            VIEW_HOUSEHOLD,
            VIEW_SENSITIVE_TAGS,
            VIEW_AUDIT,
            EXPORT_SHEET,
            VIEW_CASE,
        }  # fmt: skip
    ),
}

# Task admission (准入制, R-CASE-5): the district and subdistrict decide what departments may
# push down to communities and register the departments' requests; communities read the
# approved list; the auditor reads the register.
_ADMISSION = {
    Role.DISTRICT_ADMIN: {REQUEST_ITEM, DECIDE_ITEM, VIEW_ITEM},
    Role.SUBDISTRICT_ADMIN: {REQUEST_ITEM, DECIDE_ITEM, VIEW_ITEM},
    Role.COMMUNITY_SECRETARY: {VIEW_ITEM},
    Role.COMMUNITY_WORKER: {VIEW_ITEM},
    Role.AUDITOR: {VIEW_ITEM},
}
for _role, _perms in _ADMISSION.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _perms


# Party building (R-ORG-2 … R-PM-8). The organisation tree and its findings are read by every
# staff role; the member register (political status) by the staff who keep it; a branch
# secretary, holding his role on the territory his branch covers, runs his branch: members,
# meetings, recruits, dues, visits. What a member himself sees (his record, his tasks) is
# granted by party/rules.py, not by a role.
_PARTY_READ = {VIEW_PARTY, VIEW_PARTY_MEMBER}
_PARTY_RUN = _PARTY_READ | {MANAGE_PARTY, RECORD_PARTY, MANAGE_RECRUITMENT, VIEW_CIRCUMSTANCES}
_PARTY = {
    Role.DISTRICT_ADMIN: _PARTY_RUN,
    Role.SUBDISTRICT_ADMIN: _PARTY_RUN,
    Role.COMMUNITY_SECRETARY: _PARTY_RUN,
    Role.COMMUNITY_WORKER: _PARTY_READ | {RECORD_PARTY},
    Role.GRID_WORKER: {VIEW_PARTY},
    Role.BRANCH_SECRETARY: {VIEW_NODE} | _PARTY_RUN,
    Role.AUDITOR: _PARTY_READ | {VIEW_CIRCUMSTANCES},
}
ROLE_PERMISSIONS.setdefault(Role.BRANCH_SECRETARY, frozenset())
for _role, _perms in _PARTY.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _perms


# Residents decide (R-DLB-*, R-PB-*). What is made public — topics and their decisions, the
# disclosure board, micro-project rounds and their results — is read by everyone holding a
# role, in his subtree and at the nodes above it (core.scope.public_q). Residents and members
# propose and sign; what a body's member or an eligible voter may do is granted by the apps'
# rules.py from his person, not by a role. Staff read the bodies, meetings and rounds of their
# subtree; workers record (attendance, paper ballots, steps, progress); secretaries and the
# levels above run them.
_SELFGOV_READ = {VIEW_PUBLIC, VIEW_DELIBERATION, VIEW_PB}
_SELFGOV_RECORD = _SELFGOV_READ | {RECORD_DELIBERATION, RECORD_PB}
_SELFGOV_RUN = _SELFGOV_RECORD | {MANAGE_DELIBERATION, MANAGE_PB}
_SELFGOV = {
    Role.DISTRICT_ADMIN: _SELFGOV_RUN,
    Role.SUBDISTRICT_ADMIN: _SELFGOV_RUN,
    Role.COMMUNITY_SECRETARY: _SELFGOV_RUN,
    Role.COMMUNITY_WORKER: _SELFGOV_RECORD,
    Role.GRID_WORKER: _SELFGOV_READ,
    Role.BRANCH_SECRETARY: {VIEW_PUBLIC, PROPOSE},
    Role.PARTY_MEMBER: {VIEW_PUBLIC, PROPOSE},
    Role.RESIDENT: {VIEW_PUBLIC, PROPOSE},
    Role.UNIT_CONTACT: {VIEW_PUBLIC},
    Role.AUDITOR: _SELFGOV_READ,
}
for _role, _perms in _SELFGOV.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _perms


def roles_granting(perm: str) -> list[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]
