"""May this role do this verb on the registry? Scope is checked on the object."""

import rules

from shequ.accounts.predicates import role_perm
from shequ.accounts.roles import (
    CHANGE_PERSON,
    UNMASK_PERSON,
    VIEW_HOUSEHOLD,
    VIEW_PERSON,
    VIEW_SENSITIVE_TAGS,
)

for _perm in (VIEW_PERSON, CHANGE_PERSON, UNMASK_PERSON, VIEW_HOUSEHOLD, VIEW_SENSITIVE_TAGS):
    rules.add_perm(_perm, role_perm(_perm))
