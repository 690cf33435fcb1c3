"""May this role import or export sheets? Scope is checked on the community or area."""

import rules

from shequ.accounts.predicates import role_perm
from shequ.accounts.roles import EXPORT_SHEET, IMPORT_SHEET

for _perm in (IMPORT_SHEET, EXPORT_SHEET):
    rules.add_perm(_perm, role_perm(_perm))
