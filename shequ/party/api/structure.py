"""API of the organisation tree (R-ORG-2, R-ORG-6) and its structural findings (R-ORG-3), read
only: /api/v1/party/orgs/, /orgs/<pk>/ with the committee seats, /orgs/<pk>/findings/."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import VIEW_PARTY
from shequ.core.api.base import ScopedViewSet

from ..choices import OrgKind
from ..models import CommitteeSeat, PartyOrg
from ..selectors.orgs import org_list_for
from ..selectors.structure import org_seats, structure_report_for


class OrgSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    node_name = serializers.CharField(source="node.name", read_only=True)
    parent = serializers.SerializerMethodField()

    class Meta:
        model = PartyOrg
        fields = ["id", "code", "name", "kind", "kind_display", "depth", "parent", "node",
                  "node_name", "team", "is_joint", "units", "established_on", "dissolved_on",
                  "term_started_on", "term_ends_on"]  # fmt: skip

    def get_parent(self, obj) -> int | None:
        """The parent's id, derived from the path (no query per row)."""
        parents = self.context.get("parents", {})
        return parents.get(obj.path[: -obj.steplen]) if obj.depth > 1 else None


class SeatSerializer(serializers.ModelSerializer):
    post_display = serializers.CharField(source="get_post_display", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)

    class Meta:
        model = CommitteeSeat
        fields = ["id", "post", "post_display", "source", "source_display", "name", "unit",
                  "started_on", "ended_on"]  # fmt: skip


class OrgDetailSerializer(OrgSerializer):
    seats = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()
    full_members = serializers.SerializerMethodField()

    class Meta(OrgSerializer.Meta):
        fields = [*OrgSerializer.Meta.fields, "members", "full_members", "seats"]

    def get_seats(self, obj) -> list[dict]:
        return SeatSerializer(org_seats(obj), many=True).data

    def get_members(self, obj) -> int | None:
        facts = self.context.get("facts")
        return facts.members if facts else None

    def get_full_members(self, obj) -> int | None:
        facts = self.context.get("facts")
        return facts.full if facts else None


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField(source="code")
    label = serializers.CharField()
    org = serializers.IntegerField(source="org.pk", allow_null=True, default=None)
    org_name = serializers.CharField(source="org.name", default="")
    node = serializers.IntegerField(source="node.pk", allow_null=True, default=None)
    node_name = serializers.CharField(source="node.name", default="")
    numbers = serializers.DictField()
    message = serializers.CharField()


@extend_schema_view(
    list=extend_schema(
        description="Party organisations the user sees, in tree order.",
        parameters=[
            OpenApiParameter("q", str, description="Name (contains) or code (exact)."),
            OpenApiParameter("kind", str, enum=OrgKind.values, description="Form."),
        ],
    ),
    retrieve=extend_schema(description="One organisation with its members count and seats."),
)
class OrgApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The organisation tree, scoped by VIEW_PARTY."""

    queryset = PartyOrg.objects.none()
    serializer_class = OrgSerializer
    keyset_ordering = ("path",)
    action_perms = {"list": VIEW_PARTY, "retrieve": VIEW_PARTY, "findings": VIEW_PARTY}

    def get_queryset(self):
        params = self.request.query_params
        kind = params.get("kind", "")
        return org_list_for(
            user=self.request.user,
            q=params.get("q", "").strip(),
            kind=kind if kind in OrgKind.values else "",
            include_dissolved=self.action != "list",
        )

    def _parents(self, orgs) -> dict[str, int]:
        """Parent ids by path for these organisations (one query), parents the user sees."""
        paths = {org.path[: -org.steplen] for org in orgs if org.depth > 1}
        if not paths:
            return {}
        return dict(
            PartyOrg.objects.visible_to(self.request.user, VIEW_PARTY)
            .filter(path__in=paths)
            .values_list("path", "id")
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {**self.get_serializer_context(), "parents": self._parents(page)}
        return self.get_paginated_response(OrgSerializer(page, many=True, context=context).data)

    def retrieve(self, request, *args, **kwargs):
        org = self.get_object()
        report = structure_report_for(user=request.user, root=org, today=timezone.localdate())
        context = {**self.get_serializer_context(), "facts": report.facts_of(org)}
        context["parents"] = self._parents([org])
        return Response(OrgDetailSerializer(org, context=context).data)

    @extend_schema(
        description="The structural findings (R-ORG-3) of the organisation and everything "
        "under it: rule, subject and the numbers behind each.",
        responses=FindingSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def findings(self, request, pk=None):
        org = self.get_object()
        report = structure_report_for(user=request.user, root=org, today=timezone.localdate())
        return Response(FindingSerializer(report.findings, many=True).data)


router = SimpleRouter(use_regex_path=False)
router.register("orgs", OrgApi, basename="party-org")

urlpatterns = router.urls
