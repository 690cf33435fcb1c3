"""API of the member engagement projects (R-PM-8): the counts for a period, team activities
and team memberships."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import RECORD_PARTY, VIEW_PARTY
from shequ.core.api.base import ScopedPrimaryKeyRelatedField, ScopedViewSet

from ..models import PartyMember, TeamActivity, TeamMembership
from ..selectors import engagement as selectors
from ..services import engagement as services


def _teams(user):
    return selectors.team_list_for(user=user)


def _members(user):
    return PartyMember.objects.visible_to(user, VIEW_PARTY).active()


class TeamActivitySerializer(serializers.ModelSerializer):
    team = ScopedPrimaryKeyRelatedField(selector=_teams)
    team_name = serializers.CharField(source="team.name", read_only=True)
    participants = ScopedPrimaryKeyRelatedField(selector=_members, many=True, required=False)
    person_times = serializers.IntegerField(min_value=1, required=False)

    class Meta:
        model = TeamActivity
        fields = ["id", "team", "team_name", "held_on", "title", "kind", "participants",
                  "person_times", "beneficiaries", "results"]  # fmt: skip


class TeamMembershipSerializer(serializers.ModelSerializer):
    team = ScopedPrimaryKeyRelatedField(selector=_teams)
    member = ScopedPrimaryKeyRelatedField(selector=_members)

    class Meta:
        model = TeamMembership
        fields = ["id", "team", "member", "joined_on", "left_on"]
        read_only_fields = ["left_on"]


class EndSerializer(serializers.Serializer):
    left_on = serializers.DateField()


def _period(params) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    field = serializers.DateField()
    start = field.to_internal_value(params["start"]) if params.get("start") else None
    end = field.to_internal_value(params["end"]) if params.get("end") else None
    return start or dt.date(today.year, 1, 1), end or dt.date(today.year, 12, 31)


def _community_row(row: dict) -> dict:
    community = row["community"]
    return {**row, "community": community.pk if community is not None else None}


_PERIOD = [OpenApiParameter("start", dt.date), OpenApiParameter("end", dt.date)]


@extend_schema_view(
    list=extend_schema(description="Team activities the user sees.", parameters=_PERIOD)
)
class TeamActivityApi(mixins.ListModelMixin, ScopedViewSet):
    queryset = TeamActivity.objects.none()
    serializer_class = TeamActivitySerializer
    action_perms = {"list": VIEW_PARTY, "create": RECORD_PARTY, "counts": VIEW_PARTY}

    def get_queryset(self):
        start, end = _period(self.request.query_params)
        return selectors.activity_list_for(
            user=self.request.user, start=start, end=end,
            q=self.request.query_params.get("q", ""),
        ).prefetch_related("participants")  # fmt: skip

    def create(self, request):
        data = self.validated(TeamActivitySerializer)
        activity = services.team_activity_record(actor=request.user, **data)
        return Response(TeamActivitySerializer(activity).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=_PERIOD, responses={200: dict})
    @action(detail=False, methods=["get"])
    def counts(self, request):
        """Per kind of team and per community: teams, members, activities, person-times."""
        start, end = _period(request.query_params)
        report = selectors.engagement_counts_for(user=request.user, start=start, end=end)
        return Response(
            {
                "start": start,
                "end": end,
                "by_kind": report["by_kind"],
                "by_community": [_community_row(r) for r in report["by_community"]],
                "total": report["total"],
            }
        )


class TeamMembershipApi(ScopedViewSet):
    queryset = TeamMembership.objects.none()
    serializer_class = TeamMembershipSerializer
    action_perms = {"create": RECORD_PARTY, "end": RECORD_PARTY}

    def get_queryset(self):
        return TeamMembership.objects.visible_to(self.request.user, VIEW_PARTY)

    def create(self, request):
        data = self.validated(TeamMembershipSerializer)
        row = services.team_membership_add(actor=request.user, **data)
        return Response(TeamMembershipSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EndSerializer, responses=TeamMembershipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        membership = self.get_object()
        data = self.validated(EndSerializer)
        row = services.team_membership_end(actor=request.user, membership=membership, **data)
        return Response(TeamMembershipSerializer(row).data)


router = SimpleRouter(use_regex_path=False)
router.register("team-activities", TeamActivityApi, basename="team-activity")
router.register("team-memberships", TeamMembershipApi, basename="team-membership")
urlpatterns = router.urls
