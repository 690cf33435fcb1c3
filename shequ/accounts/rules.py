"""Account verbs: who may grant roles, who may read the audit trail."""

import rules

from .predicates import role_perm
from .roles import MANAGE_ROLES, VIEW_AUDIT

rules.add_perm(MANAGE_ROLES, role_perm(MANAGE_ROLES))
rules.add_perm(VIEW_AUDIT, role_perm(VIEW_AUDIT))
