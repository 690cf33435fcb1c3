"""Filters of the node list, one FilterSet for the page and the API (STYLE.md)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.core.scope import subtree_q

from .choices import NodeKind
from .models import Node
from .selectors import node_list_for


def visible_node(request, pk: int) -> Node | None:
    """The node ``pk`` if the requesting user sees it. A filter naming any other node matches
    nothing (no 400): an answer must not tell a node outside the scope from a missing one."""
    if request is None:
        return None
    return node_list_for(user=request.user).filter(pk=pk).first()


class PkFilter(django_filters.Filter):
    """A whole-number id (the filter's ``method`` resolves it within the user's scope)."""

    field_class = forms.IntegerField


class NodeFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=NodeKind.choices)
    parent = PkFilter(label=_("parent"), method="filter_parent")
    q = django_filters.CharFilter(label=_("name or code"), method="filter_q")
    active = django_filters.BooleanFilter(label=_("active"), field_name="is_active")

    class Meta:
        model = Node
        fields = ["kind", "parent", "q", "active"]

    def filter_parent(self, queryset, name, value: int):
        """The children of node ``value``."""
        parent = visible_node(self.request, value)
        if parent is None:
            return queryset.none()
        return queryset.filter(subtree_q("path", parent.path), depth=parent.depth + 1)

    def filter_q(self, queryset, name, value: str):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))
