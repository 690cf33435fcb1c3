"""Filters of the registry lists, one FilterSet per list for the page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.territory.filters import PkFilter, visible_node

from .choices import PersonStatus, ResidenceKind
from .models import Household, Person, PersonTag
from .selectors import person_search_q, tag_types_for


class SubtreeMixin:
    def filter_subtree(self, queryset, name, value: int):
        """Rows at node ``value`` or anywhere below it (one indexed prefix condition)."""
        node = visible_node(self.request, value)
        if node is None:
            return queryset.none()
        return queryset.filter(node__path__startswith=node.path)


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
        today = timezone.localdate()
        current = PersonTag.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today),
            person=OuterRef("pk"),
            valid_from__lte=today,
            tag__in=tag_types_for(user=user).filter(code=value),
        )
        return queryset.filter(Exists(current))


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
        today = timezone.localdate()
        now = Q(valid_from__lte=today) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        return queryset.filter(now) if value else queryset.exclude(now)
