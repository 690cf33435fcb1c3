"""API of the disclosure board (公开栏): /board/ (what is public where the user stands,
?q=&kind=; POST a notice, staff) and /board/<id>/."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import RECORD_DELIBERATION, VIEW_PUBLIC
from shequ.core.api.base import ScopedPrimaryKeyRelatedField, ScopedViewSet

from ..models import Publication, PublicationKind
from ..selectors import board as selectors
from ..services.board import publish


class PublicationSerializer(serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)

    class Meta:
        model = Publication
        fields = ["id", "node", "node_name", "kind", "title", "body", "subject", "url",
                  "published_at", "until"]  # fmt: skip


@extend_schema_field(OpenApiTypes.INT)
class NoticeNodeField(ScopedPrimaryKeyRelatedField):
    """A node's id, among those where the user may post (RECORD_DELIBERATION)."""


class NoticeSerializer(serializers.Serializer):
    node = NoticeNodeField(selector=lambda user: selectors.notice_nodes_for(user=user))
    title = serializers.CharField(max_length=160)
    body = serializers.CharField(required=False, allow_blank=True, default="")
    until = serializers.DateField(required=False, allow_null=True, default=None)


@extend_schema(tags=["deliberation board"])
class PublicationApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Publications public to the user: his subtree and the nodes above it (VIEW_PUBLIC)."""

    queryset = Publication.objects.none()
    serializer_class = PublicationSerializer
    keyset_ordering = ("-published_at", "-id")
    action_perms = {"list": VIEW_PUBLIC, "retrieve": VIEW_PUBLIC, "create": RECORD_DELIBERATION}

    def get_queryset(self):
        params = self.request.query_params
        kind = params.get("kind", "")
        return selectors.publication_list_for(
            user=self.request.user, q=params.get("q", "") if self.action == "list" else "",
            kind=kind if kind in PublicationKind.values and self.action == "list" else "",
        )  # fmt: skip

    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("kind", str)])
    def list(self, request, *args, **kwargs):
        return self.paginate(self.get_queryset(), PublicationSerializer, ordering="-id")

    @extend_schema(request=NoticeSerializer, responses={201: PublicationSerializer})
    def create(self, request):
        """Post a plain notice (kind NOTICE) at a node of the user's subtree."""
        data = self.validated(NoticeSerializer)
        publication = publish(kind=PublicationKind.NOTICE, actor=request.user, **data)
        return Response(PublicationSerializer(publication).data, status=status.HTTP_201_CREATED)


router = SimpleRouter(use_regex_path=False)
router.register("board", PublicationApi, basename="deliberation-board")
urlpatterns = router.urls
