"""Filters of the registry lists, one FilterSet per list for the page and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from shequ.core.scope import subtree_q
from shequ.territory.filters import PkFilter, visible_node

from .choices import PersonStatus, ResidenceKind
from .models import Household, Person, PersonTag
from .selectors import person_search_q, persons_with_tag_q, tag_in_force_q


class SubtreeMixin:
    def filter_subtree(self, queryset, name, value: int):
        """Rows at node ``value`` or anywhere below it (one indexed prefix condition)."""
        node = visible_node(self.request, value)
        if node is None:
            return queryset.none()
        return queryset.filter(subtree_q("node__path", node.path))


class PersonFilterSet(SubtreeMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("search"),
        method="filter_q",
        help_text=_("Name, pinyin, initials, last four of the ID number, full ID or phone."),
    )
    tag = django_filters.CharFilter(label=_("tag"), method="filter_tag")
    residence_kind = django_filters.ChoiceFilter(
        label=_("residence"), choices=ResidenceKind.choices
    )
    status = django_filters.ChoiceFilter(label=_("status"), choices=PersonStatus.choices)
    node = PkFilter(label=_("address"), method="filter_subtree")

    class Meta:
        model = Person
        fields = ["q", "tag", "residence_kind", "status", "node"]

    def filter_q(self, queryset, name, value: str):
        value = value.strip()
        return queryset.filter(person_search_q(value)) if value else queryset

    def filter_tag(self, queryset, name, value: str):
        """Persons carrying the tag today; a tag the user may not see matches nobody."""
        user = getattr(self.request, "user", None)
        return queryset.filter(persons_with_tag_q(user=user, code=value))


class HouseholdFilterSet(SubtreeMixin, django_filters.FilterSet):
    node = PkFilter(label=_("address"), method="filter_subtree")
    number = django_filters.CharFilter(label=_("household number"))

    class Meta:
        model = Household
        fields = ["node", "number"]


class PersonTagFilterSet(django_filters.FilterSet):
    person = django_filters.NumberFilter(label=_("person"), field_name="person_id")
    tag = django_filters.CharFilter(label=_("tag"), field_name="tag__code")
    current = django_filters.BooleanFilter(label=_("current"), method="filter_current")

    class Meta:
        model = PersonTag
        fields = ["person", "tag", "current"]

    def filter_current(self, queryset, name, value: bool):
        now = tag_in_force_q()
        return queryset.filter(now) if value else queryset.exclude(now)
