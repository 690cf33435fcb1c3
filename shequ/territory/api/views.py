"""API of the territory tree: list, read, create, rename, move, split, merge (R-ORG-1, 8)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from shequ.accounts.roles import CHANGE_NODE
from shequ.core.api.base import ScopedViewSet
from shequ.people.selectors import counts_by_child
from shequ.territory import services
from shequ.territory.filters import NodeFilterSet
from shequ.territory.models import Node
from shequ.territory.selectors import node_changes_for, node_list_for

from .serializers import (
    NodeChangeSerializer,
    NodeChildSerializer,
    NodeCreateSerializer,
    NodeDetailSerializer,
    NodeMergeSerializer,
    NodeMoveSerializer,
    NodeRenameSerializer,
    NodeSerializer,
    NodeSplitSerializer,
    with_parent_id,
)


@extend_schema_view(
    list=extend_schema(description="Nodes the user sees, in tree order."),
    retrieve=extend_schema(description="One node with its residents and households counts."),
)
class NodeApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Nodes of the territory tree the user sees, in tree order."""

    queryset = Node.objects.none()  # the model, for the schema; rows: get_queryset()
    filterset_class = NodeFilterSet
    keyset_ordering = "path"
    action_perms = {
        "create": CHANGE_NODE,
        "rename": CHANGE_NODE,
        "move": CHANGE_NODE,
        "split": CHANGE_NODE,
        "merge": CHANGE_NODE,
    }

    def get_queryset(self):
        return with_parent_id(node_list_for(user=self.request.user))

    def get_serializer_class(self):
        if self.action == "list":
            return NodeSerializer
        return NodeDetailSerializer

    def _detail(self, node, http_status=status.HTTP_200_OK):
        node = self.get_queryset().get(pk=node.pk)
        return Response(NodeDetailSerializer(node).data, status=http_status)

    def _require_on_parent(self, node: Node) -> None:
        """Changing what sits under a node's parent needs the right over the parent."""
        parent = Node.objects.get_parent(node)
        self.require(CHANGE_NODE, parent)

    @extend_schema(request=NodeCreateSerializer, responses={201: NodeDetailSerializer})
    def create(self, request):
        """Add a node under a parent the user may change."""
        data = self.validated(NodeCreateSerializer)
        # A root (district) may only be added by someone whose scope is the whole tree.
        self.require(CHANGE_NODE, data["parent"])
        extra = {"community_type": data["community_type"]} if data.get("community_type") else {}
        node = services.node_create(
            parent=data["parent"],
            kind=data["kind"],
            code=data["code"],
            name=data["name"],
            actor=request.user,
            **extra,
        )
        return self._detail(node, status.HTTP_201_CREATED)

    @extend_schema(request=NodeRenameSerializer, responses=NodeDetailSerializer)
    @action(detail=True, methods=["post"])
    def rename(self, request, pk=None):
        """Rename the node; the old name stays in its history."""
        node = self.get_object()
        self.require(CHANGE_NODE, node)
        data = self.validated(NodeRenameSerializer)
        services.node_rename(node=node, name=data["name"], actor=request.user)
        return self._detail(node)

    @extend_schema(request=NodeMoveSerializer, responses=NodeDetailSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the node and its subtree under another parent."""
        node = self.get_object()
        self.require(CHANGE_NODE, node)
        data = self.validated(NodeMoveSerializer)
        self.require(CHANGE_NODE, data["parent"])
        services.node_move(
            node=node, new_parent=data["parent"], actor=request.user, note=data["note"]
        )
        return self._detail(node)

    @extend_schema(request=NodeSplitSerializer, responses={201: NodeDetailSerializer})
    @action(detail=True, methods=["post"])
    def split(self, request, pk=None):
        """A new sibling of the same kind takes over the listed children; returns it."""
        node = self.get_object()
        self._require_on_parent(node)
        data = self.validated(NodeSplitSerializer)
        if not data["children"]:
            raise ValidationError({"children": [_("Choose the children that move.")]})
        new = services.node_split(
            node=node,
            code=data["code"],
            name=data["name"],
            children=data["children"],
            actor=request.user,
        )
        return self._detail(new, status.HTTP_201_CREATED)

    @extend_schema(request=NodeMergeSerializer, responses=NodeDetailSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge this node into ``target``: its children and people move, it is retired."""
        node = self.get_object()
        self.require(CHANGE_NODE, node)
        data = self.validated(NodeMergeSerializer)
        self.require(CHANGE_NODE, data["target"])
        target = services.node_merge(source=node, target=data["target"], actor=request.user)
        return self._detail(target)

    @extend_schema(responses=NodeChildSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"])
    def children(self, request, pk=None):
        """The children the user sees, with residents, floating residents and households."""
        node = self.get_object()
        queryset = self.get_queryset().filter(path__startswith=node.path, depth=node.depth + 1)
        return self.paginate(
            queryset, NodeChildSerializer, ordering="path", child_counts=counts_by_child(node)
        )

    @extend_schema(responses=NodeChangeSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """Who created, renamed, moved, split or merged this node (R-ORG-8)."""
        node = self.get_object()
        queryset = node_changes_for(user=request.user, node=node)
        return self.paginate(queryset, NodeChangeSerializer, ordering="-id")
