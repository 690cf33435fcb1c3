"""API of branch meetings (R-PM-5): /meetings/ (the calendar, filtered as the page; POST to
schedule), /meetings/<id>/ (with attendance counts, and the roll for those who may read the
member register) and /meetings/behind-schedule/?today= (organisations behind schedule)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import RECORD_PARTY, VIEW_PARTY
from shequ.core.api.base import ScopedPrimaryKeyRelatedField, ScopedViewSet

from ..models import Meeting, MeetingKind, MeetingStatus
from ..selectors import meetings as selectors
from ..services import meetings as services


class MeetingSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "org", "org_name", "kind", "title", "scheduled_at", "place", "status",
                  "held_at", "lecturer", "cancel_reason"]  # fmt: skip


class RollLineSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.pk")
    member_name = serializers.CharField(source="member.person.name")
    status = serializers.CharField()


class ResolutionSerializer(serializers.Serializer):
    text = serializers.CharField()
    votes_for = serializers.IntegerField()
    votes_against = serializers.IntegerField()
    votes_abstain = serializers.IntegerField()
    voters_due = serializers.IntegerField()
    adopted = serializers.BooleanField()


class MeetingDetailSerializer(MeetingSerializer):
    minutes = serializers.CharField(read_only=True)
    counts = serializers.SerializerMethodField()
    roll = serializers.SerializerMethodField()
    resolutions = ResolutionSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "minutes", "counts", "roll", "resolutions"]

    def _roll(self, meeting):
        if not hasattr(meeting, "_roll_cache"):
            user = self.context["request"].user
            meeting._roll_cache = (
                selectors.meeting_roll(meeting)
                if selectors.may_see_roll(user, meeting)
                else (None, None)
            )
        return meeting._roll_cache

    def get_counts(self, meeting) -> dict | None:
        return self._roll(meeting)[1]

    def get_roll(self, meeting) -> list[dict] | None:
        roll = self._roll(meeting)[0]
        return None if roll is None else RollLineSerializer(roll, many=True).data


@extend_schema_field(OpenApiTypes.INT)
class OrgPkField(ScopedPrimaryKeyRelatedField):
    """An organisation's id, among those the user may schedule meetings for."""


class ScheduleSerializer(serializers.Serializer):
    org = OrgPkField(selector=lambda user: selectors.meeting_orgs_for(user=user, perm=RECORD_PARTY))
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    title = serializers.CharField(max_length=200)
    scheduled_at = serializers.DateTimeField()
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    lecturer = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class ShortfallSerializer(serializers.Serializer):
    kind = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    held = serializers.IntegerField()
    at_least = serializers.IntegerField()
    text = serializers.CharField()


class BehindSerializer(serializers.Serializer):
    org = serializers.IntegerField(source="org.pk")
    org_name = serializers.CharField(source="org.name")
    shortfalls = ShortfallSerializer(many=True)


@extend_schema(tags=["party meetings"])
class MeetingApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Meetings of the organisations the user sees (VIEW_PARTY)."""

    queryset = Meeting.objects.none()
    action_perms = {"create": RECORD_PARTY, "behind_schedule": VIEW_PARTY}

    def get_queryset(self):
        params = self.request.query_params
        kind = params.get("kind", "")
        status_ = params.get("status", "")
        return selectors.meeting_list_for(
            user=self.request.user,
            kind=kind if kind in MeetingKind.values else "",
            status=status_ if status_ in MeetingStatus.values else "",
            q=params.get("q", "") if self.action == "list" else "",
        )

    def get_serializer_class(self):
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    @extend_schema(
        parameters=[OpenApiParameter("kind", str), OpenApiParameter("status", str),
                    OpenApiParameter("q", str)]
    )  # fmt: skip
    def list(self, request, *args, **kwargs):
        return self.paginate(self.get_queryset(), MeetingSerializer, ordering="-id")

    @extend_schema(request=ScheduleSerializer, responses={201: MeetingSerializer})
    def create(self, request):
        data = self.validated(ScheduleSerializer)
        meeting = services.meeting_schedule(actor=request.user, **data)
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("today", dt.date, description="As of (default: today)")],
        responses=BehindSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="behind-schedule")
    def behind_schedule(self, request):
        """Organisations whose held meetings in the last complete period fall short."""
        try:
            today = dt.date.fromisoformat(request.query_params.get("today", ""))
        except ValueError:
            today = timezone.localdate()
        report = selectors.behind_schedule_for(user=request.user, today=today)
        return Response(BehindSerializer(report, many=True).data)


router = SimpleRouter(use_regex_path=False)
router.register("meetings", MeetingApi, basename="party-meeting")
urlpatterns = router.urls
