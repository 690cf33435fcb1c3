"""API of a body's meetings (R-DLB-4): /meetings/ (filtered as the page; POST gives notice),
/meetings/<id>/ (agenda, quorum, motions; the roll for those who may see it),
/meetings/<id>/attendance/ (GET the roll with the quorum, POST marks), and the steps
/meetings/<id>/open/, /close/, /cancel/."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from shequ.accounts.roles import MANAGE_DELIBERATION, RECORD_DELIBERATION
from shequ.core.api.base import ScopedPrimaryKeyRelatedField, ScopedViewSet

from ..models import Meeting, MeetingStatus
from ..models.meetings import Attendance
from ..selectors import meetings as selectors
from ..services import meetings as services


class BodyMeetingSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "body", "body_name", "title", "starts_at", "place", "status",
                  "notice_given_at", "opened_at", "closed_at", "cancel_reason"]  # fmt: skip


class MeetingQuorumSerializer(serializers.Serializer):
    roll = serializers.IntegerField()
    present = serializers.IntegerField()
    proxies = serializers.IntegerField()
    needed = serializers.IntegerField()
    share = serializers.SerializerMethodField()
    met = serializers.BooleanField()

    def get_share(self, quorum) -> str:
        return str(quorum.share)


class MeetingRollLineSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField()
    attendance = serializers.CharField()
    proxy_holder = serializers.CharField()


class MeetingMotionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    method = serializers.CharField()
    threshold = serializers.CharField()
    status = serializers.CharField()


class BodyMeetingDetailSerializer(BodyMeetingSerializer):
    agenda = serializers.SerializerMethodField()
    minutes = serializers.CharField(read_only=True)
    quorum = serializers.SerializerMethodField()
    motions = serializers.SerializerMethodField()
    roll = serializers.SerializerMethodField()

    class Meta(BodyMeetingSerializer.Meta):
        fields = [
            *BodyMeetingSerializer.Meta.fields,
            "agenda",
            "minutes",
            "quorum",
            "motions",
            "roll",
        ]

    def get_agenda(self, meeting) -> list[str]:
        return [item.title for item in meeting.agenda.all()]

    def get_quorum(self, meeting) -> dict:
        return MeetingQuorumSerializer(services.meeting_quorum(meeting)).data

    def get_motions(self, meeting) -> list[dict]:
        return MeetingMotionSerializer(meeting.motions.order_by("id"), many=True).data

    def get_roll(self, meeting) -> list[dict] | None:
        """The roll by name: staff of the subtree and the body's members only (else null)."""
        if not selectors.may_see_roll(self.context["request"].user, meeting):
            return None
        return MeetingRollLineSerializer(selectors.meeting_roll(meeting), many=True).data


@extend_schema_field(OpenApiTypes.INT)
class BodyPkField(ScopedPrimaryKeyRelatedField):
    """A body's id, among those the user may run."""


class MeetingNoticeSerializer(serializers.Serializer):
    body = BodyPkField(
        selector=lambda user: selectors.bodies_for(user=user, perm=MANAGE_DELIBERATION)
    )
    title = serializers.CharField(max_length=120)
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    agenda = serializers.ListField(child=serializers.CharField(max_length=160), required=False,
                                   default=list)  # fmt: skip


class AttendanceMarkSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    attendance = serializers.ChoiceField(choices=[("", "—"), *Attendance.choices],
                                         allow_blank=True)  # fmt: skip
    proxy_holder = serializers.IntegerField(required=False, allow_null=True, default=None)


class AttendanceMarksSerializer(serializers.Serializer):
    marks = AttendanceMarkSerializer(many=True)


class MeetingAttendanceSerializer(serializers.Serializer):
    quorum = MeetingQuorumSerializer()
    roll = MeetingRollLineSerializer(many=True)


class MeetingCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


@extend_schema(tags=["deliberation meetings"])
class MeetingApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Meetings of the bodies the user sees (VIEW_DELIBERATION), and those he is on the roll
    of."""

    queryset = Meeting.objects.none()
    action_perms = {"create": MANAGE_DELIBERATION, "open": MANAGE_DELIBERATION,
                    "close": MANAGE_DELIBERATION, "cancel": MANAGE_DELIBERATION}  # fmt: skip

    def get_queryset(self):
        params = self.request.query_params
        status_ = params.get("status", "")
        return selectors.meeting_list_for(
            user=self.request.user,
            status=status_ if status_ in MeetingStatus.values else "",
            q=params.get("q", "") if self.action == "list" else "",
        )

    def get_serializer_class(self):
        return BodyMeetingDetailSerializer if self.action == "retrieve" else BodyMeetingSerializer

    @extend_schema(parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str)])
    def list(self, request, *args, **kwargs):
        return self.paginate(self.get_queryset(), BodyMeetingSerializer, ordering="-id")

    @extend_schema(request=MeetingNoticeSerializer, responses={201: BodyMeetingSerializer})
    def create(self, request):
        data = self.validated(MeetingNoticeSerializer)
        meeting = services.meeting_schedule(actor=request.user, **data)
        return Response(BodyMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    def _roll(self, meeting):
        return {"quorum": services.meeting_quorum(meeting), "roll": selectors.meeting_roll(meeting)}

    @extend_schema(methods=["GET"], request=None, responses=MeetingAttendanceSerializer)
    @extend_schema(
        methods=["POST"], request=AttendanceMarksSerializer, responses=MeetingAttendanceSerializer
    )
    @action(detail=True, methods=["get", "post"])
    def attendance(self, request, pk=None):
        """The roll with the quorum; POST marks attendance (RECORD_DELIBERATION)."""
        meeting = self.get_object()
        if not selectors.may_see_roll(request.user, meeting):
            raise PermissionDenied()
        if request.method == "POST":
            self.require(RECORD_DELIBERATION, meeting)
            marks = self.validated(AttendanceMarksSerializer)["marks"]
            services.attendance_record(actor=request.user, meeting=meeting, marks={
                m["person"]: (m["attendance"], m["proxy_holder"]) for m in marks
            })  # fmt: skip
        return Response(MeetingAttendanceSerializer(self._roll(meeting)).data)

    def _step(self, fn, **kwargs):
        meeting = fn(actor=self.request.user, meeting=self.get_object(), **kwargs)
        return Response(BodyMeetingSerializer(meeting).data)

    @extend_schema(request=None, responses=BodyMeetingSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        return self._step(services.meeting_open)

    @extend_schema(request=None, responses=BodyMeetingSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(services.meeting_close)

    @extend_schema(request=MeetingCancelSerializer, responses=BodyMeetingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._step(services.meeting_cancel, **self.validated(MeetingCancelSerializer))


router = SimpleRouter(use_regex_path=False)
router.register("meetings", MeetingApi, basename="deliberation-meeting")
urlpatterns = router.urls
