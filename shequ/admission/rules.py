"""May this user take this step on this work item? Roles in scope (accounts.roles): the
deciding level's admins request and decide; a community's staff see the admitted items that
apply to their community."""

import rules

from shequ.accounts.predicates import role_perm
from shequ.accounts.roles import DECIDE_ITEM, REQUEST_ITEM, VIEW_ITEM
from shequ.core.scope import scope_q


@rules.predicate
def applies_to_own_community(user, item=None):
    if item is None or item.approved_at is None:
        return False
    return item.links.filter(scope_q(user, VIEW_ITEM, "community__path")).exists()


rules.add_perm(VIEW_ITEM, role_perm(VIEW_ITEM) | applies_to_own_community)
for _perm in (REQUEST_ITEM, DECIDE_ITEM):
    rules.add_perm(_perm, role_perm(_perm))
