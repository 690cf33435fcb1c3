"""Serializers of the core API."""

from rest_framework import serializers

from shequ.core.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "actor_id",
            "actor_name",
            "ip",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "person_id",
            "node_path",
            "field",
            "reason",
            "changes",
            "row_count",
        ]
        read_only_fields = fields
