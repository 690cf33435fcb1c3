"""Reads on the territory tree, always scoped."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404

from shequ.accounts.roles import VIEW_NODE

from .choices import SizeClass
from .models import Node


def node_list_for(*, user, perm: str = VIEW_NODE):
    return Node.objects.visible_to(user, perm)


def node_get_for(*, user, pk, perm: str = VIEW_NODE) -> Node:
    return get_object_or_404(node_list_for(user=user, perm=perm), pk=pk)


def node_roots_for(*, user, perm: str = VIEW_NODE):
    """The top nodes of the user's scope (where his roles sit)."""
    from shequ.core.scope import EVERYTHING, scope_paths

    paths = scope_paths(user, perm)
    if EVERYTHING in paths:
        return Node.objects.filter(depth=1)
    return Node.objects.filter(path__in=paths).order_by("path")


def community_size_class(households: int) -> str:
    """Size class by households; bounds from settings (R-ORG-1 default 1,000 / 3,000)."""
    small, medium = settings.SHEQU_COMMUNITY_SIZE_BOUNDS
    if households <= small:
        return SizeClass.SMALL
    if households <= medium:
        return SizeClass.MEDIUM
    return SizeClass.LARGE


def node_changes_for(*, user, node):
    """The history of one node (R-ORG-8), newest first, scoped."""
    from .models import NodeChange

    return (
        NodeChange.objects.visible_to(user, VIEW_NODE)
        .filter(node=node)
        .select_related("actor", "from_parent", "to_parent", "related")
        .order_by("-at", "-id")
    )
