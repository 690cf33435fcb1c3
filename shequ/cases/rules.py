"""May this user take this step on this case? Roles in scope (accounts.roles), plus the
requester for his own case and the handler's own user for a case sent to him."""

import rules

from shequ.accounts.predicates import role_perm
from shequ.accounts.roles import (
    APPROVE_CASE,
    CONFIGURE_CASES,
    DISPATCH_CASE,
    HANDLE_CASE,
    RECORD_CASE,
    VIEW_CASE,
)

RATE_CASE = "cases.rate_case"


@rules.predicate
def is_requester(user, case=None):
    return (
        case is not None
        and case.requester_user_id is not None
        and (case.requester_user_id == user.pk)
    )


@rules.predicate
def is_handler_user(user, case=None):
    handler = getattr(case, "handler", None) if case is not None else None
    return handler is not None and handler.user_id is not None and handler.user_id == user.pk


rules.add_perm(VIEW_CASE, role_perm(VIEW_CASE) | is_requester | is_handler_user)
rules.add_perm(HANDLE_CASE, role_perm(HANDLE_CASE) | is_handler_user)
for _perm in (RECORD_CASE, DISPATCH_CASE, APPROVE_CASE, CONFIGURE_CASES):
    rules.add_perm(_perm, role_perm(_perm))
# The requester rates his own case; a worker records a rating taken on a follow-up call.
rules.add_perm(RATE_CASE, is_requester | role_perm(DISPATCH_CASE))
# Adding files to a case: whoever records cases or handles this one (the requester attaches
# his at intake, through case_submit).
ATTACH_CASE = "cases.attach_case"
rules.add_perm(ATTACH_CASE, role_perm(RECORD_CASE) | role_perm(HANDLE_CASE) | is_handler_user)
