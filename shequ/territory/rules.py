"""May this role do this verb on the territory tree? Scope is checked on the object."""

import rules

from shequ.accounts.predicates import role_perm
from shequ.accounts.roles import CHANGE_NODE, VIEW_NODE

rules.add_perm(VIEW_NODE, role_perm(VIEW_NODE))
rules.add_perm(CHANGE_NODE, role_perm(CHANGE_NODE))
