"""Row visibility: the ONE place that decides which rows a user may see (STYLE.md).

A user holds roles on territory nodes. A permission (``people.view_person``) is granted
by some roles; the user sees the subtrees (materialized-path prefixes) of the nodes where
he holds such a role. Every selector starts from ``Model.objects.visible_to(user, perm)``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

EVERYTHING = ""  # the empty prefix matches every path


def scope_paths(user, perm: str) -> list[str]:
    """Minimal list of path prefixes where ``user`` holds a role granting ``perm``."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    # getattr/setattr, not __dict__: request.user is a lazy wrapper around the user.
    cache = getattr(user, "_scope_cache", None)
    if cache is None:
        cache = {}
        user._scope_cache = cache
    if perm in cache:
        return cache[perm]
    if user.is_superuser:
        paths = [EVERYTHING]
    else:
        from shequ.accounts.roles import roles_granting

        held = getattr(user, "_scope_roles", None)
        if held is None:  # every active role with its path, read once per user object
            held = user._scope_roles = list(
                user.role_assignments.active().values_list("role", "node__path")
            )
        roles = set(roles_granting(perm))
        paths = sorted({path for role, path in held if role in roles})
    minimal: list[str] = []
    for path in paths:  # sorted: an ancestor comes before its descendants
        if not any(path.startswith(p) for p in minimal):
            minimal.append(path)
    cache[perm] = minimal
    return minimal


ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's path alphabet


def _successor(path: str) -> str | None:
    """The smallest path of the same length after every path that starts with ``path``."""
    chars = list(path)
    for i in range(len(chars) - 1, -1, -1):
        position = ALPHABET.index(chars[i])
        if position + 1 < len(ALPHABET):
            chars[i] = ALPHABET[position + 1]
            return "".join(chars[: i + 1])
    return None


def ancestor_paths(path: str) -> list[str]:
    """The paths of a node's ancestors and its own, root first (treebeard's steplen 4, as
    ``territory.Node.steplen``): where ``subtree_q`` looks down the tree, this looks up."""
    return [path[:end] for end in range(4, len(path) + 1, 4)]


def subtree_q(path_field: str, path: str) -> Q:
    """Rows whose path lies in the subtree of ``path``, as a range (path >= p AND path < next)
    rather than LIKE 'p%': SQLite's LIKE … ESCAPE cannot use the index, a range can."""
    upper = _successor(path)
    q = Q(**{f"{path_field}__gte": path})
    if upper is not None:
        q &= Q(**{f"{path_field}__lt": upper})
    return q


def scope_q(user, perm: str, path_field: str) -> Q:
    """A Q that keeps rows whose ``path_field`` lies in one of the user's subtrees."""
    paths = scope_paths(user, perm)
    if not paths:
        return Q(pk__in=[])
    if EVERYTHING in paths:
        return Q()
    q = Q()
    for path in paths:
        q |= subtree_q(path_field, path)
    return q


def path_in_scope(user, perm: str, path: str) -> bool:
    return any(path.startswith(p) for p in scope_paths(user, perm))


def public_q(user, perm: str, path_field: str) -> Q:
    """Rows made public to where the user stands: those in his subtrees (as ``scope_q``) and
    those kept at a node above one of his nodes — a resident holding his role in a grid reads
    his community's and subdistrict's board, not the next grid's."""
    paths = scope_paths(user, perm)
    above = sorted({a for path in paths for a in ancestor_paths(path)} - set(paths))
    q = scope_q(user, perm, path_field)
    return q | Q(**{f"{path_field}__in": above}) if above else q


def path_public_to(user, perm: str, path: str) -> bool:
    return any(path.startswith(p) or p.startswith(path) for p in scope_paths(user, perm))


class ScopedQuerySet(models.QuerySet):
    """QuerySet whose model names the path of the node it belongs to in ``scope_path``."""

    def visible_to(self, user, perm: str | None = None):
        model = self.model
        perm = perm or f"{model._meta.app_label}.view_{model._meta.model_name}"
        return self.filter(scope_q(user, perm, model.scope_path))

    def public_to(self, user, perm: str):
        """Rows public to the user: in his subtrees or at a node above his (``public_q``)."""
        return self.filter(public_q(user, perm, self.model.scope_path))


def obj_path(obj) -> str:
    """The territory path an object belongs to, following its model's ``scope_path``."""
    value = obj
    for part in obj.scope_path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return ""
    return value


def in_scope(user, perm: str, obj) -> bool:
    return path_in_scope(user, perm, obj_path(obj))


def in_public_scope(user, perm: str, obj) -> bool:
    path = obj_path(obj)
    return bool(path) and path_public_to(user, perm, path)
