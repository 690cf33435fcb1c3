"""API of the audit trail: read-only, scoped to the reader's subtrees."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from shequ.accounts.roles import VIEW_AUDIT
from shequ.core.models import AuditEvent

from .base import ScopedViewSet
from .filters import AuditEventFilterSet
from .serializers import AuditEventSerializer


@extend_schema_view(
    list=extend_schema(description="Audit rows in the reader's subtrees, newest first."),
    retrieve=extend_schema(description="One audit row."),
)
class AuditEventApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Audit rows about objects inside the subtrees where the user may read the trail."""

    queryset = AuditEvent.objects.none()
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilterSet
    action_perms = {"list": VIEW_AUDIT, "retrieve": VIEW_AUDIT}

    def get_queryset(self):
        return AuditEvent.objects.visible_to(self.request.user, VIEW_AUDIT)
