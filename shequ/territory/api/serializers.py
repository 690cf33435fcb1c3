"""Serializers of the territory API: shapes only, no writes (services do those)."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shequ.core.api.base import ScopedPrimaryKeyRelatedField
from shequ.people.selectors import counts_by_child
from shequ.territory.choices import CommunityType, NodeKind, SizeClass
from shequ.territory.models import Node, NodeChange
from shequ.territory.selectors import community_size_class, node_list_for


def visible_nodes(user):
    return node_list_for(user=user)


def with_parent_id(queryset):
    """Annotate ``parent_id`` (the row whose path is ours minus one step): one query for a
    whole page instead of one ``get_parent()`` per node."""
    parent = Node.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Node.steplen)
    ).values("pk")[:1]
    return queryset.annotate(parent_id=Subquery(parent))


class NodeField(ScopedPrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        super().__init__(selector=visible_nodes, queryset=Node.objects.none(), **kwargs)


class CountsSerializer(serializers.Serializer):
    residents = serializers.IntegerField()
    floating = serializers.IntegerField()
    households = serializers.IntegerField()


class NodeSerializer(serializers.ModelSerializer):
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)

    class Meta:
        model = Node
        fields = [
            "id",
            "kind",
            "code",
            "name",
            "is_active",
            "community_type",
            "depth",
            "path",
            "parent",
        ]
        read_only_fields = fields


class NodeDetailSerializer(NodeSerializer):
    counts = serializers.SerializerMethodField()
    size_class = serializers.SerializerMethodField()

    class Meta(NodeSerializer.Meta):
        fields = [*NodeSerializer.Meta.fields, "counts", "size_class"]
        read_only_fields = fields

    def _counts(self, node) -> dict:
        cache = self.context.setdefault("_counts", {})
        if node.pk not in cache:
            cache[node.pk] = counts_by_child(node)[""]
        return cache[node.pk]

    @extend_schema_field(CountsSerializer)
    def get_counts(self, node):
        return self._counts(node)

    @extend_schema_field(serializers.ChoiceField(choices=SizeClass.choices, allow_null=True))
    def get_size_class(self, node):
        """Communities only (R-ORG-1): small / medium / large by households."""
        if node.kind != NodeKind.COMMUNITY:
            return None
        return community_size_class(self._counts(node)["households"])


class NodeChildSerializer(NodeSerializer):
    counts = serializers.SerializerMethodField()

    class Meta(NodeSerializer.Meta):
        fields = [*NodeSerializer.Meta.fields, "counts"]
        read_only_fields = fields

    @extend_schema_field(CountsSerializer)
    def get_counts(self, node):
        empty = {"residents": 0, "floating": 0, "households": 0}
        return self.context["child_counts"].get(node.path, empty)


class NodeCreateSerializer(serializers.Serializer):
    parent = NodeField(allow_null=True)
    kind = serializers.ChoiceField(choices=NodeKind.choices)
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=100)
    community_type = serializers.ChoiceField(
        choices=CommunityType.choices, required=False, allow_blank=True
    )


class NodeRenameSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)


class NodeMoveSerializer(serializers.Serializer):
    parent = NodeField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NodeSplitSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=100)
    children = NodeField(many=True)


class NodeMergeSerializer(serializers.Serializer):
    target = NodeField()


class NodeChangeSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = NodeChange
        fields = [
            "id",
            "node",
            "kind",
            "at",
            "actor",
            "from_parent",
            "to_parent",
            "related",
            "old_path",
            "new_path",
            "old_name",
            "new_name",
            "note",
        ]
        read_only_fields = fields
