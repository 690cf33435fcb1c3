"""django-rules predicates shared by every app's rules.py."""

import rules

from shequ.core.scope import in_scope, scope_paths


def role_perm(perm: str):
    """True when the user holds a role granting ``perm`` — over the object, if one is given."""

    @rules.predicate(name=f"role_perm:{perm}")
    def predicate(user, obj=None):
        if obj is None:
            return bool(scope_paths(user, perm))
        return in_scope(user, perm, obj)

    return predicate
