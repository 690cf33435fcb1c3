"""Filters of the audit trail (page and API)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from shequ.core.models import AuditAction, AuditEvent


class AuditEventFilterSet(django_filters.FilterSet):
    person = django_filters.NumberFilter(label=_("person"), field_name="person_id")
    object_type = django_filters.CharFilter(label=_("object type"))
    object_id = django_filters.CharFilter(label=_("object id"))
    actor_name = django_filters.CharFilter(label=_("actor"))
    action = django_filters.ChoiceFilter(label=_("action"), choices=AuditAction.choices)
    at = django_filters.IsoDateTimeFromToRangeFilter(
        label=_("time"), help_text=_("at_after / at_before, ISO 8601")
    )

    class Meta:
        model = AuditEvent
        fields = ["person", "object_type", "object_id", "actor_name", "action", "at"]
