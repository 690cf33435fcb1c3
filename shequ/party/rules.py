"""May this user do this to party records? Roles in scope (accounts.roles), and a member's own
record: a member reads his record and the tasks addressed to him without any staff role."""

import rules

from shequ.accounts.predicates import role_perm
from shequ.accounts.roles import (
    MANAGE_PARTY,
    MANAGE_RECRUITMENT,
    RECORD_PARTY,
    VIEW_CIRCUMSTANCES,
    VIEW_PARTY,
    VIEW_PARTY_MEMBER,
)


@rules.predicate
def is_own_member_record(user, member=None):
    """The member record (or a record naming ``member``) is the user's own person's."""
    if member is None or not getattr(user, "person_id", None):
        return False
    person_id = getattr(member, "person_id", None)
    if person_id is None and hasattr(member, "member"):
        person_id = member.member.person_id
    return person_id == user.person_id


rules.add_perm(VIEW_PARTY_MEMBER, role_perm(VIEW_PARTY_MEMBER) | is_own_member_record)
for _perm in (VIEW_PARTY, MANAGE_PARTY, RECORD_PARTY, MANAGE_RECRUITMENT, VIEW_CIRCUMSTANCES):
    rules.add_perm(_perm, role_perm(_perm))
