"""May this user do this to a micro-project round? Staff by role in scope (accounts.roles);
what is public (rounds, projects, results) by ``deliberation.view_public``; an eligible
resident votes through a predicate on his person (services.ballots), not a role."""

import rules

from shequ.accounts.predicates import role_perm
from shequ.accounts.roles import MANAGE_PB, RECORD_PB, VIEW_PB

for _perm in (VIEW_PB, RECORD_PB, MANAGE_PB):
    rules.add_perm(_perm, role_perm(_perm))
